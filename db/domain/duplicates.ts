/**
 * Duplicate detection: names compared after folding case, punctuation, "Ltd"/"Limited"/"PLC"/"The" and "&"/"and",
 * then for a typo or two anywhere against the names that share an unchanged part with them (NameIndex), so
 * checking n names against m employers costs n × (a few dozen lookups and the look-alikes they find), never n × m.
 */
import { distance } from "fastest-levenshtein";
import type { Db } from "../client.ts";

/** Legal-form words that do not tell two employers apart. */
const LEGAL_SUFFIX = /(?:^| )(?:ltd|limited|plc|llp|cic|public limited company|limited liability partnership)$/;

/** The comparable form of a name: `The Acme Co. Ltd` and `acme co limited` both give `acmeco`. */
export function nameKey(name: string): string {
  // Accents only need folding when there are any: most names are plain ASCII.
  let s = (/^[\x20-\x7e]*$/.test(name) ? name : name.normalize("NFKD").replace(/[\u0300-\u036f]/g, ""))
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
  s = s.replace(/^the /, "");
  // "Acme Holdings Ltd PLC" is rare; one pass of suffix stripping, repeated once, covers "Ltd." and "Limited (The)".
  for (let i = 0; i < 2; i++) s = s.replace(LEGAL_SUFFIX, "").trim();
  s = s.replace(/ the$/, "");
  return s.replace(/ /g, "");
}

/** The same name, compared exactly but for case and spacing. */
export function exactKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/** How many typos two keys of this length may differ by and still be flagged as the same employer. */
function typoAllowance(length: number): number {
  return length < 5 ? 0 : length < 12 ? 1 : 2;
}

/**
 * The numbers in a name, which must agree for two names to be taken for one employer ("Unit 4" is not "Unit 5").
 * A digit with a letter on each side ("Delo1tte") is a mistyped letter, not a number, and is compared as one.
 */
function numbersOf(name: string): string {
  if (!/[0-9]/.test(name)) return "";
  return name.replace(/(?<=\p{L})[0-9](?=\p{L})/gu, "").replace(/[^0-9]/g, "");
}

export interface NameEntry<T> {
  /** The name as written, for messages. */
  name: string;
  key: string;
  value: T;
}

/** A name in the typo index: its numbers, and the last search that checked it in full (each is, once a search). */
interface Indexed<T> {
  entry: NameEntry<T>;
  numbers: string;
  seen: number;
}

/**
 * The names that share one unit (see cutOf), each with the letters of its key before and after the unit as bits,
 * side by side in arrays so a search reads them in order rather than visiting each name's object. Every letter one
 * side has and the other lacks takes an edit of its own, so most names met under a unit are ruled out from four
 * numbers, before their distance is worked out. (Letters 32 apart share a bit, which can only hide a difference.)
 */
interface UnitList<T> {
  names: Indexed<T>[];
  befores: number[];
  afters: number[];
}

/** A unit's list where a search found it: its letters' place in the key searched for, and the edits moving it took. */
interface Probe<T> {
  list: UnitList<T>;
  from: number;
  to: number;
  movedBefore: number;
  movedAfter: number;
  between: number;
}

/** The letters of key[start, start + size) as a number, a cheaper key than a new string. */
function hashOf(key: string, start: number, size: number, hash = size): number {
  for (let i = start; i < start + size; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return hash;
}

/**
 * A unit's letters as a small integer (which a Map holds without boxing). Units that share a number share a list;
 * the checks that follow rule out the rare stranger this lets in.
 */
function unitHash(key: string, starts: number[], sizes: number[]): number {
  let hash = 0;
  for (let p = 0; p < starts.length; p++)
    hash = hashOf(key, starts[p] ?? 0, sizes[p] ?? 0, Math.imul(hash, 0x9e3779b1));
  return hash & 0x3fffffff;
}

/** The letters of key[from, to) as bits. */
function lettersOf(key: string, from: number, to: number): number {
  let mask = 0;
  for (let i = from; i < to; i++) mask |= 1 << (key.charCodeAt(i) & 31);
  return mask;
}

/** How many bits are set, counted up to 3 (more than the two typos ever allowed). */
function bitsUpTo3(bits: number): number {
  let n = 0;
  while (bits !== 0 && n < 3) {
    bits &= bits - 1;
    n++;
  }
  return n;
}

/** The fewest edits that turn text with letters `a` into text with letters `b`: one for each letter either lacks. */
function editsForLetters(a: number, b: number): number {
  const missing = bitsUpTo3(a & ~b);
  const extra = bitsUpTo3(b & ~a);
  return missing > extra ? missing : extra;
}

/**
 * How a key of one length is cut for the index: its parts (start, size), and its units, the parts or pairs of parts
 * looked up whole. There is one more unit than the typos allowed, and no part is in two units, so a name within k
 * typos keeps any k + 1 units, one of them unchanged.
 */
interface Cut {
  units: { starts: number[]; sizes: number[] }[];
}

/** Key lengths from which a key is cut into six parts paired as three units. */
const PAIRED_FROM = 18;
/** The most units a key has: one more than the most typos allowed. */
const MAX_UNITS = 3;
const cuts: (Cut | null)[] = [];

/**
 * The cut of keys of `length`. A short key is cut as Passjoin cuts it (Li, Deng, Wang and Feng, VLDB 2011): k + 1
 * parts, each its own unit. A long key is cut into 2(k + 1) parts, unit i pairing part i with part i + k + 1, one
 * from each half: names often share long stretches ("Example Services", "London Borough of"), which as single parts
 * would put thousands of names before every search, while a pair is shared only where both halves are.
 */
function cutOf(length: number): Cut | null {
  const cached = cuts[length];
  if (cached !== undefined) return cached;
  const allowance = typoAllowance(length);
  let cut: Cut | null = null;
  if (allowance > 0) {
    const units = allowance + 1;
    const parts = length >= PAIRED_FROM ? 2 * units : units;
    const span = Array.from({ length: parts }, (_, part) => partOf(length, parts, part));
    cut = {
      units: Array.from({ length: units }, (_, u) => {
        const members = parts === units ? [u] : [u, u + units];
        return { starts: members.map((p) => span[p]?.[0] ?? 0), sizes: members.map((p) => span[p]?.[1] ?? 0) };
      }),
    };
  }
  cuts[length] = cut;
  return cut;
}

/**
 * Where part `part` of a key of `length` begins and how long it is, cut into `parts` nearly equal parts (the
 * shorter ones first, as Passjoin cuts them).
 */
function partOf(length: number, parts: number, part: number): [start: number, size: number] {
  const short = Math.floor(length / parts);
  const shortParts = parts - (length % parts);
  return part < shortParts
    ? [part * short, short]
    : [shortParts * short + (part - shortParts) * (short + 1), short + 1];
}

/** A way the parts of a unit may have moved: by how much each, and the edits that takes between the first and last. */
interface Moves {
  moves: number[];
  between: number;
}
const movesMemo = new Map<number, Moves[]>();

/**
 * The ways each part of a unit may have moved in a key `shift` letters longer, within k edits: a part moved by d
 * has |d| edits or more before it, |shift - d| or more after it, and two parts moved by d1 and d2 |d2 - d1| or more
 * between them.
 */
function movesOf(parts: number, shift: number, k: number): Moves[] {
  const memo = (parts * 16 + shift + 8) * 16 + k;
  const known = movesMemo.get(memo);
  if (known) return known;
  const ways: Moves[] = [];
  const extend = (moves: number[], between: number) => {
    const first = moves[0] ?? 0;
    const last = moves[moves.length - 1] ?? 0;
    if (Math.abs(first) + between + Math.abs(shift - last) > k) return;
    if (moves.length === parts) {
      ways.push({ moves, between });
      return;
    }
    for (let d = -k; d <= k; d++) extend([...moves, d], moves.length ? between + Math.abs(d - last) : 0);
  };
  extend([], 0);
  movesMemo.set(memo, ways);
  return ways;
}

/**
 * An index of names for duplicate checks: normalised keys, and for typos the units of their cut (cutOf). A search
 * looks up the units of each length a look-alike may have, wherever k edits may have moved them, then checks every
 * name found: nothing is left out to save time.
 */
export class NameIndex<T> {
  private readonly byKey = new Map<string, NameEntry<T>[]>();
  /** units[length × MAX_UNITS + unit]: the names of that key length by the letters of that unit. */
  private readonly units: (Map<number, UnitList<T>> | undefined)[] = [];
  private searches = 0;

  /** Adds a name that leads to `value`; `key` when the caller already has nameKey(name). */
  add(name: string, value: T, key = nameKey(name)): void {
    if (!key) return;
    const entry: NameEntry<T> = { name, key, value };
    push(this.byKey, key, entry);
    const cut = cutOf(key.length);
    if (!cut) return;
    const indexed: Indexed<T> = { entry, numbers: numbersOf(name), seen: 0 };
    for (let unit = 0; unit < cut.units.length; unit++) {
      const { starts, sizes } = cut.units[unit] as Cut["units"][number];
      const slot = key.length * MAX_UNITS + unit;
      let byUnit = this.units[slot];
      if (!byUnit) this.units[slot] = byUnit = new Map();
      const hash = unitHash(key, starts, sizes);
      let list = byUnit.get(hash);
      if (!list) byUnit.set(hash, (list = { names: [], befores: [], afters: [] }));
      const last = starts.length - 1;
      list.names.push(indexed);
      list.befores.push(lettersOf(key, 0, starts[0] ?? 0));
      list.afters.push(lettersOf(key, (starts[last] ?? 0) + (sizes[last] ?? 0), key.length));
    }
  }

  /**
   * Names that look like the same employer as `name`: the same normalised key, or within a typo or two of it
   * (numbers must agree, so "Unit 4" and "Unit 5" stay apart). Closest first, at most `limit`.
   */
  similar(name: string, limit = 5, key = nameKey(name)): (NameEntry<T> & { distance: number })[] {
    if (!key) return [];
    const found: (NameEntry<T> & { distance: number })[] = [];
    for (const e of this.byKey.get(key) ?? []) found.push({ ...e, distance: 0 });
    const allowance = typoAllowance(key.length);
    if (allowance > 0) {
      const search = ++this.searches;
      const numbers = numbersOf(name);
      const n = key.length;
      // The letters before and after each place in the key, for what lies either side of any unit.
      const before = new Int32Array(n + 1);
      const after = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) before[i + 1] = (before[i] ?? 0) | (1 << (key.charCodeAt(i) & 31));
      for (let i = n - 1; i >= 0; i--) after[i] = (after[i + 1] ?? 0) | (1 << (key.charCodeAt(i) & 31));
      for (let length = n - allowance; length <= n + allowance; length++) {
        const cut = cutOf(length);
        const k = Math.min(allowance, typoAllowance(length));
        const shift = n - length;
        if (!cut || Math.abs(shift) > k) continue;
        // Each unit's lists, wherever it may have moved to, and how many names they hold.
        const probes: { names: number; lists: Probe<T>[] }[] = [];
        for (let unit = 0; unit < cut.units.length; unit++) {
          const { starts, sizes } = cut.units[unit] as Cut["units"][number];
          const byUnit = this.units[length * MAX_UNITS + unit];
          const lists: Probe<T>[] = [];
          let names = 0;
          if (byUnit) {
            const last = starts.length - 1;
            const at = [...starts];
            for (const { moves, between } of movesOf(starts.length, shift, k)) {
              for (let p = 0; p <= last; p++) at[p] = (starts[p] ?? 0) + (moves[p] ?? 0);
              const from = at[0] ?? 0;
              const to = (at[last] ?? 0) + (sizes[last] ?? 0);
              if (from < 0 || to > n) continue;
              const list = byUnit.get(unitHash(key, at, sizes));
              if (!list) continue;
              const movedBefore = Math.abs(moves[0] ?? 0);
              const movedAfter = Math.abs(shift - (moves[last] ?? 0));
              lists.push({ list, from, to, movedBefore, movedAfter, between });
              names += list.names.length;
            }
          }
          probes.push({ names, lists });
        }
        // Any k + 1 units hold an unchanged one: the k + 1 with the fewest names are enough.
        probes.sort((a, b) => a.names - b.names);
        for (const { lists } of probes.slice(0, k + 1))
          for (const { list, from, to, movedBefore, movedAfter, between } of lists) {
            const lettersBefore = before[from] ?? 0;
            const lettersAfter = after[to] ?? 0;
            const { names, befores, afters } = list;
            for (let x = 0; x < names.length; x++) {
              // Ruled out only as aligned on this unit: it may still share another, so it is not marked as seen.
              const editsBefore = Math.max(movedBefore, editsForLetters(lettersBefore, befores[x] ?? 0));
              if (editsBefore + between > k) continue;
              const editsAfter = Math.max(movedAfter, editsForLetters(lettersAfter, afters[x] ?? 0));
              if (editsBefore + between + editsAfter > k) continue;
              const indexed = names[x];
              if (!indexed || indexed.seen === search) continue;
              indexed.seen = search;
              const e = indexed.entry;
              if (e.key === key || indexed.numbers !== numbers || !withinEdits(key, e.key, k)) continue;
              found.push({ ...e, distance: distance(key, e.key) });
            }
          }
      }
    }
    return closestFirst(found, limit);
  }
}

/** Look-alikes closest first (then by name), at most `limit`: the order a search gives them in. */
export function closestFirst<H extends { name: string; distance: number }>(found: H[], limit: number): H[] {
  if (found.length > 1) found.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return found.length > limit ? found.slice(0, limit) : found;
}

/**
 * Whether `a` and `b` are at most `k` edits apart (k is 0, 1 or 2), without computing how far apart they are;
 * `start` and `end` are how many first and last letters the caller knows the two share.
 */
export function withinEdits(a: string, b: string, k: number, start = 0, end = 0): boolean {
  let i = start;
  let endA = a.length - end;
  let endB = b.length - end;
  if (Math.abs(endA - endB) > k) return false;
  // A shared beginning or ending never changes the distance.
  while (i < endA && i < endB && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  while (endA > i && endB > i && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const n = endA - i;
  const m = endB - i;
  if (n === 0 || m === 0) return n + m <= k;
  if (k === 0) return false;
  if (m + 2 > previousRow.length) return distance(a.slice(i, endA), b.slice(i, endB)) <= k;
  return withinBand(a, i, n, b, i, m, k);
}

/** Two rows of the edit-distance table, reused by every check (a name is at most a few hundred letters). */
const previousRow = new Int32Array(512);
const currentRow = new Int32Array(512);
const FAR = 1 << 20;

/**
 * Ukkonen's banded edit distance: only the cells within k of the diagonal can stay within k edits, and a row
 * whose every cell is over k ends the check, so names many letters apart fail in a row or two.
 */
function withinBand(a: string, i0: number, n: number, b: string, j0: number, m: number, k: number): boolean {
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= Math.min(m, k); j++) previous[j] = j;
  if (k + 1 <= m) previous[k + 1] = FAR;
  for (let i = 1; i <= n; i++) {
    const low = Math.max(1, i - k);
    const high = Math.min(m, i + k);
    current[low - 1] = low === 1 ? i : FAR;
    let rowMin = current[low - 1] ?? FAR;
    const letter = a.charCodeAt(i0 + i - 1);
    for (let j = low; j <= high; j++) {
      const diagonal = (previous[j - 1] ?? FAR) + (letter === b.charCodeAt(j0 + j - 1) ? 0 : 1);
      const up = (previous[j] ?? FAR) + 1;
      const left = (current[j - 1] ?? FAR) + 1;
      const value = diagonal < up ? (diagonal < left ? diagonal : left) : up < left ? up : left;
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (high < m) current[high + 1] = FAR;
    if (rowMin > k) return false;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return (previous[m] ?? FAR) <= k;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface KnownEmployer {
  id: number;
  slug: string;
  name: string;
  companiesHouseNumber: string | null;
  sectorCode: string;
  areaCode: string;
  sizeCode: string | null;
  website: string | null;
  rateArea: "london" | "uk";
}

/** Every employer, indexed once by exact name (and other names), company number and similar name. */
export interface EmployerIndex {
  byId: Map<number, KnownEmployer>;
  byExactName: Map<string, KnownEmployer>;
  byCompanyNumber: Map<string, KnownEmployer>;
  /** The typo index of every name and other name, built the first time it is asked for. */
  readonly names: NameIndex<KnownEmployer>;
  /** Slugs in use now or kept as redirects: a new employer may take none of them. */
  takenSlugs: Set<string>;
  /** What namesFingerprint gives for the names indexed: a look-alike search elsewhere must have read the same. */
  fingerprint: string;
}

/** The statements that read every employer's names, in one order wherever they are read. */
export const EMPLOYER_NAMES_SQL = {
  employers: "SELECT id, name FROM employers ORDER BY id",
  otherNames: "SELECT employer_id AS employerId, name FROM employer_names ORDER BY employer_id, name",
} as const;

/**
 * A short digest of every employer's id and names, in the order EMPLOYER_NAMES_SQL reads them: two readers that
 * get the same digest indexed the same names (two 32-bit FNV-1a hashes, so a change goes unnoticed about once in
 * 2^64).
 */
export function namesFingerprint(
  employers: readonly { id: number; name: string }[],
  otherNames: readonly { employerId: number; name: string }[],
): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    a = Math.imul(a ^ 0xff, 0x01000193);
  };
  for (const e of employers) mix(`${e.id}:${e.name}`);
  mix("|");
  for (const n of otherNames) mix(`${n.employerId}:${n.name}`);
  return `${employers.length}.${otherNames.length}.${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

/** Reads every employer and other name and indexes them for duplicate checks; the typo index waits until needed. */
export function loadEmployerIndex(db: Db): EmployerIndex {
  // Raw statements: every employer and name is read for each import and add (measured in npm run bench).
  const s = db.$client;
  const employers = s
    .prepare(
      `SELECT e.id, e.slug, e.name, e.companies_house_number AS companiesHouseNumber, e.sector_code AS sectorCode, e.area_code AS areaCode,
         e.size_code AS sizeCode, e.website, a.rate_area AS rateArea
       FROM employers e JOIN areas a ON a.code = e.area_code ORDER BY e.id`,
    )
    .all() as KnownEmployer[];
  const otherNames = s.prepare(EMPLOYER_NAMES_SQL.otherNames).all() as { employerId: number; name: string }[];
  const byId = new Map<number, KnownEmployer>();
  const byExactName = new Map<string, KnownEmployer>();
  const byCompanyNumber = new Map<string, KnownEmployer>();
  const takenSlugs = new Set<string>();
  for (const e of employers) {
    byId.set(e.id, e);
    takenSlugs.add(e.slug);
    byExactName.set(exactKey(e.name), e);
    if (e.companiesHouseNumber) byCompanyNumber.set(e.companiesHouseNumber, e);
  }
  for (const { employerId, name } of otherNames) {
    const e = byId.get(employerId);
    if (e && !byExactName.has(exactKey(name))) byExactName.set(exactKey(name), e);
  }
  for (const { oldSlug } of s.prepare("SELECT old_slug AS oldSlug FROM slug_redirects").all() as { oldSlug: string }[])
    takenSlugs.add(oldSlug);
  let names: NameIndex<KnownEmployer> | undefined;
  return {
    byId,
    byExactName,
    byCompanyNumber,
    takenSlugs,
    fingerprint: namesFingerprint(employers, otherNames),
    get names() {
      if (!names) names = nameIndexOf(employers, otherNames, (id) => byId.get(id));
      return names;
    },
  };
}

/** The typo index of employers' names and other names, each leading to what `valueOf` gives for its employer's id. */
export function nameIndexOf<T>(
  employers: readonly { id: number; name: string }[],
  otherNames: readonly { employerId: number; name: string }[],
  valueOf: (id: number) => T | undefined,
): NameIndex<T> {
  const index = new NameIndex<T>();
  for (const e of employers) {
    const value = valueOf(e.id);
    if (value !== undefined) index.add(e.name, value);
  }
  for (const { employerId, name } of otherNames) {
    const value = valueOf(employerId);
    if (value !== undefined) index.add(name, value);
  }
  return index;
}

export interface DuplicateMatch {
  employer: KnownEmployer;
  /** Why it looks like the same employer, in words. */
  because: string;
}

/** A name found within a typo or two: the employer it belongs to, the name as written and how far apart. */
export interface LookAlike {
  employerId: number;
  name: string;
  distance: number;
}

/**
 * Existing employers that a new one called `name` (with `companyNumber`) may duplicate; exact matches are not
 * included. `lookAlikes`, when given, are the typo index's answer for this name, found elsewhere.
 */
export function possibleDuplicates(
  index: EmployerIndex,
  name: string,
  companyNumber: string | null,
  key = nameKey(name),
  lookAlikes?: readonly LookAlike[],
): DuplicateMatch[] {
  const matches = new Map<number, DuplicateMatch>();
  if (companyNumber) {
    const e = index.byCompanyNumber.get(companyNumber);
    if (e) matches.set(e.id, { employer: e, because: `it has the same Companies House number (${companyNumber})` });
  }
  const hits =
    lookAlikes ??
    index.names
      .similar(name, LOOK_ALIKES_SHOWN, key)
      .map((h) => ({ employerId: h.value.id, name: h.name, distance: h.distance }));
  for (const hit of hits) {
    const employer = index.byId.get(hit.employerId);
    if (!employer || matches.has(employer.id)) continue;
    matches.set(employer.id, {
      employer,
      because:
        hit.distance === 0
          ? `"${hit.name}" is the same name written differently`
          : `"${hit.name}" differs by ${hit.distance === 1 ? "one letter" : `${hit.distance} letters`}`,
    });
  }
  return [...matches.values()];
}

/** How many look-alikes a name is shown with, closest first. */
export const LOOK_ALIKES_SHOWN = 5;
