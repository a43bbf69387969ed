/** Employers: reading one or all of them with their status, finding by name, and adding one. */
import { and, asc, eq, getTableColumns, ne, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { firstIssue, InputError, type Problem } from "../errors.ts";
import {
  areas,
  commitmentEvents,
  employerNames,
  employers,
  slugRedirects as slugRedirectsTable,
  type RateArea,
  type Status,
} from "../schema.ts";
import { slugFor } from "../slugs.ts";
import { describeIssues, employerInput, FIELD_NAMES, otherName } from "../validation.ts";
import { newEmployerRecord, recordAudit } from "./audit.ts";
import { SEED_HANDLE, type Contributor } from "./contributors.ts";
import { withCorrections, type Correction } from "./corrections.ts";
import {
  exactKey,
  loadEmployerIndex,
  possibleDuplicates,
  type DuplicateMatch,
  type KnownEmployer,
} from "./duplicates.ts";
import { isProblem, loadLookups, resolveLookup, type Lookups } from "./lookups.ts";
import { changeServices, requireServices } from "./services.ts";
import { todayIso } from "../dates.ts";
import { ALL_STATUSES_ON_DATE_SQL, schemeStatusesAsOf, STATUS_ON_DATE_SQL, type SchemeStatus } from "./status.ts";

export interface EmployerSummary {
  id: number;
  slug: string;
  name: string;
  sectorCode: string;
  sectorName: string;
  areaCode: string;
  areaName: string;
  sizeCode: string | null;
  sizeName: string | null;
  status: Status | null;
  since: string | null;
  rateArea: RateArea | null;
  otherNames: string[];
  updatedAt: string;
  /** When a person last changed the record or its events (UTC); null when only the seed load wrote it. */
  lastChangedByPerson: string | null;
  /** The newest evidence on or before the as-of date: the date and source of the latest event of any kind. */
  latestEvidenceOn: string | null;
  latestEvidenceUrl: string | null;
  /** The status in each scheme the employer has held on the as-of date. */
  schemes: SchemeStatus[];
  /** The codes of the services it sells (the services lookup). */
  services: string[];
  /** Their names, in the same order. */
  serviceNames: string[];
}

/**
 * An event as every query reads and publishes it: the stored row, less who recorded it (never published), with the
 * corrections and retraction staff made to it, when there are any.
 */
export type EmployerEvent = Omit<typeof commitmentEvents.$inferSelect, "employerId" | "recordedBy"> & {
  corrections?: Correction[];
};

const { employerId: _employerId, recordedBy: _recordedBy, ...eventFields } = getTableColumns(commitmentEvents);
/** The fields of an EmployerEvent, for the query builder: every column but the employer and who recorded it. */
export const EVENT_FIELDS = eventFields;

/** An employer's own details, as validated, imported, generated and stored. */
export type EmployerDetails = Pick<
  typeof employers.$inferSelect,
  "name" | "companiesHouseNumber" | "sectorCode" | "sizeCode" | "areaCode" | "website"
>;

/** The time of a change as the schema's defaults write it, for updated_at. */
export const NOW_SQL = sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** The columns of an EmployerEvent (from the events table named `alias`, if given), named as its fields. */
export const eventColumns = (alias?: string) =>
  ["id", "event", "scheme", "effective_on AS effectiveOn", "rate_area AS rateArea", "rate_pence AS ratePence"]
    .concat(["workers_covered AS workersCovered", "workers_uplifted AS workersUplifted", "source_url AS sourceUrl"])
    .concat(["note", "reason", "recorded_at AS recordedAt", "retracted_at AS retractedAt"])
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(", ");
/** The same columns, for queries that read the events table alone. */
export const EVENT_COLUMNS = eventColumns();

export interface EmployerRecord extends EmployerSummary {
  companiesHouseNumber: string | null;
  website: string | null;
  createdAt: string;
  events: EmployerEvent[];
  /** Slugs that used to lead here (after a merge or a rename). */
  formerSlugs: string[];
}

const NOT_SEED = `IS NOT (SELECT id FROM contributors WHERE handle = '${SEED_HANDLE}')`;
/** The last instant of :asOf: a page for a past date names no change made after it. */
const END_OF_AS_OF = `(:asOf || 'T23:59:59.999Z')`;
/**
 * The last change a person made to employer e by the end of :asOf: an audited change of the employer or of an other
 * name it still has, or an event recorded by someone other than the seed load. Null when only the seed wrote it.
 */
const LAST_CHANGED_BY_PERSON = `nullif(max(
    coalesce((SELECT max(al.at) FROM audit_log al WHERE al.table_name = 'employers' AND al.row_id = CAST(e.id AS TEXT)
      AND al.contributor_id ${NOT_SEED} AND al.at <= ${END_OF_AS_OF}), ''),
    coalesce((SELECT max(al.at) FROM employer_names n JOIN audit_log al
      ON al.table_name = 'employer_names' AND al.row_id = CAST(n.id AS TEXT)
      WHERE n.employer_id = e.id AND al.contributor_id ${NOT_SEED} AND al.at <= ${END_OF_AS_OF}), ''),
    coalesce((SELECT max(pe.recorded_at) FROM commitment_events pe
      WHERE pe.employer_id = e.id AND pe.recorded_by ${NOT_SEED} AND pe.recorded_at <= ${END_OF_AS_OF}), '')),
  '')`;

/** Employers with their lookups and status, the status from `statuses` (one employer's seek, or all at once). */
const summarySql = (statuses: string) => `
  SELECT e.id, e.slug, e.name, e.sector_code AS sectorCode, sec.name AS sectorName, e.area_code AS areaCode, a.name AS areaName,
    e.size_code AS sizeCode, sz.name AS sizeName, st.status, st.since, st.rate_area AS rateArea,
    (SELECT json_group_array(n.name) FROM (SELECT name FROM employer_names WHERE employer_id = e.id ORDER BY name) n) AS otherNames,
    max(e.updated_at, coalesce((SELECT max(recorded_at) FROM commitment_events WHERE employer_id = e.id), '')) AS updatedAt,
    ${LAST_CHANGED_BY_PERSON} AS lastChangedByPerson,
    (SELECT json_group_array(s.service_code) FROM (SELECT service_code FROM employer_services WHERE employer_id = e.id ORDER BY service_code) s) AS services,
    (SELECT json_group_array(s.name) FROM (SELECT sv.name FROM employer_services es JOIN services sv ON sv.code = es.service_code
      WHERE es.employer_id = e.id ORDER BY es.service_code) s) AS serviceNames,
    (SELECT le.effective_on || ' ' || le.source_url FROM commitment_events le
     WHERE le.employer_id = e.id AND le.retracted_at IS NULL AND le.effective_on <= :asOf
     ORDER BY le.effective_on DESC, le.id DESC LIMIT 1) AS latestEvidence,
    e.companies_house_number AS companiesHouseNumber, e.website, e.created_at AS createdAt
  FROM employers e
  JOIN sectors sec ON sec.code = e.sector_code
  JOIN areas a ON a.code = e.area_code
  LEFT JOIN size_bands sz ON sz.code = e.size_code
  LEFT JOIN (${statuses}) st ON st.employer_id = e.id`;
const SUMMARY_SQL = summarySql(STATUS_ON_DATE_SQL);
const ALL_SUMMARIES_SQL = summarySql(ALL_STATUSES_ON_DATE_SQL);

type SummaryRow = Omit<
  EmployerRecord,
  "otherNames" | "events" | "formerSlugs" | "latestEvidenceOn" | "latestEvidenceUrl" | "schemes"
> & { otherNames: string; latestEvidence: string | null; services: string; serviceNames: string };

const toSummary = ({ latestEvidence, ...row }: SummaryRow, schemes: SchemeStatus[]) => {
  const at = latestEvidence?.indexOf(" ") ?? -1;
  return {
    ...row,
    otherNames: JSON.parse(row.otherNames) as string[],
    services: JSON.parse(row.services) as string[],
    serviceNames: JSON.parse(row.serviceNames) as string[],
    latestEvidenceOn: latestEvidence && at > 0 ? latestEvidence.slice(0, at) : null,
    latestEvidenceUrl: latestEvidence && at > 0 ? latestEvidence.slice(at + 1) : null,
    schemes,
  };
};

/** Every employer with its status on `asOf`, sorted by name: one query, for the directory and exports. */
export function listEmployers(db: Db, asOf: string = todayIso()): EmployerRecord[] {
  // Raw statement: the whole directory with every status in one query (measured in npm run bench).
  const rows = db.$client
    .prepare(`${ALL_SUMMARIES_SQL} ORDER BY e.name COLLATE NOCASE, e.id`)
    .all({ asOf }) as SummaryRow[];
  const schemes = schemeStatusesAsOf(db, asOf);
  return rows.map((r) => ({ ...toSummary(r, schemes.get(r.id) ?? []), events: [], formerSlugs: [] }));
}

/** Every event of every employer, grouped by employer id, in date order: one query for all pages. */
export function eventsByEmployer(db: Db): Map<number, EmployerEvent[]> {
  // Raw statement: reads every event at once for the downloads and the site build (measured in npm run bench).
  const rows = db.$client
    .prepare(
      `SELECT employer_id AS employerId, ${EVENT_COLUMNS}
       FROM commitment_events ORDER BY employer_id, effective_on, id`,
    )
    .all() as (EmployerEvent & { employerId: number })[];
  const map = new Map<number, EmployerEvent[]>();
  const corrected = withCorrections(db);
  for (const { employerId, ...event } of rows) {
    let list = map.get(employerId);
    if (!list) map.set(employerId, (list = []));
    list.push(corrected(event));
  }
  return map;
}

/** Every slug redirect: old slug to the employer's current slug. */
export function slugRedirects(db: Db): { oldSlug: string; slug: string }[] {
  return db
    .select({ oldSlug: slugRedirectsTable.oldSlug, slug: employers.slug })
    .from(slugRedirectsTable)
    .innerJoin(employers, eq(employers.id, slugRedirectsTable.employerId))
    .orderBy(asc(slugRedirectsTable.oldSlug))
    .all();
}

/** getEmployer's own reads, prepared once per connection: the site build asks for every employer's page. */
const employerReads = new WeakMap<Db, ReturnType<typeof prepareEmployerReads>>();
function prepareEmployerReads(db: Db) {
  const slug = sql.placeholder("slug");
  const id = sql.placeholder("id");
  return {
    idBySlug: db.select({ id: employers.id }).from(employers).where(eq(employers.slug, slug)).prepare(),
    idByFormerSlug: db
      .select({ id: slugRedirectsTable.employerId })
      .from(slugRedirectsTable)
      .where(eq(slugRedirectsTable.oldSlug, slug))
      .prepare(),
    events: db
      .select(EVENT_FIELDS)
      .from(commitmentEvents)
      .where(eq(commitmentEvents.employerId, id))
      .orderBy(asc(commitmentEvents.effectiveOn), asc(commitmentEvents.id))
      .prepare(),
    formerSlugs: db
      .select({ oldSlug: slugRedirectsTable.oldSlug })
      .from(slugRedirectsTable)
      .where(eq(slugRedirectsTable.employerId, id))
      .orderBy(asc(slugRedirectsTable.oldSlug))
      .prepare(),
  };
}

/** One employer by slug (current or former), with its events and other names; null when unknown. */
export function getEmployer(db: Db, slug: string, asOf: string = todayIso()): EmployerRecord | null {
  let reads = employerReads.get(db);
  if (!reads) employerReads.set(db, (reads = prepareEmployerReads(db)));
  const current = reads.idBySlug.get({ slug }) ?? reads.idByFormerSlug.get({ slug });
  if (!current) return null;
  // Raw statement: the summary shares the status SQL (named parameters) with listEmployers.
  const row = db.$client.prepare(`${SUMMARY_SQL} WHERE e.id = :id`).get({ asOf, id: current.id }) as SummaryRow;
  const events = reads.events.all({ id: current.id }).map(withCorrections(db));
  const formerSlugs = reads.formerSlugs.all({ id: current.id }).map((r) => r.oldSlug);
  const schemes = schemeStatusesAsOf(db, asOf, current.id).get(current.id) ?? [];
  return { ...toSummary(row, schemes), events, formerSlugs };
}

/** An employer's name and the rate area of its area (the default for its events), or null for an unknown slug. */
export function employerNameAndRateArea(db: Db, slug: string): { name: string; rateArea: RateArea } | null {
  return (
    db
      .select({ name: employers.name, rateArea: areas.rateArea })
      .from(employers)
      .innerJoin(areas, eq(areas.code, employers.areaCode))
      .where(eq(employers.slug, slug))
      .get() ?? null
  );
}

/** Employers whose name, other name, slug or company number contains `query` (case aside), with status today. */
export function findEmployers(db: Db, query: string, limit = 50): EmployerSummary[] {
  const like = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // Raw statement: the summary shares the status SQL (named parameters) with listEmployers.
  const rows = db.$client
    .prepare(
      `${SUMMARY_SQL}
       WHERE e.name LIKE :like ESCAPE '\\' OR e.slug LIKE :like ESCAPE '\\' OR e.companies_house_number LIKE :like ESCAPE '\\'
         OR EXISTS (SELECT 1 FROM employer_names n WHERE n.employer_id = e.id AND n.name LIKE :like ESCAPE '\\')
       ORDER BY e.name COLLATE NOCASE LIMIT :limit`,
    )
    .all({ asOf: todayIso(), like, limit }) as SummaryRow[];
  const asOf = todayIso();
  return rows.map((r) => toSummary(r, schemeStatusesAsOf(db, asOf, r.id).get(r.id) ?? []));
}

/** Checks an employer's fields against zod and the lookup tables; returns the clean values or every problem. */
export function validateEmployer(
  input: unknown,
  lookups: Lookups,
):
  | {
      ok: true;
      value: EmployerDetails;
    }
  | { ok: false; problems: Problem[] } {
  const parsed = employerInput.safeParse(input);
  const problems: Problem[] = parsed.success ? [] : describeIssues(parsed.error, FIELD_NAMES);
  if (!parsed.success) return { ok: false, problems };
  const d = parsed.data;
  const sector = resolveLookup(lookups.sectors, d.sectorCode, "sector", "sector");
  const area = resolveLookup(lookups.areas, d.areaCode, "area", "area");
  const size = d.sizeCode ? resolveLookup(lookups.sizes, d.sizeCode, "size", "size") : null;
  for (const r of [sector, area, size]) if (r && isProblem(r)) problems.push(r);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name: d.name,
      companiesHouseNumber: d.companiesHouseNumber ?? null,
      sectorCode: (sector as { code: string }).code,
      areaCode: (area as { code: string }).code,
      sizeCode: size ? (size as { code: string }).code : null,
      website: d.website ?? null,
    },
  };
}

/** Refuses a change that only staff may make, or one given without a reason for the audit log. */
function requireStaffWithReason(actor: Contributor, action: string, why: string | undefined, ask: string): void {
  if (actor.role !== "staff")
    throw new InputError([{ field: "as", message: `only staff may ${action}; "${actor.handle}" is a campaigner` }]);
  if (!why?.trim())
    throw new InputError([{ field: "why", message: `say ${ask}: --why "…" (it goes in the audit log)` }]);
}

/** Field names as a person types them; defined with the shapes so the browser form shares them. */
export { FIELD_NAMES };

/** Inserts an employer and its other names (no duplicate check: callers decide), audited. Call inside a transaction. */
export function insertEmployer(
  db: Db,
  value: {
    name: string;
    companiesHouseNumber: string | null;
    sectorCode: string;
    sizeCode: string | null;
    areaCode: string;
    website: string | null;
  },
  otherNames: string[],
  actor: Contributor,
): { id: number; slug: string } {
  const slug = slugFor(value.name, (s) => isSlugTaken(db, s));
  const row = db
    .insert(employers)
    .values({ slug, ...value })
    .returning({ id: employers.id, slug: employers.slug })
    .get();
  recordAudit(db, {
    table: "employers",
    rowId: row.id,
    action: "insert",
    after: newEmployerRecord(slug, value),
    contributorId: actor.id,
  });
  for (const name of otherNames) {
    const nameId = addOtherName(db, row.id, name);
    if (nameId !== null)
      recordAudit(db, {
        table: "employer_names",
        rowId: String(nameId),
        action: "insert",
        after: { employerId: row.id, name },
        contributorId: actor.id,
      });
  }
  return row;
}

/** Whether an employer has `slug`, now or as a former slug. */
function isSlugTaken(db: Db, slug: string): boolean {
  return (
    db.select({ id: employers.id }).from(employers).where(eq(employers.slug, slug)).get() !== undefined ||
    db
      .select({ id: slugRedirectsTable.employerId })
      .from(slugRedirectsTable)
      .where(eq(slugRedirectsTable.oldSlug, slug))
      .get() !== undefined
  );
}

/**
 * The employer other than `exceptId` that already has `name` as its name or an other name, compared as the duplicate
 * checks compare exact names (case and spacing aside); null when none has.
 */
function nameHolder(
  db: Db,
  name: string,
  exceptId: number,
): { slug: string; name: string; asOtherName: boolean } | null {
  const wanted = exactKey(name);
  const rows = db.$client
    .prepare(
      `SELECT e.slug, e.name, 0 AS asOtherName FROM employers e WHERE e.id <> ?
       UNION ALL SELECT e.slug, n.name, 1 FROM employer_names n JOIN employers e ON e.id = n.employer_id WHERE e.id <> ?`,
    )
    .iterate(exceptId, exceptId) as IterableIterator<{ slug: string; name: string; asOtherName: number }>;
  for (const row of rows)
    if (exactKey(row.name) === wanted) return { slug: row.slug, name: row.name, asOtherName: row.asOtherName === 1 };
  return null;
}

/** Gives an employer another name unless it already has it; the new row's id, or null when nothing was added. */
function addOtherName(db: Db, employerId: number, name: string): number | bigint | null {
  // Raw statement: INSERT OR IGNORE also skips a name its CHECK refuses, which onConflictDoNothing would not.
  const r = db.$client
    .prepare("INSERT OR IGNORE INTO employer_names (employer_id, name) VALUES (?, ?)")
    .run(employerId, name);
  return r.changes ? r.lastInsertRowid : null;
}

/** What adding an employer would run into: an employer with exactly this name, or ones that look like it. */
export function duplicatesOf(
  db: Db,
  value: { name: string; companiesHouseNumber: string | null },
): { exact: KnownEmployer | null; similar: DuplicateMatch[] } {
  const index = loadEmployerIndex(db);
  const exact = index.byExactName.get(exactKey(value.name)) ?? null;
  const similar = possibleDuplicates(index, value.name, value.companiesHouseNumber).filter(
    (m) => m.employer.id !== exact?.id,
  );
  return { exact, similar };
}

export interface AddEmployerOptions {
  /** Create it even though it looks like an existing employer (never with a company number in use). */
  allowNew?: boolean;
  /** Use this existing employer instead, as chosen at a prompt. */
  useExisting?: string;
  /** Services it sells, by code or name (`lwd lookups services`); given only to a new employer. */
  services?: string[];
}

/**
 * Adds one employer after validation. An employer with exactly this name is used instead (nothing added); one
 * that only looks like it is refused unless `allowNew`; a company number already in use is always refused.
 */
export function addEmployer(
  db: Db,
  input: unknown,
  otherNames: string[],
  actor: Contributor,
  options: AddEmployerOptions = {},
): { id: number; slug: string; created: boolean } {
  const checked = validateEmployer(input, loadLookups(db));
  if (!checked.ok) throw new InputError(checked.problems);
  const v = checked.value;
  const serviceCodes = requireServices(db, options.services, "service");
  const cleanNames = [...new Set(otherNames.map((n) => n.trim().replace(/\s+/g, " ")).filter(Boolean))];
  for (const n of cleanNames) {
    const checked = otherName.safeParse(n);
    if (!checked.success)
      throw new InputError([
        { field: "other_name", message: `${firstIssue(checked.error)} (${JSON.stringify(n.slice(0, 60))})` },
      ]);
  }
  return db.$client
    .transaction(() => {
      const { exact, similar } = duplicatesOf(db, v);
      if (options.useExisting) {
        const chosen = [exact, ...similar.map((m) => m.employer)].find((e) => e?.slug === options.useExisting);
        if (chosen) return { id: chosen.id, slug: chosen.slug, created: false };
      }
      const numberClash = similar.find(
        (m) => v.companiesHouseNumber && m.employer.companiesHouseNumber === v.companiesHouseNumber,
      );
      const holder =
        numberClash?.employer ??
        (exact?.companiesHouseNumber && v.companiesHouseNumber && exact.companiesHouseNumber !== v.companiesHouseNumber
          ? exact
          : null);
      if (holder) {
        if (holder.companiesHouseNumber === v.companiesHouseNumber)
          throw new InputError([
            {
              field: "companies_house_number",
              message: `${v.companiesHouseNumber} already belongs to "${holder.name}" (${holder.slug}); that is the employer to use`,
            },
          ]);
        throw new InputError([
          {
            field: "companies_house_number",
            message: `${v.companiesHouseNumber} differs from ${holder.companiesHouseNumber}, the number of the existing employer "${holder.name}" (${holder.slug})`,
          },
        ]);
      }
      if (exact && !options.allowNew) return { id: exact.id, slug: exact.slug, created: false };
      if (similar.length && !options.allowNew)
        throw new InputError([
          {
            field: "name",
            message: `"${v.name}" looks like an employer already known — ${similar.map((m) => `"${m.employer.name}" (${m.employer.slug}): ${m.because}`).join("; ")}. Use that employer, or add --new if this is a different one`,
          },
        ]);
      const added = insertEmployer(db, v, cleanNames, actor);
      changeServices(db, added.id, serviceCodes, [], actor);
      return { ...added, created: true };
    })
    .immediate();
}

/** The employer fields staff may change with `lwd employer edit`. */
export interface EmployerChanges {
  name?: string;
  sector?: string;
  area?: string;
  size?: string | null;
  companyNumber?: string | null;
  website?: string | null;
  addOtherNames?: string[];
  removeOtherNames?: string[];
  /** Services to add and remove, by code or name. */
  addServices?: string[];
  removeServices?: string[];
}

/**
 * Changes an employer's details (staff only), audited with before and after and why. The slug never changes; a
 * former name is kept as an other name so searches and duplicate checks still find it.
 */
export function editEmployer(
  db: Db,
  slug: string,
  changes: EmployerChanges,
  why: string | undefined,
  actor: Contributor,
): { slug: string; changed: string[] } {
  requireStaffWithReason(actor, "edit employers", why, "why the record is being changed");
  const current = db.select().from(employers).where(eq(employers.slug, slug)).get();
  if (!current)
    throw new InputError([
      { field: "employer", message: `no employer has the slug "${slug}"; \`lwd employer find NAME\` finds it` },
    ]);
  const checked = validateEmployer(
    {
      name: changes.name ?? current.name,
      sectorCode: changes.sector ?? current.sectorCode,
      areaCode: changes.area ?? current.areaCode,
      sizeCode: changes.size === undefined ? current.sizeCode : changes.size || null,
      companiesHouseNumber:
        changes.companyNumber === undefined ? current.companiesHouseNumber : changes.companyNumber || null,
      website: changes.website === undefined ? current.website : changes.website || null,
    },
    loadLookups(db),
  );
  if (!checked.ok) throw new InputError(checked.problems);
  const after = checked.value;
  const before = {
    name: current.name,
    companiesHouseNumber: current.companiesHouseNumber,
    sectorCode: current.sectorCode,
    sizeCode: current.sizeCode,
    areaCode: current.areaCode,
    website: current.website,
  };
  const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== after[k]);
  if (after.companiesHouseNumber && changed.includes("companiesHouseNumber")) {
    const holder = db
      .select({ slug: employers.slug })
      .from(employers)
      .where(and(eq(employers.companiesHouseNumber, after.companiesHouseNumber), ne(employers.id, current.id)))
      .get();
    if (holder)
      throw new InputError([
        {
          field: "company-number",
          message: `${after.companiesHouseNumber} already belongs to ${holder.slug}; merge the two with \`lwd employer merge\` if they are the same employer`,
        },
      ]);
  }
  const otherNames = db
    .select({ id: employerNames.id, name: employerNames.name })
    .from(employerNames)
    .where(eq(employerNames.employerId, current.id))
    .all();
  const toRemove = (changes.removeOtherNames ?? []).map((n) => {
    const row = otherNames.find((o) => o.name === n.trim());
    if (!row)
      throw new InputError([
        {
          field: "remove-other-name",
          message: `"${n.trim()}" is not one of ${slug}'s other names (${otherNames.map((o) => `"${o.name}"`).join(", ") || "it has none"})`,
        },
      ]);
    return row;
  });
  const addServices = requireServices(db, changes.addServices, "service");
  const removeServices = requireServices(db, changes.removeServices, "remove-service");
  const toAdd = [...new Set((changes.addOtherNames ?? []).map((n) => n.trim().replace(/\s+/g, " ")).filter(Boolean))];
  for (const n of toAdd) {
    const valid = otherName.safeParse(n);
    if (!valid.success)
      throw new InputError([
        {
          field: "add-other-name",
          message: `${firstIssue(valid.error)} (${JSON.stringify(n.slice(0, 60))}${n.length > 60 ? "…" : ""})`,
        },
      ]);
  }
  const newNames = [
    ...(changed.includes("name") ? [{ field: "name", name: after.name }] : []),
    ...toAdd.map((name) => ({ field: "add-other-name", name })),
  ];
  if (changed.includes("name")) toAdd.push(current.name);
  return db.$client
    .transaction(() => {
      // Checked inside the write transaction, so another write cannot give the name away in between.
      const clashes = newNames.flatMap(({ field, name }) => {
        const holder = nameHolder(db, name, current.id);
        return holder
          ? [
              {
                field,
                message: `"${name}" is already ${holder.asOtherName ? `an other name ("${holder.name}")` : "the name"} of ${holder.slug}; two employers may not share a name. If they are the same employer, merge them: \`lwd employer merge ${current.slug} ${holder.slug} --why "…"\``,
              },
            ]
          : [];
      });
      if (clashes.length) throw new InputError(clashes);
      if (changed.length) {
        db.update(employers)
          .set({ ...after, updatedAt: NOW_SQL })
          .where(eq(employers.id, current.id))
          .run();
        recordAudit(db, {
          table: "employers",
          rowId: current.id,
          action: "update",
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, after[k]])),
          contributorId: actor.id,
          why,
        });
      }
      const names: string[] = [];
      for (const { id, name: n } of toRemove) {
        db.delete(employerNames).where(eq(employerNames.id, id)).run();
        recordAudit(db, {
          table: "employer_names",
          rowId: id,
          action: "delete",
          before: { employerId: current.id, name: n },
          contributorId: actor.id,
          why,
        });
        names.push(`-other name "${n}"`);
      }
      for (const n of toAdd) {
        if (n === after.name) continue;
        const nameId = addOtherName(db, current.id, n);
        if (nameId !== null) {
          recordAudit(db, {
            table: "employer_names",
            rowId: String(nameId),
            action: "insert",
            after: { employerId: current.id, name: n },
            contributorId: actor.id,
            why,
          });
          names.push(`+other name "${n}"`);
        }
      }
      names.push(...changeServices(db, current.id, addServices, removeServices, actor, why));
      return { slug: current.slug, changed: [...changed.map((k) => FIELD_NAMES[k] ?? k), ...names] };
    })
    .immediate();
}

/**
 * Merges a duplicate into the employer it duplicates (staff only): events, other names and redirects move, the
 * duplicate's name becomes an other name, its slug redirects, and the duplicate row goes; every step audited.
 */
export function mergeEmployers(
  db: Db,
  fromSlug: string,
  intoSlug: string,
  why: string | undefined,
  actor: Contributor,
): { from: string; into: string; eventsMoved: number } {
  requireStaffWithReason(actor, "merge employers", why, "why these are the same employer");
  const find = (slug: string) => db.select().from(employers).where(eq(employers.slug, slug)).get();
  const f = find(fromSlug);
  const t = find(intoSlug);
  if (!f || !t)
    throw new InputError(
      [!f && fromSlug, !t && intoSlug]
        .filter((m) => typeof m === "string")
        .map((m) => ({
          field: "employer",
          message: `no employer has the slug "${m}"; \`lwd employer find NAME\` finds it`,
        })),
    );
  if (f.id === t.id) throw new InputError([{ field: "employer", message: "an employer cannot be merged into itself" }]);
  if (f.companiesHouseNumber && t.companiesHouseNumber && f.companiesHouseNumber !== t.companiesHouseNumber)
    throw new InputError([
      {
        field: "companies_house_number",
        message: `${fromSlug} (${f.companiesHouseNumber}) and ${intoSlug} (${t.companiesHouseNumber}) are different companies; correct one with \`lwd employer edit\` first if they are the same`,
      },
    ]);
  return db.$client
    .transaction(() => {
      const audit = (entry: Omit<Parameters<typeof recordAudit>[1], "contributorId" | "why">) =>
        recordAudit(db, { ...entry, contributorId: actor.id, why });
      // A row that now belongs to the employer merged into.
      const moved = (table: string, rowId: string | number) =>
        audit({ table, rowId, action: "update", before: { employerId: f.id }, after: { employerId: t.id } });
      const events = db
        .update(commitmentEvents)
        .set({ employerId: t.id })
        .where(eq(commitmentEvents.employerId, f.id))
        .returning({ id: commitmentEvents.id })
        .all();
      for (const e of events.sort((a, b) => a.id - b.id)) moved("commitment_events", e.id);
      const names = db
        .select({ id: employerNames.id, name: employerNames.name })
        .from(employerNames)
        .where(eq(employerNames.employerId, f.id))
        .all();
      for (const n of names) {
        db.delete(employerNames).where(eq(employerNames.id, n.id)).run();
        audit({ table: "employer_names", rowId: n.id, action: "delete", before: { employerId: f.id, name: n.name } });
      }
      for (const name of [f.name, ...names.map((n) => n.name)]) {
        if (name === t.name) continue;
        const nameId = addOtherName(db, t.id, name);
        if (nameId !== null)
          audit({
            table: "employer_names",
            rowId: String(nameId),
            action: "insert",
            after: { employerId: t.id, name },
          });
      }
      const redirects = db
        .update(slugRedirectsTable)
        .set({ employerId: t.id })
        .where(eq(slugRedirectsTable.employerId, f.id))
        .returning({ oldSlug: slugRedirectsTable.oldSlug })
        .all();
      for (const r of redirects.sort((a, b) => (a.oldSlug < b.oldSlug ? -1 : 1))) moved("slug_redirects", r.oldSlug);
      const intoChanges: Record<string, unknown> = {};
      const intoBefore: Record<string, unknown> = {};
      // The merged record existed as long as the older of the two: its events must not predate it.
      if (f.createdAt < t.createdAt) [intoBefore.createdAt, intoChanges.createdAt] = [t.createdAt, f.createdAt];
      if (f.companiesHouseNumber && !t.companiesHouseNumber)
        [intoBefore.companiesHouseNumber, intoChanges.companiesHouseNumber] = [null, f.companiesHouseNumber];
      // The deleted row's before-image keeps the stored column names (snake_case), as the audit log always has.
      const fromBefore = db.get<Record<string, unknown>>(sql`SELECT * FROM ${employers} WHERE id = ${f.id}`);
      db.delete(employers).where(eq(employers.id, f.id)).run();
      audit({ table: "employers", rowId: f.id, action: "delete", before: fromBefore, after: { mergedInto: t.slug } });
      db.update(employers)
        .set({
          createdAt: sql`min(${employers.createdAt}, ${f.createdAt})`,
          companiesHouseNumber: sql`coalesce(${employers.companiesHouseNumber}, ${f.companiesHouseNumber})`,
          updatedAt: NOW_SQL,
        })
        .where(eq(employers.id, t.id))
        .run();
      if (Object.keys(intoChanges).length)
        audit({ table: "employers", rowId: t.id, action: "update", before: intoBefore, after: intoChanges });
      db.insert(slugRedirectsTable).values({ oldSlug: f.slug, employerId: t.id }).run();
      audit({ table: "slug_redirects", rowId: f.slug, action: "insert", after: { oldSlug: f.slug, employerId: t.id } });
      return { from: f.slug, into: t.slug, eventsMoved: events.length };
    })
    .immediate();
}
