import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Progress } from '../../lib/core/step';
import type { RunRequest } from '../../lib/protocol/engine';
import type { Report, StepReport } from '../../lib/recipe/report';
import { emptyRecipe, type Recipe, type Step } from '../../lib/recipe/schema';
import { RecipeHistory } from './history.svelte';
import { Notices } from './notices.svelte';
import { Results } from './results.svelte';
import { Runs } from './runs.svelte';
import type { Workers } from './workers.svelte';

beforeAll(() => vi.stubGlobal('navigator', { userAgent: 'test', hardwareConcurrency: 2 }));
afterAll(() => vi.unstubAllGlobals());

const orders = { name: 'orders', file: 'orders.csv' };
const rfm: Step = { id: 'rfm1', op: 'rfm', input: 'orders', params: {} };
const recipe = (...steps: Step[]): Recipe => ({ ...emptyRecipe(), sources: [orders], steps });
const step = (status: StepReport['status']): StepReport => ({ op: 'rfm', status, startedAt: 's', ms: 100, tables: {} });

function report(status: Report['status'], ran: Recipe, steps: Record<string, StepReport>): Report {
  const error = status === 'error' ? 'rfm1: column "amount" not found' : undefined;
  const app = { name: 'custodian' as const, version: '1' };
  return {
    app,
    status,
    error,
    recipe: ran,
    environment: {},
    startedAt: 's',
    ms: 100,
    steps,
    egress: { offOrigin: [] },
  };
}

/**
 * Runs with an engine that answers each run with `answer(request)`, after sending `progress`; what it
 * was asked is kept. Tables are listed from an empty catalogue.
 */
function setUp(answer: (req: RunRequest) => Report | Promise<Report>, progress: Progress[] = []) {
  const asked: RunRequest[] = [];
  const engine = {
    async run(req: RunRequest, onProgress: (p: Progress) => void) {
      asked.push(req);
      for (const p of progress) onProgress(p);
      return answer(req);
    },
  };
  const db = { query: async () => ({ columns: [], rows: [] }) };
  const workers = { engine, recovered: () => Promise.resolve() } as unknown as Workers;
  const results = new Results(db as never);
  const notices = new Notices();
  const history: RecipeHistory = new RecipeHistory(results, notices, () => !!runs.busy);
  const runs: Runs = new Runs(workers, history, results, notices);
  return { runs, history, results, notices, asked };
}

describe('runs', () => {
  it('keep the recipe and the new files of a run that succeeds, and hand the files to later runs', async () => {
    const { runs, history, asked } = setUp((req) => report('ok', req.recipe as Recipe, { orders: step('ok') }));
    const file = new Blob(['customer_id\n1\n']);
    await runs.run(recipe(), { files: { orders: file }, only: [], recipeUrl: 'https://app.example/r.json' });
    expect(history.recipe).toEqual(recipe());
    expect(runs.files.get('orders')).toBe(file);
    await runs.runStep(rfm);
    expect(asked[1]).toMatchObject({ only: ['rfm1'], kept: { orders: file }, recipeUrl: 'https://app.example/r.json' });
    expect(asked[1]!.files).toBeUndefined();
    expect(asked[1]!.recipe).toEqual(recipe(rfm));
  });

  it('leave the recipe and files as they were when a run fails, with the error line', async () => {
    const { runs, history, notices, results } = setUp((req) =>
      report('error', req.recipe as Recipe, { rfm1: { ...step('error'), error: { name: 'E', message: 'x' } } }),
    );
    const before = history.recipe;
    const got = await runs.run(recipe(rfm), { files: { orders: new Blob(['x']) } });
    expect(got?.status).toBe('error');
    expect(history.recipe).toBe(before);
    expect(runs.files.size).toBe(0);
    expect(notices.error).toBe('rfm1: column "amount" not found');
    expect(results.report?.status).toBe('error');
    expect(runs.busy).toBeNull();
  });

  it('fold the report of a partial run into the earlier one, and replace it after a full run', async () => {
    let steps: Record<string, StepReport> = { orders: step('ok') };
    const { runs, results } = setUp((req) => report('ok', req.recipe as Recipe, steps));
    await runs.run(recipe(), { only: [] });
    steps = { rfm1: step('ok') };
    await runs.runStep(rfm);
    expect(Object.keys(results.report!.steps)).toEqual(['orders', 'rfm1']);
    expect(results.report!.ms).toBe(200);
    await runs.run(recipe(rfm));
    expect(Object.keys(results.report!.steps)).toEqual(['rfm1']);
  });

  it('refuse a second run while one is in progress', async () => {
    let finish!: (r: Report) => void;
    const { runs, notices, asked } = setUp(() => new Promise<Report>((resolve) => (finish = resolve)));
    const first = runs.run(recipe(rfm));
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    expect(runs.busy).toBe('running');
    expect(await runs.run(recipe())).toBeUndefined();
    expect(notices.error).toBe('Another step is still running.');
    finish(report('ok', recipe(rfm), { rfm1: step('ok') }));
    await first;
    expect(asked).toHaveLength(1);
    expect(runs.busy).toBeNull();
  });

  it('follow progress and the epoch log during a run, and clear the progress after', async () => {
    const epoch = (n: number) => ({ epoch: n, loss: 1, valLoss: 1, valAuc: 0.5 });
    let during: string | undefined;
    const { runs } = setUp(
      (req) => {
        during = runs.progress?.message;
        return report('ok', req.recipe as Recipe, { train1: step('ok') });
      },
      [
        { step: 'train1', message: 'epoch 1', fraction: 0.5, epoch: epoch(1) },
        { step: 'train1', message: 'epoch 2', fraction: 1, epoch: epoch(2) },
      ],
    );
    await runs.run(recipe());
    expect(during).toBe('epoch 2');
    expect(runs.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(runs.progress).toBeNull();
    runs.reset();
    expect([runs.epochs, runs.recipeUrl, runs.files.size]).toEqual([[], undefined, 0]);
  });

  it('turn an engine that throws into the error line', async () => {
    const { runs, notices } = setUp(() => Promise.reject(new Error('worker gone')));
    expect(await runs.run(recipe())).toBeUndefined();
    expect(notices.error).toBe('worker gone');
    expect(runs.busy).toBeNull();
  });
});
