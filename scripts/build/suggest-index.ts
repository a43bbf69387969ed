/**
 * Builds the index that search suggestions come from: `suggest/index.json` (the list of shards) and one small JSON
 * shard per two-letter key, each holding the employers and places with a word filed under that key (see
 * src/lib/browser/suggest-rule.ts). A query fetches the shards of its words' keys, a few kilobytes each, instead of
 * the whole index. Run beside `astro build` by the build integration.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { connect, type Db } from "../../db/client.ts";
import { listEmployers } from "../../db/domain/employers.ts";
import { loadLookups } from "../../db/domain/lookups.ts";
import { BUILD_AS_OF } from "../../src/lib/config.ts";
import { browseKey } from "../../src/lib/directory.ts";
import {
  acronymOf,
  keysOfWord,
  shardFile,
  storeEntry,
  wordsOf,
  type IndexEntry,
  type StoredEntry,
  type SuggestManifest,
} from "../../src/lib/browser/suggest-rule.ts";

/**
 * At most this many entries share one word in a shard: a word in thousands of names ("example", "council") would
 * otherwise make its shards as large as the index. A query with that word and a rarer one still finds every name,
 * through the rarer word's shards; the word alone suggests the shortest names that have it.
 */
export const WORD_CAP = 12;

/** Every employer (all statuses, as the directory lists them) and every area, as suggestions. */
export function suggestEntries(db: Db): IndexEntry[] {
  const employers: IndexEntry[] = listEmployers(db, BUILD_AS_OF).map((e) => ({
    kind: "employer",
    name: e.name,
    otherNames: e.otherNames,
    path: `employers/${e.slug}/`,
  }));
  const places: IndexEntry[] = loadLookups(db).areas.map((a) => ({
    kind: "place",
    name: a.name,
    otherNames: [],
    path: `employers/area/${browseKey(a.name)}/`,
  }));
  return [...places, ...employers];
}

/** The words an entry is filed under: those of its name and other names, and an employer's acronym. */
function wordsFiled(entry: IndexEntry): Set<string> {
  const words = new Set<string>();
  for (const name of [entry.name, ...entry.otherNames]) for (const w of wordsOf(name)) words.add(w);
  const acronym = entry.kind === "employer" ? acronymOf(entry.name).toLowerCase() : "";
  if (acronym) words.add(acronym);
  return words;
}

/** Places before employers, then shorter names: what a one-word query most likely means. */
const keepFirst = (a: IndexEntry, b: IndexEntry) =>
  (a.kind === "place" ? 0 : 1) - (b.kind === "place" ? 0 : 1) ||
  a.name.length - b.name.length ||
  a.name.localeCompare(b.name, "en-GB");

/** The shards: for each key, the entries filed under it, at most WORD_CAP for any one word. */
export function shardEntries(entries: readonly IndexEntry[], cap = WORD_CAP): Map<string, StoredEntry[]> {
  // key → word → entries with that word
  const byKey = new Map<string, Map<string, IndexEntry[]>>();
  for (const entry of entries)
    for (const word of wordsFiled(entry))
      for (const key of keysOfWord(word)) {
        let words = byKey.get(key);
        if (!words) byKey.set(key, (words = new Map()));
        let list = words.get(word);
        if (!list) words.set(word, (list = []));
        list.push(entry);
      }
  const shards = new Map<string, StoredEntry[]>();
  for (const [key, words] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const kept = new Set<IndexEntry>();
    for (const list of words.values())
      for (const e of list.length > cap ? list.sort(keepFirst).slice(0, cap) : list) kept.add(e);
    shards.set(key, [...kept].sort(keepFirst).map(storeEntry));
  }
  return shards;
}

/** Writes the manifest and shards into `out` (emptied first); returns the number of shards and their bytes. */
export function writeSuggestIndex(out: string, shards: Map<string, StoredEntry[]>): { files: number; bytes: number } {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  let bytes = 0;
  for (const [key, list] of shards) {
    const text = JSON.stringify(list);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(out, shardFile(key)), text);
  }
  const manifest: SuggestManifest = { keys: [...shards.keys()] };
  writeFileSync(join(out, "index.json"), JSON.stringify(manifest));
  return { files: shards.size + 1, bytes };
}

async function main(out = resolve("dist/suggest")): Promise<void> {
  const started = Date.now();
  const db = connect(resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"), { readonly: true });
  const entries = suggestEntries(db);
  db.$client.close();
  const { files, bytes } = writeSuggestIndex(out, shardEntries(entries));
  console.error(
    `Suggestion index: ${entries.length} names in ${files} files (${(bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s → ${out}`,
  );
}

// Run only when called as a script, so tests can import the functions above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  main(values.out ? resolve(values.out) : undefined).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
