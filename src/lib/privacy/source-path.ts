/**
 * What a recipe may name as a source file. A recipe is data someone may have sent you; running
 * it must not reach the network, and a relative path must not climb out of the folder the recipe
 * sits in (`../../.ssh/id_rsa`) — neither in the headless runner (local files) nor through a
 * deep link (files on the app's own origin).
 *
 * - a URL of any scheme (`http:`, `https:`, `file:`, `data:`, `//host/…`) is refused;
 * - a relative path is resolved against the recipe's folder and must stay inside it
 *   (`data/../events.csv` is fine, `../x.csv` is not);
 * - an absolute path (`/data/shop.csv`, `C:\data\shop.csv`) is refused unless the user allows it:
 *   in the runner it could be any file the user can read (`/etc/os-release`, a key), so it takes
 *   `--allow-absolute-paths`; through a deep link it is a path on the app's own origin, read after
 *   the user confirms.
 */

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;

/** A path on this machine from its root (`/data/x.csv`, `C:\data\x.csv`); `//host/…` names another machine instead. */
export function isAbsolutePath(file: string): boolean {
  if (file.startsWith('//') || file.startsWith('\\\\')) return false;
  return file.startsWith('/') || file.startsWith('\\') || WINDOWS_DRIVE.test(file);
}

/** The flag that lets the headless runner read a source named by an absolute path. */
export const ALLOW_ABSOLUTE_FLAG = '--allow-absolute-paths';

/** The reason `file` may not be a recipe source, or undefined when it may. */
export function sourcePathProblem(file: string, opts: { allowAbsolute?: boolean } = {}): string | undefined {
  if (file.startsWith('//') || file.startsWith('\\\\')) {
    return `'${file}' names another machine; a recipe names files by a path relative to the recipe`;
  }
  const scheme = SCHEME.exec(file)?.[1]?.toLowerCase();
  if (scheme && !WINDOWS_DRIVE.test(file)) {
    const why =
      scheme === 'http' || scheme === 'https'
        ? 'is a web address: recipes never fetch from the network'
        : `is a ${scheme}: URL`;
    return `'${file}' ${why}; name the file by a path relative to the recipe`;
  }
  if (isAbsolutePath(file)) {
    if (opts.allowAbsolute) return undefined;
    return (
      `'${file}' is an absolute path, which could be any file on this machine; ` +
      `keep the data beside the recipe and name it relatively, or run with ${ALLOW_ABSOLUTE_FLAG} if you trust this recipe`
    );
  }
  let depth = 0;
  // A URL parser reads "%2e%2e" as "..", so a deep link must not get past this check that way.
  for (const segment of file.replace(/%2e/gi, '.').split(/[\\/]/)) {
    if (segment === '..') depth -= 1;
    else if (segment !== '.' && segment !== '') depth += 1;
    if (depth < 0)
      return `'${file}' points outside the recipe's folder; keep the data beside the recipe or give an absolute path`;
  }
  return undefined;
}
