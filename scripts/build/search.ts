/**
 * Builds the Pagefind search index from the database rather than from the built pages: one small record per
 * employer, whose searchable text is only its names (name, other names, acronym), filed under status, sector, area,
 * size and rate area. Places and sectors are found through the filters, so a name match never competes with an
 * employer that merely sits in a place of that name.
 *
 * What a reader downloads before the first result is Pagefind's metadata, one entry per record: the index keeps no
 * sort orders (each adds an ordering of every record to it; records go in name order, which the page uses instead)
 * and gives each record a fragment file of its own (bundled fragments add the bundle's name to every entry).
 */
import * as pagefind from "pagefind";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { connect } from "../../db/client.ts";
import { listEmployers, type EmployerRecord } from "../../db/domain/employers.ts";
import { loadLookups } from "../../db/domain/lookups.ts";
import type { RateArea } from "../../db/enums.ts";
import { BUILD_AS_OF } from "../../src/lib/config.ts";
import { searchFacets, searchNames } from "../../src/lib/search.ts";

/** Records sent to Pagefind before waiting for its answers. */
const BATCH = 1000;

/** The Pagefind record for one employer; exported so tests can check what is searchable. */
export function searchRecord(
  e: EmployerRecord,
  areaRateArea: ReadonlyMap<string, RateArea>,
  base = "/",
): pagefind.CustomRecord & { meta: Record<string, string>; filters: Record<string, string[]> } {
  return {
    url: `${base}employers/${e.slug}/`,
    language: "en",
    content: searchNames(e).join(". "),
    // Pagefind searches the meta fields too, so they hold only names; status, sector and area come from the filters.
    meta: {
      title: e.name,
      ...(e.otherNames.length ? { otherNames: e.otherNames.join("; ") } : {}),
    },
    filters: searchFacets(e, areaRateArea),
  };
}

/** Writes the index to `out` (by default dist/pagefind). */
async function main(out = resolve("dist/pagefind")): Promise<void> {
  const started = Date.now();
  const db = connect(resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"), { readonly: true });
  const employers = listEmployers(db, BUILD_AS_OF);
  const areaRateArea = new Map(loadLookups(db).areas.map((a) => [a.code, a.rateArea]));
  db.$client.close();

  // A fragment file per record: bundling ten to a file cost 20 kB more metadata at 10,000 employers.
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "en", maxFragments: employers.length + 1 });
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
