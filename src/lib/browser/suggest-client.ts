/**
 * Suggestions from the static index in `suggest/`: fetches the shards a query's words are filed under (each once per
 * page) and ranks what they hold by the rule in ./suggest-rule.ts. Used by the header's search box and by the search
 * page's "Did you mean".
 */
import {
  editDistance,
  keysOfQueryWord,
  rankEntries,
  readEntry,
  shardFile,
  wordsOf,
  type IndexEntry,
  type StoredEntry,
  type SuggestManifest,
} from "./suggest-rule";

/** One suggestion: `matched` is the whole name, other name or acronym that matched, never part of a word. */
export type Suggestion = { kind: "employer" | "place"; name: string; matched: string; url: string };

const manifests = new Map<string, Promise<Set<string>>>();
const shards = new Map<string, Promise<IndexEntry[]>>();

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return (await response.json()) as T;
}

/** The keys that have a shard; fetched once per page. */
function manifest(base: string): Promise<Set<string>> {
  let m = manifests.get(base);
  if (!m) {
    m = fetchJson<SuggestManifest>(`${base}suggest/index.json`).then((j) => new Set(j.keys));
    // A failed fetch is tried again on the next query rather than remembered.
    m.catch(() => manifests.delete(base));
    manifests.set(base, m);
  }
  return m;
}

function shard(base: string, key: string): Promise<IndexEntry[]> {
  const id = `${base}\n${key}`;
  let s = shards.get(id);
  if (!s) {
    s = fetchJson<StoredEntry[]>(`${base}suggest/${shardFile(key)}`).then((list) => list.map(readEntry));
    s.catch(() => shards.delete(id));
    shards.set(id, s);
  }
  return s;
}

/** The shard keys a query needs: those of each of its words. */
export function keysOfQuery(query: string): string[] {
  return [...new Set(wordsOf(query).flatMap(keysOfQueryWord))];
}

/** Suggestions for `query`, best first (at most `limit`, default 8); `base` is the site's root path (default "/"). */
export async function suggest(query: string, options: { limit?: number; base?: string } = {}): Promise<Suggestion[]> {
  const { limit = 8, base = "/" } = options;
  const words = wordsOf(query);
  const known = await manifest(base);
  const keys = keysOfQuery(query).filter((k) => known.has(k));
  if (!keys.length) return [];
  const lists = await Promise.all(keys.map((k) => shard(base, k)));
  const entries = new Map<string, IndexEntry>();
  for (const list of lists) for (const e of list) entries.set(e.path, e);
  return rankEntries(words, entries.values())
    .slice(0, limit)
    .map(({ entry, matched }) => ({ kind: entry.kind, name: entry.name, matched, url: `${base}${entry.path}` }));
}

/**
 * The employers whose names are nearest to `query` when none is close enough to suggest, for a search that found
 * nothing: those in the shards its words are filed under (or, when none is, a few shards that share its first
 * letters), fewest edits first, however many that is. Best first, at most `limit` (default 3).
 */
export async function nearest(query: string, options: { limit?: number; base?: string } = {}): Promise<Suggestion[]> {
  const { limit = 3, base = "/" } = options;
  const words = wordsOf(query);
  if (!words.length) return [];
  const known = await manifest(base);
  const entries = new Map<string, IndexEntry>();
  const take = (list: IndexEntry[]) => {
    for (const e of list) if (e.kind === "employer") entries.set(e.path, e);
  };
  const keys = keysOfQuery(query).filter((k) => known.has(k));
  for (const list of await Promise.all(keys.map((k) => shard(base, k)))) take(list);
  if (!entries.size) {
    // No employer filed under its words: the shards under a word's first letter, then those holding any of its
    // first letters, one at a time until some employers turn up (at most six shards).
    const firstLetters = new Set(words.flatMap((w) => Array.from(w).slice(0, 3)));
    const byFirst = [...known].filter((k) => words.some((w) => k.startsWith(w.charAt(0))));
    const sharing = [...known].filter((k) => !byFirst.includes(k) && Array.from(k).some((c) => firstLetters.has(c)));
    for (const k of [...byFirst, ...sharing].slice(0, 6)) {
      take(await shard(base, k));
      if (entries.size >= limit) break;
    }
  }
  // Each query word's fewest edits to a word of the name, added up; the name's closest spelling counts.
  const distance = (name: string) => {
    const named = wordsOf(name).map((w) => Array.from(w));
    return named.length
      ? words.reduce((sum, w) => sum + Math.min(...named.map((n) => editDistance(Array.from(w), n))), 0)
      : Infinity;
  };
  return [...entries.values()]
    .map((entry) => {
      const [matched, edits] = [entry.name, ...entry.otherNames]
        .map((n) => [n, distance(n)] as const)
        .reduce((best, next) => (next[1] < best[1] ? next : best));
      return { entry, matched, edits };
    })
    .sort((a, b) => a.edits - b.edits || a.entry.name.localeCompare(b.entry.name, "en-GB"))
    .slice(0, limit)
    .map(({ entry, matched }) => ({ kind: entry.kind, name: entry.name, matched, url: `${base}${entry.path}` }));
}
