import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident } from '../../data/sql';
import { runOp } from '../../../test-support/run-op';
import { applyTransformRow, type FittedTransform } from '../../features/transform';
import { transformOp, type TransformParams } from './';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  // x has one NULL; k is constant.
  await db.exec(
    `CREATE TABLE nums AS SELECT * FROM (VALUES ('a', 1.0, 7), ('b', 2.0, 7), ('c', 3.0, 7), ('d', 4.0, 7), ('e', NULL, 7)) t(id, x, k)`,
  );
  await db.exec(
    `CREATE TABLE one_to_ten AS SELECT 'r' || lpad(range::VARCHAR, 2, '0') AS id, range::DOUBLE AS x FROM range(1, 11)`,
  );
  await db.exec(`CREATE TABLE cities AS SELECT * FROM (VALUES ('a', 'Paris'), ('b', 'Paris'), ('c', 'Lyon'), ('d', 'Nice'),
    ('e', 'Lyon'), ('f', 'Paris'), ('g', NULL), ('h', 'Brest')) t(id, city)`);
});
afterAll(() => db.close());

type Params = Partial<TransformParams> & Record<string, unknown>;
let runs = 0;
/** Run the op into a fresh schema; rows of `data` ordered by `id`. */
async function run(table: string, params: Params) {
  const id = `t${++runs}`;
  const result = await runOp(db, transformOp, id, table, params);
  const rows = (await db.query(`SELECT * FROM ${ident(id)}.data ORDER BY id`)).rows;
  const types = (
    await db.query(
      `SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_schema = '${id}' AND table_name = 'data' ORDER BY ordinal_position`,
    )
  ).rows;
  return {
    id,
    summary: result.summary,
    fitted: result.summary.fitted as unknown as FittedTransform,
    rows,
    types: Object.fromEntries(types.map((r) => [r.c, r.t])),
  };
}
const col = (rows: Record<string, unknown>[], name: string) => rows.map((r) => r[name]);
const close = (actual: unknown[], expected: (number | null)[]) =>
  expected.forEach((e, i) =>
    e === null ? expect(actual[i]).toBeNull() : expect(actual[i] as number).toBeCloseTo(e, 12),
  );

describe('transform: each method by hand', () => {
  it('standardize: population sd, a constant column → 0 (StandardScaler)', async () => {
    const { rows, fitted, summary, types } = await run('nums', { method: 'standardize' });
    // x = 1..4: mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25, so z = (x − 2.5)/√1.25 = ±1/√5, ±3/√5.
    close(col(rows, 'x'), [-3 / Math.sqrt(5), -1 / Math.sqrt(5), 1 / Math.sqrt(5), 3 / Math.sqrt(5), null]);
    expect(col(rows, 'k')).toEqual([0, 0, 0, 0, 0]);
    expect(fitted.columns).toMatchObject([
      { name: 'x', mean: 2.5, hadMissing: true },
      { name: 'k', mean: 7, scale: 1, hadMissing: false },
    ]);
    expect((fitted.columns[0] as { scale: number }).scale).toBeCloseTo(Math.sqrt(1.25), 14);
    expect(summary).toMatchObject({
      method: 'standardize',
      rows: 5,
      columns: ['x', 'k'],
      outputColumns: ['id', 'x', 'k'],
      missing: { x: 1, k: 0 },
      replayed: false,
    });
    expect(summary.notes).toContain('k: no spread at fit time, so it is divided by 1 (its value maps to 0)');
    expect(types).toEqual({ id: 'VARCHAR', x: 'DOUBLE', k: 'DOUBLE' });
  });

  it('minmax: (x − min)/(max − min), range 0 → 0 (MinMaxScaler)', async () => {
    const { rows, fitted } = await run('nums', { method: 'minmax' });
    close(col(rows, 'x'), [0, 1 / 3, 2 / 3, 1, null]);
    expect(col(rows, 'k')).toEqual([0, 0, 0, 0, 0]);
    expect(fitted.columns).toMatchObject([
      { min: 1, max: 4 },
      { min: 7, max: 7 },
    ]);
  });

  it('robust: (x − median)/IQR with linear quantiles (RobustScaler)', async () => {
    await db.exec(
      `CREATE TABLE skewed AS SELECT * FROM (VALUES ('a', 1), ('b', 2), ('c', 3), ('d', 4), ('e', 10)) t(id, x)`,
    );
    const { rows, fitted } = await run('skewed', { method: 'robust' });
    // n = 5: q25 at position 4·0.25 = 1 → 2, median → 3, q75 at position 3 → 4; IQR 2.
    expect(fitted.columns).toMatchObject([{ median: 3, iqr: 2 }]);
    expect(col(rows, 'x')).toEqual([-1, -0.5, 0, 0.5, 3.5]);
  });

  it('log1p: ln(1 + x), values ≤ −1 become NULL and are counted', async () => {
    await db.exec(
      `CREATE TABLE logs AS SELECT * FROM (VALUES ('a', 0.0), ('b', ${Math.E - 1}), ('c', -1.0), ('d', -2.0), ('e', 3.0), ('f', 1e-12)) t(id, x)`,
    );
    const { rows, summary } = await run('logs', { method: 'log1p' });
    // ln 1 = 0, ln e = 1, ln 4; for 1e-12, log1p ≈ x − x²/2 = 1e-12 − 5e-25 (naive ln(1 + x) is off in the 5th digit).
    close(col(rows, 'x').slice(0, 5), [0, 1, null, null, Math.log(4)]);
    expect((rows[5]!.x as number) / (1e-12 - 5e-25)).toBeCloseTo(1, 14);
    expect(summary.notes).toContain('x: 2 values ≤ −1 became NULL under log1p');
  });

  it('quantile-bin: edges as numpy.percentile (linear), bin = searchsorted(edges[1:-1], x, "right")', async () => {
    const { rows, fitted, types } = await run('one_to_ten', { method: 'quantile-bin', bins: 5 });
    // Positions 9q for q = 0, .2, .4, .6, .8, 1: 0, 1.8, 3.6, 5.4, 7.2, 9 → 1, 2.8, 4.6, 6.4, 8.2, 10.
    const edges = (fitted.columns[0] as { edges: number[] }).edges;
    close(edges, [1, 2.8, 4.6, 6.4, 8.2, 10]);
    expect(col(rows, 'x')).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(types.x).toBe('INTEGER');
  });

  it('quantile-bin: tied edges are removed (as KBinsDiscretizer), a value on an edge goes right, outside values clip', async () => {
    await db.exec(`CREATE TABLE ties AS SELECT 'r' || range AS id, greatest(range - 6, 0)::DOUBLE AS x FROM range(10)`);
    // x = 0 ×7, 1, 2, 3; 4 bins: positions 0, 2.25, 4.5, 6.75, 9 → 0, 0, 0, 0 + 0.75·(1 − 0), 3 → edges 0, 0.75, 3.
    const tied = await run('ties', { method: 'quantile-bin', bins: 4 });
    expect((tied.fitted.columns[0] as { edges: number[] }).edges).toEqual([0, 0.75, 3]);
    expect(col(tied.rows, 'x')).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(tied.summary.notes).toContain('x: tied quantiles leave 2 bins instead of 4');
    // 0, 10, 20, 30, 40 in 4 bins: edges are the values themselves, exactly.
    await db.exec(`CREATE TABLE tens AS SELECT 'r' || range AS id, (range * 10)::DOUBLE AS x FROM range(5)`);
    const tens = await run('tens', { method: 'quantile-bin', bins: 4 });
    await db.exec(
      `CREATE TABLE tens_new AS SELECT * FROM (VALUES ('a', -50.0), ('b', 9.99), ('c', 10.0), ('d', 39.0), ('e', 40.0), ('f', 1000.0)) t(id, x)`,
    );
    const replay = await run('tens_new', { method: 'quantile-bin', fitted: tens.fitted });
    expect(col(replay.rows, 'x')).toEqual([0, 0, 1, 3, 3, 3]);
  });

  it('one-hot: the most frequent levels (ties by text), the rest in <col>_other, NULL → zeros', async () => {
    const two = await run('cities', { method: 'one-hot', maxLevels: 2 });
    // Paris 3, Lyon 2, Nice 1, Brest 1: keep Paris and Lyon; columns in level order.
    expect(two.summary.outputColumns).toEqual(['id', 'city_Lyon', 'city_Paris', 'city_other']);
    expect(two.rows.map((r) => [r.city_Lyon, r.city_Paris, r.city_other])).toEqual([
      [0, 1, 0],
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(two.summary.missing).toEqual({ city: 1 });
    expect(two.types).toMatchObject({ city_Lyon: 'INTEGER', city_other: 'INTEGER' });
    // maxLevels 3: Nice and Brest tie at 1; Brest sorts first.
    const three = await run('cities', { method: 'one-hot', maxLevels: 3 });
    expect(three.summary.outputColumns).toEqual(['id', 'city_Brest', 'city_Lyon', 'city_Paris', 'city_other']);
  });

  it('one-hot replay: an unknown level goes to _other when the fit had one, else all zeros', async () => {
    await db.exec(
      `CREATE TABLE cities_new AS SELECT * FROM (VALUES ('x', 'Marseille'), ('y', 'Nice'), ('z', 'Paris')) t(id, city)`,
    );
    const three = await run('cities', { method: 'one-hot', maxLevels: 3, indicators: true });
    const replay = await run('cities_new', { method: 'one-hot', fitted: three.fitted });
    expect(replay.rows.map((r) => [r.city_Brest, r.city_Lyon, r.city_Paris, r.city_other, r.city_missing])).toEqual([
      [0, 0, 0, 1, 0],
      [0, 0, 0, 1, 0],
      [0, 0, 1, 0, 0],
    ]);
    expect(replay.summary.notes).toContain('city: 2 values outside the kept levels went to city_other');
    const all = await run('cities', { method: 'one-hot' });
    expect(all.fitted.columns[0]).toMatchObject({ other: null });
    const unseen = await run('cities_new', { method: 'one-hot', fitted: all.fitted });
    expect(unseen.summary.outputColumns).toEqual(['id', 'city_Brest', 'city_Lyon', 'city_Nice', 'city_Paris']);
    expect(unseen.rows[0]).toEqual({ id: 'x', city_Brest: 0, city_Lyon: 0, city_Nice: 0, city_Paris: 0 });
    expect(unseen.summary.notes).toContain('city: 1 value with a level unseen at fit time became all zeros');
  });
});

describe('transform: clipping, imputing, indicators', () => {
  beforeAll(async () => {
    await db.exec(
      `CREATE TABLE spiky AS SELECT 'r' || lpad(range::VARCHAR, 2, '0') AS id, CASE WHEN range = 11 THEN 100 WHEN range = 12 THEN NULL ELSE range END::DOUBLE AS x FROM range(1, 13)`,
    );
    await db.exec(
      `CREATE TABLE gaps AS SELECT * FROM (VALUES ('a', 1.0, 5.0), ('b', 2.0, 5.0), ('c', NULL, 6.0), ('d', 9.0, 6.0)) t(id, x, y)`,
    );
  });

  it('winsorises at fitted quantiles before the method', async () => {
    const { rows, fitted, summary } = await run('spiky', { method: 'minmax', clip: { lower: 0.1, upper: 0.9 } });
    // 11 values 1..10, 100: positions 10·0.1 = 1 → 2 and 10·0.9 = 9 → 10; minmax on the clipped values: min 2, max 10.
    expect(fitted.columns[0]).toMatchObject({ clip: { lower: 2, upper: 10 }, min: 2, max: 10 });
    close(col(rows, 'x'), [0, 0, 1 / 8, 2 / 8, 3 / 8, 4 / 8, 5 / 8, 6 / 8, 7 / 8, 1, 1, null]);
    expect(summary.notes).toContain('x: 2 values clipped to [2, 10]');
  });

  it('imputes after clipping and fits the method on the imputed values (as a Pipeline)', async () => {
    const { rows, fitted } = await run('spiky', { method: 'minmax', clip: { upper: 0.9 }, impute: 'mean' });
    // Clipped: 1..10 and 10 (sum 65), so the fill is 65/11; minmax over 1..10: (65/11 − 1)/9 = 6/11.
    expect(fitted.columns[0]).toMatchObject({ clip: { lower: null, upper: 10 }, min: 1, max: 10 });
    expect((fitted.columns[0] as { impute: number }).impute).toBeCloseTo(65 / 11, 14);
    expect(rows[11]!.x as number).toBeCloseTo(6 / 11, 14);
    expect(rows[10]!.x).toBe(1);
  });

  it('fills with the mean, the median or zero, and flags what was missing', async () => {
    // x = 1, 2, NULL, 9. mean fill 4 → 1, 2, 4, 9: mean 4, variance (9 + 4 + 0 + 25)/4 = 9.5.
    const mean = await run('gaps', { method: 'standardize', impute: 'mean', indicators: true });
    close(col(mean.rows, 'x'), [-3 / Math.sqrt(9.5), -2 / Math.sqrt(9.5), 0, 5 / Math.sqrt(9.5)]);
    // y = 5, 5, 6, 6: mean 5.5, sd 0.5; never missing, so no indicator.
    close(col(mean.rows, 'y'), [-1, -1, 1, 1]);
    expect(col(mean.rows, 'x_missing')).toEqual([0, 0, 1, 0]);
    expect(mean.summary.outputColumns).toEqual(['id', 'x', 'y', 'x_missing']);
    expect(mean.types.x_missing).toBe('INTEGER');
    expect(mean.summary.notes).toContain('x: 1 missing value filled with 4 (mean)');
    // median fill 2 → 1, 2, 2, 9: mean 3.5, variance (6.25 + 2.25 + 2.25 + 30.25)/4 = 10.25.
    const median = await run('gaps', { method: 'standardize', impute: 'median' });
    expect(median.rows[2]!.x as number).toBeCloseTo(-1.5 / Math.sqrt(10.25), 14);
    // zero fill → 1, 2, 0, 9: mean 3, variance (4 + 1 + 9 + 36)/4 = 12.5.
    const zero = await run('gaps', { method: 'standardize', impute: 'zero' });
    expect(zero.rows[2]!.x as number).toBeCloseTo(-3 / Math.sqrt(12.5), 14);
    const none = await run('gaps', { method: 'standardize' });
    expect(none.rows[2]!.x).toBeNull();
  });
});

describe('transform: replay is the train/serve guarantee', () => {
  it('applies the old numbers to new data and refits nothing', async () => {
    const fit = await run('nums', { method: 'standardize', columns: ['x'] });
    await db.exec(
      `CREATE TABLE nums_new AS SELECT * FROM (VALUES ('p', 10.0, 1), ('q', 2.5, 2), ('r', NULL, 3)) t(id, x, k)`,
    );
    const replay = await run('nums_new', { method: 'standardize', fitted: fit.fitted });
    // With the old mean 2.5 and sd √1.25: (10 − 2.5)/√1.25 = 3√5. A refit would give ±1.22 instead.
    close(col(replay.rows, 'x'), [3 * Math.sqrt(5), 0, null]);
    expect(col(replay.rows, 'k')).toEqual([1, 2, 3]);
    expect(replay.fitted).toEqual(fit.fitted);
    expect(replay.summary).toMatchObject({ replayed: true, missing: { x: 1 } });
    expect(replay.summary.notes).toContain('applied the fitted transform from params.fitted: nothing was refitted');
    // Restating the fit options is fine; contradicting them is not.
    await run('nums_new', { method: 'standardize', columns: ['x'], impute: 'none', fitted: fit.fitted });
    await expect(run('nums_new', { method: 'standardize', impute: 'mean', fitted: fit.fitted })).rejects.toThrow(
      /field 'impute': differs from the value the fitted transform was fitted with \("none"\)/,
    );
  });
});

describe('transform: the SQL and applyTransformRow agree', () => {
  beforeAll(async () => {
    await db.exec(`CREATE TABLE mixed (id VARCHAR, x DOUBLE, n INTEGER, city VARCHAR)`);
    await db.exec(`INSERT INTO mixed VALUES ('a', -3.5, 1, 'Paris'), ('b', 0, 2, 'Paris'), ('c', 1e-12, NULL, 'Lyon'), ('d', 12345.678, 4, NULL),
      ('e', 'nan'::DOUBLE, 5, 'a b'), ('f', 'inf'::DOUBLE, 6, 'a-b'), ('g', NULL, 7, 'Lyon'), ('h', 2.25, 8, 'Nice'), ('i', 0.1, 9, 'O''Brien'), ('j', -0.999, 10, 'Paris')`);
  });
  const cases: Params[] = [
    { method: 'standardize', indicators: true },
    { method: 'standardize', impute: 'median', clip: { lower: 0.2, upper: 0.8 } },
    { method: 'minmax', impute: 'mean', indicators: true },
    { method: 'robust', clip: { upper: 0.7 } },
    { method: 'log1p', impute: 'zero' },
    { method: 'quantile-bin', bins: 4, indicators: true },
    { method: 'one-hot', maxLevels: 3, indicators: true },
    { method: 'one-hot', columns: ['city', 'n'] },
  ];
  it.each(cases)('%o', async (params) => {
    const { rows, fitted } = await run('mixed', params);
    const input = (await db.query('SELECT * FROM mixed ORDER BY id')).rows;
    input.forEach((row, i) => {
      const js = applyTransformRow(fitted, row);
      expect(Object.keys(js).sort()).toEqual(Object.keys(rows[i]!).sort());
      for (const [key, sql] of Object.entries(rows[i]!)) {
        // log1p: Math.log1p vs SQL's ln(1 + x)·x/((1 + x) − 1) may differ in the last bit.
        if (params.method === 'log1p' && typeof sql === 'number') expect(js[key] as number).toBeCloseTo(sql, 15);
        else expect([key, js[key]]).toEqual([key, sql]);
      }
    });
  });
});

describe('transform: names and defaults', () => {
  it('quotes hostile names and gives level columns clean, unique names', async () => {
    // `n` and `level` are also the names of the level-count query's own columns.
    await db.exec(
      `CREATE TABLE hostile (id VARCHAR, "it's ""q"" col" DOUBLE, "城市" VARCHAR, "城市_上海" INTEGER, n INTEGER, level VARCHAR)`,
    );
    await db.exec(
      `INSERT INTO hostile SELECT *, 7 - n, 'z' || n FROM (VALUES ('a', 1, '北京', 1), ('b', NULL, '上海', 2), ('c', 3, 'a b', 3), ('d', 5, 'a-b', 4), ('e', 7, 'O''Brien', 5), ('f', 9, NULL, 6)) t(id, q, city, n)`,
    );
    const oneHot = await run('hostile', { method: 'one-hot', columns: ['城市'] });
    // Levels in binary text order: O'Brien, a b, a-b, 上海 (U+4E0A), 北京 (U+5317). 'a b' and 'a-b' both
    // clean to a_b; 城市_上海 is already an input column.
    expect(oneHot.summary.outputColumns).toEqual([
      'id',
      'it\'s "q" col',
      '城市_O_Brien',
      '城市_a_b',
      '城市_a_b_2',
      '城市_上海_2',
      '城市_北京',
      '城市_上海',
      'n',
      'level',
    ]);
    expect(oneHot.rows.map((r) => r['城市_上海_2'])).toEqual([0, 1, 0, 0, 0, 0]);
    expect(oneHot.rows.map((r) => r['城市_a_b_2'])).toEqual([0, 0, 0, 1, 0, 0]);
    const scaled = await run('hostile', { method: 'minmax', columns: ['it\'s "q" col'], indicators: true });
    close(col(scaled.rows, 'it\'s "q" col'), [0, null, 0.25, 0.5, 0.75, 1]);
    expect(col(scaled.rows, 'it\'s "q" col_missing')).toEqual([0, 1, 0, 0, 0, 0]);
  });

  it('defaults to numeric (or text/boolean) columns, leaving out the entity and id-like names', async () => {
    await db.exec(
      `CREATE TABLE shapes (id VARCHAR, customer_id INTEGER, amount DOUBLE, orders INTEGER, city VARCHAR, vip BOOLEAN, day DATE)`,
    );
    await db.exec(
      `INSERT INTO shapes VALUES ('a', 1, 10, 1, 'x', true, DATE '2024-01-01'), ('b', 2, 20, 3, 'y', false, DATE '2024-01-02')`,
    );
    expect((await run('shapes', { method: 'standardize' })).summary.columns).toEqual(['amount', 'orders']);
    expect((await run('shapes', { method: 'standardize', entity: 'orders' })).summary.columns).toEqual(['amount']);
    const hot = await run('shapes', { method: 'one-hot' });
    expect(hot.summary.columns).toEqual(['city', 'vip']);
    expect(hot.summary.outputColumns).toEqual([
      'id',
      'customer_id',
      'amount',
      'orders',
      'city_x',
      'city_y',
      'vip_false',
      'vip_true',
      'day',
    ]);
  });
});

describe('transform: preview', () => {
  it('fits and shows a sample without creating a table', async () => {
    await db.exec(`CREATE SCHEMA IF NOT EXISTS preview1`);
    const columns = (await db.query(`DESCRIBE cities`)).rows.map((r) => ({
      name: String(r.column_name),
      type: String(r.column_type),
    }));
    const step = {
      id: 'preview1',
      schema: 'preview1',
      schemaSql: '"preview1"',
      inputSql: '"cities"',
      inputColumns: columns,
    };
    const preview = await transformOp.preview!(
      { db, signal: new AbortController().signal, progress: () => {} },
      step,
      transformOp.params.parse({ method: 'one-hot', maxLevels: 2 }),
    );
    expect(preview).toMatchObject({ rowsIn: 8, rowsOut: 8, addedColumns: ['city_Lyon', 'city_Paris', 'city_other'] });
    expect(preview.sample).toHaveLength(5);
    expect(preview.notes).toContain('city: the 2 most frequent levels get a column each, the rest go to city_other');
    expect(
      (await db.query(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = 'preview1'`))
        .rows[0]!.n,
    ).toBe(0);
  });
});

describe('transform: errors say what to fix', () => {
  it('names the field', async () => {
    await expect(run('cities', { method: 'standardize', columns: ['city'] })).rejects.toThrow(
      /field 'columns\[0\]': standardize needs a numeric column, and 'city' is VARCHAR \(cast it first, or use one-hot for categories\)/,
    );
    await expect(run('cities', { method: 'standardize' })).rejects.toThrow(
      /field 'columns': no numeric columns to transform/,
    );
    await expect(run('nums', { method: 'one-hot', columns: ['x'] })).rejects.toThrow(
      /one-hot needs a text, boolean or integer column, and 'x' is DECIMAL/,
    );
    await expect(run('nums', { method: 'minmax', columns: ['nope'] })).rejects.toThrow(
      /field 'columns\[0\]': column 'nope' not found \(columns: id, x, k\)/,
    );
    await expect(run('nums', { method: 'minmax', columns: ['id'], entity: 'id' })).rejects.toThrow(
      /'id' is the entity column/,
    );
    await expect(run('cities', { method: 'one-hot', impute: 'mean' })).rejects.toThrow(
      /field 'impute': one-hot encodes levels/,
    );
    await db.exec(`CREATE TABLE empty_x AS SELECT 'a' AS id, NULL::DOUBLE AS x`);
    await expect(run('empty_x', { method: 'minmax', columns: ['x'] })).rejects.toThrow(
      /'x' has no values to fit on \(all 1 rows are missing\)/,
    );
  });

  it('refuses a fitted transform that does not match the step or the input', async () => {
    const fit = await run('nums', { method: 'minmax', columns: ['x'] });
    await expect(run('nums', { method: 'standardize', fitted: fit.fitted })).rejects.toThrow(
      /field 'fitted.method': the fitted transform is for 'minmax' but this step's method is 'standardize'/,
    );
    await expect(run('cities', { method: 'minmax', fitted: fit.fitted })).rejects.toThrow(
      /field 'fitted.columns.0.name': column 'x' of the fitted transform is not in the input \(columns: id, city\)/,
    );
    await expect(run('nums', { method: 'minmax', columns: ['k'], fitted: fit.fitted })).rejects.toThrow(
      /field 'columns': the fitted transform covers x, not k/,
    );
    const bad = transformOp.params.safeParse({
      method: 'minmax',
      fitted: { ...fit.fitted, columns: [{ ...fit.fitted.columns[0], min: 'low' }] },
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['fitted', 'columns', 0, 'min']);
    expect(transformOp.params.safeParse({ method: 'minmax', columns: [] }).error!.issues[0]!.message).toBe(
      'name at least one column, or leave `columns` out',
    );
    expect(
      transformOp.params.safeParse({ method: 'minmax', clip: { lower: 0.9, upper: 0.1 } }).error!.issues[0]!.message,
    ).toBe('`lower` must be below `upper`');
    expect(
      transformOp.columnParams!(
        transformOp.params.parse({ method: 'minmax', entity: 'id', columns: ['x'], fitted: fit.fitted }),
      ),
    ).toEqual([
      ['entity', 'id'],
      ['columns[0]', 'x'],
      ['fitted.columns.0.name', 'x'],
    ]);
  });
});
