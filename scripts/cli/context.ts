/** What every command shares: the database it opens and who writes; the flags and printing come from common.ts. */
import { databasePath, openDatabase, type Db } from "../../db/client.ts";
import { requireContributor, type Contributor } from "../../db/domain/contributors.ts";
import type { GlobalOptions } from "./common.ts";

export { optionsOf, printJson, say, table, type GlobalOptions } from "./common.ts";

/** Opens the database the flags name (creating and seeding it when missing). */
export function dbFor(options: GlobalOptions): Db {
  return openDatabase(databasePath(options.db));
}

/** The contributor a write is made as: --as, else LWD_AS. */
export function writerFor(
  db: Db,
  options: GlobalOptions,
  need: { staff?: boolean; action?: string } = {},
): Contributor {
  return requireContributor(db, options.as ?? process.env.LWD_AS, need);
}
