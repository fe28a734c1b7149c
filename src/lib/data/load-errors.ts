/**
 * DuckDB's load errors as one line of a reason: rejected rows framed by what went wrong with them
 * (a field count, a failed cast, an encoding), and DuckDB's own messages shortened, with quoted file
 * content cut, never echoed whole (a 10 MB cell would otherwise be the message).
 */

/** Longest quoted file content in a message. */
export const MAX_QUOTE = 60;

export function capQuote(text: string, max = MAX_QUOTE): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters)`;
}

export interface Reject {
  line: number;
  /** DuckDB's `error_type`, spaces as _: CAST, TOO_MANY_COLUMNS, MISSING_COLUMNS, INVALID_UNICODE, LINE_SIZE_OVER_MAXIMUM, UNQUOTED_VALUE. */
  type: string;
  column: string | null;
  message: string;
}

/** One line for `n` rejected rows, of which `examples` are the first few; the caller prefixes the source. */
export function rejectsMessage(n: number, examples: Reject[]): string {
  const list = examples.map((r) => `line ${r.line}: ${describeReject(r)}`).join('; ');
  const rows = `${n} row${n === 1 ? '' : 's'}`;
  if (examples.every((r) => r.type === 'TOO_MANY_COLUMNS' || r.type === 'MISSING_COLUMNS')) {
    return (
      `${rows} do${n === 1 ? 'es' : ''} not match the header's columns (${list}). ` +
      `Fix the file, or set the source's delimiter if it is not detected correctly.`
    );
  }
  const first = examples[0]!.type;
  const todo =
    first === 'CAST'
      ? `Fix those values, or remove the rows; the column's type was inferred from the rows before them.`
      : first === 'INVALID_UNICODE'
        ? `Export the file again as UTF-8, or set the source's encoding.`
        : `Fix the file at those lines.`;
  return `${rows} could not be read (${list}). ${todo}`;
}

function describeReject(r: Reject): string {
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(r.message);
  if (columns) return `${columns[2]} fields, the header has ${columns[1]}`;
  const cast = /Could not convert string "([\s\S]*)" to '([^']+)'/.exec(r.message);
  if (r.type === 'CAST' && cast) {
    return `column '${r.column}' holds "${capQuote(cast[1]!)}", which is not ${article(cast[2]!)} ${cast[2]} like the values before it`;
  }
  if (r.type === 'INVALID_UNICODE') return 'not valid UTF-8';
  if (r.type === 'LINE_SIZE_OVER_MAXIMUM') return 'the line is longer than DuckDB reads as one row';
  return capQuote(r.message.split('\n')[0]!, 200);
}

function article(type: string): string {
  return /^[AEIOU]/i.test(type) ? 'an' : 'a';
}

/** DuckDB's (or the connector's) message for a failed read, as one short line. */
export function duckLoadReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/Error when sniffing file/.test(message)) {
    return (
      `DuckDB could not work out the layout of the rows (delimiter, quotes, line ends) from the first rows; ` +
      `set the source's delimiter, or save the file again as plain CSV`
    );
  }
  const size = /Maximum line size of (\d+) bytes exceeded/.exec(message);
  if (size)
    return `a row is longer than the ${Number(size[1]) / 1e6} MB DuckDB reads as one row; check that this is a CSV file of rows`;
  const lines = message
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s*(Original Line|LINE \d+:|\^)/.test(l))
    .slice(0, 2)
    .map((l) => capQuote(l.trim(), 200));
  return lines.join(' ');
}
