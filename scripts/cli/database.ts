/** `lwd db migrate | check` and `lwd seed`. */
import { existsSync } from "node:fs";
import { databasePath, openDatabase } from "../../db/client.ts";
import { checkDatabase } from "../../db/domain/check.ts";
import { seedDatabase } from "../../db/seed/seed.ts";
import { InputError } from "../../db/errors.ts";
import { printJson, say, type GlobalOptions } from "./context.ts";

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
  const problems = checkDatabase(openDatabase(path));
  // With problems, the catch block in lwd.ts prints the one JSON document (and exits 1).
  if (problems.length) throw new InputError(problems.map((p) => ({ field: p.check, message: p.detail })));
  if (options.json) printJson({ ok: true, problems });
  if (!options.json) say(`${path}: integrity, foreign keys and domain invariants all hold.`);
}
