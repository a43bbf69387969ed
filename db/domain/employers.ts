/** Employers: reading one or all of them with their status, finding by name, and adding one. */
import type { Db } from "../client.ts";
import { InputError, type Problem } from "../errors.ts";
import type { EventKind, RateArea, Status } from "../schema.ts";
import { slugFor } from "../slugs.ts";
import { describeIssues, employerInput } from "../validation.ts";
import { recordAudit } from "./audit.ts";
import type { Contributor } from "./contributors.ts";
import { isProblem, loadLookups, resolveLookup, type Lookups } from "./lookups.ts";
import { STATUS_ON_DATE_SQL, today } from "./status.ts";

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
}

export interface EmployerEvent {
  id: number;
  event: EventKind;
  effectiveOn: string;
  rateArea: RateArea;
  ratePence: number | null;
  workersCovered: number | null;
  workersUplifted: number | null;
  sourceUrl: string;
  note: string | null;
  reason: string | null;
  recordedAt: string;
}

export interface EmployerRecord extends EmployerSummary {
  companiesHouseNumber: string | null;
  website: string | null;
  createdAt: string;
  events: EmployerEvent[];
  /** Slugs that used to lead here (after a merge or a rename). */
  formerSlugs: string[];
}

const SUMMARY_SQL = `
  SELECT e.id, e.slug, e.name, e.sector_code AS sectorCode, sec.name AS sectorName, e.area_code AS areaCode, a.name AS areaName,
    e.size_code AS sizeCode, sz.name AS sizeName, st.status, st.since, st.rate_area AS rateArea,
    (SELECT json_group_array(n.name) FROM (SELECT name FROM employer_names WHERE employer_id = e.id ORDER BY name) n) AS otherNames,
    max(e.updated_at, coalesce((SELECT max(recorded_at) FROM commitment_events WHERE employer_id = e.id), '')) AS updatedAt,
    e.companies_house_number AS companiesHouseNumber, e.website, e.created_at AS createdAt
  FROM employers e
  JOIN sectors sec ON sec.code = e.sector_code
  JOIN areas a ON a.code = e.area_code
  LEFT JOIN size_bands sz ON sz.code = e.size_code
  LEFT JOIN (${STATUS_ON_DATE_SQL}) st ON st.employer_id = e.id`;

type SummaryRow = Omit<EmployerRecord, "otherNames" | "events" | "formerSlugs"> & { otherNames: string };

const toSummary = (row: SummaryRow) => ({ ...row, otherNames: JSON.parse(row.otherNames) as string[] });

/** Every employer with its status on `asOf`, sorted by name: one query, for the directory and exports. */
export function listEmployers(db: Db, asOf: string = today()): EmployerRecord[] {
  const rows = db.$client.prepare(`${SUMMARY_SQL} ORDER BY e.name COLLATE NOCASE, e.id`).all({ asOf }) as SummaryRow[];
  return rows.map((r) => ({ ...toSummary(r), events: [], formerSlugs: [] }));
}

/** Every event of every employer, grouped by employer id, in date order: one query for all pages. */
export function eventsByEmployer(db: Db): Map<number, EmployerEvent[]> {
  const rows = db.$client
    .prepare(
      `SELECT employer_id AS employerId, id, event, effective_on AS effectiveOn, rate_area AS rateArea, rate_pence AS ratePence,
         workers_covered AS workersCovered, workers_uplifted AS workersUplifted, source_url AS sourceUrl, note, reason, recorded_at AS recordedAt
       FROM commitment_events ORDER BY employer_id, effective_on, id`,
    )
    .all() as (EmployerEvent & { employerId: number })[];
  const map = new Map<number, EmployerEvent[]>();
  for (const { employerId, ...event } of rows) {
    let list = map.get(employerId);
    if (!list) map.set(employerId, (list = []));
    list.push(event);
  }
  return map;
}

/** Every slug redirect: old slug to the employer's current slug. */
export function slugRedirects(db: Db): { oldSlug: string; slug: string }[] {
  return db.$client
    .prepare("SELECT r.old_slug AS oldSlug, e.slug FROM slug_redirects r JOIN employers e ON e.id = r.employer_id ORDER BY r.old_slug")
    .all() as { oldSlug: string; slug: string }[];
}

/** One employer by slug (current or former), with its events and other names; null when unknown. */
export function getEmployer(db: Db, slug: string, asOf: string = today()): EmployerRecord | null {
  const sqlite = db.$client;
  const current =
    (sqlite.prepare("SELECT id FROM employers WHERE slug = ?").get(slug) as { id: number } | undefined) ??
    (sqlite.prepare("SELECT employer_id AS id FROM slug_redirects WHERE old_slug = ?").get(slug) as { id: number } | undefined);
  if (!current) return null;
  const row = sqlite.prepare(`${SUMMARY_SQL} WHERE e.id = :id`).get({ asOf, id: current.id }) as SummaryRow;
  const events = sqlite
    .prepare(
      `SELECT id, event, effective_on AS effectiveOn, rate_area AS rateArea, rate_pence AS ratePence, workers_covered AS workersCovered,
         workers_uplifted AS workersUplifted, source_url AS sourceUrl, note, reason, recorded_at AS recordedAt
       FROM commitment_events WHERE employer_id = ? ORDER BY effective_on, id`,
    )
    .all(current.id) as EmployerEvent[];
  const formerSlugs = (sqlite.prepare("SELECT old_slug AS s FROM slug_redirects WHERE employer_id = ? ORDER BY old_slug").all(current.id) as { s: string }[]).map((r) => r.s);
  return { ...toSummary(row), events, formerSlugs };
}

/** Employers whose name, other name, slug or company number contains `query` (case aside), with status today. */
export function findEmployers(db: Db, query: string, limit = 50): EmployerSummary[] {
  const like = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = db.$client
    .prepare(
      `${SUMMARY_SQL}
       WHERE e.name LIKE :like ESCAPE '\\' OR e.slug LIKE :like ESCAPE '\\' OR e.companies_house_number LIKE :like ESCAPE '\\'
         OR EXISTS (SELECT 1 FROM employer_names n WHERE n.employer_id = e.id AND n.name LIKE :like ESCAPE '\\')
       ORDER BY e.name COLLATE NOCASE LIMIT :limit`,
    )
    .all({ asOf: today(), like, limit }) as SummaryRow[];
  return rows.map(toSummary);
}

/** Checks an employer's fields against zod and the lookup tables; returns the clean values or every problem. */
export function validateEmployer(
  input: unknown,
  lookups: Lookups,
): { ok: true; value: { name: string; companiesHouseNumber: string | null; sectorCode: string; sizeCode: string | null; areaCode: string; website: string | null } } | { ok: false; problems: Problem[] } {
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

/** Field names as a person types them, for error messages. */
export const FIELD_NAMES: Record<string, string> = {
  name: "name",
  companiesHouseNumber: "companies_house_number",
  sectorCode: "sector",
  sizeCode: "size",
  areaCode: "area",
  website: "website",
  effectiveOn: "date",
  rateArea: "rate_area",
  ratePence: "hourly_rate",
  workersCovered: "workers_covered",
  workersUplifted: "workers_uplifted",
  sourceUrl: "source_url",
};

/** Inserts an employer and its other names (no duplicate check: callers decide), audited. Call inside a transaction. */
export function insertEmployer(
  db: Db,
  value: { name: string; companiesHouseNumber: string | null; sectorCode: string; sizeCode: string | null; areaCode: string; website: string | null },
  otherNames: string[],
  actor: Contributor,
): { id: number; slug: string } {
  const sqlite = db.$client;
  const taken = sqlite.prepare("SELECT 1 FROM employers WHERE slug = ? UNION ALL SELECT 1 FROM slug_redirects WHERE old_slug = ?");
  const slug = slugFor(value.name, (s) => taken.get(s, s) !== undefined);
  const row = sqlite
    .prepare(
      `INSERT INTO employers (slug, name, companies_house_number, sector_code, size_code, area_code, website)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id, slug`,
    )
    .get(slug, value.name, value.companiesHouseNumber, value.sectorCode, value.sizeCode, value.areaCode, value.website) as { id: number; slug: string };
  recordAudit(db, { table: "employers", rowId: row.id, action: "insert", after: { slug, ...value }, contributorId: actor.id });
  const addName = sqlite.prepare("INSERT OR IGNORE INTO employer_names (employer_id, name) VALUES (?, ?)");
  for (const name of otherNames) {
    const r = addName.run(row.id, name);
    if (r.changes) recordAudit(db, { table: "employer_names", rowId: String(r.lastInsertRowid), action: "insert", after: { employerId: row.id, name }, contributorId: actor.id });
  }
  return row;
}

/** Adds one employer after validation; refuses a name or company number already in use. */
export function addEmployer(db: Db, input: unknown, otherNames: string[], actor: Contributor): { id: number; slug: string } {
  const checked = validateEmployer(input, loadLookups(db));
  if (!checked.ok) throw new InputError(checked.problems);
  const v = checked.value;
  const sqlite = db.$client;
  const sameName = sqlite.prepare("SELECT slug FROM employers WHERE name = ? COLLATE NOCASE").get(v.name) as { slug: string } | undefined;
  if (sameName) throw new InputError([{ field: "name", message: `an employer called "${v.name}" already exists (${sameName.slug})` }]);
  if (v.companiesHouseNumber) {
    const sameNumber = sqlite.prepare("SELECT slug FROM employers WHERE companies_house_number = ?").get(v.companiesHouseNumber) as { slug: string } | undefined;
    if (sameNumber) throw new InputError([{ field: "companies_house_number", message: `${v.companiesHouseNumber} already belongs to ${sameNumber.slug}` }]);
  }
  const cleanNames = [...new Set(otherNames.map((n) => n.trim()).filter(Boolean))];
  for (const n of cleanNames) if (n.length > 300) throw new InputError([{ field: "other_names", message: "each other name must be at most 300 characters" }]);
  return sqlite.transaction(() => insertEmployer(db, v, cleanNames, actor))();
}
