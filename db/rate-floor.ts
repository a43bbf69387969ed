/**
 * The rate floor, once: a move to a new rate is never below the living wage in force in its area on its date.
 * Pure (no database, no Node APIs), so `lwd event add`, the importer and the submit form in the browser apply the same
 * rule to the same rate history and say the same words.
 */
import type { RateArea } from "./enums.ts";
import { formatDate } from "./dates.ts";
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
  return `${formatPence(ratePence)} is below the ${LIVING_WAGE_NAMES[area]} in force on ${formatDate(on)} (${formatPence(floor.ratePence)})`;
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

/** What an accredited employer must pay on a date: the rate in force, and the next one when it is announced but not yet due. */
export interface MustPay {
  ratePence: number;
  rateArea: RateArea;
  /** The day this rate became due (its implement-by date, or its announcement before the six-month rule). */
  since: string;
  /** A rate announced on or before the date whose implement-by date is still to come. */
  next: { ratePence: number; from: string } | null;
}

/**
 * The hourly rate an accredited employer in `area` must pay on `on`, among `rates`; during an implementation window
 * (a rate announced, its implement-by date not reached) the coming rate too. Null before the area's first rate.
 */
export function mustPayAmong(rates: readonly RateStep[], area: RateArea, on: string): MustPay | null {
  const now = rateInForceAmong(rates, area, on);
  if (!now) return null;
  let next: RateStep | null = null;
  for (const r of rates)
    if (
      r.rateArea === area &&
      r.implementBy &&
      r.announcedOn <= on &&
      r.implementBy > on &&
      (!next || r.announcedOn > next.announcedOn)
    )
      next = r;
  return {
    ratePence: now.ratePence,
    rateArea: area,
    since: now.implementBy ?? now.announcedOn,
    next: next?.implementBy ? { ratePence: next.ratePence, from: next.implementBy } : null,
  };
}

/** The rate in force on the day a status began, for a sentence such as "pledged on 9 June 2010, when it was £7.85". */
export interface RateThen {
  ratePence: number;
  rateArea: RateArea;
  on: string;
}

/** The rate in force in `area` on `on`, among `rates`, as a RateThen; null before the area's first rate. */
export function rateThenAmong(rates: readonly RateStep[], area: RateArea, on: string): RateThen | null {
  const r = rateInForceAmong(rates, area, on);
  return r ? { ratePence: r.ratePence, rateArea: area, on } : null;
}

/** The amounts an employer's verdict states: what it must pay now if accredited, and the rate when its status began. */
export interface PayFacts {
  mustPay: MustPay | null;
  rateThen: RateThen | null;
}

/** The amounts for an employer with `status` since `since` in `area`, on `asOf`. */
export function payFactsAmong(
  rates: readonly RateStep[],
  status: string | null,
  since: string | null,
  area: RateArea | null,
  asOf: string,
): PayFacts {
  if (!area || !since) return { mustPay: null, rateThen: null };
  return {
    mustPay: status === "accredited" ? mustPayAmong(rates, area, asOf) : null,
    rateThen: rateThenAmong(rates, area, since),
  };
}
