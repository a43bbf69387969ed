/** `lwd rates list | add | correct | retract`: the living-wage rate history, publishing a new rate, and corrections. */
import { addRate, correctRate, formatPence, listRates, retractRate, type Rate } from "../../db/domain/rates.ts";
import { addMonths } from "../../db/seed/seed.ts";
import { firstIssue, InputError, UsageError } from "../../db/errors.ts";
import { LIVING_WAGE_NAMES } from "../../db/labels.ts";
import { unusualRate } from "../../db/rate-floor.ts";
import { isoDate, poundsToPence, todayIso } from "../../db/validation.ts";
import { dbFor, dbToRead, printJson, say, table, writerFor, type GlobalOptions } from "./context.ts";

/** A rate's announcement as precisely as the source gives it: 2011, 2011-11 or 2011-11-07. */
const announced = (r: Rate) =>
  r.announcedPrecision === "day" ? r.announcedOn : r.announcedOn.slice(0, r.announcedPrecision === "month" ? 7 : 4);

/** Every rate with its id, newest first; retracted ones are listed too, marked, since they are kept. */
export function ratesList(options: GlobalOptions & { area?: string }): void {
  if (options.area !== undefined && options.area !== "london" && options.area !== "uk")
    throw new UsageError("--area must be london or uk");
  const rates = listRates(dbToRead(options), options.area as "london" | "uk" | undefined, { withRetracted: true });
  if (options.json) return printJson(rates);
  process.stdout.write(
    `${table([["id", "area", "rate", "announced", "implement by", "source"], ...rates.map((r) => [String(r.id), r.rateArea, r.retractedAt ? `${formatPence(r.ratePence)} (retracted ${r.retractedAt.slice(0, 10)})` : formatPence(r.ratePence), announced(r), r.implementBy ?? "-", r.sourceUrl])])}\n`,
  );
}

export interface RatesAddOptions extends GlobalOptions {
  area?: string;
  rate?: string;
  announced?: string;
  implementBy?: string;
  source?: string;
  note?: string;
  confirmUnusual?: boolean;
}

/**
 * An amount that looks like a typing mistake (£1.00 for £14.80) is told before any missing flag: it is the mistake
 * that matters, and `rates add --area london --rate 1.00` must not read as a mere usage slip.
 */
function refuseUnusualAmount(options: RatesAddOptions): void {
  const area = options.area?.toLowerCase();
  const pence = poundsToPence.safeParse(options.rate ?? "");
  if (options.confirmUnusual || (area !== "london" && area !== "uk") || !pence.success) return;
  const announcedOn = isoDate.safeParse(options.announced ?? todayIso());
  if (!announcedOn.success) return;
  const problem = unusualRate(listRates(dbFor(options), area), area, announcedOn.data, pence.data);
  if (problem) throw new InputError([{ field: "rate", message: problem }]);
}

/** Publishes a new rate (staff only); implement-by defaults to six months after the announcement. */
export function ratesAdd(options: RatesAddOptions): void {
  const missing = [
    !options.area && "--area",
    !options.rate && "--rate",
    !options.announced && "--announced",
    !options.source && "--source",
  ].filter(Boolean);
  if (missing.length) {
    refuseUnusualAmount(options);
    throw new UsageError(`rates add needs ${missing.join(", ")}`);
  }
  const pence = poundsToPence.safeParse(options.rate);
  if (!pence.success)
    throw new InputError([{ field: "rate", message: `"${options.rate}" ${firstIssue(pence.error)}` }]);
  const announced = isoDate.safeParse(options.announced);
  const implementBy = options.implementBy ?? (announced.success ? addMonths(announced.data, 6) : undefined);
  const db = dbFor(options);
  const actor = writerFor(db, options, { staff: true, action: "add rates" });
  const rate = addRate(
    db,
    {
      rateArea: options.area?.toLowerCase(),
      ratePence: pence.data,
      announcedOn: options.announced,
      implementBy,
      sourceUrl: options.source,
      note: options.note,
    },
    actor,
    { confirmUnusual: options.confirmUnusual },
  );
  if (options.json) return printJson(rate);
  say(
    `Added the ${LIVING_WAGE_NAMES[rate.rateArea]} of ${formatPence(rate.ratePence)}, announced ${rate.announcedOn}, to be paid by ${rate.implementBy}. \`lwd behind --as-of ${rate.implementBy}\` shows who has not moved to it by then.`,
  );
}

/** A rate id from the command line: digits only, else a usage error. */
function rateId(id: string, command: string): number {
  if (!/^\d+$/.test(id.trim()))
    throw new UsageError(`${command} takes a rate id (a number), not "${id}"; \`lwd rates list\` shows them`);
  return Number(id);
}

/** Corrects a published rate in place (staff only, with --why); checked as a new rate is, plausibility included. */
export function ratesCorrect(id: string, options: RatesAddOptions & { why?: string }): void {
  const rateNumber = rateId(id, "rates correct");
  const changes = [options.area, options.rate, options.announced, options.implementBy, options.source, options.note];
  if (changes.every((v) => v === undefined))
    throw new UsageError(
      "rates correct needs at least one change: --area, --rate, --announced, --implement-by, --source or --note",
    );
  if (!options.why?.trim())
    throw new UsageError('rates correct needs --why "…": the reason is published with the correction');
  let ratePence: number | undefined;
  if (options.rate !== undefined) {
    const pence = poundsToPence.safeParse(options.rate);
    if (!pence.success)
      throw new InputError([{ field: "rate", message: `"${options.rate}" ${firstIssue(pence.error)}` }]);
    ratePence = pence.data;
  }
  const db = dbFor(options);
  const actor = writerFor(db, options, { staff: true, action: "correct rates" });
  const result = correctRate(
    db,
    rateNumber,
    {
      rateArea: options.area?.toLowerCase(),
      ratePence,
      announcedOn: options.announced,
      implementBy: options.implementBy === "" ? null : options.implementBy,
      sourceUrl: options.source,
      note: options.note === "" ? null : options.note,
    },
    options.why,
    actor,
    { confirmUnusual: options.confirmUnusual },
  );
  if (options.json) return printJson(result.rate);
  say(`Corrected rate ${result.rate.id}: ${result.changed.join(", ")}. The reason is published with it.`);
}

/** Retracts a published rate (staff only, with --why): it stops counting but is kept, marked, with the reason. */
export function ratesRetract(id: string, options: GlobalOptions & { why?: string }): void {
  const rateNumber = rateId(id, "rates retract");
  if (!options.why?.trim())
    throw new UsageError('rates retract needs --why "…": the reason is published with the retraction');
  const db = dbFor(options);
  const actor = writerFor(db, options, { staff: true, action: "retract rates" });
  const rate = retractRate(db, rateNumber, options.why, actor);
  if (options.json) return printJson(rate);
  say(
    `Retracted rate ${rate.id} (${LIVING_WAGE_NAMES[rate.rateArea]} of ${formatPence(rate.ratePence)}, announced ${rate.announcedOn}): it no longer counts.`,
  );
}
