/**
 * A build for a past date publishes the directory as it stood then: the real seed, built with LWD_AS_OF=2012-12-31,
 * must not show any employer, event, rate, figure, feed item, sitemap entry, download row or search record dated
 * later. The search goes through every file of dist/ (Pagefind's gzipped index and the SQLite download included)
 * for each later date the database holds, written as the site writes dates.
 */
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDate } from "../../src/lib/format.ts";
import { buildSite, filesUnder, readableText } from "../fixtures/hostile/site.ts";
import { lwd, removeTempDirs, tempDir } from "../fixtures/hostile/support.ts";

const AS_OF = "2012-12-31";
let dist: string;
let dbPath: string;
let texts: Map<string, string>;

beforeAll(() => {
  const dir = tempDir("lwd-as-of-");
  dbPath = join(dir, "seed.sqlite");
  const migrate = lwd(dbPath, ["db", "migrate", "--quiet"]);
  if (migrate.code !== 0) throw new Error(`lwd db migrate failed: ${migrate.stderr}`);
  dist = join(dir, "dist");
  buildSite(dbPath, dist, { LWD_AS_OF: AS_OF });
  texts = new Map(filesUnder(dist).map((f) => [f, readableText(join(dist, f))]));
}, 600_000);
afterAll(removeTempDirs);

/** The files of dist/ holding `needle`. */
const filesWith = (needle: string) => [...texts].filter(([, text]) => text.includes(needle)).map(([f]) => f);

describe("a build as of 31 December 2012", () => {
  it("publishes no event or rate dated after that day, in any file, in any form the site writes a date", () => {
    const db = new Database(dbPath, { readonly: true });
    const later = db
      .prepare(
        `SELECT effective_on AS day FROM commitment_events WHERE effective_on > :asOf
         UNION SELECT announced_on FROM living_wage_rates WHERE announced_on > :asOf`,
      )
      .pluck()
      .all({ asOf: AS_OF }) as string[];
    db.close();
    // The seed has history after 2012 (Heathrow's 2017 accreditation among it), so the search has something to find.
    expect(later).toContain("2017-11-06");
    const found = later.flatMap((day) =>
      [day, formatDate(day)].flatMap((form) => filesWith(form).map((file) => `${form} in ${file}`)),
    );
    expect(found).toEqual([]);
  });

  it("lists only employers with a recorded event by then, and their status on that day", () => {
    const db = new Database(dbPath, { readonly: true });
    const expected = db
      .prepare(
        "SELECT slug FROM employers e WHERE EXISTS (SELECT 1 FROM commitment_events ev WHERE ev.employer_id = e.id AND ev.effective_on <= ?) ORDER BY slug",
      )
      .pluck()
      .all(AS_OF) as string[];
    const heathrowFirst = db
      .prepare(
        "SELECT min(effective_on) FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id WHERE e.slug = 'heathrow-airport'",
      )
      .pluck()
      .get() as string | null;
    db.close();
    const published = JSON.parse(readFileSync(join(dist, "data/employers.json"), "utf8")) as {
      employers: { slug: string; statusAsOf: string; events: { effectiveOn: string }[] }[];
    };
    expect(published.employers.map((e) => e.slug).sort()).toEqual(expected);
    for (const e of published.employers) {
      expect(e.statusAsOf).toBe(AS_OF);
      for (const ev of e.events) expect(ev.effectiveOn <= AS_OF).toBe(true);
    }
    const rows = parse(readFileSync(join(dist, "data/employers.csv"), "utf8"), { columns: true }) as object[];
    expect(rows).toHaveLength(expected.length);
    // An employer whose history starts later has no page, twin, sitemap entry or search record.
    if (heathrowFirst && heathrowFirst > AS_OF) {
      expect(existsSync(join(dist, "employers/heathrow-airport/index.html"))).toBe(false);
      expect(filesWith("employers/heathrow-airport/")).toEqual([]);
    } else {
      expect(readFileSync(join(dist, "employers/heathrow-airport/index.html"), "utf8")).not.toContain("2017");
    }
    for (const slug of expected) expect(existsSync(join(dist, `employers/${slug}/index.html`))).toBe(true);
  });

  it("has figures, feed items and year pages up to that day only", () => {
    const figures = JSON.parse(readFileSync(join(dist, "figures/figures.json"), "utf8")) as { asOf: string };
    expect(figures.asOf).toBe(AS_OF);
    const series = parse(readFileSync(join(dist, "figures/series.csv"), "utf8"), { columns: true }) as {
      month: string;
    }[];
    expect(series.at(-1)?.month).toBe("2012-12");
    const feed = readFileSync(join(dist, "feed.xml"), "utf8");
    const itemDates = [...feed.matchAll(/<pubDate>([^<]+)<\/pubDate>/g)].map((m) => new Date(m[1] ?? "").toISOString());
    expect(itemDates.length).toBeGreaterThan(0);
    for (const d of itemDates) expect(d.slice(0, 10) <= AS_OF).toBe(true);
    const years = filesUnder(join(dist, "figures"))
      .map((f) => /^(\d{4})\//.exec(f)?.[1])
      .filter((y): y is string => y !== undefined);
    expect(years.length).toBeGreaterThan(0);
    expect(years.filter((y) => y > AS_OF.slice(0, 4))).toEqual([]);
  });
});
