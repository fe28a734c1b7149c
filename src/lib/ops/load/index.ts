/** `load`: a recipe source (CSV/TSV, Parquet, JSON) into a DuckDB table of the same name. */
import { RecipeError } from '../../core/errors';
import { isCancellation } from '../../ml/cancel';
import type { Source } from '../../data/source';
import { ident, literal } from '../../data/sql';
import { sniffText } from '../../data/sniff';
import { countRows, tableColumns } from '../../data/connector';
import { prepareText } from '../../data/prepare';
import { duckLoadReason, rejectsMessage } from '../../data/load-errors';
import type { OpContext, OpResult } from '../types';
import { MAX_JSON_BYTES, mb } from '../../data/bounded-read';
import { isOutOfMemory } from '../../data/crash';
import {
  csvFootprint,
  footprintRefusal,
  jsonFootprint,
  parquetFootprint,
  parseDuckSize,
  WAY_OUT,
  type Budget,
  type Footprint,
} from '../../data/footprint';
import { detectEncoding } from '../../data/encoding';
import {
  DISK_CATALOG,
  chooseStorage,
  dropFromDisk,
  sourceKey,
  onDisk,
  recordOnDisk,
  reusableOnDisk,
} from '../../data/storage';
import {
  applyNumbers,
  checkQuotes,
  nullNonFinite,
  planNumbers,
  quoteRefusal,
  varcharTypes,
  type LoadNotes,
  type NumberPlan,
} from './numbers';

const HEAD_BYTES = 64 * 1024;
/**
 * DuckDB-WASM lives in 32-bit WebAssembly memory (4 GiB at most, shared with everything else it
 * holds): a file near that size cannot be loaded into memory, so say so before trying rather than
 * lose the tab. Storage outside memory (OPFS) is bounded by the footprint estimate's storage rules.
 */
export const MAX_FILE_BYTES = 3 * 1024 ** 3;

export interface LoadOptions {
  /**
   * Where DuckDB keeps the table: in memory (the default: MAX_FILE_BYTES and the footprint estimate
   * against its memory limit apply), or in a database persisted in the browser's storage (OPFS),
   * which DuckDB can page out of memory.
   */
  storage?: 'memory' | 'opfs';
}
const SPREADSHEET = /\.(xlsx|xlsm|xlsb|xls|ods)$/i;

export function sourceFormat(source: Source): NonNullable<Source['format']> {
  if (source.format) return source.format;
  const ext = source.file.toLowerCase().split(/[?#]/)[0]!.split('.').pop();
  if (ext === 'parquet') return 'parquet';
  if (ext === 'json' || ext === 'ndjson' || ext === 'jsonl') return 'json';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  return 'csv';
}

export async function loadSource(
  ctx: OpContext,
  source: Source,
  file: Blob,
  options: LoadOptions = {},
): Promise<OpResult> {
  const label = `source '${source.name}' (${source.file})`;
  const format = sourceFormat(source);
  if (SPREADSHEET.test(source.file)) {
    throw new RecipeError(
      `${label}: spreadsheets are not read yet (no well-kept library reads them in a worker without the network); ` +
        `save the sheet as CSV and load that`,
      source.name,
    );
  }
  if (file.size === 0) throw new RecipeError(`${label}: the file is empty`, source.name);
  if (format === 'json' && file.size > MAX_JSON_BYTES) {
    throw new RecipeError(
      `${label}: a JSON file is read whole, and ${mb(file.size)} is over the ${mb(MAX_JSON_BYTES)} that allows; ` +
        `convert it to Parquet or CSV, which are read piece by piece ` +
        `(e.g. duckdb -c "COPY (FROM '${source.file}') TO 'out.parquet'"), or run the recipe with the native engine`,
      source.name,
    );
  }

  // Memory or the database file in OPFS (data/storage.ts); a file already on disk is not read again.
  let choice = chooseStorage({
    requested: options.storage ?? source.storage,
    bytes: file.size,
    format,
    disk: await ctx.db.diskStatus?.(),
  });
  if (choice.storage === 'opfs') {
    // The file may have to be made first (DuckDB starts again on it): a failure to open it keeps the table in memory.
    const opened = await ctx.db.ensureDisk!();
    if (!opened.available) choice = chooseStorage({ requested: 'opfs', bytes: file.size, format, disk: opened });
  }
  if (choice.storage === 'memory' && file.size > (ctx.db.maxFileBytes ?? MAX_FILE_BYTES)) {
    throw new RecipeError(
      `${label}: ${(file.size / 1024 ** 3).toFixed(1)} GB is more than this browser tab can hold in memory ` +
        `(DuckDB-WASM has at most 4 GB); ${WAY_OUT}`,
      source.name,
    );
  }
  // A connector with no disk at all (the native one in tests and the runner) says nothing of it.
  const where: Record<string, string> = ctx.db.diskStatus
    ? { storage: choice.storage, storageReason: choice.reason }
    : {};
  if (choice.storage === 'opfs') {
    const fingerprint = sourceKey(source, file);
    const kept = await reusableOnDisk(ctx.db, source.name, fingerprint);
    if (kept) {
      ctx.progress({ message: `${source.file}: the table on disk holds this file, not read again`, fraction: 1 });
      return { tables: [source.name], summary: { ...kept.summary, ...where, reused: true } };
    }
    const res = await onDisk(ctx.db, source.name, () => readSource(ctx, source, file, label, format, choice.storage));
    await recordOnDisk(ctx.db, { name: source.name, fingerprint, summary: res.summary });
    return { ...res, summary: { ...res.summary, ...where } };
  }
  if (await diskOpen(ctx)) await dropFromDisk(ctx.db, source.name);
  const res = await readSource(ctx, source, file, label, format, choice.storage);
  return { ...res, summary: { ...res.summary, ...where } };
}

/** Whether DuckDB has the OPFS database open (a table of the source's name there would be a stale copy). */
async function diskOpen(ctx: OpContext): Promise<boolean> {
  if (!ctx.db.diskStatus) return false;
  const res = await ctx.db.query(
    `SELECT count(*)::INT AS n FROM duckdb_databases() WHERE database_name = ${literal(DISK_CATALOG)}`,
  );
  return Number(res.rows[0]?.n ?? 0) > 0;
}

async function readSource(
  ctx: OpContext,
  source: Source,
  file: Blob,
  label: string,
  format: NonNullable<Source['format']>,
  storage: 'memory' | 'opfs',
): Promise<OpResult> {
  ctx.progress({ message: `reading ${source.file} (${(file.size / 1e6).toFixed(1)} MB)` });

  let delimiter = source.delimiter ?? (format === 'tsv' ? '\t' : undefined);
  const keep = source.columns;
  // Parquet's footer says what the load will hold: refuse before a row is read.
  let parquetPath: string | undefined;
  if (format === 'parquet') {
    parquetPath = await ctx.db.registerFile(`${source.name}.parquet`, file);
    let info;
    try {
      info = await ctx.db.parquetInfo(parquetPath);
    } catch (err) {
      await ctx.db.dropFile(parquetPath).catch(() => undefined);
      throw new RecipeError(`${label}: could not be read as PARQUET — ${duckLoadReason(err)}`, source.name);
    }
    try {
      checkKept(
        label,
        source,
        info.columns.map((c) => c.name),
      );
      if (storage === 'memory') await refuseUnfit(ctx, label, source, parquetFootprint(info, keep));
    } catch (err) {
      await ctx.db.dropFile(parquetPath).catch(() => undefined);
      throw err;
    }
  } else if (storage === 'memory' && format === 'json') {
    await refuseUnfit(ctx, label, source, jsonFootprint(file.size));
  } else if (storage === 'memory') {
    await refuseUnfit(ctx, label, source, await csvHeadFootprint(file, source, delimiter));
  }
  // Encoding, shape and size checks; the file DuckDB reads may be a transcoded or reshaped copy.
  const prepared = await prepareText(label, source, format, file, ctx);
  // Reading and checking a large file takes seconds of script, where DuckDB has no query to interrupt.
  ctx.signal.throwIfAborted();
  file = prepared.file;
  if (format === 'csv' || format === 'tsv') {
    const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    const sniff = sniffText(head, file.size);
    if (sniff.kind === 'empty') throw new RecipeError(`${label}: the file is empty`, source.name);
    if (sniff.kind === 'binary') {
      throw new RecipeError(`${label}: this does not look like a CSV text file — ${sniff.reason}`, source.name);
    }
    delimiter ??= sniff.delimiter;
    await prepared.checkCsv(sniff.headerFields);
    ctx.signal.throwIfAborted();
    file = prepared.file;
    // DuckDB keeps the quotes of a quoted first header name that follows a UTF-8 BOM (`"id"` for
    // Excel's "CSV UTF-8" export of `"id",…`): read from after the BOM (a lazy slice, no copy).
    const start = new Uint8Array(await file.slice(0, 3).arrayBuffer());
    if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) file = file.slice(3);
  }

  const ext = format === 'tsv' ? 'csv' : format;
  const path = parquetPath ?? (await ctx.db.registerFile(`${source.name}.${ext}`, file));
  const table = ident(source.name);
  const rejects = ident(`__rejects_${source.name}`);
  const rejectsScan = ident(`__rejects_scan_${source.name}`);
  const staging = ident(`__import_${source.name}`);
  const dialect = `read_csv(${literal(path)}, header = true, delim = ${literal(delimiter ?? ',')}`;
  const isText = format === 'csv' || format === 'tsv';
  // Number formats DuckDB does not read (decimal commas) are read as text, then converted.
  const numbers = isText
    ? keptNumbers(await planNumbers(ctx.db, `${dialect}, all_varchar = true)`, source, delimiter ?? ','), keep)
    : undefined;
  if (isText && keep) {
    const header = await tableColumns(ctx.db, `${dialect}, all_varchar = true)`);
    checkKept(
      label,
      source,
      header.map((c) => c.name),
    );
  }
  const projection = keep ? keep.map(ident).join(', ') : '*';
  const reader =
    `${dialect}, store_rejects = true, ` +
    `rejects_table = ${literal(rejects.slice(1, -1))}, rejects_scan = ${literal(rejectsScan.slice(1, -1))}${numbers ? varcharTypes(numbers) : ''})`;
  const notes: LoadNotes[] = [];
  ctx.signal.throwIfAborted();

  // One transaction: a file that fails leaves any table already loaded under this name intact.
  await ctx.db.exec('BEGIN TRANSACTION');
  try {
    if (isText) {
      await ctx.db.exec(`CREATE OR REPLACE TABLE ${table} AS SELECT ${projection} FROM ${reader}`);
      await assertNoRejects(ctx, label, rejects).catch(async (err: unknown) => {
        throw (await quoteRefusal(label, source, file, delimiter ?? ',')) ?? err;
      });
      notes.push(await checkQuotes(ctx.db, label, source, table, file, delimiter ?? ','));
      if (numbers) notes.push(await applyNumbers(ctx.db, table, numbers, source));
    } else {
      await ctx.db.exec(`DROP TABLE IF EXISTS ${staging}`);
      // Parquet reads only the kept columns; JSON is read whole (it is small: MAX_JSON_BYTES).
      // The answer to each row group's progress stops the read there once the run is cancelled.
      await ctx.db.importFile(staging.slice(1, -1), path, format, keep, (done, total) => {
        ctx.progress({ message: `read row group ${done} of ${total}`, fraction: done / total });
        return !ctx.signal.aborted;
      });
      ctx.signal.throwIfAborted();
      await ctx.db.exec(`DROP TABLE IF EXISTS ${table}`);
      if (format === 'json' && keep) {
        checkKept(
          label,
          source,
          (await tableColumns(ctx.db, staging)).map((c) => c.name),
        );
        await ctx.db.exec(`CREATE TABLE ${table} AS SELECT ${projection} FROM ${staging}`);
        await ctx.db.exec(`DROP TABLE ${staging}`);
      } else {
        // A rename, not a copy: a table as large as memory allows would not fit twice.
        await ctx.db.exec(`ALTER TABLE ${staging} RENAME TO ${table}`);
      }
    }
    notes.push(await nullNonFinite(ctx.db, table));
    // A cancel between statements interrupts none of them: it still leaves the table as it was.
    ctx.signal.throwIfAborted();
    await ctx.db.exec('COMMIT');
  } catch (err) {
    await ctx.db.exec('ROLLBACK').catch(() => undefined);
    if (err instanceof RecipeError || isCancellation(err)) throw err;
    // A cancel stops a Parquet read between batches, with an error from DuckDB's worker.
    ctx.signal.throwIfAborted();
    if (isOutOfMemory(err)) throw new RecipeError(await outOfMemory(ctx, label, err), source.name);
    if (err instanceof Error && err.name === 'DuckDBCrashed')
      throw new RecipeError(`${label}: ${err.message}`, source.name);
    throw new RecipeError(
      `${label}: could not be read as ${format.toUpperCase()} — ${duckLoadReason(err)}`,
      source.name,
    );
  } finally {
    if (isText) {
      for (const t of [rejects, rejectsScan]) await ctx.db.exec(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    }
    await ctx.db.dropFile(path).catch(() => undefined);
  }
  const rows = await countRows(ctx.db, table);
  const columns = await tableColumns(ctx.db, table);
  ctx.progress({ message: `loaded ${rows} rows`, fraction: 1 });
  const warnings = notes.flatMap((n) => n.warnings);
  return {
    tables: [source.name],
    summary: {
      rows,
      columns: columns.map((c) => ({ name: c.name, type: c.type })),
      format,
      bytes: prepared.bytes,
      ...prepared.summary,
      ...Object.assign({}, ...notes.map((n) => n.summary)),
      ...(warnings.length ? { warnings } : {}),
    },
  };
}

async function assertNoRejects(ctx: OpContext, label: string, rejects: string): Promise<void> {
  // DuckDB may log several rejects for one line (one per extra field): report each line once,
  // with its last-detected error, which carries the line's full field count.
  const res = await ctx.db.query(`
    WITH per_line AS (SELECT line::DOUBLE AS line, arg_max(error_message, column_idx) AS error_message,
      arg_max(error_type::VARCHAR, column_idx) AS error_type, arg_max(column_name, column_idx) AS column_name FROM ${rejects} GROUP BY line)
    SELECT count(*) OVER ()::DOUBLE AS n, line, error_message, error_type, column_name FROM per_line ORDER BY line LIMIT 3`);
  const first = res.rows[0];
  if (!first) return;
  const examples = res.rows.map((r) => ({
    line: Number(r.line),
    type: String(r.error_type).replace(/ /g, '_'),
    column: r.column_name === null ? null : String(r.column_name),
    message: String(r.error_message),
  }));
  throw new RecipeError(`${label}: ${rejectsMessage(Number(first.n), examples)}`);
}

/** The source's `columns` must name columns of the file: say which do not, and what it has. */
function checkKept(label: string, source: Source, names: string[]): void {
  if (!source.columns) return;
  const have = new Set(names);
  const missing = source.columns.filter((c) => !have.has(c));
  if (missing.length === 0) return;
  throw new RecipeError(
    `${label}: the source's columns name ${missing.map((c) => `'${c}'`).join(', ')}, which the file does not have ` +
      `(it has ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})`,
    source.name,
  );
}

/** The number conversions of the kept columns only. */
function keptNumbers(plan: NumberPlan | undefined, keep: string[] | undefined): NumberPlan | undefined {
  if (!plan || !keep) return plan;
  const kept = new Set(keep);
  return {
    ...plan,
    convert: plan.convert.filter((c) => kept.has(c.column)),
    ambiguous: plan.ambiguous.filter((c) => kept.has(c.column)),
    currency: plan.currency.filter((c) => kept.has(c.column)),
  };
}

/** DuckDB's memory limit and what it holds now. */
export async function duckBudget(ctx: Pick<OpContext, 'db'>): Promise<Budget | undefined> {
  try {
    const res = await ctx.db.query(
      `SELECT current_setting('memory_limit') AS lim, (SELECT sum(memory_usage_bytes) FROM duckdb_memory())::DOUBLE AS used`,
    );
    const limit = parseDuckSize(String(res.rows[0]?.lim ?? ''));
    return limit ? { limit, inUse: Number(res.rows[0]?.used ?? 0) } : undefined;
  } catch {
    return undefined;
  }
}

/** Refuse, before reading it, a load whose estimated table does not fit DuckDB's free memory. */
async function refuseUnfit(ctx: OpContext, label: string, source: Source, estimate: Footprint): Promise<void> {
  // A connector with no file ceiling (native DuckDB with a spill folder) pages what does not fit.
  if (ctx.db.maxFileBytes === Number.POSITIVE_INFINITY) return;
  const budget = await duckBudget(ctx);
  if (!budget) return;
  const why = footprintRefusal(estimate, budget);
  if (why) throw new RecipeError(`${label}: ${why}`, source.name);
}

/** A CSV/TSV's footprint from its first 64 KB (decoded in its encoding; its delimiter sniffed). */
async function csvHeadFootprint(file: Blob, source: Source, delimiter: string | undefined): Promise<Footprint> {
  const raw = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const encoding = source.encoding ?? detectEncoding(raw).encoding;
  const text = new TextDecoder(encoding).decode(raw).replace(/^\ufeff/, '');
  const sniff = sniffText(new TextEncoder().encode(text), file.size);
  const delim = delimiter ?? (sniff.kind === 'text' ? sniff.delimiter : ',');
  return csvFootprint(file.size, { text, bytes: raw.length, delimiter: delim }, source.columns);
}

/** DuckDB's out-of-memory error as one line: the source, DuckDB's numbers, what is kept, the way out. */
async function outOfMemory(ctx: OpContext, label: string, err: unknown): Promise<string> {
  const said = /could not allocate[^\n]*?\([^)]*\)/i.exec(err instanceof Error ? err.message : String(err))?.[0];
  const budget = await duckBudget(ctx);
  return (
    `${label}: DuckDB ran out of memory loading it` +
    (said ? ` (${said})` : '') +
    (budget ? `; its limit is ${mb(budget.limit)}` : '') +
    `. The tables loaded before are kept; ${WAY_OUT}`
  );
}
