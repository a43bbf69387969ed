/**
 * Builds the site from a constructed, fictional history and checks that every published form of the figures —
 * the figures pages, the year-end pages, the chart CSVs, the downloads and `lwd figures --json` — agrees, that the
 * feed and sitemap are XML, every JSON-LD block parses, and no contributor's private details are published.
 */
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EMPLOYER_CSV_COLUMNS,
  EVENT_CSV_COLUMNS,
  RATE_CSV_COLUMNS,
  unclassifiedColumns,
} from "../../src/lib/publish.ts";
import {
  buildPublishedFixture,
  CREDITED_NAME,
  EXPECTED,
  FIXTURE_AS_OF,
  FIXTURE_EMPLOYERS,
  PRIVATE_EMAILS,
  UNCREDITED_NAME,
} from "../fixtures/published-history.ts";
import { must } from "../support/must.ts";

const ROOT = join(import.meta.dirname, "../..");
const SITE = "https://example.test";
let work: string;
let dist: string;
let dbPath: string;

const read = (path: string) => readFileSync(join(dist, path), "utf8");
/** A page's text as a reader sees it (tags removed). */
const textOf = (path: string) => read(path).replace(/<[^>]+>/g, "");
/** The figures the fixture must show on a date it has worked out by hand. */
const expectedOn = (date: string) => must(EXPECTED[date], `hand-worked figures for ${date}`);
const csv = (path: string) => parse(read(path), { columns: true, bom: true }) as Record<string, string>[];
const csvHeader = (path: string) => (parse(read(path), { to_line: 1 }) as string[][])[0];

function lwdFigures(
  asOf: string,
  database = dbPath,
): Record<string, unknown> & {
  accreditedEmployers: number;
  pledgedEmployers: number;
  bySector: { code: string; accreditedEmployers: number }[];
  byArea: { code: string; accreditedEmployers: number }[];
} {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "bin/lwd.mjs"), "--db", database, "figures", "--as-of", asOf, "--json"],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, LWD_DB: "" } },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** The numbers a figures page shows, read from its markup as a reader's browser gets it. */
function pageFigures(path: string): Record<string, number> {
  const html = read(path);
  const out: Record<string, number> = {};
  for (const m of html.matchAll(/data-figure="([a-z-]+)"[^>]*>([\d,]+)</g))
    out[must(m[1], "a figure name")] = Number(must(m[2], "a figure value").replace(/,/g, ""));
  return out;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "pagefind" ? [] : htmlFiles(p);
    return name.endsWith(".html") ? [p] : [];
  });
}

beforeAll(() => {
  mkdirSync(join(ROOT, "node_modules/.cache"), { recursive: true });
  work = mkdtempSync(join(ROOT, "node_modules/.cache/lwd-published-"));
  dist = join(work, "dist");
  dbPath = join(work, "fixture.sqlite");
  buildPublishedFixture(dbPath);
  // The real build, in a child process, reading LWD_DB, LWD_AS_OF and LWD_SITE_URL as `npm run build` would.
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", dist], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, LWD_DB: dbPath, LWD_AS_OF: FIXTURE_AS_OF, LWD_SITE_URL: SITE },
    timeout: 170_000,
  });
  if (r.status !== 0) throw new Error(`the site build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("figures agree wherever they are published", () => {
  it("the figures page shows what lwd figures prints for the build date, and what the fixture's history gives", () => {
    const cli = lwdFigures(FIXTURE_AS_OF);
    const expected = expectedOn(FIXTURE_AS_OF);
    expect(cli).toMatchObject({
      accreditedEmployers: expected.accredited,
      pledgedEmployers: expected.pledged,
      workersCovered: expected.workersCovered,
      workersUplifted: expected.workersUplifted,
      accreditedWithWorkerFigures: expected.withFigures,
    });
    expect(pageFigures("figures/index.html")).toEqual({
      "accredited-employers": expected.accredited,
      "pledged-employers": expected.pledged,
      "workers-covered": expected.workersCovered,
      "workers-uplifted": expected.workersUplifted,
    });
    expect(JSON.parse(read("figures/figures.json"))).toEqual(cli);
    expect(textOf("figures/index.html")).toContain(`npx lwd figures --as-of ${FIXTURE_AS_OF} --json`);
  });

  it("each year-end page and its files give the figures on 31 December of that year", () => {
    for (const date of ["2015-12-31", "2017-12-31"]) {
      const year = date.slice(0, 4);
      const cli = lwdFigures(date);
      const expected = expectedOn(date);
      expect(cli.accreditedEmployers).toBe(expected.accredited);
      expect(pageFigures(`figures/${year}/index.html`)).toEqual({
        "accredited-employers": expected.accredited,
        "pledged-employers": expected.pledged,
        "workers-covered": expected.workersCovered,
        "workers-uplifted": expected.workersUplifted,
      });
      expect(JSON.parse(read(`figures/${year}/figures.json`))).toEqual(cli);
      expect(textOf(`figures/${year}/index.html`)).toContain(`npx lwd figures --as-of ${date} --json`);
      const sectors = csv(`figures/${year}/by-sector.csv`);
      expect(Object.fromEntries(sectors.map((r) => [r.code, Number(r.accredited_employers)]))).toEqual(
        Object.fromEntries(cli.bySector.map((b) => [b.code, b.accreditedEmployers])),
      );
    }
    // Stable pages from the first event's year (the fixture's is 2012) to the last complete year before the build date.
    expect(existsSync(join(dist, "figures/2011/index.html"))).toBe(false);
    expect(existsSync(join(dist, "figures/2012/index.html"))).toBe(true);
    expect(existsSync(join(dist, "figures/2024/index.html"))).toBe(true);
    expect(existsSync(join(dist, "figures/2025/index.html"))).toBe(false);
  });

  it("the chart CSVs hold the same numbers as lwd figures", () => {
    const cli = lwdFigures(FIXTURE_AS_OF);
    expect(csvHeader("figures/by-sector.csv")).toEqual(["code", "name", "accredited_employers", "as_of"]);
    const bySector = csv("figures/by-sector.csv");
    const byArea = csv("figures/by-area.csv");
    expect(Object.fromEntries(bySector.map((r) => [r.code, Number(r.accredited_employers)]))).toEqual(
      Object.fromEntries(cli.bySector.map((b) => [b.code, b.accreditedEmployers])),
    );
    expect(Object.fromEntries(byArea.map((r) => [r.code, Number(r.accredited_employers)]))).toEqual(
      Object.fromEntries(cli.byArea.map((b) => [b.code, b.accreditedEmployers])),
    );
    expect(bySector.every((r) => r.as_of === FIXTURE_AS_OF)).toBe(true);
    const size = csv("figures/by-size.csv");
    expect(size.reduce((sum, r) => sum + Number(r.accredited_employers), 0)).toBe(cli.accreditedEmployers);

    expect(csvHeader("figures/series.csv")).toEqual([
      "month",
      "month_end",
      "accredited_employers",
      "pledged_employers",
    ]);
    const series = csv("figures/series.csv");
    for (const date of ["2015-12-31", "2017-12-31", "2024-12-31"]) {
      const point = must(
        series.find((p) => p.month_end === date),
        `the series point for ${date}`,
      );
      const f = lwdFigures(date);
      expect([Number(point.accredited_employers), Number(point.pledged_employers)]).toEqual([
        f.accreditedEmployers,
        f.pledgedEmployers,
      ]);
    }
    const last = must(series.at(-1), "the last series point");
    expect(last.month).toBe(FIXTURE_AS_OF.slice(0, 7));
    expect([Number(last.accredited_employers), Number(last.pledged_employers)]).toEqual([
      cli.accreditedEmployers,
      cli.pledgedEmployers,
    ]);
  });

  it("the charts are SVG drawn at build time with a text alternative, a table and a link to their CSV", () => {
    const html = read("figures/index.html");
    for (const id of ["chart-growth", "chart-sector", "chart-area"]) {
      expect(html).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
      expect(html).toMatch(new RegExp(`id="${id}-desc"[^>]*>[^<]{20,}`));
    }
    expect(html.match(/<svg[^>]*role="img"/g)?.length).toBe(6);
    for (const file of ["series.csv", "by-sector.csv", "by-area.csv"])
      expect(html).toContain(`href="/figures/${file}"`);
    expect(html).toContain("Show the data as a table");
    // The hostile-looking name is text in the chart, never markup.
    expect(html).not.toContain("<Sons>");
  });
});

describe("downloads", () => {
  it("employers.csv has the documented header and the statuses behind the figures, with formulas neutralised", () => {
    expect(csvHeader("data/employers.csv")).toEqual(EMPLOYER_CSV_COLUMNS.map((c) => c.name));
    const rows = csv("data/employers.csv");
    expect(rows).toHaveLength(FIXTURE_EMPLOYERS.length);
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    expect([count("accredited"), count("pledged")]).toEqual([
      expectedOn(FIXTURE_AS_OF).accredited,
      expectedOn(FIXTURE_AS_OF).pledged,
    ]);
    expect(rows.find((r) => r.slug === "tie-break-foods-fictional")?.status).toBe("accredited");
    expect(rows.find((r) => r.slug === "formula-sons-made-up-shop")?.name).toBe("'=Formula & <Sons> Made-Up Shop");
    expect(rows.every((r) => r.status_as_of === FIXTURE_AS_OF && r.url?.startsWith(`${SITE}/employers/`))).toBe(true);
  });

  it("events.csv and rates.csv have their documented headers; events credit only credited contributors", () => {
    expect(csvHeader("data/events.csv")).toEqual(EVENT_CSV_COLUMNS.map((c) => c.name));
    const events = csv("data/events.csv");
    expect(events).toHaveLength(FIXTURE_EMPLOYERS.reduce((n, e) => n + e.events.length, 0));
    expect(events.some((e) => e.note === "'-starts with a minus, like a formula")).toBe(true);
    expect(new Set(events.map((e) => e.recorded_by))).toEqual(new Set(["", CREDITED_NAME]));
    expect(csvHeader("data/rates.csv")).toEqual(RATE_CSV_COLUMNS.map((c) => c.name));
    expect(csv("data/rates.csv").length).toBeGreaterThan(10);
  });

  it("employers.json and every employer's JSON twin carry the record, status, sourced events and last change", () => {
    const all = JSON.parse(read("data/employers.json"));
    expect(all.statusAsOf).toBe(FIXTURE_AS_OF);
    expect(all.employers).toHaveLength(FIXTURE_EMPLOYERS.length);
    for (const e of all.employers) {
      const twin = JSON.parse(read(`employers/${e.slug}.json`));
      expect(twin).toMatchObject({
        slug: e.slug,
        status: e.status,
        lastChanged: e.lastChanged,
        url: `${SITE}/employers/${e.slug}/`,
      });
      expect(twin.events.length).toBeGreaterThan(0);
      expect(twin.events.every((ev: { sourceUrl: string }) => ev.sourceUrl.startsWith("https://"))).toBe(true);
    }
    expect(JSON.parse(read("employers/imaginary-transport-ltd.json")).formerSlugs).toEqual(["imaginary-transport"]);
    // An old address keeps answering with the current record.
    expect(JSON.parse(read("employers/imaginary-transport.json")).slug).toBe("imaginary-transport-ltd");
  });

  it("the SQLite download has the published tables only and no contributor's private details", () => {
    const bytes = readFileSync(join(dist, "data/livingwage.sqlite"));
    const text = bytes.toString("latin1");
    for (const email of PRIVATE_EMAILS) expect(text).not.toContain(email);
    expect(text).not.toContain(UNCREDITED_NAME);
    expect(text).not.toContain("Private Org Ltd");
    const db = new Database(join(dist, "data/livingwage.sqlite"), { readonly: true });
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .pluck()
        .all();
      expect(tables).not.toContain("audit_log");
      expect(tables).toContain("commitment_events");
      const columns = db.prepare("SELECT name FROM pragma_table_info('contributors')").pluck().all();
      expect(columns).not.toContain("email");
      const names = db.prepare("SELECT name FROM contributors ORDER BY name").pluck().all();
      expect(names).toContain(CREDITED_NAME);
      expect(names).toContain("Uncredited contributor");
      expect(db.prepare("SELECT count(*) FROM commitment_events").pluck().get()).toBe(
        FIXTURE_EMPLOYERS.reduce((n, e) => n + e.events.length, 0),
      );
    } finally {
      db.close();
    }
    // A reader can reproduce the figures from the download itself, as the figures page says.
    const copy = join(work, "downloaded.sqlite");
    copyFileSync(join(dist, "data/livingwage.sqlite"), copy);
    expect(lwdFigures("2015-12-31", copy)).toEqual(lwdFigures("2015-12-31"));
  });

  it("the data page states the licence, the last update and a changelog, and every published column is classified", () => {
    const html = read("data/index.html");
    expect(html).toContain("creativecommons.org/licenses/by/4.0/");
    expect(html).toContain('datetime="2024-03-02T11:00:00.000Z"');
    expect(html).toMatch(
      /2 March 2024<\/time><\/th>\s*<td[^>]*>3 new employer records; 2 pledges, 2 accreditations, 1 move to a new rate, 1 revocation<\/td>/,
    );
    expect(html).toMatch(
      /1 March 2024<\/time><\/th>\s*<td[^>]*>4 new employer records; 3 pledges, 3 accreditations, 1 lapse, 1 withdrawal, 1 reinstatement<\/td>/,
    );
    for (const c of EMPLOYER_CSV_COLUMNS) expect(html).toMatch(new RegExp(`<code[^>]*>${c.name}</code>`));
    expect(unclassifiedColumns()).toEqual([]);
  });
});

describe("discovery", () => {
  const xml = new XMLParser({ ignoreAttributes: false });

  it("the feed is valid XML listing the latest pledges and accreditations, linked to employer pages", () => {
    const text = read("feed.xml");
    expect(XMLValidator.validate(text)).toBe(true);
    const items = xml.parse(text).rss.channel.item as { title: string; link: string }[];
    // Every pledged, accredited and reinstated event in the fixture.
    expect(items).toHaveLength(11);
    // Newest effective date first.
    expect(items[0]?.title).toBe("Pledged: Sample Charity Trust (fictional)");
    expect(items[1]?.title).toBe("Accredited: Tie Break Foods (fictional)");
    expect(items.some((i) => i.title === "Accredited: =Formula & <Sons> Made-Up Shop")).toBe(true);
    expect(items.every((i) => i.link.startsWith(`${SITE}/employers/`))).toBe(true);
    expect(new Set(items.map((i) => i.link)).size).toBe(items.length);
  });

  it("the sitemap is valid XML and lists the figures, year-end, data and about pages", () => {
    const index = read("sitemap-index.xml");
    expect(XMLValidator.validate(index)).toBe(true);
    const sitemap = read("sitemap-0.xml");
    expect(XMLValidator.validate(sitemap)).toBe(true);
    const urls = (xml.parse(sitemap).urlset.url as { loc: string }[]).map((u) => u.loc);
    for (const path of ["/figures/", "/figures/2015/", "/data/", "/about/"]) expect(urls).toContain(`${SITE}${path}`);
  });

  it("the sitemap index also lists the employer pages' own sitemap, with every current employer and no page frame", () => {
    const index = xml.parse(read("sitemap-index.xml")).sitemapindex.sitemap as { loc: string }[] | { loc: string };
    const maps = (Array.isArray(index) ? index : [index]).map((m) => m.loc);
    expect(maps).toEqual([`${SITE}/sitemap-0.xml`, `${SITE}/sitemap-employers-0.xml`]);
    const employers = read("sitemap-employers-0.xml");
    expect(XMLValidator.validate(employers)).toBe(true);
    const entries = xml.parse(employers).urlset.url as { loc: string }[] | { loc: string };
    const urls = (Array.isArray(entries) ? entries : [entries]).map((u) => u.loc);
    const db = new Database(dbPath, { readonly: true });
    const slugs = db.prepare("SELECT slug FROM employers ORDER BY slug").pluck().all() as string[];
    db.close();
    expect([...urls].sort()).toEqual(slugs.map((slug) => `${SITE}/employers/${slug}/`).sort());
    const everywhere = [read("sitemap-0.xml"), employers].join("");
    expect(everywhere).not.toMatch(/lwd-frame-/);
    expect(existsSync(join(dist, "employers/lwd-frame-employer"))).toBe(false);
    expect(existsSync(join(dist, "employers/lwd-frame-moved"))).toBe(false);
  });

  it("every JSON-LD block on every page parses, and the data page describes a Dataset with its downloads", () => {
    let blocks = 0;
    for (const file of htmlFiles(dist)) {
      for (const m of readFileSync(file, "utf8").matchAll(
        /<script type="application\/ld\+json">([\s\S]*?)<\/script>/g,
      )) {
        expect(() => JSON.parse(must(m[1], "a JSON-LD block")), file).not.toThrow();
        blocks++;
      }
    }
    expect(blocks).toBeGreaterThan(0);
    const data = read("data/index.html").match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
    const dataset = JSON.parse(must(data?.[1], "the data page's JSON-LD"));
    expect(dataset["@type"]).toBe("Dataset");
    expect(dataset.distribution.map((d: { contentUrl: string }) => d.contentUrl)).toEqual(
      ["employers.csv", "events.csv", "rates.csv", "employers.json", "livingwage.sqlite"].map(
        (f) => `${SITE}/data/${f}`,
      ),
    );
    expect(dataset.distribution.every((d: { "@type": string }) => d["@type"] === "DataDownload")).toBe(true);
  });
});
