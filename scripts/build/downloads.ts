/**
 * Writes the data downloads listed on /data/ (employers.csv, events.csv, rates.csv, employers.json and the SQLite
 * file) from the database, streaming each file batch by batch. It reads only the database, so the build integration
 * (`scripts/build/integration.ts`) runs it beside `astro build` and moves the files into the site when the build is done.
 *
 *   node --import tsx scripts/build/downloads.ts --out DIR
 */
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { connect, type Db } from "../../db/client.ts";
import { listEmployers } from "../../db/domain/employers.ts";
import { BUILD_AS_OF, BUILT_AT, DATA_LICENCE, SITE_URL } from "../../src/lib/config.ts";
import {
  employersCsv,
  employersJson,
  eventsCsv,
  lastUpdated,
  publishedEmployers,
  ratesCsv,
  writePublicSqlite,
} from "../../src/lib/publish.ts";

/** The files, by name; the data page's list of downloads names the same files. */
export const DOWNLOAD_FILES = [
  "employers.csv",
  "events.csv",
  "rates.csv",
  "employers.json",
  "livingwage.sqlite",
] as const;

async function writeParts(path: string, parts: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const part of parts) if (!out.write(part)) await once(out, "drain");
  out.end();
  await once(out, "finish");
}

/** Writes every download into `dir`; returns how long each file took, in milliseconds. */
export async function buildDownloads(
  db: Db,
  dir: string,
  asOf = BUILD_AS_OF,
  site = SITE_URL,
): Promise<Record<string, number>> {
  mkdirSync(dir, { recursive: true });
  const took: Record<string, number> = {};
  const timed = async (file: string, write: (path: string) => unknown) => {
    const started = Date.now();
    await write(join(dir, file));
    took[file] = Date.now() - started;
  };
  const employers = listEmployers(db, asOf);
  await timed("employers.csv", (path) =>
    writeParts(path, employersCsv(publishedEmployers(db, employers, asOf, { events: false }), site)),
  );
  const meta = {
    statusAsOf: asOf,
    lastUpdated: lastUpdated(db),
    generatedAt: BUILT_AT,
    licence: DATA_LICENCE,
    source: new URL(site).href,
  };
  await timed("employers.json", (path) =>
    writeParts(path, employersJson(publishedEmployers(db, employers, asOf), site, meta)),
  );
  await timed("events.csv", (path) => writeParts(path, eventsCsv(db)));
  await timed("rates.csv", (path) => writeFileSync(path, ratesCsv(db)));
  await timed("livingwage.sqlite", (path) => {
    rmSync(path, { force: true });
    writePublicSqlite(db, path);
  });
  return took;
}

if (process.argv[1] && /build\/downloads\.ts$/.test(process.argv[1])) {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  if (!values.out) {
    console.error("Usage: scripts/build/downloads.ts --out DIR");
    process.exit(2);
  }
  const started = Date.now();
  const db = connect(resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"), { readonly: true });
  const took = await buildDownloads(db, resolve(values.out));
  db.$client.close();
  const each = Object.entries(took)
    .map(([file, ms]) => `${file} ${(ms / 1000).toFixed(1)} s`)
    .join(", ");
  console.error(
    `Downloads: ${DOWNLOAD_FILES.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s (${each}) → ${values.out}`,
  );
}
