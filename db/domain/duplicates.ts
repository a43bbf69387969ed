/**
 * Duplicate detection: names compared after folding case, punctuation, "Ltd"/"Limited"/"PLC"/"The" and "&"/"and",
 * then for small typos against a bounded set of candidates (same opening or closing letters, similar length),
 * so checking n names against m employers costs about n × (a few dozen comparisons), never n × m.
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

/** The digits of a key; most keys have none, and the test for that is cheaper than the replace. */
const digitsOf = (key: string) => (/[0-9]/.test(key) ? key.replace(/[^0-9]/g, "") : "");

/** The most candidates compared per name: keeps a check bounded even when many names share half their letters. */
const MAX_COMPARISONS = 200;

export interface NameEntry<T> {
  /** The name as written, for messages. */
  name: string;
  key: string;
  value: T;
}

/** The block a name key of `length` belongs to by its first half, and by its last half. */
const prefixBlock = (key: string, length: number, digits: string) =>
  `<${length}|${digits}|${key.slice(0, length >> 1)}`;
const suffixBlock = (key: string, length: number, digits: string) =>
  `>${length}|${digits}|${key.slice(Math.max(0, key.length - (length - (length >> 1))))}`;

/**
 * An index of names for duplicate checks: normalised keys, and half-name blocks for typo candidates. One typo
 * leaves one half of a name untouched, so two names a typo apart always share a block (keyed by length and
 * digits too), while unrelated names rarely do.
 */
export class NameIndex<T> {
  private readonly byKey = new Map<string, NameEntry<T>[]>();
  private readonly blocks = new Map<string, Block<T>>();
  /** How many blocked names carry each digit string: most names with digits share them with nobody. */
  private readonly digitCounts = new Map<string, number>();

  /** Adds a name that leads to `value`; `key` when the caller already has nameKey(name). */
  add(name: string, value: T, key = nameKey(name)): void {
    if (!key) return;
    const entry: NameEntry<T> = { name, key, value };
    push(this.byKey, key, entry);
    if (typoAllowance(key.length) === 0) return;
    const digits = digitsOf(key);
    this.digitCounts.set(digits, (this.digitCounts.get(digits) ?? 0) + 1);
    this.block(prefixBlock(key, key.length, digits), key.length, 0).add(entry);
    this.block(suffixBlock(key, key.length, digits), key.length, 1).add(entry);
  }

  private block(id: string, length: number, side: 0 | 1): Block<T> {
    let block = this.blocks.get(id);
    if (!block) this.blocks.set(id, (block = new Block<T>(length, side)));
    return block;
  }

  /**
   * Names that look like the same employer as `name`: the same normalised key, or within a typo or two of it
   * (digits must agree, so "Unit 4" and "Unit 5" stay apart). Closest first, at most `limit`.
   */
  similar(name: string, limit = 5, key = nameKey(name)): (NameEntry<T> & { distance: number })[] {
    if (!key) return [];
    const found: (NameEntry<T> & { distance: number })[] = [];
    for (const e of this.byKey.get(key) ?? []) found.push({ ...e, distance: 0 });
    const allowance = typoAllowance(key.length);
    const digits = allowance > 0 ? digitsOf(key) : "";
    if (allowance > 0 && this.digitCounts.has(digits)) {
      let compared = 0;
      outer: for (let length = key.length - allowance; length <= key.length + allowance; length++) {
        if (typoAllowance(length) === 0) continue;
        // A candidate of `length` was blocked by its own halves; the query's halves are cut to match.
        const half = length >> 1;
        // Most candidates are far apart: a bounded check, skipping the half the block says they share, rules them
        // out before the full distance is computed.
        const most = Math.min(allowance, typoAllowance(length));
        for (let side = 0; side < 2; side++) {
          const block = this.blocks.get(
            side === 0 ? prefixBlock(key, length, digits) : suffixBlock(key, length, digits),
          );
          if (!block) continue;
          block.fill();
          const { codes, masks, entries } = block;
          // The letters of the query's part outside the shared half, against each candidate's (see Block).
          const mask = side === 0 ? lettersOf(key, half, key.length) : lettersOf(key, 0, key.length - (length - half));
          for (let i = 0, base = 0; i < entries.length; i++, base += length) {
            const e = entries[i];
            const letters = masks[i];
            // fill() sized masks to the entries, so both are there.
            if (e === undefined || letters === undefined) break;
            if (length === key.length && sameCodes(key, codes, base)) continue;
            if (found.length && found.some((f) => f.value === e.value && f.key === e.key)) continue;
            if (++compared > MAX_COMPARISONS) break outer;
            if (moreThan(mask & ~letters, most) || moreThan(letters & ~mask, most)) continue;
            if (
              !(side === 0
                ? withinCodes(key, codes, base, length, most, half, 0)
                : withinCodes(key, codes, base, length, most, 0, length - half))
            )
              continue;
            const d = distance(key, e.key);
            if (d <= most) found.push({ ...e, distance: d });
          }
        }
      }
    }
    if (found.length > 1) found.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
    return found.length > limit ? found.slice(0, limit) : found;
  }
}

/**
 * The names of one block, all keys of one length, with their letters side by side in one array: a check reads
 * them in order instead of visiting each name's objects about the heap, which cost most of a large import's planning.
 */
class Block<T> {
  readonly entries: NameEntry<T>[] = [];
  /** The keys' letters end to end; filled in when a check first reads the block, as most blocks are never read. */
  codes = EMPTY_CODES;
  /**
   * For each name, the letters of the part outside the half the block shares (side 0: the first half is shared).
   * Removing a shared beginning or ending leaves the edit distance as it was, and every letter one part has and
   * the other lacks takes an edit of its own, so names whose parts differ by more letters than the typos allowed
   * are ruled out from two numbers.
   */
  masks = EMPTY_MASKS;
  /** How many entries codes and masks hold. */
  private filled = 0;
  constructor(
    readonly length: number,
    readonly side: 0 | 1,
  ) {}

  add(entry: NameEntry<T>): void {
    this.entries.push(entry);
  }

  /** Brings codes and masks up to date with the entries. */
  fill(): void {
    const n = this.entries.length;
    if (this.filled === n) return;
    if (n > this.masks.length) {
      const capacity = Math.max(4, n * 2);
      const codes = new Uint16Array(capacity * this.length);
      codes.set(this.codes);
      this.codes = codes;
      const masks = new Uint32Array(capacity);
      masks.set(this.masks);
      this.masks = masks;
    }
    const half = this.length >> 1;
    for (let e = this.filled; e < n; e++) {
      const entry = this.entries[e];
      if (!entry) break;
      const key = entry.key;
      const base = e * this.length;
      for (let i = 0; i < this.length; i++) this.codes[base + i] = key.charCodeAt(i);
      this.masks[e] = this.side === 0 ? lettersOf(key, half, this.length) : lettersOf(key, 0, half);
    }
    this.filled = n;
  }
}

const EMPTY_CODES = new Uint16Array(0);
const EMPTY_MASKS = new Uint32Array(0);

/** The letters of key[from, to) as bits; letters 32 apart share a bit, which can only hide a difference. */
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

function sameCodes(key: string, codes: Uint16Array, base: number): boolean {
  for (let i = 0; i < key.length; i++) if (codes[base + i] !== key.charCodeAt(i)) return false;
  return true;
}

/** Whether `a` and `b` are at most `k` edits apart (k is 0, 1 or 2), without computing how far apart they are. */
export function withinEdits(a: string, b: string, k: number, start = 0, end = 0): boolean {
  const codes = new Uint16Array(b.length);
  for (let i = 0; i < b.length; i++) codes[i] = b.charCodeAt(i);
  return withinCodes(a, codes, 0, b.length, k, start, end);
}

/**
 * withinEdits for `a` and the `length` letters of `codes` from `base`; `start` and `end` are how many first and
 * last letters the caller knows the two share.
 */
function withinCodes(
  a: string,
  codes: Uint16Array,
  base: number,
  length: number,
  k: number,
  start: number,
  end: number,
): boolean {
  let endA = a.length - end;
  let endB = length - end;
  if (Math.abs(endA - endB) > k) return false;
  // A shared ending, like a shared beginning, never changes the distance.
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === codes[base + endB - 1]) {
    endA--;
    endB--;
  }
  return withinFrom(a, start, endA, codes, base, start, endB, k);
}

function withinFrom(
  a: string,
  i: number,
  endA: number,
  codes: Uint16Array,
  base: number,
  j: number,
  endB: number,
  k: number,
): boolean {
  while (i < endA && j < endB && a.charCodeAt(i) === codes[base + j]) {
    i++;
    j++;
  }
  const restA = endA - i;
  const restB = endB - j;
  if (restA === 0 || restB === 0) return restA + restB <= k;
  if (k === 0 || Math.abs(restA - restB) > k) return false;
  // The first differing letter is substituted, deleted from a, or inserted into a.
  return (
    withinFrom(a, i + 1, endA, codes, base, j + 1, endB, k - 1) ||
    withinFrom(a, i + 1, endA, codes, base, j, endB, k - 1) ||
    withinFrom(a, i, endA, codes, base, j + 1, endB, k - 1)
  );
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
