import { describe, it, expect } from 'vitest';
import { detectPii, type PiiFinding } from './pii';
import { generateSamples } from '../../samples/generate';
import { parseCsv } from '../../test-support/csv';

const text = (name: string) => ({ name, type: 'VARCHAR' });
const byColumn = (findings: PiiFinding[]) => Object.fromEntries(findings.map((f) => [f.column, f]));

const PEOPLE = {
  id: ['C001', 'C002', 'C003', 'C004', 'C005', 'C006'],
  full_name: ['Emma Weber', 'Zyx Quorble', 'Ada Lovelace', 'Wei Zhang', 'Carlos Ruiz', 'Olivia Brown'],
  contact: [
    'emma@example.com',
    'zq@example.org',
    'ada@example.co.uk',
    'wei.zhang@example.cn',
    'carlos@example.es',
    'olivia@example.com',
  ],
  tel: ['+44 20 7946 0958', '+49 30 1234567', '020 7946 0001', '(415) 555-2671', '+34 912 345 678', '138 0013 8000'],
  card: [
    '4111111111111111',
    '5555555555554444',
    '378282246310005',
    '6011111111111117',
    '4012888888881881',
    '4242424242424242',
  ],
  age: [34, 51, 28, 45, 39, 62],
  city: ['Berlin', 'London', 'London', 'Shanghai', 'Madrid', 'Boston'],
};

describe('detectPii on a people table', () => {
  const columns = [
    text('id'),
    text('full_name'),
    text('contact'),
    text('tel'),
    { name: 'card', type: 'BIGINT' },
    { name: 'age', type: 'INTEGER' },
    text('city'),
  ];
  const found = byColumn(detectPii(columns, PEOPLE));

  it('flags names, e-mails, phones, cards and age, and nothing else', () => {
    expect(Object.keys(found).sort()).toEqual(['age', 'card', 'contact', 'full_name', 'tel']);
    expect(found.contact).toMatchObject({
      kind: 'email',
      share: 1,
      sampled: 6,
      evidence: ['values'],
      suggested: { action: 'hash' },
    });
    // 6/6 e-mails: value confidence 0.5 + 0.45 · 1.
    expect(found.contact!.confidence).toBe(0.95);
    expect(found.tel).toMatchObject({ kind: 'phone', share: 1, suggested: { action: 'mask', mode: 'phone' } });
    expect(found.card).toMatchObject({ kind: 'card', share: 1, suggested: { action: 'mask', mode: 'keep-last-4' } });
  });

  it('names: the column name and the values (5 of 6 start with a common given name) agree', () => {
    // Name evidence 0.6; values 0.5 + 0.4 · 5/6 = 0.8333; noisy-OR 1 − 0.4 · 0.1667 = 0.9333.
    expect(found.full_name).toMatchObject({
      kind: 'name',
      share: 1,
      evidence: ['name', 'values'],
      suggested: { action: 'drop' },
      confidence: 0.93,
    });
    expect(found.full_name!.why).toMatch(/heuristic/);
  });

  it('age is a quasi-identifier, suggested generalised to 10-year bands', () => {
    expect(found.age).toMatchObject({
      kind: 'age',
      quasiIdentifier: true,
      suggested: { action: 'generalise', rule: 'band10' },
    });
    expect(found.age!.why).toMatch(/k-anonymity/);
  });
});

describe('detection by values alone (neutral column names)', () => {
  const cases: Array<[values: string[], kind: string | undefined, detail?: string]> = [
    [['alice@example.com', 'bob@example.org', 'carol@example.net', 'n/a'], 'email'],
    [['4111 1111 1111 1111', '5555 5555 5555 4444', '3782 822463 10005', '6011 1111 1111 1117'], 'card'],
    [['11010519491231002X', '440304199001011233', '310115198512074716'], 'national_id', 'cn_resident_id'],
    [['AB123456C', 'CE 12 34 56 A', 'JG103759A'], 'national_id', 'uk_nino'],
    [['123-45-6789', '536-22-1234', '219-09-9999'], 'national_id', 'us_ssn'],
    [['192.168.0.1', '10.0.0.7', '8.8.8.8'], 'ip', 'ipv4'],
    [['2001:db8::1', '::1', '192.168.0.1'], 'ip', 'ipv4+ipv6'],
    [['221B Baker Street', '10 Downing St', 'Hauptstraße 5', '南京东路100号'], 'address'],
    [['王小明', '李娜', '张伟', '陈静'], 'name'],
    [['SW1A 1AA', 'EC1A 1BB', 'M1 1AE'], 'postcode'],
    // 20 sixteen-digit order ids with a Visa-like first digit: none passes Luhn (checked in Python).
    [
      [
        '4787789328792174',
        '4218096792908100',
        '4339075793834701',
        '4746814538401916',
        '4146100330766619',
        '4345145061231007',
        '4728378326616630',
        '4494032699102374',
        '4095461113930955',
        '4972979262243933',
        '4283679160110843',
        '4646974821237899',
        '4143301467300245',
        '4892152758929007',
        '4540091714521178',
        '4502551716079096',
        '4690911114656977',
        '4781880491703179',
        '4740542938257735',
        '4643633639532275',
        '4111111111111111',
      ],
      undefined,
    ],
    // Product names are capitalised words too, but without given names they are not people.
    [['Scented Candle', "Chef's Knife", 'Tea Towels', 'Espresso Cups', 'Linen Napkins'], undefined],
    [['2024-01-05', '2024-02-11', '2024-03-17'], undefined],
    [['1.5', '2', '17', '3.25'], undefined],
  ];
  it.each(cases)('%j → %s', (values, kind, detail) => {
    const [f] = detectPii([text('col1')], { col1: values });
    expect(f?.kind).toBe(kind);
    if (detail) expect(f?.detail).toBe(detail);
    if (f) expect(f.evidence).toEqual(['values']);
  });

  it('an order-id column that is 1 part in 21 Luhn-valid is not cards; a column of cards with one typo still is', () => {
    const cards = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '4111111111111112'];
    expect(detectPii([text('x')], { x: cards })[0]).toMatchObject({ kind: 'card', share: 0.8 });
  });
});

describe('dates of birth, names only, roles', () => {
  it('a date column named like a birth date, in several languages; a signup date is not one', () => {
    const dates = ['1985-03-02', '1990-11-23', '1978-07-14'];
    const found = byColumn(
      detectPii(
        [
          { name: 'date_of_birth', type: 'DATE' },
          { name: '生日', type: 'DATE' },
          text('Geburtsdatum'),
          { name: 'signup_date', type: 'DATE' },
          { name: 'birth_year', type: 'INTEGER' },
        ],
        {
          date_of_birth: dates,
          生日: dates,
          Geburtsdatum: ['02.03.1985', '23.11.1990'],
          signup_date: dates,
          birth_year: [1985, 1990],
        },
      ),
    );
    expect(Object.keys(found).sort()).toEqual(['Geburtsdatum', 'birth_year', 'date_of_birth', '生日']);
    // Name 0.6, date values 0.6: 1 − 0.4 · 0.4 = 0.84.
    expect(found.date_of_birth).toMatchObject({
      kind: 'birth_date',
      confidence: 0.84,
      quasiIdentifier: true,
      suggested: { action: 'generalise', rule: 'year' },
    });
    expect(found['生日']!.kind).toBe('birth_date');
    expect(found.birth_year).toMatchObject({ kind: 'birth_date', suggested: { action: 'generalise', rule: 'band10' } });
  });

  it('column names alone, before any value is sampled', () => {
    const found = byColumn(
      detectPii(
        ['email', 'customer_phone', 'ssn', 'ip_address', 'zip', 'card_number', 'first_name', 'amount'].map(text),
      ),
    );
    expect(Object.fromEntries(Object.entries(found).map(([c, f]) => [c, [f.kind, f.confidence, f.share]]))).toEqual({
      email: ['email', 0.6, null],
      customer_phone: ['phone', 0.6, null],
      ssn: ['national_id', 0.6, null],
      ip_address: ['ip', 0.6, null],
      zip: ['postcode', 0.6, null],
      card_number: ['card', 0.6, null],
      first_name: ['name', 0.6, null],
    });
  });

  it('a name the values contradict is dropped; a role the user set is certain', () => {
    const numbers = Array.from({ length: 12 }, (_, i) => String(1000 + i));
    expect(detectPii([text('email')], { email: numbers })).toEqual([]);
    const [f] = detectPii([text('notes')], { notes: ['left at door'] }, { notes: 'pii_address' });
    expect(f).toMatchObject({
      column: 'notes',
      kind: 'address',
      confidence: 1,
      evidence: ['role'],
      suggested: { action: 'drop' },
    });
    expect(detectPii([{ name: 'email', type: 'BOOLEAN' }], { email: [true, false] })).toEqual([]);
  });
});

describe('the bundled sample data (PLANTED.md)', () => {
  it('holds no direct identifiers: only age is flagged, as a quasi-identifier', () => {
    const csvs = generateSamples() as unknown as Record<string, string>;
    const flagged: string[] = [];
    for (const [table, csv] of Object.entries(csvs)) {
      if (typeof csv !== 'string') continue;
      const [header, ...rows] = parseCsv(csv).slice(0, 501);
      const samples = Object.fromEntries(header!.map((h, i) => [h, rows.map((r) => r[i] ?? null)]));
      for (const f of detectPii(header!.map(text), samples)) flagged.push(`${table}.${f.column}:${f.kind}`);
    }
    expect(flagged.sort()).toEqual(['credit.age:age', 'customers.age:age']);
  });
});
