/**
 * `lwd generate`: clearly fictional employers with realistic commitment histories, for benchmarks and tests.
 * Deterministic for a seed: the same seed, size and end date give byte-identical output.
 */
import {
  realRecorders,
  referenceData,
  writeFictionalEmployers,
  type FictionalEmployer,
  type FictionalEvent,
  type RatePoint,
  type ReferenceData,
} from "../../db/domain/fictional.ts";
import { SingleBar } from "cli-progress";
import { stringify } from "csv-stringify/sync";
import { closeSync, openSync, writeSync } from "node:fs";
import { databasePath, openDatabase, openFreshDatabase, type Db } from "../../db/client.ts";
import { InputError, must, UsageError } from "../../db/errors.ts";
import type { EventKind, RateArea } from "../../db/schema.ts";
import { IMPORT_COLUMNS, isoDate, todayIso } from "../../db/validation.ts";
import { RATE_AREA_PLACES } from "../../db/labels.ts";
import { printJson, say, type GlobalOptions } from "./context.ts";

/** The generator writes the import format, so its columns are the importer's. */
export const CSV_COLUMNS = IMPORT_COLUMNS;
export {
  GENERATOR_HANDLE,
  type FictionalEmployer,
  type FictionalEvent,
  type ReferenceData,
} from "../../db/domain/fictional.ts";

export interface GenerateSettings {
  employers: number;
  seed: string;
  /** No event is dated after this day. */
  until: string;
}

/** The reference data of the bundled seed, read from an in-memory database so CSV output never depends on a local file. */
export function seedReferenceData(): ReferenceData {
  const db = openFreshDatabase(":memory:");
  try {
    return referenceData(db);
  } finally {
    db.$client.close();
  }
}

/**
 * The default end date: the latest seeded rate's implement-by date, or today if that is still to come.
 * Fixed by the seed rather than the clock, so the same seed gives the same file on any day.
 */
export function defaultUntil(ref: ReferenceData): string {
  const latest = ref.rates.reduce((max, r) => (r.inForceFrom > max ? r.inForceFrom : max), "2011-01-01");
  const today = todayIso();
  return latest < today ? latest : today;
}

// ---- deterministic randomness -------------------------------------------------------------------------------

/** A 128-bit hash of the seed string (cyrb128), to start the PRNG. */
function hashSeed(seed: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** sfc32: small, fast and good enough; Math.random cannot be seeded. */
export function seededRandom(seed: string): () => number {
  let [a, b, c, d] = hashSeed(seed);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

type Random = () => number;
const intBetween = (rnd: Random, min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
const pickOne = <T>(rnd: Random, list: readonly T[]): T =>
  must(list[Math.floor(rnd() * list.length)], "a choice from the list");

/** Picks from weighted choices; choices missing from `allowed` are dropped so a changed seed cannot break it. */
function weightedPicker(weights: Record<string, number>, allowed: readonly string[]): (rnd: Random) => string {
  const codes = allowed.filter((c) => (weights[c] ?? 0) > 0);
  if (codes.length === 0) return (rnd) => pickOne(rnd, allowed);
  const cumulative: number[] = [];
  let total = 0;
  for (const c of codes) cumulative.push((total += weights[c] ?? 0));
  return (rnd) => {
    const x = rnd() * total;
    return must(codes[cumulative.findIndex((c) => c > x)], "a weighted choice");
  };
}

// ---- the mix ----------------------------------------------------------------------------------------------------

/** Roughly the sector mix of today's accredited employers: services, charities, care and education lead. */
const SECTOR_WEIGHTS: Record<string, number> = {
  A: 0.6,
  B: 0.2,
  C: 5,
  D: 0.6,
  E: 0.8,
  F: 4,
  G: 7,
  H: 2,
  I: 6,
  J: 9,
  K: 6,
  L: 3,
  M: 17,
  N: 8,
  O: 3,
  P: 6,
  Q: 8,
  R: 5,
  S: 14,
  T: 0.1,
  U: 0.1,
};
/** London holds about a third of accredited employers, concentrated in the centre; the rest follow population. */
const AREA_WEIGHTS: Record<string, number> = {
  E09000001: 2.2,
  E09000033: 2.4,
  E09000007: 1.6,
  E09000019: 1.4,
  E09000028: 1.4,
  E09000030: 1.4,
  E09000012: 1.2,
  E09000022: 1.2,
  E12000001: 2.5,
  E12000002: 7,
  E12000003: 5.5,
  E12000004: 4,
  E12000005: 5.5,
  E12000006: 5.5,
  E12000008: 8,
  E12000009: 5.5,
  W92000004: 4,
  S92000003: 8,
  N92000002: 2,
};
const OTHER_LONDON_BOROUGH_WEIGHT = 0.55;
/** Most accredited employers are small; size is unknown for some. */
const SIZE_WEIGHTS: Record<string, number> = { micro: 34, small: 32, medium: 15, large: 10 };
const SIZE_UNKNOWN_SHARE = 0.09;
const EMPLOYEES: Record<string, [number, number]> = {
  micro: [1, 9],
  small: [10, 49],
  medium: [50, 249],
  large: [250, 25_000],
};

/** Invented syllables: the names they make are not real companies, and every name also says "Example". */
const SYLLABLES = [
  "bra",
  "vel",
  "quor",
  "ten",
  "mi",
  "sol",
  "dar",
  "fen",
  "lo",
  "vix",
  "tra",
  "nor",
  "pel",
  "zan",
  "cor",
  "thi",
  "mar",
  "bel",
  "kes",
  "ond",
  "ru",
  "ska",
  "wen",
  "dal",
  "ix",
  "tam",
  "ora",
  "gul",
  "fir",
  "nes",
  "oth",
  "prax",
  "sev",
  "ul",
  "yar",
  "bri",
  "cal",
  "dro",
  "emb",
  "hav",
  "jor",
  "lum",
  "moz",
  "nith",
  "quen",
  "rav",
  "sil",
  "tov",
  "umb",
  "vey",
  "wil",
  "xan",
  "zor",
  "ast",
  "bex",
  "cin",
  "gre",
  "hol",
  "kip",
  "ple",
];
/** Kinds whose comparable forms differ by several letters, so two names never differ only by a near-identical kind. */
const KINDS = [
  "Example Holdings",
  "Example Ltd",
  "Example Services",
  "Example Trust",
  "Example Partners",
  "Example Cooperative",
  "Example Group",
  "Example Foundation",
  "Example Studio",
  "Example Works",
  "Example Trading",
  "Example Kitchen",
  "Example Care",
];

/**
 * Invented words, each at least three edits from every earlier one, so no two generated names look like the same
 * employer to the importer's duplicate check (which flags names within two typos). Two words within two edits
 * always share a string reachable by at most two deletions from each, so every such string of a taken word is kept,
 * as a 30-bit hash: a collision only turns a word away, and numbers take a fraction of the memory strings would.
 */
class DistinctWords {
  private readonly taken = new Set<number>();

  /** FNV-1a of `word` without the characters at positions `skipA` and `skipB`. */
  private static hashWithout(word: string, skipA: number, skipB: number): number {
    let h = 2166136261;
    for (let k = 0; k < word.length; k++) {
      if (k === skipA || k === skipB) continue;
      h = Math.imul(h ^ word.charCodeAt(k), 16777619);
    }
    // 30 bits stay small integers in V8, which a Set holds without boxing.
    return h & 0x3fffffff;
  }

  private static variants(word: string): number[] {
    const out = [DistinctWords.hashWithout(word, -1, -1)];
    for (let i = 0; i < word.length; i++) {
      out.push(DistinctWords.hashWithout(word, i, -1));
      for (let j = i + 1; j < word.length; j++) out.push(DistinctWords.hashWithout(word, i, j));
    }
    return out;
  }

  /** Takes `word` when it is far enough from every word taken so far. */
  tryTake(word: string): boolean {
    const variants = DistinctWords.variants(word);
    if (variants.some((v) => this.taken.has(v))) return false;
    for (const v of variants) this.taken.add(v);
    return true;
  }
}

function inventedWord(rnd: Random, syllables: number): string {
  let w = "";
  for (let i = 0; i < syllables; i++) w += pickOne(rnd, SYLLABLES);
  return w;
}

/** A name not within two edits of any earlier one: longer words are tried as the short ones run out. */
function fictionalName(rnd: Random, words: DistinctWords): string {
  const kind = pickOne(rnd, KINDS);
  for (let tries = 0; ; tries++) {
    const word = inventedWord(rnd, tries < 20 ? 3 : tries < 40 ? 4 : 5);
    if (words.tryTake(word)) return `${word.charAt(0).toUpperCase()}${word.slice(1)} ${kind}`;
  }
}

const hostLabel = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

// ---- dates --------------------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const toIso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** Start years weighted toward the early years of accreditation so that histories average about ten events. */
function startDay(rnd: Random, firstDay: number, lastDay: number): number {
  // A triangular-ish skew: the square root of a uniform draw leans toward the late end, its complement toward the early one.
  const u = rnd();
  const x = rnd() < 0.12 ? u : 1 - Math.sqrt(u);
  return firstDay + Math.floor(x * (lastDay - firstDay));
}

// ---- histories -----------------------------------------------------------------------------------------------------

interface AreaRates {
  points: RatePoint[];
  days: { announced: number; inForce: number }[];
}

function ratesByArea(ref: ReferenceData): Record<RateArea, AreaRates> {
  const of = (area: RateArea): AreaRates => {
    const points = ref.rates.filter((r) => r.rateArea === area);
    return { points, days: points.map((p) => ({ announced: toDay(p.announcedOn), inForce: toDay(p.inForceFrom) })) };
  };
  return { london: of("london"), uk: of("uk") };
}

/** The latest rate announced on or before `day`: what a newly accredited employer pays. */
function latestAnnounced(rates: AreaRates, day: number): number {
  let found = -1;
  for (const [i, d] of rates.days.entries()) if (d.announced <= day) found = i;
  return found;
}

const pounds = (pence: number) => (pence / 100).toFixed(2);

/**
 * Every fictional employer, one at a time (memory stays flat at any size). Histories: a pledge that most often
 * leads to accreditation, a move to each new rate between its announcement and the next rate coming into force,
 * occasional late or skipped moves (so some are behind), lapses, rare revocations, reinstatements and withdrawals.
 */
export function* fictionalEmployers(settings: GenerateSettings, ref: ReferenceData): Generator<FictionalEmployer> {
  const rnd = seededRandom(settings.seed);
  const londonBoroughs = ref.areas.filter((a) => a.code.startsWith("E09")).map((a) => a.code);
  const areaWeights: Record<string, number> = { ...AREA_WEIGHTS };
  for (const b of londonBoroughs) areaWeights[b] ??= OTHER_LONDON_BOROUGH_WEIGHT;
  const pickSector = weightedPicker(SECTOR_WEIGHTS, ref.sectors);
  const pickArea = weightedPicker(
    areaWeights,
    ref.areas.map((a) => a.code),
  );
  const pickSize = weightedPicker(SIZE_WEIGHTS, ref.sizes);
  const rateAreaOf = new Map(ref.areas.map((a) => [a.code, a.rateArea]));
  const rates = ratesByArea(ref);
  const lastDay = toDay(settings.until);
  // Accreditation began in 2011; both areas have a rate in force from then.
  const firstDay = Math.min(toDay("2011-05-01"), lastDay);
  const words = new DistinctWords();
  // A seed-dependent multiplier coprime with 10^6 scatters company numbers without repeats; no real number starts ZZ.
  const numberStride = pickOne(rnd, [7919, 104729, 15485863, 179424673]);
  const numberOffset = Math.floor(rnd() * 1_000_000);

  for (let i = 0; i < settings.employers; i++) {
    const name = fictionalName(rnd, words);
    const label = hostLabel(name);
    const sectorCode = pickSector(rnd);
    const areaCode = pickArea(rnd);
    const rateArea = must(rateAreaOf.get(areaCode), `the rate area of ${areaCode}`);
    const sizeCode = rnd() < SIZE_UNKNOWN_SHARE ? null : pickSize(rnd);
    const [minStaff, maxStaff] = EMPLOYEES[sizeCode ?? ""] ?? [1, 400];
    // Log-uniform: large employers range from hundreds to tens of thousands.
    let employees = Math.round(Math.exp(Math.log(minStaff) + rnd() * (Math.log(maxStaff + 1) - Math.log(minStaff))));
    const companiesHouseNumber =
      i < 1_000_000 && rnd() < 0.4
        ? `ZZ${String((i * numberStride + numberOffset) % 1_000_000).padStart(6, "0")}`
        : null;
    const website = rnd() < 0.6 ? `https://${label}.example/` : null;

    const events: FictionalEvent[] = [];
    const area = RATE_AREA_PLACES[rateArea];
    const add = (event: EventKind, day: number, fields: Partial<FictionalEvent> & { note: string }) => {
      events.push({
        event,
        effectiveOn: toIso(day),
        rateArea,
        ratePence: null,
        workersCovered: null,
        workersUplifted: null,
        sourceUrl: `https://example.org/fictional/${label}/${events.length + 1}`,
        reason: null,
        ...fields,
      });
    };
    const workers = (share: number) => {
      const covered = Math.max(1, Math.round(employees * (0.6 + rnd() * 0.4)));
      return rnd() < share ? { workersCovered: covered, workersUplifted: Math.round(covered * rnd() * 0.35) } : {};
    };
    const areaRates = rates[rateArea];
    const implementAt = (day: number, rateIndex: number, note = "moved to") => {
      const pence = must(areaRates.points[rateIndex], `rate ${rateIndex}`).ratePence;
      // Some pay a little above the rate; never below it.
      const paid = rnd() < 0.06 ? pence + 5 * intBetween(rnd, 1, 10) : pence;
      add("rate_implemented", day, {
        ratePence: paid,
        ...workers(0.25),
        note: `Fictional benchmark record: ${note} £${pounds(paid)} an hour.`,
      });
    };

    let day = startDay(rnd, firstDay, lastDay);
    let accreditedOn: number | null = null;
    if (rnd() < 0.38) {
      add("pledged", day, {
        ...workers(0.3),
        note: `Fictional benchmark record: pledged to pay the ${area} Living Wage.`,
      });
      const next = rnd();
      const later = day + intBetween(rnd, 30, 420);
      if (next < 0.78 && later <= lastDay) accreditedOn = later;
      else if (next < 0.9 && later <= lastDay) {
        const why = "Fictional benchmark record: pledge withdrawn before accreditation.";
        add("withdrawn", later, { note: why, reason: why });
      }
    } else accreditedOn = day;
    if (accreditedOn === null) {
      yield { name, companiesHouseNumber, sectorCode, sizeCode, areaCode, website, events };
      continue;
    }

    day = accreditedOn;
    add("accredited", day, {
      ...workers(0.85),
      note: "Fictional benchmark record: accredited as a Living Wage employer.",
    });
    const atAccreditation = latestAnnounced(areaRates, day);
    if (atAccreditation >= 0) implementAt(day, atAccreditation, "accredited paying");
    let status: "accredited" | "lapsed" | "revoked" = "accredited";
    for (let r = atAccreditation + 1; r < areaRates.points.length; r++) {
      const { announced, inForce } = must(areaRates.days[r], `rate ${r}`);
      if (announced > lastDay) break;
      // The window before this announcement: a lapse or a reinstatement happens in it.
      const gapStart = day + 1;
      const gapEnd = announced - 1;
      if (status === "accredited" && gapEnd > gapStart && rnd() < 0.035) {
        day = intBetween(rnd, gapStart, gapEnd);
        if (rnd() < 0.12) {
          const why = "Fictional benchmark record: accreditation revoked after a complaint was upheld.";
          add("revoked", day, { note: why, reason: why });
          status = "revoked";
        } else {
          const why = "Fictional benchmark record: accreditation not renewed.";
          add("lapsed", day, { note: why, reason: why });
          status = "lapsed";
        }
        continue;
      }
      if (status !== "accredited") {
        if (gapEnd > gapStart && rnd() < 0.3) {
          day = intBetween(rnd, gapStart, gapEnd);
          add("reinstated", day, { ...workers(0.5), note: "Fictional benchmark record: accreditation renewed." });
          implementAt(day, r - 1, "reinstated paying");
          status = "accredited";
        } else continue;
      }
      // Each new rate is met between its announcement and the next one coming into force, so never below the floor.
      const next = areaRates.days[r + 1];
      const nextInForce = next ? next.inForce - 1 : lastDay;
      const due = Math.max(inForce, announced + 30);
      const latest = Math.min(nextInForce, lastDay);
      if (latest < announced || rnd() < 0.07) continue; // skipped: this employer is behind on this rate
      const late = rnd() < 0.08;
      const implementOn = late
        ? intBetween(rnd, Math.min(due, latest), latest)
        : intBetween(rnd, announced, Math.min(due, latest));
      if (implementOn < day) continue;
      day = implementOn;
      implementAt(day, r);
      if (rnd() < 0.1) employees = Math.max(1, Math.round(employees * (0.9 + rnd() * 0.3)));
    }
    yield { name, companiesHouseNumber, sectorCode, sizeCode, areaCode, website, events };
  }
}

// ---- output ------------------------------------------------------------------------------------------------------------

/** The CSV rows of one employer, in the importer's column order. */
function csvRows(e: FictionalEmployer): (string | number)[][] {
  return e.events.map((ev) => [
    e.name,
    e.companiesHouseNumber ?? "",
    e.sectorCode,
    e.sizeCode ?? "",
    e.areaCode,
    e.website ?? "",
    ev.event,
    ev.effectiveOn,
    ev.rateArea,
    ev.ratePence == null ? "" : pounds(ev.ratePence),
    ev.workersCovered ?? "",
    ev.workersUplifted ?? "",
    ev.sourceUrl,
    ev.note,
  ]);
}

export interface GenerateSummary {
  seed: string;
  until: string;
  employers: number;
  events: number;
  /** Employers left out because one of that name was already in the database. */
  skipped: number;
}

/** Writes all of `text`, waiting when a pipe (stdout) is full rather than failing with EAGAIN. */
function writeAll(fd: number, text: string): void {
  let buffer = Buffer.from(text);
  while (buffer.length) {
    try {
      buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/** Writes the CSV to a file descriptor in batches (csv-stringify, same quoting as any spreadsheet). */
export function writeCsv(
  fd: number,
  settings: GenerateSettings,
  ref: ReferenceData,
  onProgress?: (done: number) => void,
): GenerateSummary {
  writeAll(fd, stringify([[...CSV_COLUMNS]]));
  let batch: (string | number)[][] = [];
  let employers = 0;
  let events = 0;
  for (const e of fictionalEmployers(settings, ref)) {
    employers++;
    events += e.events.length;
    for (const row of csvRows(e)) batch.push(row);
    if (batch.length >= 5000) {
      writeAll(fd, stringify(batch));
      batch = [];
      onProgress?.(employers);
    }
  }
  if (batch.length) writeAll(fd, stringify(batch));
  onProgress?.(employers);
  return { seed: settings.seed, until: settings.until, employers, events, skipped: 0 };
}

/**
 * Writes the generated employers straight into a database in one transaction, as the generator contributor.
 * Employers whose name is already present are skipped, so running it twice adds nothing.
 */
export function writeDatabase(
  db: Db,
  settings: GenerateSettings,
  ref: ReferenceData,
  onProgress?: (done: number) => void,
): GenerateSummary {
  const why = `generated: fictional records, seed ${settings.seed}`;
  const written = writeFictionalEmployers(db, fictionalEmployers(settings, ref), why, onProgress);
  return { seed: settings.seed, until: settings.until, ...written };
}

export interface GenerateOptions extends GlobalOptions {
  employers?: string;
  seed?: string;
  out?: string;
  until?: string;
}

/** Reads and checks the command's flags. */
export function generateSettings(options: GenerateOptions, ref: ReferenceData): GenerateSettings {
  const employers = Number(options.employers);
  if (options.employers === undefined || !Number.isInteger(employers) || employers < 1 || employers > 10_000_000)
    throw new UsageError("--employers needs a whole number from 1 to 10000000, e.g. --employers 100000");
  if (options.out && options.db) throw new UsageError("give --out FILE.csv or --db PATH, not both");
  if (options.json && !options.out && !options.db)
    throw new UsageError("--json prints a summary, so the CSV needs --out FILE.csv");
  let until = options.until ?? defaultUntil(ref);
  if (options.until !== undefined) {
    const parsed = isoDate.safeParse(options.until);
    if (!parsed.success) throw new UsageError(`--until "${options.until}" must be a date written YYYY-MM-DD`);
    until = parsed.data;
    if (until > todayIso()) throw new UsageError(`--until ${until} is in the future; generated events record the past`);
  }
  return { employers, seed: options.seed ?? "1", until };
}

/**
 * The database at `path` to write generated records into: a new one, or one holding nothing but the bundled seed and
 * earlier generated records. Fictional employers in the real directory would be published and could not be told
 * apart, so any other database is refused.
 */
function databaseForGenerated(path: string): Db {
  const db = openDatabase(path, { checkSoundness: true });
  const recorders = realRecorders(db);
  if (!recorders.length) return db;
  db.$client.close();
  const who = recorders
    .slice(0, 3)
    .map((r) => `${r.handle} (${r.changes})`)
    .join(", ");
  throw new InputError([
    {
      field: "db",
      message: `${path} holds records made by ${who}; \`lwd generate --db\` writes fictional employers only into a new database, or one with nothing but the bundled seed, so they can never mix with real ones. Give a new file with --db, or write a CSV with --out`,
    },
  ]);
}

/** `lwd generate`: a CSV for `lwd import` (a file or stdout), or rows written straight into `--db`. */
export function generate(options: GenerateOptions): void {
  const toDb = options.db !== undefined;
  const db = toDb ? databaseForGenerated(databasePath(options.db)) : null;
  const ref = db ? referenceData(db) : seedReferenceData();
  const settings = generateSettings(options, ref);
  const bar =
    process.stderr.isTTY && !options.quiet && settings.employers >= 5000
      ? new SingleBar({
          format: "generating {bar} {value}/{total} employers",
          stream: process.stderr,
          hideCursor: true,
        })
      : null;
  bar?.start(settings.employers, 0);
  const progress = bar ? (done: number) => bar.update(done) : undefined;
  let summary: GenerateSummary;
  try {
    if (db) summary = writeDatabase(db, settings, ref, progress);
    else {
      const fd = options.out ? openSync(options.out, "w") : 1;
      try {
        summary = writeCsv(fd, settings, ref, progress);
      } finally {
        if (options.out) closeSync(fd);
      }
    }
  } finally {
    bar?.stop();
    db?.$client.close();
  }
  const where = db ? databasePath(options.db) : (options.out ?? "stdout");
  if (options.json) return printJson({ ...summary, written: where });
  if (!options.quiet)
    say(
      `Generated ${summary.employers} fictional employers with ${summary.events} events (seed ${summary.seed}, up to ${summary.until}) into ${where}` +
        (summary.skipped ? `; skipped ${summary.skipped} already present` : "") +
        ".",
    );
}
