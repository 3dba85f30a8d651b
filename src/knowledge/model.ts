import { createHash } from "node:crypto";
import type { Phrasing } from "./corpus.js";
import { defaultFeatureOptions, type FeatureOptions, Featurizer } from "./features.js";
import { defaultTrainingOptions, SoftmaxRegression, type TrainingOptions } from "./logistic.js";
import type { Normalizer } from "./normalizer.js";

export interface ModelOptions {
  features: FeatureOptions;
  training: TrainingOptions;
  /** Sample weight of keywords and titles relative to a question. */
  keywordWeight: number;
}

export const defaultModelOptions: ModelOptions = {
  features: defaultFeatureOptions,
  training: defaultTrainingOptions,
  keywordWeight: 0.5,
};

/**
 * Bump when features.ts or logistic.ts change what a model computes: it is part of every cache
 * key, so that no model trained by older code is ever read back.
 */
export const modelFormat = 1;

/**
 * The supervised intent model: a softmax regression over the question's features, one class per
 * entry or intent and one (`null`, at index 0) for "decline".
 */
export class IntentModel {
  private readonly scratch: Float64Array;

  private constructor(
    /** Class labels; index 0 is null (decline). */
    readonly labels: (string | null)[],
    private readonly featurizer: Featurizer,
    private readonly regression: SoftmaxRegression,
  ) {
    this.scratch = new Float64Array(labels.length);
  }

  /** Class probabilities in `labels` order. The array is reused by the next call: copy what you keep. */
  probabilities(text: string): Float64Array {
    return this.regression.predict(this.featurizer.transform(text), this.scratch);
  }

  static train(corpus: Phrasing[], normalizer: Normalizer, options: ModelOptions): IntentModel {
    const labels = labelsOf(corpus);
    const index = new Map(labels.map((label, i) => [label, i]));
    const featurizer = new Featurizer(normalizer, options.features);
    const vectors = featurizer.fit(corpus.map((p) => p.text));
    const regression = SoftmaxRegression.train(
      vectors,
      corpus.map((p) => index.get(p.label) as number),
      labels.length,
      featurizer.size,
      options.training,
      corpus.map((p) => (p.kind === "keyword" ? options.keywordWeight : 1)),
    );
    return new IntentModel(labels, featurizer, regression);
  }

  /**
   * The model as one buffer: a length-prefixed JSON header (key, labels, feature names, idf), then
   * the weights and biases as 32-bit floats.
   */
  serialize(key: string): Buffer {
    const { names, idf } = this.featurizer.save();
    const header = Buffer.from(JSON.stringify({ key, labels: this.labels, names, idf: [...idf] }), "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const { weights, bias } = this.regression;
    return Buffer.concat([
      length,
      header,
      Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength),
      Buffer.from(bias.buffer, bias.byteOffset, bias.byteLength),
    ]);
  }

  /** Reads a serialized model back; null when the buffer is not one, or was made for another key. */
  static deserialize(
    buffer: Buffer,
    key: string,
    normalizer: Normalizer,
    options: ModelOptions,
  ): IntentModel | null {
    try {
      const length = buffer.readUInt32LE(0);
      const header = JSON.parse(buffer.subarray(4, 4 + length).toString("utf8")) as {
        key: string;
        labels: (string | null)[];
        names: string[];
        idf: number[];
      };
      if (header.key !== key) return null;
      const classes = header.labels.length;
      const features = header.names.length;
      const floats = buffer.subarray(4 + length);
      if (floats.byteLength !== (features * classes + classes) * 4) return null;
      // Copied into a fresh, aligned buffer: a Float32Array view needs a 4-byte-aligned offset.
      const all = new Float32Array(new Uint8Array(floats).buffer);
      const regression = new SoftmaxRegression(
        classes,
        features,
        all.subarray(0, features * classes),
        all.subarray(features * classes),
      );
      const featurizer = Featurizer.restore(
        normalizer,
        options.features,
        header.names,
        Float64Array.from(header.idf),
      );
      return new IntentModel(header.labels, featurizer, regression);
    } catch {
      return null;
    }
  }
}

/** null first, then every label in the order the corpus first names it. */
function labelsOf(corpus: Phrasing[]): (string | null)[] {
  const labels = new Set<string | null>([null]);
  for (const p of corpus) labels.add(p.label);
  return [...labels];
}

/**
 * Identifies a model: the same corpus, lexicon synonyms, options and model format give the same
 * key, and any change to one of them a new key.
 */
export function modelKey(corpus: Phrasing[], synonyms: unknown, options: ModelOptions): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ modelFormat, options, synonyms }));
  for (const p of corpus) hash.update(`\n${p.label ?? ""}\t${p.kind}\t${p.text}`);
  return hash.digest("hex");
}
