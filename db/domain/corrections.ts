/**
 * Corrections: each change staff make to a recorded event or rate, and each retraction, with the reason. The row
 * changes in place (a retraction only sets retracted_at); the audit log keeps the fields before and after, and the
 * corrections table keeps what the public sees: when, what and why.
 */
import type { Db } from "../client.ts";
import { InputError } from "../errors.ts";
import { corrections, type CorrectionKind, type CorrectionSubject, type EventKind, type RateArea } from "../schema.ts";
import { correctionReason } from "../validation.ts";
import type { Contributor } from "./contributors.ts";

/** A correction as an event or rate shows it: what was done, when (UTC) and why. */
export type Correction = Pick<typeof corrections.$inferSelect, "kind" | "why" | "at">;

/** Refuses a correction by someone who is not staff, or one without a reason; returns the reason, trimmed. */
export function requireCorrectionReason(actor: Contributor, action: string, why: string | undefined): string {
  if (actor.role !== "staff")
    throw new InputError([{ field: "as", message: `only staff may ${action}; "${actor.handle}" is a campaigner` }]);
  const parsed = correctionReason.safeParse(why ?? "");
  if (!parsed.success || !parsed.data)
    throw new InputError([
      {
        field: "why",
        message: parsed.success
          ? `say why: --why "…" (it is published with the correction and kept in the audit log)`
          : `"${why}" ${parsed.error.issues[0]?.message ?? "is not a reason"}`,
      },
    ]);
  return parsed.data;
}

/** Records one correction; call inside the transaction that makes it. */
export function recordCorrection(
  db: Db,
  subject: CorrectionSubject,
  subjectId: number,
  kind: CorrectionKind,
  why: string,
  actor: Contributor,
): void {
  db.insert(corrections).values({ subject, subjectId, kind, why, contributorId: actor.id }).run();
}

/** Every correction of `subject` rows, by row id, oldest first: a small table, read once for a whole build. */
export function correctionsBySubject(db: Db, subject: CorrectionSubject): Map<number, Correction[]> {
  const rows = db.$client
    .prepare(`SELECT subject_id AS subjectId, kind, why, at FROM corrections WHERE subject = ? ORDER BY at, id`)
    .all(subject) as (Correction & { subjectId: number })[];
  const map = new Map<number, Correction[]>();
  for (const { subjectId, ...c } of rows) {
    let list = map.get(subjectId);
    if (!list) map.set(subjectId, (list = []));
    list.push(c);
  }
  return map;
}

/**
 * A reader that adds to an event the corrections made to it (none: the event is returned as it is). Reads the
 * corrections once, so a build streaming every event pays for them once.
 */
export function withCorrections(db: Db): <E extends { id: number }>(event: E) => E & { corrections?: Correction[] } {
  const byEvent = correctionsBySubject(db, "event");
  return (event) => {
    const list = byEvent.get(event.id);
    return list ? { ...event, corrections: list } : event;
  };
}

/** A correction in the public changelog: what it applied to, in words a reader knows. */
export interface ChangelogCorrection extends Correction {
  subject: CorrectionSubject;
  subjectId: number;
  /** The employer of a corrected event; null for a rate. */
  employer: { slug: string; name: string } | null;
  /** The event's kind and date, or the rate's area, amount and announcement date. */
  event: EventKind | null;
  effectiveOn: string | null;
  rateArea: RateArea | null;
  ratePence: number | null;
}

/**
 * The latest corrections made on or before `asOf`, newest first, with the employer or rate each applied to, for the
 * /data/ changelog.
 */
export function latestCorrections(db: Db, asOf = "9999-12-31", limit = 100): ChangelogCorrection[] {
  const rows = db.$client
    .prepare(
      `SELECT c.subject, c.subject_id AS subjectId, c.kind, c.why, c.at,
         e.slug, e.name, ev.event, coalesce(ev.effective_on, r.announced_on) AS effectiveOn,
         coalesce(ev.rate_area, r.rate_area) AS rateArea, coalesce(ev.rate_pence, r.rate_pence) AS ratePence
       FROM corrections c
       LEFT JOIN commitment_events ev ON c.subject = 'event' AND ev.id = c.subject_id
       LEFT JOIN employers e ON e.id = ev.employer_id
       LEFT JOIN living_wage_rates r ON c.subject = 'rate' AND r.id = c.subject_id
       WHERE substr(c.at, 1, 10) <= ?
       ORDER BY c.at DESC, c.id DESC LIMIT ?`,
    )
    .all(asOf, limit) as (Omit<ChangelogCorrection, "employer"> & { slug: string | null; name: string | null })[];
  return rows.map(({ slug, name, ...c }) => ({ ...c, employer: slug && name ? { slug, name } : null }));
}
