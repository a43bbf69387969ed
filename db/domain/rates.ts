/** Living-wage rates: the history, the rate in force on a date, and publishing a new one. */
export { formatPence } from "../rate-floor.ts";
import { and, asc, desc, eq, isNull, ne } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.ts";
import { InputError } from "../errors.ts";
import { livingWageRates, type RateArea } from "../schema.ts";
import { describeIssues, rateInput, type RateInput } from "../validation.ts";
import { belowFloor, rateInForceAmong, unusualRate } from "../rate-floor.ts";
import { recordAudit } from "./audit.ts";
import type { Contributor } from "./contributors.ts";
import { recordCorrection, requireCorrectionReason } from "./corrections.ts";
import { NOW_SQL } from "./employers.ts";

/** A living-wage rate as stored. */
export type Rate = typeof livingWageRates.$inferSelect;

/**
 * The rate history, newest first: the rates that stand, or with `withRetracted` the retracted ones too (for
 * `lwd rates list`, which marks them). A retracted rate never counts: not for the floor, who is behind or /rates/.
 */
export function listRates(db: Db, area?: RateArea, { withRetracted = false } = {}): Rate[] {
  return db
    .select()
    .from(livingWageRates)
    .where(
      and(
        area ? eq(livingWageRates.rateArea, area) : undefined,
        withRetracted ? undefined : isNull(livingWageRates.retractedAt),
      ),
    )
    .orderBy(desc(livingWageRates.announcedOn), asc(livingWageRates.rateArea))
    .all();
}

/**
 * The rate in force in an area on a date: the latest one whose implement-by date (or, before the
 * six-month rule, announcement) has come. Null before the first known rate.
 */
export function rateInForce(db: Db, area: RateArea, on: string): Rate | null {
  return rateInForceAmong(listRates(db, area), area, on);
}

/** Field names as `lwd rates add` spells its flags. */
const RATE_FLAGS = {
  rateArea: "area",
  ratePence: "rate",
  announcedOn: "announced",
  implementBy: "implement-by",
  sourceUrl: "source",
  note: "note",
};

/** How a rate that looks like a typing mistake is let through: `--confirm-unusual`, recorded in the audit log. */
export interface UnusualRateOptions {
  confirmUnusual?: boolean;
}

/** The audit log's why for a rate let through with --confirm-unusual: the warning it overrode. */
const confirmedUnusual = (problem: string) =>
  `confirmed as unusual (--confirm-unusual): ${problem.replace(/; check the amount.*$/, "")}`;

/** Refuses a rate that looks like a typing mistake, unless confirmed; returns the warning confirmed, if any. */
function checkUnusualRate(db: Db, r: RateInput, exceptId: number | null, o: UnusualRateOptions): string | null {
  const standing = db
    .select()
    .from(livingWageRates)
    .where(
      and(
        eq(livingWageRates.rateArea, r.rateArea),
        isNull(livingWageRates.retractedAt),
        exceptId == null ? undefined : ne(livingWageRates.id, exceptId),
      ),
    )
    .all();
  const problem = unusualRate(standing, r.rateArea, r.announcedOn, r.ratePence);
  if (!problem) return null;
  if (!o.confirmUnusual) throw new InputError([{ field: "rate", message: problem }]);
  return confirmedUnusual(problem);
}

/** Refuses a second standing rate for an area announced on the same day. */
function refuseSameAnnouncement(db: Db, r: RateInput, exceptId: number | null): void {
  const alreadyRecorded = db
    .select({ id: livingWageRates.id })
    .from(livingWageRates)
    .where(
      and(
        eq(livingWageRates.rateArea, r.rateArea),
        eq(livingWageRates.announcedOn, r.announcedOn),
        isNull(livingWageRates.retractedAt),
        exceptId == null ? undefined : ne(livingWageRates.id, exceptId),
      ),
    )
    .get();
  if (alreadyRecorded)
    throw new InputError([
      {
        field: "announced",
        message: `a ${r.rateArea} rate announced on ${r.announcedOn} is already recorded (rate ${alreadyRecorded.id})`,
      },
    ]);
}

/**
 * Publishes a new rate (staff only), audited. A rate lower than the one before it in its area, or more than 50%
 * above it, is refused as a likely typing mistake unless `confirmUnusual`, which the audit log records.
 */
export function addRate(db: Db, input: unknown, actor: Contributor, o: UnusualRateOptions = {}): Rate {
  if (actor.role !== "staff")
    throw new InputError([{ field: "as", message: `only staff may add rates; "${actor.handle}" is a campaigner` }]);
  const parsed = rateInput.safeParse(input);
  if (!parsed.success) throw new InputError(describeIssues(parsed.error, RATE_FLAGS));
  const r = parsed.data;
  refuseSameAnnouncement(db, r, null);
  const confirmed = checkUnusualRate(db, r, null, o);
  return db.$client.transaction(() => {
    const row = db
      .insert(livingWageRates)
      .values({
        rateArea: r.rateArea,
        ratePence: r.ratePence,
        announcedOn: r.announcedOn,
        announcedPrecision: r.announcedPrecision,
        implementBy: r.implementBy ?? null,
        sourceUrl: r.sourceUrl,
        note: r.note ?? null,
      })
      .returning()
      .get();
    recordAudit(db, {
      table: "living_wage_rates",
      rowId: row.id,
      action: "insert",
      after: row,
      contributorId: actor.id,
      why: confirmed,
    });
    return row;
  })();
}

/** A rate by id, retracted or not; refuses an unknown id. */
function rateById(db: Db, id: number): Rate {
  const row = Number.isSafeInteger(id)
    ? db.select().from(livingWageRates).where(eq(livingWageRates.id, id)).get()
    : undefined;
  if (!row)
    throw new InputError([{ field: "id", message: `no rate has the id ${id}; \`lwd rates list\` shows the ids` }]);
  return row;
}

/** The fields of a rate a correction may change, as `lwd rates add` takes them. */
export type RateChanges = Partial<Record<keyof typeof RATE_FLAGS, unknown>>;

/**
 * Corrects a published rate in place (staff only, with a reason): the changed rate is checked as a new one would be
 * (including the plausibility rule against the rate before it), then updated, audited with before, after and why,
 * and listed in corrections.
 */
export function correctRate(
  db: Db,
  id: number,
  changes: RateChanges,
  why: string | undefined,
  actor: Contributor,
  o: UnusualRateOptions = {},
): { rate: Rate; changed: string[] } {
  const reason = requireCorrectionReason(actor, "correct rates", why);
  const before = rateById(db, id);
  if (before.retractedAt)
    throw new InputError([
      {
        field: "id",
        message: `rate ${id} was retracted on ${before.retractedAt.slice(0, 10)}; add a new rate instead`,
      },
    ]);
  const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const parsed = rateInput.safeParse({
    rateArea: before.rateArea,
    ratePence: before.ratePence,
    announcedOn: before.announcedOn,
    announcedPrecision: before.announcedPrecision,
    implementBy: before.implementBy,
    sourceUrl: before.sourceUrl,
    note: before.note,
    ...given,
  });
  if (!parsed.success) throw new InputError(describeIssues(parsed.error, RATE_FLAGS));
  const r = parsed.data;
  const after = { ...before, ...r, implementBy: r.implementBy ?? null, note: r.note ?? null };
  const changed = (Object.keys(RATE_FLAGS) as (keyof typeof RATE_FLAGS)[]).filter((k) => before[k] !== after[k]);
  if (!changed.length)
    throw new InputError([{ field: "input", message: `rate ${id} already has those details; nothing to correct` }]);
  refuseSameAnnouncement(db, r, id);
  const confirmed = checkUnusualRate(db, r, id, o);
  const rate = changeRate(
    db,
    before,
    {
      rateArea: after.rateArea,
      ratePence: after.ratePence,
      announcedOn: after.announcedOn,
      announcedPrecision: after.announcedPrecision,
      implementBy: after.implementBy,
      sourceUrl: after.sourceUrl,
      note: after.note,
    },
    { kind: "corrected", reason, auditWhy: confirmed ? `${reason} (${confirmed})` : reason },
    actor,
  );
  return { rate, changed: changed.map((k) => RATE_FLAGS[k]) };
}

/**
 * Retracts a published rate (staff only, with a reason): it stops counting everywhere (the floor, who is behind,
 * /rates/) but is kept, with retracted_at set, the audit log's before and after, and a row in corrections.
 */
export function retractRate(db: Db, id: number, why: string | undefined, actor: Contributor): Rate {
  const reason = requireCorrectionReason(actor, "retract rates", why);
  const before = rateById(db, id);
  if (before.retractedAt)
    throw new InputError([
      {
        field: "id",
        message: `rate ${id} was already retracted on ${before.retractedAt.slice(0, 10)}; nothing was changed`,
      },
    ]);
  return changeRate(db, before, { retractedAt: NOW_SQL }, { kind: "retracted", reason, auditWhy: reason }, actor);
}

/**
 * Staff's change to a rate, in one transaction: the update, the audit log's before and after (`auditWhy`, which may
 * add what was confirmed), and the row in corrections that publishes the reason.
 */
function changeRate(
  db: Db,
  before: Rate,
  set: SQLiteUpdateSetSource<typeof livingWageRates>,
  why: { kind: "corrected" | "retracted"; reason: string; auditWhy: string },
  actor: Contributor,
): Rate {
  return db.$client.transaction(() => {
    const row = db.update(livingWageRates).set(set).where(eq(livingWageRates.id, before.id)).returning().get();
    recordAudit(db, {
      table: "living_wage_rates",
      rowId: before.id,
      action: "update",
      before,
      after: row,
      contributorId: actor.id,
      why: why.auditWhy,
    });
    recordCorrection(db, "rate", before.id, why.kind, why.reason, actor);
    return row;
  })();
}

/** The rate history, ready to check many moves against the floor without asking the database again. */
export function rateFloors(db: Db): (area: RateArea, on: string, ratePence: number) => string | null {
  const rates = listRates(db);
  return (area, on, ratePence) => belowFloor(rates, area, on, ratePence);
}
