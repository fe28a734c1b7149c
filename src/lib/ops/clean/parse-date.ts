/**
 * `parse-date`: turn text into TIMESTAMP values. `format` is a DuckDB strptime format
 * (`%d/%m/%Y %H:%M`), or 'auto': each family of common formats (ISO 8601, `%d/%m/%Y`,
 * `%m/%d/%Y`, `%Y%m%d`, `%d.%m.%Y`, `%Y/%m/%d`, `%d-%m-%Y`, each also with a time of day) is
 * tried on the whole column and the one that parses the most values wins (ties: that order, so
 * day-first before month-first; a tie between them is reported as ambiguous). One format for
 * the whole column: 03/04 is never read one way here and the other way there.
 * Values are trimmed first and empty text counts as missing. Values that do not parse become
 * NULL and are counted (changedValues of the target column). `into` writes a new column instead
 * of replacing `column`.
 */
import { z } from 'zod';
import { ident, literal } from '../../data/sql';
import { stepError } from '../../core/errors';
import { cleanOp, collidingColumn, firstLine, plural, quoteValue, type CleanInput } from './shared';
import type { OpContext } from '../types';

const params = z.strictObject({
  column: z.string().min(1),
  format: z.string().min(1).default('auto'),
  /** New column for the parsed values (default: replace `column`). */
  into: z.string().trim().min(1).max(255).optional(),
});

export type ParseDateParams = z.infer<typeof params>;

const withTimes = (date: string) => [`${date} %H:%M:%S`, `${date} %H:%M`, date];

/** The families 'auto' tries, in order of preference. */
export const AUTO_FORMATS: Array<{ label: string; formats: string[] | null }> = [
  { label: 'ISO 8601', formats: null },
  { label: '%d/%m/%Y', formats: withTimes('%d/%m/%Y') },
  { label: '%m/%d/%Y', formats: withTimes('%m/%d/%Y') },
  { label: '%Y%m%d', formats: ['%Y%m%d'] },
  { label: '%d.%m.%Y', formats: withTimes('%d.%m.%Y') },
  { label: '%Y/%m/%d', formats: withTimes('%Y/%m/%d') },
  { label: '%d-%m-%Y', formats: withTimes('%d-%m-%Y') },
];

function parseSql(text: string, formats: string[] | null): string {
  if (formats === null) return `TRY_CAST(${text} AS TIMESTAMP)`;
  const list = formats.length === 1 ? literal(formats[0]!) : `[${formats.map(literal).join(', ')}]`;
  return `try_strptime(${text}, ${list})`;
}

async function chooseFormat(
  ctx: OpContext,
  input: CleanInput,
  text: string,
): Promise<{ label: string; formats: string[] | null; notes: string[] }> {
  const res = await ctx.db.query(
    `SELECT ${AUTO_FORMATS.map((f, i) => `count(${parseSql(text, f.formats)})::DOUBLE AS f${i}`).join(', ')}, count(${text})::DOUBLE AS n FROM ${input.sql}`,
  );
  const row = res.rows[0] ?? {};
  const parsed = AUTO_FORMATS.map((_, i) => Number(row[`f${i}`] ?? 0));
  const best = parsed.indexOf(Math.max(...parsed));
  const choice = AUTO_FORMATS[best]!;
  if (parsed[best] === 0 && Number(row.n) > 0) {
    const example = await ctx.db.query(`SELECT ${text} AS v FROM ${input.sql} WHERE ${text} IS NOT NULL LIMIT 1`);
    throw stepError(
      input.stepId,
      'format',
      `no common date format fits column values such as ${quoteValue(example.rows[0]?.v)}: give a strptime \`format\`, e.g. '%d/%m/%Y %H:%M'`,
    );
  }
  const notes = [`format 'auto' chose ${choice.label} (parses ${parsed[best]} of ${row.n} non-empty values)`];
  const dm = AUTO_FORMATS.findIndex((f) => f.label === '%d/%m/%Y');
  const md = AUTO_FORMATS.findIndex((f) => f.label === '%m/%d/%Y');
  if (best === dm && parsed[md] === parsed[dm] && parsed[dm]! > 0) {
    notes.push('the dates read as well month-first (%m/%d/%Y) as day-first: give `format` to be sure');
  }
  return { ...choice, notes };
}

export const parseDateOp = cleanOp({
  name: 'parse-date',
  title: 'Parse dates',
  description: 'Read text as dates and times, with a strptime format or by detecting a common one.',
  params,
  columns: { column: { byName: true } },
  async plan(ctx, input, p) {
    const target = p.into ?? p.column;
    const clash = p.into !== undefined ? collidingColumn(input, p.into) : undefined;
    if (clash && clash.name !== p.column) {
      throw stepError(input.stepId, 'into', `column '${clash.name}' already exists; choose another name`);
    }
    const text = `nullif(trim(CAST(${ident(p.column)} AS VARCHAR)), '')`;
    let formats: string[] | null;
    let label: string;
    const notes: string[] = [];
    if (p.format === 'auto') {
      const chosen = await chooseFormat(ctx, input, text);
      ({ formats, label } = chosen);
      notes.push(...chosen.notes);
    } else {
      formats = [p.format];
      label = p.format;
      try {
        await ctx.db.query(`SELECT count(${parseSql(text, formats)}) FROM ${input.sql}`);
      } catch (err) {
        throw stepError(input.stepId, 'format', firstLine(err));
      }
    }
    const parsed = parseSql(text, formats);
    const failed = `${text} IS NOT NULL AND ${parsed} IS NULL`;
    const example = await ctx.db.query(`SELECT ${text} AS v FROM ${input.sql} WHERE ${failed} LIMIT 1`);
    const replacing = target === p.column || clash !== undefined;
    const out = ident(clash?.name ?? target);
    return {
      sql: replacing
        ? `SELECT * REPLACE (${parsed} AS ${out}) FROM ${input.sql}`
        : `SELECT *, ${parsed} AS ${out} FROM ${input.sql}`,
      ...(replacing ? {} : { addedColumns: [target] }),
      counts: [
        `count(*) FILTER (WHERE ${failed})`,
        `count(${parsed})`,
        `count(*) FILTER (WHERE year(${parsed}) < 100)`,
      ],
      describe: ([unparsed = 0, ok = 0, tiny = 0]) => ({
        changedValues: { [clash?.name ?? target]: unparsed },
        notes: [
          `${plural(ok, 'value')} parsed` +
            (unparsed
              ? `; ${plural(unparsed, 'value')} could not be parsed and became NULL (e.g. ${quoteValue(example.rows[0]?.v)})`
              : ''),
          ...(tiny ? [`${plural(tiny, 'value')} parsed to a year before 100: two-digit years need %y, not %Y`] : []),
        ],
        summary: { parsed: ok, unparsed },
      }),
      notes,
      summary: { column: p.column, into: target, format: label },
    };
  },
});
