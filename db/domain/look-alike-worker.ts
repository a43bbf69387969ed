/**
 * The worker thread of startLookAlikeSearch (look-alikes.ts): reads every employer's names, builds the typo index
 * while the importer parses its file, then finds the look-alikes of the names it is sent, among the employers and
 * among each other, while the importer checks the rows. Runs as it is written: TypeScript by Node's own type
 * stripping, or from the bundle.
 */
import Database from "better-sqlite3";
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import {
  EMPLOYER_NAMES_SQL,
  exactKey,
  LOOK_ALIKES_SHOWN,
  nameIndexOf,
  NameIndex,
  namesFingerprint,
  type LookAlike,
} from "./duplicates.ts";
import { IN_FILE_LISTED, type FileLookAlike, type WorkerAnswer } from "./look-alikes.ts";

const { path, port, done } = workerData as { path: string; port: MessagePort; done: Int32Array };

let answer: WorkerAnswer | undefined;
try {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  let employers: { id: number; name: string }[];
  let otherNames: { employerId: number; name: string }[];
  try {
    sqlite.pragma("busy_timeout = 10000");
    // One read transaction, so both lists come from one state of the file.
    ({ employers, otherNames } = sqlite.transaction(() => ({
      employers: sqlite.prepare(EMPLOYER_NAMES_SQL.employers).all() as { id: number; name: string }[],
      otherNames: sqlite.prepare(EMPLOYER_NAMES_SQL.otherNames).all() as { employerId: number; name: string }[],
    }))());
  } finally {
    sqlite.close();
  }
  const known = new Set([...employers, ...otherNames].map((e) => exactKey(e.name)));
  const index = nameIndexOf(employers, otherNames, (id) => id);
  // The names come once the file is parsed; until then this thread has nothing else to do.
  Atomics.wait(done, 1, 0);
  const names = (receiveMessageOnPort(port)?.message ?? []) as string[];
  // A name already known is that employer: the importer never asks for its look-alikes. The others, once each, in
  // the order the file gives them, are what the file may add.
  const newNames = new Map<string, string>();
  for (const name of names) {
    const key = exactKey(name);
    if (!known.has(key) && !newNames.has(key)) newNames.set(key, name);
  }
  const inFileIndex = new NameIndex<string>();
  for (const [key, name] of newNames) inFileIndex.add(name, key);
  const knownHits: [string, LookAlike[]][] = [];
  const inFileHits: [string, FileLookAlike[] | null][] = [];
  for (const [key, name] of newNames) {
    knownHits.push([
      key,
      index.similar(name, LOOK_ALIKES_SHOWN).map((h) => ({ employerId: h.value, name: h.name, distance: h.distance })),
    ]);
    const inFile = inFileIndex.similar(name, Infinity).filter((h) => h.value !== key);
    if (inFile.length > IN_FILE_LISTED) inFileHits.push([key, null]);
    else if (inFile.length) inFileHits.push([key, inFile.map((h) => ({ key: h.value, distance: h.distance }))]);
  }
  answer = { fingerprint: namesFingerprint(employers, otherNames), known: knownHits, inFile: inFileHits };
} catch (error) {
  answer = { error: String((error as Error)?.message ?? error) };
} finally {
  // Always answered, so the thread waiting for it never waits forever.
  port.postMessage(answer ?? { error: "the search stopped early" });
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
