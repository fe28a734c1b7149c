import { Rng } from '../util/rng';

export interface Split {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * Seeded stratified split: each class is shuffled and cut separately, so every part keeps the
 * overall positive rate (±1 row). Same seed and labels → same split.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  fractions: { validation: number; test: number },
  seed: number,
): Split {
  if (fractions.validation < 0 || fractions.test < 0 || fractions.validation + fractions.test >= 1) {
    throw new Error('validation + test fractions must be ≥ 0 and < 1');
  }
  const rng = new Rng(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const cls = labels[i]!;
    let members = byClass.get(cls);
    if (!members) byClass.set(cls, (members = []));
    members.push(i);
  }
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle(byClass.get(cls)!);
    const nTest = Math.round(members.length * fractions.test);
    const nValidation = Math.round(members.length * fractions.validation);
    // A loop, not push(...slice): spreading more than ~120k arguments overflows the call stack.
    for (let j = 0; j < members.length; j++)
      (j < nTest ? test : j < nTest + nValidation ? validation : train).push(members[j]!);
  }
  // Interleave classes so mini-batches are mixed; the shuffle is seeded too.
  return {
    train: Int32Array.from(rng.shuffle(train)),
    validation: Int32Array.from(validation),
    test: Int32Array.from(test),
  };
}

/** Column means and standard deviations of the rows in `rows` (population sd; 1 where sd is 0). */
export function fitStandardizer(
  x: Float32Array,
  nFeatures: number,
  rows: Int32Array,
): { mean: number[]; std: number[] } {
  const mean = new Array<number>(nFeatures).fill(0);
  const sq = new Array<number>(nFeatures).fill(0);
  for (const r of rows) {
    for (let f = 0; f < nFeatures; f++) mean[f]! += x[r * nFeatures + f]!;
  }
  for (let f = 0; f < nFeatures; f++) mean[f]! /= Math.max(1, rows.length);
  for (const r of rows) {
    for (let f = 0; f < nFeatures; f++) sq[f]! += (x[r * nFeatures + f]! - mean[f]!) ** 2;
  }
  const std = sq.map((s) => Math.sqrt(s / Math.max(1, rows.length)) || 1);
  return { mean, std };
}

/** Gather `rows` of x into a new standardised [rows.length × nFeatures] matrix. */
export function gatherStandardized(
  x: Float32Array,
  nFeatures: number,
  rows: Int32Array,
  scale: { mean: number[]; std: number[] },
): Float32Array {
  const out = new Float32Array(rows.length * nFeatures);
  rows.forEach((r, i) => {
    for (let f = 0; f < nFeatures; f++) {
      out[i * nFeatures + f] = (x[r * nFeatures + f]! - scale.mean[f]!) / scale.std[f]!;
    }
  });
  return out;
}

export function gather(values: Float32Array, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length);
  rows.forEach((r, i) => (out[i] = values[r]!));
  return out;
}
