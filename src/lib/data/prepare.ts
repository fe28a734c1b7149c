/**
 * What `load` does to a text source before DuckDB reads it: find its encoding and transcode it to
 * UTF-8, check a JSON file's shape, and check a CSV file's size and lines (precheck.ts). Each
 * refusal is a RecipeError of one line naming the source; the summary says what was found.
 */
import { RecipeError } from '../core/errors';
import type { Source } from './source';
import type { Progress } from '../core/step';
import type { Json } from '../core/json';
import { detectEncoding, encodingLabel, transcodeToUtf8, type Encoding } from './encoding';
import { HEAD_BYTES, headProblem, mixedLineEnds, normaliseLineEnds, scanProblem, scanText } from './precheck';
import { JsonShapeError, planJson } from './json-shape';
import { MAX_JSON_BYTES, readWholeBytes } from './bounded-read';

export interface Prepared {
  /** The file DuckDB is to read (the original, or a UTF-8 / reshaped / normalised copy). */
  file: Blob;
  /** The original file's size. */
  bytes: number;
  summary: Record<string, Json>;
  /** CSV only, after the delimiter is known: refuses what DuckDB cannot read, normalises line ends. */
  checkCsv(headerFields: number): Promise<void>;
}

export async function prepareText(
  label: string,
  source: Source,
  format: 'csv' | 'tsv' | 'parquet' | 'json',
  original: Blob,
  ctx: { progress(p: Omit<Progress, 'step'>): void; signal?: AbortSignal },
): Promise<Prepared> {
  const prepared: Prepared = { file: original, bytes: original.size, summary: {}, checkCsv: async () => undefined };
  if (format === 'parquet') return prepared;
  const fail = (why: string) => new RecipeError(`${label}: ${why}`, source.name);

  const head = new Uint8Array(await original.slice(0, HEAD_BYTES).arrayBuffer());
  const detected = source.encoding ? { encoding: source.encoding, by: 'source' } : detectEncoding(head);
  const encoding: Encoding = detected.encoding;
  prepared.summary.encoding = encoding;
  prepared.summary.encodingDetectedBy = detected.by;

  if (format === 'json') {
    // Bounded: the load refuses a JSON file over MAX_JSON_BYTES before it gets here.
    const bytes = await readWholeBytes(original, MAX_JSON_BYTES);
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: encoding === 'utf-8' }).decode(bytes);
    } catch {
      throw fail(`it is not valid UTF-8 text; export it again as UTF-8, or set the source's encoding`);
    }
    try {
      const plan = planJson(text);
      prepared.summary.shape = plan.shape;
      if (plan.kind === 'rewrite') prepared.file = new Blob([plan.text]);
      else if (encoding !== 'utf-8') prepared.file = new Blob([text]);
    } catch (err) {
      if (err instanceof JsonShapeError) throw fail(err.message);
      throw err;
    }
    return prepared;
  }

  if (encoding !== 'utf-8') {
    ctx.progress({ message: `converting ${source.file} from ${encodingLabel(encoding)} to UTF-8` });
    const { blob, replaced } = await transcodeToUtf8(original, encoding, ctx.signal);
    prepared.file = blob;
    if (replaced > 0) prepared.summary.unreadableCharacters = replaced;
  }
  prepared.checkCsv = async (headerFields) => {
    const text = new TextDecoder().decode(new Uint8Array(await prepared.file.slice(0, HEAD_BYTES).arrayBuffer()), {
      stream: true,
    });
    const early = headProblem(text, prepared.file.size, headerFields);
    if (early) throw fail(early);
    const scan = await scanText(prepared.file, ctx.signal);
    const problem = scanProblem(scan, source.encoding !== undefined);
    if (problem) throw fail(problem);
    if (mixedLineEnds(scan)) {
      prepared.file = await normaliseLineEnds(prepared.file, ctx.signal);
      prepared.summary.lineEnds = `mixed (${scan.crlf} CRLF, ${scan.lf} LF, ${scan.cr} CR), read as LF`;
    }
  };
  return prepared;
}
