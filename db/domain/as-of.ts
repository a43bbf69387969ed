/**
 * The directory as it stood on a past date, for a build with LWD_AS_OF: a copy of the database without anything
 * dated after that day, so every page, feed, sitemap, download and search record of the build is the record as it
 * stood, however it reads the data.
 */
import Database from "better-sqlite3";
import { rmSync } from "node:fs";

/**
 * Copies the database at `sourcePath` to `targetPath` (replaced if present) as it stood at the end of `asOf`:
 * events that took effect later, rates announced later, corrections and slug redirects made later, and employers
 * with no event by then that were added later are left out. Everything kept is as it is recorded now.
 */
export function copyAsOf(sourcePath: string, targetPath: string, asOf: string): void {
  rmSync(targetPath, { force: true });
  const source = new Database(sourcePath, { readonly: true, fileMustExist: true });
  try {
    source.prepare("VACUUM INTO ?").run(targetPath);
  } finally {
    source.close();
  }
  const copy = new Database(targetPath);
  try {
    copy.pragma("journal_mode = DELETE");
    copy.pragma("foreign_keys = ON");
    // Timestamps are UTC ISO strings: anything after the last instant of asOf is later than asOf.
    const endOfDay = `${asOf}T23:59:59.999Z`;
    copy.transaction(() => {
      copy.prepare("DELETE FROM corrections WHERE at > ?").run(endOfDay);
      copy.prepare("DELETE FROM commitment_events WHERE effective_on > ?").run(asOf);
      copy.prepare("DELETE FROM living_wage_rates WHERE announced_on > ?").run(asOf);
      copy.prepare("DELETE FROM slug_redirects WHERE created_at > ?").run(endOfDay);
      const laterEmployers = `SELECT e.id FROM employers e
        WHERE NOT EXISTS (SELECT 1 FROM commitment_events ev WHERE ev.employer_id = e.id) AND e.created_at > ?`;
      for (const table of ["employer_names", "employer_services", "slug_redirects"])
        copy.prepare(`DELETE FROM ${table} WHERE employer_id IN (${laterEmployers})`).run(endOfDay);
      copy.prepare(`DELETE FROM employers WHERE id IN (${laterEmployers})`).run(endOfDay);
    })();
    copy.exec("VACUUM");
  } finally {
    copy.close();
  }
}
