/** Every table of the Living Wage Directory, and the single source of every shape (zod schemas derive from these). */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  AREA_KINDS,
  AUDIT_ACTIONS,
  CORRECTION_KINDS,
  CORRECTION_SUBJECTS,
  EVENT_KINDS,
  NON_STATUS_EVENT_KINDS,
  PRECISIONS,
  RATE_AREAS,
  ROLES,
  SCHEMES,
} from "./enums.ts";

// The fixed vocabularies live apart from the tables so the command line can list them without loading the ORM.
export * from "./enums.ts";

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);
/** A real calendar date in ISO form: date() normalises 2010-02-30 to 2010-03-02, so the round trip must match. */
const isIsoDate = (column: string) => sql.raw(`${column} IS date(${column}) AND length(${column}) = 10`);
const isHttpUrl = (column: string) => sql.raw(`(${column} LIKE 'http://_%' OR ${column} LIKE 'https://_%')`);
const nowIso = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/**
 * The events that decide status: not a pay move or a re-confirmation, and not retracted. Written once because
 * SQLite uses a partial index only when the query repeats its WHERE terms: status queries use this same text.
 */
export const COUNTS_FOR_STATUS_SQL = `event NOT IN (${NON_STATUS_EVENT_KINDS.map((k) => `'${k}'`).join(", ")}) AND retracted_at IS NULL`;

export const sectors = sqliteTable("sectors", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
});

/** The services an employer sells (cleaning, security …), so a buyer can find a Living Wage contractor. */
export const services = sqliteTable("services", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
});

export const areas = sqliteTable(
  "areas",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind", { enum: AREA_KINDS }).notNull(),
    rateArea: text("rate_area", { enum: RATE_AREAS }).notNull(),
  },
  () => [check("areas_kind", inList("kind", AREA_KINDS)), check("areas_rate_area", inList("rate_area", RATE_AREAS))],
);

export const sizeBands = sqliteTable(
  "size_bands",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    minEmployees: integer("min_employees").notNull(),
    maxEmployees: integer("max_employees"),
  },
  (t) => [
    check(
      "size_bands_range",
      sql`${t.minEmployees} >= 0 AND (${t.maxEmployees} IS NULL OR ${t.maxEmployees} >= ${t.minEmployees})`,
    ),
  ],
);

export const contributors = sqliteTable(
  "contributors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    handle: text("handle").notNull().unique(),
    name: text("name").notNull(),
    email: text("email"),
    role: text("role", { enum: ROLES }).notNull(),
    organisation: text("organisation"),
    /** Whether the contributor chose to be credited by name in published data. */
    isCredited: integer("is_credited", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull().default(nowIso),
  },
  (t) => [
    check("contributors_role", inList("role", ROLES)),
    check(
      "contributors_handle",
      sql`${t.handle} GLOB '[a-z0-9]*' AND ${t.handle} NOT GLOB '*[^a-z0-9_.-]*' AND length(${t.handle}) <= 40`,
    ),
  ],
);

export const employers = sqliteTable(
  "employers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stable once published; a changed or merged slug is kept in slug_redirects. */
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    companiesHouseNumber: text("companies_house_number").unique(),
    sectorCode: text("sector_code")
      .notNull()
      .references(() => sectors.code),
    sizeCode: text("size_code").references(() => sizeBands.code),
    areaCode: text("area_code")
      .notNull()
      .references(() => areas.code),
    website: text("website"),
    createdAt: text("created_at").notNull().default(nowIso),
    updatedAt: text("updated_at").notNull().default(nowIso),
  },
  (t) => [
    check("employers_slug", sql`${t.slug} GLOB '[a-z0-9]*' AND ${t.slug} NOT GLOB '*[^a-z0-9-]*'`),
    check("employers_name", sql`length(trim(${t.name})) BETWEEN 1 AND 300`),
    check(
      "employers_company_number",
      sql`${t.companiesHouseNumber} IS NULL OR ${t.companiesHouseNumber} GLOB '[A-Z0-9][A-Z0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`,
    ),
    check("employers_website", sql`${t.website} IS NULL OR ${isHttpUrl("website")}`),
    index("employers_name_idx").on(t.name),
    index("employers_sector_idx").on(t.sectorCode),
    index("employers_area_idx").on(t.areaCode),
  ],
);

export const employerServices = sqliteTable(
  "employer_services",
  {
    employerId: integer("employer_id")
      .notNull()
      .references(() => employers.id),
    serviceCode: text("service_code")
      .notNull()
      .references(() => services.code),
  },
  (t) => [
    primaryKey({ columns: [t.employerId, t.serviceCode] }),
    index("employer_services_service_idx").on(t.serviceCode),
  ],
);

/** Former, trading and other names, for search and duplicate detection. */
export const employerNames = sqliteTable(
  "employer_names",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    employerId: integer("employer_id")
      .notNull()
      .references(() => employers.id),
    name: text("name").notNull(),
  },
  (t) => [
    uniqueIndex("employer_names_unique").on(t.employerId, t.name),
    check("employer_names_name", sql`length(trim(${t.name})) BETWEEN 1 AND 300`),
  ],
);

export const slugRedirects = sqliteTable("slug_redirects", {
  oldSlug: text("old_slug").primaryKey(),
  employerId: integer("employer_id")
    .notNull()
    .references(() => employers.id),
  createdAt: text("created_at").notNull().default(nowIso),
});

export const commitmentEvents = sqliteTable(
  "commitment_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    employerId: integer("employer_id")
      .notNull()
      .references(() => employers.id),
    event: text("event", { enum: EVENT_KINDS }).notNull(),
    /** The Living Wage Foundation scheme the commitment belongs to; status is derived per scheme. */
    scheme: text("scheme", { enum: SCHEMES }).notNull().default("living_wage"),
    effectiveOn: text("effective_on").notNull(),
    rateArea: text("rate_area", { enum: RATE_AREAS }).notNull(),
    /** The hourly rate the employer moved to; required for rate_implemented. */
    ratePence: integer("rate_pence"),
    workersCovered: integer("workers_covered"),
    workersUplifted: integer("workers_uplifted"),
    sourceUrl: text("source_url").notNull(),
    note: text("note"),
    /** Why a commitment ended; required for lapsed, revoked and withdrawn. */
    reason: text("reason"),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => contributors.id),
    recordedAt: text("recorded_at").notNull().default(nowIso),
    /** Set when staff retract the event: it stops counting but is kept, with the why in corrections. */
    retractedAt: text("retracted_at"),
  },
  (t) => [
    check("events_event", inList("event", EVENT_KINDS)),
    check("events_scheme", inList("scheme", SCHEMES)),
    check("events_rate_area", inList("rate_area", RATE_AREAS)),
    check("events_effective_on", isIsoDate("effective_on")),
    check(
      "events_rate",
      sql`(${t.event} = 'rate_implemented') = (${t.ratePence} IS NOT NULL) AND (${t.ratePence} IS NULL OR ${t.ratePence} > 0)`,
    ),
    check(
      "events_workers",
      sql`(${t.workersCovered} IS NULL OR ${t.workersCovered} >= 0) AND (${t.workersUplifted} IS NULL OR ${t.workersUplifted} >= 0)`,
    ),
    check("events_source_url", isHttpUrl("source_url")),
    check(
      "events_reason",
      sql`${t.event} NOT IN ('lapsed', 'revoked', 'withdrawn') OR length(trim(coalesce(${t.reason}, ''))) > 0`,
    ),
    index("events_employer_date_idx").on(t.employerId, t.effectiveOn, t.id),
    // No index on the date alone: events are history, so each one recorded would go into it at a random place,
    // which was a third of the cost of inserting an import's events at 100,000 employers. The few queries by date
    // alone (the latest accreditations for the feed and home page, the first event's date) scan instead, each
    // under 0.2 s at a million events, once a build.
    // Status on a date takes the latest status event per employer straight from this covering index (no table
    // lookups); rate moves and re-confirmations never change status, so they stay out of it. retracted_at is
    // always null here, but SQLite reads it from the index only if it is a column of it.
    index("events_status_idx")
      .on(t.employerId, t.scheme, t.effectiveOn, t.id, t.event, t.rateArea, t.retractedAt)
      .where(sql.raw(COUNTS_FOR_STATUS_SQL)),
    // The latest known worker figures per employer, likewise from the index alone.
    index("events_workers_idx")
      .on(t.employerId, t.effectiveOn, t.id, t.workersCovered, t.workersUplifted, t.retractedAt)
      .where(sql`(workers_covered IS NOT NULL OR workers_uplifted IS NOT NULL) AND retracted_at IS NULL`),
  ],
);

export const livingWageRates = sqliteTable(
  "living_wage_rates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    rateArea: text("rate_area", { enum: RATE_AREAS }).notNull(),
    ratePence: integer("rate_pence").notNull(),
    /** First day of the period the source gives: see announcedPrecision. */
    announcedOn: text("announced_on").notNull(),
    announcedPrecision: text("announced_precision", { enum: PRECISIONS }).notNull(),
    /** The date by which accredited employers must pay it; null before the six-month rule (2011). */
    implementBy: text("implement_by"),
    sourceUrl: text("source_url").notNull(),
    note: text("note"),
    /** Set when staff retract the rate: it stops counting but is kept, with the why in corrections. */
    retractedAt: text("retracted_at"),
  },
  (t) => [
    uniqueIndex("rates_area_announced")
      .on(t.rateArea, t.announcedOn)
      .where(sql`retracted_at IS NULL`),
    check("rates_rate_area", inList("rate_area", RATE_AREAS)),
    check("rates_pence", sql`${t.ratePence} > 0`),
    check("rates_precision", inList("announced_precision", PRECISIONS)),
    check("rates_announced_on", isIsoDate("announced_on")),
    check(
      "rates_implement_by",
      sql`${t.implementBy} IS NULL OR (${isIsoDate("implement_by")} AND ${t.implementBy} >= ${t.announcedOn})`,
    ),
    check("rates_source_url", isHttpUrl("source_url")),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tableName: text("table_name").notNull(),
    rowId: text("row_id").notNull(),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    contributorId: integer("contributor_id").references(() => contributors.id),
    at: text("at").notNull().default(nowIso),
    why: text("why"),
  },
  (t) => [
    check("audit_action", inList("action", AUDIT_ACTIONS)),
    index("audit_table_row_idx").on(t.tableName, t.rowId),
  ],
);

/**
 * Each correction or retraction of a recorded event or rate, with the reason, for the employer page, the JSON twins
 * and the public changelog. The fields before and after are in the audit log.
 */
export const corrections = sqliteTable(
  "corrections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subject: text("subject", { enum: CORRECTION_SUBJECTS }).notNull(),
    /** The id of the commitment event or living wage rate corrected. */
    subjectId: integer("subject_id").notNull(),
    kind: text("kind", { enum: CORRECTION_KINDS }).notNull(),
    why: text("why").notNull(),
    contributorId: integer("contributor_id")
      .notNull()
      .references(() => contributors.id),
    at: text("at").notNull().default(nowIso),
  },
  (t) => [
    check("corrections_subject", inList("subject", CORRECTION_SUBJECTS)),
    check("corrections_kind", inList("kind", CORRECTION_KINDS)),
    check("corrections_why", sql`length(trim(${t.why})) > 0`),
    index("corrections_subject_idx").on(t.subject, t.subjectId),
  ],
);
