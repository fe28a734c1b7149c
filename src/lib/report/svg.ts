/**
 * The report's charts as SVG text: horizontal bars and lines, with axes, ticks and a legend.
 *
 * Why not Observable Plot, as the app's views draw them: Plot renders into a DOM `document`, and
 * the report builder is pure — it runs in Node (unit tests; the headless runner could write the
 * same report) where there is none. These two chart kinds are all a report needs; ticks follow
 * d3-array's `ticks` (the algorithm Plot uses), the colours Plot's default `tableau10` scheme,
 * so the pictures read like the app's. Every text is escaped: labels come from the user's data.
 */
import { escapeHtml } from '../privacy/audit-html';

/** Tableau 10, Observable Plot's default categorical scheme. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2c',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc949',
  '#af7aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ab',
];
const INK = '#1b2733';
const MUTED = '#5b6b7a';
const GRID = '#dde3e9';
const FONT = `font-family="Liberation Sans, Helvetica Neue, Arial, sans-serif"`;

const E10 = Math.sqrt(50),
  E5 = Math.sqrt(10),
  E2 = Math.sqrt(2);

/** About `count` round values in [start, stop], as d3-array 3's `ticks` (1, 2 or 5 × 10^k steps). */
export function ticks(start: number, stop: number, count = 5): number[] {
  if (!(count > 0) || !Number.isFinite(start) || !Number.isFinite(stop)) return [];
  if (start === stop) return [start];
  const reverse = stop < start;
  const [lo, hi] = reverse ? [stop, start] : [start, stop];
  const spec = (c: number): [number, number, number] => {
    const step = (hi - lo) / Math.max(0, c);
    const power = Math.floor(Math.log10(step));
    const error = step / 10 ** power;
    const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
    // Negative powers count in inverse steps, so 0.1 × 3 prints as 0.3, not 0.30000000000000004.
    if (power < 0) {
      const inv = 10 ** -power / factor;
      let [i1, i2] = [Math.round(lo * inv), Math.round(hi * inv)];
      if (i1 / inv < lo) i1++;
      if (i2 / inv > hi) i2--;
      return [i1, i2, -inv];
    }
    const inc = 10 ** power * factor;
    let [i1, i2] = [Math.round(lo / inc), Math.round(hi / inc)];
    if (i1 * inc < lo) i1++;
    if (i2 * inc > hi) i2--;
    return [i1, i2, inc];
  };
  let [i1, i2, inc] = spec(count);
  if (i2 < i1 && count >= 0.5 && count < 2) [i1, i2, inc] = spec(count * 2);
  if (i2 < i1) return [];
  const out = Array.from({ length: i2 - i1 + 1 }, (_, i) => (inc < 0 ? (i1 + i) / -inc : (i1 + i) * inc));
  return reverse ? out.reverse() : out;
}

/** [lo, hi] widened to whole tick steps (d3's `nice`, one pass), so axes end on a labelled value. */
export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  if (lo === hi) return lo === 0 ? [0, 1] : [Math.min(0, lo), Math.max(0, hi)];
  const t = ticks(lo, hi, count);
  if (t.length < 2) return [lo, hi];
  const step = t[1]! - t[0]!;
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/** Short numbers for axes and bar ends: 1,234 · 0.412 · 1.2e-5. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(1);
  return v.toLocaleString('en', { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 3 });
}

const fixed = (v: number) => Number(v.toFixed(2));
const text = (x: number, y: number, s: string, attrs = '') =>
  `<text x="${fixed(x)}" y="${fixed(y)}"${attrs ? ` ${attrs}` : ''}>${escapeHtml(s)}</text>`;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function svg(title: string, width: number, height: number, body: string): string {
  return `<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" ${FONT} font-size="11" fill="${INK}"><title>${escapeHtml(title)}</title>\n${body}\n</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`;
}

export interface Bar {
  label: string;
  value: number;
  colour?: string;
}

/** Horizontal bars, one row each, longest label deciding the left margin; optional reference lines (thresholds). */
export function barChart(opts: {
  title: string;
  bars: Bar[];
  xLabel: string;
  width?: number;
  rules?: Array<{ at: number; colour: string }>;
}): string {
  const width = opts.width ?? 640;
  const bars = opts.bars.filter((b) => Number.isFinite(b.value));
  const labelChars = Math.min(34, Math.max(4, ...bars.map((b) => b.label.length)));
  const [left, right, top, row] = [Math.round(labelChars * 6.2) + 12, 56, 8, 20];
  const height = top + bars.length * row + 40;
  const values = [...bars.map((b) => b.value), ...(opts.rules ?? []).map((r) => r.at)];
  const [lo, hi] = niceDomain(Math.min(0, ...values), Math.max(0, ...values));
  const x = (v: number) => left + ((v - lo) / (hi - lo || 1)) * (width - left - right);
  const axisY = top + bars.length * row + 4;
  const parts: string[] = [];
  for (const t of ticks(lo, hi, Math.max(2, Math.floor((width - left - right) / 80)))) {
    parts.push(
      `<line x1="${fixed(x(t))}" x2="${fixed(x(t))}" y1="${top}" y2="${axisY}" stroke="${GRID}"/>`,
      text(x(t), axisY + 14, formatNumber(t), `text-anchor="middle" fill="${MUTED}"`),
    );
  }
  bars.forEach((b, i) => {
    const y = top + i * row;
    const [x0, x1] = [x(Math.min(0, b.value)), x(Math.max(0, b.value))];
    parts.push(
      text(left - 6, y + row / 2 + 4, clip(b.label, 34), 'text-anchor="end"'),
      `<rect x="${fixed(x0)}" y="${y + 3}" width="${fixed(Math.max(0.5, x1 - x0))}" height="${row - 6}" fill="${b.colour ?? PALETTE[0]}"/>`,
      text(x1 + 4, y + row / 2 + 4, formatNumber(b.value), `fill="${MUTED}"`),
    );
  });
  for (const r of opts.rules ?? [])
    parts.push(
      `<line x1="${fixed(x(r.at))}" x2="${fixed(x(r.at))}" y1="${top}" y2="${axisY}" stroke="${r.colour}" stroke-dasharray="4 3"/>`,
    );
  parts.push(
    `<line x1="${fixed(x(0))}" x2="${fixed(x(0))}" y1="${top}" y2="${axisY}" stroke="${INK}"/>`,
    text(width - right, axisY + 30, `${opts.xLabel} →`, `text-anchor="end" fill="${MUTED}"`),
  );
  return svg(opts.title, width, height, parts.join('\n'));
}

export interface Series {
  name: string;
  /** [x, y] points, in drawing order. */
  points: Array<[number, number]>;
  colour?: string;
  dashed?: boolean;
}

/** Lines on shared axes (curves: ROC, precision–recall, loss per epoch, NDCG by K), with a legend when there are several. */
export function lineChart(opts: {
  title: string;
  series: Series[];
  xLabel: string;
  yLabel: string;
  x?: [number, number];
  y?: [number, number];
  width?: number;
  height?: number;
}): string {
  const [width, height] = [opts.width ?? 420, opts.height ?? 300];
  const named = opts.series.filter((s) => !s.dashed);
  const legendRows = named.length > 1 ? Math.ceil(named.length / 3) : 0;
  // Legend rows first, then the y label, then the plot.
  const [left, right, top, bottom] = [52, 16, 26 + legendRows * 16, 40];
  const all = opts.series.flatMap((s) => s.points).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  const [xl, xh] = opts.x ?? niceDomain(Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0])));
  const [yl, yh] = opts.y ?? niceDomain(Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1])));
  const sx = (v: number) => left + ((v - xl) / (xh - xl || 1)) * (width - left - right);
  const sy = (v: number) => height - bottom - ((v - yl) / (yh - yl || 1)) * (height - top - bottom);
  const parts: string[] = [];
  for (const t of ticks(yl, yh, 5))
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${fixed(sy(t))}" y2="${fixed(sy(t))}" stroke="${GRID}"/>`,
      text(left - 6, sy(t) + 4, formatNumber(t), `text-anchor="end" fill="${MUTED}"`),
    );
  // Whole-number x (k, K, epochs) gets whole-number ticks only.
  const integral = all.every(([a]) => Number.isInteger(a));
  for (const t of ticks(xl, xh, Math.max(2, Math.floor((width - left - right) / 70))).filter(
    (t) => !integral || Number.isInteger(t),
  ))
    parts.push(text(sx(t), height - bottom + 16, formatNumber(t), `text-anchor="middle" fill="${MUTED}"`));
  parts.push(
    `<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="${INK}"/>`,
    text(width - right, height - 6, `${opts.xLabel} →`, `text-anchor="end" fill="${MUTED}"`),
    text(4, top - 10, `↑ ${opts.yLabel}`, `fill="${MUTED}"`),
  );
  opts.series.forEach((s, i) => {
    const pts = s.points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    if (pts.length === 0) return;
    const colour = s.colour ?? PALETTE[i % PALETTE.length];
    const d = pts.map(([a, b], j) => `${j ? 'L' : 'M'}${fixed(sx(a))},${fixed(sy(b))}`).join('');
    parts.push(
      `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${s.dashed ? 1 : 2}"${s.dashed ? ' stroke-dasharray="4 3"' : ''}><title>${escapeHtml(s.name)}</title></path>`,
    );
  });
  if (legendRows)
    named.forEach((s, i) => {
      const [cx, cy] = [left + (i % 3) * 120, 4 + Math.floor(i / 3) * 16];
      parts.push(
        `<rect x="${cx}" y="${cy}" width="10" height="10" fill="${s.colour ?? PALETTE[opts.series.indexOf(s) % PALETTE.length]}"/>`,
        text(cx + 14, cy + 9, clip(s.name, 16)),
      );
    });
  return svg(opts.title, width, height, parts.join('\n'));
}
