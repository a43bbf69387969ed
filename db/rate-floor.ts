/**
 * The rate floor, once: a move to a new rate is never below the living wage in force in its area on its date.
 * Pure (no database, no Node APIs), so `lwd event add`, the importer and the submit form in the browser apply the same
 * rule to the same rate history and say the same words.
 */
import type { RateArea } from "./enums.ts";
import { LIVING_WAGE_NAMES } from "./labels.ts";

/** What the floor needs of a published rate. */
export interface RateStep {
  rateArea: RateArea;
  ratePence: number;
  announcedOn: string;
  implementBy: string | null;
}

/** £7.60 from 760. */
export function formatPence(pence: number): string {
  return `£${(pence / 100).toFixed(2)}`;
}

/**
 * The rate in force in an area on a date, among `rates`: the latest announced whose implement-by date (or, for rates
 * from before the six-month rule, whose announcement) has come. Null before the first known rate.
 */
export function rateInForceAmong<R extends RateStep>(rates: readonly R[], area: RateArea, on: string): R | null {
  let best: R | null = null;
  for (const r of rates)
    if (r.rateArea === area && (r.implementBy ?? r.announcedOn) <= on && (!best || r.announcedOn > best.announcedOn))
      best = r;
  return best;
}

/** Why a move to `ratePence` in `area` on `on` is refused, or null when it is at or above the floor. */
export function belowFloor(rates: readonly RateStep[], area: RateArea, on: string, ratePence: number): string | null {
  const floor = rateInForceAmong(rates, area, on);
  if (!floor || ratePence >= floor.ratePence) return null;
  return `${formatPence(ratePence)} is below the ${LIVING_WAGE_NAMES[area]} in force on ${on} (${formatPence(floor.ratePence)})`;
}

/** A new rate more than this share above the one before it is taken for a typing mistake unless confirmed. */
export const UNUSUAL_RISE = 0.5;

/**
 * Why a rate of `ratePence` announced on `announcedOn` in `area` looks like a typing mistake, or null: lower than the
 * rate announced before it in that area, or more than 50% above it (rates have only ever risen, by a few per cent a
 * year). `rates` should hold only standing rates, and not the one being corrected.
 */
export function unusualRate(
  rates: readonly RateStep[],
  area: RateArea,
  announcedOn: string,
  ratePence: number,
): string | null {
  let before: RateStep | null = null;
  for (const r of rates)
    if (r.rateArea === area && r.announcedOn < announcedOn && (!before || r.announcedOn > before.announcedOn))
      before = r;
  if (!before) return null;
  const name = LIVING_WAGE_NAMES[area];
  const previous = `the ${name} before it (${formatPence(before.ratePence)}, announced ${before.announcedOn})`;
  const fix = "check the amount, or add --confirm-unusual if it is right";
  if (ratePence < before.ratePence) return `${formatPence(ratePence)} is lower than ${previous}; ${fix}`;
  if (ratePence > before.ratePence * (1 + UNUSUAL_RISE))
    return `${formatPence(ratePence)} is more than ${UNUSUAL_RISE * 100}% above ${previous}; ${fix}`;
  return null;
}
