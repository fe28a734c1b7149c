import { describeRefusal, sandboxRefusal } from '../privacy/sandbox';

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
  if (err instanceof RecipeError) return { name: err.name, message: plainRefusal(err.message), step: err.step, field: err.field };
  if (err instanceof Error) {
    const message = plainRefusal(err.message);
    return message === err.message ? { name: err.name, message, stack: err.stack } : { name: 'RecipeError', message };
  }
  return { name: 'Error', message: String(err) };
}

/**
 * DuckDB's sandbox refusals (privacy/sandbox.ts), from whichever op ran the SQL, as one plain line:
 * what the recipe tried to reach, and that it is not allowed; anything before DuckDB's words (the
 * step and field) is kept.
 */
function plainRefusal(message: string): string {
  const refusal = sandboxRefusal(message);
  if (!refusal) return message;
  const at = message.search(/(Permission|Invalid Input|IO|Invalid|Catalog) Error:/);
  return `${at > 0 ? message.slice(0, at) : ''}${describeRefusal(refusal)}`;
}
