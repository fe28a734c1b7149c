import { test, expect } from './fixtures';
import { readFileSync } from 'node:fs';
import { AppPage } from './pages/app';

test('a European CSV loads with its decimal-comma amounts read as numbers, and the undecided column named', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open();
  await app.addFile('european.csv', readFileSync('src/lib/ops/fixtures/numbers/european.csv'));
  await expect(app.tableTab('european')).toContainText('4');
  const grid = page.getByTestId('grid');
  await expect(grid.getByRole('columnheader', { name: /^amount/ })).toHaveAttribute('title', 'amount: DOUBLE');
  // Row 2 is `B;…;1.234,50;…`: read as 1234.5 (shown grouped as 1,234.5).
  await expect(grid.getByRole('row').nth(2).getByRole('gridcell').nth(3)).toHaveText('1,234.5');
  await expect(page.getByTestId('load-numbers')).toContainText("amount (decimal ',', thousands '.')");
  await expect(page.getByTestId('load-warnings')).toHaveText(
    `column 'qty' stays text: values such as '1.234' read both as decimals and as thousands; set the source's "decimal" ("," or ".") to read it as numbers`,
  );
  await app.shot('numbers-european');
});
