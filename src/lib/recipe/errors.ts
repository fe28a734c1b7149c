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

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof RecipeError) return { name: err.name, message: err.message, step: err.step, field: err.field };
  if (err instanceof Error) return { name: err.name, message: oneLine(err), stack: err.stack };
  return { name: 'Error', message: oneLine(err) };
}

/**
 * What went wrong, in one line. DuckDB-WASM reports its errors as JSON
 * (`{"exception_type":"Catalog","exception_message":"…"}`): that becomes `Catalog Error: …`, as
 * native DuckDB words it. DuckDB's multi-line errors (the statement, a caret) keep their first line.
 */
export function oneLine(err: unknown): string {
  let message = err instanceof Error ? err.message : String(err);
  const json = /^\s*\{/.test(message) ? parseJson(message) : undefined;
  if (json && typeof json.exception_message === 'string') {
    const type = typeof json.exception_type === 'string' && json.exception_type !== '' ? `${json.exception_type} Error: ` : '';
    message = `${type}${json.exception_message}`;
  }
  return message.split('\n').find((l) => l.trim() !== '')?.trim() ?? message;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
