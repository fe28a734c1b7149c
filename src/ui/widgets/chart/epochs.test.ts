import { describe, expect, it } from 'vitest';
import { epochTicks } from './epochs';

describe('epochTicks', () => {
  it('gives every whole epoch when there are few, as integers', () => {
    expect(epochTicks(2)).toEqual({ ticks: [1, 2], tickFormat: 'd' });
    expect(epochTicks(12).ticks).toHaveLength(12);
  });
  it('spaces the ticks of long runs by a whole number of epochs', () => {
    expect(epochTicks(50).ticks).toEqual([1, 6, 11, 16, 21, 26, 31, 36, 41, 46]);
    expect(epochTicks(13).ticks).toEqual([1, 3, 5, 7, 9, 11, 13]);
  });
});
