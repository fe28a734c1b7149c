/**
 * Streaming feature rows from DuckDB to TF.js in fixed-size chunks, so a training set is never
 * one big array or tensor. The compute worker materialises the usable rows once, ordered by a
 * stable key, assigns each row a split part and a position (seeded, stratified), and then answers
 * "chunk k of part p" with one range query (`pos ∈ [k·chunkRows, (k+1)·chunkRows)`) on a table
 * stored in (part, pos) order, so DuckDB's zone maps skip everything else. The training worker
 * pulls chunks as it needs them (one ahead) and cuts them into mini-batches (subarray views).
 *
 * Tables in the step's schema while a step runs (dropped by `dispose`):
 *   _rows   rn, e (entity text or NULL), y, f0 … f{d−1}   usable rows, rn by (e, y, f…)
 *   _split  rn, part (0 train, 1 validation, 2 test), pos
 *   _data   part, pos, rn, e, y, f…                        ordered by (part, pos)
 */
import { tableFromIPC, tableToIPC, makeData, makeVector, Table, Int32, Float64, type Vector } from 'apache-arrow';
import type { DbConnector } from '../data/connector';
import { ident } from '../data/sql';
import { doubleSql } from '../features/transform';
import { SPLIT_PARTS, type ChunkSource, type FeatureChunk, type SplitPart } from '../protocol/training';
import { Rng } from '../util/rng';
import { stratifiedSplit } from './split';

/** Rows per chunk: about 4 MiB of float32 features, a whole number of mini-batches. */
export function chunkRowsFor(nFeatures: number, batchSize: number, targetFloats = 1 << 20): number {
  const rows = Math.max(batchSize, Math.floor(targetFloats / Math.max(1, nFeatures)));
  return Math.max(1, Math.floor(rows / batchSize)) * batchSize;
}

/** Mini-batches of one chunk as views (no copies); the last one may be short. */
export function* minibatches(chunk: FeatureChunk, nFeatures: number, batchSize: number): Generator<FeatureChunk> {
  for (let start = 0; start < chunk.rows; start += batchSize) {
    const rows = Math.min(batchSize, chunk.rows - start);
    yield {
      x: chunk.x.subarray(start * nFeatures, (start + rows) * nFeatures),
      y: chunk.y.length ? chunk.y.subarray(start, start + rows) : chunk.y,
      rows,
    };
  }
}

/** The chunks of one part in order, the next one requested while the caller works on this one. */
export async function* chunksOf(source: ChunkSource, part: SplitPart): AsyncGenerator<FeatureChunk> {
  let next = source(part, 0);
  try {
    for (let index = 1; ; index++) {
      const chunk = await next;
      if (!chunk || chunk.rows === 0) return;
      next = source(part, index);
      yield chunk;
    }
  } finally {
    // A caller that stops early (cancel, early stop) leaves one prefetch in flight: let it settle quietly.
    next.catch(() => {});
  }
}

/** A ChunkSource over rows already in memory (tests, benchmarks): the same chunking as DuckDB's. */
export function arraySource(
  parts: Record<SplitPart, { x: Float32Array; y: Float32Array }>,
  nFeatures: number,
  chunkRows: number,
): ChunkSource {
  return async (part, index) => {
    const { x, y } = parts[part];
    const start = index * chunkRows;
    if (start >= y.length) return null;
    const end = Math.min(y.length, start + chunkRows);
    // Copies, as a transfer from another worker would be.
    return { x: x.slice(start * nFeatures, end * nFeatures), y: y.slice(start, end), rows: end - start };
  };
}

/**
 * An Arrow IPC stream from typed columns (Int32 or Float64), built from buffers: Arrow's builders
 * compile code with `new Function`, which the app's CSP forbids (see data/arrow.ts).
 */
export function typedColumnsToIPC(columns: Record<string, Int32Array | Float64Array>): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, data] of Object.entries(columns)) {
    vectors[name] =
      data instanceof Int32Array
        ? makeVector(makeData({ type: new Int32(), length: data.length, data }))
        : makeVector(makeData({ type: new Float64(), length: data.length, data }));
  }
  return tableToIPC(new Table(vectors), 'stream');
}

/** A chunk from an IPC result with FLOAT columns f0 … f{d−1} (and `y` when labelled), row-major. */
export function chunkFromIPC(ipc: Uint8Array, nFeatures: number, labelled: boolean): FeatureChunk {
  const table = tableFromIPC(ipc);
  const rows = table.numRows;
  const x = new Float32Array(rows * nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const column = table.getChild(`f${f}`)!.toArray() as ArrayLike<number>;
    for (let r = 0; r < rows; r++) x[r * nFeatures + f] = column[r]!;
  }
  const y = labelled ? Float32Array.from(table.getChild('y')!.toArray() as ArrayLike<number>) : new Float32Array(0);
  return { x, y, rows };
}

/** `(f_i − mean_i) / std_i` as FLOAT columns f0 … f{d−1}: the standardisation the model was fitted with. */
export function standardizedSql(
  scale: { mean: number[]; std: number[] },
  column = (i: number) => ident(`f${i}`),
): string {
  return scale.mean
    .map((m, i) => `((${column(i)} - ${doubleSql(m)}) / ${doubleSql(scale.std[i]!)})::FLOAT AS ${ident(`f${i}`)}`)
    .join(', ');
}

export interface SplitRows {
  counts: Record<SplitPart, number>;
  /** Labels of each part in chunk order (what the training worker's scores line up with). */
  labels: Record<SplitPart, Float32Array>;
  /** Population mean and sd of each feature over the training part (sd 0 → 1), in float64. */
  standardization: { mean: number[]; std: number[] };
  chunkRows: number;
  source: ChunkSource;
  /** Table `_data` (part, pos, rn, e, y, f…), for joining scores back to entities. */
  dataSql: string;
  dispose(): Promise<void>;
}

/**
 * Materialise `baseSql` (columns e, y, f0 … f{d−1}; complete rows only) in `schema`, split it and
 * serve standardised chunks. `stableOrder` lists the columns that fix the row order whatever order
 * DuckDB's parallel scan produced (entity first when there is one).
 */
export async function splitRows(
  db: DbConnector,
  opts: {
    schema: string;
    baseSql: string;
    nFeatures: number;
    fractions: { validation: number; test: number };
    seed: number;
    batchSize: number;
  },
): Promise<SplitRows> {
  const s = ident(opts.schema);
  const d = opts.nFeatures;
  const tmp = (name: string) => `${s}.${ident(name)}`;
  const order = ['e', 'y', ...Array.from({ length: d }, (_, i) => `f${i}`)].map(ident).join(', ');
  const dispose = async () => {
    for (const t of ['_rows', '_split', '_data']) await db.exec(`DROP TABLE IF EXISTS ${tmp(t)}`);
  };
  await dispose();
  try {
    await db.exec(
      `CREATE TABLE ${tmp('_rows')} AS SELECT (row_number() OVER (ORDER BY ${order}) - 1)::INTEGER AS rn, * FROM (${opts.baseSql})`,
    );
    const yTable = tableFromIPC(await db.arrowIPC(`SELECT y::FLOAT AS y FROM ${tmp('_rows')} ORDER BY rn`));
    const y = Float32Array.from(yTable.getChild('y')!.toArray() as ArrayLike<number>);
    const split = stratifiedSplit(y, opts.fractions, opts.seed);
    // The split keeps validation and test grouped by class; shuffle them (seeded) so any prefix,
    // such as the rows permutation importance uses, is a fair sample.
    const rng = new Rng(opts.seed + 1);
    const parts: Record<SplitPart, Int32Array> = {
      train: split.train,
      validation: Int32Array.from(rng.shuffle(Array.from(split.validation))),
      test: Int32Array.from(rng.shuffle(Array.from(split.test))),
    };
    const n = y.length;
    const [rn, part, pos] = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
    let at = 0;
    SPLIT_PARTS.forEach((name, k) =>
      parts[name].forEach((row, i) => {
        [rn[at], part[at], pos[at]] = [row, k, i];
        at++;
      }),
    );
    await db.insertArrow(opts.schema, '_split', typedColumnsToIPC({ rn, part, pos }));
    await db.exec(
      `CREATE TABLE ${tmp('_data')} AS SELECT s.part, s.pos, r.* FROM ${tmp('_split')} s JOIN ${tmp('_rows')} r USING (rn) ORDER BY s.part, s.pos`,
    );
    const stats =
      (
        await db.query(
          `SELECT ${Array.from({ length: d }, (_, i) => `avg(f${i})::DOUBLE AS m${i}, stddev_pop(f${i})::DOUBLE AS s${i}`).join(', ')} FROM ${tmp('_data')} WHERE part = 0`,
        )
      ).rows[0] ?? {};
    const standardization = {
      mean: Array.from({ length: d }, (_, i) => Number(stats[`m${i}`] ?? 0)),
      std: Array.from({ length: d }, (_, i) => Number(stats[`s${i}`]) || 1),
    };
    const chunkRows = chunkRowsFor(d, opts.batchSize);
    const features = standardizedSql(standardization);
    const counts = Object.fromEntries(SPLIT_PARTS.map((p) => [p, parts[p].length])) as Record<SplitPart, number>;
    const source: ChunkSource = async (p, index) => {
      const start = index * chunkRows;
      if (start >= counts[p]) return null;
      const ipc = await db.arrowIPC(
        `SELECT ${features}, y::FLOAT AS y FROM ${tmp('_data')} WHERE part = ${SPLIT_PARTS.indexOf(p)} AND pos >= ${start} AND pos < ${start + chunkRows} ORDER BY pos`,
      );
      return chunkFromIPC(ipc, d, true);
    };
    const labels = Object.fromEntries(
      SPLIT_PARTS.map((p) => [p, Float32Array.from(parts[p], (row) => y[row]!)]),
    ) as Record<SplitPart, Float32Array>;
    return { counts, labels, standardization, chunkRows, source, dataSql: tmp('_data'), dispose };
  } catch (err) {
    await dispose().catch(() => {});
    throw err;
  }
}
