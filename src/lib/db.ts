/** The site's one read-only connection to the database the build was asked for (LWD_DB or db/livingwage.sqlite). */
import { databasePath, openDatabase, type Db } from "../../db/client.ts";

let db: Db | undefined;

/** The build's database, opened once and shared by every page's query module. */
export function siteDb(): Db {
  db ??= openDatabase(databasePath(), { readonly: true });
  return db;
}
