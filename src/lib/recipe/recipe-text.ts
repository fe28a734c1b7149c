/**
 * A recipe file's text as JSON. Notepad and other Windows editors save UTF-8 with a byte-order mark,
 * which `JSON.parse` refuses; it is dropped here, wherever a recipe is read from text (the runner,
 * the recipe editor, a deep link).
 */
export function parseRecipeText(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
}
