import 'fake-indexeddb/auto';
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { modelStore, modelUrl } from './model-store';
import { buildClassifier, captureArtifacts, predictArray } from './train-classifier';
import { Rng } from '../util/rng';
import type { ModelMeta } from '../protocol/training';

// TF.js's indexeddb:// handler only runs where it believes it is in a browser, and finds
// IndexedDB on `self`; fake-indexeddb provides the database itself.
beforeAll(async () => {
  (globalThis as { self?: unknown }).self ??= globalThis;
  tf.env().set('IS_BROWSER', true);
  await tf.setBackend('cpu');
});

const meta = (name: string): Omit<ModelMeta, 'id' | 'created'> => ({
  name,
  kind: 'classifier',
  model: 'mlp',
  hidden: [5],
  step: { id: 'm1', op: 'train-classifier', input: 'f1', params: {} },
  features: ['a', 'b', 'c'],
  entity: 'customer_id',
  label: 'churned',
  transforms: null,
  standardization: { mean: [0, 1, 2], std: [1, 2, 3] },
  threshold: 0.5,
  metrics: { auc: 0.8 },
  fingerprint: { rows: 10, columns: 'x', sample: 'y' },
  backend: 'cpu',
  split: { seed: 42, train: 6, validation: 2, test: 2, stratified: true },
  appVersion: 'test',
});

/** A model with non-trivial weights (a few Adam-free random draws) and rows to predict. */
async function fixture() {
  const { model } = buildClassifier(tf, 3, [5], 7);
  const rng = new Rng(5);
  model.setWeights(
    model.getWeights().map((w) =>
      tf.tensor(
        Float32Array.from({ length: w.size }, () => rng.normal()),
        w.shape,
      ),
    ),
  );
  const x = Float32Array.from({ length: 60 }, () => rng.normal());
  const expected = await predictArray(tf, model, x, 20, 3);
  const artifacts = await captureArtifacts(tf, model);
  model.dispose();
  return { artifacts, x, expected };
}

describe('model registry (IndexedDB)', () => {
  it('saves, lists, finds, loads and deletes; the same name replaces the older model', async () => {
    const store = modelStore(tf, 'models-test-1');
    const { artifacts, x, expected } = await fixture();
    const first = await store.save(artifacts, meta('churn'));
    expect(first.replaced).toBeNull();
    expect(await store.find('churn')).toMatchObject({ id: first.meta.id, name: 'churn', features: ['a', 'b', 'c'] });
    expect(await store.find(first.meta.id)).toMatchObject({ name: 'churn' });
    const model = await store.load(first.meta.id);
    expect(Array.from(await predictArray(tf, model, x, 20, 3))).toEqual(Array.from(expected));
    model.dispose();

    const second = await store.save(artifacts, meta('churn'));
    expect(second.replaced).toBe(first.meta.id);
    expect((await store.list()).map((m) => m.id)).toEqual([second.meta.id]);
    // The replaced model's weights are gone too.
    expect(Object.keys(await tf.io.listModels())).not.toContain(modelUrl(first.meta.id));
    await store.remove(second.meta.id);
    expect(await store.list()).toEqual([]);
    expect(Object.keys(await tf.io.listModels())).not.toContain(modelUrl(second.meta.id));
  });

  it('exports model.json + weights.bin + custodian.json and imports them to identical predictions', async () => {
    const store = modelStore(tf, 'models-test-2');
    const { artifacts, x, expected } = await fixture();
    const { meta: saved } = await store.save(artifacts, meta('churn'));
    const files = await store.exportFiles(saved.id);
    expect(files.map((f) => f.name)).toEqual(['model.json', 'weights.bin', 'custodian.json']);
    // 3·5 + 5 + (3 + 5)·1 + 1 = 29 float32 weights (the output unit also sees the 3 inputs).
    expect(files[1]!.bytes.byteLength).toBe(29 * 4);
    const modelJson = JSON.parse(new TextDecoder().decode(files[0]!.bytes));
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(modelJson.format).toBe('layers-model');

    await store.remove(saved.id);
    // Any order, any file names (a browser may have renamed repeated downloads).
    const imported = await store.importFiles([{ ...files[2]!, name: 'custodian (1).json' }, files[1]!, files[0]!]);
    expect(imported.id).not.toBe(saved.id);
    expect(imported).toMatchObject({
      name: 'churn',
      standardization: saved.standardization,
      fingerprint: saved.fingerprint,
    });
    const model = await store.load(imported.id);
    const again = await predictArray(tf, model, x, 20, 3);
    model.dispose();
    again.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 6));

    // A second import keeps both, under a new name.
    const twice = await store.importFiles(files);
    expect(twice.name).toBe('churn (imported)');
  });

  it('explains files it cannot import', async () => {
    const store = modelStore(tf, 'models-test-3');
    const { artifacts } = await fixture();
    const { meta: saved } = await store.save(artifacts, meta('m'));
    const files = await store.exportFiles(saved.id);
    await expect(store.importFiles(files.slice(0, 2))).rejects.toThrow(
      'import needs model.json, weights.bin and custodian.json; missing custodian.json',
    );
    await expect(
      store.importFiles([files[0]!, { name: 'weights.bin', bytes: new Uint8Array(8) }, files[2]!]),
    ).rejects.toThrow('weights.bin has 8 bytes; model.json describes 116');
    const bad = new TextEncoder().encode(JSON.stringify({ kind: 'custodian-model', meta: { name: 'x' } }));
    await expect(store.importFiles([files[0]!, files[1]!, { name: 'c.json', bytes: bad }])).rejects.toThrow(
      /^c\.json: not a Custodian model description \(kind: /,
    );
    await expect(store.exportFiles('nope')).rejects.toThrow("no saved model 'nope'");
  });
});
