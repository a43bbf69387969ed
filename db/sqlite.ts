/**
 * SQLite connections without the ORM: where the database is, the pragmas every connection gets, and the read-only
 * open that read commands use. Nothing here loads drizzle, so a command that only reads starts quickly.
 */
import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DB_FOLDER } from "./paths.ts";

export const MIGRATIONS_FOLDER = join(DB_FOLDER, "migrations");
export const DEFAULT_DB_PATH = join(DB_FOLDER, "livingwage.sqlite");

/** The database path: an explicit one, else LWD_DB, else db/livingwage.sqlite. */
export function databasePath(explicit?: string): string {
  return resolve(explicit ?? process.env.LWD_DB ?? DEFAULT_DB_PATH);
}

/** A better-sqlite3 connection with the pragmas every connection gets, writable or not. */
export function openSqlite(path: string, options: { readonly?: boolean } = {}): Database.Database {
  const sqlite = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  // A second writer waits rather than failing at once.
  sqlite.pragma("busy_timeout = 10000");
  sqlite.pragma("foreign_keys = ON");
  return sqlite;
}

/**
 * The database at `path` opened read-only, when it exists and has every migration applied; otherwise null, and the
 * caller opens it the usual way (creating, migrating and seeding it as needed). Checking costs one small query,
 * where running the migrator reads and hashes every migration file.
 */
export function openForReading(path: string): Database.Database | null {
  if (!existsSync(path)) return null;
  let sqlite: Database.Database | undefined;
  try {
    sqlite = openSqlite(path, { readonly: true });
    if (hasEveryMigration(sqlite)) return sqlite;
  } catch {
    // Not a database, damaged, or unreadable: the usual open reports it.
  }
  sqlite?.close();
  return null;
}

/** The migrator's own test: it applies each migration newer than the latest recorded in __drizzle_migrations. */
function hasEveryMigration(sqlite: Database.Database): boolean {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: { when: number }[];
  };
  const newest = Math.max(0, ...journal.entries.map((e) => e.when));
  const applied = sqlite.prepare("SELECT max(created_at) AS at FROM __drizzle_migrations").get() as {
    at: number | string | null;
  };
  return applied.at !== null && Number(applied.at) >= newest;
}
