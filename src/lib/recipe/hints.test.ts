import { describe, it, expect } from 'vitest';
import { stageHint, viewOf, type HintFacts, type OpViews } from './hints';
import { stageStates, type StageId } from './stages';
import type { Recipe, Step } from './schema';
import type { Report, StepReport } from './report';

const source = { name: 'retail', file: 'online_retail.csv' };
// The UI's list of op views (src/ui/ops/registry.ts) for the ops these tests use.
const VIEWS: OpViews = {
  rfm: 'rfm',
  clv: 'clv',
  features: 'features',
  transform: 'features',
  select: 'features',
  kmeans: 'segments',
  'assoc-rules': 'rules',
  recommend: 'recommend',
  'train-sequence': 'recommend',
  'train-classifier': 'model',
  'evaluate-recs': 'compare',
  fairness: 'fairness',
  drift: 'monitor',
};

/** Facts for a recipe whose every step ran (or, with `pending`, these did not). */
function facts(
  recipe: Partial<Recipe>,
  opts: { pending?: string[]; savedModels?: string[]; views?: OpViews } = {},
): HintFacts {
  const full: Recipe = { version: 1, sources: [], steps: [], ...recipe };
  const ok: StepReport = { op: 'x', status: 'ok', startedAt: '2026-01-01T00:00:00Z', ms: 1, tables: {} };
  const ran = [...full.sources.map((s) => s.name), ...full.steps.map((s) => s.id)].filter(
    (id) => !opts.pending?.includes(id),
  );
  const report: Report = {
    app: { name: 'custodian', version: '0' },
    status: 'ok',
    recipe: full,
    environment: {},
    startedAt: '',
    ms: 0,
    steps: Object.fromEntries(ran.map((id) => [id, ok])),
    egress: { offOrigin: [] },
  };
  return {
    recipe: full,
    states: stageStates(full, report),
    savedModels: opts.savedModels ?? [],
    views: opts.views ?? VIEWS,
  };
}
const step = (id: string, op: string, params: Record<string, unknown> = {}, input = 'retail'): Step => ({
  id,
  op,
  input,
  params,
});
const roles = { retail: { CustomerID: 'customer', InvoiceDate: 'time' } };
const ALL: StageId[] = ['prepare', 'explore', 'features', 'train', 'test', 'apply', 'monitor'];

describe('stage hints', () => {
  it('with nothing loaded, every stage says to load a file first', () => {
    for (const stage of ALL) expect(stageHint(stage, facts({}))).toEqual({ id: 'load', view: 'data' });
  });

  it('Prepare: check the roles of a loaded file, then profile it, then explore (never "load a file" again)', () => {
    expect(stageHint('prepare', facts({ sources: [source] }))).toEqual({
      id: 'roles',
      view: 'data',
      subject: 'retail',
    });
    expect(stageHint('prepare', facts({ sources: [source], roles }))).toEqual({
      id: 'profile',
      view: 'data',
      subject: 'retail',
    });
    expect(stageHint('prepare', facts({ sources: [source], roles, steps: [step('profile1', 'profile')] })).id).toBe(
      'explore',
    );
  });

  it('a step of the recipe not run yet (a template\u2019s) comes first, pointing to its own view', () => {
    const credit = {
      sources: [{ name: 'credit', file: 'credit.csv' }],
      steps: [
        step('profile', 'profile', {}, 'credit'),
        step('drivers', 'select', {}, 'credit'),
        step('risk', 'train-classifier', {}, 'drivers'),
        step('fairness', 'fairness', {}, 'risk'),
      ],
    };
    expect(stageHint('test', facts(credit, { pending: ['risk', 'fairness'] }))).toEqual({
      id: 'runStep',
      view: 'model',
      subject: 'risk',
    });
    expect(stageHint('prepare', facts(credit, { pending: ['fairness'] }))).toEqual({
      id: 'runStep',
      view: 'fairness',
      subject: 'fairness',
    });
    // Once it all ran, Test points to the model's metrics, not to comparing recommenders it has none of.
    expect(stageHint('test', facts(credit))).toEqual({ id: 'metrics', view: 'model', subject: 'risk' });
  });

  it('Explore and Features suggest what is missing, in order', () => {
    const base = { sources: [source], roles };
    expect(stageHint('explore', facts(base)).id).toBe('rfm');
    expect(stageHint('explore', facts({ ...base, steps: [step('rfm1', 'rfm')] })).id).toBe('clv');
    expect(stageHint('explore', facts({ ...base, steps: [step('rfm1', 'rfm'), step('clv1', 'clv')] })).id).toBe(
      'features',
    );
    expect(stageHint('features', facts(base)).id).toBe('features');
    expect(stageHint('features', facts({ ...base, steps: [step('f1', 'features')] }))).toEqual({
      id: 'transform',
      view: 'features',
      subject: 'f1',
    });
    expect(
      stageHint('features', facts({ ...base, steps: [step('f1', 'features'), step('t1', 'transform', {}, 'f1')] })).id,
    ).toBe('model');
  });

  it('Train: segments need a per-customer table; then bundles, a recommender, a churn model', () => {
    const base = { sources: [source], roles };
    expect(stageHint('train', facts(base))).toEqual({ id: 'perCustomer', view: 'rfm' });
    const steps = [step('rfm1', 'rfm')];
    expect(stageHint('train', facts({ ...base, steps }))).toEqual({
      id: 'segments',
      view: 'segments',
      subject: 'rfm1',
    });
    steps.push(step('seg1', 'kmeans', {}, 'rfm1'));
    expect(stageHint('train', facts({ ...base, steps })).id).toBe('rules');
    steps.push(step('rules1', 'assoc-rules'));
    expect(stageHint('train', facts({ ...base, steps })).id).toBe('recommend');
    steps.push(step('recs1', 'recommend'));
    expect(stageHint('train', facts({ ...base, steps })).id).toBe('model');
    steps.push(step('m1', 'train-classifier', {}, 'rfm1'));
    expect(stageHint('train', facts({ ...base, steps }))).toEqual({ id: 'test', view: 'compare' });
  });

  it('Test: compare recommenders only when there are some; fairness for a classifier', () => {
    const base = { sources: [source], roles };
    expect(stageHint('test', facts(base)).id).toBe('trainFirst');
    expect(stageHint('test', facts({ ...base, steps: [step('recs1', 'recommend')] })).id).toBe('compare');
    expect(
      stageHint('test', facts({ ...base, steps: [step('recs1', 'recommend'), step('eval1', 'evaluate-recs')] })).id,
    ).toBe('export');
    expect(stageHint('test', facts({ ...base, steps: [step('m1', 'train-classifier')] }))).toEqual({
      id: 'fairness',
      view: 'fairness',
      subject: 'm1',
    });
  });

  it('Apply: a saved model is scored in Train \u2192 Model; an unsaved one is saved first', () => {
    const base = { sources: [source], roles };
    expect(stageHint('apply', facts(base)).id).toBe('nothingToExport');
    expect(stageHint('apply', facts({ ...base, steps: [step('m1', 'train-classifier')] }))).toEqual({
      id: 'saveModel',
      view: 'model',
      subject: 'm1',
    });
    expect(
      stageHint('apply', facts({ ...base, steps: [step('m1', 'train-classifier', { save: 'churn mlp' })] })),
    ).toEqual({ id: 'score', view: 'model', subject: 'churn mlp' });
    // A model saved in this browser's registry by an earlier session counts too.
    expect(
      stageHint('apply', facts({ ...base, steps: [step('rfm1', 'rfm')] }, { savedModels: ['old model'] })),
    ).toEqual({ id: 'score', view: 'model', subject: 'old model' });
    expect(
      stageHint(
        'apply',
        facts({ ...base, steps: [step('m1', 'train-classifier', { save: 'x' }), step('s1', 'score', { model: 'x' })] }),
      ).id,
    ).toBe('export');
  });

  it('Monitor: drift needs a second table to compare with', () => {
    expect(stageHint('monitor', facts({ sources: [source], roles })).id).toBe('loadNewer');
    const two = { sources: [source, { name: 'retail_2011', file: 'b.csv' }], roles };
    expect(stageHint('monitor', facts(two))).toEqual({ id: 'drift', view: 'monitor' });
    expect(stageHint('monitor', facts({ ...two, steps: [step('d1', 'drift', { reference: 'retail_2011' })] })).id).toBe(
      'driftAgain',
    );
  });

  it('an op lives in its listed view, else in Data', () => {
    expect(['rfm', 'evaluate-recs', 'train-sequence', 'filter', 'sql'].map((op) => viewOf(op, VIEWS))).toEqual([
      'rfm',
      'compare',
      'recommend',
      'data',
      'data',
    ]);
  });

  it('the recommenders are the ops listed in the Recommend view, whatever their name', () => {
    const base = { sources: [source], roles, steps: [step('r1', 'rfm'), step('seg1', 'kmeans', {}, 'r1')] };
    const steps = [...base.steps, step('rules1', 'assoc-rules'), step('tw1', 'two-tower')];
    expect(stageHint('train', facts({ ...base, steps })).id).toBe('recommend');
    const views = { ...VIEWS, 'two-tower': 'recommend' } as const;
    expect(stageHint('train', facts({ ...base, steps }, { views })).id).toBe('model');
    expect(stageHint('test', facts({ ...base, steps }, { views })).id).toBe('compare');
  });
});
