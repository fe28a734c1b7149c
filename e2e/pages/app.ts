import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

/** Each view and the stage it lives in (src/ui/shell/StageNav.svelte); tools beside the stages have none. */
const STAGE_OF = {
  Data: 'prepare',
  SQL: 'prepare',
  Explore: 'explore',
  RFM: 'explore',
  'Lifetime value': 'explore',
  Customer: 'explore',
  'Compare segments': 'explore',
  Features: 'features',
  Bundles: 'train',
  Segments: 'train',
  Recommend: 'train',
  Model: 'train',
  'Compare recommenders': 'test',
  Fairness: 'test',
  Experiment: 'test',
  Apply: 'apply',
  Monitor: 'monitor',
  'Recipe & report': null,
  Privacy: null,
  'Similar items': 'train',
  'At-risk customers': 'apply',
} as const;
export type View = keyof typeof STAGE_OF;

/** The text in a code editor (src/ui/CodeEditor.svelte), which exposes it as `value` like a textarea. */
export function editorValue(editor: Locator): Promise<string> {
  return editor.evaluate((el) => (el as HTMLTextAreaElement).value);
}

/** The app, as a user drives it. */
export class AppPage {
  constructor(readonly page: Page) {}

  async open(query = '') {
    await this.page.goto(`/${query}`);
    await expect(this.page.getByTestId('duckdb-status')).toContainText('DuckDB v', { timeout: 60_000 });
  }

  /** Open a view: its stage first, then the view within it (the tools beside the stages open directly). */
  async tab(name: View) {
    const stage = STAGE_OF[name];
    if (stage) {
      await this.page.getByTestId(`stage-${stage}`).click();
      await this.page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name, exact: true }).click();
    } else {
      await this.page.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name, exact: true }).click();
    }
  }

  /** Load the bundled sample data and wait until its tables are listed (the run starts after a fetch). */
  async loadSamples() {
    await this.page.getByRole('button', { name: 'Load sample data' }).click();
    await expect(this.tableTab('customers')).toHaveCount(1, { timeout: 120_000 });
    await this.waitIdle();
  }

  /** The sample data plus the sample items table (categories, tags), as most journeys start. */
  async loadSamplesWithItems() {
    await this.loadSamples();
    await this.addFile('items.csv', readFileSync('public/samples/items.csv'));
    await expect(this.tableTab('items')).toHaveCount(1);
  }

  async waitIdle() {
    await expect(this.page.getByTestId('progress')).toHaveCount(0, { timeout: 170_000 });
  }

  error() {
    return this.page.getByTestId('error');
  }

  async addFile(name: string, content: string | Buffer, mimeType = 'text/csv') {
    await this.page
      .getByTestId('file-input')
      .setInputFiles({ name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });
    await this.waitIdle();
  }

  tables() {
    return this.page.getByRole('tablist', { name: 'Tables' }).getByRole('tab');
  }

  tableTab(ref: string) {
    return this.tables().filter({ hasText: new RegExp(`^${ref.replace('.', '\\.')} `) });
  }

  view(name: 'Preview' | 'Columns & roles' | 'Profile' | 'Clean') {
    return this.page.getByRole('tablist', { name: 'Table views' }).getByRole('tab', { name });
  }

  async shot(name: string) {
    await this.page.screenshot({ path: `screens/${name}.png` });
  }
}
