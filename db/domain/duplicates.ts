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
 * The names that have one part, each with the letters of its key before and after the part as bits, side by side
 * in arrays so a search reads them in order rather than visiting each name's object. A look-alike shares some
 * part i unchanged with at most i edits before it and the rest after it (see similar), and every letter one side
 * has and the other's lacks takes an edit of its own: so most names met under a part are ruled out from four
 * numbers, before their distance is worked out. (Letters 32 apart share a bit, which can only hide a difference.)
 */
class PartList<T> {
  readonly names: Indexed<T>[] = [];
  befores = new Int32Array(2);
  afters = new Int32Array(2);

  add(indexed: Indexed<T>, before: number, after: number): void {
    const n = this.names.length;
    if (n === this.befores.length) {
      const befores = new Int32Array(n * 2);
      befores.set(this.befores);
      this.befores = befores;
      const afters = new Int32Array(n * 2);
      afters.set(this.afters);
      this.afters = afters;
    }
    this.befores[n] = before;
    this.afters[n] = after;
    this.names.push(indexed);
  }
}

/**
 * A part's letters as a number, a cheaper key than a new string for each place a search looks. Parts that share a
 * number share a list; the checks that follow rule out the rare stranger this lets in.
 */
function hashOf(key: string, start: number, size: number): number {
  let hash = size;
  for (let i = start; i < start + size; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  // A small integer, which a Map holds without boxing.
  return hash & 0x3fffffff;
}

/** Whether two sets of letters differ by more than `n` letters either way (n is 0, 1 or 2). */
function differ(a: number, b: number, n: number): boolean {
  return moreThan(a & ~b, n) || moreThan(b & ~a, n);
}

/** The letters of key[from, to) as bits. */
function lettersOf(key: string, from: number, to: number): number {
  let mask = 0;
  for (let i = from; i < to; i++) mask |= 1 << (key.charCodeAt(i) & 31);
  return mask;
}

/** Whether more than `n` bits are set (n is 0, 1 or 2). */
function moreThan(bits: number, n: number): boolean {
  for (let i = 0; i < n; i++) bits &= bits - 1;
  return bits !== 0;
}

/** The most parts a key is cut into: one more than the most typos allowed. */
const MAX_PARTS = 3;

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

/**
 * An index of names for duplicate checks: normalised keys, and for typos the Passjoin partition (Li, Deng, Wang
 * and Feng, VLDB 2011). A key allowed k typos is cut into k + 1 parts; k edits can touch at most k of them, so a
 * name within k typos holds one part unchanged, shifted by no more than the edits before and after it allow.
 * A search looks up only those substrings, then checks every name found: nothing is left out to save time.
 */
export class NameIndex<T> {
  private readonly byKey = new Map<string, NameEntry<T>[]>();
  /** parts[length × MAX_PARTS + part]: the names of that key length by the letters of that part. */
  private readonly parts: (Map<number, PartList<T>> | undefined)[] = [];
  private searches = 0;

  /** Adds a name that leads to `value`; `key` when the caller already has nameKey(name). */
  add(name: string, value: T, key = nameKey(name)): void {
    if (!key) return;
    const entry: NameEntry<T> = { name, key, value };
    push(this.byKey, key, entry);
    const allowance = typoAllowance(key.length);
    if (allowance === 0) return;
    const indexed: Indexed<T> = { entry, numbers: numbersOf(name), seen: 0 };
    for (let part = 0; part <= allowance; part++) {
      const [start, size] = partOf(key.length, allowance + 1, part);
      const slot = key.length * MAX_PARTS + part;
      let byPart = this.parts[slot];
      if (!byPart) this.parts[slot] = byPart = new Map();
      const letters = hashOf(key, start, size);
      let list = byPart.get(letters);
      if (!list) byPart.set(letters, (list = new PartList<T>()));
      list.add(indexed, lettersOf(key, 0, start), lettersOf(key, start + size, key.length));
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
      // The letters before and after each place in the key, for what lies either side of any part.
      const before = new Int32Array(n + 1);
      const after = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) before[i + 1] = (before[i] ?? 0) | (1 << (key.charCodeAt(i) & 31));
      for (let i = n - 1; i >= 0; i--) after[i] = (after[i + 1] ?? 0) | (1 << (key.charCodeAt(i) & 31));
      for (let length = n - allowance; length <= n + allowance; length++) {
        const parts = typoAllowance(length);
        const most = Math.min(allowance, parts);
        if (parts === 0 || Math.abs(length - n) > most) continue;
        const shift = n - length;
        for (let part = 0; part <= parts; part++) {
          const byPart = this.parts[length * MAX_PARTS + part];
          if (!byPart) continue;
          const [start, size] = partOf(length, parts + 1, part);
          // Of parts 0…k, a look-alike keeps some part i unchanged with at most i edits before it and k - i after
          // (the first i whose parts 0…i hold at most i edits). So the part moves by at most i, and by at most
          // k - i from where the difference in length puts it (Passjoin's multi-match-aware window).
          const beforeBudget = Math.min(part, most);
          const afterBudget = Math.min(parts - part, most);
          const from = Math.max(0, start - part, start + shift - (parts - part));
          const to = Math.min(n - size, start + part, start + shift + (parts - part));
          for (let at = from; at <= to; at++) {
            const list = byPart.get(hashOf(key, at, size));
            if (!list) continue;
            const lettersBefore = before[at] ?? 0;
            const lettersAfter = after[at + size] ?? 0;
            const { names, befores, afters } = list;
            for (let x = 0; x < names.length; x++) {
              // Ruled out only as aligned on this part: it may still share another, so it is not marked as seen.
              if (
                differ(lettersBefore, befores[x] ?? 0, beforeBudget) ||
                differ(lettersAfter, afters[x] ?? 0, afterBudget)
              )
                continue;
              const indexed = names[x];
              if (!indexed || indexed.seen === search) continue;
              indexed.seen = search;
              const e = indexed.entry;
              if (e.key === key || indexed.numbers !== numbers || !withinEdits(key, e.key, most)) continue;
              found.push({ ...e, distance: distance(key, e.key) });
            }
          }
        }
      }
    }
    if (found.length > 1) found.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
    return found.length > limit ? found.slice(0, limit) : found;
  }
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
  byExactName: Map<string, KnownEmployer>;
  byCompanyNumber: Map<string, KnownEmployer>;
  names: NameIndex<KnownEmployer>;
  /** Slugs in use now or kept as redirects: a new employer may take none of them. */
  takenSlugs: Set<string>;
}

/** Reads every employer and other name in two queries and indexes them for duplicate checks. */
export function loadEmployerIndex(db: Db): EmployerIndex {
  // Raw statements: every employer and name is read for each import and add (measured in npm run bench).
  const s = db.$client;
  const employers = s
    .prepare(
      `SELECT e.id, e.slug, e.name, e.companies_house_number AS companiesHouseNumber, e.sector_code AS sectorCode, e.area_code AS areaCode,
         e.size_code AS sizeCode, e.website, a.rate_area AS rateArea
       FROM employers e JOIN areas a ON a.code = e.area_code`,
    )
    .all() as KnownEmployer[];
  const index: EmployerIndex = {
    byExactName: new Map(),
    byCompanyNumber: new Map(),
    names: new NameIndex(),
    takenSlugs: new Set(),
  };
  const byId = new Map<number, KnownEmployer>();
  for (const e of employers) {
    byId.set(e.id, e);
    index.takenSlugs.add(e.slug);
    index.byExactName.set(exactKey(e.name), e);
    if (e.companiesHouseNumber) index.byCompanyNumber.set(e.companiesHouseNumber, e);
    index.names.add(e.name, e);
  }
  for (const { employerId, name } of s.prepare("SELECT employer_id AS employerId, name FROM employer_names").all() as {
    employerId: number;
    name: string;
  }[]) {
    const e = byId.get(employerId);
    if (!e) continue;
    if (!index.byExactName.has(exactKey(name))) index.byExactName.set(exactKey(name), e);
    index.names.add(name, e);
  }
  for (const { oldSlug } of s.prepare("SELECT old_slug AS oldSlug FROM slug_redirects").all() as { oldSlug: string }[])
    index.takenSlugs.add(oldSlug);
  return index;
}

export interface DuplicateMatch {
  employer: KnownEmployer;
  /** Why it looks like the same employer, in words. */
  because: string;
}

/** Existing employers that a new one called `name` (with `companyNumber`) may duplicate; exact matches are not included. */
export function possibleDuplicates(
  index: EmployerIndex,
  name: string,
  companyNumber: string | null,
  key = nameKey(name),
): DuplicateMatch[] {
  const matches = new Map<number, DuplicateMatch>();
  if (companyNumber) {
    const e = index.byCompanyNumber.get(companyNumber);
    if (e) matches.set(e.id, { employer: e, because: `it has the same Companies House number (${companyNumber})` });
  }
  for (const hit of index.names.similar(name, 5, key)) {
    if (matches.has(hit.value.id)) continue;
    matches.set(hit.value.id, {
      employer: hit.value,
      because:
        hit.distance === 0
          ? `"${hit.name}" is the same name written differently`
          : `"${hit.name}" differs by ${hit.distance === 1 ? "one letter" : `${hit.distance} letters`}`,
    });
  }
  return [...matches.values()];
}
