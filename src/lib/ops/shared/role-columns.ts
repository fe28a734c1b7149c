/**
 * Column defaults from roles, for ops whose column params may be left out (so a template recipe
 * runs on anyone's data once its roles are mapped): the param when given (`null` = "no such
 * column"), else the column mapped to the role in the data workspace, else the one whose name
 * suggests it.
 */
import { inferRoles, type Role } from '../../data/roles';
import type { ColumnInfo } from '../../data/connector';
import { stepError } from '../../core/errors';
import type { StepInput } from '../types';

export function resolveRole(
  param: string | null | undefined,
  role: Role,
  columns: ColumnInfo[],
  mapped?: Record<string, string>,
): string | undefined {
  if (param === null) return undefined;
  if (param !== undefined) return param;
  const inferred = inferRoles(columns);
  return (
    columns.find((c) => mapped?.[c.name] === role)?.name ??
    columns.find((c) => inferred[c.name] === role && !mapped?.[c.name])?.name
  );
}

/** As resolveRole, but a missing column is a step error naming the field. */
export function requireRole(
  step: StepInput,
  field: string,
  param: string | null | undefined,
  role: Role,
  what: string,
): string {
  const columns = step.inputColumns ?? [];
  const found = resolveRole(param, role, columns, step.roles);
  if (!found)
    throw stepError(step.id, field, `no ${what} column: name one (columns: ${columns.map((c) => c.name).join(', ')})`);
  return found;
}
