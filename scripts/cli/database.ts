/** `lwd db migrate | check` and `lwd seed`. */
import { existsSync } from "node:fs";
import { databasePath, openDatabase } from "../../db/client.ts";
import { checkDatabase, checkWarnings } from "../../db/domain/check.ts";
import { seedDatabase } from "../../db/seed/seed.ts";
import { InputError } from "../../db/errors.ts";
import { printJson, say, type GlobalOptions } from "./context.ts";
import { printable } from "./terminal.ts";

/** Creates or upgrades the database and loads the seed (idempotent). */
export function dbMigrate(options: GlobalOptions): void {
  const path = databasePath(options.db);
  const existed = existsSync(path);
  const db = openDatabase(path);
  seedDatabase(db);
  if (!options.quiet) say(`${existed ? "Migrated" : "Created"} ${path}: schema up to date, seed loaded.`);
  db.$client.close();
}

/** Runs the integrity, foreign-key and domain checks; exits 1 naming each problem. */
export function dbCheck(options: GlobalOptions): void {
  const path = databasePath(options.db);
  if (!existsSync(path)) throw new InputError([{ field: "db", message: `there is no database at ${path}` }]);
  const db = openDatabase(path);
  const problems = checkDatabase(db);
  // With problems, the catch block in lwd.ts prints the one JSON document (and exits 1).
  if (problems.length) throw new InputError(problems.map((p) => ({ field: p.check, message: p.detail })));
  // Warnings do not fail the check: the history may be right, but deserves a look.
  const warnings = checkWarnings(db);
  if (!options.json) for (const w of warnings) say(`warning: ${w.check}: ${printable(w.detail)}`);
  if (options.json) printJson({ ok: true, problems, warnings });
  if (!options.json) say(`${path}: integrity, foreign keys and domain invariants all hold.`);
}
