/**
 * The typo search for a large import, on the machine's other core: a worker thread (look-alike-worker.ts) reads
 * every employer's names and builds the typo index while the importer parses its file, and searches for the file's
 * names while the importer checks the rows, among the employers and among the file's other new names. Planning uses
 * its answer only when the worker read exactly the names the write transaction sees (namesFingerprint); otherwise,
 * or when the worker failed, it searches itself.
 */
import { existsSync } from "node:fs";
import { startAnsweringWorker } from "../answering-worker.ts";
import type { LookAlike } from "./duplicates.ts";

/** The worker's answer, by each searched name's exactKey (names the database knows exactly are not searched). */
export interface LookAlikeAnswer {
  /** The employers' names within a typo or two, closest first, at most LOOK_ALIKES_SHOWN. */
  known: ReadonlyMap<string, readonly LookAlike[]>;
  /**
   * Every other name of the file the database does not know that is within a typo or two, by its exactKey: all of
   * them, as planning keeps only those that became new employers before this one. Null for a name with more than
   * IN_FILE_LISTED (a file of near-identical names would make the list grow with the square of its length): planning
   * searches for that one itself.
   */
  inFile: ReadonlyMap<string, readonly FileLookAlike[] | null>;
}

/** The most look-alikes among a file's names the worker lists for one name. */
export const IN_FILE_LISTED = 100;

/** Another name of the same file, by its exactKey, and how many edits apart. */
export interface FileLookAlike {
  key: string;
  distance: number;
}

/** What the worker posts: its answer as lists (maps do not cross threads as cheaply), or why it has none. */
export type WorkerAnswer =
  | { fingerprint: string; known: [string, LookAlike[]][]; inFile: [string, FileLookAlike[] | null][] }
  | { error: string };

export interface LookAlikeSearch {
  /** Sends the file's employer names, once; the worker searches for those it does not know exactly. */
  search(names: Iterable<string>): void;
  /**
   * The worker's answer, once it has answered, when it indexed the names that give `fingerprint`; null otherwise
   * (the caller then searches itself).
   */
  results(fingerprint: string): LookAlikeAnswer | null;
}

/**
 * The worker's module: from the bundle, its bundled entry (beside the entry file, above the chunks); from the
 * sources, the TypeScript file, which Node runs by stripping its types.
 */
function workerModule(): URL {
  if (import.meta.url.endsWith(".mjs"))
    for (const place of ["./look-alike-worker.mjs", "../look-alike-worker.mjs"]) {
      const bundled = new URL(place, import.meta.url);
      if (existsSync(bundled)) return bundled;
    }
  return new URL("./look-alike-worker.ts", import.meta.url);
}

// Plain JavaScript that loads the worker's module, so a module that fails to load still answers, with its error.
const BOOT = `
const { workerData } = require("node:worker_threads");
import(workerData.module).catch((error) => {
  workerData.port.postMessage({ error: String((error && error.message) || error) });
  Atomics.store(workerData.done, 0, 1);
  Atomics.notify(workerData.done, 0);
});
`;

/** Starts the worker on the database at `path`. */
export function startLookAlikeSearch(path: string): LookAlikeSearch {
  // done[1]: the names have been sent.
  const worker = startAnsweringWorker<WorkerAnswer>(
    BOOT,
    { module: workerModule().href, path },
    { error: "no answer" },
    2,
  );
  let sent = false;
  return {
    search(names) {
      if (sent) return;
      sent = true;
      worker.port.postMessage([...new Set(names)]);
      Atomics.store(worker.done, 1, 1);
      Atomics.notify(worker.done, 1);
    },
    results(fingerprint) {
      if (!sent) return null;
      // Bounded, so a worker that died without a word costs a minute at most, not the import.
      const answer = worker.answer(60_000);
      if (!answer || "error" in answer || answer.fingerprint !== fingerprint) return null;
      return { known: new Map(answer.known), inFile: new Map(answer.inFile) };
    },
  };
}
