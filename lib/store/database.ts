import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { StoreAdmission, type WorkKind } from "./admission";
import { PACKS_DIR } from "./packs";
import { SCHEMA_SQL, SCHEMA_VERSION } from "./schema";
import { isSql, type Sql, sql } from "./sql";

/**
 * The embedded DuckDB store: one on-disk database per data folder, opened once
 * per process (kept on globalThis so Next's dev reloads reuse it).
 */

export type SqlParams = DuckDBValue[];

/** A statement made with `sql`, or text with its parameters, as DuckDB takes them. */
function textAndParams(statement: Sql | string, params: SqlParams): [string, SqlParams] {
  return isSql(statement) ? [statement.text, statement.params] : [statement, params];
}
export type JsonRow = Record<string, unknown>;

export class Store {
  private writeChain: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** The read connections, a queue per kind of work (admission.ts). */
  readonly admission: StoreAdmission;

  /** Closed: it refuses work (a late timer can ask). */
  get isClosed(): boolean {
    return this.closed;
  }

  constructor(
    readonly file: string,
    /** The data folder: the database file, its packs (lib/store/packs.ts) and staged rows. */
    readonly dataDir: string,
    private readonly instance: DuckDBInstance,
    /** The one connection that writes; all writes go through `write()`. */
    private readonly writer: DuckDBConnection,
  ) {
    this.admission = new StoreAdmission(() => this.connect());
  }

  /**
   * Runs a read query (DuckDB reads in parallel with writes) once a
   * connection of its kind of work is free (admission.ts; `pages` unless
   * said): a statement made with `sql` (lib/store/sql.ts), or text and its
   * parameters. A kind whose queue is full refuses with StoreBusyError.
   */
  async query<T extends JsonRow = JsonRow>(statement: Sql, work?: WorkKind): Promise<T[]>;
  async query<T extends JsonRow = JsonRow>(
    text: string,
    params?: SqlParams,
    work?: WorkKind,
  ): Promise<T[]>;
  async query<T extends JsonRow = JsonRow>(
    statement: Sql | string,
    paramsOrWork?: SqlParams | WorkKind,
    work?: WorkKind,
  ): Promise<T[]> {
    const [text, values] = textAndParams(
      statement,
      Array.isArray(paramsOrWork) ? paramsOrWork : [],
    );
    const kind = (typeof paramsOrWork === "string" ? paramsOrWork : work) ?? "pages";
    return this.admission.run(kind, async (connection) => {
      const reader = await connection.runAndReadAll(text, values);
      return reader.getRowObjectsJson() as T[];
    });
  }

  /** Serializes writers: each callback runs alone on the write connection. */
  write<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.writeChain.then(() => {
      if (this.closed) throw new Error(`the event store ${this.file} is closed`);
      return fn(this.writer);
    });
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  /** `fn` inside BEGIN/COMMIT on the write connection; rolled back if it throws. */
  transaction<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.write(async (connection) => {
      await connection.run("BEGIN TRANSACTION");
      try {
        const result = await fn(connection);
        await connection.run("COMMIT");
        return result;
      } catch (error) {
        // DuckDB may already have ended a failed transaction; the first error is the one to report.
        await connection.run("ROLLBACK").catch(() => undefined);
        throw error;
      }
    });
  }

  /** A closed store refuses work (late timers must not reach a closed database). */
  private connect(): Promise<DuckDBConnection> {
    if (this.closed) return Promise.reject(new Error(`the event store ${this.file} is closed`));
    return this.instance.connect();
  }

  close(): void {
    this.closed = true;
    this.admission.close();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

export interface StoreOptions {
  /** DuckDB's memory_limit, e.g. "512MB". Its default (80% of RAM) suits no shared server. */
  memoryLimit?: string;
  /** DuckDB's threads per query (its default: one per core). */
  threads?: number;
}

export const DEFAULT_STORE_MEMORY = "256MB";

/** The store's file is locked by another process (another trailglass server, a DuckDB shell). */
export class StoreInUseError extends Error {}

async function openDatabase(
  file: string,
  dataDir: string,
  options: StoreOptions,
): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(file, {
      // The writer checkpoints once per row group or 64 MB of text (see EventWriter); DuckDB's
      // default (16 MB of WAL) would recompress a growing row group on every commit.
      checkpoint_threshold: "1GB",
      // A load's transaction writes its row groups to the file one at a time: DuckDB's default
      // (five buffered) held ~150 MB each in memory and starved the queries running beside it.
      write_buffer_row_group_count: "1",
      memory_limit: options.memoryLimit ?? DEFAULT_STORE_MEMORY,
      ...(options.threads ? { threads: String(options.threads) } : {}),
    });
  } catch (error) {
    const message = (error as Error).message;
    // DuckDB: `Could not set lock on file "...": Conflicting lock is held in /usr/bin/node (PID 42)`.
    const holder = /Conflicting lock is held in (.+?)(?:\. See also|$)/.exec(message)?.[1];
    if (holder || /Could not set lock/i.test(message)) {
      throw new StoreInUseError(
        `The event store ${file} is in use by another process` +
          `${holder ? ` (${holder})` : ""}: only one trailglass server can use a ` +
          `TRAILGLASS_DATA folder at a time. Stop the other one, or set TRAILGLASS_DATA ` +
          `to another folder than ${dataDir}.`,
        { cause: error },
      );
    }
    throw new Error(`Cannot open the event store ${file}: ${message}`, { cause: error });
  }
}

async function storedSchemaVersion(connection: DuckDBConnection): Promise<string | undefined> {
  const meta = await connection.runAndReadAll(
    "SELECT value FROM store_meta WHERE key = 'schema_version'",
  );
  const value = meta.getRowObjectsJson()[0]?.value;
  return value === undefined ? undefined : String(value);
}

/**
 * Opens (or creates) the store in `dataDir`. The store is a cache of the
 * sources: one written by another schema or normalizer version is deleted
 * and rebuilt rather than migrated.
 */
export async function openStore(dataDir: string, options: StoreOptions = {}): Promise<Store> {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "trailglass.duckdb");
  let instance = await openDatabase(file, dataDir, options);
  let writer = await instance.connect();
  await writer.run(SCHEMA_SQL);
  const version = await storedSchemaVersion(writer);
  if (version !== undefined && version !== String(SCHEMA_VERSION)) {
    console.warn(
      `trailglass: the event store ${file} has version ${version}, this build writes ` +
        `${SCHEMA_VERSION}; rebuilding it from the sources.`,
    );
    writer.closeSync();
    instance.closeSync();
    rmSync(file, { force: true });
    rmSync(`${file}.wal`, { force: true });
    // The records of the old store's events: the rebuild reads the sources again.
    rmSync(path.join(dataDir, PACKS_DIR), { recursive: true, force: true });
    instance = await openDatabase(file, dataDir, options);
    writer = await instance.connect();
    await writer.run(SCHEMA_SQL);
  }
  if (version !== String(SCHEMA_VERSION)) {
    const meta = sql`INSERT OR REPLACE INTO store_meta VALUES ('schema_version', ${String(SCHEMA_VERSION)})`;
    await writer.run(meta.text, meta.params);
  }
  return new Store(file, dataDir, instance, writer);
}

const stores = ((
  globalThis as { __trailglassStores?: Map<string, Promise<Store>> }
).__trailglassStores ??= new Map());

/** The process-wide store for a data folder. */
export function getStore(dataDir: string, options: StoreOptions = {}): Promise<Store> {
  let store = stores.get(dataDir);
  if (!store) {
    store = openStore(dataDir, options);
    stores.set(dataDir, store);
    store.catch(() => stores.delete(dataDir));
  }
  return store;
}
