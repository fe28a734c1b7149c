import { describe, expect, it } from 'vitest';
import { OPS } from '../../lib/ops/registry';
import { OP_VIEWS } from './registry';

describe('the op views', () => {
  it('name registered ops only', () => {
    expect(Object.keys(OP_VIEWS).filter((op) => !(op in OPS))).toEqual([]);
  });

  it('list every op past Prepare: only the Prepare ops (cleaning, SQL, profile) are left to the Data view', () => {
    const unlisted = Object.entries(OPS)
      .filter(([op, def]) => def.stage !== 'prepare' && !(op in OP_VIEWS))
      .map(([op]) => op);
    expect(unlisted).toEqual([]);
  });

  it('put the recommenders in the Recommend view and the model steps in Model', () => {
    const inView = (view: string) =>
      Object.keys(OP_VIEWS).filter((op) => OP_VIEWS[op as keyof typeof OP_VIEWS] === view);
    expect(inView('recommend').sort()).toEqual(['recommend', 'train-ncf', 'train-ranker', 'train-sequence']);
    expect(inView('model').sort()).toEqual(['rule-induction', 'score', 'train-classifier']);
  });
});
