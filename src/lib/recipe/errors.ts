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
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}
