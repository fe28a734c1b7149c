import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { guessColumn, guessTransactionTable, inferRoles, isIdColumn, ROLES, SINGLE_ROLES, type Role } from './roles';
import { parseCsv } from '../../test-support/csv';

const cols = (...names: string[]) => names.map((name) => ({ name, type: 'VARCHAR' }));
/** The columns that got a role, in column order. */
const assigned = (roles: Record<string, Role | undefined>) =>
  Object.fromEntries(Object.entries(roles).filter(([, r]) => r));

describe('guessColumn', () => {
  it('finds roles in Online Retail and in the samples', () => {
    const retail = cols(
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    );
    expect(
      ['customer', 'time', 'quantity', 'price', 'basket', 'amount'].map((r) => guessColumn(retail, r as never)),
    ).toEqual(['CustomerID', 'InvoiceDate', 'Quantity', 'UnitPrice', 'InvoiceNo', undefined]);
    const events = cols(
      'event_id',
      'customer_id',
      'session_id',
      'ts',
      'event_type',
      'item_id',
      'order_id',
      'quantity',
      'price',
      'amount',
    );
    expect(guessColumn(events, 'customer')).toBe('customer_id');
    expect(guessColumn(events, 'time')).toBe('ts');
    expect(guessColumn(events, 'basket')).toBe('order_id');
    expect(guessColumn(events, 'event')).toBe('event_type');
    expect(guessColumn(cols('customer_id', 'churned'), 'label')).toBe('churned');
  });

  it('answers the newer roles through inferRoles', () => {
    const items = cols('item_id', 'name', 'category', 'tags', 'price');
    expect(guessColumn(items, 'category')).toBe('category');
    expect(guessColumn(items, 'tags')).toBe('tags');
    expect(guessColumn(items, 'item')).toBe('item_id');
    expect(guessColumn(items, 'pii_email')).toBeUndefined();
  });
});

describe('guessTransactionTable', () => {
  it('prefers the event log over a customer table with a date', () => {
    const customers = { ref: 'customers', columns: cols('customer_id', 'signup_date', 'age', 'churned') };
    const events = { ref: 'events', columns: cols('customer_id', 'ts', 'order_id', 'amount') };
    expect(guessTransactionTable([customers, events])?.ref).toBe('events');
  });
});

describe('role list', () => {
  it('lists every role and marks the single ones (their labels are UI text: src/i18n)', () => {
    expect(ROLES).toHaveLength(16);
    expect([...SINGLE_ROLES].sort()).toEqual([
      'amount',
      'basket',
      'customer',
      'event',
      'item',
      'label',
      'price',
      'quantity',
      'time',
    ]);
  });
});

describe('inferRoles from real-life headers', () => {
  it('Online Retail', () => {
    expect(
      inferRoles(
        cols('InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'),
      ),
    ).toEqual({
      InvoiceNo: 'basket',
      StockCode: 'item',
      Description: 'text',
      Quantity: 'quantity',
      InvoiceDate: 'time',
      UnitPrice: 'price',
      CustomerID: 'customer',
      Country: 'category',
    });
  });

  it('Telco churn', () => {
    const roles = inferRoles(
      cols(
        'customerID',
        'gender',
        'SeniorCitizen',
        'Partner',
        'Dependents',
        'tenure',
        'PhoneService',
        'MultipleLines',
        'InternetService',
        'OnlineSecurity',
        'OnlineBackup',
        'DeviceProtection',
        'TechSupport',
        'StreamingTV',
        'StreamingMovies',
        'Contract',
        'PaperlessBilling',
        'PaymentMethod',
        'MonthlyCharges',
        'TotalCharges',
        'Churn',
      ),
    );
    expect(roles).toMatchObject({
      customerID: 'customer',
      gender: 'category',
      Contract: 'category',
      PaymentMethod: 'category',
      TotalCharges: 'amount',
      Churn: 'label',
    });
    // "PhoneService" is a yes/no service, not a phone number; MonthlyCharges loses amount to TotalCharges.
    expect([roles.PhoneService, roles.tenure, roles.MonthlyCharges]).toEqual([undefined, undefined, undefined]);
  });

  it('UCI credit default, with descriptive and with X1..X23 headers', () => {
    const amt = (n: string) => Array.from({ length: 6 }, (_, i) => `${n}${i + 1}`);
    const named = inferRoles(
      cols(
        'ID',
        'LIMIT_BAL',
        'SEX',
        'EDUCATION',
        'MARRIAGE',
        'AGE',
        'PAY_0',
        'PAY_2',
        'PAY_3',
        'PAY_4',
        'PAY_5',
        'PAY_6',
        ...amt('BILL_AMT'),
        ...amt('PAY_AMT'),
        'default.payment.next.month',
      ),
    );
    expect(named).toMatchObject({ ID: 'customer', SEX: 'category', 'default.payment.next.month': 'label' });
    // Twelve columns look like money; only one gets the single role `amount`.
    expect(
      Object.entries(named)
        .filter(([, r]) => r === 'amount')
        .map(([c]) => c),
    ).toEqual(['BILL_AMT1']);
    expect([named.LIMIT_BAL, named.AGE, named.PAY_0]).toEqual([undefined, undefined, undefined]);

    const coded = inferRoles(cols('ID', ...Array.from({ length: 23 }, (_, i) => `X${i + 1}`), 'Y'));
    expect(assigned(coded)).toEqual({ ID: 'customer', Y: 'label' });
  });

  it('Chinese headers', () => {
    expect(
      inferRoles(
        cols(
          '客户ID',
          '订单号',
          '商品编码',
          '下单时间',
          '数量',
          '单价',
          '订单金额',
          '用户行为',
          '手机号',
          '邮箱',
          '收货地址',
          '姓名',
          '商品类别',
          '标签',
          '评论内容',
          '是否流失',
        ),
      ),
    ).toEqual({
      客户ID: 'customer',
      订单号: 'basket',
      商品编码: 'item',
      下单时间: 'time',
      数量: 'quantity',
      单价: 'price',
      订单金额: 'amount',
      用户行为: 'event',
      手机号: 'pii_phone',
      邮箱: 'pii_email',
      收货地址: 'pii_address',
      姓名: 'pii_name',
      商品类别: 'category',
      标签: 'tags',
      评论内容: 'text',
      是否流失: 'label',
    });
    expect(assigned(inferRoles(cols('用户', '日期', '金额')))).toEqual({
      用户: 'customer',
      日期: 'time',
      金额: 'amount',
    });
  });

  it('German, Spanish and personal data headers', () => {
    expect(
      inferRoles(
        cols(
          'Kundennummer',
          'Bestellnummer',
          'Datum',
          'Menge',
          'Preis',
          'Betrag',
          'E-Mail',
          'Telefon',
          'Adresse',
          'Vorname',
        ),
      ),
    ).toEqual({
      Kundennummer: 'customer',
      Bestellnummer: 'basket',
      Datum: 'time',
      Menge: 'quantity',
      Preis: 'price',
      Betrag: 'amount',
      'E-Mail': 'pii_email',
      Telefon: 'pii_phone',
      Adresse: 'pii_address',
      Vorname: 'pii_name',
    });
    expect(
      assigned(
        inferRoles(
          cols(
            'id_cliente',
            'fecha',
            'importe',
            'first_name',
            'last_name',
            'email_address',
            'zip_code',
            'mobile_phone',
          ),
        ),
      ),
    ).toEqual({
      id_cliente: 'customer',
      fecha: 'time',
      importe: 'amount',
      first_name: 'pii_name',
      last_name: 'pii_name',
      email_address: 'pii_email',
      zip_code: 'pii_address',
      mobile_phone: 'pii_phone',
    });
  });
});

describe('inferRoles on the project samples (headers and values)', () => {
  const sample = (file: string) => {
    const rows = parseCsv(readFileSync(resolve(import.meta.dirname, `../../../public/samples/${file}`), 'utf8')).slice(
      0,
      2001,
    );
    const header = rows[0]!;
    const samples = Object.fromEntries(header.map((h, j) => [h, rows.slice(1).map((r) => (r[j] ? r[j]! : null))]));
    return { columns: cols(...header), samples };
  };
  const expected: Record<string, Record<string, Role>> = {
    'events.csv': {
      customer_id: 'customer',
      ts: 'time',
      event_type: 'event',
      item_id: 'item',
      order_id: 'basket',
      quantity: 'quantity',
      price: 'price',
      amount: 'amount',
      review_text: 'text',
    },
    'customers.csv': {
      customer_id: 'customer',
      signup_date: 'time',
      gender: 'category',
      city: 'category',
      planted_segment: 'category',
      churned: 'label',
    },
    'items.csv': { item_id: 'item', category: 'category', tags: 'tags', price: 'price' },
    'credit.csv': { customer_id: 'customer', num_products: 'quantity', churned: 'label' },
  };
  for (const [file, roles] of Object.entries(expected)) {
    it(file, () => {
      const { columns, samples } = sample(file);
      expect(assigned(inferRoles(columns, samples))).toEqual(roles);
      // Names alone give the same answer on these well-named files.
      expect(assigned(inferRoles(columns))).toEqual(roles);
    });
  }
});

describe('inferRoles from values', () => {
  const many = <T>(values: T[], n = 60) => Array.from({ length: n }, (_, i) => values[i % values.length]!);
  it('recognises e-mails, phones, free text, tags, events, labels, dates and categories without helpful names', () => {
    const samples = {
      c1: many(['ann@example.com', 'bo.li@mail.cn', 'x_y@test.org']),
      c2: many(['+49 30 1234567', '(555) 123-4567', '13800138000', '+8613912345678']),
      c3: Array.from({ length: 60 }, (_, i) => `I bought this ${i} times and it works well enough for me`),
      c4: many(['gift|decor', 'kitchen|essentials|gift', 'outdoor|summer']),
      c5: many(['view', 'view', 'cart', 'purchase', 'view', 'review']),
      c6: many(['yes', 'no', 'no']),
      c7: Array.from({ length: 60 }, (_, i) => `2025-03-${String((i % 28) + 1).padStart(2, '0')} 10:00:00`),
      c8: many(['north', 'south', 'east', 'west']),
      c9: many([12.5, 3, 7.25]),
    };
    const roles = inferRoles(
      Object.keys(samples).map((name) => ({ name, type: 'VARCHAR' })),
      samples,
    );
    expect(roles).toEqual({
      c1: 'pii_email',
      c2: 'pii_phone',
      c3: 'text',
      c4: 'tags',
      c5: 'event',
      c6: 'label',
      c7: 'time',
      c8: 'category',
      c9: undefined,
    });
  });

  it('trusts DuckDB types: timestamps are times, booleans are labels, numbers are never text', () => {
    const roles = inferRoles(
      [
        { name: 'when', type: 'TIMESTAMP' },
        { name: 'flag', type: 'BOOLEAN' },
        { name: 'notes', type: 'DOUBLE' },
      ],
      { flag: many(['true', 'false']), notes: many([1, 2, 3]) },
    );
    expect(roles).toEqual({ when: 'time', flag: 'label', notes: undefined });
    // A time by name and type beats a time by type alone.
    expect(
      inferRoles([
        { name: 'when', type: 'TIMESTAMP' },
        { name: 'created_at', type: 'DATE' },
      ]),
    ).toEqual({ when: undefined, created_at: 'time' });
  });

  it('lets values overrule names that do not fit', () => {
    const samples = {
      phone: many(['yes', 'no']), // a yes/no "phone" column, as in Telco's PhoneService
      price: many(['cheap', 'expensive']), // words, not numbers
      date: many([3, 17, 250]), // numbers that are not dates
      user: many(['A', 'B']), // two values: not an identifier
      member_no: Array.from({ length: 60 }, (_, i) => `M${1000 + i}`),
      id: many(['x', 'y']),
    };
    const roles = inferRoles(
      Object.keys(samples).map((name) => ({ name, type: 'VARCHAR' })),
      samples,
    );
    expect(roles.phone).not.toBe('pii_phone');
    expect(roles.price).not.toBe('price');
    expect(roles.date).toBeUndefined();
    expect(roles.member_no).toBe('customer');
    expect(roles.user).not.toBe('customer');
    expect(roles.id).not.toBe('customer');
  });

  it('gives each single role to the best column only, and the others fall back', () => {
    const samples = {
      event_type: many(['view', 'cart', 'purchase']),
      action: many(['click', 'view']),
      churn: many(['0', '1']),
      is_active: many(['0', '1']),
      target: many(['yes', 'no']),
    };
    const roles = inferRoles(
      Object.keys(samples).map((name) => ({ name, type: 'VARCHAR' })),
      samples,
    );
    expect(Object.values(roles).filter((r) => r === 'event')).toHaveLength(1);
    expect(Object.values(roles).filter((r) => r === 'label')).toHaveLength(1);
    expect(roles.event_type).toBe('event');
    expect(roles.churn).toBe('label');
    expect(roles.is_active).toBe('category');
    // Repeatable roles go to every column that fits.
    expect(assigned(inferRoles(cols('first_name', 'last_name', 'home_phone', 'work_phone')))).toEqual({
      first_name: 'pii_name',
      last_name: 'pii_name',
      home_phone: 'pii_phone',
      work_phone: 'pii_phone',
    });
  });

  it('copes with hostile names', () => {
    const roles = inferRoles(cols('__proto__', 'constructor', 'select', 'a "b"', ''), {
      constructor: ['x'],
      __proto__: ['y'],
    } as never);
    expect(Object.keys(roles)).toEqual(['__proto__', 'constructor', 'select', 'a "b"', '']);
    expect(Object.getPrototypeOf(roles)).toBe(Object.prototype);
  });
});

describe('isIdColumn', () => {
  it('knows ids by role or by name, and not words that merely end in "id"', () => {
    expect(
      ['ID', 'id', 'customer_id', 'CustomerID', 'customerId', 'order id', 'user.id'].filter((n) => isIdColumn(n)),
    ).toHaveLength(7);
    expect(['paid', 'valid', 'Quantity', 'ids_count', 'IDLE'].filter((n) => isIdColumn(n))).toEqual([]);
    expect(isIdColumn('StockCode', 'item')).toBe(true);
    expect(isIdColumn('Quantity', 'quantity')).toBe(false);
  });
});
