/**
 * Multinomial logistic regression over sparse, non-negative feature vectors: a small linear model
 * whose weights are learnt from the content's phrasings instead of set by hand.
 *
 * Written here rather than taken from a library: the JavaScript options (ml-logistic-regression,
 * natural's LogisticRegressionClassifier) are dense or one-vs-rest and train 10–100× slower on
 * tens of thousands of sparse n-gram features; this is ~100 lines of plain SGD.
 */

/** One example: feature indices (ascending, distinct) and their values. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

export interface TrainingOptions {
  /** Passes over the data. */
  epochs: number;
  /** Initial learning rate; decays as 1 / (1 + decay · t). */
  learningRate: number;
  decay: number;
  /** L2 penalty on the weights. */
  l2: number;
  /** Shuffling seed: the same data and seed give the same weights, bit for bit. */
  seed: number;
}

export const defaultTrainingOptions: TrainingOptions = {
  epochs: 6,
  learningRate: 1,
  decay: 0.0005,
  l2: 1e-5,
  seed: 7,
};

type Weights = Float32Array | Float64Array;

/**
 * A trained model: `weights[feature * classes + class]`, one bias per class. Kept in 32-bit floats:
 * half the memory and cache file, and a model read back from the cache is bit-identical to the trained one.
 */
export class SoftmaxRegression {
  constructor(
    readonly classes: number,
    readonly features: number,
    readonly weights: Float32Array,
    readonly bias: Float32Array,
  ) {}

  /** Class probabilities for one example, written into `out` (allocated when not given). */
  predict(x: SparseVector, out: Float64Array = new Float64Array(this.classes)): Float64Array {
    return scores(x, this.weights, this.bias, this.classes, this.features, out);
  }

  static train(
    examples: SparseVector[],
    labels: number[],
    classes: number,
    features: number,
    options: Partial<TrainingOptions> = {},
    sampleWeights?: number[],
  ): SoftmaxRegression {
    const o = { ...defaultTrainingOptions, ...options };
    const weights = new Float64Array(features * classes);
    const bias = new Float64Array(classes);
    const probabilities = new Float64Array(classes);
    const active = new Uint16Array(classes);
    const order = examples.map((_, i) => i);
    const random = mulberry32(o.seed);
    let step = 0;
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      shuffle(order, random);
      for (const i of order) {
        const x = examples[i] as SparseVector;
        const label = labels[i] as number;
        const rate = (o.learningRate * (sampleWeights?.[i] ?? 1)) / (1 + o.decay * step++);
        scores(x, weights, bias, classes, features, probabilities);
        // Gradient of the cross-entropy: p − y per class.
        for (let c = 0; c < classes; c++) {
          const gradient = (probabilities[c] as number) - (c === label ? 1 : 0);
          probabilities[c] = gradient;
          bias[c] = (bias[c] as number) - rate * gradient;
        }
        // Classes whose probability is already right contribute nothing worth a memory write:
        // after the first passes that is most of them, which makes later passes several times cheaper.
        let count = 0;
        for (let c = 0; c < classes; c++) {
          if (Math.abs(probabilities[c] as number) > 1e-4) active[count++] = c;
        }
        // The L2 shrink, too, touches only the rows and classes being updated (lazy regularisation).
        const shrink = 1 - rate * o.l2;
        for (let k = 0; k < x.indices.length; k++) {
          const row = (x.indices[k] as number) * classes;
          const delta = rate * (x.values[k] as number);
          for (let a = 0; a < count; a++) {
            const c = active[a] as number;
            weights[row + c] = (weights[row + c] as number) * shrink - delta * (probabilities[c] as number);
          }
        }
      }
    }
    return new SoftmaxRegression(classes, features, Float32Array.from(weights), Float32Array.from(bias));
  }
}

/** Softmax of the linear scores of one example, into `out`. */
function scores(
  x: SparseVector,
  weights: Weights,
  bias: Weights,
  classes: number,
  features: number,
  out: Float64Array,
): Float64Array {
  for (let c = 0; c < classes; c++) out[c] = bias[c] as number;
  for (let k = 0; k < x.indices.length; k++) {
    const index = x.indices[k] as number;
    if (index >= features) continue;
    const value = x.values[k] as number;
    const row = index * classes;
    for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + value * (weights[row + c] as number);
  }
  return softmax(out);
}

function softmax(values: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < values.length; c++) {
    const e = Math.exp((values[c] as number) - max);
    values[c] = e;
    sum += e;
  }
  for (let c = 0; c < values.length; c++) values[c] = (values[c] as number) / sum;
  return values;
}

/** Small seeded generator (Mulberry32): deterministic shuffles without a dependency. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
}
