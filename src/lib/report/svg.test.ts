import { describe, it, expect } from 'vitest';
import { barChart, formatNumber, lineChart, niceDomain, ticks } from './svg';

describe('ticks (as d3-array 3.2 `ticks`)', () => {
  // Expected values printed by d3-array 3.2.5 (`node -e "console.log(require('d3-array').ticks(a, b, n))"`).
  it.each([
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 2345, 5, [0, 500, 1000, 1500, 2000]],
    [0.4123, 0.4987, 5, [0.42, 0.44, 0.46, 0.48]],
    [-0.12, 0.83, 5, [0, 0.2, 0.4, 0.6, 0.8]],
    [0, 7, 4, [0, 2, 4, 6]],
    [0, 0.0006, 5, [0, 0.0001, 0.0002, 0.0003, 0.0004, 0.0005, 0.0006]],
    [3, 3, 5, [3]],
  ])('ticks(%d, %d, %d)', (a, b, n, expected) => {
    expect(ticks(a, b, n)).toEqual(expected);
  });

  it('descending domains give descending ticks; nonsense gives none', () => {
    expect(ticks(1, 0, 5)).toEqual([1, 0.8, 0.6, 0.4, 0.2, 0]);
    expect(ticks(0, Number.NaN, 5)).toEqual([]);
  });

  it('niceDomain ends on whole steps, as d3-array `nice` (printed: [0, 2345] → [0, 2500], [0.4123, 0.4987] → [0.4, 0.5], [-0.12, 0.83] → [-0.2, 1])', () => {
    expect(niceDomain(0, 2345)).toEqual([0, 2500]);
    const [lo, hi] = niceDomain(0.4123, 0.4987);
    expect(lo).toBeCloseTo(0.4, 12);
    expect(hi).toBeCloseTo(0.5, 12);
    const [a, b] = niceDomain(-0.12, 0.83);
    expect([a, b].map((v) => Number(v.toFixed(12)))).toEqual([-0.2, 1]);
    expect(niceDomain(0, 0)).toEqual([0, 1]);
  });

  it('formats numbers briefly', () => {
    expect([formatNumber(1234.5), formatNumber(0.41234), formatNumber(0.00001234), formatNumber(0)]).toEqual([
      '1,235',
      '0.412',
      '1.2e-5',
      '0',
    ]);
  });
});

describe('barChart', () => {
  const chart = barChart({
    title: 'PSI by feature',
    xLabel: 'PSI',
    bars: [
      { label: 'tenure_days', value: 0.6 },
      { label: '<img src=x onerror=alert(1)>', value: 0.2, colour: '#b3261e' },
      { label: 'nan', value: Number.NaN },
    ],
    rules: [
      { at: 0.1, colour: '#d9822b' },
      { at: 0.25, colour: '#b3261e' },
    ],
  });

  it('is one standalone SVG with a title, one bar per finite value, labels escaped', () => {
    expect(chart.match(/<svg /g)).toHaveLength(1);
    expect(chart).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(chart).toContain('<title>PSI by feature</title>');
    expect(chart.match(/<rect /g)).toHaveLength(2);
    expect(chart).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(chart).not.toContain('<img');
    expect(chart.match(/stroke-dasharray="4 3"/g)).toHaveLength(2);
  });

  it('draws bar lengths in proportion on a domain from 0 to the nice maximum', () => {
    // Domain [0, 0.6] (ticks of 0.1); left margin = 28 label chars × 6.2 + 12 = 185.6 → 186; plot width 640 − 186 − 56 = 398.
    const widths = [...chart.matchAll(/<rect x="([\d.]+)" y="\d+" width="([\d.]+)"/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(widths).toEqual([
      [186, 398],
      [186, Number(((398 * 0.2) / 0.6).toFixed(2))],
    ]);
  });
});

describe('lineChart', () => {
  it('maps points onto the plot area (ROC: chance diagonal dashed, no legend for one named series)', () => {
    const chart = lineChart({
      title: 'ROC',
      xLabel: 'false positive rate',
      yLabel: 'true positive rate',
      x: [0, 1],
      y: [0, 1],
      series: [
        {
          name: 'test',
          points: [
            [0, 0],
            [0.25, 0.75],
            [1, 1],
          ],
        },
        {
          name: 'chance',
          points: [
            [0, 0],
            [1, 1],
          ],
          dashed: true,
        },
      ],
    });
    // 420 × 300; margins left 52, right 16, top 26, bottom 40: x 0 → 52, 1 → 404; y 0 → 260, 0.75 → 260 − 0.75 · 234 = 84.5, 1 → 26.
    expect(chart).toContain('d="M52,260L140,84.5L404,26"');
    expect(chart).toContain('d="M52,260L404,26" fill="none" stroke="#f28e2c" stroke-width="1" stroke-dasharray="4 3"');
    expect(chart).not.toMatch(/<rect /);
  });

  it('adds a legend with one swatch per named series', () => {
    const chart = lineChart({
      title: 'NDCG by K',
      xLabel: 'K',
      yLabel: 'NDCG',
      series: [
        {
          name: 'popularity',
          points: [
            [5, 0.1],
            [10, 0.12],
          ],
        },
        {
          name: 'itemcf',
          points: [
            [5, 0.2],
            [10, 0.25],
          ],
        },
      ],
    });
    expect(chart.match(/<rect /g)).toHaveLength(2);
    expect(chart).toContain('>itemcf</text>');
    // K is a whole number: no tick between whole values (no 7.5).
    expect(
      [...chart.matchAll(/text-anchor="middle" fill="#5b6b7a">([^<]+)</g)]
        .map((m) => m[1])
        .every((t) => Number.isInteger(Number(t))),
    ).toBe(true);
  });
});
