/** Loads the sourced reference data and example employers in db/seed/*.csv; safe to run again. */
import { parse } from "csv-parse/sync";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../client.ts";
import { DB_FOLDER } from "../paths.ts";
import { slugFor } from "../slugs.ts";
import { newEmployerRecord, newEventRecord } from "../domain/audit.ts";
import type { EventKind, RateArea } from "../enums.ts";

const here = join(DB_FOLDER, "seed");

import { SEED_HANDLE } from "../domain/contributors.ts";
export { SEED_HANDLE };

function readCsv(name: string): Record<string, string>[] {
  return parse(readFileSync(join(here, name), "utf8"), { columns: true, skip_empty_lines: true, bom: true });
}

/** A cell every row of a bundled seed file has; a missing one means the file itself is broken. */
function cell(row: Record<string, string>, column: string, file: string): string {
  const value = row[column];
  if (value === undefined) throw new Error(`db/seed/${file} has a row without a ${column} column`);
  return value;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** Adds whole months to an ISO date, clamping to the month's last day. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The implement-by date of a rate: the date the source gives ("implement by 15 May 2022"), else six months
 * after a day- or month-precise announcement from 2011, when the six-month rule began; else unknown.
 */
export function implementByFor(announcedOn: string, precision: string, note: string): string | null {
  const [, day, monthName, year] = /implement by (\d{1,2}) ([A-Za-z]+) (\d{4})/i.exec(note) ?? [];
  if (day && monthName && year) {
    const month = MONTHS.indexOf(monthName.toLowerCase());
    if (month >= 0) return `${year}-${String(month + 1).padStart(2, "0")}-${day.padStart(2, "0")}`;
  }
  if (precision === "year" || announcedOn < "2011-01-01") return null;
  return addMonths(announcedOn, 6);
}

/** Seeds lookups, the rate history and the sourced employers; existing rows are left as they are. */
export function seedDatabase(db: Db): void {
  const sqlite = db.$client;
  const sectors = readCsv("sectors.csv");
  const areas = readCsv("areas.csv");
  const sizes = readCsv("sizes.csv");
  const services = readCsv("services.csv");
  const rates = readCsv("living-wage-rates.csv");
  const employers = readCsv("employers.csv");

  // Raw statements: the bulk load of the bundled files runs on every new database, tests included.
  sqlite.transaction(() => {
    const addSector = sqlite.prepare("INSERT OR IGNORE INTO sectors (code, name) VALUES (?, ?)");
    for (const s of sectors) addSector.run(s.code, s.name);
    const addService = sqlite.prepare("INSERT OR IGNORE INTO services (code, name) VALUES (?, ?)");
    for (const s of services) addService.run(s.code, s.name);
    const addArea = sqlite.prepare("INSERT OR IGNORE INTO areas (code, name, kind, rate_area) VALUES (?, ?, ?, ?)");
    for (const a of areas) addArea.run(a.code, a.name, a.kind, a.rate_area);
    const addSize = sqlite.prepare(
      "INSERT OR IGNORE INTO size_bands (code, name, min_employees, max_employees) VALUES (?, ?, ?, ?)",
    );
    for (const s of sizes)
      addSize.run(s.code, s.name, Number(s.min_employees), s.max_employees ? Number(s.max_employees) : null);

    // A rate already there, even retracted, is left alone: seeding again must not bring back a retracted rate.
    const addRate = sqlite.prepare(
      `INSERT INTO living_wage_rates (rate_area, rate_pence, announced_on, announced_precision, implement_by, source_url, note)
       SELECT :area, :pence, :announcedOn, :precision, :implementBy, :source, :note
       WHERE NOT EXISTS (SELECT 1 FROM living_wage_rates WHERE rate_area = :area AND announced_on = :announcedOn)`,
    );
    for (const r of rates) {
      const announced = cell(r, "announced", "living-wage-rates.csv");
      const announcedOn =
        announced.length === 4 ? `${announced}-01-01` : announced.length === 7 ? `${announced}-01` : announced;
      addRate.run({
        area: r.area,
        pence: Number(r.rate_pence),
        announcedOn,
        precision: r.announced_precision,
        implementBy: implementByFor(announcedOn, cell(r, "announced_precision", "living-wage-rates.csv"), r.note ?? ""),
        source: r.source_url,
        note: r.note || null,
      });
    }

    sqlite
      .prepare(
        "INSERT OR IGNORE INTO contributors (handle, name, role, organisation, is_credited) VALUES (?, ?, 'campaigner', ?, 1)",
      )
      .run(SEED_HANDLE, "Sourced seed data", "Living Wage Directory");
    const seedId = (sqlite.prepare("SELECT id FROM contributors WHERE handle = ?").get(SEED_HANDLE) as { id: number })
      .id;

    const findEmployer = sqlite.prepare("SELECT id FROM employers WHERE name = ?");
    const slugTaken = sqlite.prepare(
      "SELECT 1 FROM employers WHERE slug = ? UNION ALL SELECT 1 FROM slug_redirects WHERE old_slug = ?",
    );
    const addEmployer = sqlite.prepare(
      "INSERT INTO employers (slug, name, sector_code, size_code, area_code) VALUES (?, ?, ?, ?, ?) RETURNING id",
    );
    const addName = sqlite.prepare("INSERT OR IGNORE INTO employer_names (employer_id, name) VALUES (?, ?)");
    const hasEvent = sqlite.prepare(
      "SELECT 1 FROM commitment_events WHERE employer_id = ? AND event = ? AND effective_on = ? AND source_url = ?",
    );
    const addEvent = sqlite.prepare(
      `INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, source_url, note, recorded_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const audit = sqlite.prepare(
      "INSERT INTO audit_log (table_name, row_id, action, after, contributor_id, why) VALUES (?, ?, 'insert', ?, ?, 'seed')",
    );
    for (const e of employers) {
      let row = findEmployer.get(e.name) as { id: number } | undefined;
      if (!row) {
        const details = {
          name: cell(e, "name", "employers.csv"),
          companiesHouseNumber: null,
          sectorCode: cell(e, "sector", "employers.csv"),
          sizeCode: e.size || null,
          areaCode: cell(e, "area", "employers.csv"),
          website: null,
        };
        const slug = slugFor(details.name, (s) => slugTaken.get(s, s) !== undefined);
        row = addEmployer.get(slug, details.name, details.sectorCode, details.sizeCode, details.areaCode) as {
          id: number;
        };
        audit.run("employers", String(row.id), JSON.stringify(newEmployerRecord(slug, details)), seedId);
      }
      for (const other of (e.other_names ?? "")
        .split(";")
        .map((n) => n.trim())
        .filter(Boolean))
        addName.run(row.id, other);
      if (!hasEvent.get(row.id, e.event, e.date, e.source_url)) {
        const ev = addEvent.run(row.id, e.event, e.date, e.rate_area, e.source_url, e.note || null, seedId);
        audit.run(
          "commitment_events",
          String(ev.lastInsertRowid),
          JSON.stringify(
            newEventRecord(row.id, {
              event: e.event as EventKind,
              effectiveOn: cell(e, "date", "employers.csv"),
              rateArea: e.rate_area as RateArea,
              sourceUrl: cell(e, "source_url", "employers.csv"),
              note: e.note || null,
            }),
          ),
          seedId,
        );
      }
    }
  })();
}
