import { describe, it, expect } from 'vitest';
import type { z } from 'zod';
import { OPS } from './registry';
import { STAGES } from './types';

/** The top-level fields of an op's params schema (through refinements, pipes and defaults). */
function fieldsOf(schema: z.ZodType): string[] {
  const s = schema as unknown as { shape?: Record<string, unknown>; def?: { in?: z.ZodType; innerType?: z.ZodType } };
  if (s.shape) return Object.keys(s.shape);
  if (s.def?.in) return fieldsOf(s.def.in);
  if (s.def?.innerType) return fieldsOf(s.def.innerType);
  throw new Error('not an object schema');
}

const ops = Object.values(OPS);
const stages: readonly string[] = STAGES.map((s) => s.id);

describe('the op contract: every registered op declares what the rest of the app derives', () => {
  it('registers each op once under its own name', () => {
    expect(ops.length).toBeGreaterThan(30);
    for (const [name, op] of Object.entries(OPS)) expect(op.name).toBe(name);
  });

  it.each(ops.map((op) => [op.name, op] as const))(
    '%s: a stage and its outputs, the primary table among them',
    (_, op) => {
      expect(stages).toContain(op.stage);
      const outputs = Object.entries(op.outputs);
      expect(outputs.length).toBeGreaterThan(0);
      expect(Object.keys(op.outputs)).toContain(op.primaryTable);
      for (const [table, out] of outputs) {
        expect(table).toMatch(/^[a-z_]+$/);
        expect(out.description.length).toBeGreaterThan(5);
        expect(new Set(out.columns).size).toBe(out.columns.length);
      }
    },
  );

  it.each(ops.map((op) => [op.name, op] as const))(
    '%s: its column, table and report declarations name real params and tables',
    (_, op) => {
      const fields = fieldsOf(op.params as z.ZodType);
      for (const field of Object.keys(op.columns ?? {})) expect(fields, `columns.${field}`).toContain(field);
      for (const [param, spec] of Object.entries(op.tableParams ?? {})) {
        expect(fields, `tableParams.${param}`).toContain(param);
        for (const key of Object.keys(spec.keys ?? {}))
          expect(fields, `tableParams.${param}.keys.${key}`).toContain(key);
      }
      for (const table of Object.keys(op.reportReads ?? {})) expect(Object.keys(op.outputs)).toContain(table);
      // Key figures read a summary as saved, which may lack any field: never a throw.
      expect(Array.isArray(op.keyFigures?.({}) ?? [])).toBe(true);
    },
  );

  it('knows every table-naming param of every op: a string param ending in Table is declared', () => {
    for (const op of ops) {
      const named = fieldsOf(op.params as z.ZodType).filter((f) => /Table$/.test(f));
      expect(Object.keys(op.tableParams ?? {}), op.name).toEqual(expect.arrayContaining(named));
    }
  });
});
