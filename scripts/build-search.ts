/**
 * Builds the Pagefind search index from the database rather than by crawling the built HTML: one record per
 * employer, with its other names and area in the searchable text, and status, sector, area, size and rate area
 * as filters. Reading rows is much faster than parsing 100,000 pages, and the index holds only what search needs.
 */
import * as pagefind from "pagefind";
import { resolve } from "node:path";
import { connect } from "../db/client.ts";
import { listEmployers, type EmployerRecord } from "../db/domain/employers.ts";
import { loadLookups } from "../db/domain/lookups.ts";
import { BUILD_AS_OF } from "../src/lib/config.ts";
import { STATUS_LABELS, statusKey } from "../src/lib/format.ts";

const RATE_AREA_FILTER = { london: "London", uk: "UK" } as const;

/** The Pagefind record for one employer; exported so tests can check what is searchable. */
export function searchRecord(e: EmployerRecord, areaRateArea: Map<string, "london" | "uk">, base = "/"): pagefind.CustomRecord {
  const status = STATUS_LABELS[statusKey(e.status)];
  const rateArea = e.rateArea ?? areaRateArea.get(e.areaCode) ?? "uk";
  // London boroughs also carry the word London, so "city hall london" finds an employer filed under Newham.
  const place = rateArea === "london" && e.areaName !== "City of London" ? `${e.areaName} London` : e.areaName;
  const accredited = e.status === "accredited" && e.since ? e.since : "";
  return {
    url: `${base}employers/${e.slug}/`,
    language: "en",
    content: [e.name, ...e.otherNames, e.sectorName, place].join(". "),
    meta: {
      title: e.name,
      status,
      statusKey: statusKey(e.status),
      since: e.since ?? "",
      sector: e.sectorName,
      area: e.areaName,
      ...(e.otherNames.length ? { otherNames: e.otherNames.join("; ") } : {}),
    },
    filters: {
      status: [status],
      sector: [e.sectorName],
      area: [e.areaName],
      size: [e.sizeName ?? "Not recorded"],
      rate: [RATE_AREA_FILTER[rateArea]],
    },
    sort: {
      name: e.name.toLowerCase(),
      // Two keys so employers never accredited sort last in both directions.
      accreditedNewest: accredited || "0000-00-00",
      accreditedOldest: accredited || "9999-99-99",
    },
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const db = connect(resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"), { readonly: true });
  const employers = listEmployers(db, BUILD_AS_OF);
  const areaRateArea = new Map(loadLookups(db).areas.map((a) => [a.code, a.rateArea]));
  db.$client.close();

  const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
  // Sent in batches: one promise per record at 100,000 employers would flood the service's pipe.
  const BATCH = 500;
  for (let i = 0; i < employers.length; i += BATCH) {
    const results = await Promise.all(employers.slice(i, i + BATCH).map((e) => index.addCustomRecord(searchRecord(e, areaRateArea))));
    const failed = results.flatMap((r) => r.errors);
    if (failed.length) throw new Error(`Pagefind refused a record: ${failed.join("; ")}`);
    if (process.stderr.isTTY) process.stderr.write(`\rIndexed ${Math.min(i + BATCH, employers.length)} of ${employers.length} employers`);
  }
  const written = await index.writeFiles({ outputPath: "dist/pagefind" });
  if (written.errors.length) throw new Error(`Pagefind could not write the index: ${written.errors.join("; ")}`);
  await pagefind.close();
  if (process.stderr.isTTY) process.stderr.write("\n");
  console.error(`Search index: ${employers.length} employers in ${((Date.now() - started) / 1000).toFixed(1)}s → dist/pagefind`);
}

// Run only when called as a script, so tests can import searchRecord.
if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
