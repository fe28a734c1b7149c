import { describe, it, expect } from 'vitest';
import { guessColumn, guessTransactionTable } from './roles';

const cols = (...names: string[]) => names.map((name) => ({ name, type: 'VARCHAR' }));

describe('guessColumn', () => {
  it('finds roles in Online Retail and in the samples', () => {
    const retail = cols('InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country');
    expect(['customer', 'time', 'quantity', 'price', 'basket', 'amount'].map((r) => guessColumn(retail, r as never))).toEqual([
      'CustomerID', 'InvoiceDate', 'Quantity', 'UnitPrice', 'InvoiceNo', undefined,
    ]);
    const events = cols('event_id', 'customer_id', 'session_id', 'ts', 'event_type', 'item_id', 'order_id', 'quantity', 'price', 'amount');
    expect(guessColumn(events, 'customer')).toBe('customer_id');
    expect(guessColumn(events, 'time')).toBe('ts');
    expect(guessColumn(events, 'basket')).toBe('order_id');
    expect(guessColumn(events, 'event')).toBe('event_type');
    expect(guessColumn(cols('customer_id', 'churned'), 'label')).toBe('churned');
  });
});

describe('guessTransactionTable', () => {
  it('prefers the event log over a customer table with a date', () => {
    const customers = { ref: 'customers', columns: cols('customer_id', 'signup_date', 'age', 'churned') };
    const events = { ref: 'events', columns: cols('customer_id', 'ts', 'order_id', 'amount') };
    expect(guessTransactionTable([customers, events])?.ref).toBe('events');
  });
});
