// The datasets the arena trains on. Pure data + z-scoring: no I/O, no randomness, so the
// server, the pages and the numpy reference (tests/reference/gd_reference.py, which holds a
// copy of these numbers) all see exactly the same floats.

export const DATASET_IDS = ["lesson", "housing"] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

export interface Dataset {
  /** A built-in DatasetId, or an instructor's stored dataset's id (lib/datasets/custom-dataset.ts). */
  id: string;
  /** Number of samples. */
  n: number;
  /** Number of features. */
  d: number;
  /** n*d, row-major: features[i*d + j] is feature j of sample i. */
  features: Float64Array;
  labels: Float64Array;
  initialWeights: Float64Array;
  initialBias: number;
  featureNames: string[];
  standardized: boolean;
}

export function isDatasetId(value: unknown): value is DatasetId {
  return typeof value === "string" && (DATASET_IDS as readonly string[]).includes(value);
}

interface RawDataset {
  rows: readonly (readonly number[])[];
  labels: readonly number[];
  initialWeights: readonly number[];
  initialBias: number;
  featureNames: readonly string[];
}

const RAW: Record<DatasetId, RawDataset> = {
  // The lesson verbatim: one sample, w = np.ones((1, 2)) / 2, b = 0.
  lesson: {
    rows: [[28.1, 58.0]],
    labels: [165],
    initialWeights: [0.5, 0.5],
    initialBias: 0,
    featureNames: ["x1", "x2"],
  },
  // Flat prices (thousands) from area, rooms and age. Generated once offline as
  // 2.8*area + 15*rooms - 1.2*age + 40 + fixed noise, rounded to 0.1, then frozen here.
  // The scales differ by ~100x (area ~50-200 vs rooms 1-5), so the raw Hessian has a
  // condition number ~2e5: the stable lr is ~6.3e-5 and 100 steps get nowhere, while the
  // z-scored version converges in ~70 steps at lr = 0.1 (lambda spread ~1.0..3.2).
  housing: {
    rows: [
      [52, 3, 35],
      [68, 1, 12],
      [75, 2, 48],
      [83, 4, 5],
      [95, 2, 22],
      [104, 3, 60],
      [118, 1, 15],
      [127, 5, 40],
      [140, 2, 8],
      [155, 4, 30],
      [172, 3, 18],
      [196, 4, 50],
    ],
    labels: [194.6, 222.0, 226.4, 323.4, 320.6, 297.2, 369.4, 410.6, 460.4, 503.0, 541.0, 589.8],
    initialWeights: [0.5, 0.5, 0.5],
    initialBias: 0,
    featureNames: ["area_m2", "rooms", "age_years"],
  },
};

export interface StandardizedFeatures {
  features: Float64Array;
  /** Subtracted from each column (0 for a zero-spread column). */
  means: Float64Array;
  /** Each centred column is divided by this. */
  scales: Float64Array;
}

/**
 * Per-feature z-score with the population std (ddof 0, like np.std's default).
 *
 * A column with zero spread (every value identical, which is always the case for a single
 * sample) has no std to divide by, and centring it would erase it. Such a column is instead
 * divided by its root-mean-square and not centred, so it keeps its sign and becomes +-1:
 * the one-sample lesson turns into x = [1, 1] (sqrt(x*x) === |x| exactly in IEEE doubles).
 * An all-zero column is left as is. Labels are never scaled (the loss stays in label units).
 */
export function standardizeFeatures(features: ArrayLike<number>, n: number, d: number): StandardizedFeatures {
  if (features.length !== n * d) throw new RangeError(`expected ${n * d} feature values, got ${features.length}`);
  const out = new Float64Array(n * d);
  const means = new Float64Array(d);
  const scales = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const first = features[j]!;
    let constant = true;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = features[i * d + j]!;
      sum += v;
      if (v !== first) constant = false;
    }
    let mean = 0;
    let scale = 1;
    if (constant) {
      // Zero spread is decided exactly (all equal), not by a computed std that rounding
      // could make slightly non-zero.
      let squares = 0;
      for (let i = 0; i < n; i++) squares += features[i * d + j]! * features[i * d + j]!;
      const rms = Math.sqrt(squares / n);
      if (rms > 0) scale = rms;
    } else {
      mean = sum / n;
      let squares = 0;
      for (let i = 0; i < n; i++) {
        const c = features[i * d + j]! - mean;
        squares += c * c;
      }
      scale = Math.sqrt(squares / n);
    }
    means[j] = mean;
    scales[j] = scale;
    for (let i = 0; i < n; i++) out[i * d + j] = (features[i * d + j]! - mean) / scale;
  }
  return { features: out, means, scales };
}

/** A fresh copy every call: callers may mutate what they get without affecting anyone. */
export function getDataset(id: DatasetId, options: { standardized?: boolean } = {}): Dataset {
  const raw = RAW[id];
  if (!raw) throw new RangeError(`unknown dataset: ${String(id)}`);
  const n = raw.rows.length;
  const d = raw.initialWeights.length;
  const features = new Float64Array(n * d);
  raw.rows.forEach((row, i) => features.set(row, i * d));
  const standardized = options.standardized === true;
  return {
    id,
    n,
    d,
    features: standardized ? standardizeFeatures(features, n, d).features : features,
    labels: Float64Array.from(raw.labels),
    initialWeights: Float64Array.from(raw.initialWeights),
    initialBias: raw.initialBias,
    featureNames: [...raw.featureNames],
    standardized,
  };
}
