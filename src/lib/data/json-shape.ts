/**
 * The shape of a JSON source, checked in JavaScript before DuckDB reads it: DuckDB's JSON reader
 * crashes on deep nesting, splits a pretty-printed object by lines, and turns a bare scalar into
 * an internal exception. Arrays of records and NDJSON go to DuckDB as they are; an object holding
 * one array of records (an API dump) is read as that array; one plain object is one row.
 */

/** Deeper nesting is refused: DuckDB's reader recurses once per level. */
export const MAX_JSON_DEPTH = 100;
const WHAT_TO_DO =
  'a JSON source must be an array of objects, one object per line (NDJSON), or an object holding one such array';

export type JsonPlan =
  | { kind: 'as-is'; shape: 'array' | 'ndjson' }
  /** Give DuckDB this text (an array) instead; `shape` says what was found. */
  | { kind: 'rewrite'; shape: string; text: string };

export class JsonShapeError extends Error {}

export function planJson(text: string): JsonPlan {
  const start = text.search(/\S/);
  if (start < 0) throw new JsonShapeError('the file is empty');
  const depth = maxDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    throw new JsonShapeError(
      `it is nested more than ${MAX_JSON_DEPTH} levels deep, which is not a table of records; ${WHAT_TO_DO}`,
    );
  }
  const first = text[start]!;
  if (first === '[') return { kind: 'as-is', shape: 'array' };
  if (first !== '{') {
    const value = tryParse(text);
    const what = value.ok ? describe(value.value) : 'text that is not JSON';
    throw new JsonShapeError(`it holds ${what}, not records; ${WHAT_TO_DO}`);
  }
  const lines = text.split('\n');
  const firstLine = tryParse(lines[0]!);
  const more = lines.slice(1).some((l) => l.trim() !== '');
  if (firstLine.ok && more) {
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = tryParse(line);
      if (!parsed.ok)
        throw new JsonShapeError(
          `line ${i + 1} is not valid JSON (cut short, or a stray character), unlike line 1; fix or remove that line`,
        );
      if (!isRecord(parsed.value))
        throw new JsonShapeError(`line ${i + 1} holds ${describe(parsed.value)}, not a record; ${WHAT_TO_DO}`);
    });
    return { kind: 'as-is', shape: 'ndjson' };
  }
  const whole = tryParse(text);
  if (!whole.ok) {
    const line = whole.line ? ` near line ${whole.line}` : '';
    throw new JsonShapeError(
      `it is not valid JSON${line} (cut short, or a stray character); fix the file, or export it again`,
    );
  }
  const obj = whole.value as Record<string, unknown>;
  const arrays = Object.keys(obj).filter(
    (k) => Array.isArray(obj[k]) && (obj[k] as unknown[]).length > 0 && (obj[k] as unknown[]).every(isRecord),
  );
  if (arrays.length === 1)
    return { kind: 'rewrite', shape: `the records in "${arrays[0]}"`, text: JSON.stringify(obj[arrays[0]!]) };
  if (arrays.length > 1) {
    throw new JsonShapeError(
      `it is one object holding ${arrays.length} arrays of records (${arrays.map((k) => `"${k}"`).join(', ')}); save the one you want as a file of its own`,
    );
  }
  return { kind: 'rewrite', shape: 'one object, read as one row', text: `[${JSON.stringify(obj)}]` };
}

function isRecord(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'only null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a single ${typeof v === 'boolean' ? 'true/false value' : typeof v}`;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; line?: number } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const at = /position (\d+)/.exec(String((err as Error).message));
    return { ok: false, line: at ? text.slice(0, Number(at[1])).split('\n').length : undefined };
  }
}

/** The deepest nesting of [ and { outside strings; stops counting once past the limit. */
function maxDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > MAX_JSON_DEPTH) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}
