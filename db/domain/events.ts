/** Commitment events: the history of an employer's commitment. Nothing overwrites it; corrections are new events. */
import { and, desc, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "../client.ts";
import { DEFAULT_SCHEME, STAFF_ONLY_EVENT_KINDS, type EventKind } from "../enums.ts";
import { SCHEME_LABELS } from "../labels.ts";
import { InputError, type Problem } from "../errors.ts";
import { describeIssues, eventInput, type EventInput } from "../validation.ts";
import { newEventRecord, recordAudit } from "./audit.ts";
import type { Contributor } from "./contributors.ts";
import { commitmentEvents, employers } from "../schema.ts";
import { EVENT_FIELDS, FIELD_NAMES, NOW_SQL, type EmployerEvent } from "./employers.ts";
import { belowFloor } from "../rate-floor.ts";
import { listRates } from "./rates.ts";
import { statusOfEmployer } from "./status.ts";

/** Events only staff may record. */
export const STAFF_ONLY_EVENTS: ReadonlySet<string> = new Set(STAFF_ONLY_EVENT_KINDS);

/** Validates an event's fields (zod) and the rules that need the database (rate floor). */
export function validateEvent(
  db: Db,
  input: unknown,
): { ok: true; value: EventInput } | { ok: false; problems: Problem[] } {
  const parsed = eventInput.safeParse(input);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error, FIELD_NAMES) };
  const problems = rateFloorProblems(db, parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, value: parsed.data };
}

/** A rate_implemented below the living wage in force on its date is refused. */
export function rateFloorProblems(db: Db, e: EventInput): Problem[] {
  if (e.event !== "rate_implemented" || e.ratePence == null) return [];
  const problem = belowFloor(listRates(db, e.rateArea), e.rateArea, e.effectiveOn, e.ratePence);
  return problem ? [{ field: "hourly_rate", message: problem }] : [];
}

/** A reinstatement needs a lapse, revocation or withdrawal before it, in the same scheme. */
export function sequenceProblems(db: Db, employerId: number, e: EventInput): Problem[] {
  if (e.event !== "reinstated") return [];
  const before = statusOfEmployer(db, employerId, e.effectiveOn, e.scheme);
  if (!before || !["lapsed", "revoked", "withdrawn"].includes(before.status))
    return [
      {
        field: "event",
        message: `a reinstatement needs a lapse, revocation or withdrawal before it${e.scheme === DEFAULT_SCHEME ? "" : ` in ${SCHEME_LABELS[e.scheme]}`}; on ${e.effectiveOn} the status was ${before?.status ?? "none"}`,
      },
    ];
  return [];
}

/** Inserts a validated event, audited. Call inside a transaction. */
export function insertEvent(db: Db, employerId: number, e: EventInput, actor: Contributor): number {
  const r = db
    .insert(commitmentEvents)
    .values({
      employerId,
      event: e.event,
      scheme: e.scheme,
      effectiveOn: e.effectiveOn,
      rateArea: e.rateArea,
      ratePence: e.ratePence ?? null,
      workersCovered: e.workersCovered ?? null,
      workersUplifted: e.workersUplifted ?? null,
      sourceUrl: e.sourceUrl,
      note: e.note ?? null,
      reason: e.reason ?? null,
      recordedBy: actor.id,
    })
    .run();
  db.update(employers).set({ updatedAt: NOW_SQL }).where(eq(employers.id, employerId)).run();
  recordAudit(db, {
    table: "commitment_events",
    rowId: String(r.lastInsertRowid),
    action: "insert",
    after: newEventRecord(employerId, e),
    contributorId: actor.id,
  });
  return Number(r.lastInsertRowid);
}

/** Records one event for the employer with `slug`, after every check. */
export function addEvent(db: Db, slug: string, input: unknown, actor: Contributor): { id: number; employerId: number } {
  const employer = db.select({ id: employers.id }).from(employers).where(eq(employers.slug, slug)).get();
  if (!employer)
    throw new InputError([
      { field: "employer", message: `no employer has the slug "${slug}"; \`lwd employer find NAME\` finds it` },
    ]);
  const checked = validateEvent(db, input);
  if (!checked.ok) throw new InputError(checked.problems);
  if (STAFF_ONLY_EVENTS.has(checked.value.event) && actor.role !== "staff")
    throw new InputError([{ field: "event", message: `only staff may record ${checked.value.event}` }]);
  const sequence = sequenceProblems(db, employer.id, checked.value);
  if (sequence.length) throw new InputError(sequence);
  const id = db.$client.transaction(() => insertEvent(db, employer.id, checked.value, actor))();
  return { id, employerId: employer.id };
}

/** An event with the slug and name of its employer, for lists of the latest. */
export type LatestEvent<K extends EventKind = EventKind> = EmployerEvent & {
  event: K;
  employerId: number;
  slug: string;
  name: string;
};

/**
 * The latest events of the given kinds on or before `asOf`, newest first by effective date (then the one recorded
 * last), with their employer: the home page's latest pledges and the feed's latest commitments.
 */
export function latestEvents<K extends EventKind>(
  db: Db,
  kinds: readonly K[],
  asOf: string,
  limit: number,
): LatestEvent<K>[] {
  const rows = db
    .select({ ...EVENT_FIELDS, employerId: commitmentEvents.employerId, slug: employers.slug, name: employers.name })
    .from(commitmentEvents)
    .innerJoin(employers, eq(employers.id, commitmentEvents.employerId))
    .where(and(inArray(commitmentEvents.event, kinds), lte(commitmentEvents.effectiveOn, asOf)))
    .orderBy(desc(commitmentEvents.effectiveOn), desc(commitmentEvents.id))
    .limit(limit)
    .all();
  // The WHERE keeps only events of the kinds K, which the row type cannot know.
  return rows as LatestEvent<K>[];
}
