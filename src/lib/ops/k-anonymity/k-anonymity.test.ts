import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runOp } from '../../../test-support/run-op';
import { runRecipe } from '../../recipe/engine';
import { kAnonymityOp } from './';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  // 12 rows in 5 equivalence classes over (age_band, zip, sex):
  //   (30-39, SW1, F) ×3   (30-39, SW1, M) ×2   (40-49, EC1, F) ×1   (40-49, NULL, M) ×1   (50-59, N1, F) ×5
  await db.exec(`CREATE TABLE people AS SELECT * FROM (VALUES
    ('30-39', 'SW1', 'F', 1), ('30-39', 'SW1', 'F', 2), ('30-39', 'SW1', 'F', 3),
    ('30-39', 'SW1', 'M', 4), ('30-39', 'SW1', 'M', 5),
    ('40-49', 'EC1', 'F', 6),
    ('40-49', NULL, 'M', 7),
    ('50-59', 'N1', 'F', 8), ('50-59', 'N1', 'F', 9), ('50-59', 'N1', 'F', 10), ('50-59', 'N1', 'F', 11), ('50-59', 'N1', 'F', 12)
  ) t(age_band, zip, sex, id)`);
});
afterAll(() => db.close());

const classes = async (id: string) => (await db.query(`SELECT * FROM ${id}.classes`)).rows;

describe('k-anonymity', () => {
  it('k = 3: three classes below k hold 4 of the 12 rows; the smallest class has 1 row', async () => {
    const result = await runOp(db, kAnonymityOp, 'k3', 'people', {
      quasiIdentifiers: ['age_band', 'zip', 'sex'],
      k: 3,
    });
    expect(result.tables).toEqual(['classes']);
    expect(result.summary).toEqual({
      k: 3,
      quasiIdentifiers: ['age_band', 'zip', 'sex'],
      minClassSize: 1,
      classes: 5,
      classesAtRisk: 3,
      rowsAtRisk: 4,
      shareAtRisk: 4 / 12,
      rows: 12,
      kAnonymous: false,
    });
    // Smallest first; ties by the quasi-identifiers with missing values first.
    expect(await classes('k3')).toEqual([
      { age_band: '40-49', zip: null, sex: 'M', size: 1 },
      { age_band: '40-49', zip: 'EC1', sex: 'F', size: 1 },
      { age_band: '30-39', zip: 'SW1', sex: 'M', size: 2 },
    ]);
  });

  it('k defaults to 5: the class of 5 is safe, the other 7 rows are at risk', async () => {
    const result = await runOp(db, kAnonymityOp, 'k5', 'people', { quasiIdentifiers: ['age_band', 'zip', 'sex'] });
    expect(result.summary).toMatchObject({ k: 5, classesAtRisk: 4, rowsAtRisk: 7, shareAtRisk: 7 / 12 });
    expect((await classes('k5')).map((c) => c.size)).toEqual([1, 1, 2, 3]);
  });

  it('fewer quasi-identifiers, larger classes: by age band alone the table is 2-anonymous', async () => {
    // Bands: 30-39 ×5, 40-49 ×2, 50-59 ×5.
    const k2 = await runOp(db, kAnonymityOp, 'k_age2', 'people', { quasiIdentifiers: ['age_band'], k: 2 });
    expect(k2.summary).toMatchObject({ minClassSize: 2, classes: 3, rowsAtRisk: 0, shareAtRisk: 0, kAnonymous: true });
    expect(await classes('k_age2')).toEqual([]);
    await runOp(db, kAnonymityOp, 'k_age3', 'people', { quasiIdentifiers: ['age_band'], k: 3 });
    expect(await classes('k_age3')).toEqual([{ age_band: '40-49', size: 2 }]);
    // A unique id makes every row its own class.
    const ids = await runOp(db, kAnonymityOp, 'k_id', 'people', { quasiIdentifiers: ['id'], k: 2 });
    expect(ids.summary).toMatchObject({ minClassSize: 1, classes: 12, rowsAtRisk: 12, shareAtRisk: 1 });
  });

  it('refuses bad params, naming the field', async () => {
    const recipe = (params: unknown) => ({
      version: 1,
      sources: [{ name: 'people', file: 'people.csv' }],
      steps: [{ id: 'ka', op: 'k-anonymity', input: 'people', params }],
    });
    const error = async (params: unknown) => (await runRecipe(recipe(params), { db, only: ['ka'] })).error;
    expect(await error({ quasiIdentifiers: [] })).toMatch(/^step 'ka', field 'quasiIdentifiers': /);
    expect(await error({ quasiIdentifiers: ['zip'], k: 1 })).toMatch(/^step 'ka', field 'k': /);
    expect(await error({ quasiIdentifiers: ['postcode'] })).toMatch(
      /^step 'ka', field 'quasiIdentifiers\[0\]': column 'postcode' not found in 'people'/,
    );
    expect(await error({ quasiIdentifiers: ['zip', 'sex', 'zip'] })).toBe(
      "step 'ka', field 'quasiIdentifiers[2]': column 'zip' is named twice",
    );
    await db.exec(`CREATE TABLE empty_people (zip VARCHAR)`);
    await expect(runOp(db, kAnonymityOp, 'k_empty', 'empty_people', { quasiIdentifiers: ['zip'] })).rejects.toThrow(
      "step 'k_empty', field 'input': the input table has no rows",
    );
  });
});
