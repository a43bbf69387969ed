/**
 * Whether a database file is sound enough to write to: SQLite's `quick_check` (every page, cell and index entry, not
 * the cross-checks of `integrity_check`). A write into a damaged file can spread the damage, so every write command
 * is refused until the file is repaired or a backup restored. The check reads the whole file (a second or more at
 * 100,000 employers, much more when the file is not in the disk cache), so it is skipped while the file is as lwd
 * left it after a write it checked (isKnownSound), and the importer runs it in a worker thread while it checks its
 * rows, waiting for it only before writing.
 */
import Database from "better-sqlite3";
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startAnsweringWorker } from "../answering-worker.ts";
import { InputError, must } from "../errors.ts";

/** What `PRAGMA quick_check` reports wrong with the database, or the error that stopped it; empty when sound. */
export function quickCheckProblems(sqlite: Database.Database): string[] {
  try {
    return problemLines((sqlite.pragma("quick_check") as { quick_check: string }[]).map((r) => r.quick_check));
  } catch (error) {
    // Damage can stop the check itself; anything else (a busy file) is not damage, and goes on up.
    if (!isDamage(error)) throw error;
    return tableByTable(sqlite, (error as Error).message);
  }
}

/** The file beside a database in which lwd notes the state of the file it last left sound. */
export function soundMarkPath(path: string): string {
  return `${path}-sound`;
}

/**
 * The file's identity and last change as the file system reports them, with its write-ahead log's when that holds
 * anything: any write by another program changes the modification or status-change time (even one that puts the
 * modification time back changes the latter).
 */
function fileState(path: string): string | null {
  try {
    const main = statSync(path, { bigint: true });
    let log = "";
    try {
      const wal = statSync(`${path}-wal`, { bigint: true });
      if (wal.size > 0n) log = `${wal.size}:${wal.mtimeNs}:${wal.ctimeNs}`;
    } catch {
      // No log: the file alone holds the database.
    }
    return `v1 ${main.dev}:${main.ino}:${main.size}:${main.mtimeNs}:${main.ctimeNs} ${log}`;
  } catch {
    return null;
  }
}

/**
 * Whether the file is exactly as lwd left it after a write it made to a file found sound: then it is sound still,
 * as nothing but SQLite's own transactions has changed it since, and the whole-file check can be skipped.
 */
export function isKnownSound(path: string): boolean {
  const state = fileState(path);
  if (state === null) return false;
  try {
    return readFileSync(soundMarkPath(path), "utf8") === state;
  } catch {
    return false;
  }
}

/**
 * Notes the file's state after a write command that found it sound has written it and closed it. Only a note that
 * saves time: if it cannot be written, the next write checks the whole file.
 */
export function markSound(path: string): void {
  const state = fileState(path);
  const mark = soundMarkPath(path);
  const temporary = `${mark}.${process.pid}.tmp`;
  try {
    if (state === null) throw new Error("no file");
    writeFileSync(temporary, state);
    renameSync(temporary, mark);
  } catch {
    for (const file of [temporary, mark])
      try {
        unlinkSync(file);
      } catch {
        // Not there.
      }
  }
}

/** quick_check of the file at `path` on a connection of its own; `fallback` when it cannot be opened. */
function problemsOfFile(path: string, fallback: string): string[] {
  let sqlite: Database.Database | null = null;
  try {
    sqlite = new Database(path, { readonly: true, fileMustExist: true });
    const problems = quickCheckProblems(sqlite);
    return problems.length ? problems : [fallback];
  } catch {
    return [fallback];
  } finally {
    sqlite?.close();
  }
}

/** When damage stops the whole-file check: each table checked alone, so the message names the damaged ones. */
function tableByTable(sqlite: Database.Database, whole: string): string[] {
  let tables: string[];
  try {
    tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
  } catch {
    return [whole];
  }
  const problems = tables.flatMap((table) => {
    try {
      return problemLines(
        (sqlite.pragma(`quick_check("${table.replace(/"/g, '""')}")`) as { quick_check: string }[]).map(
          (r) => r.quick_check,
        ),
      ).map((line) => `table ${table}: ${line}`);
    } catch (error) {
      if (!isDamage(error)) throw error;
      return [`table ${table}: ${(error as Error).message}`];
    }
  });
  return problems.length ? problems : [whole];
}

/** Whether SQLite's error says the file is damaged or not a database. */
function isDamage(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? "";
  return code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB");
}

/** SQLite's report as one problem a line, without its "ok" and its "*** in database main ***" headings. */
export function problemLines(report: string[]): string[] {
  return report
    .flatMap((r) => r.split("\n"))
    .filter((line) => line !== "ok" && line.trim() !== "" && !/^\*\*\* in database \w+ \*\*\*$/.test(line));
}

/** The refusal of a write into a damaged database, naming the first things quick_check found. */
export function damagedDatabase(path: string, problems: string[]): InputError {
  const shown = problems.slice(0, 3).join("; ") + (problems.length > 3 ? `; and ${problems.length - 3} more` : "");
  return new InputError([
    {
      field: "db",
      message: `${path} is damaged, so nothing was written (SQLite's quick_check found: ${shown}). \`lwd db check\` lists every problem; \`lwd db restore BACKUP --force\` puts back a sound copy`,
    },
  ]);
}

// Plain JavaScript, so the worker runs the same from the sources and from the bundle.
const WORKER = `
const { workerData } = require("node:worker_threads");
let answer;
try {
  const Database = require(workerData.driver);
  const sqlite = new Database(workerData.path, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 10000");
  try {
    answer = { report: sqlite.pragma("quick_check").map((r) => r.quick_check) };
  } finally {
    sqlite.close();
  }
} catch (error) {
  answer = { error: { code: error && error.code, message: String(error && error.message) } };
} finally {
  // Always answered, so the thread waiting for it never waits forever.
  workerData.port.postMessage(answer ?? { error: { message: "the check stopped early" } });
  Atomics.store(workerData.done, 0, 1);
  Atomics.notify(workerData.done, 0);
}
`;

/**
 * Starts quick_check of the file at `path` in a worker thread; the function returned waits for it (synchronously,
 * so it can be called inside a transaction) and throws the refusal when the file is damaged.
 */
export function startSoundnessCheck(path: string): () => void {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = startAnsweringWorker<{ report?: string[]; error?: { code?: string; message: string } }>(
    WORKER,
    { path, driver },
    { error: { message: "no answer" } },
  );
  return () => {
    const answer = must(worker.answer(), "the whole-file check's answer");
    if (answer.error) {
      // Damage stopped the whole-file check: looked at again here, table by table, to name what is damaged.
      if (isDamage(answer.error)) throw damagedDatabase(path, problemsOfFile(path, answer.error.message));
      throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
    }
    const problems = problemLines(answer.report ?? []);
    if (problems.length) throw damagedDatabase(path, problems);
  };
}
