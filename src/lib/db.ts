/** The site's one read-only connection to the database the build was asked for (LWD_DB or db/livingwage.sqlite). */
import { resolve } from "node:path";
import { connect, type Db } from "../../db/client.ts";

let db: Db | undefined;

/**
 * The build's database, opened once and shared by every page's query module. The path is resolved from the
 * working directory because the bundled build no longer sits beside db/; `npm run build` migrates the file first.
 */
export function siteDb(): Db {
  db ??= connect(resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"), { readonly: true });
  return db;
}
