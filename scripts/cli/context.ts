/** What every command shares: the database it opens and who writes; the flags and printing come from common.ts. */
import { databasePath, openDatabase, readDatabase, type Db } from "../../db/client.ts";
import { requireContributor, type Contributor } from "../../db/domain/contributors.ts";
import { startSoundnessCheck } from "../../db/domain/soundness.ts";
import type { GlobalOptions } from "./common.ts";

export { optionsOf, printJson, requireFolderFor, say, table, type GlobalOptions } from "./common.ts";

/** Opens the database the flags name to write (creating and seeding it when missing); refused when it is damaged. */
export function dbFor(options: GlobalOptions): Db {
  return openDatabase(databasePath(options.db), { checkSoundness: true });
}

/**
 * Opens the database to write for a long command (an import): its soundness is checked in a worker thread while the
 * command checks its input, and `ensureSound` waits for that check; call it before writing.
 */
export function dbForLongWrite(options: GlobalOptions): { db: Db; ensureSound: () => void } {
  const path = databasePath(options.db);
  const db = openDatabase(path);
  return { db, ensureSound: startSoundnessCheck(path) };
}

/** Opens the database the flags name read-only: refused, never created or changed, when it is missing or not ours. */
export function dbToRead(options: GlobalOptions): Db {
  return readDatabase(databasePath(options.db));
}

/** The contributor a write is made as: --as, else LWD_AS. */
export function writerFor(
  db: Db,
  options: GlobalOptions,
  need: { staff?: boolean; action?: string } = {},
): Contributor {
  return requireContributor(db, options.as ?? process.env.LWD_AS, need);
}
