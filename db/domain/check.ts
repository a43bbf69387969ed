/** `lwd db check`: SQLite's own checks plus the domain invariants, each problem named. */
import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { FIRST_EVENT_DATE } from "../dates.ts";
import { countsForStatusSql, REINSTATEMENT_WITHOUT_LAPSE_SQL } from "./status.ts";

export interface CheckProblem {
  check: string;
  detail: string;
}

/**
 * Runs every check; an empty list means the database is sound. SQLite checks CHECK constraints only on a writable
 * connection, so `lwd db check` and `lwd db restore` run this on a private copy of the file.
 */
export function checkDatabase(db: Db): CheckProblem[] {
  const s = db.$client;
  const problems: CheckProblem[] = [];
  // A damaged file can fail any one check; the others still run, so every problem is named.
  const attempt = (check: string, run: () => void) => {
    try {
      run();
    } catch (error) {
      problems.push({ check, detail: `could not be checked: ${(error as Error).message}` });
    }
  };
  // On a writable connection (SQLite 3.37+) this also finds rows that break a CHECK constraint.
  attempt("integrity", () => {
    for (const r of s.pragma("integrity_check") as { integrity_check: string }[])
      if (r.integrity_check !== "ok") problems.push({ check: "integrity", detail: r.integrity_check });
  });
  attempt("foreign key", () => {
    for (const r of s.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[])
      problems.push({ check: "foreign key", detail: `${r.table} row ${r.rowid} points to a missing ${r.parent} row` });
  });

  const rule = (check: string, query: string, describe: (row: Record<string, unknown>) => string) =>
    attempt(check, () => {
      for (const row of db.all<Record<string, unknown>>(sql.raw(query)))
        problems.push({ check, detail: describe(row) });
    });
  rule(
    "event before its employer existed",
    `SELECT ev.id, e.slug, ev.recorded_at, e.created_at FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id
     WHERE ev.recorded_at < e.created_at`,
    (r) =>
      `event ${r.id} of ${r.slug} was recorded at ${r.recorded_at}, before the employer was created at ${r.created_at}`,
  );
  rule(
    "reinstatement without a lapse",
    `SELECT ev.id, e.slug, ev.effective_on FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id
     WHERE ${REINSTATEMENT_WITHOUT_LAPSE_SQL}`,
    (r) =>
      `event ${r.id} of ${r.slug} reinstates on ${r.effective_on} with no lapse, revocation or withdrawal before it`,
  );
  rule(
    "rate below the living wage",
    `SELECT ev.id, e.slug, ev.effective_on, ev.rate_pence, (
       SELECT r.rate_pence FROM living_wage_rates r
       WHERE r.rate_area = ev.rate_area AND r.retracted_at IS NULL AND coalesce(r.implement_by, r.announced_on) <= ev.effective_on
       ORDER BY r.announced_on DESC LIMIT 1) AS floor
     FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id
     WHERE ev.event = 'rate_implemented' AND ev.retracted_at IS NULL AND ev.rate_pence < floor`,
    (r) =>
      `event ${r.id} of ${r.slug} on ${r.effective_on} implements ${r.rate_pence}p, below the ${r.floor}p living wage then in force`,
  );
  rule(
    "orphan slug redirect",
    `SELECT r.old_slug, r.employer_id FROM slug_redirects r
     WHERE NOT EXISTS (SELECT 1 FROM employers e WHERE e.id = r.employer_id) OR EXISTS (SELECT 1 FROM employers e WHERE e.slug = r.old_slug)`,
    (r) =>
      `redirect from "${r.old_slug}" points to employer ${r.employer_id}, which is missing, or the slug is in use again`,
  );
  rule(
    "more workers uplifted than covered",
    `SELECT ev.id, e.slug, ev.workers_covered, ev.workers_uplifted FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id
     WHERE ev.workers_uplifted > ev.workers_covered`,
    (r) =>
      `event ${r.id} of ${r.slug} gives ${r.workers_uplifted} workers a pay rise but covers only ${r.workers_covered}`,
  );
  rule(
    "event dated after it was recorded",
    `SELECT ev.id, e.slug, ev.effective_on, ev.recorded_at FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id
     WHERE ev.effective_on > substr(ev.recorded_at, 1, 10)`,
    (r) =>
      `event ${r.id} of ${r.slug} takes effect on ${r.effective_on} but was recorded at ${r.recorded_at}: events record what has happened`,
  );
  rule(
    "event dated before the campaign began",
    `SELECT ev.id, e.slug, ev.effective_on FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id
     WHERE ev.effective_on < '${FIRST_EVENT_DATE}'`,
    (r) =>
      `event ${r.id} of ${r.slug} takes effect on ${r.effective_on}, before ${FIRST_EVENT_DATE}, when the London living wage campaign began: check the year`,
  );
  return problems;
}

/**
 * Histories that can happen but usually mean a mistyped date or count: warned about by `lwd db check` and by an
 * import, never refused. `employerIds` limits the search to those employers (an import's).
 */
export function checkWarnings(db: Db, employerIds?: readonly number[]): CheckProblem[] {
  const s = db.$client;
  const ids = employerIds ? JSON.stringify(employerIds) : null;
  const warnings: CheckProblem[] = [];
  // A pledge is the step before accreditation; one made while accredited has its dates (or its kind) wrong.
  const pledgedWhileAccredited = s
    .prepare(
      `SELECT e.slug, ev.effective_on AS pledgedOn, (
         SELECT p.effective_on FROM commitment_events p
         WHERE p.employer_id = ev.employer_id AND ${countsForStatusSql("p", null)} AND p.scheme = ev.scheme
           AND p.event IN ('accredited', 'reinstated') AND p.effective_on < ev.effective_on
           AND NOT EXISTS (SELECT 1 FROM commitment_events q WHERE q.employer_id = ev.employer_id
             AND ${countsForStatusSql("q", null)} AND q.scheme = ev.scheme AND q.event NOT IN ('accredited', 'reinstated')
             AND q.effective_on > p.effective_on AND q.effective_on < ev.effective_on)
         ORDER BY p.effective_on LIMIT 1) AS accreditedOn
       FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id
       WHERE ev.event = 'pledged' AND ev.retracted_at IS NULL
         AND (@ids IS NULL OR ev.employer_id IN (SELECT value FROM json_each(@ids))) AND accreditedOn IS NOT NULL`,
    )
    .all({ ids }) as { slug: string; pledgedOn: string; accreditedOn: string }[];
  for (const r of pledgedWhileAccredited)
    warnings.push({
      check: "accredited before pledged",
      detail: `${r.slug} was accredited on ${r.accreditedOn} but pledged on ${r.pledgedOn}, after it; a pledge comes before accreditation: check the dates`,
    });
  // The figures add up each employer's latest count of each kind, which may come from different events.
  const latestCounts = s
    .prepare(
      `SELECT slug, covered, uplifted FROM (
         SELECT e.slug,
           (SELECT c.workers_covered FROM commitment_events c WHERE c.employer_id = e.id AND c.workers_covered IS NOT NULL
              AND c.retracted_at IS NULL
            ORDER BY c.effective_on DESC, c.id DESC LIMIT 1) AS covered,
           (SELECT u.workers_uplifted FROM commitment_events u WHERE u.employer_id = e.id AND u.workers_uplifted IS NOT NULL
              AND u.retracted_at IS NULL
            ORDER BY u.effective_on DESC, u.id DESC LIMIT 1) AS uplifted
         FROM employers e WHERE @ids IS NULL OR e.id IN (SELECT value FROM json_each(@ids)))
       WHERE uplifted > covered`,
    )
    .all({ ids }) as { slug: string; covered: number; uplifted: number }[];
  for (const r of latestCounts)
    warnings.push({
      check: "more workers uplifted than covered",
      detail: `${r.slug}: its latest counts give ${r.uplifted} workers a pay rise but cover only ${r.covered}, so the figures would count more raised than covered: check the counts`,
    });
  return warnings;
}
