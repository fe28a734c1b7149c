import { describe, it, expect } from 'vitest';
import {
  FITTED_TRANSFORM,
  OutputNames,
  applyTransformRow,
  dedupeEdges,
  isIdLikeName,
  outputColumns,
  sanitizeLevel,
  toNumber,
  transformSelectSql,
  type FittedTransform,
} from './transform';

const options = { clip: null, impute: 'none', indicators: false, bins: null, maxLevels: null } as const;
const plain = { hadMissing: false, indicator: null, clip: null, impute: null };

describe('applyTransformRow by hand', () => {
  it('standardize, with clip and impute applied first', () => {
    const fitted: FittedTransform = {
      version: 1,
      method: 'standardize',
      options,
      columns: [
        {
          ...plain,
          name: 'x',
          clip: { lower: 0, upper: 10 },
          impute: 4,
          mean: 2,
          scale: 4,
          hadMissing: true,
          indicator: 'x_missing',
        },
      ],
    };
    // 6 → (6 − 2)/4 = 1; 20 clips to 10 → 2; −3 clips to 0 → −0.5; NULL → 4 → 0.5; NaN is missing too.
    expect([6, 20, -3, null, Number.NaN].map((x) => applyTransformRow(fitted, { id: 'a', x }))).toEqual([
      { id: 'a', x: 1, x_missing: 0 },
      { id: 'a', x: 2, x_missing: 0 },
      { id: 'a', x: -0.5, x_missing: 0 },
      { id: 'a', x: 0.5, x_missing: 1 },
      { id: 'a', x: 0.5, x_missing: 1 },
    ]);
    // A column absent from the row counts as missing.
    expect(applyTransformRow(fitted, { id: 'b' })).toEqual({ id: 'b', x: 0.5, x_missing: 1 });
  });

  it('minmax, robust and log1p', () => {
    const minmax: FittedTransform = {
      version: 1,
      method: 'minmax',
      options,
      columns: [
        { ...plain, name: 'x', min: 10, max: 20 },
        { ...plain, name: 'k', min: 3, max: 3 },
      ],
    };
    // (15 − 10)/10 = 0.5; beyond the fitted range stays beyond (MinMaxScaler's clip=False); a range of 0 divides by 1.
    expect(applyTransformRow(minmax, { x: 15, k: 3 })).toEqual({ x: 0.5, k: 0 });
    expect(applyTransformRow(minmax, { x: 40, k: 5 })).toEqual({ x: 3, k: 2 });
    const robust: FittedTransform = {
      version: 1,
      method: 'robust',
      options,
      columns: [
        { ...plain, name: 'x', median: 3, iqr: 2 },
        { ...plain, name: 'z', median: 0, iqr: 0 },
      ],
    };
    expect(applyTransformRow(robust, { x: 10, z: -4 })).toEqual({ x: 3.5, z: -4 });
    const log: FittedTransform = { version: 1, method: 'log1p', options, columns: [{ ...plain, name: 'x' }] };
    expect([0, Math.E - 1, -1, -7, null].map((x) => applyTransformRow(log, { x }).x)).toEqual([0, 1, null, null, null]);
  });

  it('quantile-bin counts the inner edges at or below x', () => {
    const fitted: FittedTransform = {
      version: 1,
      method: 'quantile-bin',
      options: { ...options, bins: 4 },
      columns: [{ ...plain, name: 'x', edges: [0, 10, 20, 30, 40] }],
    };
    // Inner edges 10, 20, 30: searchsorted(side='right') puts 10 in bin 1; outside values clip to 0 and 3.
    expect([-5, 0, 9.99, 10, 25, 30, 40, 1e9, null].map((x) => applyTransformRow(fitted, { x }).x)).toEqual([
      0,
      0,
      0,
      1,
      2,
      3,
      3,
      3,
      null,
    ]);
    const single: FittedTransform = { ...fitted, columns: [{ ...plain, name: 'x', edges: [5] }] };
    expect([1, 5, 9].map((x) => applyTransformRow(single, { x }).x)).toEqual([0, 0, 0]);
  });

  it('one-hot matches levels as text; unknown → _other or all zeros', () => {
    const fitted: FittedTransform = {
      version: 1,
      method: 'one-hot',
      options: { ...options, maxLevels: 2 },
      columns: [
        {
          name: 'city',
          hadMissing: true,
          indicator: 'city_missing',
          levels: [
            { value: 'Lyon', column: 'city_Lyon' },
            { value: 'Paris', column: 'city_Paris' },
          ],
          other: 'city_other',
        },
        {
          name: 'vip',
          hadMissing: false,
          indicator: null,
          levels: [{ value: 'true', column: 'vip_true' }],
          other: null,
        },
      ],
    };
    expect(applyTransformRow(fitted, { city: 'Paris', vip: true })).toEqual({
      city_Lyon: 0,
      city_Paris: 1,
      city_other: 0,
      vip_true: 1,
      city_missing: 0,
    });
    expect(applyTransformRow(fitted, { city: 'Oslo', vip: false })).toEqual({
      city_Lyon: 0,
      city_Paris: 0,
      city_other: 1,
      vip_true: 0,
      city_missing: 0,
    });
    expect(applyTransformRow(fitted, { city: null, vip: null })).toEqual({
      city_Lyon: 0,
      city_Paris: 0,
      city_other: 0,
      vip_true: 0,
      city_missing: 1,
    });
    expect(outputColumns(fitted, ['id', 'city', 'vip'])).toEqual([
      'id',
      'city_Lyon',
      'city_Paris',
      'city_other',
      'vip_true',
      'city_missing',
    ]);
  });
});

describe('pieces', () => {
  it('reads numbers as TRY_CAST(… AS DOUBLE) would', () => {
    expect([3, 3n, true, ' 2.5 ', '', 'abc', Number.POSITIVE_INFINITY, null, undefined].map(toNumber)).toEqual([
      3,
      3,
      1,
      2.5,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('drops an edge within 1e-8 of the one before (np.ediff1d(edges) > 1e-8)', () => {
    expect(dedupeEdges([0, 0, 0, 0.75, 3])).toEqual([0, 0.75, 3]);
    expect(dedupeEdges([1, 1 + 1e-9, 2, 2, 2])).toEqual([1, 2]);
    expect(dedupeEdges([7, 7, 7])).toEqual([7]);
  });

  it('names level columns with letters, digits and _, unique regardless of case', () => {
    expect(['a b', 'a-b', '北京', "O'Brien", ' x ', '!!', 'Ü-ber', 'क़ि'].map(sanitizeLevel)).toEqual([
      'a_b',
      'a_b',
      '北京',
      'O_Brien',
      'x',
      'blank',
      'Ü_ber',
      'क़ि',
    ]);
    const names = new OutputNames(['id', 'City_A']);
    expect(['city_a', 'city_a', 'x', 'ID'].map((n) => names.claim(n))).toEqual(['city_a_2', 'city_a_3', 'x', 'ID_2']);
  });

  it('tells id-like names', () => {
    const ids = ['id', 'customer_id', 'CustomerID', 'order no', 'user-uuid', 'kunden_nr', '客户编号', 'SKU Key'];
    const features = ['amount', 'paid', 'valid', 'orders', 'idle_days', 'width', 'noise'];
    expect(ids.filter(isIdLikeName)).toEqual(ids);
    expect(features.filter(isIdLikeName)).toEqual([]);
  });

  it('writes literals that DuckDB reads back exactly and quotes every name', () => {
    const fitted: FittedTransform = {
      version: 1,
      method: 'standardize',
      options,
      columns: [{ ...plain, name: 'it\'s "x"', mean: 0.1, scale: 3 }],
    };
    const sql = transformSelectSql(fitted, ['id', 'it\'s "x"'], '"t"');
    expect(sql).toContain(`"it's ""x"""`);
    expect(sql).toContain(`'0.1'::DOUBLE`);
  });

  it('validates a fitted object field by field', () => {
    const good = { version: 1, method: 'robust', options, columns: [{ ...plain, name: 'x', median: 1, iqr: 2 }] };
    expect(FITTED_TRANSFORM.safeParse(good).success).toBe(true);
    const wrong = FITTED_TRANSFORM.safeParse({ ...good, columns: [{ ...plain, name: 'x', median: 1 }] });
    expect(wrong.error!.issues[0]!.path).toEqual(['columns', 0, 'iqr']);
    expect(FITTED_TRANSFORM.safeParse({ ...good, version: 2 }).success).toBe(false);
    expect(FITTED_TRANSFORM.safeParse({ ...good, method: 'standardize' }).success).toBe(false);
    expect(FITTED_TRANSFORM.safeParse({ ...good, columns: [] }).success).toBe(false);
    const bins = { ...good, method: 'quantile-bin', columns: [{ ...plain, name: 'x', edges: [0, 2, 1] }] };
    expect(FITTED_TRANSFORM.safeParse(bins).error!.issues[0]).toMatchObject({
      path: ['columns', 0, 'edges'],
      message: 'edges must be strictly ascending',
    });
  });
});
