/** `lwd figures` and `lwd behind`: the headline figures and who is behind, on any date. */
import { behindAsOf, citationSentence, figuresAsOf } from "../db/domain/status.ts";
import { formatPence } from "../db/domain/rates.ts";
import { isoDate, todayIso } from "../db/validation.ts";
import { InputError } from "../db/errors.ts";
import { dbFor, printJson, say, table, type GlobalOptions } from "./context.ts";

/** Reads --as-of: a real date, default today. */
export function asOfDate(value: string | undefined): string {
  if (value === undefined) return todayIso();
  const parsed = isoDate.safeParse(value);
  if (!parsed.success) throw new InputError([{ field: "as-of", message: `"${value}" ${parsed.error.issues[0]!.message}` }]);
  return parsed.data;
}

export function figures(options: GlobalOptions & { asOf?: string }): void {
  const asOf = asOfDate(options.asOf);
  const f = figuresAsOf(dbFor(options), asOf);
  if (options.json) return printJson(f);
  const rows = [
    ["as of", f.asOf],
    ["accredited employers", String(f.accreditedEmployers)],
    ["pledged employers (not yet accredited)", String(f.pledgedEmployers)],
    ["lapsed / revoked / withdrawn", `${f.lapsedEmployers} / ${f.revokedEmployers} / ${f.withdrawnEmployers}`],
    ["workers covered", `${f.workersCovered} (figures known for ${f.accreditedWithWorkerFigures} of ${f.accreditedEmployers} accredited employers)`],
    ["workers given a pay rise", String(f.workersUplifted)],
  ];
  const lines = [table(rows), "", "accredited employers by sector:"];
  for (const s of f.bySector.filter((b) => b.accreditedEmployers > 0)) lines.push(`  ${String(s.accreditedEmployers).padStart(6)}  ${s.name}`);
  lines.push("accredited employers by area:");
  for (const a of f.byArea.filter((b) => b.accreditedEmployers > 0)) lines.push(`  ${String(a.accreditedEmployers).padStart(6)}  ${a.name}`);
  lines.push("", citationSentence(f));
  process.stdout.write(`${lines.join("\n")}\n`);
}

export function behind(options: GlobalOptions & { asOf?: string }): void {
  const asOf = asOfDate(options.asOf);
  const list = behindAsOf(dbFor(options), asOf);
  if (options.json) return printJson({ asOf, behind: list });
  if (!list.length) return say(`As of ${asOf}, no accredited employer is behind on the living wage.`);
  say(`As of ${asOf}, ${list.length} accredited employer(s) have no recorded move to the rate now due:`);
  process.stdout.write(
    `${table([["slug", "rate area", "due", "by", "latest recorded"], ...list.map((b) => [b.slug, b.rateArea, formatPence(b.dueRatePence), b.implementBy, b.latestRatePence ? formatPence(b.latestRatePence) : "none"])])}\n`,
  );
}
