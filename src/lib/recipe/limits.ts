/**
 * How big a recipe may be. A recipe holds sources and steps, not data: the largest real one here is
 * a few kilobytes. A 50 MB one froze the page's main thread for 10.8 s (parsed, cloned, validated
 * and shown as text), so anything past the cap is refused with a reason before any of that.
 */
export const MAX_RECIPE_BYTES = 5 * 1024 * 1024;

/** The reason a recipe of `bytes` (UTF-8 or UTF-16 units, near enough) is refused, or undefined. */
export function recipeSizeProblem(bytes: number, where: string): string | undefined {
  if (bytes <= MAX_RECIPE_BYTES) return undefined;
  return (
    `the recipe ${where} is ${(bytes / 1024 ** 2).toFixed(1)} MB, more than the ${MAX_RECIPE_BYTES / 1024 ** 2} MB a recipe may be ` +
    `(a recipe names its data files, it does not hold them): put the data in a source file`
  );
}
