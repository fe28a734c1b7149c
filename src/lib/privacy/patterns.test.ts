import { describe, it, expect } from 'vitest';
import {
  isCardNumber,
  isCnResidentId,
  isEmail,
  isIPv4,
  isIPv6,
  isPhone,
  isPostcode,
  isStreetAddress,
  isUkNino,
  isUsSsn,
  luhnValid,
} from './patterns';
import { personNameEvidence } from './names';

/** Each detector: values it must accept and values it must reject. */
const CASES: Array<[name: string, test: (s: string) => boolean, yes: string[], no: string[]]> = [
  [
    'e-mail',
    isEmail,
    [
      'alice@example.com',
      'bob.smith+news@mail.example.co.uk',
      "o'hara@example.ie",
      'zoe@bücher.de',
      'x_y-z@sub.domain.org',
    ],
    [
      'alice@example',
      'alice@@example.com',
      'alice example.com',
      '@example.com',
      'a***@example.com',
      'alice@example.c',
      'mailto:alice',
      '',
    ],
  ],
  [
    'phone',
    isPhone,
    [
      '+44 20 7946 0958',
      '+4915112345678',
      '+1 (415) 555-2671',
      '0044 20 7946 0958',
      '020 7946 0958',
      '07700 900123',
      '030 1234567',
      '06 12 34 56 78',
      '(415) 555-2671',
      '415-555-2671',
      '415.555.2671',
      '13800138000',
      '138 0013 8000',
    ],
    [
      '2024-01-05',
      '05.01.2024',
      '12345',
      '1234567890',
      '192.168.0.1',
      '+0123456789',
      '+123',
      'C00042',
      '42.50',
      '0000000000',
      '4111 1111 1111 1111',
    ],
  ],
  [
    'payment card (Luhn + issuer)',
    isCardNumber,
    // Visa, Mastercard (51–55 and 2-series), Amex, Discover, JCB: the issuers' published test numbers.
    [
      '4111111111111111',
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '5555555555554444',
      '2223003122003222',
      '378282246310005',
      '6011111111111117',
      '3530111333300000',
      '4012888888881881',
    ],
    // Last digit changed (Luhn fails); Luhn-valid but no issuer starts with 1/9; too short; letters.
    [
      '4111111111111112',
      '5555555555554445',
      '378282246310006',
      '1234567812345670',
      '9999999999999995',
      '41111111',
      '4111 1111 1111 111a',
      // 16-digit order ids with a Visa-like first digit; Python's Luhn check says none passes.
      '4526018159083016',
      '4613186091390996',
      '4030824628194821',
      '4993518190937865',
      '4797543231948757',
    ],
  ],
  [
    'UK NINO',
    isUkNino,
    ['AB123456C', 'AB 12 34 56 C', 'ce 12 34 56 a', 'JG103759A'],
    [
      'QQ123456C' /* HMRC's specimen: Q is never a first letter */,
      'GB123456A',
      'AO123456A',
      'AB123456E',
      'AB12345C',
      'DA123456A',
    ],
  ],
  [
    'US SSN',
    isUsSsn,
    ['123-45-6789', '536-22-1234', '123 45 6789'],
    ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000', '123456789', '123-45 6789'],
  ],
  // Check characters computed independently in Python (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; "10X98765432").
  [
    'Chinese resident id',
    isCnResidentId,
    ['11010519491231002X', '11010519491231002x', '440304199001011233', '310115198512074716'],
    [
      '110105194912310021',
      '440304199001011234',
      '110105194902301234' /* Feb 30 */,
      '11010519491231002',
      '01010519491231002X',
    ],
  ],
  [
    'IPv4',
    isIPv4,
    ['192.168.0.1', '10.0.0.255', '8.8.8.8', '255.255.255.255', '0.0.0.0'],
    ['256.1.1.1', '192.168.01.1', '192.168.0', '1.2.3.4.5', '192.168.0.1/24', 'a.b.c.d'],
  ],
  [
    'IPv6',
    isIPv6,
    [
      '2001:db8::1',
      '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
      '::1',
      'fe80::1ff:fe23:4567:890a',
      '::ffff:192.0.2.128',
      '::',
    ],
    ['2001:db8:::1', '1:2:3:4:5:6:7:8:9', '2001:db8::g', '12345::1', '1::2::3', '10:30', 'C00042'],
  ],
  [
    'street address (heuristic)',
    isStreetAddress,
    [
      '221B Baker Street',
      '10 Downing St',
      '1600 Pennsylvania Avenue NW, Washington',
      'Flat 2, 12 Abbey Road',
      'Hauptstraße 5',
      'Kurfürstendamm 21a',
      'Musterstr. 12, 10115 Berlin',
      '10 rue de Rivoli',
      'Calle Mayor 5',
      'Via Roma 10',
      '南京东路100号',
    ],
    [
      'Scented Candle',
      '3 Way Adapter',
      'Pack of 12 Tea Towels',
      'Abbey Road',
      'Berlin',
      '上海',
      'Great service, fast delivery',
    ],
  ],
  [
    'postcode (UK, CA, NL)',
    isPostcode,
    ['SW1A 1AA', 'EC1A 1BB', 'M1 1AE', 'K1A 0B1', '1012 AB'],
    ['12345', 'SW1A', 'Berlin', 'SW1A 1CA' /* C never ends a UK inward code */],
  ],
];

describe.each(CASES)('%s detector', (_name, test, yes, no) => {
  it.each(yes)('accepts %s', (s) => expect(test(s)).toBe(true));
  it.each(no)('rejects %s', (s) => expect(test(s)).toBe(false));
});

describe('Luhn check', () => {
  it('follows ISO/IEC 7812 Annex B (79927398713 is the textbook example)', () => {
    expect(luhnValid('79927398713')).toBe(true);
    for (const d of '012456789') expect(luhnValid(`7992739871${d}`)).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('12a')).toBe(false);
  });
});

describe('person-name heuristic', () => {
  it.each([
    ['Emma Weber', true],
    ['Ada Lovelace', true],
    ['John F. Kennedy', true],
    ['Jean-Luc de la Tour', true],
    ["Sean O'Brien", true],
    ['Lovelace, Ada', true],
    ['王小明', true],
    ['欧阳娜娜', true],
    ['김민준', true],
  ])('%s looks like a name with a common given name or surname', (s, given) => {
    expect(personNameEvidence(s)).toEqual({ capitalised: true, given });
  });

  it.each(['Zyx Quorble', 'Scented Candle', "Chef's Knife", 'Tea Towels'])('%s is only capitalised words', (s) => {
    expect(personNameEvidence(s)).toEqual({ capitalised: true, given: false });
  });

  it.each([
    'emma weber',
    'EMMA WEBER',
    'Emma',
    'Tea Towels, Set of 3',
    '12" Ruler',
    'great product',
    '上海',
    'alice@example.com',
  ])('%s is not a name', (s) => {
    expect(personNameEvidence(s).given).toBe(false);
  });
});
