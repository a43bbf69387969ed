/** Employers: reading one or all of them with their status, finding by name, and adding one. */
import type { Db } from "../client.ts";
import { InputError, type Problem } from "../errors.ts";
import type { commitmentEvents, RateArea, Status } from "../schema.ts";
import { slugFor } from "../slugs.ts";
import { describeIssues, employerInput, FIELD_NAMES, otherName } from "../validation.ts";
import { recordAudit } from "./audit.ts";
import type { Contributor } from "./contributors.ts";
import {
  exactKey,
  loadEmployerIndex,
  possibleDuplicates,
  type DuplicateMatch,
  type KnownEmployer,
} from "./duplicates.ts";
import { isProblem, loadLookups, resolveLookup, type Lookups } from "./lookups.ts";
import { todayIso } from "../dates.ts";
import { ALL_STATUSES_ON_DATE_SQL, STATUS_ON_DATE_SQL } from "./status.ts";

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

/** An event as every query reads and publishes it: the stored row, less who recorded it (never published). */
export type EmployerEvent = Omit<typeof commitmentEvents.$inferSelect, "employerId" | "recordedBy">;

/** The columns of an EmployerEvent (from the events table named `alias`, if given), named as its fields. */
export const eventColumns = (alias?: string) =>
  ["id", "event", "effective_on AS effectiveOn", "rate_area AS rateArea", "rate_pence AS ratePence"]
    .concat(["workers_covered AS workersCovered", "workers_uplifted AS workersUplifted", "source_url AS sourceUrl"])
    .concat(["note", "reason", "recorded_at AS recordedAt"])
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

/** Employers with their lookups and status, the status from `statuses` (one employer's seek, or all at once). */
const summarySql = (statuses: string) => `
  SELECT e.id, e.slug, e.name, e.sector_code AS sectorCode, sec.name AS sectorName, e.area_code AS areaCode, a.name AS areaName,
    e.size_code AS sizeCode, sz.name AS sizeName, st.status, st.since, st.rate_area AS rateArea,
    (SELECT json_group_array(n.name) FROM (SELECT name FROM employer_names WHERE employer_id = e.id ORDER BY name) n) AS otherNames,
    max(e.updated_at, coalesce((SELECT max(recorded_at) FROM commitment_events WHERE employer_id = e.id), '')) AS updatedAt,
    e.companies_house_number AS companiesHouseNumber, e.website, e.created_at AS createdAt
  FROM employers e
  JOIN sectors sec ON sec.code = e.sector_code
  JOIN areas a ON a.code = e.area_code
  LEFT JOIN size_bands sz ON sz.code = e.size_code
  LEFT JOIN (${statuses}) st ON st.employer_id = e.id`;
const SUMMARY_SQL = summarySql(STATUS_ON_DATE_SQL);
const ALL_SUMMARIES_SQL = summarySql(ALL_STATUSES_ON_DATE_SQL);

type SummaryRow = Omit<EmployerRecord, "otherNames" | "events" | "formerSlugs"> & { otherNames: string };

const toSummary = (row: SummaryRow) => ({ ...row, otherNames: JSON.parse(row.otherNames) as string[] });

/** Every employer with its status on `asOf`, sorted by name: one query, for the directory and exports. */
export function listEmployers(db: Db, asOf: string = todayIso()): EmployerRecord[] {
  const rows = db.$client
    .prepare(`${ALL_SUMMARIES_SQL} ORDER BY e.name COLLATE NOCASE, e.id`)
    .all({ asOf }) as SummaryRow[];
  return rows.map((r) => ({ ...toSummary(r), events: [], formerSlugs: [] }));
}

/** Every event of every employer, grouped by employer id, in date order: one query for all pages. */
export function eventsByEmployer(db: Db): Map<number, EmployerEvent[]> {
  const rows = db.$client
    .prepare(
      `SELECT employer_id AS employerId, ${EVENT_COLUMNS}
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
    .prepare(
      "SELECT r.old_slug AS oldSlug, e.slug FROM slug_redirects r JOIN employers e ON e.id = r.employer_id ORDER BY r.old_slug",
    )
    .all() as { oldSlug: string; slug: string }[];
}

/** One employer by slug (current or former), with its events and other names; null when unknown. */
export function getEmployer(db: Db, slug: string, asOf: string = todayIso()): EmployerRecord | null {
  const sqlite = db.$client;
  const current =
    (sqlite.prepare("SELECT id FROM employers WHERE slug = ?").get(slug) as { id: number } | undefined) ??
    (sqlite.prepare("SELECT employer_id AS id FROM slug_redirects WHERE old_slug = ?").get(slug) as
      { id: number } | undefined);
  if (!current) return null;
  const row = sqlite.prepare(`${SUMMARY_SQL} WHERE e.id = :id`).get({ asOf, id: current.id }) as SummaryRow;
  const events = sqlite
    .prepare(
      `SELECT ${EVENT_COLUMNS}
       FROM commitment_events WHERE employer_id = ? ORDER BY effective_on, id`,
    )
    .all(current.id) as EmployerEvent[];
  const formerSlugs = (
    sqlite
      .prepare("SELECT old_slug AS s FROM slug_redirects WHERE employer_id = ? ORDER BY old_slug")
      .all(current.id) as { s: string }[]
  ).map((r) => r.s);
  return { ...toSummary(row), events, formerSlugs };
}

/** Employers whose name, other name, slug or company number contains `query` (case aside), with status today. */
/** An employer's name and the rate area of its area (the default for its events), or null for an unknown slug. */
export function employerNameAndRateArea(db: Db, slug: string): { name: string; rateArea: RateArea } | null {
  return (
    (db.$client
      .prepare(
        "SELECT e.name, a.rate_area AS rateArea FROM employers e JOIN areas a ON a.code = e.area_code WHERE e.slug = ?",
      )
      .get(slug) as { name: string; rateArea: RateArea } | undefined) ?? null
  );
}

export function findEmployers(db: Db, query: string, limit = 50): EmployerSummary[] {
  const like = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = db.$client
    .prepare(
      `${SUMMARY_SQL}
       WHERE e.name LIKE :like ESCAPE '\\' OR e.slug LIKE :like ESCAPE '\\' OR e.companies_house_number LIKE :like ESCAPE '\\'
         OR EXISTS (SELECT 1 FROM employer_names n WHERE n.employer_id = e.id AND n.name LIKE :like ESCAPE '\\')
       ORDER BY e.name COLLATE NOCASE LIMIT :limit`,
    )
    .all({ asOf: todayIso(), like, limit }) as SummaryRow[];
  return rows.map(toSummary);
}

/** Checks an employer's fields against zod and the lookup tables; returns the clean values or every problem. */
export function validateEmployer(
  input: unknown,
  lookups: Lookups,
):
  | {
      ok: true;
      value: {
        name: string;
        companiesHouseNumber: string | null;
        sectorCode: string;
        sizeCode: string | null;
        areaCode: string;
        website: string | null;
      };
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
  const sqlite = db.$client;
  const taken = sqlite.prepare(
    "SELECT 1 FROM employers WHERE slug = ? UNION ALL SELECT 1 FROM slug_redirects WHERE old_slug = ?",
  );
  const slug = slugFor(value.name, (s) => taken.get(s, s) !== undefined);
  const row = sqlite
    .prepare(
      `INSERT INTO employers (slug, name, companies_house_number, sector_code, size_code, area_code, website)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id, slug`,
    )
    .get(
      slug,
      value.name,
      value.companiesHouseNumber,
      value.sectorCode,
      value.sizeCode,
      value.areaCode,
      value.website,
    ) as { id: number; slug: string };
  recordAudit(db, {
    table: "employers",
    rowId: row.id,
    action: "insert",
    after: { slug, ...value },
    contributorId: actor.id,
  });
  const addName = sqlite.prepare("INSERT OR IGNORE INTO employer_names (employer_id, name) VALUES (?, ?)");
  for (const name of otherNames) {
    const r = addName.run(row.id, name);
    if (r.changes)
      recordAudit(db, {
        table: "employer_names",
        rowId: String(r.lastInsertRowid),
        action: "insert",
        after: { employerId: row.id, name },
        contributorId: actor.id,
      });
  }
  return row;
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
  const cleanNames = [...new Set(otherNames.map((n) => n.trim().replace(/\s+/g, " ")).filter(Boolean))];
  for (const n of cleanNames) {
    const checked = otherName.safeParse(n);
    if (!checked.success)
      throw new InputError([
        { field: "other_name", message: `${checked.error.issues[0]!.message} (${JSON.stringify(n.slice(0, 60))})` },
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
      if (
        numberClash ||
        (exact &&
          v.companiesHouseNumber &&
          exact.companiesHouseNumber &&
          exact.companiesHouseNumber !== v.companiesHouseNumber)
      ) {
        const holder = numberClash?.employer ?? exact!;
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
      return { ...insertEmployer(db, v, cleanNames, actor), created: true };
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
  if (actor.role !== "staff")
    throw new InputError([
      { field: "as", message: `only staff may edit employers; "${actor.handle}" is a campaigner` },
    ]);
  if (!why?.trim())
    throw new InputError([
      { field: "why", message: 'say why the record is being changed: --why "…" (it goes in the audit log)' },
    ]);
  const s = db.$client;
  const current = s
    .prepare(
      `SELECT id, slug, name, companies_house_number AS companiesHouseNumber, sector_code AS sectorCode, size_code AS sizeCode, area_code AS areaCode, website
       FROM employers WHERE slug = ?`,
    )
    .get(slug) as
    | {
        id: number;
        slug: string;
        name: string;
        companiesHouseNumber: string | null;
        sectorCode: string;
        sizeCode: string | null;
        areaCode: string;
        website: string | null;
      }
    | undefined;
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
    const holder = s
      .prepare("SELECT slug FROM employers WHERE companies_house_number = ? AND id <> ?")
      .get(after.companiesHouseNumber, current.id) as { slug: string } | undefined;
    if (holder)
      throw new InputError([
        {
          field: "company-number",
          message: `${after.companiesHouseNumber} already belongs to ${holder.slug}; merge the two with \`lwd employer merge\` if they are the same employer`,
        },
      ]);
  }
  const otherNames = s.prepare("SELECT id, name FROM employer_names WHERE employer_id = ?").all(current.id) as {
    id: number;
    name: string;
  }[];
  const toRemove = (changes.removeOtherNames ?? []).map((n) => n.trim());
  for (const n of toRemove)
    if (!otherNames.some((o) => o.name === n))
      throw new InputError([
        {
          field: "remove-other-name",
          message: `"${n}" is not one of ${slug}'s other names (${otherNames.map((o) => `"${o.name}"`).join(", ") || "it has none"})`,
        },
      ]);
  const toAdd = [...new Set((changes.addOtherNames ?? []).map((n) => n.trim().replace(/\s+/g, " ")).filter(Boolean))];
  if (changed.includes("name")) toAdd.push(current.name);
  return s
    .transaction(() => {
      if (changed.length) {
        s.prepare(
          `UPDATE employers SET name = ?, companies_house_number = ?, sector_code = ?, size_code = ?, area_code = ?, website = ?,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
        ).run(
          after.name,
          after.companiesHouseNumber,
          after.sectorCode,
          after.sizeCode,
          after.areaCode,
          after.website,
          current.id,
        );
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
      for (const n of toRemove) {
        const row = otherNames.find((o) => o.name === n)!;
        s.prepare("DELETE FROM employer_names WHERE id = ?").run(row.id);
        recordAudit(db, {
          table: "employer_names",
          rowId: row.id,
          action: "delete",
          before: { employerId: current.id, name: n },
          contributorId: actor.id,
          why,
        });
        names.push(`-other name "${n}"`);
      }
      for (const n of toAdd) {
        if (n === after.name) continue;
        const r = s
          .prepare("INSERT OR IGNORE INTO employer_names (employer_id, name) VALUES (?, ?)")
          .run(current.id, n);
        if (r.changes) {
          recordAudit(db, {
            table: "employer_names",
            rowId: String(r.lastInsertRowid),
            action: "insert",
            after: { employerId: current.id, name: n },
            contributorId: actor.id,
            why,
          });
          names.push(`+other name "${n}"`);
        }
      }
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
  if (actor.role !== "staff")
    throw new InputError([
      { field: "as", message: `only staff may merge employers; "${actor.handle}" is a campaigner` },
    ]);
  if (!why?.trim())
    throw new InputError([
      { field: "why", message: 'say why these are the same employer: --why "…" (it goes in the audit log)' },
    ]);
  const s = db.$client;
  const find = s.prepare("SELECT * FROM employers WHERE slug = ?");
  type Row = { id: number; slug: string; name: string; companies_house_number: string | null; created_at: string };
  const from = find.get(fromSlug) as Row | undefined;
  const into = find.get(intoSlug) as Row | undefined;
  const missing = [!from && fromSlug, !into && intoSlug].filter(Boolean) as string[];
  if (missing.length)
    throw new InputError(
      missing.map((m) => ({
        field: "employer",
        message: `no employer has the slug "${m}"; \`lwd employer find NAME\` finds it`,
      })),
    );
  if (from!.id === into!.id)
    throw new InputError([{ field: "employer", message: "an employer cannot be merged into itself" }]);
  if (
    from!.companies_house_number &&
    into!.companies_house_number &&
    from!.companies_house_number !== into!.companies_house_number
  )
    throw new InputError([
      {
        field: "companies_house_number",
        message: `${fromSlug} (${from!.companies_house_number}) and ${intoSlug} (${into!.companies_house_number}) are different companies; correct one with \`lwd employer edit\` first if they are the same`,
      },
    ]);
  const f = from!;
  const t = into!;
  return s
    .transaction(() => {
      const audit = (entry: Omit<Parameters<typeof recordAudit>[1], "contributorId" | "why">) =>
        recordAudit(db, { ...entry, contributorId: actor.id, why });
      const events = s.prepare("SELECT id FROM commitment_events WHERE employer_id = ?").all(f.id) as { id: number }[];
      const moveEvent = s.prepare("UPDATE commitment_events SET employer_id = ? WHERE id = ?");
      for (const e of events) {
        moveEvent.run(t.id, e.id);
        audit({
          table: "commitment_events",
          rowId: e.id,
          action: "update",
          before: { employerId: f.id },
          after: { employerId: t.id },
        });
      }
      const names = s.prepare("SELECT id, name FROM employer_names WHERE employer_id = ?").all(f.id) as {
        id: number;
        name: string;
      }[];
      for (const n of names) {
        s.prepare("DELETE FROM employer_names WHERE id = ?").run(n.id);
        audit({ table: "employer_names", rowId: n.id, action: "delete", before: { employerId: f.id, name: n.name } });
      }
      const keepName = s.prepare("INSERT OR IGNORE INTO employer_names (employer_id, name) VALUES (?, ?)");
      for (const name of [f.name, ...names.map((n) => n.name)]) {
        if (name === t.name) continue;
        const r = keepName.run(t.id, name);
        if (r.changes)
          audit({
            table: "employer_names",
            rowId: String(r.lastInsertRowid),
            action: "insert",
            after: { employerId: t.id, name },
          });
      }
      const redirects = s.prepare("SELECT old_slug AS oldSlug FROM slug_redirects WHERE employer_id = ?").all(f.id) as {
        oldSlug: string;
      }[];
      for (const r of redirects) {
        s.prepare("UPDATE slug_redirects SET employer_id = ? WHERE old_slug = ?").run(t.id, r.oldSlug);
        audit({
          table: "slug_redirects",
          rowId: r.oldSlug,
          action: "update",
          before: { employerId: f.id },
          after: { employerId: t.id },
        });
      }
      const intoChanges: Record<string, unknown> = {};
      const intoBefore: Record<string, unknown> = {};
      // The merged record existed as long as the older of the two: its events must not predate it.
      if (f.created_at < t.created_at) [intoBefore.createdAt, intoChanges.createdAt] = [t.created_at, f.created_at];
      if (f.companies_house_number && !t.companies_house_number)
        [intoBefore.companiesHouseNumber, intoChanges.companiesHouseNumber] = [null, f.companies_house_number];
      const fromBefore = s.prepare("SELECT * FROM employers WHERE id = ?").get(f.id);
      s.prepare("DELETE FROM employers WHERE id = ?").run(f.id);
      audit({ table: "employers", rowId: f.id, action: "delete", before: fromBefore, after: { mergedInto: t.slug } });
      s.prepare(
        `UPDATE employers SET created_at = min(created_at, ?), companies_house_number = coalesce(companies_house_number, ?),
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
      ).run(f.created_at, f.companies_house_number, t.id);
      if (Object.keys(intoChanges).length)
        audit({ table: "employers", rowId: t.id, action: "update", before: intoBefore, after: intoChanges });
      s.prepare("INSERT INTO slug_redirects (old_slug, employer_id) VALUES (?, ?)").run(f.slug, t.id);
      audit({ table: "slug_redirects", rowId: f.slug, action: "insert", after: { oldSlug: f.slug, employerId: t.id } });
      return { from: f.slug, into: t.slug, eventsMoved: events.length };
    })
    .immediate();
}
