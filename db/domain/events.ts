/**
 * Commitment events: the history of an employer's commitment. Staff may correct an event in place or retract it (it
 * stops counting but is kept); each correction is audited with before, after and why, and listed in corrections.
 */
import { and, desc, eq, inArray, isNull, lte } from "drizzle-orm";
import type { Db } from "../client.ts";
import { DEFAULT_SCHEME, STAFF_ONLY_EVENT_KINDS, type EventKind } from "../enums.ts";
import { formatDate } from "../dates.ts";
import { SCHEME_LABELS } from "../labels.ts";
import { InputError, type Problem } from "../errors.ts";
import { describeIssues, eventInput, FIELD_NAMES, type EventInput } from "../validation.ts";
import { EVENT_RECORD_FIELDS, newEventRecord, recordAudit } from "./audit.ts";
import type { Contributor } from "./contributors.ts";
import { commitmentEvents, employers } from "../schema.ts";
import { recordCorrection, requireCorrectionReason } from "./corrections.ts";
import { EVENT_FIELDS, NOW_SQL, type EmployerEvent } from "./employers.ts";
import { belowFloor } from "../rate-floor.ts";
import { listRates } from "./rates.ts";
import { REINSTATEMENT_WITHOUT_LAPSE_SQL, statusOfEmployer } from "./status.ts";

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

/** The ids and dates of an employer's reinstatements that have no lapse before them. */
function reinstatementsWithoutLapse(db: Db, employerId: number): { id: number; effectiveOn: string }[] {
  return db.$client
    .prepare(
      `SELECT ev.id, ev.effective_on AS effectiveOn FROM commitment_events ev
       WHERE ev.employer_id = ? AND ${REINSTATEMENT_WITHOUT_LAPSE_SQL}`,
    )
    .all(employerId) as { id: number; effectiveOn: string }[];
}

/**
 * What makes two events the same, once, for `lwd event add` and the importer: the same employer, kind, scheme, date,
 * source and rate. Returns a lookup prepared once; it finds retracted events too, so a file imported again does not bring
 * back an event staff retracted.
 */
export function sameEventLookup(
  db: Db,
): (
  employerId: number,
  e: Pick<EventInput, "effectiveOn" | "event" | "sourceUrl" | "ratePence" | "scheme">,
) => { id: number; retractedAt: string | null } | undefined {
  const statement = db.$client.prepare(
    `SELECT id, retracted_at AS retractedAt FROM commitment_events
     WHERE employer_id = ? AND effective_on = ? AND event = ? AND source_url = ? AND rate_pence IS ? AND scheme = ?
     ORDER BY id LIMIT 1`,
  );
  return (employerId, e) =>
    statement.get(employerId, e.effectiveOn, e.event, e.sourceUrl, e.ratePence ?? null, e.scheme) as
      { id: number; retractedAt: string | null } | undefined;
}

/** The refusal of an exact repeat of event `id`. */
function alreadyRecorded(
  e: Pick<EventInput, "event" | "effectiveOn">,
  same: { id: number; retractedAt: string | null },
) {
  return new InputError([
    {
      field: "event",
      message: `this ${e.event} on ${e.effectiveOn} with that source is already recorded as event ${same.id}${same.retractedAt ? " (retracted)" : ""}; \`lwd event correct ${same.id}\` changes it`,
    },
  ]);
}

/** A validated event's own fields as they are stored: what it leaves out is null. */
function storedEventFields(e: EventInput) {
  return {
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
  };
}

/** Inserts a validated event, audited. Call inside a transaction. */
export function insertEvent(db: Db, employerId: number, e: EventInput, actor: Contributor): number {
  const r = db
    .insert(commitmentEvents)
    .values({ employerId, ...storedEventFields(e), recordedBy: actor.id })
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
  const same = sameEventLookup(db)(employer.id, checked.value);
  if (same) throw alreadyRecorded(checked.value, same);
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
 * The latest events of the given kinds on or before `asOf` (a retracted event is no news), newest first by effective date (then the one recorded
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
    .where(
      and(
        inArray(commitmentEvents.event, kinds),
        lte(commitmentEvents.effectiveOn, asOf),
        isNull(commitmentEvents.retractedAt),
      ),
    )
    .orderBy(desc(commitmentEvents.effectiveOn), desc(commitmentEvents.id))
    .limit(limit)
    .all();
  // The WHERE keeps only events of the kinds K, which the row type cannot know.
  return rows as LatestEvent<K>[];
}

/** An event as stored, with its employer; refuses an unknown id. */
function eventById(db: Db, id: number): typeof commitmentEvents.$inferSelect {
  const row = Number.isSafeInteger(id)
    ? db.select().from(commitmentEvents).where(eq(commitmentEvents.id, id)).get()
    : undefined;
  if (!row)
    throw new InputError([
      { field: "id", message: `no event has the id ${id}; \`lwd employer show SLUG\` lists an employer's event ids` },
    ]);
  return row;
}

/** Refuses a change that leaves a reinstatement with no lapse before it, other than those already so. */
function refuseBrokenSequence(db: Db, employerId: number, before: readonly { id: number }[], what: string): void {
  const had = new Set(before.map((r) => r.id));
  const broken = reinstatementsWithoutLapse(db, employerId).filter((r) => !had.has(r.id));
  if (broken.length)
    throw new InputError(
      broken.map((r) => ({
        field: "event",
        message: `${what} would leave the reinstatement on ${formatDate(r.effectiveOn)} (event ${r.id}) with no lapse, revocation or withdrawal before it; correct or retract event ${r.id} first`,
      })),
    );
}

/** The fields of an event a correction may change. */
export type EventChanges = Partial<Record<keyof EventInput, unknown>>;

/** The event's own fields, in EventInput's shape: the fields its audit record lists. */
const EVENT_INPUT_KEYS = EVENT_RECORD_FIELDS;

/**
 * Corrects an event in place (staff only, with a reason): the corrected event is checked as `lwd event add` checks
 * a new one (fields, the rate floor, no exact repeat) and the employer's history must still make sense (a
 * reinstatement follows a lapse). Audited with before, after and why, and listed in corrections. Returns the names
 * of the changed fields.
 */
export function correctEvent(
  db: Db,
  id: number,
  changes: EventChanges,
  why: string | undefined,
  actor: Contributor,
): { id: number; changed: string[] } {
  const reason = requireCorrectionReason(actor, "correct events", why);
  const before = eventById(db, id);
  if (before.retractedAt)
    throw new InputError([
      {
        field: "id",
        message: `event ${id} was retracted on ${before.retractedAt.slice(0, 10)}; record the event again with \`lwd event add\` instead`,
      },
    ]);
  const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const checked = validateEvent(db, { ...Object.fromEntries(EVENT_INPUT_KEYS.map((k) => [k, before[k]])), ...given });
  if (!checked.ok) throw new InputError(checked.problems);
  const e = checked.value;
  const after = storedEventFields(e);
  const changed = EVENT_INPUT_KEYS.filter((k) => before[k] !== after[k]);
  if (!changed.length)
    throw new InputError([{ field: "input", message: `event ${id} already has those details; nothing to correct` }]);
  const same = sameEventLookup(db)(before.employerId, e);
  if (same && same.id !== id) throw alreadyRecorded(e, same);
  const lapsesBefore = reinstatementsWithoutLapse(db, before.employerId);
  db.$client.transaction(() => {
    db.update(commitmentEvents).set(after).where(eq(commitmentEvents.id, id)).run();
    // Checked on the changed history, inside the transaction: a refusal rolls the change back.
    refuseBrokenSequence(db, before.employerId, lapsesBefore, `correcting event ${id}`);
    db.update(employers).set({ updatedAt: NOW_SQL }).where(eq(employers.id, before.employerId)).run();
    recordAudit(db, {
      table: "commitment_events",
      rowId: id,
      action: "update",
      before,
      after: { ...before, ...after },
      contributorId: actor.id,
      why: reason,
    });
    recordCorrection(db, "event", id, "corrected", reason, actor);
  })();
  return { id, changed: changed.map((k) => FIELD_NAMES[k] ?? k) };
}

/**
 * Retracts an event (staff only, with a reason): it stops counting for status, figures and feeds but stays in the
 * history, marked, with retracted_at set, the audit log's before and after, and a row in corrections. Refused when
 * it is already retracted, or when a later reinstatement depends on it (retract that first).
 */
export function retractEvent(db: Db, id: number, why: string | undefined, actor: Contributor): { id: number } {
  const reason = requireCorrectionReason(actor, "retract events", why);
  const before = eventById(db, id);
  if (before.retractedAt)
    throw new InputError([
      {
        field: "id",
        message: `event ${id} was already retracted on ${before.retractedAt.slice(0, 10)}; nothing was changed`,
      },
    ]);
  const lapsesBefore = reinstatementsWithoutLapse(db, before.employerId);
  db.$client.transaction(() => {
    const after = db
      .update(commitmentEvents)
      .set({ retractedAt: NOW_SQL })
      .where(eq(commitmentEvents.id, id))
      .returning()
      .get();
    refuseBrokenSequence(db, before.employerId, lapsesBefore, `retracting event ${id}`);
    db.update(employers).set({ updatedAt: NOW_SQL }).where(eq(employers.id, before.employerId)).run();
    recordAudit(db, {
      table: "commitment_events",
      rowId: id,
      action: "update",
      before,
      after,
      contributorId: actor.id,
      why: reason,
    });
    recordCorrection(db, "event", id, "retracted", reason, actor);
  })();
  return { id };
}
