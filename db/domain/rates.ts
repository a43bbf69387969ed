/** Living-wage rates: the history, the rate in force on a date, and publishing a new one. */
export { formatPence } from "../rate-floor.ts";
import type { Db } from "../client.ts";
import { InputError } from "../errors.ts";
import type { RateArea } from "../schema.ts";
import { describeIssues, rateInput } from "../validation.ts";
import { belowFloor, rateInForceAmong } from "../rate-floor.ts";
import { recordAudit } from "./audit.ts";
import type { Contributor } from "./contributors.ts";

export interface Rate {
  id: number;
  rateArea: RateArea;
  ratePence: number;
  announcedOn: string;
  announcedPrecision: "day" | "month" | "year";
  implementBy: string | null;
  sourceUrl: string;
  note: string | null;
}

const RATE_COLUMNS = `id, rate_area AS rateArea, rate_pence AS ratePence, announced_on AS announcedOn,
  announced_precision AS announcedPrecision, implement_by AS implementBy, source_url AS sourceUrl, note`;

/** The whole rate history, newest first. */
export function listRates(db: Db, area?: RateArea): Rate[] {
  const where = area ? "WHERE rate_area = ?" : "";
  return db.$client
    .prepare(`SELECT ${RATE_COLUMNS} FROM living_wage_rates ${where} ORDER BY announced_on DESC, rate_area`)
    .all(...(area ? [area] : [])) as Rate[];
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
  const sqlite = db.$client;
  if (
    sqlite
      .prepare("SELECT 1 FROM living_wage_rates WHERE rate_area = ? AND announced_on = ?")
      .get(r.rateArea, r.announcedOn)
  )
    throw new InputError([
      { field: "announced", message: `a ${r.rateArea} rate announced on ${r.announcedOn} is already recorded` },
    ]);
  return sqlite.transaction(() => {
    const row = sqlite
      .prepare(
        `INSERT INTO living_wage_rates (rate_area, rate_pence, announced_on, announced_precision, implement_by, source_url, note)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${RATE_COLUMNS}`,
      )
      .get(
        r.rateArea,
        r.ratePence,
        r.announcedOn,
        r.announcedPrecision,
        r.implementBy ?? null,
        r.sourceUrl,
        r.note ?? null,
      ) as Rate;
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
