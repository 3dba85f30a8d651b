import type { SparseVector } from "./logistic.js";
import type { Normalizer } from "./normalizer.js";
import { termOf } from "./text.js";

/**
 * Turns a question into the sparse vector the intent model reads: word stems, stem pairs and
 * character n-grams inside word boundaries ("char_wb"), each block TF-IDF weighted and scaled to
 * unit length. Character n-grams carry typos, dialect spellings and compound parts ("widaspruch",
 * "instagramm", "kitraining") that whole words miss.
 */
export interface FeatureOptions {
  /** Shortest and longest character n-gram (a word is padded with a space on each side). */
  charMin: number;
  charMax: number;
  /** Relative weight of each block after normalisation. */
  wordWeight: number;
  bigramWeight: number;
  charWeight: number;
}

// Chosen by leave-one-writer-out accuracy (bench/RESULTS.md): character n-grams weigh most.
export const defaultFeatureOptions: FeatureOptions = {
  charMin: 2,
  charMax: 5,
  wordWeight: 1.5,
  bigramWeight: 0.5,
  charWeight: 3,
};

// Emoji carry intent on their own ("👍", "🙏"); tokenize() drops them with the punctuation.
const emoji = /\p{Extended_Pictographic}/gu;

// Each feature's name starts with its block's letter: word stems, stem pairs, character n-grams.
const blockIndex: Record<string, number> = { w: 0, b: 1, c: 2 };

/** The raw features of a text: feature name → count. */
function extract(normalizer: Normalizer, text: string, options: FeatureOptions): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const words = normalizer.words(text);
  const stems = words.map((word) => termOf(word));
  for (const stem of stems) add(`w${stem}`);
  for (let i = 0; i + 1 < stems.length; i++) add(`b${stems[i]} ${stems[i + 1]}`);
  for (const word of words) {
    const padded = ` ${word} `;
    for (let n = options.charMin; n <= options.charMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(`c${padded.slice(i, i + n)}`);
    }
  }
  for (const symbol of text.match(emoji) ?? []) add(`w${symbol}`);
  return counts;
}

/** Feature vocabulary and inverse document frequencies, learnt from the training texts. */
export class Featurizer {
  private readonly index = new Map<string, number>();
  private idf: Float64Array = new Float64Array(0);
  private blockOf = new Uint8Array(0);
  private readonly blockWeights: number[];

  constructor(
    private readonly normalizer: Normalizer,
    readonly options: FeatureOptions = defaultFeatureOptions,
  ) {
    this.blockWeights = [options.wordWeight, options.bigramWeight, options.charWeight];
  }

  get size(): number {
    return this.index.size;
  }

  /** What `restore` needs: the feature names in index order and their idf. */
  save(): { names: string[]; idf: Float64Array } {
    return { names: [...this.index.keys()], idf: this.idf };
  }

  /** A featurizer fitted before (`save`), without seeing the training texts again. */
  static restore(
    normalizer: Normalizer,
    options: FeatureOptions,
    names: string[],
    idf: Float64Array,
  ): Featurizer {
    const featurizer = new Featurizer(normalizer, options);
    names.forEach((name, id) => {
      featurizer.index.set(name, id);
    });
    featurizer.idf = idf;
    featurizer.blockOf = Uint8Array.from(names, (name) => blockIndex[name[0] as string] as number);
    return featurizer;
  }

  /** Learns the vocabulary and idf from the training texts; returns their vectors. */
  fit(texts: string[]): SparseVector[] {
    const raw = texts.map((text) => extract(this.normalizer, text, this.options));
    const documentFrequency: number[] = [];
    const blockOf: number[] = [];
    for (const counts of raw) {
      for (const feature of counts.keys()) {
        let id = this.index.get(feature);
        if (id === undefined) {
          id = this.index.size;
          this.index.set(feature, id);
          blockOf.push(blockIndex[feature[0] as string] as number);
          documentFrequency.push(0);
        }
        documentFrequency[id] = (documentFrequency[id] as number) + 1;
      }
    }
    const n = texts.length;
    this.idf = Float64Array.from(documentFrequency, (df) => Math.log((n + 1) / (df + 1)) + 1);
    this.blockOf = Uint8Array.from(blockOf);
    return raw.map((counts) => this.vectorOf(counts));
  }

  transform(text: string): SparseVector {
    return this.vectorOf(extract(this.normalizer, text, this.options));
  }

  private vectorOf(counts: Map<string, number>): SparseVector {
    const indices = new Uint32Array(counts.size);
    const values = new Float32Array(counts.size);
    const norms = [0, 0, 0];
    let length = 0;
    for (const [feature, count] of counts) {
      const id = this.index.get(feature);
      if (id === undefined) continue;
      const value = (1 + Math.log(count)) * (this.idf[id] as number);
      indices[length] = id;
      values[length++] = value;
      const block = this.blockOf[id] as number;
      norms[block] = (norms[block] as number) + value * value;
    }
    const scales = norms.map((norm, block) =>
      norm > 0 ? (this.blockWeights[block] as number) / Math.sqrt(norm) : 0,
    );
    for (let k = 0; k < length; k++) {
      values[k] = (values[k] as number) * (scales[this.blockOf[indices[k] as number] as number] as number);
    }
    return { indices: indices.subarray(0, length), values: values.subarray(0, length) };
  }
}
