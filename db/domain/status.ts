/**
 * The domain rules, once, in SQL: an employer's status on a date, the headline figures on a date,
 * the growth series and who is behind on the latest rate. Both `lwd` and the site call these.
 */
import type { Db } from "../client.ts";
import type { RateArea, Status } from "../schema.ts";

/** Maps the latest status event to the status it gives. */
const STATUS_OF_EVENT = `CASE ev.event WHEN 'reinstated' THEN 'accredited' ELSE ev.event END`;

/**
 * One row per employer with a status on :asOf: the latest status event on or before that date
 * (ties on a day go to the event recorded last). Uses the partial index on status events.
 */
export const STATUS_ON_DATE_SQL = `
  SELECT e.id AS employer_id, ${STATUS_OF_EVENT} AS status, ev.effective_on AS since, ev.rate_area AS rate_area
  FROM employers e
  JOIN commitment_events ev ON ev.id = (
    SELECT s.id FROM commitment_events s
    WHERE s.employer_id = e.id AND s.event <> 'rate_implemented' AND s.effective_on <= :asOf
    ORDER BY s.effective_on DESC, s.id DESC LIMIT 1)`;

/** The latest known figure of a worker column on or before :asOf for employer e. */
const latestWorkers = (column: "workers_covered" | "workers_uplifted") => `(
  SELECT w.${column} FROM commitment_events w
  WHERE w.employer_id = st.employer_id AND w.${column} IS NOT NULL AND w.effective_on <= :asOf
  ORDER BY w.effective_on DESC, w.id DESC LIMIT 1)`;

export interface Breakdown {
  code: string;
  name: string;
  accreditedEmployers: number;
}

export interface Figures {
  asOf: string;
  accreditedEmployers: number;
  pledgedEmployers: number;
  lapsedEmployers: number;
  revokedEmployers: number;
  withdrawnEmployers: number;
  /** Sum over accredited employers of each one's latest workers-covered figure; unknown counts as none. */
  workersCovered: number;
  workersUplifted: number;
  /** How many accredited employers have a workers-covered figure at all, so readers know the sum's reach. */
  accreditedWithWorkerFigures: number;
  bySector: Breakdown[];
  byArea: Breakdown[];
  bySize: Breakdown[];
  byRateArea: Breakdown[];
}

/** The sentence a journalist can paste; the site and `lwd figures` print the same words. */
export function citationSentence(f: Figures): string {
  return `As of ${f.asOf}, the Living Wage Directory records ${f.accreditedEmployers.toLocaleString("en-GB")} accredited living-wage employers and ${f.pledgedEmployers.toLocaleString("en-GB")} more that have pledged but are not yet accredited.`;
}

/** Today's date in ISO form (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The headline figures on `asOf` (inclusive: an event dated that day counts). */
export function figuresAsOf(db: Db, asOf: string = today()): Figures {
  const sqlite = db.$client;
  const totals = sqlite
    .prepare(
      `WITH st AS (${STATUS_ON_DATE_SQL})
       SELECT
         count(*) FILTER (WHERE status = 'accredited') AS accredited,
         count(*) FILTER (WHERE status = 'pledged') AS pledged,
         count(*) FILTER (WHERE status = 'lapsed') AS lapsed,
         count(*) FILTER (WHERE status = 'revoked') AS revoked,
         count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn
       FROM st`,
    )
    .get({ asOf }) as Record<string, number>;
  const workers = sqlite
    .prepare(
      `WITH st AS (${STATUS_ON_DATE_SQL}),
       w AS (SELECT ${latestWorkers("workers_covered")} AS covered, ${latestWorkers("workers_uplifted")} AS uplifted
             FROM st WHERE status = 'accredited')
       SELECT coalesce(sum(covered), 0) AS covered, coalesce(sum(uplifted), 0) AS uplifted, count(covered) AS withFigures FROM w`,
    )
    .get({ asOf }) as { covered: number; uplifted: number; withFigures: number };
  const breakdown = (table: string, column: string, nameColumn = "name"): Breakdown[] =>
    sqlite
      .prepare(
        `WITH st AS (${STATUS_ON_DATE_SQL})
         SELECT l.code AS code, l.${nameColumn} AS name, count(st.employer_id) AS accreditedEmployers
         FROM ${table} l
         LEFT JOIN employers e ON e.${column} = l.code
         LEFT JOIN st ON st.employer_id = e.id AND st.status = 'accredited'
         GROUP BY l.code ORDER BY accreditedEmployers DESC, l.code`,
      )
      .all({ asOf }) as Breakdown[];
  const byRateArea = sqlite
    .prepare(
      `WITH st AS (${STATUS_ON_DATE_SQL})
       SELECT r.code, r.name, count(st.employer_id) AS accreditedEmployers
       FROM (SELECT 'london' AS code, 'London Living Wage' AS name UNION ALL SELECT 'uk', 'UK Living Wage') r
       LEFT JOIN st ON st.rate_area = r.code AND st.status = 'accredited'
       GROUP BY r.code ORDER BY r.code`,
    )
    .all({ asOf }) as Breakdown[];
  return {
    asOf,
    accreditedEmployers: totals.accredited ?? 0,
    pledgedEmployers: totals.pledged ?? 0,
    lapsedEmployers: totals.lapsed ?? 0,
    revokedEmployers: totals.revoked ?? 0,
    withdrawnEmployers: totals.withdrawn ?? 0,
    workersCovered: workers.covered,
    workersUplifted: workers.uplifted,
    accreditedWithWorkerFigures: workers.withFigures,
    bySector: breakdown("sectors", "sector_code"),
    byArea: breakdown("areas", "area_code"),
    bySize: breakdown("size_bands", "size_code"),
    byRateArea,
  };
}

export interface EmployerStatus {
  employerId: number;
  status: Status;
  since: string;
  rateArea: RateArea;
}

/** Every employer's status on `asOf` (employers with no status event by then are left out). */
export function statusesAsOf(db: Db, asOf: string = today()): EmployerStatus[] {
  return db.$client
    .prepare(`SELECT employer_id AS employerId, status, since, rate_area AS rateArea FROM (${STATUS_ON_DATE_SQL})`)
    .all({ asOf }) as EmployerStatus[];
}

/** One employer's status on `asOf`, or null when it had none yet. */
export function statusOfEmployer(db: Db, employerId: number, asOf: string = today()): EmployerStatus | null {
  const row = db.$client
    .prepare(
      `SELECT ev.employer_id AS employerId, ${STATUS_OF_EVENT} AS status, ev.effective_on AS since, ev.rate_area AS rateArea
       FROM commitment_events ev
       WHERE ev.employer_id = :employerId AND ev.event <> 'rate_implemented' AND ev.effective_on <= :asOf
       ORDER BY ev.effective_on DESC, ev.id DESC LIMIT 1`,
    )
    .get({ employerId, asOf }) as EmployerStatus | undefined;
  return row ?? null;
}

export interface SeriesPoint {
  month: string;
  accreditedEmployers: number;
  pledgedEmployers: number;
}

/**
 * Accredited and pledged employers at the end of each month from the first event to `until`, in one pass:
 * each status interval adds one in the month it starts and takes one away in the month it ends.
 */
export function monthlySeries(db: Db, until: string = today()): SeriesPoint[] {
  const deltas = db.$client
    .prepare(
      `WITH iv AS (
         SELECT ${STATUS_OF_EVENT} AS status, ev.effective_on AS start_on,
           lead(ev.effective_on) OVER (PARTITION BY ev.employer_id ORDER BY ev.effective_on, ev.id) AS end_on
         FROM commitment_events ev WHERE ev.event <> 'rate_implemented' AND ev.effective_on <= :until),
       d AS (
         SELECT status, substr(start_on, 1, 7) AS month, 1 AS delta FROM iv WHERE status IN ('accredited', 'pledged')
         UNION ALL
         SELECT status, substr(end_on, 1, 7), -1 FROM iv WHERE status IN ('accredited', 'pledged') AND end_on IS NOT NULL)
       SELECT month, sum(delta) FILTER (WHERE status = 'accredited') AS accredited, sum(delta) FILTER (WHERE status = 'pledged') AS pledged
       FROM d GROUP BY month ORDER BY month`,
    )
    .all({ until }) as { month: string; accredited: number | null; pledged: number | null }[];
  if (deltas.length === 0) return [];
  const byMonth = new Map(deltas.map((d) => [d.month, d]));
  const points: SeriesPoint[] = [];
  let accredited = 0;
  let pledged = 0;
  let [y, m] = deltas[0]!.month.split("-").map(Number) as [number, number];
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
export function behindAsOf(db: Db, asOf: string = today()): BehindEmployer[] {
  return db.$client
    .prepare(
      `WITH st AS (${STATUS_ON_DATE_SQL}),
       due AS (
         SELECT r.rate_area, r.rate_pence, r.announced_on, r.implement_by FROM living_wage_rates r
         WHERE r.implement_by <= :asOf AND r.implement_by = (
           SELECT max(r2.implement_by) FROM living_wage_rates r2 WHERE r2.rate_area = r.rate_area AND r2.implement_by <= :asOf))
       SELECT e.id AS employerId, e.slug, e.name, st.rate_area AS rateArea, st.since AS accreditedSince,
         due.rate_pence AS dueRatePence, due.implement_by AS implementBy,
         (SELECT max(ri.rate_pence) FROM commitment_events ri
          WHERE ri.employer_id = e.id AND ri.event = 'rate_implemented' AND ri.rate_area = st.rate_area AND ri.effective_on <= :asOf) AS latestRatePence
       FROM st JOIN employers e ON e.id = st.employer_id JOIN due ON due.rate_area = st.rate_area
       WHERE st.status = 'accredited' AND st.since < due.announced_on
         AND coalesce(latestRatePence, 0) < due.rate_pence
       ORDER BY e.name`,
    )
    .all({ asOf }) as BehindEmployer[];
}
