import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ncfBatchSize, negativeItem, sampleNegatives, trainNcf } from './ncf';
import { buildInteractions, contains } from '../recsys/interactions';
import { Rng } from '../util/rng';
import type { NcfRequest } from './models/ncf';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cpu = { name: 'cpu' as const, reasons: [] };
const quiet = { onEpoch: () => {} };

function interactions(pairs: Array<[number, number]>, nUsers: number, nItems: number) {
  return buildInteractions(
    Int32Array.from(pairs, (p) => p[0]),
    Int32Array.from(pairs, (p) => p[1]),
    new Float32Array(pairs.length).fill(1),
    nUsers,
    nItems,
  );
}

describe('negative sampling', () => {
  it('draws `negatives` non-interacted items per positive, never a positive, seeded', () => {
    // User 0 holds items 0, 1, 2 of 4 (dense: the k-th-free path, only item 3 is free);
    // user 1 holds item 3 (sparse: rejection); user 2 holds every item (no negative exists).
    const h = interactions(
      [
        [0, 0],
        [0, 1],
        [0, 2],
        [1, 3],
        [2, 0],
        [2, 1],
        [2, 2],
        [2, 3],
      ],
      3,
      4,
    );
    const s = sampleNegatives(h.byUser, 4, new Rng(1));
    // 8 positives; users 0 and 1 get 4 negatives per positive (4 positives × 4), user 2 none.
    expect(s.users).toHaveLength(8 + 16);
    expect(s.labels.reduce((a, v) => a + v, 0)).toBe(8);
    for (let k = 0; k < s.users.length; k++) {
      const held = contains(h.byUser, s.users[k]!, s.items[k]!);
      expect(held, `sample ${k}`).toBe(s.labels[k] === 1);
      if (s.labels[k] === 0 && s.users[k] === 0) expect(s.items[k]).toBe(3);
      expect(s.labels[k] === 0 && s.users[k] === 2).toBe(false);
    }
    // Every positive exactly once.
    const positives = Array.from(s.users.keys())
      .filter((k) => s.labels[k] === 1)
      .map((k) => `${s.users[k]}:${s.items[k]}`)
      .sort();
    expect(positives).toEqual(['0:0', '0:1', '0:2', '1:3', '2:0', '2:1', '2:2', '2:3']);
    expect(sampleNegatives(h.byUser, 4, new Rng(1))).toEqual(s);
    expect(sampleNegatives(h.byUser, 4, new Rng(2)).items).not.toEqual(s.items);
    expect(negativeItem(h.byUser, 2, new Rng(1))).toBe(-1);
  });

  it('draws uniformly over the free items', () => {
    // User 0 holds item 0 of 5: items 1–4 should each come up a quarter of the time.
    const h = interactions([[0, 0]], 1, 5);
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0, 0];
    for (let k = 0; k < 8000; k++) counts[negativeItem(h.byUser, 0, rng)]!++;
    expect(counts[0]).toBe(0);
    // Binomial(8000, 1/4): sd ≈ 39, so ±200 is over 5 sd.
    for (const c of counts.slice(1)) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });

  it('sizes batches for about 50 steps per epoch, within 256…8192', () => {
    expect(ncfBatchSize(1000)).toBe(256);
    expect(ncfBatchSize(50 * 1024)).toBe(1024);
    expect(ncfBatchSize(1e8)).toBe(8192);
    expect(ncfBatchSize(1e8, 64)).toBe(64);
  });
});

/**
 * 6 groups of 12 users and 8 items: a user takes each item of their group with probability 0.6
 * and any other with 0.01; one positive per user is held out. A model that learnt the groups
 * ranks the held-out item among its group's ~3 unseen items, far above the ~40 others.
 */
function planted(seed: number) {
  const rng = new Rng(seed);
  const [groups, usersPer, itemsPer] = [6, 12, 8];
  const nUsers = groups * usersPer;
  const nItems = groups * itemsPer;
  const users: number[] = [];
  const items: number[] = [];
  const heldOut = new Int32Array(nUsers);
  for (let u = 0; u < nUsers; u++) {
    let mine: number[] = [];
    while (mine.length < 3) {
      mine = [];
      for (let i = 0; i < nItems; i++)
        if (rng.next() < (Math.floor(i / itemsPer) === Math.floor(u / usersPer) ? 0.6 : 0.01)) mine.push(i);
    }
    heldOut[u] = mine.splice(rng.int(mine.length), 1)[0]!;
    for (const i of mine) {
      users.push(u);
      items.push(i);
    }
  }
  const request = (over: Partial<NcfRequest> = {}): NcfRequest => ({
    nUsers,
    nItems,
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    factors: 8,
    negatives: 4,
    epochs: 15,
    batchSize: 128,
    learningRate: 0.01,
    regularization: 0,
    seed: 7,
    backend: 'cpu',
    score: {
      users: Int32Array.from({ length: nUsers }, (_, u) => u),
      k: 5,
      candidates: new Uint8Array(nItems).fill(1),
      excludeSeen: true,
    },
    ...over,
  });
  return { request, heldOut, nUsers, nItems, itemsPer, usersPer };
}

describe('trainNcf on planted taste groups', () => {
  const data = planted(11);

  it('learns the groups: loss falls, held-out items come back in the top 5, no tensor leaks', async () => {
    const logs: number[] = [];
    const res = await trainNcf(tf, data.request(), cpu, { onEpoch: (l) => logs.push(l.loss) });
    expect(res.losses).toHaveLength(15);
    expect(logs).toEqual(res.losses);
    // BCE at the start is ln 2 (outputs ≈ 0.5); a model that separates 1:4 positives does far better.
    expect(res.losses[0]!).toBeLessThan(Math.LN2 + 0.01);
    expect(res.losses.at(-1)!).toBeLessThan(res.losses[0]! * 0.6);
    expect(res.tensors.after).toBe(res.tensors.before);
    expect(res.top.items).toHaveLength(data.nUsers * 5);
    let hits = 0;
    let inGroup = 0;
    for (let u = 0; u < data.nUsers; u++) {
      const list = Array.from(res.top.items.subarray(u * 5, u * 5 + 5));
      if (list.includes(data.heldOut[u]!)) hits++;
      inGroup += list.filter((i) => Math.floor(i / data.itemsPer) === Math.floor(u / data.usersPer)).length;
      // excludeSeen: no training positive is listed; scores are sorted.
      for (const i of list)
        expect(
          contains(
            buildInteractions(
              data.request().users,
              data.request().items,
              new Float32Array(data.request().users.length).fill(1),
              data.nUsers,
              data.nItems,
            ).byUser,
            u,
            i,
          ),
        ).toBe(false);
      const scores = Array.from(res.top.scores.subarray(u * 5, u * 5 + 5));
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
    // Random top 5 of ~43 unseen items would hit ≈ 12%; the groups give most of the top 5.
    expect(hits / data.nUsers).toBeGreaterThan(0.6);
    expect(inGroup / (data.nUsers * 5)).toBeGreaterThan(0.4);
    expect(res.samplesPerSecond).toBeGreaterThan(0);
    // Embeddings 72·8 + 48·8 + 72·16 + 48·16, tower 32·16 + 16 + 16·8 + 8, output 16 + 1.
    expect(res.parameters).toBe(72 * 8 + 48 * 8 + 72 * 16 + 48 * 16 + 32 * 16 + 16 + 16 * 8 + 8 + 16 + 1);
  });

  it('gives the same result for the same seed on CPU, another for another seed', async () => {
    const run = (seed: number) => trainNcf(tf, data.request({ epochs: 2, seed }), cpu, quiet);
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(b.losses).toEqual(a.losses);
    expect(b.top.items).toEqual(a.top.items);
    expect(b.top.scores).toEqual(a.top.scores);
    expect(c.losses).not.toEqual(a.losses);
  });

  it('lists only candidates and pads short lists with −1', async () => {
    const candidates = new Uint8Array(data.nItems);
    candidates.set([1, 1, 1], 0); // items 0, 1, 2 only
    const res = await trainNcf(
      tf,
      data.request({ epochs: 2, score: { users: Int32Array.of(0, 40), k: 5, candidates, excludeSeen: false } }),
      cpu,
      quiet,
    );
    expect(res.losses).toHaveLength(2);
    for (const row of [0, 1]) {
      const list = Array.from(res.top.items.subarray(row * 5, row * 5 + 5));
      expect(list.slice(0, 3).sort()).toEqual([0, 1, 2]);
      expect(list.slice(3)).toEqual([-1, -1]);
      expect(Number.isNaN(res.top.scores[row * 5 + 3]!)).toBe(true);
    }
  });

  it('refuses bad requests naming the field', async () => {
    const bad = (over: Partial<NcfRequest>) => trainNcf(tf, data.request(over), cpu, quiet);
    await expect(bad({ users: Int32Array.of(0, 72), items: Int32Array.of(0, 1) })).rejects.toThrow(
      'ncf: users: entry 1 is 72, outside 0…71',
    );
    await expect(bad({ items: Int32Array.of(1) })).rejects.toThrow(
      /ncf: items: users and items must have one entry per pair/,
    );
    await expect(bad({ negatives: 0 })).rejects.toThrow('ncf: negatives: must be an integer from 1 to 100, got 0');
    await expect(bad({ learningRate: -1 })).rejects.toThrow('ncf: learningRate');
    await expect(
      bad({ score: { users: Int32Array.of(0), k: 5, candidates: new Uint8Array(3), excludeSeen: false } }),
    ).rejects.toThrow('ncf: score.candidates: needs one flag per item (48), got 3');
    expect(tf.memory().numTensors).toBe(0);
  });
});

describe('trainNcf on WASM (the backend used without a GPU) agrees with CPU', () => {
  it('same losses and lists from the same seed', async () => {
    const data = planted(12);
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      return trainNcf(tf, data.request({ epochs: 3, backend }), { name: backend, reasons: [] }, quiet);
    };
    try {
      const [ref, got] = [await run('cpu'), await run('wasm')];
      expect(got.tensors.after).toBe(got.tensors.before);
      got.losses.forEach((l, k) =>
        expect(Math.abs(l - ref.losses[k]!) / ref.losses[k]!, `epoch ${k + 1}`).toBeLessThan(1e-4),
      );
      const diff = Math.max(...got.top.scores.map((v, k) => Math.abs(v - ref.top.scores[k]!)));
      expect(diff).toBeLessThan(1e-3);
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
