/**
 * Random one-step recipes over the sample events, their params built from each op's schema
 * (`fuzz-recipes.ts`): every run either succeeds with finite numbers in every table it made, or
 * fails with one line that names the step (or the recipe field) — never a driver's raw message,
 * never a silent NaN or Infinity — and the source it read stays as it was.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { NodeDuckDB } from '../data/node-duckdb';
import { ident } from '../data/sql';
import { OPS } from '../ops/registry';
import { runRecipe } from './engine';
import { PROPERTY_TIMEOUT, fuzzParams } from '../../test-support/fuzz';
import { paramsArb } from '../../test-support/fuzz-recipes';

// Training ops need the training worker and take seconds a case; `pseudonymise` needs a secret
// store. They have their own tests; everything else is fuzzed here.
const SKIP = new Set(['train-classifier', 'train-ncf', 'train-sequence', 'train-ranker', 'score', 'pseudonymise']);
const FUZZED = Object.keys(OPS)
  .filter((op) => !SKIP.has(op))
  .sort();

// The first 3,000 events: every event type, purchases with baskets, reviews.
const EVENTS = readFileSync('public/samples/events.csv', 'utf8').split('\n').slice(0, 3001).join('\n') + '\n';

let db: NodeDuckDB;
let columns: string[];
let eventsChecksum: unknown;
const checksum = async () =>
  (await db.query('SELECT count(*)::DOUBLE AS n, sum(hash(columns(*)))::DOUBLE AS h FROM events')).rows;

beforeAll(async () => {
  db = await NodeDuckDB.create();
  const loaded = await runRecipe(
    { version: 1, sources: [{ name: 'events', file: 'events.csv' }], steps: [] },
    { db, files: { events: new Blob([EVENTS]) } },
  );
  expect(loaded.status).toBe('ok');
  columns = (await db.query('DESCRIBE events')).rows.map((r) => String(r.column_name));
  eventsChecksum = await checksum();
});
afterAll(() => db.close());

const stepArb = () =>
  fc
    .constantFrom(...FUZZED)
    .chain((op) => paramsArb(OPS[op]!.params as never, columns).map((params) => ({ op, params })));

/** DOUBLE/FLOAT columns holding NaN or ±Infinity, in every table the step made. */
async function nonFinite(tables: string[]): Promise<string[]> {
  const bad: string[] = [];
  for (const ref of tables) {
    const [schema, table] = ref.split('.') as [string, string];
    const sql = `${ident(schema)}.${ident(table)}`;
    const cols = (await db.query(`DESCRIBE ${sql}`)).rows.filter((r) =>
      /^(DOUBLE|FLOAT|REAL)$/.test(String(r.column_type)),
    );
    for (const c of cols) {
      const name = ident(String(c.column_name));
      const res = await db.query(`SELECT count(*)::DOUBLE AS n FROM ${sql} WHERE isnan(${name}) OR isinf(${name})`);
      if (Number(res.rows[0]!.n) > 0) bad.push(`${ref}.${String(c.column_name)}`);
    }
  }
  return bad;
}

describe('recipe properties', () => {
  it(
    `a random step of any of ${FUZZED.length} ops succeeds with finite results or fails in one line naming it`,
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(stepArb(), async ({ op, params }) => {
          const id = `s${++n}`;
          const recipe = {
            version: 1,
            sources: [{ name: 'events', file: 'events.csv' }],
            steps: [{ id, op, input: 'events', params }],
          };
          const report = await runRecipe(recipe, { db, only: [id] });
          if (report.status === 'ok') {
            expect(await nonFinite(Object.keys(report.steps[id]!.tables)), `${op} ${JSON.stringify(params)}`).toEqual(
              [],
            );
          } else {
            const error = report.error ?? '';
            expect(error.startsWith(`step '${id}'`) || error.startsWith('recipe: '), `${op}: ${error}`).toBe(true);
            expect(
              error.includes('\n') || error.includes('exception_type') || error.length > 600,
              `${op}: ${error}`,
            ).toBe(false);
          }
          await db.exec(`DROP SCHEMA IF EXISTS ${ident(id)} CASCADE`);
        }),
        fuzzParams(150),
      );
      expect(await checksum()).toEqual(eventsChecksum);
    },
    PROPERTY_TIMEOUT,
  );
});
