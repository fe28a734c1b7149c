import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run(`SET threads=1`);
const [rows, out] = [Number(process.argv[2]), process.argv[3]];
const t0 = Date.now();
await c.run(`COPY (SELECT (hash(range) % 1000000)::BIGINT AS customer,
  TIMESTAMP '2020-01-01' + to_seconds((hash(range * 7) % 63072000)::BIGINT) AS ts,
  round((hash(range * 13) % 100000) / 100.0 + 0.01, 2)::DOUBLE AS amount
  FROM range(${rows})) TO '${out}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
console.log('done', out, (Date.now() - t0) / 1000, 's');
