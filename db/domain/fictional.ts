/**
 * Fictional data in the database, for benchmarks and tests: the reference data a generator draws from, and writing
 * generated employers and their histories as the generator contributor, audited like any write. What the employers
 * are is decided by `lwd generate` (scripts/cli/generate.ts); this only reads and writes.
 * Raw statements: the writer inserts tens of thousands of rows for a benchmark (measured in npm run bench).
 */
import type { Db } from "../client.ts";
import type { RateArea } from "../enums.ts";
import { SEED_HANDLE } from "../seed/seed.ts";
import { slugFor } from "../slugs.ts";
import { newEmployerRecord, newEventRecord } from "./audit.ts";
import type { EmployerDetails, EmployerEvent } from "./employers.ts";

/** The contributor that `generate --db` records its rows as. */
export const GENERATOR_HANDLE = "generator";

export interface RatePoint {
  rateArea: RateArea;
  ratePence: number;
  announcedOn: string;
  /** The first day the rate is the floor: its implement-by date, or its announcement before the six-month rule. */
  inForceFrom: string;
}

/** The seeded lookups and rate history the generator draws from. */
export interface ReferenceData {
  sectors: string[];
  areas: { code: string; rateArea: RateArea }[];
  sizes: string[];
  rates: RatePoint[];
}

/** An event before it is stored: every field of a stored event but its id and when it was recorded; always a note. */
export type FictionalEvent = Omit<EmployerEvent, "id" | "recordedAt" | "note" | "scheme" | "retractedAt"> & {
  note: string;
};

export type FictionalEmployer = EmployerDetails & { events: FictionalEvent[] };

/** Reads the lookups and rates from a database (the real seed, when it is a fresh one). */
export function referenceData(db: Db): ReferenceData {
  const s = db.$client;
  return {
    sectors: (s.prepare("SELECT code FROM sectors ORDER BY code").all() as { code: string }[]).map((r) => r.code),
    areas: s.prepare("SELECT code, rate_area AS rateArea FROM areas ORDER BY code").all() as {
      code: string;
      rateArea: RateArea;
    }[],
    sizes: (s.prepare("SELECT code FROM size_bands ORDER BY min_employees").all() as { code: string }[]).map(
      (r) => r.code,
    ),
    rates: s
      .prepare(
        `SELECT rate_area AS rateArea, rate_pence AS ratePence, announced_on AS announcedOn, coalesce(implement_by, announced_on) AS inForceFrom
         FROM living_wage_rates WHERE retracted_at IS NULL ORDER BY rate_area, announced_on`,
      )
      .all() as RatePoint[],
  };
}

/**
 * The contributors, other than the seed loader and the generator, who have recorded anything but a contributor in
 * the database (every write is audited): none means it holds nothing but the bundled seed and generated records.
 */
export function realRecorders(db: Db): { handle: string; changes: number }[] {
  return db.$client
    .prepare(
      `SELECT coalesce(c.handle, '(unknown)') AS handle, count(*) AS changes FROM audit_log a
       LEFT JOIN contributors c ON c.id = a.contributor_id
       WHERE a.table_name <> 'contributors' AND coalesce(c.handle, '') NOT IN (?, ?)
       GROUP BY a.contributor_id ORDER BY changes DESC`,
    )
    .all(SEED_HANDLE, GENERATOR_HANDLE) as { handle: string; changes: number }[];
}

/** Finds or adds the "generator" contributor that generated rows are recorded by. */
function generatorContributor(db: Db): number {
  const s = db.$client;
  const found = s.prepare("SELECT id FROM contributors WHERE handle = ?").get(GENERATOR_HANDLE) as
    { id: number } | undefined;
  if (found) return found.id;
  const id = Number(
    s
      .prepare("INSERT INTO contributors (handle, name, role, organisation) VALUES (?, ?, 'campaigner', ?)")
      .run(GENERATOR_HANDLE, "Synthetic data generator (fictional records)", "Living Wage Directory").lastInsertRowid,
  );
  s.prepare(
    "INSERT INTO audit_log (table_name, row_id, action, after, contributor_id, why) VALUES ('contributors', ?, 'insert', ?, ?, 'generator')",
  ).run(String(id), JSON.stringify({ handle: GENERATOR_HANDLE, role: "campaigner" }), id);
  return id;
}

/**
 * Writes straight into a database with prepared statements in one synchronous transaction, audited like any
 * write. Employers whose name is already present are skipped, so running it twice adds nothing.
 */
export function writeFictionalEmployers(
  db: Db,
  fictional: Iterable<FictionalEmployer>,
  why: string,
  onProgress?: (done: number) => void,
): { employers: number; events: number; skipped: number } {
  const s = db.$client;
  return s.transaction(() => {
    const by = generatorContributor(db);
    const names = new Set(
      (s.prepare("SELECT name FROM employers").all() as { name: string }[]).map((r) => r.name.toLowerCase()),
    );
    const numbers = new Set(
      (s.prepare("SELECT companies_house_number AS n FROM employers WHERE n IS NOT NULL").all() as { n: string }[]).map(
        (r) => r.n,
      ),
    );
    const slugs = new Set(
      (
        s.prepare("SELECT slug FROM employers UNION ALL SELECT old_slug FROM slug_redirects").all() as {
          slug: string;
        }[]
      ).map((r) => r.slug),
    );
    const addEmployer = s.prepare(
      "INSERT INTO employers (slug, name, companies_house_number, sector_code, size_code, area_code, website) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const addEvent = s.prepare(
      `INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, rate_pence, workers_covered, workers_uplifted, source_url, note, reason, recorded_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const audit = s.prepare(
      "INSERT INTO audit_log (table_name, row_id, action, after, contributor_id, why) VALUES (?, ?, 'insert', ?, ?, ?)",
    );
    let employers = 0;
    let events = 0;
    let skipped = 0;
    let seen = 0;
    for (const e of fictional) {
      if (++seen % 5000 === 0) onProgress?.(seen);
      if (names.has(e.name.toLowerCase())) {
        skipped++;
        continue;
      }
      const number = e.companiesHouseNumber && !numbers.has(e.companiesHouseNumber) ? e.companiesHouseNumber : null;
      const slug = slugFor(e.name, (candidate) => slugs.has(candidate));
      slugs.add(slug);
      names.add(e.name.toLowerCase());
      if (number) numbers.add(number);
      const employerId = Number(
        addEmployer.run(slug, e.name, number, e.sectorCode, e.sizeCode, e.areaCode, e.website).lastInsertRowid,
      );
      audit.run(
        "employers",
        String(employerId),
        JSON.stringify(newEmployerRecord(slug, { ...e, companiesHouseNumber: number })),
        by,
        why,
      );
      for (const ev of e.events) {
        const eventId = addEvent.run(
          employerId,
          ev.event,
          ev.effectiveOn,
          ev.rateArea,
          ev.ratePence,
          ev.workersCovered,
          ev.workersUplifted,
          ev.sourceUrl,
          ev.note,
          ev.reason,
          by,
        ).lastInsertRowid;
        audit.run("commitment_events", String(eventId), JSON.stringify(newEventRecord(employerId, ev)), by, why);
      }
      employers++;
      events += e.events.length;
    }
    onProgress?.(seen);
    return { employers, events, skipped };
  })();
}
