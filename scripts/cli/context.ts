/** What every command shares: the database it opens and who writes; the flags and printing come from common.ts. */
import { databasePath, openDatabase, readDatabase, type Db } from "../../db/client.ts";
import { requireContributor, type Contributor } from "../../db/domain/contributors.ts";
import { startLookAlikeSearch, type LookAlikeSearch } from "../../db/domain/look-alikes.ts";
import { isKnownSound, markSound, startSoundnessCheck } from "../../db/domain/soundness.ts";
import type { GlobalOptions } from "./common.ts";
import { whenCommandEnds } from "./command-end.ts";

export { optionsOf, printJson, requireFolderFor, say, table, type GlobalOptions } from "./common.ts";

/** Opens the database the flags name to write (creating and seeding it when missing); refused when it is damaged. */
export function dbFor(options: GlobalOptions): Db {
  const path = databasePath(options.db);
  const db = openDatabase(path, { checkSoundness: true });
  closeWhenDone(path, db, () => true);
  return db;
}

/**
 * Closes a database opened to write when the command ends (which writes back its log). After a command that
 * succeeded on a file found sound (`checked`), the file's state is noted, so the next write need not check the
 * whole file again (isKnownSound).
 */
function closeWhenDone(path: string, db: Db, checked: () => boolean): void {
  whenCommandEnds((succeeded) => {
    if (!db.$client.open) return;
    db.$client.close();
    if (succeeded && checked()) markSound(path);
  });
}

/**
 * Opens the database to write for a long command (an import). Two worker threads start on it while the command
 * checks its input: its soundness is checked (`ensureSound` waits for that; call it before writing), and the typo
 * index of every employer's names is built for `lookAlikes`.
 */
export function dbForLongWrite(options: GlobalOptions): {
  db: Db;
  ensureSound: () => void;
  lookAlikes: LookAlikeSearch;
} {
  const path = databasePath(options.db);
  // Judged before opening, since opening may start the file's log.
  const known = isKnownSound(path);
  const db = openDatabase(path);
  const check = known ? () => {} : startSoundnessCheck(path);
  let checked = false;
  const ensureSound = () => {
    check();
    checked = true;
  };
  closeWhenDone(path, db, () => checked);
  return { db, ensureSound, lookAlikes: startLookAlikeSearch(path) };
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
