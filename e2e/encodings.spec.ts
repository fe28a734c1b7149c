import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

/** UTF-16 BE with a BOM: 北京 and Zürich. */
function utf16be(text: string): Buffer {
  const out = [0xfe, 0xff];
  for (const ch of text) out.push(ch.charCodeAt(0) >> 8, ch.charCodeAt(0) & 0xff);
  return Buffer.from(out);
}

test('UTF-16 BE and GBK files are read through the file picker, with the encoding shown and overridable', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open();
  const summary = page.getByTestId('table-summary');
  const grid = page.getByTestId('grid');

  await app.addFile('wide16.csv', utf16be('customer,city\nA,北京\nB,Zürich\n'));
  await expect(app.error()).toHaveCount(0);
  await app.tableTab('wide16').click();
  await expect(summary).toContainText('wide16: 2 rows × 2 columns · read as UTF-16 BE (detected)');
  await expect(grid).toContainText('北京');
  await expect(grid).toContainText('Zürich');

  // 北京 and 上海 in GBK
  const gbk = Buffer.concat([
    Buffer.from('customer,city\nA,'),
    Buffer.from([0xb1, 0xb1, 0xbe, 0xa9]),
    Buffer.from('\nB,'),
    Buffer.from([0xc9, 0xcf, 0xba, 0xa3]),
    Buffer.from('\n'),
  ]);
  await app.addFile('gbk.csv', gbk);
  await expect(app.error()).toHaveCount(0);
  await app.tableTab('gbk').click();
  await expect(summary).toContainText('read as GB18030 (GBK) (detected)');
  await expect(grid).toContainText('上海');
  await app.shot('encodings-gbk');

  // Read it again as Windows-1252: the text changes, and the source says so
  await page.getByTestId('source-encoding').selectOption('windows-1252');
  await app.waitIdle();
  await expect(summary).toContainText('read as Windows-1252');
  await expect(summary).not.toContainText('(detected)');
  await expect(grid).toContainText('±±¾©');
});
