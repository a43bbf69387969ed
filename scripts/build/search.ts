/**
 * Builds the Pagefind search index from the database rather than from the built pages: one small record per
 * employer, with its other names and area in the searchable text, and status, sector, area, size and rate area
 * as filters. The index holds only what search needs, so it is quick to build and small to download.
 *
 * Each record goes to Pagefind as a custom record: the name first in the searchable text, then the other names,
 * sector and place.
 */
import * as pagefind from "pagefind";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { connect } from "../../db/client.ts";
import { listEmployers, type EmployerRecord } from "../../db/domain/employers.ts";
import { loadLookups } from "../../db/domain/lookups.ts";
import { BUILD_AS_OF } from "../../src/lib/config.ts";
import { STATUS_LABELS, statusKey } from "../../src/lib/format.ts";
import { RATE_AREA_PLACES } from "../../db/labels.ts";

/** Records sent to Pagefind before waiting for its answers. */
const BATCH = 1000;

/** The Pagefind record for one employer; exported so tests can check what is searchable. */
export function searchRecord(
  e: EmployerRecord,
  areaRateArea: Map<string, "london" | "uk">,
  base = "/",
): pagefind.CustomRecord & {
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
} {
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
      ...(e.since ? { since: e.since } : {}),
      sector: e.sectorName,
      area: e.areaName,
      ...(e.otherNames.length ? { otherNames: e.otherNames.join("; ") } : {}),
    },
    filters: {
      status: [status],
      sector: [e.sectorName],
      area: [e.areaName],
      size: [e.sizeName ?? "Not recorded"],
      rate: [RATE_AREA_PLACES[rateArea]],
    },
    sort: {
      name: e.name.toLowerCase(),
      // Pagefind leaves a record without the key out of sorted results, so employers never accredited get the
      // earliest date and come last; one key and one direction, as each key adds to every first search's download.
      accredited: accredited || "0000-00-00",
    },
  };
}

/** Writes the index to `out` (by default dist/pagefind). */
async function main(out = resolve("dist/pagefind")): Promise<void> {
  const started = Date.now();
  const db = connect(resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"), { readonly: true });
  const employers = listEmployers(db, BUILD_AS_OF);
  const areaRateArea = new Map(loadLookups(db).areas.map((a) => [a.code, a.rateArea]));
  db.$client.close();

  // Records are tiny, so fragments are bundled ten or so to a file: a tenth of the files to write and host,
  // for a few hundred more bytes per result shown.
  const { index, errors } = await pagefind.createIndex({
    forceLanguage: "en",
    maxFragments: Math.max(1000, Math.ceil(employers.length / 10)),
  });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
  const records = employers.map((e) => searchRecord(e, areaRateArea));
  // Sent a thousand at a time without waiting for each answer: one at a time, the round trips take longer than
  // Pagefind's own work.
  for (let i = 0; i < records.length; i += BATCH) {
    const added = await Promise.all(records.slice(i, i + BATCH).map((record) => index.addCustomRecord(record)));
    const failed = added.flatMap((a) => a.errors);
    if (failed.length) throw new Error(`Pagefind could not add the records: ${failed.join("; ")}`);
  }
  const added = Date.now();
  // Pagefind adds files beside any already there; start clean so no record of a removed employer survives.
  rmSync(out, { recursive: true, force: true });
  const written = await index.writeFiles({ outputPath: out });
  if (written.errors.length) throw new Error(`Pagefind could not write the index: ${written.errors.join("; ")}`);
  await pagefind.close();
  const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
  console.error(
    `Search index: ${employers.length} employers in ${seconds(started, Date.now())} s (records ${seconds(started, added)} s, writing ${seconds(added, Date.now())} s) → ${out}`,
  );
}

// Run only when called as a script, so tests can import searchRecord.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  main(values.out ? resolve(values.out) : undefined).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
