/** What every command shares: the global flags, the database it opens and how it prints. */
import type { Command } from "commander";
import { databasePath, openDatabase, type Db } from "../db/client.ts";
import { requireContributor, type Contributor } from "../db/domain/contributors.ts";

export interface GlobalOptions {
  db?: string;
  as?: string;
  json?: boolean;
  debug?: boolean;
  quiet?: boolean;
}

/** The flags given to this command and every parent. */
export function optionsOf(command: Command): GlobalOptions & Record<string, unknown> {
  return command.optsWithGlobals();
}

/** Opens the database the flags name (creating and seeding it when missing). */
export function dbFor(options: GlobalOptions): Db {
  return openDatabase(databasePath(options.db));
}

/** The contributor a write is made as: --as, else LWD_AS. */
export function writerFor(db: Db, options: GlobalOptions, need: { staff?: boolean; action?: string } = {}): Contributor {
  return requireContributor(db, options.as ?? process.env.LWD_AS, need);
}

/** Prints exactly one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A message for people: stderr, so stdout stays clean for data. */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Plain text rows aligned in columns. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")).join("\n");
}
