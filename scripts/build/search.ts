/**
 * Builds the Pagefind search index from the database rather than from the built pages: one small record per
 * employer, with its other names and area in the searchable text, and status, sector, area, size and rate area
 * as filters. The index holds only what search needs, so it is quick to build and small to download.
 *
 * Each record is written as a tiny HTML file and indexed with addDirectory: Pagefind's addCustomRecord looks up
 * every new URL among all the records added so far, which takes minutes at 100,000 employers; a directory is read
 * in one pass.
 */
import * as pagefind from "pagefind";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { connect } from "../../db/client.ts";
import { listEmployers, type EmployerRecord } from "../../db/domain/employers.ts";
import { loadLookups } from "../../db/domain/lookups.ts";
import { BUILD_AS_OF } from "../../src/lib/config.ts";
import { STATUS_LABELS, statusKey } from "../../src/lib/format.ts";

const RATE_AREA_FILTER = { london: "London", uk: "UK" } as const;

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
    content: [...e.otherNames, e.sectorName, place].join(". "),
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
      // Pagefind leaves a record without the key out of sorted results, so employers never accredited get the
      // earliest date and come last; one key and one direction, as each key adds to every first search's download.
      accredited: accredited || "0000-00-00",
    },
  };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * A record as the smallest page Pagefind reads the same way: the name as the heading (Pagefind weights headings, so
 * a name match ranks first), the other searchable words below it, and filters, metadata and sort keys in elements
 * left out of the searchable text. One element per value, because filter values may contain commas.
 */
export function recordHtml(record: ReturnType<typeof searchRecord>): string {
  const tagged = (attribute: string, entries: [string, string][]) =>
    entries
      .map(([key, value]) => `<span data-pagefind-${attribute}="${escapeHtml(key)}">${escapeHtml(value)}</span>`)
      .join("");
  const { title = "", ...meta } = record.meta;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>` +
    `<h1 data-pagefind-meta="title">${escapeHtml(title)}</h1><p>${escapeHtml(record.content)}</p>` +
    `<div data-pagefind-ignore>` +
    tagged(
      "filter",
      Object.entries(record.filters).flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v])),
    ) +
    tagged(
      "meta",
      Object.entries(meta).filter(([, v]) => v !== ""),
    ) +
    tagged("sort", Object.entries(record.sort)) +
    `</div></body></html>`
  );
}

/** Writes the index to `out` (by default dist/pagefind). */
async function main(out = resolve("dist/pagefind")): Promise<void> {
  const started = Date.now();
  const db = connect(resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"), { readonly: true });
  const employers = listEmployers(db, BUILD_AS_OF);
  const areaRateArea = new Map(loadLookups(db).areas.map((a) => [a.code, a.rateArea]));
  db.$client.close();

  const staging = mkdtempSync(join(tmpdir(), "lwd-search-"));
  try {
    for (const e of employers) {
      const record = searchRecord(e, areaRateArea);
      const dir = join(staging, "employers", e.slug);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "index.html"), recordHtml(record));
    }
    const staged = Date.now();
    // Records are tiny, so fragments are bundled ten or so to a file: a tenth of the files to write and host,
    // for a few hundred more bytes per result shown.
    const { index, errors } = await pagefind.createIndex({
      forceLanguage: "en",
      maxFragments: Math.max(1000, Math.ceil(employers.length / 10)),
    });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
    const read = await index.addDirectory({ path: staging });
    if (read.errors.length) throw new Error(`Pagefind could not read the records: ${read.errors.join("; ")}`);
    if (read.page_count !== employers.length)
      throw new Error(`Pagefind indexed ${read.page_count} of ${employers.length} employers`);
    const added = Date.now();
    // Pagefind adds files beside any already there; start clean so no record of a removed employer survives.
    rmSync(out, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath: out });
    if (written.errors.length) throw new Error(`Pagefind could not write the index: ${written.errors.join("; ")}`);
    await pagefind.close();
    const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
    console.error(
      `Search index: ${employers.length} employers in ${seconds(started, Date.now())}s (records ${seconds(started, staged)}s, reading ${seconds(staged, added)}s, writing ${seconds(added, Date.now())}s) → ${out}`,
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

// Run only when called as a script, so tests can import searchRecord.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  main(values.out ? resolve(values.out) : undefined).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
