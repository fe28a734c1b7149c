/**
 * English and Simplified Chinese: the language switches at run time (no reload, results kept),
 * every view's headings, buttons, labels and tabs follow it, the choice survives a reload, and
 * axe-core still finds no serious violation in Chinese.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

const CJK = /[\u3400-\u9fff]/;
// Words that are the same in both languages: names, codes, and data shown in controls (step ids, tables).
const TOKEN =
  /^(CSV|SVG|PNG|JSON|HTML|Parquet|SQL|RFM|PCA|DBSCAN|CART|MLP|NCF|GRU|ALS|BPR|ItemCF|UserCF|TagCF|AUC|ROC|PR|F1|HR|NDCG|MAP|MRR|PSI|TPR|FPR|DuckDB|TF\.js|WebGPU|WebGL|WASM|CPU|eps|minPts|Ctrl|Enter|[a-z]+\d+|[a-z_]+\.[a-z_]+|[a-z]+_[a-z_]+)$/;
// Data shown in a control as it is: a column or table name (with its row count or SQL type), a URL.
const DATA = /^([a-z][\w]*(\.[\w]+)?( [\d,]+|: [A-Z ]+)?|https?:\/\/\S+)$/;
const isEnglish = (s: string) =>
  !CJK.test(s) &&
  !DATA.test(s) &&
  s.split(/\s+/).some((w) => /[A-Za-z]{3}/.test(w) && !TOKEN.test(w.replace(/^[^\w]+|[^\w]+$/g, '')));

/** Text of headings, buttons, labels and legends in `main` that is still English (not a token or data). */
async function englishLeft(page: Page): Promise<string[]> {
  const texts = await page.locator('main').evaluate((main) => {
    const own = (el: Element) =>
      [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join(' ');
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null;
    return [...main.querySelectorAll('h2, h3, h4, button, label, legend, summary, [aria-label], [title]')]
      .filter(visible)
      .flatMap((el) => [
        el.matches('label')
          ? own(el)
          : el.matches('h2, h3, h4, button, legend, summary')
            ? (el as HTMLElement).innerText
            : '',
        el.getAttribute('aria-label') ?? '',
        el.getAttribute('title') ?? '',
      ])
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
  });
  return [...new Set(texts.filter(isEnglish))];
}

async function serious(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
}

test('the whole UI switches to Simplified Chinese at run time, stays after a reload, and switches back', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open('?recipe=/samples/demo.recipe.json&run=1');
  await expect(page.locator('body[data-report]')).toHaveAttribute('data-report', 'ok', { timeout: 170_000 });
  await expect(page.getByTestId('auc')).toBeVisible();
  const auc = await page.getByTestId('auc').innerText();

  await page.getByTestId('language').selectOption('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('stage-prepare')).toContainText('准备数据');
  // The results are still there: a switch re-renders, it does not reload.
  await expect(page.getByTestId('auc')).toHaveText(auc);

  const left: Record<string, string[]> = {};
  const violations: Record<string, string[]> = {};
  const stages = ['prepare', 'explore', 'features', 'train', 'test', 'apply', 'monitor'];
  for (const stage of stages) {
    await page.getByTestId(`stage-${stage}`).click();
    const tabs = page.getByRole('tablist', { name: '视图' }).getByRole('tab');
    for (let i = 0; i < (await tabs.count()); i++) {
      await tabs.nth(i).click();
      await app.waitIdle();
      const name = (await tabs.nth(i).innerText()).trim();
      expect(isEnglish(name), `tab ${stage} #${i}: ${name}`).toBe(false);
      const english = await englishLeft(page);
      if (english.length) left[name] = english;
      if (i === 0) {
        await app.shot(`zh-${stage}`);
        const v = await serious(page);
        if (v.length) violations[name] = v;
      }
    }
  }
  for (const tool of ['配方与报告', '隐私']) {
    await page.getByRole('navigation', { name: '阶段' }).getByRole('button', { name: tool, exact: true }).click();
    await app.waitIdle();
    const english = await englishLeft(page);
    if (english.length) left[tool] = english;
  }
  await app.shot('zh-privacy');
  expect(left, 'English left in the Chinese UI').toEqual({});
  expect(violations, 'axe-core in Chinese').toEqual({});

  // Remembered in this browser.
  await page.reload();
  await expect(page.getByTestId('stage-prepare')).toContainText('准备数据');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await page.getByTestId('language').selectOption('en');
  await expect(page.getByTestId('stage-prepare')).toContainText('Prepare data');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
});

test('?lang=zh opens in Chinese for one visit without remembering it', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?lang=zh');
  await expect(page.getByTestId('stage-prepare')).toContainText('准备数据');
  await expect(page.getByRole('button', { name: '载入示例数据' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('custodian-locale'))).toBeNull();
  await app.open();
  await expect(page.getByTestId('stage-prepare')).toContainText('Prepare data');
});
