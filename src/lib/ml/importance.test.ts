import { describe, it, expect } from 'vitest';
import { permutationImportance } from './importance';
import { auc } from './metrics';
import { Rng } from '../util/rng';

describe('permutationImportance', () => {
  // y depends on feature a only; b is noise; c is a constant column.
  const rng = new Rng(5);
  const n = 400;
  const x = new Float32Array(n * 3);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i * 3] = rng.next();
    x[i * 3 + 1] = rng.next();
    x[i * 3 + 2] = 1;
    y[i] = x[i * 3]! > 0.5 ? 1 : 0;
  }
  // A "model" that reads feature a only.
  const predict = async (m: Float32Array, rows: number) => Float32Array.from({ length: rows }, (_, i) => m[i * 3]!);

  it('finds the feature the model uses, and zero for the ones it ignores', async () => {
    const imp = await permutationImportance(predict, x, y, n, ['a', 'b', 'c'], auc, { repeats: 3, seed: 1 });
    expect(imp.map((f) => f.feature)).toEqual(['a', 'b', 'c']);
    // Baseline AUC is 1; shuffling a leaves an AUC near 0.5, so the drop is near 0.5.
    expect(imp[0]!.importance).toBeGreaterThan(0.4);
    expect(imp[0]!.importance).toBeLessThan(0.6);
    expect(imp[1]).toEqual({ feature: 'b', importance: 0, sd: 0 });
    expect(imp[2]).toEqual({ feature: 'c', importance: 0, sd: 0 });
  });

  it('leaves the input untouched and repeats exactly with the same seed', async () => {
    const copy = new Float32Array(x);
    const a = await permutationImportance(predict, x, y, n, ['a', 'b', 'c'], auc, { seed: 9 });
    const b = await permutationImportance(predict, x, y, n, ['a', 'b', 'c'], auc, { seed: 9 });
    expect(a).toEqual(b);
    expect(x).toEqual(copy);
  });
});
