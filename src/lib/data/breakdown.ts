/**
 * The column Explore breaks activity down by, before the user picks one. A basket or invoice id
 * (25,900 values in Online Retail) makes a useless breakdown; a column with a handful of levels
 * (Country: 38, none missing) is what an analyst would pick.
 */

export interface ColumnCounts {
  name: string;
  /** Distinct non-missing values. */
  distinct: number;
  /** Rows where the column is missing (NULL or blank). */
  missing: number;
}

export const BREAKDOWN_MIN_LEVELS = 3;
export const BREAKDOWN_MAX_LEVELS = 50;

/** The text column with 3–50 distinct values and the fewest missing (ties: the first in table order). */
export function defaultBreakdown(columns: readonly ColumnCounts[]): string | undefined {
  let best: ColumnCounts | undefined;
  for (const c of columns) {
    if (c.distinct < BREAKDOWN_MIN_LEVELS || c.distinct > BREAKDOWN_MAX_LEVELS) continue;
    if (!best || c.missing < best.missing) best = c;
  }
  return best?.name;
}
