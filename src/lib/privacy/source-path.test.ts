import { describe, expect, it } from 'vitest';
import { sourcePathProblem } from './source-path';

describe('sourcePathProblem', () => {
  it.each(['events.csv', 'data/events.csv', './data/events.csv', 'data/../events.csv', 'a/b/../../c.csv'])(
    '%j may be a source',
    (file) => expect(sourcePathProblem(file)).toBeUndefined(),
  );

  it.each(['/srv/data/shop.csv', '/etc/os-release', 'C:\\data\\shop.csv', 'c:/data/shop.csv'])(
    '%j is an absolute path: only when allowed',
    (file) => {
      expect(sourcePathProblem(file)).toBe(
        `'${file}' is an absolute path, which could be any file on this machine; keep the data beside the recipe and name it relatively, or run with --allow-absolute-paths if you trust this recipe`,
      );
      expect(sourcePathProblem(file, { allowAbsolute: true })).toBeUndefined();
    },
  );

  it('a URL stays refused even when absolute paths are allowed', () => {
    expect(sourcePathProblem('file:///etc/passwd', { allowAbsolute: true })).toContain('is a file: URL');
  });

  it.each([
    ['../x.csv', "'../x.csv' points outside the recipe's folder"],
    ['data/../../x.csv', "points outside the recipe's folder"],
    ['..\\x.csv', 'points outside'],
    ['%2e%2e/x.csv', 'points outside'],
    ['./../x.csv', 'points outside'],
    ['http://example.com/x.csv', "'http://example.com/x.csv' is a web address: recipes never fetch from the network"],
    ['HTTPS://example.com/x.csv', 'is a web address'],
    ['file:///etc/passwd', 'is a file: URL'],
    ['data:text/csv,a%0A1', 'is a data: URL'],
    ['javascript:alert(1)', 'is a javascript: URL'],
    ['//example.com/x.csv', 'names another machine'],
    ['\\\\server\\share\\x.csv', 'names another machine'],
  ])('%j is refused', (file, message) => expect(sourcePathProblem(file)).toContain(message));
});
