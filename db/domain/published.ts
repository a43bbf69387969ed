/**
 * The queries behind what the site publishes as data: events in batches for the downloads and JSON twins, the rows of
 * events.csv and rates.csv, the public SQLite copy, and the data page's freshness, changelog and counts. What is
 * published, and how it is shaped, is decided in src/lib/publish.ts; only the reading happens here.
 * Raw SQL throughout: batch readers over every event for the downloads (measured in npm run bench).
 */
import Database from "better-sqlite3";
import type { Db } from "../client.ts";
import { FIRST_EVENT_DATE } from "../dates.ts";
import { EVENT_KINDS } from "../enums.ts";
import { withCorrections } from "./corrections.ts";
import { EVENT_COLUMNS, type EmployerEvent } from "./employers.ts";

/** A reader of the events of a batch of employers, each employer's in date order; prepared once for all batches. */
export function eventsOfEmployers(db: Db): (ids: number[]) => Map<number, EmployerEvent[]> {
  const statement = db.$client.prepare(
    `SELECT employer_id AS employerId, ${EVENT_COLUMNS}
     FROM commitment_events WHERE employer_id IN (SELECT value FROM json_each(?)) ORDER BY employer_id, effective_on, id`,
  );
  const corrected = withCorrections(db);
  return (ids) => {
    const events = new Map<number, EmployerEvent[]>();
    for (const { employerId, ...event } of statement.all(JSON.stringify(ids)) as (EmployerEvent & {
      employerId: number;
    })[]) {
      let list = events.get(employerId);
      if (!list) events.set(employerId, (list = []));
      list.push(corrected(event));
    }
    return events;
  };
}

/**
 * Every event of the employers whose id leaves `part` when divided by `parts`, streamed in employer order and each
 * employer's in date order: one build worker's share of the employer pages, never all held at once.
 */
export function eventsOfShare(
  db: Db,
  part: number,
  parts: number,
): IterableIterator<EmployerEvent & { employerId: number }> {
  // Raw statement: streams a million events at build time (measured in npm run bench).
  const rows = db.$client
    .prepare(
      `SELECT employer_id AS employerId, ${EVENT_COLUMNS}
       FROM commitment_events WHERE employer_id % :parts = :part ORDER BY employer_id, effective_on, id`,
    )
    .iterate({ parts, part }) as IterableIterator<EmployerEvent & { employerId: number }>;
  const corrected = withCorrections(db);
  return (function* () {
    for (const row of rows) yield corrected(row);
  })();
}

/**
 * The rows of events.csv in its column order, `batch` at a time by event id, so the whole table never sits in memory.
 * Only contributors who asked to be credited are named.
 */
export function* eventCsvRows(db: Db, batch: number): Generator<unknown[][]> {
  const page = db.$client
    .prepare(
      `SELECT ev.id, e.slug, e.name, ev.event, ev.scheme, ev.effective_on, ev.rate_area, ev.rate_pence, ev.workers_covered, ev.workers_uplifted,
       ev.source_url, ev.note, ev.reason, ev.recorded_at, c.name AS credited, ev.retracted_at
     FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id
     LEFT JOIN contributors c ON c.id = ev.recorded_by AND c.is_credited = 1
     WHERE ev.id > ? ORDER BY ev.id LIMIT ?`,
    )
    .raw(true);
  let after = 0;
  for (;;) {
    const rows = page.all(after, batch) as unknown[][];
    const last = rows.at(-1);
    if (!last) return;
    after = last[0] as number;
    yield rows;
  }
}

/** The rows of rates.csv in its column order. */
export function rateCsvRows(db: Db): unknown[][] {
  return db.$client
    .prepare(
      `SELECT rate_area, rate_pence, printf('£%.2f', rate_pence / 100.0), announced_on, announced_precision, implement_by, source_url, note, retracted_at
       FROM living_wage_rates ORDER BY rate_area, announced_on, id`,
    )
    .raw(true)
    .all() as unknown[][];
}

/**
 * Copies the database to `path` (which must not exist) with only the tables and columns in `keep` (table → column →
 * anything) and the `bookkeeping` tables as they are; uncredited contributors lose their names.
 */
export function copyPublishedTables(
  db: Db,
  path: string,
  keep: Record<string, Record<string, unknown>>,
  bookkeeping: readonly string[],
): void {
  db.$client.prepare("VACUUM INTO ?").run(path);
  const copy = new Database(path);
  try {
    copy.pragma("foreign_keys = OFF");
    copy.pragma("secure_delete = ON");
    copy.pragma("journal_mode = DELETE");
    copy.transaction(() => {
      copy
        .prepare(
          `UPDATE contributors SET handle = 'contributor-' || id, name = 'Uncredited contributor', organisation = NULL WHERE is_credited = 0`,
        )
        .run();
      const tables = copy
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .pluck()
        .all() as string[];
      for (const table of tables) {
        if (bookkeeping.includes(table)) continue;
        const columns = keep[table];
        if (!columns) {
          copy.exec(`DROP TABLE "${table}"`);
          continue;
        }
        for (const column of copy.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[])
          if (columns[column] === undefined) copy.exec(`ALTER TABLE "${table}" DROP COLUMN "${column}"`);
      }
    })();
    copy.exec("VACUUM");
  } finally {
    copy.close();
  }
}

/** The latest time anything in the published data was recorded or changed (UTC), or null on an empty database. */
export function lastUpdated(db: Db): string | null {
  return db.$client
    .prepare(
      `SELECT max(t) FROM (SELECT max(recorded_at) AS t FROM commitment_events UNION ALL SELECT max(updated_at) FROM employers
       UNION ALL SELECT max(created_at) FROM slug_redirects)`,
    )
    .pluck()
    .get() as string | null;
}

/** The earliest date the data speaks of (first event or first rate), for the Dataset's temporal coverage. */
export function coverageStart(db: Db): string | null {
  return db.$client
    .prepare(
      "SELECT min(d) FROM (SELECT min(effective_on) AS d FROM commitment_events UNION ALL SELECT min(announced_on) FROM living_wage_rates)",
    )
    .pluck()
    .get() as string | null;
}

/**
 * The date of the first event, or null on an empty directory. A date before the campaign began is a mistake
 * `lwd db check` reports; it is passed over here, so it cannot add a page for every year since.
 */
export function firstEventDate(db: Db): string | null {
  return db.$client
    .prepare("SELECT min(effective_on) FROM commitment_events WHERE effective_on >= ?")
    .pluck()
    .get(FIRST_EVENT_DATE) as string | null;
}

export interface ChangelogDay {
  day: string;
  newEmployers: number;
  counts: { event: string; count: number }[];
}

/** What was added to the data on each day, newest first: new employer records and events of each kind. */
export function changelog(db: Db, limit = 60): ChangelogDay[] {
  const rows = db.$client
    .prepare(
      `WITH days AS (
         SELECT substr(recorded_at, 1, 10) AS day FROM commitment_events GROUP BY 1
         UNION SELECT substr(created_at, 1, 10) FROM employers GROUP BY 1
         ORDER BY day DESC LIMIT :limit)
       SELECT d.day, 'employer' AS what, count(e.id) AS n FROM days d JOIN employers e ON substr(e.created_at, 1, 10) = d.day GROUP BY d.day
       UNION ALL
       SELECT d.day, ev.event, count(*) FROM days d JOIN commitment_events ev ON substr(ev.recorded_at, 1, 10) = d.day GROUP BY d.day, ev.event`,
    )
    .all({ limit }) as { day: string; what: string; n: number }[];
  const byDay = new Map<string, ChangelogDay>();
  for (const r of rows) {
    let d = byDay.get(r.day);
    if (!d) byDay.set(r.day, (d = { day: r.day, newEmployers: 0, counts: [] }));
    if (r.what === "employer") d.newEmployers = r.n;
    else d.counts.push({ event: r.what, count: r.n });
  }
  const order = EVENT_KINDS as readonly string[];
  for (const d of byDay.values()) d.counts.sort((a, b) => order.indexOf(a.event) - order.indexOf(b.event));
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? 1 : -1));
}

/** How many rows each download holds, for the data page. */
export function downloadCounts(db: Db): { employers: number; events: number; rates: number } {
  const count = (table: string) => db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { employers: count("employers"), events: count("commitment_events"), rates: count("living_wage_rates") };
}
