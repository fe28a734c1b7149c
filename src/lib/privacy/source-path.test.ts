import { describe, expect, it } from 'vitest';
import { sourcePathProblem } from './source-path';

describe('sourcePathProblem', () => {
  it.each(['events.csv', 'data/events.csv', './data/events.csv', 'data/../events.csv', 'a/b/../../c.csv', '/srv/data/shop.csv', 'C:\\data\\shop.csv', 'c:/data/shop.csv'])(
    '%j may be a source',
    (file) => expect(sourcePathProblem(file)).toBeUndefined(),
  );

  it.each([
    ['../x.csv', "'../x.csv' points outside the recipe's folder"],
    ['data/../../x.csv', 'points outside the recipe\'s folder'],
    ['..\\x.csv', 'points outside'],
    ['%2e%2e/x.csv', 'points outside'],
    ['./../x.csv', 'points outside'],
    ['http://example.com/x.csv', "'http://example.com/x.csv' is a web address: recipes never fetch from the network"],
    ['HTTPS://example.com/x.csv', 'is a web address'],
    ['file:///etc/passwd', "is a file: URL"],
    ['data:text/csv,a%0A1', 'is a data: URL'],
    ['javascript:alert(1)', 'is a javascript: URL'],
    ['//example.com/x.csv', 'names another machine'],
    ['\\\\server\\share\\x.csv', 'names another machine'],
  ])('%j is refused', (file, message) => expect(sourcePathProblem(file)).toContain(message));
});
