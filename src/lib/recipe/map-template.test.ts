import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NodeDuckDB } from '../data/node-duckdb';
import { tableColumns } from '../data/connector';
import { SHARED_DATA, sharedFile } from '../../test-support/shared-data';
import { nodeTrainer } from '../../test-support/node-trainer';
import type { Trainer } from '../ops/types';
import { runRecipe } from './engine';
import { defaultMapping, mapTemplate, type UserTable } from './map-template';
import { TEMPLATES } from './templates';
import type { Recipe } from './schema';

const retail = sharedFile('retail/online_retail.csv');
const telco = sharedFile('churn/Telco-Customer-Churn.csv');
const credit = sharedFile('churn/UCI_Credit_Card.csv');

const template = (id: string) => TEMPLATES.find((t) => t.id === id)!;
const recipeOf = (id: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../public', `.${template(id).url}`), 'utf8')) as Recipe;
const source = (name: string): Recipe => ({ version: 1, sources: [{ name, file: `${name}.csv` }], steps: [] });

let db: NodeDuckDB;
let trainer: Trainer;
/** One customer in 27 of Online Retail (about 17,000 rows over the whole year). */
const RETAIL_SUBSET = `WHERE CustomerID % 27 = 0`;
const tables: Record<string, UserTable> = {};

beforeAll(async () => {
  db = await NodeDuckDB.create({ allow: [SHARED_DATA] });
  ({ trainer } = await nodeTrainer('map-template-test'));
  for (const [name, path, where] of [
    ['online_retail', retail, RETAIL_SUBSET],
    ['telco', telco, ''],
    ['credit_card', credit, 'LIMIT 3000'],
  ] as const) {
    if (!path) continue;
    await db.exec(`CREATE TABLE ${name} AS SELECT * FROM read_csv('${path}') ${where}`);
    tables[name] = { name, columns: await tableColumns(db, name) };
  }
});
afterAll(() => db.close());

describe.skipIf(!retail)('templates on Online Retail', () => {
  it('retention: the event log is the only table, so the churn label is derived from it and the classifier learns from the log before that window', () => {
    const t = template('retention');
    const mapping = defaultMapping(t, [tables.online_retail!]);
    expect(mapping.tables).toEqual({ events: 'online_retail', items: null, customers: null });
    expect(mapping.columns.events).toMatchObject({
      customer: 'CustomerID',
      time: 'InvoiceDate',
      item: 'StockCode',
      basket: 'InvoiceNo',
      quantity: 'Quantity',
      price: 'UnitPrice',
    });
    const out = mapTemplate(t, recipeOf(t.id), [tables.online_retail!], mapping, source('online_retail'));
    expect(out.problems).toEqual([]);
    const steps = Object.fromEntries(out.recipe!.steps.map((s) => [s.id, s]));
    expect(out.recipe!.steps.map((s) => s.id)).toEqual([
      'rfm',
      'cohorts',
      'value',
      'history',
      'churn_label',
      'behaviour',
      'behaviour_now',
      'churn',
      'churn_scores',
      'at_risk',
    ]);
    // No amount column: quantity × price instead, and the sample's calibration date is gone.
    expect(steps.rfm!.params).toEqual({
      customer: 'CustomerID',
      time: 'InvoiceDate',
      quantity: 'Quantity',
      price: 'UnitPrice',
      basket: 'InvoiceNo',
    });
    expect(steps.value!.params).toEqual({
      customer: 'CustomerID',
      time: 'InvoiceDate',
      quantity: 'Quantity',
      price: 'UnitPrice',
      unit: 'week',
      horizon: 52,
    });
    expect(steps.behaviour).toMatchObject({
      input: 'history',
      params: { groups: ['behaviour', 'preferences'], time: 'InvoiceDate', topCategories: 0 },
    });
    expect(steps.behaviour!.params.itemTable).toBeUndefined();
    expect(steps.churn!.params).toMatchObject({
      labelTable: 'churn_label.data',
      label: 'churned',
      key: 'CustomerID',
      labelKey: 'customer',
    });
    expect(steps.churn_scores).toMatchObject({ input: 'behaviour_now' });
    expect(out.recipe!.roles!.online_retail).toMatchObject({ CustomerID: 'customer', InvoiceDate: 'time' });
    expect(out.steps.filter((s) => s.status === 'added').map((s) => s.id)).toEqual([
      'history',
      'churn_label',
      'behaviour_now',
    ]);
  });

  it('retention runs end to end and lands on the at-risk list: one row per scored customer, value at risk = probability × CLV', async () => {
    const t = template('retention');
    const mapping = defaultMapping(t, [tables.online_retail!]);
    const recipe = mapTemplate(t, recipeOf(t.id), [tables.online_retail!], mapping, source('online_retail')).recipe!;
    const churn = recipe.steps.find((s) => s.id === 'churn')!;
    churn.params.epochs = 5;
    const report = await runRecipe(recipe, { db, trainer, only: recipe.steps.map((s) => s.id) });
    expect(report.error).toBeUndefined();
    // The label is "no purchase in the last 90 days": recount it independently of the step's SQL.
    const label = (
      await db.query(`WITH b AS (SELECT max(CAST(InvoiceDate AS DATE)) + 1 - INTERVAL 90 DAY AS cut FROM online_retail),
      c AS (SELECT CustomerID, bool_or(InvoiceDate < (SELECT cut FROM b)) AS before, bool_or(InvoiceDate >= (SELECT cut FROM b)) AS after
            FROM online_retail WHERE CustomerID IS NOT NULL GROUP BY 1)
      SELECT count(*) FILTER (WHERE before)::INTEGER AS n, count(*) FILTER (WHERE before AND NOT after)::INTEGER AS churned FROM c`)
    ).rows[0]!;
    const derived = (
      await db.query(`SELECT count(*)::INTEGER AS n, sum(churned)::INTEGER AS churned FROM churn_label.data`)
    ).rows[0]!;
    expect(derived).toEqual(label);
    const rows = (await db.query(`SELECT * FROM at_risk.data`)).rows;
    const customers = (
      await db.query(`SELECT count(DISTINCT CustomerID)::INTEGER AS n FROM online_retail WHERE CustomerID IS NOT NULL`)
    ).rows[0]!.n;
    // Customers with a missing feature (one order: no inter-purchase time) are counted, not scored.
    const scored = report.steps.churn_scores!.summary!.rows as {
      total: number;
      scored: number;
      skippedMissing: number;
    };
    expect(scored.total).toBe(customers);
    expect(rows.length).toBe(scored.scored);
    expect(scored.scored + scored.skippedMissing).toBe(customers);
    const first = rows[0]!;
    expect(Object.keys(first)).toEqual(['customer', 'churn_probability', 'value', 'value_at_risk', 'segment']);
    expect(Number(first.value_at_risk)).toBeCloseTo(Number(first.churn_probability) * Number(first.value), 0);
    expect(Number(first.value_at_risk)).toBeGreaterThanOrEqual(Number(rows[1]!.value_at_risk));
    expect(typeof first.segment).toBe('string');
  }, 120_000);

  for (const id of ['ecommerce', 'similar-items']) {
    it(`${id}: the purchase filter is passed through (no event column) and the other steps read the log`, async () => {
      const t = template(id);
      const mapping = defaultMapping(t, [tables.online_retail!]);
      const out = mapTemplate(t, recipeOf(t.id), [tables.online_retail!], mapping, source('online_retail'));
      expect(out.problems).toEqual([]);
      expect(out.steps.find((s) => s.id === 'orders')).toEqual({
        id: 'orders',
        status: 'skipped',
        reason: "no event column in 'online_retail': every row is kept",
      });
      const network = out.recipe!.steps.find((s) => s.id === 'network')!;
      expect(network).toMatchObject({
        input: 'online_retail',
        params: { transaction: 'InvoiceNo', item: 'StockCode' },
      });
      if (id === 'similar-items')
        expect(out.steps.find((s) => s.id === 'paths')).toMatchObject({
          status: 'skipped',
          reason: "no event column in 'online_retail'",
        });
      // Run what needs no neural trainer on real DuckDB.
      const recipe = out.recipe!;
      const compare = recipe.steps.find((s) => s.id === 'compare');
      if (compare) compare.params.algorithms = [{ algorithm: 'popularity' }, { algorithm: 'itemcf' }];
      const only = recipe.steps.filter((s) => !s.op.startsWith('train-') && s.id !== 'item_features').map((s) => s.id);
      const report = await runRecipe(recipe, { db, trainer, only });
      expect(report.error).toBeUndefined();
      expect(Number((await db.query(`SELECT count(*) AS n FROM network.nodes`)).rows[0]!.n)).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe.skipIf(!telco)('retention on Telco (a customer table with Churn, no event log)', () => {
  it('skips the event-log steps with the reason, trains on the customer table with Churn as the label and lands on the at-risk list', async () => {
    const t = template('retention');
    const mapping = defaultMapping(t, [tables.telco!]);
    expect(mapping.tables).toEqual({ events: null, items: null, customers: 'telco' });
    expect(mapping.columns.customers).toEqual({ customer: 'customerID', label: 'Churn', amount: 'TotalCharges' });
    const out = mapTemplate(t, recipeOf(t.id), [tables.telco!], mapping, source('telco'));
    expect(out.problems).toEqual([]);
    expect(out.steps.filter((s) => s.status === 'skipped')).toEqual(
      ['rfm', 'cohorts', 'value', 'behaviour'].map((id) => ({
        id,
        status: 'skipped',
        reason: "no table for 'events'",
      })),
    );
    const churn = out.recipe!.steps.find((s) => s.id === 'churn')!;
    expect(churn).toMatchObject({ input: 'telco', params: { label: 'Churn' } });
    expect(churn.params.features).toBeUndefined();
    expect(churn.params.labelTable).toBeUndefined();
    churn.params.epochs = 5;
    const report = await runRecipe(out.recipe!, { db, trainer, only: out.recipe!.steps.map((s) => s.id) });
    expect(report.error).toBeUndefined();
    const rows = (await db.query(`SELECT * FROM at_risk.data`)).rows;
    expect(rows.length).toBe(7043);
    const top = rows[0]!;
    const charges = Number(
      (await db.query(`SELECT TRY_CAST(TotalCharges AS DOUBLE) AS v FROM telco WHERE customerID = '${top.customer}'`))
        .rows[0]!.v,
    );
    expect(Number(top.value)).toBeCloseTo(charges, 2);
    expect(top.segment).toBeNull();
  }, 120_000);
});

describe.skipIf(!credit)('credit on UCI credit card', () => {
  it('maps the label by its name (Y), takes the id and the group column from the workspace roles, and runs', async () => {
    const t = template('credit');
    const table = { ...tables.credit_card!, roles: { ID: 'customer', X5: 'category' } };
    const mapping = defaultMapping(t, [table]);
    expect(mapping).toEqual({
      tables: { credit: 'credit_card' },
      columns: { credit: { customer: 'ID', label: 'Y', category: 'X5' } },
    });
    const out = mapTemplate(t, recipeOf(t.id), [table], mapping, source('credit_card'));
    expect(out.problems).toEqual([]);
    const steps = Object.fromEntries(out.recipe!.steps.map((s) => [s.id, s]));
    expect(steps.drivers!.params).toEqual({ entity: 'ID', label: 'Y' });
    expect(steps.risk!.params).toEqual({ label: 'Y', epochs: 80 });
    expect(steps.fairness!.params).toEqual({ attribute: 'X5', attributeTable: 'credit_card', attributeKey: 'ID' });
    Object.assign(steps.risk!.params, { epochs: 3, importanceRepeats: 0 });
    const report = await runRecipe(out.recipe!, { db, trainer, only: out.recipe!.steps.map((s) => s.id) });
    expect(report.error).toBeUndefined();
  }, 120_000);

  it('without a label column the answer step cannot run: a problem, and no recipe', () => {
    const t = template('credit');
    const out = mapTemplate(
      t,
      recipeOf(t.id),
      [tables.credit_card!],
      { tables: { credit: 'credit_card' }, columns: { credit: { customer: 'ID' } } },
      source('credit_card'),
    );
    expect(out.recipe).toBeUndefined();
    expect(out.problems).toEqual(["risk: no label column in 'credit_card'"]);
  });
});

describe.skipIf(!retail || !telco)('ecommerce onto Online Retail and Telco', () => {
  it('the experiment readout is skipped on a customer table that is no experiment (no arm column)', () => {
    const t = template('ecommerce');
    const mapping = defaultMapping(t, [tables.online_retail!, tables.telco!]);
    expect(mapping.tables).toMatchObject({ events: 'online_retail', experiment: 'telco' });
    const out = mapTemplate(
      t,
      recipeOf(t.id),
      [tables.online_retail!, tables.telco!],
      mapping,
      source('online_retail'),
    );
    expect(out.problems).toEqual([]);
    expect(out.steps.find((s) => s.id === 'online_test')).toEqual({
      id: 'online_test',
      status: 'skipped',
      reason: "no 'variant' column in 'telco'",
    });
    expect(out.recipe!.steps.some((s) => s.id === 'online_test')).toBe(false);
  });
});
