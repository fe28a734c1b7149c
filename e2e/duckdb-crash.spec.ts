import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

type Hook = { __custodian: { crashDuckDB(): Promise<string> } };

test('a DuckDB crash is one line saying what was lost; DuckDB restarts and loading works again', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.addFile('before.csv', 'id,x\n1,2\n');
  await expect(app.tableTab('before')).toContainText('1');

  // A call fails as a WebAssembly trap does; the instance is replaced for real (new worker, sandbox).
  const line = await page.evaluate(() => (window as unknown as Hook).__custodian.crashDuckDB());
  expect(line).toBe(
    'DuckDB crashed (RuntimeError: unreachable (simulated)) and was restarted: every table it held in memory was lost ' +
      '(files and the recipe are kept); run the recipe again to reload them',
  );

  await app.addFile('after.csv', 'id,y\n1,2\n3,4\n');
  await expect(app.error()).toHaveCount(0);
  await expect(app.tableTab('after')).toContainText('2');
});
