/** `lwd rates list`: the living-wage rate history. */
import { listRates } from "../db/domain/rates.ts";
import { formatPence } from "../db/domain/rates.ts";
import { dbFor, printJson, table, type GlobalOptions } from "./context.ts";
import { UsageError } from "../db/errors.ts";

export function ratesList(options: GlobalOptions & { area?: string }): void {
  if (options.area !== undefined && options.area !== "london" && options.area !== "uk") throw new UsageError("--area must be london or uk");
  const rates = listRates(dbFor(options), options.area as "london" | "uk" | undefined);
  if (options.json) return printJson(rates);
  process.stdout.write(
    `${table([["area", "rate", "announced", "implement by", "source"], ...rates.map((r) => [r.rateArea, formatPence(r.ratePence), r.announcedPrecision === "day" ? r.announcedOn : r.announcedOn.slice(0, r.announcedPrecision === "month" ? 7 : 4), r.implementBy ?? "-", r.sourceUrl])])}\n`,
  );
}
