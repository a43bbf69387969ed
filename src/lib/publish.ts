/**
 * What the site publishes as data: the public columns of every table (and the data dictionary generated from
 * the schema), the downloadable files, the per-employer JSON twins, the public SQLite copy, the feed and the
 * changelog. Everything a reader can download is decided here, so nothing private leaks by accident.
 */
import { stringify } from "csv-stringify/sync";
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.ts";
import { slugRedirects, type EmployerEvent, type EmployerRecord } from "../../db/domain/employers.ts";
import { neutraliseCell } from "../../db/spreadsheet.ts";
import type { EventKind, RateArea, Status } from "../../db/enums.ts";
import { latestEvents, type LatestEvent } from "../../db/domain/events.ts";
import { copyPublishedTables, eventCsvRows, eventsOfEmployers, rateCsvRows } from "../../db/domain/published.ts";
import type { SchemeStatus } from "../../db/domain/status.ts";
import { isEvidenceOld } from "../../db/dates.ts";
import {
  COMMITMENT_HEADLINES,
  correctionText,
  EVENT_LABELS,
  EVENT_NOUNS,
  LIVING_WAGE_NAMES,
  plural,
} from "../../db/labels.ts";
import type { ChangelogCorrection } from "../../db/domain/corrections.ts";
import { formatDate } from "./format.ts";
import { listRates } from "../../db/domain/rates.ts";
import { formatPence, payFactsAmong, type MustPay, type RateStep, type RateThen } from "../../db/rate-floor.ts";
import * as schema from "../../db/schema.ts";

// ---------------------------------------------------------------------------------------------------------------
// Spreadsheet safety

/** CSV text with every cell neutralised; the header row can be left out for a later batch of the same file. */
export function toCsv(
  header: readonly string[],
  rows: readonly unknown[][],
  options: { withHeader?: boolean } = {},
): string {
  const body = rows.map((r) => r.map(neutraliseCell));
  return stringify(options.withHeader === false ? body : [header as string[], ...body]);
}

// ---------------------------------------------------------------------------------------------------------------
// Public columns and the data dictionary

/** What each published column means. A column is published only when it is described here. */
export const COLUMN_MEANINGS: Record<string, Record<string, string>> = {
  employers: {
    id: "Row number of the employer in this database; use slug for links, it never changes.",
    slug: "Stable identifier used in the employer's web address (/employers/SLUG/); never reused.",
    name: "The employer's name as it trades.",
    companies_house_number: "Companies House registration number, where the employer is a registered company.",
    sector_code: "Industry sector (UK SIC 2007 section letter).",
    size_code: "Size band by number of employees; empty when unknown.",
    area_code: "Where the employer is based: a London borough, or a UK region or nation (ONS code).",
    website: "The employer's own website.",
    created_at: "When the record was first added (UTC).",
    updated_at: "When the record or its history last changed (UTC).",
  },
  employer_names: {
    id: "Row number.",
    employer_id: "The employer (employers.id) this name belongs to.",
    name: "A former, trading or other name of the employer, for search.",
  },
  slug_redirects: {
    old_slug: "A slug that used to identify an employer (before a rename or merge); its old address redirects.",
    employer_id: "The employer (employers.id) the old slug now leads to.",
    created_at: "When the redirect was made (UTC).",
  },
  commitment_events: {
    id: "Row number of the event. A correction changes the event in place and is listed in corrections.",
    employer_id: "The employer (employers.id) the event belongs to.",
    event:
      "What happened: pledged, accredited, rate_implemented (moved to a new rate; changes no status), lapsed, revoked, withdrawn, reinstated or verified (staff re-confirmed the commitment from a source; changes no status).",
    scheme:
      "The Living Wage Foundation scheme: living_wage (accreditation), living_hours, living_pension or service_provider (a Recognised Service Provider; accredited means recognised).",
    effective_on: "The date the event took effect (YYYY-MM-DD).",
    rate_area: "Which living wage applies: london (London Living Wage) or uk (UK Living Wage).",
    rate_pence: "For rate_implemented: the hourly rate the employer moved to, in pence.",
    workers_covered: "Workers covered by the commitment, where the source gives it.",
    workers_uplifted: "Workers who got a pay rise because of it, where the source gives it.",
    source_url: "Public evidence for the event; every event has one.",
    note: "What the source says, in brief.",
    reason: "Why a commitment ended (required for lapsed, revoked and withdrawn).",
    recorded_by: "Who recorded the event (contributors.id); named only when the contributor chose to be credited.",
    recorded_at: "When the event was recorded in the directory (UTC).",
    retracted_at:
      "When staff retracted the event (UTC): it no longer counts for any status or figure, but stays in every download (events.csv, employers.json, each employer's .json) so the record is complete; empty while it stands. See corrections.",
  },
  living_wage_rates: {
    id: "Row number.",
    rate_area: "london (London Living Wage) or uk (UK Living Wage; the Living Wage outside London).",
    rate_pence: "The hourly rate in pence.",
    announced_on:
      "When the rate was announced: the first day of the period the source gives (see announced_precision).",
    announced_precision: "How exact announced_on is: day, month or year.",
    implement_by: "The date by which accredited employers must pay the rate; empty before the six-month rule (2011).",
    source_url: "Public source for the rate.",
    note: "What the source says, in brief.",
    retracted_at: "When staff retracted the rate (UTC): it no longer counts; empty while it stands. See corrections.",
  },
  services: { code: "Service code.", name: "The service an employer sells, e.g. Cleaning." },
  employer_services: {
    employer_id: "The employer (employers.id).",
    service_code: "A service (services.code) the employer sells.",
  },
  corrections: {
    id: "Row number.",
    subject: "What was corrected: event (commitment_events) or rate (living_wage_rates).",
    subject_id: "The row corrected: commitment_events.id or living_wage_rates.id.",
    kind: "corrected (fields changed) or retracted (no longer counts; nothing is deleted).",
    why: "The reason staff gave for the correction.",
    contributor_id: "Who made the correction (contributors.id); named only when the contributor chose to be credited.",
    at: "When the correction was made (UTC).",
  },
  sectors: { code: "UK SIC 2007 section letter.", name: "Section title." },
  areas: {
    code: "ONS code of the London borough, English region, or UK nation.",
    name: "Name of the area.",
    kind: "london_borough, region or nation.",
    rate_area: "The living wage that applies there by default: london or uk.",
  },
  size_bands: {
    code: "Size band code.",
    name: "Description of the band.",
    min_employees: "Fewest employees in the band.",
    max_employees: "Most employees in the band; empty for the largest band.",
  },
  contributors: {
    id: "Row number, referred to by commitment_events.recorded_by.",
    handle: "The contributor's handle if they chose to be credited; otherwise contributor-ID.",
    name: 'The contributor\'s name if they chose to be credited; otherwise "Uncredited contributor".',
    role: "campaigner or staff.",
    organisation: "The contributor's organisation if they chose to be credited.",
    is_credited: "1 when the contributor chose to be credited by name.",
  },
};

/** Kept in the SQLite download as it is, outside the dictionary: the migrations ledger, so `lwd` can open the file. */
export const BOOKKEEPING_TABLES = ["__drizzle_migrations"];

/** Schema columns kept out of every download on purpose: personal data and audit internals. */
export const PRIVATE_COLUMNS: Record<string, string[]> = {
  contributors: ["email", "created_at"],
  audit_log: ["id", "table_name", "row_id", "action", "before", "after", "contributor_id", "at", "why"],
};

const TABLES: SQLiteTable[] = [
  schema.employers,
  schema.employerNames,
  schema.slugRedirects,
  schema.commitmentEvents,
  schema.livingWageRates,
  schema.corrections,
  schema.sectors,
  schema.services,
  schema.employerServices,
  schema.areas,
  schema.sizeBands,
  schema.contributors,
  schema.auditLog,
];

export interface DictionaryColumn {
  name: string;
  meaning: string;
  type: string;
  required: boolean;
  allowedValues: string | null;
}
export interface DictionaryTable {
  name: string;
  columns: DictionaryColumn[];
}

/** Allowed values of a column: its enum, or the lookup table a foreign key points at. */
function allowedValues(table: SQLiteTable, column: SQLiteColumn): string | null {
  const values = (column as { enumValues?: readonly string[] }).enumValues;
  if (values?.length) return values.join(", ");
  for (const fk of getTableConfig(table).foreignKeys) {
    const ref = fk.reference();
    if (ref.columns.some((c) => c.name === column.name)) {
      const target = getTableConfig(ref.foreignTable).name;
      return `a value of ${target}.${ref.foreignColumns.map((c) => c.name).join(", ")}`;
    }
  }
  if (column.name === "is_credited") return "0 or 1";
  return null;
}

/** The data dictionary of the SQLite download, generated from db/schema.ts: only the published columns. */
export function dataDictionary(): DictionaryTable[] {
  return TABLES.map((table) => {
    const config = getTableConfig(table);
    const meanings = COLUMN_MEANINGS[config.name] ?? {};
    const columns = config.columns
      .flatMap((c) => {
        const meaning = meanings[c.name];
        return meaning === undefined ? [] : [{ column: c, meaning }];
      })
      .map(({ column: c, meaning }) => ({
        name: c.name,
        meaning,
        type:
          c.getSQLType() === "integer" && (c as { mode?: string }).mode === "boolean"
            ? "integer (0 or 1)"
            : c.getSQLType(),
        required: c.notNull,
        allowedValues: allowedValues(table, c),
      }));
    return { name: config.name, columns };
  }).filter((t) => t.columns.length > 0);
}

/** Every column of every table, as `table.column`, that is neither published nor kept private: a test keeps this empty. */
export function unclassifiedColumns(): string[] {
  const out: string[] = [];
  for (const table of TABLES) {
    const config = getTableConfig(table);
    for (const c of config.columns) {
      const isPublic = COLUMN_MEANINGS[config.name]?.[c.name] !== undefined;
      const isPrivate = PRIVATE_COLUMNS[config.name]?.includes(c.name) ?? false;
      if (isPublic === isPrivate) out.push(`${config.name}.${c.name}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Download files: their columns, documented once, and their rows

export interface FileColumn {
  name: string;
  meaning: string;
  /** The schema column this one copies, as table.column, for its type and allowed values. */
  from?: string;
  type?: string;
  allowedValues?: string;
}

const col = (name: string, from: string, meaning?: string): FileColumn => {
  const [table, column] = from.split(".") as [string, string];
  return { name, from, meaning: meaning ?? COLUMN_MEANINGS[table]?.[column] ?? "" };
};

/** The columns of employers.csv, in order: the documented header. */
export const EMPLOYER_CSV_COLUMNS: FileColumn[] = [
  col("slug", "employers.slug"),
  col("name", "employers.name"),
  { name: "other_names", meaning: 'Former and trading names, separated by "; ".', type: "text" },
  col("companies_house_number", "employers.companies_house_number"),
  col("sector_code", "employers.sector_code"),
  { name: "sector", meaning: "Sector name.", type: "text" },
  col("size_code", "employers.size_code"),
  { name: "size", meaning: "Size band description; empty when unknown.", type: "text" },
  col("area_code", "employers.area_code"),
  { name: "area", meaning: "Area name.", type: "text" },
  col("website", "employers.website"),
  {
    name: "status",
    meaning:
      "Status on status_as_of: the latest status event on or before that date (pledged, accredited, lapsed, revoked, withdrawn); empty when none yet.",
    type: "text",
    allowedValues: schema.STATUSES.join(", "),
  },
  { name: "status_since", meaning: "Effective date of the event that gave the status.", type: "text (YYYY-MM-DD)" },
  {
    name: "status_as_of",
    meaning: "The date the status is computed for (the build date of this file).",
    type: "text (YYYY-MM-DD)",
  },
  {
    name: "rate_area",
    meaning: "The living wage of the commitment that gave the status: london or uk.",
    type: "text",
    allowedValues: schema.RATE_AREAS.join(", "),
  },
  { name: "url", meaning: "The employer's page on this site.", type: "text (URL)" },
  col("created_at", "employers.created_at"),
  {
    name: "last_changed",
    meaning:
      "When a person last changed the record or any of its events (UTC); empty when nobody has since it was loaded from the published sources.",
    type: "text (timestamp)",
  },
];

/** The columns of events.csv, in order. */
export const EVENT_CSV_COLUMNS: FileColumn[] = [
  col("event_id", "commitment_events.id"),
  { name: "employer_slug", meaning: "The employer's slug (employers.slug).", type: "text" },
  { name: "employer_name", meaning: "The employer's name.", type: "text" },
  col("event", "commitment_events.event"),
  col("scheme", "commitment_events.scheme"),
  col("effective_on", "commitment_events.effective_on"),
  col("rate_area", "commitment_events.rate_area"),
  col("rate_pence", "commitment_events.rate_pence"),
  col("workers_covered", "commitment_events.workers_covered"),
  col("workers_uplifted", "commitment_events.workers_uplifted"),
  col("source_url", "commitment_events.source_url"),
  col("note", "commitment_events.note"),
  col("reason", "commitment_events.reason"),
  col("recorded_at", "commitment_events.recorded_at"),
  {
    name: "recorded_by",
    meaning: "The name of the contributor who recorded the event, when they chose to be credited; otherwise empty.",
    type: "text",
  },
  col("retracted_at", "commitment_events.retracted_at"),
];

/** The columns of rates.csv, in order. */
export const RATE_CSV_COLUMNS: FileColumn[] = [
  col("rate_area", "living_wage_rates.rate_area"),
  col("rate_pence", "living_wage_rates.rate_pence"),
  { name: "rate", meaning: "The hourly rate in pounds, such as £7.85.", type: "text" },
  col("announced_on", "living_wage_rates.announced_on"),
  col("announced_precision", "living_wage_rates.announced_precision"),
  col("implement_by", "living_wage_rates.implement_by"),
  col("source_url", "living_wage_rates.source_url"),
  col("note", "living_wage_rates.note"),
  col("retracted_at", "living_wage_rates.retracted_at"),
];

/** Type and allowed values of a file column, taken from the schema column it copies. */
export function describeFileColumns(columns: FileColumn[]): DictionaryColumn[] {
  const byTable = new Map(dataDictionary().map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c]))]));
  return columns.map((c) => {
    if (!c.from)
      return {
        name: c.name,
        meaning: c.meaning,
        type: c.type ?? "text",
        required: false,
        allowedValues: c.allowedValues ?? null,
      };
    const [table, column] = c.from.split(".") as [string, string];
    const source = byTable.get(table)?.get(column);
    if (!source) throw new Error(`${c.name} copies ${c.from}, which is not a published column`);
    return { ...source, name: c.name, meaning: c.meaning };
  });
}

/** An employer as the downloads and the JSON twin publish it. */
export interface PublishedEmployer {
  slug: string;
  /** The employer's page and JSON twin, from the site's root; absoluteUrls makes them full addresses. */
  path: string;
  jsonPath: string;
  name: string;
  otherNames: string[];
  companiesHouseNumber: string | null;
  sector: { code: string; name: string };
  size: { code: string; name: string } | null;
  area: { code: string; name: string };
  website: string | null;
  status: Status | null;
  statusSince: string | null;
  statusAsOf: string;
  rateArea: RateArea | null;
  /** The status in each scheme the employer has held on statusAsOf. */
  schemes: SchemeStatus[];
  /** The codes of the services it sells. */
  services: string[];
  /** The newest evidence on record on statusAsOf, and whether it is more than two years old then. */
  latestEvidence: { on: string; sourceUrl: string; isOld: boolean } | null;
  /** For an accredited employer: the hourly rate it must pay on statusAsOf, and the next one in an implementation window. */
  mustPay: MustPay | null;
  /** The rate in force in its rate area on statusSince. */
  rateThen: RateThen | null;
  createdAt: string;
  /** When a person last changed the record or its events; null when only the seed load wrote it. */
  lastChanged: string | null;
  formerSlugs: string[];
  events: PublishedEvent[];
}
/** A correction as the JSON twin publishes it beside its event: the reason, when, and the sentence the page shows. */
export interface PublishedCorrection {
  kind: "corrected" | "retracted";
  /** When it was made (UTC). */
  at: string;
  why: string;
  /** "corrected on 2 December 2026: the date was a typo", as the employer page says it. */
  text: string;
}

/**
 * An event as the downloads and the JSON twin publish it: every field but who recorded it. A retracted event is
 * published with its retractedAt (it no longer counts); `corrections` is there only for an event staff corrected or
 * retracted.
 */
export type PublishedEvent = Omit<EmployerEvent, "corrections"> & { corrections?: PublishedCorrection[] };

/** Rows per batch when a download is written a piece at a time. */
const BATCH = 2000;

/**
 * The employers listed by `listEmployers(db, asOf)`, each with its events and former slugs, as published: a batch
 * at a time, reading the events for each batch, so a directory of a million events is never held at once.
 */
export function* publishedEmployers(
  db: Db,
  employers: EmployerRecord[],
  asOf: string,
  options: { events?: boolean } = {},
): Generator<PublishedEmployer[]> {
  const former = new Map<string, string[]>();
  for (const r of slugRedirects(db)) former.set(r.slug, [...(former.get(r.slug) ?? []), r.oldSlug]);
  const eventsOf = eventsOfEmployers(db);
  const rates = listRates(db);
  for (let i = 0; i < employers.length; i += BATCH) {
    const slice = employers.slice(i, i + BATCH);
    const events = options.events === false ? new Map<number, EmployerEvent[]>() : eventsOf(slice.map((e) => e.id));
    yield slice.map((e) => toPublished(e, events.get(e.id) ?? [], former.get(e.slug) ?? [], asOf, rates));
  }
}

/** One employer as published in its JSON twin and the downloads. */
export function toPublished(
  e: EmployerRecord,
  events: EmployerEvent[],
  formerSlugs: string[],
  asOf: string,
  rates: readonly RateStep[],
): PublishedEmployer {
  return {
    slug: e.slug,
    path: `/employers/${e.slug}/`,
    jsonPath: `/employers/${e.slug}.json`,
    name: e.name,
    otherNames: e.otherNames,
    companiesHouseNumber: e.companiesHouseNumber,
    sector: { code: e.sectorCode, name: e.sectorName },
    size: e.sizeCode ? { code: e.sizeCode, name: e.sizeName ?? e.sizeCode } : null,
    area: { code: e.areaCode, name: e.areaName },
    website: e.website,
    status: e.status,
    statusSince: e.since,
    statusAsOf: asOf,
    rateArea: e.rateArea,
    schemes: e.schemes,
    services: e.services,
    latestEvidence:
      e.latestEvidenceOn && e.latestEvidenceUrl
        ? { on: e.latestEvidenceOn, sourceUrl: e.latestEvidenceUrl, isOld: isEvidenceOld(e.latestEvidenceOn, asOf) }
        : null,
    ...payFactsAmong(rates, e.status, e.since, e.rateArea, asOf),
    createdAt: e.createdAt,
    lastChanged: e.lastChangedByPerson,
    formerSlugs,
    events: events.map((ev) => ({
      id: ev.id,
      event: ev.event,
      scheme: ev.scheme,
      effectiveOn: ev.effectiveOn,
      rateArea: ev.rateArea,
      ratePence: ev.ratePence,
      workersCovered: ev.workersCovered,
      workersUplifted: ev.workersUplifted,
      sourceUrl: ev.sourceUrl,
      note: ev.note,
      reason: ev.reason,
      recordedAt: ev.recordedAt,
      retractedAt: ev.retractedAt,
      ...(ev.corrections?.length
        ? {
            corrections: ev.corrections.map((c) => ({
              kind: c.kind,
              at: c.at,
              why: c.why,
              text: correctionText(c.kind, formatDate(c.at), c.why),
            })),
          }
        : {}),
    })),
  };
}

/** An employer as a reader downloads it: its page and twin as full addresses on `site`. */
export function absoluteUrls(e: PublishedEmployer, site: URL | string | undefined) {
  const { path, jsonPath, ...rest } = e;
  const origin = site ?? "http://localhost/";
  return { url: new URL(path, origin).href, jsonUrl: new URL(jsonPath, origin).href, ...rest };
}

/** One row of employers.csv, in EMPLOYER_CSV_COLUMNS order. */
export function employerCsvRow(e: PublishedEmployer, site: URL | string | undefined): unknown[] {
  return [
    e.slug,
    e.name,
    e.otherNames.join("; "),
    e.companiesHouseNumber,
    e.sector.code,
    e.sector.name,
    e.size?.code,
    e.size?.name,
    e.area.code,
    e.area.name,
    e.website,
    e.status,
    e.statusSince,
    e.statusAsOf,
    e.rateArea,
    new URL(e.path, site ?? "http://localhost/").href,
    e.createdAt,
    e.lastChanged,
  ];
}

/** employers.csv, from batches of employers. */
export function* employersCsv(
  batches: Iterable<PublishedEmployer[]>,
  site: URL | string | undefined,
): Generator<string> {
  yield toCsv(
    EMPLOYER_CSV_COLUMNS.map((c) => c.name),
    [],
  );
  for (const employers of batches)
    yield toCsv(
      [],
      employers.map((e) => employerCsvRow(e, site)),
      { withHeader: false },
    );
}

/** employers.json, from batches of employers: the dataset's date and licence, then every employer with its events. */
export function* employersJson(
  batches: Iterable<PublishedEmployer[]>,
  site: URL | string | undefined,
  meta: Record<string, unknown>,
): Generator<string> {
  const head = JSON.stringify({ ...meta, employers: [] }, null, 0);
  yield `${head.slice(0, -2)}\n`;
  let first = true;
  for (const employers of batches) {
    if (!employers.length) continue;
    yield `${first ? "" : ",\n"}${employers.map((e) => JSON.stringify(absoluteUrls(e, site))).join(",\n")}`;
    first = false;
  }
  yield "\n]}\n";
}

/** events.csv, in batches read by event id so the whole table never sits in memory. */
export function* eventsCsv(db: Db): Generator<string> {
  yield toCsv(
    EVENT_CSV_COLUMNS.map((c) => c.name),
    [],
  );
  for (const rows of eventCsvRows(db, BATCH * 5)) yield toCsv([], rows, { withHeader: false });
}

/** rates.csv. */
export function ratesCsv(db: Db): string {
  return toCsv(
    RATE_CSV_COLUMNS.map((c) => c.name),
    rateCsvRows(db),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The SQLite download

/** Writes the SQLite download to `path` (which must not exist): the published tables and columns only. */
export function writePublicSqlite(db: Db, path: string): void {
  copyPublishedTables(db, path, COLUMN_MEANINGS, BOOKKEEPING_TABLES);
}

// ---------------------------------------------------------------------------------------------------------------
// Freshness, changelog and feed: the queries are in db/domain/published.ts

export { changelog, coverageStart, downloadCounts, lastUpdated, type ChangelogDay } from "../../db/domain/published.ts";

export { latestCorrections, type ChangelogCorrection } from "../../db/domain/corrections.ts";

/**
 * What a correction in the changelog applied to, in words: "Accredited, 1 January 2020" for an event (the page names
 * the employer), "London Living Wage of £14.80, announced 22 October 2025" for a rate.
 */
export function describeCorrected(c: ChangelogCorrection): string {
  const on = c.effectiveOn ? formatDate(c.effectiveOn) : "";
  if (c.subject === "rate" && c.rateArea && c.ratePence != null)
    return `${LIVING_WAGE_NAMES[c.rateArea]} of ${formatPence(c.ratePence)}, announced ${on}`;
  return c.event ? `${EVENT_LABELS[c.event]}, ${on}` : `${c.subject} ${c.subjectId}`;
}

/** "3 pledges, 1 accreditation" — the events of a changelog day in words. */
export function describeCounts(counts: { event: string; count: number }[]): string {
  return counts
    .map((c) => {
      const nouns = EVENT_NOUNS[c.event as EventKind] ?? [c.event, c.event];
      return `${c.count.toLocaleString("en-GB")} ${nouns[c.count === 1 ? 0 : 1]}`;
    })
    .join(", ");
}

/** The latest pledges and accreditations (reinstatements included) by effective date, for the feed. */
export function latestCommitments(db: Db, asOf: string, limit = 50): LatestEvent<keyof typeof COMMITMENT_HEADLINES>[] {
  return latestEvents(db, ["pledged", "accredited", "reinstated"], asOf, limit);
}

/** A download listed on the data page and in the Dataset's distributions. */
export interface Download {
  file: string;
  title: string;
  format: string;
  mediaType: string;
  describes: string;
  columns?: DictionaryColumn[];
}

/** The data page's downloads, with their column dictionaries; `counts` from downloadCounts. */
export function downloads(counts: { employers: number; events: number; rates: number }): Download[] {
  const n = (v: number) => v.toLocaleString("en-GB");
  return [
    {
      file: "employers.csv",
      title: "Employers",
      format: "CSV",
      mediaType: "text/csv",
      describes: `${plural(counts.employers, "employer")}, one row each, with their status on the build date.`,
      columns: describeFileColumns(EMPLOYER_CSV_COLUMNS),
    },
    {
      file: "events.csv",
      title: "Commitment events",
      format: "CSV",
      mediaType: "text/csv",
      describes: `${n(counts.events)} dated, sourced events: the history every figure is computed from.`,
      columns: describeFileColumns(EVENT_CSV_COLUMNS),
    },
    {
      file: "rates.csv",
      title: "Living wage rates",
      format: "CSV",
      mediaType: "text/csv",
      describes: `${n(counts.rates)} London and UK living wage rates with their sources.`,
      columns: describeFileColumns(RATE_CSV_COLUMNS),
    },
    {
      file: "employers.json",
      title: "Employers with their events",
      format: "JSON",
      mediaType: "application/json",
      describes:
        "Every employer with its status and all its events, in one document (the same fields as each employer's .json page).",
    },
    {
      file: "livingwage.sqlite",
      title: "The whole database",
      format: "SQLite",
      mediaType: "application/vnd.sqlite3",
      describes:
        "Every published table in one file, for analysis with SQL (sqlite3, Datasette, DB Browser for SQLite, R or Python).",
    },
  ];
}
