/** `lwd db migrate | check` and `lwd seed`. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databasePath } from "../../db/client.ts";
import { checkPrivateCopy, copyForChecking } from "../../db/domain/backup.ts";
import type { CheckProblem } from "../../db/domain/check.ts";
import { quickCheckProblems } from "../../db/domain/soundness.ts";
import { seedDatabase } from "../../db/seed/seed.ts";
import { InputError } from "../../db/errors.ts";
import { databaseKind, foreignDatabase, openSqlite, requireDatabaseFile } from "../../db/sqlite.ts";
import { dbFor, printJson, say, type GlobalOptions } from "./context.ts";
import { printable } from "./terminal.ts";

/** Creates or upgrades the database and loads the seed (idempotent). */
export function dbMigrate(options: GlobalOptions): void {
  const path = databasePath(options.db);
  const existed = existsSync(path);
  seedDatabase(dbFor(options));
  if (!options.quiet) say(`${existed ? "Migrated" : "Created"} ${path}: schema up to date, seed loaded.`);
}

/**
 * Every problem in the database at `path`, which is only read: the checks run on a private copy opened writable,
 * where SQLite checks CHECK constraints too. Damage is named by quick_check on the file itself.
 */
async function problemsOf(path: string): Promise<{ problems: CheckProblem[]; warnings: CheckProblem[] }> {
  requireDatabaseFile(path);
  const sqlite = openSqlite(path, { readonly: true });
  try {
    const kind = databaseKind(sqlite, path);
    if (kind === "foreign") throw foreignDatabase(path);
    // Damage first, on the file itself: the deeper checks on a copy would stop at the first damaged page.
    const damage = quickCheckProblems(sqlite);
    if (damage.length) return { problems: damage.map((detail) => ({ check: "integrity", detail })), warnings: [] };
    if (kind === "empty")
      throw new InputError([
        { field: "db", message: `${path} is an empty database — run \`lwd db migrate\` to set it up` },
      ]);
  } finally {
    sqlite.close();
  }
  const work = mkdtempSync(join(tmpdir(), "lwd-check-"));
  try {
    const copy = join(work, "copy.sqlite");
    await copyForChecking(path, copy);
    return checkPrivateCopy(copy);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs the integrity, foreign-key and domain checks; exits 1 naming each problem. Never changes the file. */
export async function dbCheck(options: GlobalOptions): Promise<void> {
  const path = databasePath(options.db);
  const { problems, warnings } = await problemsOf(path);
  // With problems, the catch block in lwd.ts prints the one JSON document (and exits 1).
  if (problems.length) throw new InputError(problems.map((p) => ({ field: p.check, message: p.detail })));
  // Warnings do not fail the check: the history may be right, but deserves a look.
  if (!options.json) for (const w of warnings) say(`warning: ${w.check}: ${printable(w.detail)}`);
  if (options.json) printJson({ ok: true, problems, warnings });
  if (!options.json) say(`${path}: integrity, foreign keys and domain invariants all hold.`);
}
