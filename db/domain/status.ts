/**
 * The domain rules, once, in SQL: an employer's status on a date, the headline figures on a date,
 * the growth series and who is behind on the latest rate. Both `lwd` and the site call these.
 * Raw SQL throughout: these run over every employer and event for the figures and the build (measured in npm run bench).
 */
import type { Db } from "../client.ts";
import { formatDate, todayIso } from "../dates.ts";
import {
  formatCount,
  LIVING_WAGE_NAMES,
  notRecordedReason,
  plural,
  SCHEME_LABELS,
  schemeStatusWord,
} from "../labels.ts";
import {
  DEFAULT_SCHEME,
  NON_STATUS_EVENT_KINDS,
  RATE_AREAS,
  SCHEMES,
  STATUS_OF_EVENT,
  type RateArea,
  type Scheme,
  type Status,
} from "../enums.ts";

/** A connection: figuresAsOf needs only the SQLite handle, so a read-only command can open one without the ORM. */
export type SqliteDb = Pick<Db, "$client">;

/** STATUS_OF_EVENT as SQL over the event in `column`: only the events whose status has another name are mapped. */
export function statusOfEventSql(column: string): string {
  const renamed = Object.entries(STATUS_OF_EVENT).filter(([event, status]) => event !== status);
  return `CASE ${column} ${renamed.map(([event, status]) => `WHEN '${event}' THEN '${status}'`).join(" ")} ELSE ${column} END`;
}

/**
 * The events of `scheme` that decide status, for the commitment_events row aliased `alias`: the same terms as the
 * WHERE of the partial index events_status_idx (COUNTS_FOR_STATUS_SQL in db/schema.ts), so SQLite can use it.
 */
export function countsForStatusSql(alias: string, scheme: Scheme | null = DEFAULT_SCHEME): string {
  if (scheme !== null && !(SCHEMES as readonly string[]).includes(scheme)) throw new Error(`unknown scheme ${scheme}`);
  const kinds = NON_STATUS_EVENT_KINDS.map((k) => `'${k}'`).join(", ");
  // null: the events of every scheme, for queries that group by scheme.
  const inScheme = scheme === null ? "" : ` AND ${alias}.scheme = '${scheme}'`;
  return `${alias}.event NOT IN (${kinds}) AND ${alias}.retracted_at IS NULL${inScheme}`;
}

/**
 * The standing reinstatements (events table aliased `ev`) with no lapse, revocation or withdrawal before them in
 * their scheme: the sequence rule, once, for `lwd db check` and for corrections and retractions.
 */
export const REINSTATEMENT_WITHOUT_LAPSE_SQL = `ev.event = 'reinstated' AND ev.retracted_at IS NULL AND coalesce((
       SELECT p.event FROM commitment_events p
       WHERE p.employer_id = ev.employer_id AND ${countsForStatusSql("p")} AND p.scheme = ev.scheme
         AND (p.effective_on < ev.effective_on OR (p.effective_on = ev.effective_on AND p.id < ev.id))
       ORDER BY p.effective_on DESC, p.id DESC LIMIT 1), '') NOT IN ('lapsed', 'revoked', 'withdrawn')`;

/**
 * One row per employer with a status on :asOf: the latest status event on or before that date (ties on a day go
 * to the event recorded last). The subquery reads date, rate area and event from the covering partial index
 * events_status_idx as one string (10-character date, L or U, "|", event), so each employer costs one index seek
 * and no table lookup; MATERIALIZED stops SQLite from repeating the seek for each column taken from the string.
 * Used for each employer's status and for who is behind; the headline figures use LATEST_STATUS_PER_EMPLOYER below.
 */
const LATEST_STATUS_OF_E = `(
  SELECT s.effective_on || CASE s.rate_area WHEN 'london' THEN 'L' ELSE 'U' END || '|' || s.event
  FROM commitment_events s
  WHERE s.employer_id = e.id AND ${countsForStatusSql("s")} AND s.effective_on <= :asOf
  ORDER BY s.effective_on DESC, s.id DESC LIMIT 1)`;
const STATUS_COLUMNS = `
  ${statusOfEventSql("substr(latest, 13)")} AS status,
  substr(latest, 1, 10) AS since,
  CASE substr(latest, 11, 1) WHEN 'L' THEN 'london' ELSE 'uk' END AS rate_area`;

export const STATUS_ON_DATE_SQL = `
  WITH latest_status AS MATERIALIZED (SELECT e.id AS employer_id, ${LATEST_STATUS_OF_E} AS latest FROM employers e)
  SELECT employer_id, ${STATUS_COLUMNS} FROM latest_status WHERE latest IS NOT NULL`;

export interface Breakdown {
  code: string;
  name: string;
  accreditedEmployers: number;
}

/** An area the figures are limited to: a London borough, or a nation or region of the UK. */
export interface AreaRef {
  code: string;
  name: string;
}

/** How many employers hold each status in one scheme on a date. */
export interface SchemeCounts {
  scheme: Scheme;
  name: string;
  accreditedEmployers: number;
  pledgedEmployers: number;
  lapsedEmployers: number;
  revokedEmployers: number;
  withdrawnEmployers: number;
}

export interface Figures {
  asOf: string;
  /** The scheme the headline counts are for: Living Wage accreditation unless another was chosen. */
  scheme: Scheme;
  /** Present when the figures count one area's employers only. */
  area?: AreaRef;
  accreditedEmployers: number;
  pledgedEmployers: number;
  lapsedEmployers: number;
  revokedEmployers: number;
  withdrawnEmployers: number;
  /**
   * Sum over accredited employers of each one's latest workers-covered figure; unknown counts as none. Null when no
   * accredited employer reports one, with the reason in workersCoveredReason, so no one prints a zero nobody counted.
   */
  workersCovered: number | null;
  workersCoveredReason: string | null;
  /** The same for workers given a pay rise. */
  workersUplifted: number | null;
  workersUpliftedReason: string | null;
  /** How many accredited employers have a workers-covered figure at all, so readers know the sum's reach. */
  accreditedWithWorkerFigures: number;
  /** How many accredited employers have a figure for workers given a pay rise. */
  accreditedWithUpliftFigures: number;
  bySector: Breakdown[];
  byArea: Breakdown[];
  bySize: Breakdown[];
  byRateArea: Breakdown[];
  /** Counts by status in every scheme (in the same area, when one is chosen). */
  byScheme: SchemeCounts[];
}

/** The sentence a journalist can paste; the site and `lwd figures` print the same words. */
export function citationSentence(
  f: Pick<Figures, "asOf" | "scheme" | "area" | "accreditedEmployers" | "pledgedEmployers">,
): string {
  const where = f.area ? ` in ${f.area.name}` : "";
  const held =
    f.scheme === DEFAULT_SCHEME
      ? plural(f.accreditedEmployers, "accredited living-wage employer")
      : `${plural(f.accreditedEmployers, "employer")} ${schemeStatusWord(f.scheme, "accredited")} under ${SCHEME_LABELS[f.scheme]}`;
  const pledged = `${formatCount(f.pledgedEmployers)} more ${f.pledgedEmployers === 1 ? "that has pledged but is" : "that have pledged but are"} not yet accredited`;
  return `As of ${formatDate(f.asOf)}, the Living Wage Directory records ${held}${where} and ${pledged}.`;
}

/** Every area's code and name, in name order. */
export function areasOf(db: SqliteDb): AreaRef[] {
  return db.$client.prepare("SELECT code, name FROM areas ORDER BY name").all() as AreaRef[];
}

/** Limits a figures query to one area's employers, or one scheme's status events. */
export interface AreaFilter {
  /** An area code (E09000007); figures then count only employers in that area. */
  area?: string;
  /** The scheme whose status is counted (default: Living Wage accreditation). */
  scheme?: Scheme;
}

const IN_AREA = `employer_id IN (SELECT id FROM employers WHERE area_code = :area)`;

/**
 * Each employer's latest status event on or before :asOf, in one pass over the covering partial index
 * events_status_idx (read in employer order, so the GROUP BY needs no sort). The key orders an employer's events by
 * date and then by id (ties on a day go to the event recorded last; 1000000000 + id gives every id below nine
 * billion the same width, so the strings compare as the numbers would), and the bare columns come from the row
 * holding the max(): SQLite's documented rule for a lone min() or max(). About three times faster than one index
 * seek per employer at 100,000 employers. Given `inArea`, only the events of the employers in area :area:
 * employers_area_idx gives their ids and the index seeks each one, so an area costs a pass over its own employers.
 */
const latestStatusPerEmployer = (inArea: boolean, scheme: Scheme = DEFAULT_SCHEME) => `
  SELECT employer_id, max(effective_on || (1000000000 + id)) AS latest_key,
    ${statusOfEventSql("event")} AS status, rate_area
  FROM commitment_events ev
  WHERE ${inArea ? `${IN_AREA} AND ` : ""}${countsForStatusSql("ev", scheme)} AND effective_on <= :asOf
  GROUP BY employer_id`;
const LATEST_STATUS_PER_EMPLOYER = latestStatusPerEmployer(false);

/**
 * The same rows as STATUS_ON_DATE_SQL for every employer at once, in one pass over the index: for whole-directory
 * reads (the directory, the downloads, who is behind). A lookup of one employer uses STATUS_ON_DATE_SQL, whose
 * per-employer seek SQLite can narrow to that employer.
 */
export const ALL_STATUSES_ON_DATE_SQL = `
  SELECT employer_id, status, substr(latest_key, 1, 10) AS since, rate_area FROM (${LATEST_STATUS_PER_EMPLOYER})`;

/** The latest workers-covered or workers-uplifted figure of employer st on or before :asOf, from events_workers_idx. */
const latestWorkerFigure = (select: string, where: string) => `(
  SELECT ${select} FROM commitment_events w
  WHERE w.employer_id = st.employer_id AND (${where}) AND w.retracted_at IS NULL AND w.effective_on <= :asOf
  ORDER BY w.effective_on DESC, w.id DESC LIMIT 1)`;

/**
 * Both worker figures of an accredited employer from one index seek: the latest event giving either figure usually
 * gives both, and then they travel packed in one integer (covered × 2³² + uplifted). When it gives only one, or a
 * figure too large to pack, the packed value is null and each figure is looked up on its own.
 */
const PACKED_WORKERS = latestWorkerFigure(
  `CASE WHEN w.workers_covered < 2147483648 AND w.workers_uplifted < 4294967296 THEN w.workers_covered * 4294967296 + w.workers_uplifted END`,
  "w.workers_covered IS NOT NULL OR w.workers_uplifted IS NOT NULL",
);

/**
 * One row per employer with a status on :asOf (in :area when `inArea`), with its lookups and, when accredited, its latest worker figures.
 * LIMIT -1 keeps this a subquery run once per row (SQLite will not flatten a subquery with a LIMIT into an
 * aggregate), so each worker lookup runs once rather than once for every aggregate that reads it.
 */
const statusWithFigures = (inArea: boolean, scheme: Scheme) => `
  SELECT st.employer_id, st.status, st.rate_area, e.sector_code, e.area_code, e.size_code,
    CASE WHEN st.status = 'accredited' THEN ${PACKED_WORKERS} END AS packed
  FROM (${latestStatusPerEmployer(inArea, scheme)}) st JOIN employers e ON e.id = st.employer_id
  LIMIT -1`;

/** An accredited employer's worker figures: unpacked, or looked up one by one when they could not be packed. */
const COVERED = `CASE WHEN status = 'accredited' THEN coalesce(packed >> 32, ${latestWorkerFigure("w.workers_covered", "w.workers_covered IS NOT NULL")}) END`;
const UPLIFTED = `CASE WHEN status = 'accredited' THEN coalesce(packed & 4294967295, ${latestWorkerFigure("w.workers_uplifted", "w.workers_uplifted IS NOT NULL")}) END`;

/**
 * Each scheme's employers by status on :asOf (in :area when `inArea`): each employer's latest status event per
 * scheme, from the same index, grouped by scheme.
 */
const schemeCountsSql = (inArea: boolean) => `
  SELECT scheme,
    count(*) FILTER (WHERE status = 'accredited') AS accredited,
    count(*) FILTER (WHERE status = 'pledged') AS pledged,
    count(*) FILTER (WHERE status = 'lapsed') AS lapsed,
    count(*) FILTER (WHERE status = 'revoked') AS revoked,
    count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn
  FROM (
    SELECT employer_id, scheme, max(effective_on || (1000000000 + id)) AS latest_key, ${statusOfEventSql("event")} AS status
    FROM commitment_events ev
    WHERE ${inArea ? `${IN_AREA} AND ` : ""}${countsForStatusSql("ev", null)} AND effective_on <= :asOf
    GROUP BY employer_id, scheme)
  GROUP BY scheme`;

/** Counts by status in every scheme on `asOf`, every scheme listed (in the order of SCHEMES) even when empty. */
export function schemeCountsAsOf(db: SqliteDb, asOf: string, area?: string): SchemeCounts[] {
  const rows = db.$client
    .prepare(schemeCountsSql(area !== undefined))
    .all(area !== undefined ? { asOf, area } : { asOf }) as ({ scheme: Scheme } & Record<
    "accredited" | "pledged" | "lapsed" | "revoked" | "withdrawn",
    number
  >)[];
  const byScheme = new Map(rows.map((r) => [r.scheme, r]));
  return SCHEMES.map((scheme) => {
    const r = byScheme.get(scheme);
    return {
      scheme,
      name: SCHEME_LABELS[scheme],
      accreditedEmployers: r?.accredited ?? 0,
      pledgedEmployers: r?.pledged ?? 0,
      lapsedEmployers: r?.lapsed ?? 0,
      revokedEmployers: r?.revoked ?? 0,
      withdrawnEmployers: r?.withdrawn ?? 0,
    };
  });
}

/**
 * The headline figures on `asOf` (inclusive: an event dated that day counts), for the whole directory or, given
 * `area`, for the employers in that area (the same rules; an unknown code counts no one); Living Wage accreditation
 * unless `scheme` names another.
 */
export function figuresAsOf(
  db: SqliteDb,
  asOf: string = todayIso(),
  { area, scheme = DEFAULT_SCHEME }: AreaFilter = {},
): Figures {
  const sqlite = db.$client;
  const inArea = area !== undefined;
  // One pass, no sorting: the counts by status and the worker sums are aggregates over every employer; the
  // breakdowns of accredited employers come back as one list of "sector area size rate-area" groups, tallied below
  // (each GROUP BY here would sort 100,000 rows, which costs more than the rest of the query).
  const row = sqlite
    .prepare(
      `SELECT
         count(*) FILTER (WHERE status = 'accredited') AS accredited,
         count(*) FILTER (WHERE status = 'pledged') AS pledged,
         count(*) FILTER (WHERE status = 'lapsed') AS lapsed,
         count(*) FILTER (WHERE status = 'revoked') AS revoked,
         count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn,
         coalesce(sum(${COVERED}), 0) AS covered, count(${COVERED}) AS withCovered, coalesce(sum(${UPLIFTED}), 0) AS uplifted, count(${UPLIFTED}) AS withUplifted,
         group_concat(sector_code || ' ' || area_code || ' ' || coalesce(size_code, '') || ' ' || rate_area, ';')
           FILTER (WHERE status = 'accredited') AS groups
       FROM (${statusWithFigures(inArea, scheme)}) st`,
    )
    .get(inArea ? { asOf, area } : { asOf }) as Record<
    | "accredited"
    | "pledged"
    | "lapsed"
    | "revoked"
    | "withdrawn"
    | "covered"
    | "withCovered"
    | "uplifted"
    | "withUplifted",
    number
  > & { groups: string | null };
  const counts = {
    sector: new Map<string, number>(),
    area: new Map<string, number>(),
    size: new Map<string, number>(),
    rate: new Map<string, number>(),
  };
  const add = (map: Map<string, number>, code: string, n: number) => map.set(code, (map.get(code) ?? 0) + n);
  const groups = new Map<string, number>();
  for (const group of row.groups ? row.groups.split(";") : []) groups.set(group, (groups.get(group) ?? 0) + 1);
  for (const [group, n] of groups) {
    const [sector, area, size, rate] = group.split(" ") as [string, string, string, string];
    add(counts.sector, sector, n);
    add(counts.area, area, n);
    if (size) add(counts.size, size, n);
    add(counts.rate, rate, n);
  }
  const breakdown = (map: Map<string, number>, lookup: { code: string; name: string }[]): Breakdown[] =>
    lookup
      .map((l) => ({ code: l.code, name: l.name, accreditedEmployers: map.get(l.code) ?? 0 }))
      .sort((a, b) => b.accreditedEmployers - a.accreditedEmployers || a.code.localeCompare(b.code));
  const lookup = (table: string) =>
    sqlite.prepare(`SELECT code, name FROM ${table}`).all() as { code: string; name: string }[];
  const areaRef = inArea ? areasOf(db).find((a) => a.code === area) : undefined;
  return {
    asOf,
    scheme,
    ...(inArea ? { area: areaRef ?? { code: area, name: area } } : {}),
    accreditedEmployers: row.accredited,
    pledgedEmployers: row.pledged,
    lapsedEmployers: row.lapsed,
    revokedEmployers: row.revoked,
    withdrawnEmployers: row.withdrawn,
    workersCovered: row.withCovered ? row.covered : null,
    workersCoveredReason: row.withCovered ? null : notRecordedReason(row.accredited),
    workersUplifted: row.withUplifted ? row.uplifted : null,
    workersUpliftedReason: row.withUplifted ? null : notRecordedReason(row.accredited),
    accreditedWithWorkerFigures: row.withCovered,
    accreditedWithUpliftFigures: row.withUplifted,
    bySector: breakdown(counts.sector, lookup("sectors")),
    byArea: breakdown(counts.area, lookup("areas")),
    bySize: breakdown(counts.size, lookup("size_bands")),
    byRateArea: breakdown(
      counts.rate,
      RATE_AREAS.map((code) => ({ code, name: LIVING_WAGE_NAMES[code] })),
    ).sort((a, b) => a.code.localeCompare(b.code)),
    byScheme: schemeCountsAsOf(db, asOf, area),
  };
}

export interface EmployerStatus {
  employerId: number;
  status: Status;
  since: string;
  rateArea: RateArea;
}

/** One employer's status on `asOf`, or null when it had none yet. */
export function statusOfEmployer(
  db: Db,
  employerId: number,
  asOf: string = todayIso(),
  scheme: Scheme = DEFAULT_SCHEME,
): EmployerStatus | null {
  const row = db.$client
    .prepare(
      `SELECT ev.employer_id AS employerId, ${statusOfEventSql("ev.event")} AS status, ev.effective_on AS since, ev.rate_area AS rateArea
       FROM commitment_events ev
       WHERE ev.employer_id = :employerId AND ${countsForStatusSql("ev", scheme)} AND ev.effective_on <= :asOf
       ORDER BY ev.effective_on DESC, ev.id DESC LIMIT 1`,
    )
    .get({ employerId, asOf }) as EmployerStatus | undefined;
  return row ?? null;
}

/** An employer's status in one scheme on a date: one per scheme it has held by then. */
export interface SchemeStatus {
  scheme: Scheme;
  status: Status;
  since: string;
  rateArea: RateArea;
}

/**
 * Each employer's latest status event per scheme on or before :asOf (for employer :id alone when `oneEmployer`),
 * read from the covering index events_status_idx like the status itself.
 */
const schemeStatusesSql = (oneEmployer: boolean) => `
  SELECT employer_id AS employerId, scheme, ${statusOfEventSql("event")} AS status,
    substr(max(effective_on || (1000000000 + id)), 1, 10) AS since, rate_area AS rateArea
  FROM commitment_events ev
  WHERE ${oneEmployer ? "employer_id = :id AND " : ""}${countsForStatusSql("ev", null)} AND effective_on <= :asOf
  GROUP BY employer_id, scheme`;

/**
 * The status in each scheme an employer has held on `asOf`, in the order of SCHEMES: for one employer, or for
 * every employer at once (keyed by id) when `employerId` is left out.
 */
export function schemeStatusesAsOf(db: SqliteDb, asOf: string, employerId?: number): Map<number, SchemeStatus[]> {
  const rows = db.$client
    .prepare(schemeStatusesSql(employerId !== undefined))
    .all(employerId !== undefined ? { asOf, id: employerId } : { asOf }) as (SchemeStatus & {
    employerId: number;
  })[];
  const order = (s: Scheme) => SCHEMES.indexOf(s);
  const map = new Map<number, SchemeStatus[]>();
  for (const { employerId: id, ...status } of rows) {
    let list = map.get(id);
    if (!list) map.set(id, (list = []));
    list.push(status);
  }
  for (const list of map.values()) list.sort((a, b) => order(a.scheme) - order(b.scheme));
  return map;
}

export interface SeriesPoint {
  month: string;
  accreditedEmployers: number;
  pledgedEmployers: number;
}

/**
 * Accredited and pledged employers at the end of each month from the first event to `until`, in one pass:
 * each status interval adds one in the month it starts and takes one away in the month it ends. Given `area`,
 * only that area's employers count, and the months start at its first event.
 */
export function monthlySeries(db: Db, until: string = todayIso(), { area }: AreaFilter = {}): SeriesPoint[] {
  const inArea = area !== undefined;
  const deltas = db.$client
    .prepare(
      `WITH iv AS (
         SELECT ${statusOfEventSql("ev.event")} AS status, ev.effective_on AS start_on,
           lead(ev.effective_on) OVER (PARTITION BY ev.employer_id ORDER BY ev.effective_on, ev.id) AS end_on
         FROM commitment_events ev WHERE ${countsForStatusSql("ev")} AND ev.effective_on <= :until
           ${inArea ? `AND ev.${IN_AREA}` : ""}),
       d AS (
         SELECT status, substr(start_on, 1, 7) AS month, 1 AS delta FROM iv WHERE status IN ('accredited', 'pledged')
         UNION ALL
         SELECT status, substr(end_on, 1, 7), -1 FROM iv WHERE status IN ('accredited', 'pledged') AND end_on IS NOT NULL)
       SELECT month, sum(delta) FILTER (WHERE status = 'accredited') AS accredited, sum(delta) FILTER (WHERE status = 'pledged') AS pledged
       FROM d GROUP BY month ORDER BY month`,
    )
    .all(inArea ? { until, area } : { until }) as {
    month: string;
    accredited: number | null;
    pledged: number | null;
  }[];
  const first = deltas[0];
  if (!first) return [];
  const byMonth = new Map(deltas.map((d) => [d.month, d]));
  const points: SeriesPoint[] = [];
  let accredited = 0;
  let pledged = 0;
  let y = Number(first.month.slice(0, 4));
  let m = Number(first.month.slice(5, 7));
  const last = until.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, "0")}`;
    if (month > last) break;
    const d = byMonth.get(month);
    accredited += d?.accredited ?? 0;
    pledged += d?.pledged ?? 0;
    points.push({ month, accreditedEmployers: accredited, pledgedEmployers: pledged });
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return points;
}

export interface BehindEmployer {
  employerId: number;
  slug: string;
  name: string;
  rateArea: RateArea;
  accreditedSince: string;
  dueRatePence: number;
  implementBy: string;
  latestRatePence: number | null;
}

/**
 * Accredited employers on `asOf` behind the latest rate whose implement-by date has passed: no
 * `rate_implemented` at that rate or above by then. An employer accredited on or after that rate was announced
 * was accredited at it, so is not behind on it.
 */
export function behindAsOf(db: SqliteDb, asOf: string = todayIso()): BehindEmployer[] {
  return db.$client
    .prepare(
      `WITH st AS (${ALL_STATUSES_ON_DATE_SQL}),
       due AS (
         SELECT r.rate_area, r.rate_pence, r.announced_on, r.implement_by FROM living_wage_rates r
         WHERE r.retracted_at IS NULL AND r.implement_by <= :asOf AND r.implement_by = (
           SELECT max(r2.implement_by) FROM living_wage_rates r2
           WHERE r2.rate_area = r.rate_area AND r2.retracted_at IS NULL AND r2.implement_by <= :asOf))
       SELECT e.id AS employerId, e.slug, e.name, st.rate_area AS rateArea, st.since AS accreditedSince,
         due.rate_pence AS dueRatePence, due.implement_by AS implementBy,
         (SELECT max(ri.rate_pence) FROM commitment_events ri
          WHERE ri.employer_id = e.id AND ri.event = 'rate_implemented' AND ri.retracted_at IS NULL
            AND ri.rate_area = st.rate_area AND ri.effective_on <= :asOf) AS latestRatePence
       FROM st JOIN employers e ON e.id = st.employer_id JOIN due ON due.rate_area = st.rate_area
       WHERE st.status = 'accredited' AND st.since < due.announced_on
         AND coalesce(latestRatePence, 0) < due.rate_pence
       ORDER BY e.name`,
    )
    .all({ asOf }) as BehindEmployer[];
}
