/**
 * The DuckDB-WASM build the app ships, in Node (its node-blocking bundle), behind the loader's
 * part of DbConnector: for tests of CSV reading, where native DuckDB and the WASM build may differ.
 * Parquet/JSON import, Arrow and exports are the app's own code paths and are not provided here.
 */
import { createRequire } from 'node:module';
import { createDuckDB, NODE_RUNTIME, VoidLogger, type DuckDBConnection, type DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';
import type { Table } from 'apache-arrow';
import { type Cell, type DbConnector, type QueryResult, toCell } from '../data/connector';

const require = createRequire(import.meta.url);

export class WasmNodeDuckDB implements DbConnector {
  private constructor(
    private readonly db: DuckDBBindings,
    private readonly conn: DuckDBConnection,
  ) {}

  static async create(): Promise<WasmNodeDuckDB> {
    const wasm = (file: string) => require.resolve(`@duckdb/duckdb-wasm/dist/${file}`);
    const db = await createDuckDB(
      { mvp: { mainModule: wasm('duckdb-mvp.wasm'), mainWorker: '' }, eh: { mainModule: wasm('duckdb-eh.wasm'), mainWorker: '' } },
      new VoidLogger(),
      NODE_RUNTIME,
    );
    await db.instantiate();
    db.open({ query: { castBigIntToDouble: false } });
    const conn = db.connect();
    conn.query('SET autoinstall_known_extensions = false');
    conn.query('SET autoload_known_extensions = false');
    return new WasmNodeDuckDB(db, conn);
  }

  async exec(sql: string): Promise<void> {
    this.conn.query(sql);
  }

  async query(sql: string): Promise<QueryResult> {
    const table = this.conn.query(sql) as Table;
    const fields = table.schema.fields;
    const rows: Record<string, Cell>[] = [];
    for (let i = 0; i < table.numRows; i++) {
      const row: Record<string, Cell> = {};
      for (const f of fields) row[f.name] = toCell(table.getChild(f.name)!.get(i));
      rows.push(row);
    }
    return { columns: fields.map((f) => ({ name: f.name, type: String(f.type) })), rows };
  }

  async registerFile(name: string, file: Blob): Promise<string> {
    this.db.registerFileBuffer(name, new Uint8Array(await file.arrayBuffer()));
    return name;
  }

  async dropFile(name: string): Promise<void> {
    this.db.dropFile(name);
  }

  async version(): Promise<string> {
    return this.db.getVersion();
  }

  close(): void {
    this.conn.close();
  }

  arrowIPC(): Promise<Uint8Array> {
    throw new Error('not provided in the Node WASM connector');
  }
  importFile(): Promise<void> {
    throw new Error('not provided in the Node WASM connector');
  }
  insertArrow(): Promise<void> {
    throw new Error('not provided in the Node WASM connector');
  }
  exportCsv(): Promise<Uint8Array> {
    throw new Error('not provided in the Node WASM connector');
  }
  exportParquet(): Promise<Uint8Array> {
    throw new Error('not provided in the Node WASM connector');
  }
}
