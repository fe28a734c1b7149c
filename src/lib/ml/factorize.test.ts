import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { factorizeMatrix } from './factorize';
import { bucketRows, hasEntry, toCsr } from './factorize-layout';
import { sampleTriples } from './factorize-bpr';
import { disposeSide, gatherSide, solveSide, uploadSide } from './factorize-als';
import { Rng } from '../util/rng';
import { transferablesOf } from '../protocol/training';
import type { FactorizeRequest } from './models/factorization';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cpu = { name: 'cpu' as const, reasons: [] };
const quiet = { onEpoch: () => {} };

/** One ALS user half-step (users from fixed items), through the same tensors the trainer uses. */
async function userHalfStep(
  pairs: { users: number[]; items: number[]; weights: number[] },
  shape: { nUsers: number; nItems: number; f: number },
  x0: number[],
  y: number[],
  opts: { alpha: number; lambda: number; cgSteps: number },
): Promise<Float32Array> {
  const csr = toCsr(
    Int32Array.from(pairs.users),
    Int32Array.from(pairs.items),
    Float32Array.from(pairs.weights),
    shape.nUsers,
    shape.nItems,
  );
  const side = uploadSide(tf, bucketRows(csr), opts.alpha);
  const users = tf.tensor2d(x0, [shape.nUsers, shape.f]);
  const items = tf.tensor2d(y, [shape.nItems, shape.f]);
  const gathered = gatherSide(tf, side, items);
  const next = solveSide(tf, side, gathered, users, items, opts.lambda, opts.cgSteps);
  const out = (await next.data()) as Float32Array;
  tf.dispose([users, items, next, ...gathered]);
  disposeSide(side);
  return out;
}

/** Gaussian elimination with partial pivoting on a dense n × n system (test reference only). */
function solveDense(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const k = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[r]![j]! -= k * m[c]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let j = r + 1; j < n; j++) s -= m[r]![j]! * x[j]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

describe('ALS half-step (conjugate gradient)', () => {
  it('matches a hand-solved case with one factor', async () => {
    // f = 1, items y = 1, 2, 3, λ = 0.5, α = 2; YᵀY = 1 + 4 + 9 = 14.
    // User 0 bought item 0 once and item 2 twice: c = 3 and 5.
    //   A = 14 + 0.5 + (3−1)·1² + (5−1)·3² = 52.5, b = 3·1 + 5·3 = 18, x = 18/52.5 = 0.342857.
    // User 1 bought item 1 three times: c = 7. A = 14.5 + 6·2² = 38.5, b = 7·2 = 14, x = 0.363636.
    // User 2 bought nothing: b = 0, x = 0. With f = 1 a single CG step is exact from any start.
    const x = await userHalfStep(
      { users: [0, 0, 1], items: [0, 2, 1], weights: [1, 2, 3] },
      { nUsers: 3, nItems: 3, f: 1 },
      [0.2, -0.4, 0.7],
      [1, 2, 3],
      { alpha: 2, lambda: 0.5, cgSteps: 1 },
    );
    expect(x[0]).toBeCloseTo(18 / 52.5, 5);
    expect(x[1]).toBeCloseTo(14 / 38.5, 5);
    expect(x[2]).toBeCloseTo(0, 6);
  });

  it('with f CG steps equals the exact per-user solve of the normal equations', async () => {
    const rng = new Rng(5);
    const [nUsers, nItems, f, alpha, lambda] = [6, 7, 3, 1.5, 0.1];
    const pairs = { users: [] as number[], items: [] as number[], weights: [] as number[] };
    const add = (u: number, i: number) => {
      pairs.users.push(u);
      pairs.items.push(i);
      pairs.weights.push(1 + rng.int(4));
    };
    // The last user has no interactions (their exact solution is 0).
    for (let u = 0; u < nUsers - 1; u++) for (let i = 0; i < nItems; i++) if (rng.next() < 0.4) add(u, i);
    const y = Array.from({ length: nItems * f }, () => rng.normal());
    const x0 = Array.from({ length: nUsers * f }, () => rng.normal(0, 0.1));
    const got = await userHalfStep(pairs, { nUsers, nItems, f }, x0, y, { alpha, lambda, cgSteps: f });
    // One CG step is not the exact solve (so the comparison below can fail).
    const oneStep = await userHalfStep(pairs, { nUsers, nItems, f }, x0, y, { alpha, lambda, cgSteps: 1 });
    expect(Math.max(...got.map((v, k) => Math.abs(v - oneStep[k]!)))).toBeGreaterThan(1e-3);
    const row = (i: number) => y.slice(i * f, i * f + f);
    for (let u = 0; u < nUsers; u++) {
      const a = Array.from({ length: f }, (_, r) => Array.from({ length: f }, (_, c) => (r === c ? lambda : 0)));
      const b = new Array<number>(f).fill(0);
      for (let i = 0; i < nItems; i++)
        for (let r = 0; r < f; r++) for (let c = 0; c < f; c++) a[r]![c]! += row(i)[r]! * row(i)[c]!;
      pairs.users.forEach((pu, k) => {
        if (pu !== u) return;
        const conf = 1 + alpha * pairs.weights[k]!;
        const yi = row(pairs.items[k]!);
        for (let r = 0; r < f; r++) {
          b[r]! += conf * yi[r]!;
          for (let c = 0; c < f; c++) a[r]![c]! += (conf - 1) * yi[r]! * yi[c]!;
        }
      });
      const exact = solveDense(a, b);
      exact.forEach((v, r) =>
        expect(Math.abs(got[u * f + r]! - v), `user ${u} factor ${r}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))),
      );
    }
  });
});

/**
 * A planted rank-8 taste structure: 8 groups of 20 users and 10 items; a user takes each item
 * of their group with probability 0.5 and any other item with probability 0.004 (weights
 * 1 + Poisson(1)). One positive per user is held out. A model that learnt the groups ranks the
 * held-out item above the ~70 out-of-group negatives and ties it with the ~5 in-group ones:
 * AUC ≈ (70 + 5/2)/75 ≈ 0.97 when the held-out item is in-group (≈ 96% of users).
 */
function planted(seed: number) {
  const rng = new Rng(seed);
  const [groups, usersPer, itemsPer] = [8, 20, 10];
  const nUsers = groups * usersPer;
  const nItems = groups * itemsPer;
  const train = { users: [] as number[], items: [] as number[], weights: [] as number[] };
  const heldOut = new Int32Array(nUsers);
  const seen = new Set<number>();
  for (let u = 0; u < nUsers; u++) {
    let mine: number[] = [];
    while (mine.length < 2) {
      mine = [];
      for (let i = 0; i < nItems; i++)
        if (rng.next() < (Math.floor(i / itemsPer) === Math.floor(u / usersPer) ? 0.5 : 0.004)) mine.push(i);
    }
    const test = mine.splice(rng.int(mine.length), 1)[0]!;
    heldOut[u] = test;
    seen.add(u * nItems + test);
    for (const i of mine) {
      train.users.push(u);
      train.items.push(i);
      train.weights.push(1 + rng.poisson(1));
      seen.add(u * nItems + i);
    }
  }
  /** Mean over users of P(score(held-out) > score(never-seen item)), ties counting half. */
  const auc = (userFactors: Float32Array, itemFactors: Float32Array, f: number) => {
    const score = (u: number, i: number) => {
      let s = 0;
      for (let k = 0; k < f; k++) s += userFactors[u * f + k]! * itemFactors[i * f + k]!;
      return s;
    };
    let total = 0;
    for (let u = 0; u < nUsers; u++) {
      const pos = score(u, heldOut[u]!);
      let wins = 0;
      let negatives = 0;
      for (let i = 0; i < nItems; i++) {
        if (seen.has(u * nItems + i)) continue;
        const s = score(u, i);
        wins += s < pos ? 1 : s === pos ? 0.5 : 0;
        negatives++;
      }
      total += wins / negatives;
    }
    return total / nUsers;
  };
  const request = (over: Partial<FactorizeRequest>): FactorizeRequest => ({
    algorithm: 'als',
    nUsers,
    nItems,
    users: Int32Array.from(train.users),
    items: Int32Array.from(train.items),
    weights: Float32Array.from(train.weights),
    factors: 8,
    epochs: 8,
    regularization: 0.1,
    alpha: 2,
    learningRate: 0.05,
    seed: 7,
    backend: 'cpu',
    ...over,
  });
  return { request, auc };
}

describe('factorizeMatrix on a planted low-rank matrix', () => {
  const data = planted(3);

  it('ALS: the loss falls every epoch and held-out positives rank above negatives (AUC > 0.9)', async () => {
    const epochs: number[] = [];
    const res = await factorizeMatrix(tf, data.request({ epochs: 10 }), cpu, { onEpoch: (l) => epochs.push(l.loss) });
    expect(res.losses).toHaveLength(10);
    expect(epochs).toEqual(res.losses);
    res.losses.slice(1).forEach((l, k) => expect(l, `epoch ${k + 2}`).toBeLessThan(res.losses[k]!));
    expect(data.auc(res.userFactors, res.itemFactors, 8)).toBeGreaterThan(0.9);
    expect(res.userFactors).toHaveLength(160 * 8);
    expect(res.itemFactors).toHaveLength(80 * 8);
    expect(res.tensors.after).toBe(res.tensors.before);
    expect(res.backend).toBe('cpu');
  });

  it('BPR: the loss falls and the ranking reaches AUC > 0.85', async () => {
    const res = await factorizeMatrix(
      tf,
      data.request({ algorithm: 'bpr', epochs: 30, regularization: 0.01 }),
      cpu,
      quiet,
    );
    expect(res.losses).toHaveLength(30);
    expect(res.losses.at(-1)!).toBeLessThan(res.losses[0]! * 0.5);
    expect(data.auc(res.userFactors, res.itemFactors, 8)).toBeGreaterThan(0.85);
    expect(res.tensors.after).toBe(res.tensors.before);
  });
});

describe('factorizeMatrix: determinism, hygiene, stopping, checks', () => {
  const data = planted(4);

  it('gives the same factors for the same seed, other factors for another', async () => {
    for (const algorithm of ['als', 'bpr'] as const) {
      const run = (seed: number) => factorizeMatrix(tf, data.request({ algorithm, epochs: 3, seed }), cpu, quiet);
      const [a, b, c] = [await run(11), await run(11), await run(12)];
      expect(b.userFactors, algorithm).toEqual(a.userFactors);
      expect(b.itemFactors, algorithm).toEqual(a.itemFactors);
      expect(b.losses, algorithm).toEqual(a.losses);
      expect(c.userFactors, algorithm).not.toEqual(a.userFactors);
    }
  });

  it('leaves no tensor behind, also when training fails part-way', async () => {
    const before = tf.memory().numTensors;
    const als = await factorizeMatrix(tf, data.request({ epochs: 2 }), cpu, quiet);
    const bpr = await factorizeMatrix(tf, data.request({ algorithm: 'bpr', epochs: 2 }), cpu, quiet);
    expect([als.tensors.after - als.tensors.before, bpr.tensors.after - bpr.tensors.before]).toEqual([0, 0]);
    // Both users hold both items: BPR finds no negative after its variables and optimizer exist.
    const full: FactorizeRequest = {
      ...data.request({ algorithm: 'bpr' }),
      nUsers: 2,
      nItems: 2,
      users: Int32Array.of(0, 0, 1, 1),
      items: Int32Array.of(0, 1, 0, 1),
      weights: Float32Array.of(1, 1, 1, 1),
    };
    await expect(factorizeMatrix(tf, full, cpu, quiet)).rejects.toThrow(/no \(user, positive, negative\) triple/);
    // A throwing progress callback (a cancelled step) must not leak either.
    await expect(
      factorizeMatrix(tf, data.request({ epochs: 2 }), cpu, {
        onEpoch: () => {
          throw new Error('cancelled');
        },
      }),
    ).rejects.toThrow('cancelled');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports its time per epoch and in all', async () => {
    const res = await factorizeMatrix(tf, data.request({ epochs: 2 }), cpu, quiet);
    expect(res.losses).toHaveLength(2);
    expect(res.userFactors).toHaveLength(160 * 8);
    expect(res.msPerEpoch).toBeGreaterThan(0);
    expect(res.ms).toBeGreaterThanOrEqual(res.msPerEpoch * 2);
  });

  it('refuses bad requests naming the field', async () => {
    const bad = (over: Partial<FactorizeRequest>) => factorizeMatrix(tf, data.request(over), cpu, quiet);
    await expect(
      bad({ users: Int32Array.of(0, 160), items: Int32Array.of(0, 1), weights: Float32Array.of(1, 1) }),
    ).rejects.toThrow('factorize: users: entry 1 is 160, outside 0…159 (nUsers 160)');
    await expect(bad({ items: Int32Array.of(1) })).rejects.toThrow(
      /factorize: items: users, items and weights must have one entry per pair/,
    );
    await expect(bad({ weights: Float32Array.from(data.request({}).weights).fill(-1, 3, 4) })).rejects.toThrow(
      'factorize: weights: entry 3 is -1',
    );
    await expect(bad({ factors: 0 })).rejects.toThrow('factorize: factors: must be an integer from 1 to 1024, got 0');
    await expect(bad({ epochs: 2.5 })).rejects.toThrow('factorize: epochs');
    await expect(bad({ algorithm: 'bpr', learningRate: 0 })).rejects.toThrow(
      'factorize: learningRate: must be a finite number > 0',
    );
    await expect(bad({ regularization: Number.NaN })).rejects.toThrow('factorize: regularization');
  });
});

describe('sparse layouts', () => {
  it('builds CSR sorted by column, merging repeated pairs by summing weights', () => {
    // Row 1 has (1,3) twice (weights 2 + 5) and (1,0); row 0 is empty; row 2 has (2,1).
    const csr = toCsr(Int32Array.of(1, 2, 1, 1), Int32Array.of(3, 1, 0, 3), Float32Array.of(2, 4, 1, 5), 3, 4);
    expect(Array.from(csr.start)).toEqual([0, 0, 2, 3]);
    expect(Array.from(csr.cols)).toEqual([0, 3, 1]);
    expect(Array.from(csr.weights)).toEqual([1, 7, 4]);
    expect([hasEntry(csr, 1, 3), hasEntry(csr, 1, 1), hasEntry(csr, 0, 0)]).toEqual([true, false, false]);
  });

  it('buckets rows of similar length, pads them and maps every row back', () => {
    // Lengths: row 0 → 4, row 1 → 0, row 2 → 3, row 3 → 1, row 4 → 2. With padRatio 1.5:
    // bucket A = {0 (4), 2 (3)} padded to 4 (3·1.5 ≥ 4, 2·1.5 < 4); B = {4 (2)}; C = {3 (1)}.
    const rows = [0, 0, 0, 0, 2, 2, 2, 3, 4, 4];
    const cols = [0, 1, 2, 3, 1, 2, 3, 0, 2, 3];
    const csr = toCsr(Int32Array.from(rows), Int32Array.from(cols), new Float32Array(rows.length).fill(1), 5, 4);
    const layout = bucketRows(csr, { padRatio: 1.5 });
    expect(layout.buckets.map((b) => [Array.from(b.rows), b.length])).toEqual([
      [[0, 2], 4],
      [[4], 2],
      [[3], 1],
    ]);
    expect(Array.from(layout.buckets[0]!.mask)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(layout.buckets[0]!.cols)).toEqual([0, 1, 2, 3, 1, 2, 3, 0]);
    // Concatenated bucket output: row 0, row 2, row 4, row 3; row 1 reads the zero row (index 4).
    expect(Array.from(layout.position)).toEqual([0, 4, 1, 3, 2]);
    // A cell budget splits a bucket by rows (each still at least one row).
    expect(bucketRows(csr, { padRatio: 1.5, maxCells: 4 }).buckets.map((b) => Array.from(b.rows))).toEqual([
      [0],
      [2],
      [4],
      [3],
    ]);
  });

  it('samples BPR negatives among the items a user has not touched, seeded', () => {
    const csr = toCsr(Int32Array.of(0, 0, 0, 1), Int32Array.of(0, 1, 2, 3), Float32Array.of(1, 1, 1, 1), 2, 4);
    const t = sampleTriples(csr, new Rng(1));
    expect(t.users).toHaveLength(4);
    // User 0 owns 0, 1, 2: the only negative is 3 (the k-th-free path, 3 of 4 seen).
    t.users.forEach((u, k) => expect(hasEntry(csr, u, t.negatives[k]!)).toBe(false));
    t.users.forEach((u, k) => {
      if (u === 0) expect(t.negatives[k]).toBe(3);
    });
    expect(sampleTriples(csr, new Rng(1))).toEqual(t);
  });

  it('lists each buffer to transfer once', () => {
    const shared = new ArrayBuffer(16);
    const [a, b, c] = [new Int32Array(shared, 0, 2), new Int32Array(shared, 8, 2), new Float32Array(3)];
    expect(transferablesOf(a, b, c)).toEqual([shared, c.buffer]);
  });
});

describe('factorizeMatrix on WASM (the backend used without a GPU) agrees with CPU', () => {
  it('ALS and BPR losses and factors match', async () => {
    const data = planted(5);
    const run = async (backend: 'cpu' | 'wasm', algorithm: 'als' | 'bpr') => {
      await tf.setBackend(backend);
      return factorizeMatrix(
        tf,
        data.request({ algorithm, epochs: 3, backend }),
        { name: backend, reasons: [] },
        quiet,
      );
    };
    try {
      for (const algorithm of ['als', 'bpr'] as const) {
        const [ref, got] = [await run('cpu', algorithm), await run('wasm', algorithm)];
        expect(got.tensors.after).toBe(got.tensors.before);
        got.losses.forEach((l, k) =>
          expect(Math.abs(l - ref.losses[k]!) / ref.losses[k]!, `${algorithm} epoch ${k + 1}`).toBeLessThan(1e-4),
        );
        const maxDiff = Math.max(...got.itemFactors.map((v, k) => Math.abs(v - ref.itemFactors[k]!)));
        expect(maxDiff, algorithm).toBeLessThan(1e-3);
      }
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
