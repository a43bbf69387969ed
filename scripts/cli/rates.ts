/** `lwd rates list | add`: the living-wage rate history, and publishing a new rate. */
import { addRate, formatPence, listRates } from "../../db/domain/rates.ts";
import { addMonths } from "../../db/seed/seed.ts";
import { firstIssue, InputError, UsageError } from "../../db/errors.ts";
import { LIVING_WAGE_NAMES } from "../../db/labels.ts";
import { isoDate, poundsToPence } from "../../db/validation.ts";
import { dbFor, dbToRead, printJson, say, table, writerFor, type GlobalOptions } from "./context.ts";

export function ratesList(options: GlobalOptions & { area?: string }): void {
  if (options.area !== undefined && options.area !== "london" && options.area !== "uk")
    throw new UsageError("--area must be london or uk");
  const rates = listRates(dbToRead(options), options.area as "london" | "uk" | undefined);
  if (options.json) return printJson(rates);
  process.stdout.write(
    `${table([["area", "rate", "announced", "implement by", "source"], ...rates.map((r) => [r.rateArea, formatPence(r.ratePence), r.announcedPrecision === "day" ? r.announcedOn : r.announcedOn.slice(0, r.announcedPrecision === "month" ? 7 : 4), r.implementBy ?? "-", r.sourceUrl])])}\n`,
  );
}

export interface RatesAddOptions extends GlobalOptions {
  area?: string;
  rate?: string;
  announced?: string;
  implementBy?: string;
  source?: string;
  note?: string;
}

/** Publishes a new rate (staff only); implement-by defaults to six months after the announcement. */
export function ratesAdd(options: RatesAddOptions): void {
  const missing = [
    !options.area && "--area",
    !options.rate && "--rate",
    !options.announced && "--announced",
    !options.source && "--source",
  ].filter(Boolean);
  if (missing.length) throw new UsageError(`rates add needs ${missing.join(", ")}`);
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
  );
  if (options.json) return printJson(rate);
  say(
    `Added the ${LIVING_WAGE_NAMES[rate.rateArea]} of ${formatPence(rate.ratePence)}, announced ${rate.announcedOn}, to be paid by ${rate.implementBy}. \`lwd behind --as-of ${rate.implementBy}\` shows who has not moved to it by then.`,
  );
}
