/** Living-wage rates: the history, the rate in force on a date, and publishing a new one. */
import type { Db } from "../client.ts";
import { InputError } from "../errors.ts";
import type { RateArea } from "../schema.ts";
import { describeIssues, rateInput } from "../validation.ts";
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
  return (
    (db.$client
      .prepare(
        `SELECT ${RATE_COLUMNS} FROM living_wage_rates WHERE rate_area = ? AND coalesce(implement_by, announced_on) <= ? ORDER BY announced_on DESC LIMIT 1`,
      )
      .get(area, on) as Rate | undefined) ?? null
  );
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

/** £7.60 from 760. */
export function formatPence(pence: number): string {
  return `£${(pence / 100).toFixed(2)}`;
}

/** The rate in force on a date, answered from memory: for checking many rows against the few dozen known rates. */
export function rateFloors(db: Db): (area: RateArea, on: string) => Rate | null {
  const byArea = new Map<RateArea, Rate[]>();
  for (const r of listRates(db)) {
    const list = byArea.get(r.rateArea) ?? [];
    list.push(r);
    byArea.set(r.rateArea, list);
  }
  return (area, on) => {
    let best: Rate | null = null;
    // listRates is newest first; the first announced rate already due on `on` is the one in force.
    for (const r of byArea.get(area) ?? [])
      if ((r.implementBy ?? r.announcedOn) <= on && (!best || r.announcedOn > best.announcedOn)) best = r;
    return best;
  };
}
