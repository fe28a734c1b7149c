import { describe, expect, it } from 'vitest';
import { defaultBreakdown } from './breakdown';

describe('defaultBreakdown', () => {
  it('on Online Retail picks Country, not the invoice number or the free-text description', () => {
    // Distinct and missing counts of Online Retail's text columns (541,909 rows).
    expect(
      defaultBreakdown([
        { name: 'InvoiceNo', distinct: 25_900, missing: 0 },
        { name: 'Description', distinct: 4223, missing: 1454 },
        { name: 'Country', distinct: 38, missing: 0 },
      ]),
    ).toBe('Country');
  });

  it('prefers the column with fewer missing values among those with 3–50 levels', () => {
    expect(
      defaultBreakdown([
        { name: 'channel', distinct: 4, missing: 120 },
        { name: 'region', distinct: 12, missing: 3 },
        { name: 'flag', distinct: 2, missing: 0 },
      ]),
    ).toBe('region');
  });

  it('keeps table order on ties and gives nothing when no column has 3–50 levels', () => {
    expect(
      defaultBreakdown([
        { name: 'a', distinct: 3, missing: 0 },
        { name: 'b', distinct: 50, missing: 0 },
      ]),
    ).toBe('a');
    expect(
      defaultBreakdown([
        { name: 'yes_no', distinct: 2, missing: 0 },
        { name: 'id', distinct: 51, missing: 0 },
      ]),
    ).toBeUndefined();
  });
});
