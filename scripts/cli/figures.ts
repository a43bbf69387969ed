/**
 * `lwd figures`, `lwd behind` and `lwd stale`: the headline figures, who is behind and whose evidence is old, on
 * any date.
 */
import { areasOf, behindAsOf, citationSentence, figuresAsOf, type SqliteDb } from "../../db/domain/status.ts";
import { EVIDENCE_FRESH_YEARS, formatDate, isRealIsoDate, periodBefore, todayIso, type Period } from "../../db/dates.ts";
import type { Scheme } from "../../db/enums.ts";
import { plural, SCHEME_LABELS, sourceHost } from "../../db/labels.ts";
import { firstIssue, InputError } from "../../db/errors.ts";
import { databasePath, openForReading } from "../../db/sqlite.ts";
import { printJson, say, table, type GlobalOptions } from "./common.ts";

/**
 * Reads --as-of: a real date, default today. Anything else (spaces, a mistake) goes through the shared validation,
 * which gives the error messages, but loads zod.
 */
export async function asOfDate(value: string | undefined): Promise<string> {
  if (value === undefined) return todayIso();
  if (isRealIsoDate(value)) return value;
  const { isoDate } = await import("../../db/validation.ts");
  const parsed = isoDate.safeParse(value);
  if (!parsed.success) throw new InputError([{ field: "as-of", message: `"${value}" ${firstIssue(parsed.error)}` }]);
  return parsed.data;
}

/** The database for a read, opened read-only without the ORM (most of the start-up time was loading drizzle). */
function databaseToRead(options: GlobalOptions): SqliteDb {
  return { $client: openForReading(databasePath(options.db)) };
}

/** Reads --area: an area's code or name, as the importer reads one, with the closest known area when it is neither. */
async function areaCode(db: SqliteDb, value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const { isProblem, resolveLookup } = await import("../../db/domain/lookups.ts");
  const area = resolveLookup(areasOf(db), value, "area", "area");
  if (isProblem(area)) throw new InputError([area]);
  return area.code;
}

export async function figures(
  options: GlobalOptions & { asOf?: string; area?: string; scheme?: Scheme },
): Promise<void> {
  const asOf = await asOfDate(options.asOf);
  const db = databaseToRead(options);
  const f = figuresAsOf(db, asOf, { area: await areaCode(db, options.area), scheme: options.scheme });
  if (options.json) return printJson(f);
  const rows = [
    ["as of", f.asOf],
    ["scheme", SCHEME_LABELS[f.scheme]],
    ...(f.area ? [["area", `${f.area.name} (${f.area.code})`]] : []),
    ["accredited employers", String(f.accreditedEmployers)],
    ["pledged employers (not yet accredited)", String(f.pledgedEmployers)],
    ["lapsed / revoked / withdrawn", `${f.lapsedEmployers} / ${f.revokedEmployers} / ${f.withdrawnEmployers}`],
    [
      "workers covered",
      f.workersCovered === null
        ? String(f.workersCoveredReason)
        : `${f.workersCovered} (figures known for ${f.accreditedWithWorkerFigures} of ${f.accreditedEmployers} accredited employers)`,
    ],
    [
      "workers given a pay rise",
      f.workersUplifted === null ? String(f.workersUpliftedReason) : String(f.workersUplifted),
    ],
  ];
  const lines = [table(rows), "", "accredited employers by sector:"];
  for (const s of f.bySector.filter((b) => b.accreditedEmployers > 0))
    lines.push(`  ${String(s.accreditedEmployers).padStart(6)}  ${s.name}`);
  lines.push("accredited employers by area:");
  for (const a of f.byArea.filter((b) => b.accreditedEmployers > 0))
    lines.push(`  ${String(a.accreditedEmployers).padStart(6)}  ${a.name}`);
  lines.push("employers by scheme (accredited / pledged / lapsed, revoked or withdrawn):");
  for (const c of f.byScheme)
    lines.push(
      `  ${String(c.accreditedEmployers).padStart(6)} / ${c.pledgedEmployers} / ${c.lapsedEmployers + c.revokedEmployers + c.withdrawnEmployers}  ${c.name}`,
    );
  lines.push("", citationSentence(f));
  process.stdout.write(`${lines.join("\n")}\n`);
}

export async function behind(options: GlobalOptions & { asOf?: string }): Promise<void> {
  const asOf = await asOfDate(options.asOf);
  const list = behindAsOf(databaseToRead(options), asOf);
  if (options.json) return printJson({ asOf, behind: list });
  if (!list.length) return say(`As of ${formatDate(asOf)}, no accredited employer is behind on the living wage.`);
  const { formatPence } = await import("../../db/domain/rates.ts");
  say(`As of ${formatDate(asOf)}, ${plural(list.length, "accredited employer has", "accredited employers have")} no recorded move to the rate now due:`);
  process.stdout.write(
    `${table([["slug", "rate area", "due", "by", "latest recorded"], ...list.map((b) => [b.slug, b.rateArea, formatPence(b.dueRatePence), b.implementBy, b.latestRatePence ? formatPence(b.latestRatePence) : "none"])])}\n`,
  );
}

/** Reads --older-than: a whole number of years, months or days (2y, 18m, 90d). */
export function olderThan(value: string | undefined): Period {
  if (value === undefined) return { amount: EVIDENCE_FRESH_YEARS, unit: "y" };
  const m = /^\s*(\d{1,3})\s*([ymd])\s*$/i.exec(value);
  if (!m?.[1] || !m[2] || Number(m[1]) === 0)
    throw new InputError([
      {
        field: "older-than",
        message: `"${value}" is not a length of time; write a whole number of years, months or days, such as 2y, 18m or 90d`,
      },
    ]);
  return { amount: Number(m[1]), unit: m[2].toLowerCase() as Period["unit"] };
}

export async function stale(options: GlobalOptions & { asOf?: string; olderThan?: string }): Promise<void> {
  const asOf = await asOfDate(options.asOf);
  const period = olderThan(options.olderThan);
  const before = periodBefore(asOf, period);
  const { staleEmployers } = await import("../../db/domain/freshness.ts");
  const list = staleEmployers(databaseToRead(options), asOf, before);
  if (options.json) return printJson({ asOf, evidenceBefore: before, employers: list });
  if (!list.length) return say(`As of ${formatDate(asOf)}, every employer has evidence dated ${formatDate(before)} or later.`);
  say(
    `As of ${formatDate(asOf)}, ${plural(list.length, "employer has", "employers have")} no evidence dated ${formatDate(before)} or later; oldest first:`,
  );
  process.stdout.write(
    `${table([
      ["latest evidence", "slug", "status", "source"],
      ...list.map((e) => [e.latestEvidenceOn, e.slug, e.status ?? "none", sourceHost(e.latestEvidenceUrl)]),
    ])}\n`,
  );
}
