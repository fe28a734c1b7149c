/**
 * The model registry, in this browser's IndexedDB (the training worker opens it): weights and
 * topology through TF.js's own `indexeddb://custodian-model-<id>` handler (database
 * `tensorflowjs`), and what a model needs to be applied later (features, the fitted transforms,
 * standardisation, metrics, data fingerprint…, see ModelMeta) through `idb` in database
 * `custodian-models`, store `models`, keyed by id. "Forget everything" deletes both databases.
 *
 * Export writes three files: model.json and weights.bin in TF.js's layers format (the same
 * `weightsManifest` layout `tf.io.browserDownloads` writes, so `tf.loadLayersModel` can read them
 * anywhere) and custodian.json (the metadata). Import reads them back under a new id.
 * Connections are opened per call and closed at once, so a deletion is never blocked.
 */
import type * as TF from '@tensorflow/tfjs';
import { openDB } from 'idb';
import { z } from 'zod';
import type { ModelFile, ModelMeta } from '../protocol/training';

type Tf = typeof TF;

export const MODELS_DB = 'custodian-models';
const STORE = 'models';
const FILE_KIND = 'custodian-model';

export const modelUrl = (id: string) => `indexeddb://custodian-model-${id}`;

/** The parts of custodian.json that applying a model relies on; the rest is informational. */
const META = z.looseObject({
  name: z.string().min(1),
  kind: z.literal('classifier'),
  features: z.array(z.string()).min(1),
  entity: z.string().nullable(),
  label: z.string(),
  transforms: z.looseObject({ input: z.string(), fitted: z.array(z.unknown()) }).nullable(),
  standardization: z.strictObject({ mean: z.array(z.number()), std: z.array(z.number()) }),
  threshold: z.number(),
});

export interface ModelStore {
  list(): Promise<ModelMeta[]>;
  /** By id, else by name. */
  find(ref: string): Promise<ModelMeta | undefined>;
  /** Store a model; one already saved under the same name is replaced (its id is reported). */
  save(
    artifacts: TF.io.ModelArtifacts,
    meta: Omit<ModelMeta, 'id' | 'created'>,
  ): Promise<{ meta: ModelMeta; replaced: string | null }>;
  load(id: string): Promise<TF.LayersModel>;
  remove(id: string): Promise<void>;
  exportFiles(id: string): Promise<ModelFile[]>;
  importFiles(files: ModelFile[]): Promise<ModelMeta>;
}

function open(name: string) {
  return openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore(STORE, { keyPath: 'id' });
    },
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });
}

export function modelStore(tf: Tf, dbName = MODELS_DB): ModelStore {
  const withDb = async <T>(work: (db: Awaited<ReturnType<typeof open>>) => Promise<T>): Promise<T> => {
    const db = await open(dbName);
    try {
      return await work(db);
    } finally {
      db.close();
    }
  };
  // Listing (and finding) never creates the database: looking at the registry leaves nothing in storage.
  const exists = async () => {
    const names = await indexedDB.databases?.().then(
      (d) => d.map((x) => x.name),
      () => undefined,
    );
    return !names || names.includes(dbName);
  };
  const list = async () =>
    (await exists())
      ? withDb(async (db) =>
          ((await db.getAll(STORE)) as ModelMeta[]).sort((a, b) => b.created.localeCompare(a.created)),
        )
      : [];
  const find = async (ref: string) => {
    const all = await list();
    return all.find((m) => m.id === ref) ?? all.find((m) => m.name === ref);
  };
  const remove = async (id: string) => {
    await tf.io.removeModel(modelUrl(id)).catch(() => {}); // weights may already be gone
    await withDb((db) => db.delete(STORE, id));
  };
  const put = async (artifacts: TF.io.ModelArtifacts, fields: Omit<ModelMeta, 'id' | 'created'>) => {
    const meta: ModelMeta = { ...fields, id: newId(), created: new Date().toISOString() };
    await tf.io.getSaveHandlers(modelUrl(meta.id))[0]!.save!(artifacts);
    await withDb((db) => db.put(STORE, meta));
    return meta;
  };
  const artifactsOf = async (id: string) => {
    const handler = tf.io.getLoadHandlers(modelUrl(id))[0];
    if (!handler?.load) throw new Error(`model '${id}' has no stored weights`);
    return handler.load();
  };

  return {
    list,
    find,
    remove,
    async save(artifacts, fields) {
      const previous = (await list()).find((m) => m.name === fields.name);
      const meta = await put(artifacts, fields);
      if (previous) await remove(previous.id);
      return { meta, replaced: previous?.id ?? null };
    },
    async load(id) {
      return tf.loadLayersModel(modelUrl(id));
    },
    async exportFiles(id) {
      const meta = (await list()).find((m) => m.id === id);
      if (!meta) throw new Error(`no saved model '${id}'`);
      const a = await artifactsOf(id);
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData!));
      const modelJson = {
        format: a.format ?? 'layers-model',
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy ?? null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
      };
      const text = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 1));
      return [
        { name: 'model.json', bytes: text(modelJson) },
        { name: 'weights.bin', bytes: weights },
        { name: 'custodian.json', bytes: text({ kind: FILE_KIND, version: 1, meta }) },
      ];
    },
    async importFiles(files) {
      const { modelJson, weights, meta } = readFiles(files);
      const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
      const expected = specs.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
      if (specs.some((w) => w.dtype !== undefined && w.dtype !== 'float32'))
        throw new Error('model.json: only float32 weights can be imported');
      if (weights.byteLength !== expected)
        throw new Error(`weights.bin has ${weights.byteLength} bytes; model.json describes ${expected}`);
      const taken = new Set((await list()).map((m) => m.name));
      let name = meta.name;
      for (let i = 2; taken.has(name); i++) name = `${meta.name} (imported${i > 2 ? ` ${i - 1}` : ''})`;
      const artifacts: TF.io.ModelArtifacts = {
        modelTopology: modelJson.modelTopology as TF.io.ModelArtifacts['modelTopology'],
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy ?? undefined,
        weightSpecs: specs,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
      };
      const { id: _id, created: _created, ...rest } = meta as unknown as ModelMeta;
      return put(artifacts, { ...rest, name });
    },
  };
}

interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: unknown;
  weightsManifest: Array<{ paths: string[]; weights: TF.io.WeightsManifestEntry[] }>;
}

/** The three export files, told apart by content (browsers rename repeated downloads: `model (1).json`). */
function readFiles(files: ModelFile[]): { modelJson: ModelJson; weights: Uint8Array; meta: z.infer<typeof META> } {
  let modelJson: ModelJson | undefined;
  let meta: z.infer<typeof META> | undefined;
  let weights: Uint8Array | undefined;
  for (const f of files) {
    const json = parseJson(f.bytes);
    if (json && typeof json === 'object' && 'modelTopology' in json && 'weightsManifest' in json)
      modelJson = json as ModelJson;
    else if (json && typeof json === 'object' && (json as { kind?: unknown }).kind === FILE_KIND) {
      const parsed = META.safeParse((json as { meta?: unknown }).meta);
      if (!parsed.success)
        throw new Error(
          `${f.name}: not a Custodian model description (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`,
        );
      meta = parsed.data;
    } else if (json === undefined) weights = f.bytes;
    else throw new Error(`${f.name}: neither model.json, weights.bin nor custodian.json`);
  }
  const missing = [!modelJson && 'model.json', !weights && 'weights.bin', !meta && 'custodian.json'].filter(Boolean);
  if (missing.length)
    throw new Error(`import needs model.json, weights.bin and custodian.json; missing ${missing.join(', ')}`);
  return { modelJson: modelJson!, weights: weights!, meta: meta! };
}

function parseJson(bytes: Uint8Array): unknown {
  // Weights are raw float32s: only text that starts like JSON is parsed.
  if (bytes[0] !== 0x7b) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

function newId(): string {
  return crypto.randomUUID().replaceAll('-', '').slice(0, 12);
}
