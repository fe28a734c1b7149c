/**
 * A recipe's data source: a file and how to read it. The recipe lists its sources; the load op and
 * the text checks before it read one, so its schema sits with the data layer below both.
 */
import { z } from 'zod';
import { NAME_PATTERN } from './sql';
import { ENCODINGS } from './encoding';

/** A source's, a step's or a table's name: letters, digits and _, not starting with a digit. */
export const nameSchema = z
  .string()
  .regex(NAME_PATTERN, 'must be a name of letters, digits and _ (not starting with a digit)');

export const sourceSchema = z.strictObject({
  name: nameSchema,
  /** Path or URL of the file, relative to the recipe file (runner) or the recipe's URL (deep link). */
  file: z.string().min(1),
  format: z.enum(['csv', 'tsv', 'parquet', 'json']).optional(),
  delimiter: z.string().min(1).max(4).optional(),
  /** Text encoding of a CSV/TSV/JSON file; detected when absent (see data/encoding.ts). */
  encoding: z.enum(ENCODINGS).optional(),
  /**
   * How the file writes numbers (CSV/TSV): detected per column when left out; recorded once the
   * load has read every number column one way. Settles a column that reads both ways (`1.234`).
   */
  decimal: z.enum(['.', ',']).optional(),
  thousands: z.enum(['', ',', '.', ' ', "'"]).optional(),
  /** Refuse a CSV with a quote that is never closed, instead of loading it with a warning. */
  strictQuotes: z.boolean().optional(),
  /**
   * Where the loaded table lives: DuckDB's memory, or its database file in the browser's private
   * file system, paged from disk (data/storage.ts). Chosen by the file's size when left out.
   */
  storage: z.enum(['memory', 'opfs']).optional(),
  /**
   * Load only these columns (all when absent): a Parquet file's others are never read, a CSV's are
   * skipped by DuckDB. The way to fit a wide file into the browser's memory.
   */
  columns: z.array(z.string().min(1)).min(1).optional(),
});

export type Source = z.infer<typeof sourceSchema>;
