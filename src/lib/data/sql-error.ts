/**
 * Where in a query DuckDB's error points. Its messages quote the line and put a caret under the
 * spot ("LINE 2: FROM evnts\n              ^"), shortening long lines with "..." on either side.
 * Returns the offset range in `sql` of the word at the caret, or undefined when there is no caret.
 */
export function sqlErrorRange(message: string, sql: string): { from: number; to: number } | undefined {
  const m = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!m) return undefined;
  const lineNo = Number(m[1]);
  const shown = m[2]!;
  const caret = m[3]!.length - `LINE ${m[1]}: `.length;
  const lines = sql.split('\n');
  const line = lines[lineNo - 1];
  if (line === undefined || caret < 0) return undefined;
  // The quoted line may be cut: find where the part shown starts in the real line.
  const cut = shown.startsWith('...') ? 3 : 0;
  const start = line.indexOf(shown.slice(cut).replace(/\.\.\.$/, ''));
  if (start < 0) return undefined;
  const column = start + caret - cut;
  const lineStart = lines.slice(0, lineNo - 1).reduce((n, l) => n + l.length + 1, 0);
  const from = lineStart + Math.min(Math.max(column, 0), line.length);
  const word = /^[\w."]*/.exec(sql.slice(from))![0];
  return { from, to: from + Math.max(word.length, 1) };
}
