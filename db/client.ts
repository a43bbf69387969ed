/** Opens the database: pragmas in one place, migrations from db/migrations, and the seed on a new file. */
import type Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { damagedDatabase, isKnownSound, quickCheckProblems } from "./domain/soundness.ts";
import * as schema from "./schema.ts";
import { seedDatabase } from "./seed/seed.ts";
import {
  databaseKind,
  databasePath,
  foreignDatabase,
  MIGRATIONS_FOLDER,
  openForReading,
  openSqlite,
  requireDatabaseFile,
} from "./sqlite.ts";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export { databasePath, DEFAULT_DB_PATH, MIGRATIONS_FOLDER } from "./sqlite.ts";

/** Opens a database connection with the project's pragmas; does not migrate. */
export function connect(path: string, options: { readonly?: boolean } = {}): Db {
  const sqlite = openSqlite(path, options);
  if (!options.readonly) {
    useWriteAheadLog(sqlite);
    sqlite.pragma("synchronous = NORMAL");
  }
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * Switches a file to WAL once. Two processes opening a file still in rollback mode (a restored copy, say) can
 * both try at once; SQLite then answers SQLITE_BUSY without waiting, so this waits and tries again itself.
 */
function useWriteAheadLog(sqlite: Database.Database, waitMs = 10_000): void {
  const deadline = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      if (sqlite.pragma("journal_mode", { simple: true }) === "wal") return;
      sqlite.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

/** Applies any pending migrations, and nothing else (a restored copy keeps exactly the rows it had). */
export function bringUpToDate(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** Applies any pending migrations and seeds the reference data (idempotent). */
export function prepareDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  seedDatabase(db);
}

/**
 * Opens the database at `path` to write: creating, migrating and seeding it when new, migrating it when older.
 * Another application's SQLite file, and with `checkSoundness` a damaged one, is refused before anything is written.
 */
export function openDatabase(path = databasePath(), options: { checkSoundness?: boolean } = {}): Db {
  const isNew = !existsSync(path);
  if (isNew) mkdirSync(dirname(path), { recursive: true });
  else lookBeforeWriting(path, options.checkSoundness ?? false);
  const db = connect(path);
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  // Seeding reads the bundled CSVs, so it runs on a new file and on `lwd db migrate`, not on every open.
  if (isNew) seedDatabase(db);
  return db;
}

/**
 * Refuses a folder, another application's SQLite file or a damaged one, from a read-only look, so nothing is changed
 * (not even the journal mode) before the refusal.
 */
function lookBeforeWriting(path: string, checkSoundness: boolean): void {
  requireDatabaseFile(path);
  // An empty file is what SQLite itself makes of a new database; anything else must be SQLite with our tables.
  if (statSync(path).size === 0) return;
  if (checkSoundness && isKnownSound(path)) return;
  const sqlite = openSqlite(path, { readonly: true });
  try {
    const kind = databaseKind(sqlite, path);
    if (kind === "foreign") throw foreignDatabase(path);
    if (kind === "damaged" || checkSoundness) {
      const problems = quickCheckProblems(sqlite);
      if (kind === "damaged" && !problems.length) problems.push("its list of tables cannot be read");
      if (problems.length) throw damagedDatabase(path, problems);
    }
  } finally {
    sqlite.close();
  }
}

/** The directory database at `path`, read-only and with the ORM; refused unless it exists and is up to date. */
export function readDatabase(path = databasePath()): Db {
  return drizzle(openForReading(path), { schema }) as Db;
}

/** A fresh database in a file or in memory, built from the real migrations and seed: for tests. */
export function openFreshDatabase(path = ":memory:", options: { seed?: boolean } = {}): Db {
  const db = connect(path);
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  if (options.seed !== false) seedDatabase(db);
  return db;
}
