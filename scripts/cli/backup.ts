/** `lwd db backup FILE` and `lwd db restore FILE [--force]`: a consistent copy out, and a checked copy back in. */
import Database from "better-sqlite3";
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { databasePath, openDatabase } from "../../db/client.ts";
import { InputError, UsageError } from "../../db/errors.ts";
import { printJson, say, type GlobalOptions } from "./context.ts";

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

/** Writes a consistent, compacted copy of the live database to a new file; never overwrites one. */
export function dbBackup(file: string, options: GlobalOptions): void {
  const target = resolve(file);
  if (existsSync(target))
    throw new InputError([
      { field: "file", message: `${file} already exists; a backup never overwrites a file, so choose a new name` },
    ]);
  const live = databasePath(options.db);
  if (!existsSync(live)) throw new InputError([{ field: "db", message: `there is no database at ${live} to back up` }]);
  if (!existsSync(dirname(target)))
    throw new UsageError(`there is no folder ${dirname(target)} to write ${basename(target)} into; create it first`);
  const db = openDatabase(live);
  // VACUUM INTO reads one snapshot, so writes by others during the backup are either wholly in it or not at all.
  db.$client.prepare("VACUUM INTO ?").run(target);
  db.$client.close();
  const held = checkDatabaseFile(target);
  if (options.json) return printJson({ ok: true, file: target, bytes: statSync(target).size, ...held });
  say(
    `Backed up ${live} to ${target}: ${held.employers} employers, ${held.events} events, ${statSync(target).size} bytes. Restore it with \`lwd db restore ${file}\`.`,
  );
}

/**
 * Replaces the live database with a backup, after checking the backup. The live file is kept beside it first, and
 * the copy goes through SQLite's backup API, so a reader or writer elsewhere sees either the old or the new database.
 */
export async function dbRestore(file: string, options: GlobalOptions & { force?: boolean }): Promise<void> {
  const source = resolve(file);
  const live = databasePath(options.db);
  if (source === live) throw new UsageError("that is the live database itself; give a backup file");
  // Checked and restored from a private copy, so the file cannot change between the check and the copy.
  const work = mkdtempSync(join(tmpdir(), "lwd-restore-"));
  try {
    const copy = join(work, "candidate.sqlite");
    if (!existsSync(source)) throw new UsageError(`there is no file at ${file}`);
    copyFileSync(source, copy);
    const held = checkDatabaseFile(copy, file);
    let kept: string | null = null;
    if (existsSync(live)) {
      if (!options.force)
        throw new UsageError(
          `${live} exists; restoring would replace it. Run again with --force to replace it (a copy of it is kept beside it first)`,
        );
      kept = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}.sqlite`;
      const current = new Database(live, { fileMustExist: true });
      current.pragma("busy_timeout = 10000");
      current.prepare("VACUUM INTO ?").run(kept);
      current.close();
    }
    const candidate = new Database(copy);
    await candidate.backup(live);
    candidate.close();
    // A backup from before a schema change is brought up to date.
    openDatabase(live).$client.close();
    if (options.json) return printJson({ ok: true, restored: source, into: live, previousKeptAt: kept, ...held });
    say(
      `Restored ${live} from ${source}: ${held.employers} employers, ${held.events} events.${kept ? ` The database it replaced is kept at ${kept}.` : ""}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
