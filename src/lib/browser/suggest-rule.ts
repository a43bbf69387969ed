/**
 * The suggestion rule, one module for the browser and the build: how names and queries are folded into words, which
 * index shards a word is filed under and fetched from, and how a query matches a name and ranks.
 *
 * Matching is the GOV.UK gender pay gap service's rule: each query word may differ from a word of the name by one edit
 * (insert, delete, substitute, or swap two neighbouring letters) per three letters of the query word; a query word
 * may be the start of a name word; word order and "Ltd", "PLC", "The", "&", "of", "and" do not matter; a name split
 * or joined differently ("price waterhouse", "pricewaterhousecoopers") still matches.
 *
 * Shards: a word is filed under the two-letter keys left when one of its first three letters is deleted (and its
 * first two letters), and a query word of three letters or more is looked up under its own keys the same way. Two
 * words within one edit of each other among their first three letters always share such a key, so fetching three
 * small shards finds every name the rule allows, as long as the first three letters hold at most one of the word's
 * edits (the rule's "one per three letters").
 */

/** Words that do not count when matching or making acronyms. */
export const IGNORED_WORDS: ReadonlySet<string> = new Set(["the", "of", "and", "ltd", "limited", "plc", "llp"]);

/** Folds case, accents and punctuation: `The Café & Co.` → `the cafe and co`. */
export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/æ/g, "ae")
    .replace(/[øœ]/g, (c) => (c === "ø" ? "o" : "oe"))
    .replace(/ł/g, "l")
    .replace(/&/g, " and ")
    .replace(/['’.]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The words that count in `text`, folded: `The Royal Bank of Scotland PLC` → `royal`, `bank`, `scotland`. */
export function wordsOf(text: string): string[] {
  const n = normalise(text);
  return n ? n.split(" ").filter((w) => !IGNORED_WORDS.has(w)) : [];
}

/** The initials of a name of two or more counting words (`Queen Mary University of London` → `QMUL`), or "". */
export function acronymOf(name: string): string {
  const words = wordsOf(name);
  return words.length >= 2
    ? words
        .map((w) => Array.from(w)[0] ?? "")
        .join("")
        .toUpperCase()
    : "";
}

/** Edits a query word of this many letters may have: one per three letters. */
export function allowedEdits(length: number): number {
  return Math.floor(length / 3);
}

/**
 * Optimal string alignment distance (Levenshtein with swaps of neighbouring letters), stopping early once it must
 * exceed `max`; returns `max + 1` then. Letters are code points.
 */
export function editDistance(a: readonly string[], b: readonly string[], max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    before = prev;
    prev = row;
  }
  const d = prev[b.length] ?? 0;
  return d > max ? max + 1 : d;
}

/** How a query word meets a name word: the same, the start of it, or within the edits allowed (`edits` used). */
interface WordMatch {
  tier: 0 | 1 | 2;
  edits: number;
}

/** How query word `q` matches name word `w` (both folded, as code points), or null. */
function matchWord(q: readonly string[], w: readonly string[]): WordMatch | null {
  if (q.length === w.length && q.every((c, i) => c === w[i])) return { tier: 0, edits: 0 };
  if (q.length < w.length && q.every((c, i) => c === w[i])) return { tier: 1, edits: 0 };
  const max = allowedEdits(q.length);
  if (max === 0) return null;
  // The whole word, or its start: compare with each start of `w` within `max` letters of the query's length.
  let edits = max + 1;
  for (let len = Math.max(1, q.length - max); len <= Math.min(w.length, q.length + max); len++) {
    edits = Math.min(edits, editDistance(q, w.slice(0, len), max));
    if (edits === 0) break;
  }
  return edits <= max ? { tier: 2, edits } : null;
}

/** A name's words and the runs of neighbouring words joined ("price", "waterhouse", "pricewaterhouse"). */
function nameUnits(words: readonly string[]): string[][] {
  const units: string[][] = [];
  for (let i = 0; i < words.length; i++)
    for (let j = i; j < Math.min(words.length, i + 3); j++) units.push(Array.from(words.slice(i, j + 1).join("")));
  return units;
}

/** How well a query matches one name: tier 0 the whole name, 1 every word whole or a start, 2 with typos. */
export interface NameMatch {
  tier: 0 | 1 | 2;
  edits: number;
  /** Words of the name the query did not account for: fewer ranks first. */
  extra: number;
}

/**
 * Matches the query's words (folded, counting words only) against a name; null when some word matches nothing.
 * A query word that matches nothing alone may match when joined with the words after it.
 */
export function matchName(queryWords: readonly string[], name: string): NameMatch | null {
  const words = wordsOf(name);
  if (!words.length || !queryWords.length) return null;
  if (queryWords.join(" ") === words.join(" ")) return { tier: 0, edits: 0, extra: 0 };
  const units = nameUnits(words);
  const bestUnit = (q: string[]): WordMatch | null => {
    let best: WordMatch | null = null;
    for (const unit of units) {
      const m = matchWord(q, unit);
      if (m && (!best || m.tier < best.tier || (m.tier === best.tier && m.edits < best.edits))) best = m;
      if (best?.tier === 0) break;
    }
    return best;
  };
  // From query word i on: each word alone, or joined with the next one or two (a name written as one word).
  const from = (i: number): { tier: 0 | 1 | 2; edits: number; used: number } | null => {
    if (i === queryWords.length) return { tier: 0, edits: 0, used: 0 };
    let best: { tier: 0 | 1 | 2; edits: number; used: number } | null = null;
    for (let span = 1; span <= 3 && i + span <= queryWords.length; span++) {
      const m = bestUnit(Array.from(queryWords.slice(i, i + span).join("")));
      const rest = m && from(i + span);
      if (!m || !rest) continue;
      const total = {
        tier: Math.max(m.tier, rest.tier) as 0 | 1 | 2,
        edits: m.edits + rest.edits,
        used: span + rest.used,
      };
      if (!best || total.tier < best.tier || (total.tier === best.tier && total.edits < best.edits)) best = total;
    }
    return best;
  };
  const found = from(0);
  if (!found) return null;
  // Every word matched whole is still not the whole name: that ranks with the starts of names.
  return { tier: found.tier === 0 ? 1 : found.tier, edits: found.edits, extra: Math.max(0, words.length - found.used) };
}

/** The two-letter shard keys a folded word is filed under (its first two letters, and each with one of the first three deleted). */
export function keysOfWord(word: string): string[] {
  const letters = Array.from(word);
  if (letters.length < 2) return [];
  if (letters.length === 2) return [word];
  const keys = new Set<string>();
  for (let skip = 0; skip < 3; skip++) keys.add(letters.filter((_, i) => i !== skip && i < 3).join(""));
  return [...keys];
}

/** The shard keys a query word is looked up under: its first two letters while it allows no edit, else as filed. */
export function keysOfQueryWord(word: string): string[] {
  const letters = Array.from(word);
  if (letters.length < 2) return [];
  return allowedEdits(letters.length) === 0 ? [letters.slice(0, 2).join("")] : keysOfWord(word);
}

/** A shard key as a file name: letters a–z and digits as they are, any other letter as `_` and its hex code. */
export function shardFile(key: string): string {
  return `${Array.from(key, (c) => (/[a-z0-9]/.test(c) ? c : `_${(c.codePointAt(0) ?? 0).toString(16)}`)).join("")}.json`;
}

/** One thing that can be suggested, as the index stores it. */
export interface IndexEntry {
  kind: "employer" | "place";
  name: string;
  /** Other names (employers' former and trading names). */
  otherNames: string[];
  /** The path under the site's base, without a leading slash: `employers/kpmg/`. */
  path: string;
}

/** A ranked match of a query against an entry. */
export interface RankedEntry {
  entry: IndexEntry;
  /** The full name, other name or acronym that matched. */
  matched: string;
  match: NameMatch;
}

/** The best way `queryWords` match an entry (its name, then other names, then an employer's acronym), or null. */
export function matchEntry(queryWords: readonly string[], entry: IndexEntry): RankedEntry | null {
  let best: RankedEntry | null = null;
  const acronym = entry.kind === "employer" ? acronymOf(entry.name) : "";
  for (const candidate of [entry.name, ...entry.otherNames, ...(acronym ? [acronym] : [])]) {
    const match = matchName(queryWords, candidate);
    if (match && (!best || compareMatches(match, best.match) < 0)) best = { entry, matched: candidate, match };
  }
  return best;
}

function compareMatches(a: NameMatch, b: NameMatch): number {
  return a.tier - b.tier || a.edits - b.edits || a.extra - b.extra;
}

/** Best first: the whole name, then starts of words, then typos; fewer edits, then fewer other words, then A to Z. */
export function rankEntries(queryWords: readonly string[], entries: Iterable<IndexEntry>): RankedEntry[] {
  const ranked: RankedEntry[] = [];
  for (const entry of entries) {
    const r = matchEntry(queryWords, entry);
    if (r) ranked.push(r);
  }
  return ranked.sort((a, b) => compareMatches(a.match, b.match) || a.entry.name.localeCompare(b.entry.name, "en-GB"));
}

/**
 * An entry as a shard stores it, kept small: `[0, name, slug, ...otherNames]` for an employer, with slug "" when it
 * is the name's plain slug (lower case, runs of other characters as one hyphen); `[1, name, key]` for a place, whose
 * browse page is `employers/area/KEY/`.
 */
export type StoredEntry = [0 | 1, string, string, ...string[]];

/** The plain slug of a name, which most employers' slugs are: `Barclays Bank` → `barclays-bank`. */
export function plainSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Packs an entry for a shard. */
export function storeEntry(entry: IndexEntry): StoredEntry {
  if (entry.kind === "place") return [1, entry.name, entry.path.replace(/^employers\/area\/|\/$/g, "")];
  const slug = entry.path.replace(/^employers\/|\/$/g, "");
  return [0, entry.name, slug === plainSlug(entry.name) ? "" : slug, ...entry.otherNames];
}

/** Unpacks an entry from a shard. */
export function readEntry([kind, name, key, ...otherNames]: StoredEntry): IndexEntry {
  return kind === 1
    ? { kind: "place", name, otherNames: [], path: `employers/area/${key}/` }
    : { kind: "employer", name, otherNames, path: `employers/${key || plainSlug(name)}/` };
}

/** The index's list of shards, `suggest/index.json`: the keys that have a shard (any other key has no entries). */
export interface SuggestManifest {
  keys: string[];
}
