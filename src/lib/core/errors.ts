/**
 * Errors the user caused and can fix, and how any error becomes one line naming its step. Ops,
 * the engine and the loaders all throw these, so they sit below all of them.
 */

/** An error the user caused and can fix: its message is shown as is, with no stack. */
export class RecipeError extends Error {
  override name = 'RecipeError';
  constructor(
    message: string,
    readonly step?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function stepError(step: string, field: string | undefined, message: string): RecipeError {
  const where = field ? `step '${step}', field '${field}'` : `step '${step}'`;
  return new RecipeError(`${where}: ${message}`, step, field);
}

/** Errors cross worker boundaries as plain data. */
export interface ErrorInfo {
  name: string;
  message: string;
  stack?: string;
  step?: string;
  field?: string;
}

/**
 * An error thrown while step `step` ran, as one line that names it. The op's own messages already
 * do; anything else (a driver's error, DuckDB's exception as JSON, a stack) is cut to its first
 * meaningful line, so a raw multi-line message with generated SQL never reaches the user.
 */
export function inStep(err: unknown, step: string): Error {
  if (err instanceof RecipeError && err.message.startsWith(`step '${step}'`)) return err;
  // A cancellation is not a failure: it keeps its name so the engine reports it as cancelled.
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'CancelledError')) return err;
  return new RecipeError(`step '${step}': ${oneLine(err)}`, step);
}

const MAX_LINE = 300;

/**
 * What went wrong, in one line. DuckDB-WASM reports its errors as JSON
 * (`{"exception_type":"Catalog","exception_message":"…"}`): that becomes `Catalog Error: …`, as
 * native DuckDB words it. DuckDB's multi-line errors (the statement, a caret) keep their first
 * line, cut to 300 characters.
 */
export function oneLine(err: unknown): string {
  let text = (err instanceof Error ? err.message : String(err)).trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { exception_type?: string; exception_message?: string };
      if (parsed.exception_message)
        text = `${parsed.exception_type ? `${parsed.exception_type} Error: ` : ''}${parsed.exception_message}`;
    } catch {
      // not JSON after all
    }
  }
  const first =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  return first.length > MAX_LINE ? `${first.slice(0, MAX_LINE)}…` : first;
}
