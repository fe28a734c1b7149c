/**
 * An epoch axis: whole numbers only (1, 2, 3, never 1.0, 1.5, 2.0), every epoch when there are
 * few, else about ten evenly spaced ones, always starting at 1.
 */
export function epochTicks(lastEpoch: number): { ticks: number[]; tickFormat: 'd' } {
  const n = Math.max(1, Math.floor(lastEpoch));
  const step = n <= 12 ? 1 : Math.ceil(n / 10);
  return { ticks: Array.from({ length: Math.floor((n - 1) / step) + 1 }, (_, i) => 1 + i * step), tickFormat: 'd' };
}
