/**
 * DuckDB closed from the inside. A `sql` step or the SQL console can call any DuckDB function,
 * including `read_csv('https://…')`, `read_text('/etc/passwd')`, `COPY … TO`, `ATTACH`, `INSTALL`.
 * Instead of filtering SQL text (which a quoted name, a macro or a new function gets past), DuckDB
 * itself is told at start-up, before any file is registered, which folders it may touch:
 *
 * 1. `allowed_directories` = the app's own folders (the WASM build's virtual `/custodian/`, where
 *    every source and export is registered; the native connector's temp folder and whatever folders
 *    its caller names);
 * 2. `enable_external_access = false`: every other path, and every URL, is refused by DuckDB's own
 *    file-system layer ("Permission Error: Cannot access file …");
 * 3. extensions are neither downloaded nor loaded;
 * 4. `lock_configuration = true`: no later `SET` (from a recipe or the console) can undo 1–3.
 *
 * Measured in DuckDB-WASM 1.32 (DuckDB 1.4.3) and @duckdb/node-api 1.4.4: files registered under
 * an allowed folder before or after the lock stay readable, `COPY … TO` an allowed folder works,
 * `../` out of it is refused, and `SET enable_external_access = true` afterwards fails.
 * The page's Content-Security-Policy stays as the second wall.
 */

/** Where the WASM build registers every source file and writes every export. */
export const APP_PREFIX = '/custodian/';

/**
 * The statements that close DuckDB, in order. Folders end with a `/`, so `/custodian2` is not inside
 * `/custodian`. `allowedFiles` are single files readable where they are (the native runner's sources).
 */
export function lockdownSql(allowedDirectories: readonly string[], allowedFiles: readonly string[] = []): string[] {
  const dirs = allowedDirectories.map((d) => (d.endsWith('/') ? d : `${d}/`));
  const list = (items: readonly string[]) => `[${items.map((d) => `'${d.replaceAll("'", "''")}'`).join(', ')}]`;
  return [
    `SET allowed_directories = ${list(dirs)}`,
    ...(allowedFiles.length ? [`SET allowed_paths = ${list(allowedFiles)}`] : []),
    'SET enable_external_access = false',
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    'SET allow_community_extensions = false',
    'SET lock_configuration = true',
  ];
}

export interface SandboxRefusal {
  kind: 'network' | 'file' | 'extension' | 'settings';
  /** The URL or path DuckDB was asked for, when it says. */
  target?: string;
}

const ACCESS = /Cannot access (?:file|directory) "([^"]*)"[^\n]*disabled by configuration/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** What a DuckDB error says the sandbox refused, or undefined when it is another error. */
export function sandboxRefusal(message: string): SandboxRefusal | undefined {
  const access = ACCESS.exec(message);
  if (access) return { kind: URL_LIKE.test(access[1]!) ? 'network' : 'file', target: access[1]! };
  if (/external extensions is disabled|extension[^\n]*disabled through configuration/i.test(message))
    return { kind: 'extension' };
  if (/the configuration has been locked/.test(message)) return { kind: 'settings' };
  return undefined;
}

/** One line for a recipe step (the core writes English; the console has its own catalogue). */
export function describeRefusal(refusal: SandboxRefusal, who = 'this recipe'): string {
  const target = refusal.target ? ` (${refusal.target})` : '';
  switch (refusal.kind) {
    case 'network':
      return `${who} tried to reach the network${target}; Custodian never fetches data: load the file as a source instead`;
    case 'file':
      return `${who} tried to read or write a file outside the app${target}; only the files loaded as sources can be read: load it as a source instead`;
    case 'extension':
      return `${who} tried to load a DuckDB extension; Custodian runs with the extensions built into it only`;
    case 'settings':
      return `${who} tried to change DuckDB's locked settings (file and network access stay closed)`;
  }
}
