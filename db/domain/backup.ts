/**
 * Database files as wholes: checking that a file is a sound directory database, writing a consistent copy of the live
 * one, and replacing it with a checked copy. `lwd db backup` and `lwd db restore` say what happens; this does it.
 * Raw SQL: these work on files as wholes (VACUUM INTO, sqlite_master, any table by name), outside the schema.
 */
import Database from "better-sqlite3";
import { closeSync, existsSync, linkSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { bringUpToDate, connect, openDatabase, type Db } from "../client.ts";
import { InputError, UsageError } from "../errors.ts";
import { databaseKind, foreignDatabase, openSqlite, requireDatabaseFile } from "../sqlite.ts";
import { checkDatabase, checkWarnings, type CheckProblem } from "./check.ts";

/** Every table a directory database has; a file missing any of them is not one. */
export const EXPECTED_TABLES = [
  "sectors",
  "areas",
  "size_bands",
  "contributors",
  "employers",
  "employer_names",
  "slug_redirects",
  "commitment_events",
  "living_wage_rates",
  "audit_log",
  "__drizzle_migrations",
];

const HEADER = Buffer.from("SQLite format 3\u0000", "latin1");

/** Counts of the rows that matter, to show what a backup or restore holds. */
function contents(sqlite: Database.Database): { employers: number; events: number; contributors: number } {
  const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { employers: count("employers"), events: count("commitment_events"), contributors: count("contributors") };
}

/**
 * Checks that `path` holds a whole, sound directory database: the SQLite header, a size that matches the page
 * count the header gives (a truncated copy fails here), SQLite's integrity check and the expected tables.
 */
export function checkDatabaseFile(
  path: string,
  shownAs = path,
): { employers: number; events: number; contributors: number } {
  const problem = (message: string) =>
    new InputError([{ field: "file", message: `${shownAs} ${message}; nothing was changed` }]);
  if (!existsSync(path)) throw new UsageError(`there is no file at ${path}`);
  const size = statSync(path).size;
  const header = Buffer.alloc(100);
  const fd = openSync(path, "r");
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || !header.subarray(0, 16).equals(HEADER))
    throw problem("is not an SQLite database (its first bytes are not the SQLite header)");
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  // The header's page count is trustworthy only when it was written with the current change counter.
  const countIsValid = header.readUInt32BE(92) === header.readUInt32BE(24) && pageCount > 0;
  if (countIsValid && size < pageSize * pageCount)
    throw problem(`is truncated: its header promises ${pageSize * pageCount} bytes but the file has ${size}`);
  if (size % pageSize !== 0)
    throw problem(`is truncated or damaged: ${size} bytes is not a whole number of ${pageSize}-byte pages`);
  let sqlite: Database.Database | null = null;
  try {
    sqlite = new Database(path, { readonly: true, fileMustExist: true });
    const integrity = (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.join() !== "ok") throw problem(`fails SQLite's integrity check: ${integrity.slice(0, 3).join("; ")}`);
    const tables = new Set(
      (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (t) => t.name,
      ),
    );
    const missing = EXPECTED_TABLES.filter((t) => !tables.has(t));
    if (missing.length === EXPECTED_TABLES.length)
      throw problem("is an SQLite database but not a Living Wage Directory one (it has none of its tables)");
    if (missing.length)
      throw problem(
        `is not a whole Living Wage Directory database: it has no ${missing.join(", ")} table${missing.length === 1 ? "" : "s"}`,
      );
    return contents(sqlite);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw problem(`cannot be read as a database (${(error as Error).message})`);
  } finally {
    sqlite?.close();
  }
}

/**
 * Every problem `lwd db check` names, found in the file `copy` opened writable (SQLite checks CHECK constraints only
 * then) after bringing it up to date; and, when there is none, its warnings. `copy` must be a private copy: the
 * migrations may change it.
 */
export function checkPrivateCopy(copy: string): { problems: CheckProblem[]; warnings: CheckProblem[] } {
  let db: Db;
  try {
    db = connect(copy);
  } catch (error) {
    return {
      problems: [{ check: "integrity", detail: `could not be opened: ${(error as Error).message}` }],
      warnings: [],
    };
  }
  try {
    try {
      bringUpToDate(db);
    } catch (error) {
      const problems = [
        { check: "schema", detail: `could not be brought up to date: ${(error as Error).message}` },
        ...checkDatabase(db),
      ];
      return { problems, warnings: [] };
    }
    const problems = checkDatabase(db);
    return { problems, warnings: problems.length ? [] : checkWarnings(db) };
  } finally {
    db.$client.close();
  }
}

/** The problems of a private copy, as checkPrivateCopy finds them. */
export function problemsOfPrivateCopy(copy: string): CheckProblem[] {
  return checkPrivateCopy(copy).problems;
}

/** A private copy of the database at `live`, page for page (damage included), through SQLite's backup API. */
export async function copyForChecking(live: string, copy: string): Promise<void> {
  const source = openSqlite(live, { readonly: true });
  try {
    await source.backup(copy);
  } finally {
    source.close();
  }
}

/** Opens the directory database at `live` read-only, refusing a folder or another application's file. */
function openLiveToRead(live: string): Database.Database {
  requireDatabaseFile(live);
  const sqlite = openSqlite(live, { readonly: true });
  try {
    if (databaseKind(sqlite, live) === "foreign") throw foreignDatabase(live);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

/**
 * Writes a consistent, compacted copy of the database at `live` to the new file `target`: first under a temporary
 * name in the same folder, then linked to `target` (which fails rather than overwrite a file made meanwhile), so a
 * failure part-way (a full disk) leaves no partial file, least of all one that blocks its own name.
 */
export function writeBackup(live: string, target: string): { employers: number; events: number; contributors: number } {
  const partial = `${target}.partial-${process.pid}`;
  const sqlite = openLiveToRead(live);
  try {
    // VACUUM INTO reads one snapshot, so writes by others during the backup are either wholly in it or not at all.
    sqlite.prepare("VACUUM INTO ?").run(partial);
    const held = checkDatabaseFile(partial, target);
    linkSync(partial, target);
    return held;
  } finally {
    sqlite.close();
    rmSync(partial, { force: true });
  }
}

/** Copies the live database as it stands to `kept`, waiting for a writer elsewhere to finish. */
export function copyLiveDatabase(live: string, kept: string): void {
  const current = new Database(live, { fileMustExist: true });
  try {
    current.pragma("busy_timeout = 10000");
    current.prepare("VACUUM INTO ?").run(kept);
  } catch (error) {
    // A copy cut short (a full disk) is no copy: nothing half-written is left beside the live file.
    rmSync(kept, { force: true });
    throw error;
  } finally {
    current.close();
  }
}

/**
 * Replaces the database at `live` with the checked file `candidate` through SQLite's backup API, so a reader or
 * writer elsewhere sees either the old or the new database; a copy from before a schema change is then brought up
 * to date.
 */
export async function replaceDatabase(candidate: string, live: string): Promise<void> {
  const source = new Database(candidate);
  try {
    await source.backup(live);
  } finally {
    source.close();
  }
  openDatabase(live).$client.close();
}
