import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runRecipe } from '../../recipe/engine';
import { auc } from '../../ml/metrics';
import { nodeTrainer } from '../../../test-support/node-trainer';
import { scoreOp } from './';
import type { Trainer } from '../types';

let db: NodeDuckDB;
let trainer: Trainer;
beforeAll(async () => {
  ({ trainer } = await nodeTrainer('score-test'));
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const rows = async (sql: string) => (await db.query(sql)).rows;

/** 300 customers: churn iff visits + (i mod 3) > 5; spend is noise with a long tail. */
function csv(n: number, offset = 0, blanks = false): string {
  const lines = ['customer_id,visits,spend,plan,churned'];
  for (let i = offset; i < offset + n; i++) {
    const visits = blanks && i % 50 === 0 ? '' : String(i % 7);
    lines.push(
      `c${i},${visits},${(Math.exp((i % 11) / 3) * 10).toFixed(2)},${['basic', 'plus', 'pro'][i % 3]},${(i % 7) + (i % 3) > 5 ? 1 : 0}`,
    );
  }
  return lines.join('\n');
}

const training = {
  version: 1,
  sources: [{ name: 'old', file: 'old.csv' }],
  steps: [
    {
      id: 'logged',
      op: 'transform',
      input: 'old',
      params: { method: 'log1p', entity: 'customer_id', columns: ['spend'] },
    },
    {
      id: 'coded',
      op: 'transform',
      input: 'logged',
      params: { method: 'one-hot', entity: 'customer_id', columns: ['plan'] },
    },
    {
      id: 'churn',
      op: 'train-classifier',
      input: 'coded',
      params: { label: 'churned', epochs: 8, save: 'churn model' },
    },
  ],
};

describe('score op', () => {
  beforeAll(async () => {
    const r = await runRecipe(training, { db, trainer, files: { old: new Blob([csv(300)]) } });
    expect(r.error).toBeUndefined();
    expect(r.steps.churn!.summary!.transforms).toEqual({ input: 'old', methods: ['log1p', 'one-hot'] });
  });

  it('replays the saved transforms and standardisation: the training rows score exactly as in training', async () => {
    const r = await runRecipe(
      {
        ...training,
        steps: [...training.steps, { id: 'again', op: 'score', input: 'old', params: { model: 'churn model' } }],
      },
      { db, trainer, only: ['again'] },
    );
    expect(r.error).toBeUndefined();
    const s = r.steps.again!.summary!;
    expect(s).toMatchObject({
      rows: { total: 300, scored: 300, skippedMissing: 0 },
      entity: 'customer_id',
      transforms: ['log1p', 'one-hot'],
      threshold: 0.5,
    });
    expect(s.features).toEqual(['visits', 'spend', 'plan_basic', 'plan_plus', 'plan_pro']);
    const diff = await rows(
      `SELECT max(abs(a.score - b.score)) AS d, count(*)::INTEGER AS n FROM again.predictions a JOIN churn.predictions b USING (entity)`,
    );
    expect(diff[0]!.n).toBe(300);
    expect(Number(diff[0]!.d)).toBeLessThan(1e-6);
    expect((await rows(`SELECT * FROM again.predictions LIMIT 1`))[0]).toEqual({
      entity: expect.any(String),
      score: expect.any(Number),
    });
  });

  it('scores new rows, counts those it cannot score, and measures the model against labels', async () => {
    const r = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'fresh', file: 'fresh.csv' }],
        steps: [{ id: 'scored', op: 'score', input: 'fresh', params: { model: 'churn model', label: 'churned' } }],
      },
      { db, trainer, files: { fresh: new Blob([csv(200, 1000, true)]) } },
    );
    expect(r.error).toBeUndefined();
    const s = r.steps.scored!.summary!;
    // Every 50th row has no visits: 4 of 200 cannot be scored.
    expect(s.rows).toEqual({ total: 200, scored: 196, skippedMissing: 4 });
    const p = await rows(`SELECT label, score FROM scored.predictions`);
    const check = s.labelled as {
      rows: number;
      auc: number;
      confusion: { tp: number; fp: number; tn: number; fn: number };
    };
    expect(check.rows).toBe(196);
    expect(check.auc).toBeCloseTo(
      auc(
        p.map((x) => Number(x.score)),
        p.map((x) => Number(x.label)),
      ),
      12,
    );
    expect(check.auc).toBeGreaterThan(0.8);
    const c = check.confusion;
    expect(c.tp + c.fp).toBe(s.predictedPositive);
  });

  it('skips the transforms for a table already transformed, and explains what it cannot do', async () => {
    const skip = await runRecipe(
      {
        ...training,
        steps: [
          ...training.steps,
          { id: 'skipped', op: 'score', input: 'coded', params: { model: 'churn model', transform: 'skip' } },
        ],
      },
      { db, trainer, only: ['skipped'] },
    );
    expect(skip.error).toBeUndefined();
    const same = await rows(
      `SELECT max(abs(a.score - b.score)) AS d FROM skipped.predictions a JOIN churn.predictions b USING (entity)`,
    );
    expect(Number(same[0]!.d)).toBeLessThan(1e-6);

    const wrong = await runRecipe(
      {
        ...training,
        steps: [...training.steps, { id: 'wrong', op: 'score', input: 'coded', params: { model: 'churn model' } }],
      },
      { db, trainer, only: ['wrong'] },
    );
    expect(wrong.error).toBe(
      "step 'wrong', field 'input': the model's one-hot transform (step 2 of 2) needs 'plan', which the table lacks: score the table the transform read (like 'old'), or use transform: 'skip' for a table already transformed",
    );
    const none = await runRecipe(
      { ...training, steps: [...training.steps, { id: 'none', op: 'score', input: 'old', params: { model: 'nope' } }] },
      { db, trainer, only: ['none'] },
    );
    expect(none.error).toMatch(/^step 'none', field 'model': no saved model named or with id 'nope'/);
    expect(() => scoreOp.params.parse({ model: 'm', labelTable: 't', key: 'k' })).toThrow(/`labelTable` needs `label`/);
  });
});
