/**
 * How fresh each employer's evidence is: the newest event of any kind (a re-confirmation included) and its source.
 * The campaigners' to-do list of records to check again, oldest evidence first.
 */
import type { Status } from "../enums.ts";
import { ALL_STATUSES_ON_DATE_SQL, type SqliteDb } from "./status.ts";

export interface StaleEmployer {
  slug: string;
  name: string;
  /** Living Wage accreditation status on the date; null when the employer has none in that scheme. */
  status: Status | null;
  latestEvidenceOn: string;
  latestEvidenceUrl: string;
}

/**
 * Employers whose latest evidence on `asOf` (their newest standing event on or before it) is dated before `before`,
 * oldest first, then by name.
 */
export function staleEmployers(db: SqliteDb, asOf: string, before: string): StaleEmployer[] {
  return db.$client
    .prepare(
      `SELECT e.slug, e.name, st.status, ev.effective_on AS latestEvidenceOn, ev.source_url AS latestEvidenceUrl
       FROM employers e
       JOIN commitment_events ev ON ev.id = (
         SELECT le.id FROM commitment_events le
         WHERE le.employer_id = e.id AND le.retracted_at IS NULL AND le.effective_on <= :asOf
         ORDER BY le.effective_on DESC, le.id DESC LIMIT 1)
       LEFT JOIN (${ALL_STATUSES_ON_DATE_SQL}) st ON st.employer_id = e.id
       WHERE ev.effective_on < :before
       ORDER BY ev.effective_on, e.name COLLATE NOCASE, e.id`,
    )
    .all({ asOf, before }) as StaleEmployer[];
}
