/**
 * What every command shares that needs no database: the global flags and how commands print. Apart from context.ts
 * so that `lwd` can parse its arguments, and a read command print, without loading the database layer.
 */
import type { Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { InputError } from "../../db/errors.ts";

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
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")).join("\n");
}

/**
 * Refuses, before anything is written, a new file's path whose folder is missing or is a file, and one that names a
 * folder: `what` says what would have been written.
 */
export function requireFolderFor(path: string, what: string): void {
  const folder = dirname(path);
  if (!existsSync(folder))
    throw new InputError([
      { field: "file", message: `there is no folder ${folder} to write ${what} into; create it first` },
    ]);
  if (!statSync(folder).isDirectory())
    throw new InputError([{ field: "file", message: `${folder} is a file, not a folder to write ${what} into` }]);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new InputError([
      { field: "file", message: `${path} is a folder; give the name of a file to write ${what} into` },
    ]);
}
