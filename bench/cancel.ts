/**
 * Cancel latency per training kind (BENCH_ONLY=cancel), in headless Chromium on the built app:
 * start a training step, press Cancel once its first epochs are reported, and measure in the page
 * (no round trips to this process) from the click to "cancelled" shown (the neutral notice, the
 * progress line gone), and to the training worker taking new jobs (idle, or replaced when a
 * mini-batch outlasts the session's 0.75 s wait). Each run must end `cancelled`.
 */
import { chromium, type Page } from '@playwright/test';
import { buildIfStale, serve } from '../scripts/serve.mjs';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';

export interface CancelCase {
  kind: string;
  /** What trains: a step of the recipe, run after its sources. */
  step: { id: string; op: string; input: string; params: Record<string, unknown> };
  /** Steps it needs first (run once, before the cancelled one). */
  before?: Array<{ id: string; op: string; input?: string; params: Record<string, unknown> }>;
  /** Files for the recipe's sources, by name (absolute paths). */
  sources: Record<string, string>;
  /** Epochs reported before Cancel is pressed (default 1). */
  afterEpochs?: number;
  /** Instead: press Cancel `delayMs` after the progress line first matches `when` (mid-epoch, for slow epochs). */
  pressAt?: { when: string; delayMs: number };
}

export interface CancelFigure {
  kind: string;
  /** Click → the cancelled notice shown and the progress line gone. */
  shownMs: number;
  /** Click → the training worker takes new jobs. */
  readyMs: number;
  /** Whether the worker had to be terminated and replaced. */
  restarted: boolean;
  /** The progress line when Cancel was pressed. */
  at: string;
}

type Hook = {
  ready: Promise<void>;
  run(recipe: unknown): Promise<{ status: string; error?: string } | undefined>;
  trainingReady(): Promise<void>;
  trainingRestarts(): number;
};

export async function measureCancels(
  all: CancelCase[],
  onFigure: (f: CancelFigure) => void = () => {},
): Promise<CancelFigure[]> {
  // BENCH_CANCEL_KINDS=NCF,ALS: only the kinds whose names start so.
  const pick = process.env.BENCH_CANCEL_KINDS?.split(',').map((k) => k.trim().toLowerCase());
  const cases = pick ? all.filter((c) => pick.some((p) => c.kind.toLowerCase().startsWith(p))) : all;
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found');
  buildIfStale();
  const server = await serve({ port: 0 });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const out: CancelFigure[] = [];
  try {
    for (const c of cases) {
      // A fresh page per kind: each starts from a fresh training worker.
      const page = await browser.newPage();
      page.setDefaultTimeout(180_000); // a shared, busy machine can be slow to start the app
      await page.goto(`${server.url}/`, { timeout: 180_000 });
      await page.waitForFunction(() => '__custodian' in window);
      await page.evaluate(() => (window as unknown as { __custodian: Hook }).__custodian.ready);
      out.push(await measureOne(page, c));
      onFigure(out.at(-1)!);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

async function measureOne(page: Page, c: CancelCase): Promise<CancelFigure> {
  const names = Object.keys(c.sources);
  const sources = names.map((name) => ({ name, file: c.sources[name]! }));
  await page.setInputFiles(
    '[data-testid=runner-files]',
    names.map((n) => c.sources[n]!),
  );
  if (c.before?.length) {
    const prep = await page.evaluate((r) => (window as unknown as { __custodian: Hook }).__custodian.run(r), {
      version: 1,
      sources,
      steps: c.before,
    });
    if (prep?.status !== 'ok') throw new Error(`cancel bench, ${c.kind}: preparing failed: ${prep?.error}`);
  }
  const recipe = { version: 1, sources, steps: [...(c.before ?? []), c.step] };
  // Not awaited: the run is what gets cancelled.
  const running = page
    .evaluate((r) => (window as unknown as { __custodian: Hook }).__custodian.run(r), recipe)
    .catch((err: unknown) => ({ status: 'failed', error: String(err) }));
  const epochs = c.afterEpochs ?? 1;
  // Training has reported `epochs` epochs (or reached `pressAt`), or the run ended first (then it says why below).
  const started = await Promise.race([
    page
      .waitForFunction(
        ({ n, when }) => {
          const text = document.querySelector('[data-testid=progress]')?.textContent ?? '';
          if (when) return text.includes(when);
          const m = /epoch (\d+)/.exec(text);
          return !!m && Number(m[1]) >= n;
        },
        { n: epochs, when: c.pressAt?.when },
        { timeout: 600_000, polling: 20 },
      )
      .then(() => true),
    running.then(() => false),
  ]);
  if (!started)
    throw new Error(
      `cancel bench, ${c.kind}: the run ended before training showed ${c.pressAt ? `'${c.pressAt.when}'` : `epoch ${epochs}`}: ${JSON.stringify(await running).slice(0, 300)}`,
    );
  if (c.pressAt) await page.waitForTimeout(c.pressAt.delayMs);
  const measured = await page.evaluate(async () => {
    const hook = (window as unknown as { __custodian: Hook }).__custodian;
    const at = document.querySelector('[data-testid=progress]')?.textContent?.trim() ?? '';
    const restartsBefore = hook.trainingRestarts();
    const t0 = performance.now();
    (document.querySelector('[data-testid=cancel]') as HTMLButtonElement).click();
    const ready = hook.trainingReady().then(() => performance.now() - t0);
    // No named functions in here: tsx would wrap them in a `__name` helper the page does not have.
    const shown = await new Promise<number>((resolve) => {
      const timer = setInterval(() => {
        if (
          !document.querySelector('[data-testid=notices] [data-kind=cancelled]') ||
          document.querySelector('[data-testid=progress]')
        )
          return;
        clearInterval(timer);
        resolve(performance.now() - t0);
      }, 5);
    });
    return {
      at,
      shownMs: shown,
      readyMs: Math.max(shown, await ready),
      restarted: hook.trainingRestarts() > restartsBefore,
    };
  });
  const report = await running;
  if (report?.status !== 'cancelled')
    throw new Error(`cancel bench, ${c.kind}: the run ended ${report?.status}, not cancelled`);
  return { kind: c.kind, ...measured };
}
