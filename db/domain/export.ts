/** The whole directory as data: every employer with its status today and its events. No contributor details. */
import { neutraliseCell } from "../spreadsheet.ts";
import type { Db } from "../client.ts";
import { eventsByEmployer, listEmployers, type EmployerEvent, type EmployerRecord } from "./employers.ts";
import { todayIso } from "../dates.ts";
import { EVENT_FILE_COLUMNS } from "../validation.ts";

/** Columns of the CSV export: one row per event, the employer's details repeated on each. */
export const EXPORT_COLUMNS = [
  "slug",
  "name",
  "other_names",
  "companies_house_number",
  "sector",
  "sector_name",
  "size",
  "area",
  "area_name",
  "website",
  "status",
  "status_since",
  ...EVENT_FILE_COLUMNS,
  "scheme",
  "reason",
  "recorded_at",
] as const;

export interface ExportedEmployer extends Omit<EmployerRecord, "id" | "events" | "formerSlugs"> {
  events: Omit<EmployerEvent, "id">[];
}

/** Every employer in name order with its events in date order: two queries however many there are. */
export function exportEmployers(db: Db, asOf: string = todayIso()): ExportedEmployer[] {
  const events = eventsByEmployer(db);
  return listEmployers(db, asOf).map(({ id, events: _none, formerSlugs: _slugs, ...employer }) => ({
    ...employer,
    events: (events.get(id) ?? []).map(({ id: _id, ...e }) => e),
  }));
}

/** The CSV rows (without header) for one employer. */
export function exportRows(e: ExportedEmployer): string[][] {
  const base = [
    e.slug,
    e.name,
    e.otherNames.join("; "),
    e.companiesHouseNumber ?? "",
    e.sectorCode,
    e.sectorName,
    e.sizeCode ?? "",
    e.areaCode,
    e.areaName,
    e.website ?? "",
    e.status ?? "",
    e.since ?? "",
  ];
  const events = e.events.length ? e.events : [null];
  return events.map((ev) =>
    [
      ...base,
      ev?.event ?? "",
      ev?.effectiveOn ?? "",
      ev?.rateArea ?? "",
      ev?.ratePence != null ? (ev.ratePence / 100).toFixed(2) : "",
      ev?.workersCovered != null ? String(ev.workersCovered) : "",
      ev?.workersUplifted != null ? String(ev.workersUplifted) : "",
      ev?.sourceUrl ?? "",
      ev?.note ?? "",
      ev?.scheme ?? "",
      ev?.reason ?? "",
      ev?.recordedAt ?? "",
    ].map(neutraliseCell),
  );
}
