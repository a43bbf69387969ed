/**
 * Bulk import of commitment events from a CSV file, one event a row. Everything is read and checked first;
 * then, in one synchronous transaction, the rows are matched to employers again and written, so the whole file
 * goes in or none of it does.
 * Raw statements: the planner and writer run once per imported row (measured in npm run bench).
 */
import type Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import type { Db } from "../client.ts";
import { decodeCsvBytes } from "../csv-encoding.ts";
import { firstIssue, InputError, must, shorten, type Problem } from "../errors.ts";
import {
  DEFAULT_SCHEME,
  ENDING_EVENT_KINDS,
  NON_STATUS_EVENT_KINDS,
  STATUS_OF_EVENT,
  type EventKind,
  type RateArea,
  type Scheme,
} from "../enums.ts";
import { SCHEME_LABELS } from "../labels.ts";
import { slugFor } from "../slugs.ts";
import {
  describeIssues,
  employerInput,
  eventInput,
  IMPORT_COLUMNS,
  poundsToPence,
  REQUIRED_IMPORT_COLUMNS,
  todayIso,
  type EventInput,
} from "../validation.ts";
import type { Contributor } from "./contributors.ts";
import {
  closestFirst,
  exactKey,
  loadEmployerIndex,
  LOOK_ALIKES_SHOWN,
  nameKey,
  NameIndex,
  possibleDuplicates,
  type DuplicateMatch,
  type KnownEmployer,
} from "./duplicates.ts";
import { FIELD_NAMES, type EmployerDetails } from "./employers.ts";
import type { LookAlikeSearch } from "./look-alikes.ts";
import { checkWarnings } from "./check.ts";
import { sameEventLookup, STAFF_ONLY_EVENTS } from "./events.ts";
import { isProblem, loadLookups, resolveLookup, type Area, type Lookup } from "./lookups.ts";
import { rateFloors } from "./rates.ts";
import { changeServices } from "./services.ts";
import { countsForStatusSql } from "./status.ts";

/** The columns of an import file live with the shapes, so the browser form shares them. */
export { IMPORT_COLUMNS };
/**
 * Columns a file may add: `scheme` names the Living Wage Foundation scheme of the event (living_wage when left
 * out), `services` the services the employer sells (codes or names from `lwd lookups services`, separated by
 * semicolons; added to those it has, never removed), `reason` says why a commitment ended (else the note does).
 */
export const OPTIONAL_IMPORT_COLUMNS = ["scheme", "services", "reason"] as const;
/** The header `lwd import --template` prints: the documented columns, then the scheme and the services. */
export const TEMPLATE_COLUMNS = [...IMPORT_COLUMNS, "scheme", "services"] as const;
type Column = (typeof IMPORT_COLUMNS)[number] | (typeof OPTIONAL_IMPORT_COLUMNS)[number];

/** Larger files are refused before they are read: split them. 40 MB holds about 150,000 typical rows. */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

/** The header and one example row, for `lwd import --template`. */
export function importTemplate(): string {
  const example = [
    "Example Bakery Ltd",
    "01234567",
    "I",
    "small",
    "Hackney",
    "https://bakery.example",
    "pledged",
    "2024-05-01",
    "london",
    "",
    "25",
    "4",
    "https://example.org/fictional/bakery-pledge",
    "Fictional example row: replace it",
    "living_wage",
    "catering",
  ];
  return `${TEMPLATE_COLUMNS.join(",")}\n${example.join(",")}\n`;
}

/** One row that passed every check that needs no employer lookup. */
export interface CheckedRow {
  /** Spreadsheet row: the header is row 1. */
  row: number;
  employer: EmployerDetails;
  event: EventInput;
  /** The codes of the services its `services` cell lists, if any. */
  services?: string[];
}

type Cells = Partial<Record<Column, string>>;

/**
 * Parses the CSV (text, or bytes already known to be UTF-8) into cells by column name; a malformed file is one
 * problem naming its row.
 */
export function parseImportCsv(text: string | Buffer): {
  columns: string[];
  rows: { row: number; cells: Cells }[];
  problems: Problem[];
} {
  if (typeof text === "string" ? text.includes("\u0000") : text.includes(0))
    throw new InputError([
      {
        row: 1,
        field: "file",
        message: "is not a CSV text file (it contains binary data); save the spreadsheet as CSV UTF-8",
      },
    ]);
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    const e = error as Error & { code?: string; records?: number };
    const row = (e.records ?? 0) + 1;
    const reason =
      e.code === "CSV_QUOTE_NOT_CLOSED"
        ? 'a quoted cell is never closed (a " is missing); nothing after it could be read'
        : e.code === "CSV_INVALID_CLOSING_QUOTE"
          ? 'a quoted cell has text after its closing quote; write a quote inside a quoted cell as ""'
          : `the CSV cannot be read: ${e.message}`;
    throw new InputError([{ row, field: "file", message: reason }]);
  }
  const header = records[0];
  if (!header || (header.length === 1 && header[0]?.trim() === ""))
    throw new InputError([
      {
        row: 1,
        field: "file",
        message: `is empty; it needs a header row (${IMPORT_COLUMNS.join(",")}) and one row per event. \`lwd import --template\` prints one`,
      },
    ]);
  if (records.length - 1 > MAX_IMPORT_ROWS)
    throw new InputError([
      {
        row: MAX_IMPORT_ROWS + 2,
        field: "file",
        message: `has ${records.length - 1} rows; the limit is ${MAX_IMPORT_ROWS}: split the file`,
      },
    ]);

  const problems: Problem[] = [];
  const columns = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, "_"));
  const known = new Set<string>([...IMPORT_COLUMNS, ...OPTIONAL_IMPORT_COLUMNS]);
  columns.forEach((c, i) => {
    if (!known.has(c))
      problems.push({
        row: 1,
        field: c || `column ${i + 1}`,
        message: `is not a column of an import file; the columns are ${[...IMPORT_COLUMNS, ...OPTIONAL_IMPORT_COLUMNS].join(", ")}`,
      });
    else if (columns.indexOf(c) !== i) problems.push({ row: 1, field: c, message: "appears twice in the header" });
  });
  // Only the columns every row needs must be there: a file may leave out any other (hourly_rate is then reported on
  // each row that needs it).
  for (const c of REQUIRED_IMPORT_COLUMNS)
    if (!columns.includes(c))
      problems.push({
        row: 1,
        field: c,
        message: `is missing from the header; an import file needs ${REQUIRED_IMPORT_COLUMNS.join(", ")} (\`lwd import --template\` prints the full header)`,
      });
  if (problems.length) throw new InputError(problems);

  const rows: { row: number; cells: Cells }[] = [];
  for (let i = 1; i < records.length; i++) {
    const record = must(records[i], `CSV record ${i}`);
    const row = i + 1;
    let blank = true;
    for (let j = 0; j < record.length; j++) {
      const cell = (record[j] ?? "").trim();
      record[j] = cell;
      if (cell !== "") blank = false;
    }
    // Blank lines count as rows in a spreadsheet, so they are skipped without renumbering what follows.
    if (blank) continue;
    if (record.length > columns.length && record.slice(columns.length).some((c) => c !== "")) {
      problems.push({
        row,
        field: `column ${columns.length + 1}`,
        message: `the row has ${record.length} cells but the header has ${columns.length}; is there an unquoted comma in a cell?`,
      });
      continue;
    }
    if (record.length < columns.length) {
      problems.push({
        row,
        field: columns[record.length] ?? `column ${record.length + 1}`,
        message: `the row has ${record.length} cells but the header has ${columns.length}; is a cell missing?`,
      });
      continue;
    }
    // Every column is set, an empty cell to undefined, so every row's cells have one shape and reading them stays fast.
    const cells: Cells = {};
    for (let j = 0; j < columns.length; j++) cells[columns[j] as Column] = record[j] === "" ? undefined : record[j];
    rows.push({ row, cells });
  }
  return { columns, rows, problems };
}

/** `12/05/2011` as spreadsheets in the UK write it, to `2011-05-12`; anything else unchanged for the date check. */
function isoFromSpreadsheetDate(value: string): string {
  return value.replace(
    /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
    (_, day: string, month: string, year: string) => `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`,
  );
}

/** Checks every row's cells (zod, lookups, the rate floor, who may record what): the clean rows and every problem. */
export function checkImportRows(
  db: Db,
  parsed: { row: number; cells: Cells }[],
  actor: Contributor,
  hasReasonColumn: boolean,
  onProgress?: (done: number) => void,
): { rows: CheckedRow[]; problems: Problem[]; refusedEmployers: Set<string> } {
  const lookups = loadLookups(db);
  const belowFloorOn = rateFloors(db);
  const cached = <T extends Lookup>(list: T[], field: string, what: string) => {
    const memo = new Map<string, T | Problem>();
    return (value: string) => {
      let hit = memo.get(value);
      if (!hit) memo.set(value, (hit = resolveLookup(list, value, field, what)));
      return hit;
    };
  };
  const sector = cached(lookups.sectors, "sector", "sector");
  const area = cached<Area>(lookups.areas, "area", "area");
  const size = cached(lookups.sizes, "size", "size");
  const service = cached(lookups.services, "services", "service");
  const fieldNames = { ...FIELD_NAMES, reason: hasReasonColumn ? "reason" : "note" };
  const today = todayIso();

  const rows: CheckedRow[] = [];
  const problems: Problem[] = [];
  /** The employers (exactKey) with a refused row, whose other rows may only look wrong without it. */
  const refusedEmployers = new Set<string>();
  const checkedEmployers = new Map<string, ReturnType<typeof employerInput.safeParse>>();
  const employerValues = new WeakMap<object, CheckedRow["employer"]>();
  let previous: { cells: Cells; employer: ReturnType<typeof employerInput.safeParse> } | undefined;
  for (const [i, { row, cells }] of parsed.entries()) {
    if (onProgress && i % 1000 === 999) onProgress(i + 1);
    const rowProblems: Problem[] = [];
    const add = (list: { field: string; message: string }[]) => {
      // Two rules can fail with the same words; the report says it once.
      for (const p of list)
        if (!rowProblems.some((q) => q.field === p.field && q.message === p.message))
          rowProblems.push({ row, field: p.field, message: p.message });
    };
    // Files repeat an employer's cells on each of its events: check each distinct set once. An employer's rows
    // usually come together, so the row before is compared first, cell by cell, before a key is built.
    const same =
      previous !== undefined &&
      cells.name === previous.cells.name &&
      cells.companies_house_number === previous.cells.companies_house_number &&
      cells.sector === previous.cells.sector &&
      cells.size === previous.cells.size &&
      cells.area === previous.cells.area &&
      cells.website === previous.cells.website;
    let employer = same ? previous?.employer : undefined;
    const employerCells = same
      ? ""
      : `${cells.name}\u0000${cells.companies_house_number}\u0000${cells.sector}\u0000${cells.size}\u0000${cells.area}\u0000${cells.website}`;
    employer ??= checkedEmployers.get(employerCells);
    if (!employer) {
      employer = employerInput.safeParse({
        name: cells.name ?? "",
        companiesHouseNumber: cells.companies_house_number,
        sectorCode: cells.sector ?? "",
        sizeCode: cells.size,
        areaCode: cells.area ?? "",
        website: cells.website,
      });
      if (checkedEmployers.size > 10_000) checkedEmployers.clear();
      checkedEmployers.set(employerCells, employer);
    }
    previous = { cells, employer };
    if (!employer.success)
      add(
        describeIssues(employer.error, FIELD_NAMES).map((p) => ({
          ...p,
          message: quoteValue(cells, p.field, p.message),
        })),
      );
    const sectorHit = cells.sector ? sector(cells.sector) : null;
    const areaHit = cells.area ? area(cells.area) : null;
    const sizeHit = cells.size ? size(cells.size) : null;
    for (const hit of [sectorHit, areaHit, sizeHit]) if (hit && isProblem(hit)) add([hit]);
    const serviceCodes: string[] = [];
    for (const value of (cells.services ?? "").split(";").map((v) => v.trim()))
      if (value) {
        const hit = service(value);
        if (isProblem(hit)) add([hit]);
        else if (!serviceCodes.includes(hit.code)) serviceCodes.push(hit.code);
      }

    let ratePence: number | undefined;
    if (cells.hourly_rate !== undefined) {
      const r = poundsToPence.safeParse(cells.hourly_rate);
      if (r.success) ratePence = r.data;
      else add([{ field: "hourly_rate", message: `"${cells.hourly_rate}" ${firstIssue(r.error)}` }]);
    }
    const rateAreaCell = cells.rate_area?.toLowerCase();
    const defaultRateArea = areaHit && !isProblem(areaHit) ? (areaHit as Area).rateArea : undefined;
    const isEnding = (ENDING_EVENT_KINDS as readonly string[]).includes(cells.event?.trim().toLowerCase() ?? "");
    const event = eventInput.safeParse({
      event: cells.event?.toLowerCase() ?? "",
      scheme: cells.scheme?.toLowerCase(),
      effectiveOn: isoFromSpreadsheetDate(cells.date ?? ""),
      rateArea: rateAreaCell ?? defaultRateArea ?? "",
      ratePence,
      workersCovered: cells.workers_covered,
      workersUplifted: cells.workers_uplifted,
      sourceUrl: cells.source_url ?? "",
      note: cells.note,
      reason: cells.reason ?? (isEnding ? cells.note : undefined),
    });
    if (!event.success) {
      add(
        describeIssues(event.error, fieldNames)
          // The rate-area default comes from the area; when the area is wrong that problem is already reported.
          .filter((p) => !(p.field === "rate_area" && rateAreaCell === undefined))
          .filter((p) => !(p.field === "hourly_rate" && cells.hourly_rate !== undefined && ratePence === undefined))
          .map((p) => ({ ...p, message: quoteValue(cells, p.field, p.message, today) })),
      );
    }
    if (event.success) {
      const e = event.data;
      if (e.event === "rate_implemented" && e.ratePence != null) {
        const problem = belowFloorOn(e.rateArea as RateArea, e.effectiveOn, e.ratePence);
        if (problem) add([{ field: "hourly_rate", message: problem }]);
      }
      if (STAFF_ONLY_EVENTS.has(e.event) && actor.role !== "staff")
        add([{ field: "event", message: `only staff may record ${e.event}; "${actor.handle}" is a campaigner` }]);
    }
    if (rowProblems.length || !employer.success || !event.success) {
      problems.push(...rowProblems);
      refusedEmployers.add(exactKey(cells.name ?? ""));
      continue;
    }
    // The rows of one employer share one value (it depends only on the cells the check was cached by), which
    // spares an object per row and lets planning see at once that a row's employer is the one before's.
    let value = employerValues.get(employer);
    if (!value) {
      const d = employer.data;
      value = {
        name: d.name.replace(/\s+/g, " "),
        companiesHouseNumber: d.companiesHouseNumber ?? null,
        sectorCode: (sectorHit as Lookup).code,
        areaCode: (areaHit as Lookup).code,
        sizeCode: sizeHit ? (sizeHit as Lookup).code : null,
        website: d.website ?? null,
      };
      employerValues.set(employer, value);
    }
    rows.push(
      serviceCodes.length
        ? { row, employer: value, event: event.data, services: serviceCodes }
        : { row, employer: value, event: event.data },
    );
  }
  return { rows, problems, refusedEmployers };
}

/** Puts the cell's value in front of the reason, so a long report can be fixed without opening each row. */
function quoteValue(cells: Cells, field: string, message: string, today?: string): string {
  const value = cells[field as Column];
  const shown = value === undefined ? "" : `"${shorten(value)}" `;
  if (message === "is in the future; record events once they have happened" && today)
    return `${shown}${message} (today is ${today})`;
  if (value === undefined && /required|empty|must be/.test(message) && !message.startsWith("is required"))
    return `is required but empty (${message})`;
  return `${shown}${message}`;
}

/** How to treat a new name that looks like an existing employer: use that one (by slug) or create it anyway. */
export type DuplicateDecision = { use: string } | "new";

export interface DuplicateQuestion {
  row: number;
  name: string;
  /** The exactKey of the name: the key a decision is given under. */
  key: string;
  /** The report line when nobody is asked. */
  problem: Problem;
  matches: { slug: string | null; name: string; because: string; isCompanyNumber: boolean }[];
}

export interface ImportPlan {
  rowCount: number;
  /** New employers in file order, with the slug each will get. */
  employersToCreate: { row: number; name: string; slug: string }[];
  eventsToAdd: number;
  rowsUnchanged: number;
  /** Problems other than unanswered duplicate questions. */
  problems: Problem[];
  /** Duplicates that need a person's decision (or --new); each carries the problem reported when nobody answers. */
  questions: DuplicateQuestion[];
  warnings: string[];
  /** The writes, in order; carried to applyImportPlan. */
  writes: PlannedWrite[];
  /** Services to add, by employer: only those it does not have yet. */
  servicesToAdd: { row: number; target: Target; codes: string[] }[];
}

type Target = { kind: "existing"; employer: KnownEmployer } | { kind: "new"; group: NewEmployer };
interface NewEmployer {
  row: number;
  slug: string;
  value: CheckedRow["employer"];
  id?: number;
}
type PlannedWrite =
  { kind: "employer"; employer: NewEmployer } | { kind: "event"; row: number; target: Target; event: EventInput };

export interface PlanOptions {
  actor: Contributor;
  /** Create employers that only look like existing ones (never one with a company number already in use). */
  allowNew?: boolean;
  /** Answers given at a prompt, keyed by the row's employer name (exactKey). */
  decisions?: Map<string, DuplicateDecision>;
  /**
   * Employers (exactKey) with a row already refused: their history in the file is incomplete, so a reinstatement
   * is not reported as lacking the lapse a refused row would have recorded. It is checked once that row is fixed.
   */
  refusedEmployers?: ReadonlySet<string>;
  /** A typo search already under way on another thread (startLookAlikeSearch); without one, planning searches. */
  lookAlikes?: LookAlikeSearch;
}

/** Matches the checked rows to employers and events already in the database; reads only. */
export function planImport(db: Db, rows: CheckedRow[], options: PlanOptions): ImportPlan {
  const index = loadEmployerIndex(db);
  const foundElsewhere = options.lookAlikes?.results(index.fingerprint) ?? null;
  const sqlite = db.$client;
  const sameEvent = sameEventLookup(db);
  const statusEventsIn = new Map<Scheme, Database.Statement>();
  const statusEventsOf = (employerId: number, scheme: Scheme) => {
    let statement = statusEventsIn.get(scheme);
    if (!statement)
      statusEventsIn.set(
        scheme,
        (statement = sqlite.prepare(
          `SELECT event, effective_on AS effectiveOn FROM commitment_events ev WHERE employer_id = ? AND ${countsForStatusSql("ev", scheme)} ORDER BY effective_on, id`,
        )),
      );
    return statement.all(employerId) as { event: EventKind; effectiveOn: string }[];
  };
  const plan: ImportPlan = {
    rowCount: rows.length,
    employersToCreate: [],
    eventsToAdd: 0,
    rowsUnchanged: 0,
    servicesToAdd: [],
    problems: [],
    questions: [],
    warnings: [],
    writes: [],
  };
  const targets = new Map<string, { target: Target; firstRow: CheckedRow }>();
  // The file's new employers so far, for its look-alikes among them: taken from the worker's answer, which lists
  // every other new name of the file, so only those made employers before this one are kept; or searched here, when
  // there is no answer or it left a name out, from then on.
  let newNames = foundElsewhere ? null : new NameIndex<NewEmployer>();
  const newByKey = new Map<string, NewEmployer>();
  const newLookAlikes = (name: string, key: string, normalised: string) => {
    const listed = foundElsewhere?.inFile.get(key);
    if (listed === null && !newNames) {
      newNames = new NameIndex<NewEmployer>();
      for (const group of newByKey.values()) newNames.add(group.value.name, group);
    }
    if (newNames) return newNames.similar(name, LOOK_ALIKES_SHOWN, normalised);
    return closestFirst(
      (listed ?? []).flatMap((h) => {
        const group = newByKey.get(h.key);
        return group ? [{ name: group.value.name, value: group, distance: h.distance }] : [];
      }),
      LOOK_ALIKES_SHOWN,
    );
  };
  const newByCompanyNumber = new Map<string, NewEmployer>();
  const seenEvents = new Set<string>();
  // Services each employer gets from the file: those it has, then those added, so each is added once.
  const serviceSets = new Map<object, { known: Set<string>; entry?: ImportPlan["servicesToAdd"][number] }>();
  const servicesHeld = sqlite.prepare("SELECT service_code FROM employer_services WHERE employer_id = ?").pluck();
  const addServicesOf = (row: number, target: Target, owner: object, codes: string[]) => {
    let set = serviceSets.get(owner);
    if (!set) {
      const held = target.kind === "existing" ? (servicesHeld.all(target.employer.id) as string[]) : [];
      serviceSets.set(owner, (set = { known: new Set(held) }));
    }
    for (const code of codes) {
      if (set.known.has(code)) continue;
      set.known.add(code);
      if (!set.entry) plan.servicesToAdd.push((set.entry = { row, target, codes: [] }));
      set.entry.codes.push(code);
    }
  };
  const reinstatements: { row: number; target: Target; effectiveOn: string; scheme: Scheme }[] = [];
  const fileStatusEvents = new Map<object, { event: EventKind; effectiveOn: string; scheme: Scheme }[]>();

  const problem = (row: number, field: string, message: string) => plan.problems.push({ row, field, message });
  const hasReinstatements = rows.some((r) => r.event.event === "reinstated");

  let lastEmployer: CheckedRow["employer"] | null = null;
  let key = "";
  for (const r of rows) {
    // A file's rows for one employer come together and share one value: its key is worked out once.
    if (r.employer !== lastEmployer) key = exactKey((lastEmployer = r.employer).name);
    let entry = targets.get(key);
    if (entry) {
      if (entry.target.kind === "new") sameDetails(r, entry.firstRow, problem);
    } else {
      const target = resolveTarget(r, key);
      if (!target) continue;
      entry = { target, firstRow: r };
      targets.set(key, entry);
    }
    const target = entry.target;
    const owner = target.kind === "existing" ? target.employer : target.group;
    if (r.services) addServicesOf(r.row, target, owner, r.services);
    const e = r.event;
    const eventKey = `${e.event}|${e.scheme}|${e.effectiveOn}|${e.sourceUrl}|${e.ratePence ?? ""}`;
    const seenKey = `${target.kind === "existing" ? `e${target.employer.id}` : `n${target.group.row}`}|${eventKey}`;
    if (seenEvents.has(seenKey) || (target.kind === "existing" && sameEvent(target.employer.id, e))) {
      plan.rowsUnchanged++;
      continue;
    }
    seenEvents.add(seenKey);
    if (hasReinstatements && !(NON_STATUS_EVENT_KINDS as readonly string[]).includes(e.event)) {
      const list = fileStatusEvents.get(owner) ?? [];
      list.push({ event: e.event, effectiveOn: e.effectiveOn, scheme: e.scheme });
      fileStatusEvents.set(owner, list);
    }
    if (e.event === "reinstated" && !options.refusedEmployers?.has(key))
      reinstatements.push({ row: r.row, target, effectiveOn: e.effectiveOn, scheme: e.scheme });
    plan.writes.push({ kind: "event", row: r.row, target, event: e });
    plan.eventsToAdd++;
  }

  // A reinstatement needs a lapse, revocation or withdrawal before it in its scheme, counting both stored events
  // and this file's.
  for (const { row, target, effectiveOn, scheme } of reinstatements) {
    const owner = target.kind === "existing" ? target.employer : target.group;
    const stored = target.kind === "existing" ? statusEventsOf(target.employer.id, scheme) : [];
    const fromFile = (fileStatusEvents.get(owner) ?? []).filter((h) => h.scheme === scheme);
    const history = [...stored, ...fromFile].sort((a, b) =>
      a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0,
    );
    const at = history.findIndex((h) => h.event === "reinstated" && h.effectiveOn === effectiveOn);
    const before = at > 0 ? (history[at - 1]?.event ?? null) : null;
    if (!before || !(ENDING_EVENT_KINDS as readonly string[]).includes(before))
      problem(
        row,
        "event",
        `a reinstatement needs a lapse, revocation or withdrawal before it${scheme === DEFAULT_SCHEME ? "" : ` in ${SCHEME_LABELS[scheme]}`}; on ${effectiveOn} the status was ${before ? STATUS_OF_EVENT[before as keyof typeof STATUS_OF_EVENT] : "none"}`,
      );
  }
  plan.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return plan;

  function resolveTarget(r: CheckedRow, key: string): Target | null {
    const v = r.employer;
    const existing = index.byExactName.get(key);
    if (existing) {
      if (
        v.companiesHouseNumber &&
        existing.companiesHouseNumber &&
        v.companiesHouseNumber !== existing.companiesHouseNumber
      ) {
        problem(
          r.row,
          "companies_house_number",
          `${v.companiesHouseNumber} differs from ${existing.companiesHouseNumber}, the number of the existing employer "${existing.name}" (${existing.slug}); check which is right`,
        );
        return null;
      }
      const differs = (["sectorCode", "areaCode", "sizeCode", "website", "companiesHouseNumber"] as const).filter(
        (f) => v[f] !== null && v[f] !== existing[f],
      );
      if (differs.length)
        plan.warnings.push(
          `row ${r.row}: "${v.name}" already exists as ${existing.slug}; its ${differs.map((f) => FIELD_NAMES[f]).join(", ")} in the file differ${differs.length === 1 ? "s" : ""} and ${differs.length === 1 ? "was" : "were"} not changed (staff can use \`lwd employer edit\`)`,
        );
      return { kind: "existing", employer: existing };
    }
    const normalised = nameKey(v.name);
    const matches: (DuplicateMatch & { isCompanyNumber: boolean; group?: NewEmployer })[] = possibleDuplicates(
      index,
      v.name,
      v.companiesHouseNumber,
      normalised,
      foundElsewhere?.known.get(key),
    ).map((m) => ({
      ...m,
      isCompanyNumber: !!v.companiesHouseNumber && m.employer.companiesHouseNumber === v.companiesHouseNumber,
    }));
    const sameNumberInFile = v.companiesHouseNumber ? newByCompanyNumber.get(v.companiesHouseNumber) : undefined;
    const inFile = new Map<NewEmployer, string>();
    if (sameNumberInFile)
      inFile.set(
        sameNumberInFile,
        `row ${sameNumberInFile.row} has the same Companies House number (${v.companiesHouseNumber})`,
      );
    for (const hit of newLookAlikes(v.name, key, normalised))
      if (!inFile.has(hit.value))
        inFile.set(
          hit.value,
          `"${hit.name}" in row ${hit.value.row} is ${hit.distance === 0 ? "the same name written differently" : "nearly the same name"}`,
        );

    if (matches.length || inFile.size) {
      // A look-alike that already has this very event (same kind, date, source, rate) is this employer: a file
      // imported before, after someone chose it at the prompt, goes in again without asking.
      const e = r.event;
      const proven = matches.filter((m) => sameEvent(m.employer.id, e));
      const [onlyProven] = proven;
      if (onlyProven && proven.length === 1 && !options.decisions?.has(key)) {
        plan.warnings.push(
          `row ${r.row}: "${v.name}" taken as "${onlyProven.employer.name}" (${onlyProven.employer.slug}), which already has this same event`,
        );
        return { kind: "existing", employer: onlyProven.employer };
      }
      const decision = options.decisions?.get(key);
      const hasNumberClash = matches.some((m) => m.isCompanyNumber) || !!sameNumberInFile;
      if (decision && decision !== "new") {
        const chosen = matches.find((m) => m.employer.slug === decision.use);
        if (chosen) return { kind: "existing", employer: chosen.employer };
        const chosenNew = [...inFile.keys()].find((g) => g.slug === decision.use);
        if (chosenNew) return { kind: "new", group: chosenNew };
      }
      if ((decision === "new" || options.allowNew) && !hasNumberClash) {
        plan.warnings.push(
          `row ${r.row}: "${v.name}" looks like ${[...matches.map((m) => `"${m.employer.name}" (${m.employer.slug})`), ...[...inFile.keys()].map((g) => `"${g.value.name}" (row ${g.row})`)].join(", ")}; created as a new employer as asked`,
        );
      } else {
        const described = [
          ...matches.map((m) => `"${m.employer.name}" (${m.employer.slug}): ${m.because}`),
          ...[...inFile].map(([g, because]) => `"${g.value.name}" (row ${g.row}): ${because}`),
        ].join("; ");
        const fix = hasNumberClash
          ? "use that employer's exact name, or correct the number"
          : "use the existing employer's exact name, or run again with --new if it is a different employer";
        plan.questions.push({
          row: r.row,
          name: v.name,
          key,
          problem: {
            row: r.row,
            field: hasNumberClash ? "companies_house_number" : "name",
            message: `"${v.name}" looks like an employer already known — ${described}. To go on, ${fix}`,
          },
          matches: [
            ...matches.map((m) => ({
              slug: m.employer.slug,
              name: m.employer.name,
              because: m.because,
              isCompanyNumber: m.isCompanyNumber,
            })),
            ...[...inFile].map(([g, because]) => ({
              slug: g.slug,
              name: g.value.name,
              because,
              isCompanyNumber: g === sameNumberInFile,
            })),
          ],
        });
        return null;
      }
    }
    const slug = quickSlugFor(v.name, index.takenSlugs) ?? slugFor(v.name, (s) => index.takenSlugs.has(s));
    index.takenSlugs.add(slug);
    const group: NewEmployer = { row: r.row, slug, value: v };
    newNames?.add(v.name, group, normalised);
    newByKey.set(key, group);
    if (v.companiesHouseNumber) newByCompanyNumber.set(v.companiesHouseNumber, group);
    plan.employersToCreate.push({ row: r.row, name: v.name, slug });
    plan.writes.push({ kind: "employer", employer: group });
    return { kind: "new", group };
  }
}

/**
 * slugFor's answer for a name of plain letters, digits and single spaces, without the transliteration slugify does
 * for every other name (a quarter of the planning time on a large file); null for any other name.
 */
export function quickSlugFor(name: string, taken: Set<string>): string | null {
  if (!/^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/.test(name)) return null;
  const base = name.toLowerCase().replace(/ /g, "-").slice(0, 80).replace(/-+$/, "");
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Rows for the same new employer must agree on its details. */
function sameDetails(
  r: CheckedRow,
  first: CheckedRow,
  problem: (row: number, field: string, message: string) => void,
): void {
  for (const f of ["companiesHouseNumber", "sectorCode", "areaCode", "sizeCode", "website"] as const) {
    const a = r.employer[f];
    const b = first.employer[f];
    const column = FIELD_NAMES[f] ?? f;
    if (a !== null && b !== null && a !== b)
      problem(
        r.row,
        column,
        `"${a}" differs from row ${first.row} for the same employer ("${b}"); an employer has one ${column.replace(/_/g, " ")}`,
      );
  }
}

/** Writes a plan: prepared statements, every insert audited. Call inside the transaction that planned it. */
export function applyImportPlan(
  db: Db,
  plan: ImportPlan,
  actor: Contributor,
  why: string,
  onProgress?: (done: number) => void,
): void {
  const s = db.$client;
  const at = new Date().toISOString();
  // Statements of n rows, made once for each n a batch has.
  const prepared = new Map<string, Database.Statement>();
  const batchOf = (name: string, n: number, sql: (n: number) => string) => {
    let statement = prepared.get(`${name}${n}`);
    if (!statement) prepared.set(`${name}${n}`, (statement = s.prepare(sql(n))));
    return statement;
  };
  // New employers go in just before the first batch of events that needs their ids, many to a statement; their ids
  // follow in order, as nothing else writes during this transaction.
  const employerSql = (n: number) =>
    `INSERT INTO employers (slug, name, companies_house_number, sector_code, size_code, area_code, website, created_at, updated_at)
     VALUES ${Array(n).fill("(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`;
  // Their audit rows as JSON.stringify(newEmployerRecord(…)) writes them, nulls included, built by SQLite.
  const auditEmployers = s.prepare(
    `INSERT INTO audit_log (table_name, row_id, action, after, contributor_id, at, why)
     SELECT 'employers', CAST(e.id AS TEXT), 'insert',
       json_object('slug', e.slug, 'name', e.name, 'companiesHouseNumber', e.companies_house_number, 'sectorCode', e.sector_code,
         'areaCode', e.area_code, 'sizeCode', e.size_code, 'website', e.website),
       ?, ?, ? || r.value
     FROM json_each(?) r JOIN employers e ON e.id = ? + r.key
     ORDER BY r.key`,
  );
  let pendingEmployers: NewEmployer[] = [];
  const flushEmployers = () => {
    if (!pendingEmployers.length) return;
    const values: unknown[] = [];
    for (const { slug, value: v } of pendingEmployers)
      values.push(slug, v.name, v.companiesHouseNumber, v.sectorCode, v.sizeCode, v.areaCode, v.website, at, at);
    const lastId = Number(batchOf("employers", pendingEmployers.length, employerSql).run(values).lastInsertRowid);
    const firstId = lastId - pendingEmployers.length + 1;
    pendingEmployers.forEach((g, i) => (g.id = firstId + i));
    auditEmployers.run(actor.id, at, `${why}, row `, JSON.stringify(pendingEmployers.map((g) => g.row)), firstId);
    pendingEmployers = [];
  };
  const touch = s.prepare("UPDATE employers SET updated_at = ? WHERE id = ?");
  // A batch of events' audit rows, built by SQLite from the rows just written (the nth row number goes with the
  // nth id): the same JSON as JSON.stringify(newEventRecord(…)) gives, keys in that order and absent ones left
  // out, without a string made and bound in JavaScript for each event. json_quote escapes text as json_object does;
  // joining the pieces costs less than json_object and a json_patch to drop the nulls.
  const auditEvents = s.prepare(
    `INSERT INTO audit_log (table_name, row_id, action, after, contributor_id, at, why)
     SELECT 'commitment_events', CAST(e.id AS TEXT), 'insert',
       '{"employerId":' || e.employer_id || ',"event":' || json_quote(e.event)
         || CASE WHEN e.scheme = 'living_wage' THEN '' ELSE ',"scheme":' || json_quote(e.scheme) END || ',"effectiveOn":' || json_quote(e.effective_on)
         || ',"rateArea":' || json_quote(e.rate_area) || coalesce(',"ratePence":' || e.rate_pence, '')
         || coalesce(',"workersCovered":' || e.workers_covered, '') || coalesce(',"workersUplifted":' || e.workers_uplifted, '')
         || ',"sourceUrl":' || json_quote(e.source_url)
         || CASE WHEN e.note IS NULL THEN '' ELSE ',"note":' || json_quote(e.note) END
         || CASE WHEN e.reason IS NULL THEN '' ELSE ',"reason":' || json_quote(e.reason) END || '}',
       ?, ?, ? || r.value
     FROM json_each(?) r JOIN commitment_events e ON e.id = ? + r.key
     ORDER BY r.key`,
  );
  // Events, like audit rows, go in many to a statement. Nothing else writes during this transaction, so a
  // statement's rows take consecutive ids ending at the last insert's.
  const EVENT_BATCH = 100;
  const eventSql = (n: number) =>
    `INSERT INTO commitment_events (employer_id, event, scheme, effective_on, rate_area, rate_pence, workers_covered, workers_uplifted, source_url, note, reason, recorded_by, recorded_at)
     VALUES ${Array(n).fill("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`;
  let pendingEvents: { target: Target; row: number; event: EventInput }[] = [];
  const flushEvents = () => {
    // Employers first: their events need their ids, and their audit rows come before their events'.
    flushEmployers();
    if (!pendingEvents.length) return;
    const values: unknown[] = [];
    for (const { target, event: e } of pendingEvents)
      values.push(
        target.kind === "existing"
          ? target.employer.id
          : must(target.group.id, `the id of the employer from row ${target.group.row}`),
        e.event,
        e.scheme,
        e.effectiveOn,
        e.rateArea,
        e.ratePence ?? null,
        e.workersCovered ?? null,
        e.workersUplifted ?? null,
        e.sourceUrl,
        e.note ?? null,
        e.reason ?? null,
        actor.id,
        at,
      );
    const lastId = Number(batchOf("events", pendingEvents.length, eventSql).run(values).lastInsertRowid);
    auditEvents.run(
      actor.id,
      at,
      `${why}, row `,
      JSON.stringify(pendingEvents.map((p) => p.row)),
      lastId - pendingEvents.length + 1,
    );
    pendingEvents = [];
  };
  // A large import touches more index pages than the default 2 MB cache holds; spilling them mid-transaction is slow.
  const cacheSize = s.pragma("cache_size", { simple: true }) as number;
  s.pragma("cache_size = -131072");
  const touched = new Set<number>();
  let done = 0;
  for (const w of plan.writes) {
    if (w.kind === "employer") {
      // Every new employer's events follow it, so a batch of events carries a hundred employers at most; this
      // bound only keeps a statement's parameters few whatever a plan holds.
      if (pendingEmployers.push(w.employer) === 1000) flushEmployers();
    } else {
      pendingEvents.push({ target: w.target, row: w.row, event: w.event });
      if (pendingEvents.length === EVENT_BATCH) flushEvents();
      if (w.target.kind === "existing") touched.add(w.target.employer.id);
      if (onProgress && ++done % 1000 === 0) onProgress(done);
    }
  }
  flushEvents();
  for (const { row, target, codes } of plan.servicesToAdd) {
    const id =
      target.kind === "existing" ? target.employer.id : must(target.group.id, `the id of the employer from row ${row}`);
    changeServices(db, id, codes, [], actor, `${why}, row ${row}`);
  }
  for (const id of touched) touch.run(at, id);
  s.pragma(`cache_size = ${cacheSize}`);
  onProgress?.(plan.eventsToAdd);
}

/**
 * Runs `write` with temporary files kept in memory. Each batch INSERT keeps a statement journal, so that a failing
 * statement can be undone on its own; past 64 KiB SQLite writes it to a temporary file a page at a time, which for
 * a large import was some 400,000 writes. The setting cannot change inside a transaction and would drop the
 * connection's temporary tables, so it is left alone then.
 */
function withStatementJournalsInMemory<T>(db: Db, write: () => T): T {
  const s = db.$client;
  const before = s.pragma("temp_store", { simple: true }) as number;
  const change =
    before !== 2 &&
    !s.inTransaction &&
    (s.prepare("SELECT count(*) AS n FROM temp.sqlite_master").get() as { n: number }).n === 0;
  if (change) s.pragma("temp_store = MEMORY");
  try {
    return write();
  } finally {
    if (change) s.pragma(`temp_store = ${before}`);
  }
}

export interface ImportOptions extends PlanOptions {
  dryRun?: boolean;
  /** Named in the audit log and messages. */
  fileName?: string;
  onProgress?: (phase: "checking" | "writing", done: number, total: number) => void;
}

export interface ImportSummary {
  dryRun: boolean;
  rows: number;
  employersCreated: number;
  eventsAdded: number;
  /** Services added to employers from the file's `services` column. */
  servicesAdded: number;
  rowsUnchanged: number;
  createdEmployers: { row: number; name: string; slug: string }[];
  warnings: string[];
}

/** Ends a dry run's transaction, so everything it wrote is rolled back, carrying what it would have done. */
class DryRunDone extends Error {
  constructor(readonly plan: ImportPlan) {
    super("dry run");
  }
}

/** The employers a plan wrote events for, existing and new (written, so their ids are known). */
function importedEmployerIds(plan: ImportPlan): number[] {
  const ids = new Set<number>();
  for (const w of plan.writes)
    if (w.kind === "event") {
      const id = w.target.kind === "existing" ? w.target.employer.id : w.target.group.id;
      if (id !== undefined) ids.add(id);
    }
  return [...ids];
}

/** Every problem of a plan, in row order: the file's, the plan's and each unanswered duplicate question. */
function allProblems(fileProblems: Problem[], plan: ImportPlan): Problem[] {
  return [...fileProblems, ...plan.problems, ...plan.questions.map((q) => q.problem)].sort(
    (a, b) => (a.row ?? 0) - (b.row ?? 0),
  );
}

/** Reads and checks a file's rows without touching employers: the clean rows and every problem found. */
export function readImportFile(
  db: Db,
  bytes: Uint8Array,
  options: Pick<ImportOptions, "actor" | "onProgress" | "lookAlikes">,
): { rows: CheckedRow[]; problems: Problem[]; refusedEmployers: Set<string> } {
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    throw new InputError([
      {
        field: "file",
        message: `is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it into smaller files`,
      },
    ]);
  // UTF-8 bytes go to the parser as they are: decoding them to a string first only for the parser to encode it back
  // cost a copy of the whole file each way.
  const parsed = parseImportCsv(decodeCsvBytes(bytes));
  // The typo search, if one is under way, works on the names while the rows are checked here.
  options.lookAlikes?.search(parsed.rows.flatMap((r) => (r.cells.name ? [r.cells.name] : [])));
  options.onProgress?.("checking", 0, parsed.rows.length);
  const checked = checkImportRows(db, parsed.rows, options.actor, parsed.columns.includes("reason"), (done) =>
    options.onProgress?.("checking", done, parsed.rows.length),
  );
  options.onProgress?.("checking", parsed.rows.length, parsed.rows.length);
  if (parsed.rows.length === 0 && parsed.problems.length === 0)
    throw new InputError([{ row: 2, field: "file", message: "has a header but no rows; add one row per event" }]);
  return {
    rows: checked.rows,
    problems: [...parsed.problems, ...checked.problems],
    refusedEmployers: checked.refusedEmployers,
  };
}

/**
 * The duplicate questions a file raises, for asking at a prompt before importing. Throws InputError when the file
 * has other problems, since there is no point asking about a file that cannot go in.
 */
export function importQuestions(db: Db, bytes: Uint8Array, options: ImportOptions): DuplicateQuestion[] {
  const { rows, problems, refusedEmployers } = readImportFile(db, bytes, options);
  const plan = planImport(db, rows, { ...options, refusedEmployers });
  if (problems.length || plan.problems.length) throw new InputError(allProblems(problems, plan));
  return plan.questions;
}

/**
 * Imports a CSV file: every row is checked before anything is written, then the rows are matched and written in
 * one immediate transaction (a second import waits for the first). Throws InputError with every problem.
 */
export function importPledges(db: Db, bytes: Uint8Array, options: ImportOptions): ImportSummary {
  const { rows, problems, refusedEmployers } = readImportFile(db, bytes, options);
  const why = `import ${options.fileName ?? "CSV"}`;
  const run = () => {
    const plan = planImport(db, rows, { ...options, refusedEmployers });
    const all = allProblems(problems, plan);
    if (all.length) throw new InputError(all);
    options.onProgress?.("writing", 0, plan.eventsToAdd);
    applyImportPlan(db, plan, options.actor, why, (done) => options.onProgress?.("writing", done, plan.eventsToAdd));
    // A dry run writes as the import would and undoes it all, so it can report the histories that would look
    // mistaken once the file's events join the stored ones (warned about, not refused; `lwd db check` lists them).
    if (options.dryRun) {
      for (const w of checkWarnings(db, importedEmployerIds(plan))) plan.warnings.push(w.detail);
      throw new DryRunDone(plan);
    }
    return plan;
  };
  // Planning inside the write transaction means a concurrent import cannot slip the same employer in between.
  const plan = withStatementJournalsInMemory(db, () => {
    try {
      return db.$client.transaction(run).immediate();
    } catch (error) {
      if (error instanceof DryRunDone) return error.plan;
      throw error;
    }
  });
  return {
    dryRun: !!options.dryRun,
    rows: plan.rowCount,
    employersCreated: plan.employersToCreate.length,
    eventsAdded: plan.eventsToAdd,
    servicesAdded: plan.servicesToAdd.reduce((n, s) => n + s.codes.length, 0),
    rowsUnchanged: plan.rowsUnchanged,
    createdEmployers: plan.employersToCreate,
    warnings: plan.warnings,
  };
}
