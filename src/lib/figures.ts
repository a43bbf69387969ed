/**
 * The figures pages' queries: headline figures on a date with their citations, the year-end dates that have
 * stable pages, the growth series and the tables behind the charts. Pages call these and hold no SQL.
 */
import type { Db } from "../../db/client.ts";
import {
  citationSentence,
  figuresAsOf,
  monthlySeries,
  type Breakdown,
  type Figures,
  type SeriesPoint,
} from "../../db/domain/status.ts";
import { BUILD_AS_OF, BUILT_AT, DATA_LICENCE, SITE_NAME } from "./config";
import { siteDb } from "./db";
import { firstEventDate } from "../../db/domain/published.ts";
import { formatDate } from "./format";
import { toCsv } from "./publish";

const figuresMemo = new WeakMap<Db, Map<string, Figures>>();
const seriesMemo = new WeakMap<Db, Map<string, SeriesPoint[]>>();

/** A value computed once per database and key (pages and their CSVs ask for the same figures). */
function memoised<T>(memo: WeakMap<Db, Map<string, T>>, db: Db, key: string, compute: () => T): T {
  let byKey = memo.get(db);
  if (!byKey) memo.set(db, (byKey = new Map()));
  let value = byKey.get(key);
  if (value === undefined) byKey.set(key, (value = compute()));
  return value;
}

/** The headline figures on `asOf` (of one area's employers, given its code), computed once per build and date. */
export function figuresOn(asOf: string, db: Db = siteDb(), area?: string): Figures {
  return memoised(figuresMemo, db, `${asOf} ${area ?? ""}`, () => figuresAsOf(db, asOf, { area }));
}

/** Accredited and pledged employers at each month end up to `asOf` (in one area, given its code). */
export function seriesUntil(asOf: string, db: Db = siteDb(), area?: string): SeriesPoint[] {
  return memoised(seriesMemo, db, `${asOf} ${area ?? ""}`, () => monthlySeries(db, asOf, { area }));
}

/**
 * Years with a year-end page: from the year of the first event to the last complete year before `asOf`; none on an
 * empty directory. Their addresses never change, so a page is made only for a year the data speaks of.
 */
export function figureYears(asOf: string = BUILD_AS_OF, db: Db = siteDb()): number[] {
  const first = firstEventDate(db);
  if (!first) return [];
  const start = Number(first.slice(0, 4));
  const year = Number(asOf.slice(0, 4));
  const lastComplete = asOf.slice(5) === "12-31" ? year : year - 1;
  const years: number[] = [];
  for (let y = start; y <= lastComplete; y++) years.push(y);
  return years;
}

/** The date a year-end page is computed for. */
export const yearEnd = (year: number): string => `${year}-12-31`;

/** The command that reproduces the figures on `asOf` (of one area, given its code). */
export const reproduceCommand = (asOf: string, area?: string): string =>
  `npx lwd figures --as-of ${asOf}${area ? ` --area ${area}` : ""} --json`;

export interface Headline {
  /** The figure's anchor on the page: its permalink is the page URL plus #id. */
  id: string;
  label: string;
  /** Null when there is no data behind the figure: the page shows `reason` instead and offers no citation. */
  value: number | null;
  reason: string | null;
  /** What exactly is counted, in one sentence. */
  explains: string;
}

export interface Citation {
  short: string;
  full: string;
  permalink: string;
}

export interface BreakdownRow {
  code: string;
  name: string;
  accreditedEmployers: number;
}

/** Everything a figures page shows for one date. */
export interface FiguresReport {
  asOf: string;
  figures: Figures;
  headlines: Headline[];
  sentence: string;
  command: string;
  /** Breakdowns with every category, zero or not (tables, CSVs). */
  bySector: BreakdownRow[];
  byArea: BreakdownRow[];
  /** Size bands plus a row for accredited employers whose size is not recorded. */
  bySize: BreakdownRow[];
  series: SeriesPoint[];
  cite: (label: string, anchor: string) => Citation;
}

const n = (value: number) => value.toLocaleString("en-GB");

/** The size breakdown with the accredited employers of unknown size made visible, so the rows add up. */
export function sizeRows(f: Figures): BreakdownRow[] {
  const known = f.bySize.reduce((sum, b) => sum + b.accreditedEmployers, 0);
  return [
    ...f.bySize,
    { code: "unknown", name: "Size not recorded", accreditedEmployers: f.accreditedEmployers - known },
  ];
}

/**
 * The figures on `asOf` for the page at `pageUrl` (absolute): headline figures with their anchors, the breakdowns,
 * the growth series and the way to cite and reproduce each; given an area's code, of that area's employers only.
 */
export function figuresReport(asOf: string, pageUrl: URL | string, db: Db = siteDb(), area?: string): FiguresReport {
  const f = figuresOn(asOf, db, area);
  const page = new URL(pageUrl);
  // Cited by the year it was published, as any data set is.
  const year = BUILT_AT.slice(0, 4);
  const headlines: Headline[] = [
    {
      id: "accredited-employers",
      label: "Accredited employers",
      value: f.accreditedEmployers,
      reason: null,
      explains: "Employers whose latest status event on or before this date is an accreditation or a reinstatement.",
    },
    {
      id: "pledged-employers",
      label: "Pledged employers, not yet accredited",
      value: f.pledgedEmployers,
      reason: null,
      explains: "Employers whose latest status event on or before this date is a pledge.",
    },
    {
      id: "workers-covered",
      label: "Workers covered",
      value: f.workersCovered,
      reason: f.workersCoveredReason,
      explains: `The sum, over accredited employers, of each one's latest known workers-covered figure; ${n(f.accreditedWithWorkerFigures)} of the ${n(f.accreditedEmployers)} accredited employers have one.`,
    },
    {
      id: "workers-uplifted",
      label: "Workers given a pay rise",
      value: f.workersUplifted,
      reason: f.workersUpliftedReason,
      explains:
        "The sum, over accredited employers, of each one's latest known figure for workers who got a pay rise; employers without a figure add none.",
    },
  ];
  return {
    asOf,
    figures: f,
    headlines,
    sentence: citationSentence(f),
    command: reproduceCommand(asOf, area),
    bySector: f.bySector,
    byArea: f.byArea,
    bySize: sizeRows(f),
    series: seriesUntil(asOf, db, area),
    cite(label, anchor) {
      const permalink = new URL(`#${anchor}`, page).href;
      return {
        short: `${SITE_NAME} (${year})`,
        full: `${SITE_NAME} (${year}). “${label}${f.area ? `, ${f.area.name}` : ""}”, as of ${formatDate(asOf)} [data set, ${DATA_LICENCE.shortName}]. ${permalink}`,
        permalink,
      };
    },
  };
}

/** The year-end figures in a table for the index page: one row per year with a page. */
export function yearEndRows(
  asOf: string = BUILD_AS_OF,
  db: Db = siteDb(),
): { year: number; accreditedEmployers: number; pledgedEmployers: number }[] {
  return figureYears(asOf, db).map((year) => {
    const f = figuresOn(yearEnd(year), db);
    return { year, accreditedEmployers: f.accreditedEmployers, pledgedEmployers: f.pledgedEmployers };
  });
}

/** The CSV behind the growth chart: accredited and pledged employers at each month end. */
export function seriesCsv(series: SeriesPoint[]): string {
  const monthEnd = (month: string) => {
    const [y, m] = month.split("-").map(Number) as [number, number];
    return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  };
  return toCsv(
    ["month", "month_end", "accredited_employers", "pledged_employers"],
    series.map((p) => [p.month, monthEnd(p.month), p.accreditedEmployers, p.pledgedEmployers]),
  );
}

/** The CSV behind a breakdown chart: every category, with the date it is counted on. */
export function breakdownCsv(rows: Breakdown[], asOf: string): string {
  return toCsv(
    ["code", "name", "accredited_employers", "as_of"],
    rows.map((r) => [r.code, r.name, r.accreditedEmployers, asOf]),
  );
}

/** The machine-readable files beside each figures page: the charts' CSVs and the figures as `lwd figures --json` prints them. */
export const FIGURES_FILES = ["series.csv", "by-sector.csv", "by-area.csv", "by-size.csv", "figures.json"] as const;
export type FiguresFile = (typeof FIGURES_FILES)[number];

const CSV_HEADERS = { "Content-Type": "text/csv; charset=utf-8" };

/** The CSV behind an area page's growth chart: the area's accredited and pledged employers at each month end. */
export function areaSeriesFile(asOf: string, area: string, db: Db = siteDb()): Response {
  return new Response(seriesCsv(seriesUntil(asOf, db, area)), { headers: CSV_HEADERS });
}

/** One of FIGURES_FILES for the figures on `asOf`. */
export function figuresFile(asOf: string, file: FiguresFile, db: Db = siteDb()): Response {
  const f = figuresOn(asOf, db);
  const csv = (body: string) => new Response(body, { headers: CSV_HEADERS });
  switch (file) {
    case "series.csv":
      return csv(seriesCsv(seriesUntil(asOf, db)));
    case "by-sector.csv":
      return csv(breakdownCsv(f.bySector, asOf));
    case "by-area.csv":
      return csv(breakdownCsv(f.byArea, asOf));
    case "by-size.csv":
      return csv(breakdownCsv(sizeRows(f), asOf));
    case "figures.json":
      return new Response(`${JSON.stringify(f, null, 2)}\n`, { headers: { "Content-Type": "application/json" } });
  }
}

/** schema.org Dataset for a figures page: what it measures, on which date, and its files. */
export function figuresJsonLd(report: FiguresReport, pageUrl: URL | string, filesBase: URL | string): object {
  const files = new URL(filesBase);
  return {
    "@context": "https://schema.org",
    "@type": "Dataset",
    name: `${SITE_NAME}: headline figures as of ${formatDate(report.asOf)}`,
    description: report.sentence,
    url: new URL(pageUrl).href,
    license: DATA_LICENCE.url,
    isAccessibleForFree: true,
    temporalCoverage: report.asOf,
    creator: { "@type": "Organization", name: SITE_NAME },
    variableMeasured: report.headlines.map((h) => h.label),
    distribution: FIGURES_FILES.map((file) => ({
      "@type": "DataDownload",
      encodingFormat: file.endsWith(".json") ? "application/json" : "text/csv",
      contentUrl: new URL(file, files).href,
    })),
  };
}
