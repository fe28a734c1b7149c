/**
 * A cancel through the engine, as the compute worker wires it: the run's AbortSignal is the
 * training worker's stop flag. The training step ends `cancelled` (not an error), later steps are
 * skipped, the report says `cancelled` with no error line, and no tensor is left behind.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { NodeDuckDB } from '../data/node-duckdb';
import { runRecipe } from './engine';
import { mergeReports } from './merge';
import { trainSequenceModel } from '../ml/sequence-model';
import type { Trainer } from '../ops/types';
import { runKinds } from '../../test-support/run-kinds';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await tf.setBackend('cpu');
});
afterAll(() => db.close());

// The first 4,000 events of the sample shop: a GRU epoch of a second or so on the CPU backend.
const EVENTS = readFileSync('public/samples/events.csv', 'utf8').split('\n').slice(0, 4001).join('\n');
const recipe = {
  version: 1,
  sources: [{ name: 'events', file: 'events.csv' }],
  steps: [
    {
      id: 'next_item',
      op: 'train-sequence',
      input: 'events',
      params: {
        customer: 'customer_id',
        item: 'item_id',
        time: 'ts',
        event: null,
        epochs: 200,
        factors: 8,
        maxLength: 5,
      },
    },
    { id: 'rfm1', op: 'rfm', input: 'events', params: { customer: 'customer_id', time: 'ts', amount: 'amount' } },
  ],
};

describe('engine: cancel', () => {
  it(
    'ends a training step as cancelled when the run is aborted mid-training, and skips the rest',
    { timeout: 120_000 },
    async () => {
      const controller = new AbortController();
      const trainer: Trainer = {
        train: () => Promise.reject(new Error('not used')),
        run: runKinds({
          sequence: (req, onEpoch) =>
            trainSequenceModel(
              tf,
              req,
              { name: 'cpu', reasons: [] },
              { onEpoch, shouldStop: () => controller.signal.aborted },
            ),
        }),
      };
      const before = tf.memory().numTensors;
      let epochs = 0;
      let abortedAt = 0;
      const report = await runRecipe(recipe, {
        db,
        trainer,
        signal: controller.signal,
        files: { events: new Blob([EVENTS]) },
        onProgress: (p) => {
          // The user presses Cancel once the first epoch shows, from a later task (as a click is).
          if (!p.epoch || ++epochs > 1) return;
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 0);
        },
      });
      const latency = performance.now() - abortedAt;
      expect(report.status).toBe('cancelled');
      expect(report.error).toBeUndefined();
      expect(report.steps.events!.status).toBe('ok');
      expect(report.steps.next_item!.status).toBe('cancelled');
      expect(report.steps.next_item!.error).toEqual({ name: 'Cancelled', message: "step 'next_item': cancelled" });
      expect(report.steps.rfm1!.status).toBe('skipped');
      expect(epochs).toBeLessThan(5);
      expect(latency).toBeLessThan(2000);
      expect(tf.memory().numTensors).toBe(before);

      // Folded into an earlier report, the run still reads as cancelled, not failed.
      const merged = mergeReports({ ...report, status: 'ok', steps: { events: report.steps.events! } }, report);
      expect(merged.status).toBe('cancelled');
      expect(merged.error).toBeUndefined();
    },
  );

  it('skips the steps a cancel came before, and still reports a failure before it as an error', async () => {
    const controller = new AbortController();
    controller.abort();
    // A partial run reuses the loaded events table.
    const stopped = await runRecipe(recipe, { db, signal: controller.signal, only: ['rfm1'] });
    expect(stopped.status).toBe('cancelled');
    expect(stopped.error).toBeUndefined();
    expect(stopped.steps.rfm1).toMatchObject({ status: 'skipped', error: { message: 'cancelled' } });

    const bad = { id: 'bad', op: 'rfm', input: 'events', params: { customer: 'nope', time: 'ts', amount: 'amount' } };
    const failed = await runRecipe({ ...recipe, steps: [bad, recipe.steps[1]!] }, { db, only: ['bad', 'rfm1'] });
    expect(failed.status).toBe('error');
    expect(failed.error).toMatch(/^step 'bad', field 'customer': column 'nope' not found/);
    expect(failed.steps.rfm1!.error?.message).toBe('an earlier step failed');
  });
});
