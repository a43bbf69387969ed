/** Where the project's own files are, found from the package root so that bundled copies of this code agree. */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest folder at or above `start` holding package.json and db/migrations, or null. */
function findRoot(start: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "db", "migrations"))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The project's root folder (the one holding package.json and db/): found above this module, or, for a copy of it
 * bundled somewhere else (a site build in a temporary folder), above the working directory.
 */
export const PROJECT_ROOT =
  findRoot(dirname(fileURLToPath(import.meta.url))) ?? findRoot(process.cwd()) ?? process.cwd();
export const DB_FOLDER = join(PROJECT_ROOT, "db");
