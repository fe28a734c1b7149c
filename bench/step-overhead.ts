/**
 * Where a step's time goes on native DuckDB (one thread): the rfm and assoc-rules steps on cleaned
 * Online Retail through the engine, each query timed. `npx tsx bench/step-overhead.ts [--trace]`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeDuckDB } from '../src/lib/data/node-duckdb';
import { runRecipe } from '../src/lib/recipe/engine';
import { SHARED_DATA } from '../src/test-support/shared-data';

const trace = process.argv.includes('--trace');
const db = await NodeDuckDB.create({ threads: 1 });
const calls: Array<[string, number]> = [];
for (const name of ['query', 'exec', 'arrowIPC', 'insertArrow'] as const) {
  const orig = (db[name] as (...a: unknown[]) => Promise<unknown>).bind(db);
  (db as unknown as Record<string, unknown>)[name] = async (...a: unknown[]) => {
    const t0 = performance.now();
    try {
      return await orig(...a);
    } finally {
      calls.push([`${name}: ${String(a[0]).replace(/\s+/g, ' ').slice(0, 110)}`, performance.now() - t0]);
    }
  };
}
const rfm = {
  customer: 'CustomerID',
  time: 'InvoiceDate',
  quantity: 'Quantity',
  price: 'UnitPrice',
  basket: 'InvoiceNo',
};
const recipe = {
  version: 1,
  sources: [{ name: 'retail', file: 'online_retail.csv' }],
  steps: [
    {
      id: 'clean',
      op: 'filter',
      input: 'retail',
      params: {
        where: `NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0`,
      },
    },
    { id: 'rfm0', op: 'rfm', input: 'retail', params: rfm },
    { id: 'rfm1', op: 'rfm', input: 'clean', params: rfm },
    {
      id: 'ar1',
      op: 'assoc-rules',
      input: 'clean',
      params: { transaction: 'InvoiceNo', item: 'StockCode', minSupport: 0.01, minConfidence: 0.5 },
    },
    {
      id: 'ar2',
      op: 'assoc-rules',
      input: 'clean',
      params: { transaction: 'InvoiceNo', item: 'StockCode', minSupport: 0.005, minConfidence: 0.5 },
    },
  ],
};
const file = new Blob([readFileSync(join(SHARED_DATA, 'retail/online_retail.csv'))]);
const first = await runRecipe(recipe, { db, files: { retail: file }, only: ['clean'] });
if (first.error) throw new Error(first.error);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ids = process.argv.slice(2).filter((a) => !a.startsWith('--'));
for (const id of ids.length ? ids : ['rfm0', 'rfm1', 'ar1', 'ar2']) {
  const ms: number[] = [];
  const sql: number[] = [];
  for (let k = 0; k < 4; k++) {
    calls.length = 0;
    const r = await runRecipe(recipe, { db, kept: { retail: file }, only: [id] });
    if (r.error) throw new Error(r.error);
    if (k > 0) ms.push(r.steps[id]!.ms);
    if (trace && k === 3) for (const [c, t] of calls) console.log(`  ${t.toFixed(1).padStart(8)} ms  ${c}`);
    if (k > 0)
      sql.push(
        calls
          .filter(
            ([c]) =>
              !c.startsWith('query') || !calls.some(([d]) => d.startsWith('arrowIPC') && d.slice(10) === c.slice(7)),
          )
          .reduce((a, [, t]) => a + t, 0),
      );
    if (k === 3) console.log(`  summary: ${JSON.stringify(r.steps[id]!.summary).slice(0, 200)}`);
  }
  console.log(
    `${id}: median ${median(ms).toFixed(0)} ms of ${ms.map((x) => x.toFixed(0)).join(', ')}; in DuckDB calls ${median(sql).toFixed(0)} ms, ${calls.length} calls`,
  );
}
db.close();
