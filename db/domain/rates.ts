/** Living-wage rates: the history, the rate in force on a date, and publishing a new one. */
export { formatPence } from "../rate-floor.ts";
import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { InputError } from "../errors.ts";
import { livingWageRates, type RateArea } from "../schema.ts";
import { describeIssues, rateInput } from "../validation.ts";
import { belowFloor, rateInForceAmong } from "../rate-floor.ts";
import { recordAudit } from "./audit.ts";
import type { Contributor } from "./contributors.ts";

/** A living-wage rate as stored. */
export type Rate = typeof livingWageRates.$inferSelect;

/** The whole rate history, newest first. */
export function listRates(db: Db, area?: RateArea): Rate[] {
  return db
    .select()
    .from(livingWageRates)
    .where(area ? eq(livingWageRates.rateArea, area) : undefined)
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

/** Publishes a new rate (staff only), audited. */
export function addRate(db: Db, input: unknown, actor: Contributor): Rate {
  if (actor.role !== "staff")
    throw new InputError([{ field: "as", message: `only staff may add rates; "${actor.handle}" is a campaigner` }]);
  const parsed = rateInput.safeParse(input);
  if (!parsed.success) throw new InputError(describeIssues(parsed.error, RATE_FLAGS));
  const r = parsed.data;
  const alreadyRecorded = db
    .select({ id: livingWageRates.id })
    .from(livingWageRates)
    .where(and(eq(livingWageRates.rateArea, r.rateArea), eq(livingWageRates.announcedOn, r.announcedOn)))
    .get();
  if (alreadyRecorded)
    throw new InputError([
      { field: "announced", message: `a ${r.rateArea} rate announced on ${r.announcedOn} is already recorded` },
    ]);
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
    });
    return row;
  })();
}

/** The rate history, ready to check many moves against the floor without asking the database again. */
export function rateFloors(db: Db): (area: RateArea, on: string, ratePence: number) => string | null {
  const rates = listRates(db);
  return (area, on, ratePence) => belowFloor(rates, area, on, ratePence);
}
