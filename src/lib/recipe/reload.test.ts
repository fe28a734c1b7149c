/**
 * A session's partial runs through the engine on a user's file: the file is read once, the steps
 * run on it stay current, and only another file (or a missing table) makes the engine read again.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { runRecipe, type EngineOptions } from './engine';
import { mergeReports } from './merge';
import { stageStates } from './stages';
import type { Report } from './report';
import type { Recipe } from './schema';

const rows = Array.from(
  { length: 60 },
  (_, i) => `c${i % 12},2025-0${1 + (i % 6)}-${String(1 + (i % 27)).padStart(2, '0')} 10:00:00,${((i * 7) % 50) + 1}`,
);
const CSV = `customer,ts,amount\n${rows.join('\n')}\n`;
const file = (content = CSV, lastModified = 1_700_000_000_000) =>
  new File([content], 'purchases.csv', { lastModified });

const recipe: Recipe = {
  version: 1,
  sources: [{ name: 'purchases', file: 'purchases.csv' }],
  steps: [
    { id: 'rfm1', op: 'rfm', input: 'purchases', params: { customer: 'customer', time: 'ts', amount: 'amount' } },
    {
      id: 'seg1',
      op: 'kmeans',
      input: 'rfm1',
      params: { entity: 'customer', features: ['recency_days', 'frequency', 'monetary'], k: 2, nInit: 2 },
    },
  ],
};

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

/** What Session.run does: new files in `files`, the ones loaded before in `kept`, reports merged. */
function session() {
  let report: Report | null = null;
  const kept: Record<string, Blob> = {};
  const reads: string[] = [];
  return {
    reads,
    get report() {
      return report!;
    },
    async run(opts: Pick<EngineOptions, 'files' | 'only'>) {
      const next = await runRecipe(recipe, {
        db,
        ...opts,
        kept: { ...kept },
        earlier: report?.steps,
        onProgress: (p) => p.message.startsWith('reading') && reads.push(p.message),
      });
      expect(next.error).toBeUndefined();
      report = opts.only ? mergeReports(report, next) : next;
      Object.assign(kept, opts.files);
      return next;
    },
    stale: () => Object.values(stageStates(recipe, report)).flatMap((s) => s.stale),
    done: () => Object.values(stageStates(recipe, report)).flatMap((s) => s.done),
  };
}

describe('a user-loaded file across partial runs', () => {
  it('is read once, and the steps run on it stay current', async () => {
    const app = session();
    await app.run({ files: { purchases: file() }, only: [] });
    expect(app.reads).toEqual(['reading purchases.csv (0.0 MB)']);
    const loadedAt = app.report.steps.purchases!.startedAt;

    const r1 = await app.run({ only: ['rfm1'] });
    const r2 = await app.run({ only: ['seg1'] });
    // Each partial run's report names the loaded table as it was, not a new load.
    for (const r of [r1, r2]) expect(r.steps.purchases!.startedAt).toBe(loadedAt);
    await app.run({ only: ['rfm1'] }); // the same RFM again: k-means read the same table
    expect(app.reads).toHaveLength(1);
    expect(app.report.steps.purchases!.startedAt).toBe(loadedAt);
    expect(app.stale()).toEqual([]);
    expect(app.done()).toEqual(['rfm1', 'seg1']);

    // A full run keeps the loaded table too (and says which file it holds).
    const full = await app.run({});
    expect(app.reads).toHaveLength(1);
    expect(full.steps.purchases!.startedAt).toBe(loadedAt);
    expect(app.stale()).toEqual([]);
  });

  it('is read again from the kept file when its table is gone, without making anything stale', async () => {
    const app = session();
    await app.run({ files: { purchases: file() }, only: [] });
    await app.run({ only: ['rfm1', 'seg1'] });
    await db.exec('DROP TABLE purchases');
    await app.run({ only: ['rfm1'] });
    expect(app.reads).toHaveLength(2);
    expect(app.stale()).toEqual([]);
  });

  it('another file for the source makes every step on it stale; the same file again does not', async () => {
    const app = session();
    await app.run({ files: { purchases: file() }, only: [] });
    await app.run({ only: ['rfm1', 'seg1'] });
    await app.run({ files: { purchases: file() }, only: [] }); // picked again: same name, size, date
    expect(app.reads).toHaveLength(2);
    expect(app.stale()).toEqual([]);
    await app.run({ files: { purchases: file(CSV + 'c99,2025-06-30 10:00:00,5\n') }, only: [] });
    expect(app.stale()).toEqual(['rfm1', 'seg1']);
    await app.run({ only: ['rfm1'] });
    expect(app.stale()).toEqual(['seg1']);
    await app.run({ only: ['seg1'] });
    expect(app.stale()).toEqual([]);
    await app.run({ files: { purchases: file(CSV, 1_800_000_000_000) }, only: [] }); // saved again since
    expect(app.stale()).toEqual(['rfm1', 'seg1']);
  });
});
