/** What a chart must do on any data: stay inside its SVG, and say what it shows. */
import { expect, type Page } from '@playwright/test';

/** Tick labels that leave their SVG, and charts without a visible title, in what is on screen now. */
export async function clipped(
  page: Page,
): Promise<{ charts: number; ticks: number; outside: string[]; untitled: string[]; squeezed: string[] }> {
  return page.evaluate(() => {
    const outside: string[] = [];
    const squeezed: string[] = [];
    const untitled: string[] = [];
    let [charts, ticks] = [0, 0];
    for (const figure of document.querySelectorAll<HTMLElement>('figure.chart')) {
      const svgs = figure.querySelectorAll('svg');
      const svg = svgs[svgs.length - 1];
      if (!svg) continue;
      const frame = svg.getBoundingClientRect();
      if (frame.width === 0) continue;
      charts++;
      const name = figure.getAttribute('aria-label') ?? '?';
      const titled =
        figure.querySelector('.title')?.textContent?.trim() || figure.previousElementSibling?.matches('h3, h4');
      if (!titled) untitled.push(name);
      // The marks (bars, lines, cells, grid lines), axes left out, span the plot: in a chart that uses
      // its width, most of it (a squeezed chart once drew six facets in a sixth of 1,100 px).
      const marks = [...svg.querySelectorAll(':scope > g[aria-label]')]
        .filter((g) => !/axis/.test(g.getAttribute('aria-label') ?? ''))
        .map((g) => g.getBoundingClientRect())
        .filter((b) => b.width > 0);
      if (marks.length) {
        const span = Math.max(...marks.map((b) => b.right)) - Math.min(...marks.map((b) => b.left));
        if (span < 0.3 * frame.width)
          squeezed.push(`${name}: marks span ${Math.round(span)} of ${Math.round(frame.width)} px`);
      }
      for (const text of svg.querySelectorAll('g[aria-label$="tick label"] text')) {
        const b = text.getBoundingClientRect();
        if (b.width === 0) continue;
        ticks++;
        const slack = 0.5;
        if (
          b.left < frame.left - slack ||
          b.right > frame.right + slack ||
          b.top < frame.top - slack ||
          b.bottom > frame.bottom + slack
        ) {
          outside.push(
            `${name}: "${text.textContent}" at ${Math.round(b.left - frame.left)}..${Math.round(b.right - frame.left)} × ${Math.round(b.top - frame.top)}..${Math.round(b.bottom - frame.top)} in ${Math.round(frame.width)} × ${Math.round(frame.height)}`,
          );
        }
      }
    }
    return { charts, ticks, outside, untitled, squeezed };
  });
}

/** Every chart on screen titled, every tick label inside its SVG, and at least `minCharts` of them. */
export async function expectFits(page: Page, view: string, minCharts: number) {
  const r = await clipped(page);
  expect(r.outside, `${view}: tick labels outside their SVG`).toEqual([]);
  expect(r.untitled, `${view}: charts without a title`).toEqual([]);
  expect(r.squeezed, `${view}: charts drawn in a sliver of their width`).toEqual([]);
  expect(r.charts, `${view}: charts on screen`).toBeGreaterThanOrEqual(minCharts);
  expect(r.ticks, `${view}: tick labels checked`).toBeGreaterThan(minCharts * 2);
}
