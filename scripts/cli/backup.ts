/** `lwd db backup FILE` and `lwd db restore FILE [--force]`: a consistent copy out, and a checked copy back in. */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import {
  checkDatabaseFile,
  copyLiveDatabase,
  problemsOfPrivateCopy,
  replaceDatabase,
  writeBackup,
} from "../../db/domain/backup.ts";
import { databasePath } from "../../db/client.ts";
import { plural } from "../../db/labels.ts";
import { InputError, UsageError } from "../../db/errors.ts";
import { printJson, requireFolderFor, say, type GlobalOptions } from "./context.ts";

/** Writes a consistent, compacted copy of the live database to a new file; never overwrites one. */
export function dbBackup(file: string, options: GlobalOptions): void {
  const target = resolve(file);
  if (existsSync(target))
    throw new InputError([
      { field: "file", message: `${file} already exists; a backup never overwrites a file, so choose a new name` },
    ]);
  const live = databasePath(options.db);
  if (!existsSync(live)) throw new InputError([{ field: "db", message: `there is no database at ${live} to back up` }]);
  requireFolderFor(target, basename(target));
  const held = writeBackup(live, target);
  if (options.json) return printJson({ ok: true, file: target, bytes: statSync(target).size, ...held });
  say(
    `Backed up ${live} to ${target}: ${plural(held.employers, "employer")}, ${plural(held.events, "event")}, ${plural(statSync(target).size, "byte")}. Restore it with \`lwd db restore ${file}\`.`,
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
  if (!existsSync(source)) throw new UsageError(`there is no file at ${file}`);
  if (statSync(source).isDirectory())
    throw new InputError([{ field: "file", message: `${file} is a folder; give the backup file itself` }]);
  requireFolderFor(live, "the restored database");
  // Checked and restored from a private copy, so the file cannot change between the check and the copy; the copy
  // is opened writable, where SQLite checks CHECK constraints too.
  const work = mkdtempSync(join(tmpdir(), "lwd-restore-"));
  try {
    const copy = join(work, "candidate.sqlite");
    copyFileSync(source, copy);
    const held = checkDatabaseFile(copy, file);
    const problems = problemsOfPrivateCopy(copy);
    if (problems.length)
      throw new InputError([
        ...problems.map((p) => ({ field: p.check, message: p.detail })),
        {
          field: "file",
          message: `${file} breaks the rules the database enforces, so nothing was restored; restore another backup`,
        },
      ]);
    let kept: string | null = null;
    if (existsSync(live)) {
      if (!options.force)
        throw new UsageError(
          `${live} exists; restoring would replace it. Run again with --force to replace it (a copy of it is kept beside it first)`,
        );
      kept = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}.sqlite`;
      copyLiveDatabase(live, kept);
    }
    await replaceDatabase(copy, live);
    if (options.json) return printJson({ ok: true, restored: source, into: live, previousKeptAt: kept, ...held });
    say(
      `Restored ${live} from ${source}: ${plural(held.employers, "employer")}, ${plural(held.events, "event")}.${kept ? ` The database it replaced is kept at ${kept}.` : ""}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
