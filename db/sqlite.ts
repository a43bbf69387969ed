/**
 * SQLite connections without the ORM: where the database is, the pragmas every connection gets, and the read-only
 * open that read commands use. Nothing here loads drizzle, so a command that only reads starts quickly.
 */
import Database from "better-sqlite3";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "./errors.ts";
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

/** A refusal to use the file at `path`, naming the path. */
function refuse(message: string): InputError {
  return new InputError([{ field: "db", message }]);
}

/** Refuses a path with no file, or with a folder, before anything is opened there. */
export function requireDatabaseFile(path: string): void {
  if (!existsSync(path)) throw refuse(`no database at ${path} — run \`lwd db migrate\` to create one`);
  if (statSync(path).isDirectory())
    throw refuse(`${path} is a folder, not a database file; give the database file itself with --db`);
}

/** What an existing file is: a directory database (up to date or not), an empty one, a damaged one, or another's. */
export type DatabaseKind = "current" | "outdated" | "empty" | "damaged" | "foreign";

/**
 * Tells a directory database from another application's SQLite file by its migration table, and whether it has
 * every migration applied. Refuses a file that is not SQLite; "damaged" when its schema cannot be read.
 */
export function databaseKind(sqlite: Database.Database, path: string): DatabaseKind {
  let tables: Set<string>;
  try {
    tables = new Set(
      (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (t) => t.name,
      ),
    );
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_NOTADB"))
      throw refuse(`${path} is not a database (it is not an SQLite file); check the path given with --db or LWD_DB`);
    if (code.startsWith("SQLITE_CORRUPT")) return "damaged";
    throw error;
  }
  if (tables.size === 0) return "empty";
  if (!tables.has("__drizzle_migrations")) return "foreign";
  return hasEveryMigration(sqlite) ? "current" : "outdated";
}

/** The refusal for a file that is some other application's SQLite database. */
export function foreignDatabase(path: string): InputError {
  return refuse(
    `${path} is an SQLite database but not a Living Wage Directory one, so lwd leaves it alone; check the path given with --db or LWD_DB`,
  );
}

/**
 * The directory database at `path`, opened read-only: a read never creates, migrates or changes a file. A missing
 * file, a folder, another application's database, an empty or damaged file and one that needs migrating are refused,
 * each with what to do.
 */
export function openForReading(path: string): Database.Database {
  requireDatabaseFile(path);
  let sqlite: Database.Database;
  try {
    sqlite = openSqlite(path, { readonly: true });
  } catch (error) {
    throw refuse(`cannot open ${path} to read it (${(error as Error).message}); check the file's permissions`);
  }
  try {
    const kind = databaseKind(sqlite, path);
    if (kind === "current") return sqlite;
    if (kind === "foreign") throw foreignDatabase(path);
    if (kind === "damaged")
      throw refuse(
        `${path} is damaged: SQLite cannot read its list of tables. \`lwd db check\` names the problems; \`lwd db restore BACKUP --force\` puts back a sound copy`,
      );
    if (kind === "empty") throw refuse(`${path} is an empty database — run \`lwd db migrate\` to set it up`);
    throw refuse(
      `${path} was made by an earlier version of lwd — run \`lwd db migrate\` to bring it up to date (reading never changes it)`,
    );
  } catch (error) {
    sqlite.close();
    throw error;
  }
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
