import { describeRefusal, sandboxRefusal } from '../privacy/sandbox';
import { RecipeError, oneLine, type ErrorInfo } from '../core/errors';
import { isOutOfMemory } from '../data/crash';
import { WAY_OUT } from '../data/footprint';

/** An error as the report and the UI thread get it: plain data, with DuckDB's sandbox refusals in plain words. */
export function toErrorInfo(err: unknown): ErrorInfo {
  const info = describe(err);
  if (!isOutOfMemory(info.message)) return info;
  const { stack: _stack, ...rest } = info;
  return { ...rest, name: 'RecipeError', message: outOfMemoryLine(info.message) };
}

function describe(err: unknown): ErrorInfo {
  if (err instanceof RecipeError)
    return { name: err.name, message: plainRefusal(err.message), step: err.step, field: err.field };
  if (err instanceof Error) {
    const line = oneLine(err);
    const message = plainRefusal(line);
    return message === line ? { name: err.name, message, stack: err.stack } : { name: 'RecipeError', message };
  }
  return { name: 'Error', message: plainRefusal(oneLine(err)) };
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

/**
 * DuckDB's out-of-memory error (its statement failed; the instance and every table it held are
 * intact) as one line: DuckDB's numbers and the way out, instead of its advice about threads and
 * temp directories, which do not apply in a browser tab.
 */
function outOfMemoryLine(message: string): string {
  // What an op put before DuckDB's words (the step, the table) is kept.
  const at = message.search(/Out of Memory|\{"exception_type"/);
  const before = at > 0 ? message.slice(0, at) : '';
  const said = /could not allocate[^\n]*?\([^)]*\)/i.exec(message)?.[0];
  return `${before}DuckDB ran out of memory${said ? ` (${said})` : ''}; the tables loaded before are kept; ${WAY_OUT}`;
}
