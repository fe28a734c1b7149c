import { describe, expect, it } from 'vitest';
import type { ModelMeta } from '../../lib/protocol/training';
import type { Report } from '../../lib/recipe/report';
import { emptyRecipe, type Step } from '../../lib/recipe/schema';
import { RecipeHistory } from './history.svelte';
import { Notices } from './notices.svelte';
import { ModelRegistry } from './registry.svelte';
import { Results } from './results.svelte';
import type { Workers } from './workers.svelte';

const train: Step = { id: 'train1', op: 'train-classifier', input: 'features1.features', params: { label: 'churned' } };

/** A registry over a training worker that keeps its models in a list; `calls` records what it was asked. */
function setUp() {
  const saved: ModelMeta[] = [];
  const calls: string[] = [];
  const training = {
    listModels: async () => [...saved],
    saveModel: async (stepId: string, meta: Omit<ModelMeta, 'id' | 'created' | 'backend'>) => {
      const full = { ...meta, id: `m${saved.length + 1}`, created: 'now' } as ModelMeta;
      saved.unshift(full);
      calls.push(`save ${stepId}`);
      return { meta: full };
    },
    deleteModel: async (id: string) =>
      void saved.splice(
        saved.findIndex((m) => m.id === id),
        1,
      ),
    importModel: async () => {
      throw new Error('custodian.json is missing: pick the three files of one exported model');
    },
    pause: async () => void calls.push('pause'),
    resume: async () => void calls.push('resume'),
  };
  const results = new Results({} as never);
  const notices = new Notices();
  const history = new RecipeHistory(results, notices, () => false);
  const registry = new ModelRegistry({ training } as unknown as Workers, history, results, notices);
  return { registry, history, results, notices, calls };
}

describe('the model registry', () => {
  it('saves the model a step trained under a name the step records (an edit Undo can take back)', async () => {
    const { registry, history, results } = setUp();
    history.commit({ ...emptyRecipe(), steps: [train] });
    const modelMeta = { kind: 'classifier', model: 'logistic', label: 'churned', features: ['recency'] };
    results.report = { steps: { train1: { status: 'ok', summary: { modelMeta } } } } as unknown as Report;
    const meta = await registry.save('train1', 'churn v1');
    expect(meta).toMatchObject({ id: 'm1', name: 'churn v1', label: 'churned' });
    expect(history.recipe.steps[0]!.params).toEqual({ label: 'churned', save: 'churn v1' });
    expect(history.past).toHaveLength(2); // the step's addition, then its name
    expect(registry.models.map((m) => m.name)).toEqual(['churn v1']);
    await registry.delete('m1');
    expect(registry.models).toEqual([]);
  });

  it('says a step has nothing to save before it trained', async () => {
    const { registry, history, notices, calls } = setUp();
    history.commit({ ...emptyRecipe(), steps: [train] });
    expect(await registry.save('train1', 'x')).toBeUndefined();
    expect(notices.error).toBe("Step 'train1' has no trained model to save: train it first.");
    expect(calls).toEqual([]);
  });

  it('puts a refused import in the error line', async () => {
    const { registry, notices } = setUp();
    expect(await registry.import([new File(['{}'], 'model.json')])).toBeUndefined();
    expect(notices.error).toBe('custodian.json is missing: pick the three files of one exported model');
  });

  it('shows the training paused once the worker paused it, and running once it resumed', async () => {
    const { registry, calls } = setUp();
    await registry.pause();
    expect(registry.paused).toBe(true);
    await registry.resume();
    expect(registry.paused).toBe(false);
    expect(calls).toEqual(['pause', 'resume']);
  });
});
