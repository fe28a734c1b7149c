/**
 * The name and type patterns the UI checks, apart from the SQL builders (which the UI may not
 * import: it reads through the typed readers).
 */
export { NAME_PATTERN, NUMERIC_TYPE } from './sql';
