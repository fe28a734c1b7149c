import { describe, expect, it } from 'vitest';
import type { Report, StepReport } from '../../lib/recipe/report';
import { emptyRecipe, type Recipe } from '../../lib/recipe/schema';
import { recipeTooBig, runOutcome, withEpoch } from './run-outcome';

const step = (status: StepReport['status'], op = 'rfm'): StepReport => ({
  op,
  status,
  startedAt: '',
  ms: 1,
  tables: {},
});

function report(status: Report['status'], steps: Record<string, StepReport>, extra: Partial<Report> = {}): Report {
  return {
    app: { name: 'custodian', version: '1' },
    status,
    recipe: {},
    environment: {},
    startedAt: '',
    ms: 400,
    steps,
    egress: { offOrigin: [] },
    ...extra,
  };
}

const recipe = (...ids: string[]): Recipe => ({
  ...emptyRecipe(),
  sources: [{ name: 'orders', file: 'orders.csv' }],
  steps: ids.map((id) => ({ id, op: 'rfm', params: {} })),
});

describe('what a run tells the user', () => {
  it('names the steps that ran, not the sources loaded with them', () => {
    const done = report('ok', { orders: step('ok', 'load'), rfm1: step('ok'), seg1: step('ok') });
    expect(runOutcome(recipe('rfm1', 'seg1'), done)).toEqual({
      notice: { text: 'rfm1, seg1 done in 0.4 s', kind: 'ok' },
    });
  });

  it('counts the steps instead of naming them past three', () => {
    const ids = ['a1', 'a2', 'a3', 'a4'];
    const done = report('ok', Object.fromEntries(ids.map((id) => [id, step('ok')])), { ms: 2500 });
    expect(runOutcome(recipe(...ids), done).notice?.text).toBe('4 steps done in 2.5 s');
  });

  it('says nothing after loading sources only', () => {
    expect(runOutcome(recipe('rfm1'), report('ok', { orders: step('ok', 'load') }))).toEqual({});
  });

  it('gives the error line of a failed run, and no notice', () => {
    const failed = report('error', { rfm1: step('ok'), seg1: step('error') }, { error: 'seg1: column "x" not found' });
    expect(runOutcome(recipe('rfm1', 'seg1'), failed)).toEqual({ error: 'seg1: column "x" not found' });
    expect(runOutcome(recipe('rfm1'), report('error', {}))).toEqual({ error: 'failed' });
  });

  it('names the cancelled steps in a neutral notice', () => {
    const stopped = report('cancelled', { rfm1: step('ok'), train1: step('cancelled') });
    expect(runOutcome(recipe('rfm1', 'train1'), stopped)).toEqual({
      notice: { text: 'Cancelled: train1', kind: 'cancelled' },
    });
  });
});

describe('the live epoch log', () => {
  const epoch = (n: number) => ({ epoch: n, loss: 1 / n, valLoss: 1 / n, valAuc: 0.5 });

  it('appends each epoch and starts over at epoch 1 of the next training', () => {
    let log = withEpoch([], { step: 'train1', message: '', epoch: epoch(1) });
    log = withEpoch(log, { step: 'train1', message: '', epoch: epoch(2) });
    expect(log.map((e) => e.epoch)).toEqual([1, 2]);
    expect(withEpoch(log, { step: 'train2', message: '', epoch: epoch(1) })).toEqual([epoch(1)]);
  });

  it('keeps the log as it is on progress without an epoch', () => {
    const log = [epoch(1)];
    expect(withEpoch(log, { step: 'rfm1', message: 'scanning', fraction: 0.5 })).toBe(log);
  });
});

describe('recipes refused before a run', () => {
  it('refuses a recipe over 5 MB and lets a normal one through', () => {
    expect(recipeTooBig(recipe('rfm1'))).toBeUndefined();
    const huge = { ...recipe(), steps: [{ id: 'x', op: 'rfm', params: { pad: 'x'.repeat(6 * 1024 * 1024) } }] };
    expect(recipeTooBig(huge)).toMatch(/^This recipe is 6\.0 MB, more than the 5 MB/);
  });
});
