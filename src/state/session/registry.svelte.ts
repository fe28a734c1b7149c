/** The saved classifiers in this browser's model registry, and pausing the one in training. */
import * as Comlink from 'comlink';
import { t } from '../../i18n';
import type { ModelFile, ModelMeta } from '../../lib/protocol/training';
import { transferablesOf } from '../../lib/protocol/training';
import { upsertStep } from '../../lib/recipe/edit';
import { oneLine } from '../../lib/core/errors';
import type { RecipeHistory } from './history.svelte';
import type { Notices } from './notices.svelte';
import type { Results } from './results.svelte';
import type { Workers } from './workers.svelte';

export class ModelRegistry {
  /** Newest first. */
  models = $state.raw<ModelMeta[]>([]);
  /** The classifier in training is paused (its worker waits before the next mini-batch). */
  paused = $state(false);

  constructor(
    private readonly workers: Workers,
    private readonly history: RecipeHistory,
    private readonly results: Results,
    private readonly notices: Notices,
  ) {}

  async refresh(): Promise<void> {
    this.models = await this.workers.training.listModels();
  }

  /** Save the model a train-classifier step trained last; the recipe step records the name. */
  async save(stepId: string, name: string): Promise<ModelMeta | undefined> {
    const summary = this.results.report?.steps[stepId]?.summary;
    const step = this.history.recipe.steps.find((s) => s.id === stepId);
    if (!summary?.modelMeta || !step) {
      this.notices.error = t.shell.noModelToSave(stepId);
      return undefined;
    }
    try {
      const { meta } = await this.workers.training.saveModel(stepId, {
        ...(summary.modelMeta as unknown as Omit<ModelMeta, 'id' | 'created' | 'backend' | 'name'>),
        name,
      });
      const saved = { ...step, params: { ...(step.params as object), save: name } };
      // Saving changes no table (`save` is not part of stepDefinition): the result stays current.
      this.history.commit(upsertStep(this.history.recipe, saved));
      await this.refresh();
      return meta;
    } catch (err) {
      this.notices.error = oneLine(err);
      return undefined;
    }
  }

  async delete(id: string): Promise<void> {
    await this.workers.training.deleteModel(id);
    await this.refresh();
  }

  /** model.json, weights.bin and custodian.json of a saved model. */
  export(id: string): Promise<ModelFile[]> {
    return this.workers.training.exportModel(id);
  }

  async import(files: File[]): Promise<ModelMeta | undefined> {
    try {
      const read = await Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      const meta = await this.workers.training.importModel(
        Comlink.transfer(read, transferablesOf(...read.map((f) => f.bytes))),
      );
      await this.refresh();
      return meta;
    } catch (err) {
      this.notices.error = oneLine(err);
      return undefined;
    }
  }

  async pause(): Promise<void> {
    await this.workers.training.pause();
    this.paused = true;
  }

  async resume(): Promise<void> {
    await this.workers.training.resume();
    this.paused = false;
  }
}
