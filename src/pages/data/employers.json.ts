/** /data/employers.json: every employer with its status on the build date and all its events. */
import type { APIContext } from "astro";
import { BUILD_AS_OF, BUILT_AT, DATA_LICENCE } from "../../lib/config";
import { siteDb } from "../../lib/db";
import { employersJson, lastUpdated, publishedEmployers, streamOf } from "../../lib/publish";

export function GET({ site }: APIContext) {
  const db = siteDb();
  const meta = { statusAsOf: BUILD_AS_OF, lastUpdated: lastUpdated(db), generatedAt: BUILT_AT, licence: DATA_LICENCE, source: site?.href ?? null };
  return new Response(streamOf(employersJson(publishedEmployers(db, BUILD_AS_OF), site, meta)), { headers: { "Content-Type": "application/json" } });
}
