/**
 * The typo search for a large import, on the machine's other core: a worker thread (look-alike-worker.ts) reads
 * every employer's names and builds the typo index while the importer parses its file, and searches for the file's
 * names while the importer checks the rows. Planning uses its answer only when the worker read exactly the names
 * the write transaction sees (namesFingerprint); otherwise, or when the worker failed, it searches itself.
 */
import { existsSync } from "node:fs";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { exactKey, type LookAlike } from "./duplicates.ts";

export interface LookAlikeSearch {
  /** Sends the file's employer names, once; the worker searches for those it does not know exactly. */
  search(names: Iterable<string>): void;
  /**
   * Each name's look-alikes by exactKey, once the worker has answered, when it indexed the names that give
   * `fingerprint`; null otherwise (the caller then searches itself).
   */
  results(fingerprint: string): ReadonlyMap<string, readonly LookAlike[]> | null;
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
  // done[0]: the worker has answered; done[1]: the names have been sent.
  const done = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: { module: workerModule().href, path, port: port2, done },
    transferList: [port2],
  });
  // An import that stops early (a refused file, a dry run) must not wait for the worker to exit.
  worker.unref();
  let sent = false;
  let answer: { fingerprint?: string; hits?: [string, LookAlike[]][]; error?: string } | null = null;
  return {
    search(names) {
      if (sent) return;
      sent = true;
      port1.postMessage([...new Set(names)]);
      Atomics.store(done, 1, 1);
      Atomics.notify(done, 1);
    },
    results(fingerprint) {
      if (!sent) return null;
      if (answer === null) {
        // Bounded, so a worker that died without a word costs a minute at most, not the import.
        if (Atomics.wait(done, 0, 0, 60_000) === "timed-out") return null;
        answer = (receiveMessageOnPort(port1)?.message as typeof answer) ?? { error: "no answer" };
        port1.close();
      }
      if (answer.error || answer.fingerprint !== fingerprint || !answer.hits) return null;
      return new Map(answer.hits);
    },
  };
}

/** The look-alikes of `name` from a worker's answer, or undefined when the answer does not hold it. */
export function lookAlikesOf(
  results: ReadonlyMap<string, readonly LookAlike[]> | null,
  name: string,
): readonly LookAlike[] | undefined {
  return results?.get(exactKey(name));
}
