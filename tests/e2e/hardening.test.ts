/**
 * Hostile content from end to end: a database filled through the real `lwd` with HTML, script, quotes, bidi and
 * zero-width characters, emoji, formula-like cells and the longest allowed text, then one build of the real site
 * from it. Every page, the feed, the JSON-LD, the JSON twins, the downloads and the search must show that text as
 * text; no page may break its Content Security Policy; nothing private about contributors may be published.
 */
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/bench/search.ts";
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { XMLValidator } from "fast-xml-parser";
import { DOMParser as XmlParser, parseHTML } from "linkedom";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../scripts/build/serve.ts";
import {
  buildHostileDatabase,
  HOSTILE_EMPLOYERS,
  IMPORTED_NAMES,
  IMPORTED_NOTES,
  otherNamesOf,
  PRIVATE_CONTRIBUTORS,
  type HostileDatabase,
} from "../fixtures/hostile/database.ts";
import { buildSite, filesUnder, readableText } from "../fixtures/hostile/site.ts";
import { HOSTILE, lwd, removeTempDirs, ROOT, tableHashes, tempDir } from "../fixtures/hostile/support.ts";
import { must } from "../support/must.ts";

const CHROMIUM_PATH = CHROMIUM;
const SITE_HOST = new URL(process.env.LWD_SITE_URL ?? "https://livingwage.directory").host;
/** Raw markup that must never come out of the data into the feed: each is how an injection would look. */
const INJECTED = [/<script>alert/i, /<img src=x/i, /<\/title><script>/i, /<b>Bold<\/b>/, /<i>Sons<\/i>/];
/** Text that spreadsheets run as a formula. */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;
/** Cells that only a hand edit in SQL can start with a tab or carriage return: the tool trims what it is given. */
const HAND_NOTES = ["\t=1+1 tab-led note", "\r=1+1 return-led note"];

let dir: string;
let hostile: HostileDatabase;
/** The slug of the i-th hostile employer, and of the i-th imported one. */
const slugAt = (i: number) => must(hostile.slugs[i], `hostile employer ${i}`);
const importedSlugAt = (i: number) => must(hostile.importedSlugs[i], `imported employer ${i}`);
const hostileAt = (i: number) => must(HOSTILE_EMPLOYERS[i], `hostile employer ${i}`);
let dist: string;
let pages: string[];

const html = (rel: string) => readFileSync(join(dist, rel), "utf8");
const documentOf = (rel: string) => parseHTML(html(rel)).document;
const employerPage = (slug: string) => `employers/${slug}/index.html`;

beforeAll(() => {
  dir = tempDir();
  hostile = buildHostileDatabase(dir);
  const sqlite = new Database(hostile.path);
  const atco = sqlite.prepare("SELECT id FROM employers WHERE slug = ?").pluck().get(importedSlugAt(3)) as number;
  const add = sqlite.prepare(
    "INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, source_url, note, recorded_by) VALUES (?, 'pledged', ?, 'london', 'https://example.org/hand', ?, 1)",
  );
  HAND_NOTES.forEach((note, i) => add.run(atco, `2024-0${i + 6}-01`, note));
  sqlite.close();
  dist = join(dir, "dist");
  buildSite(hostile.path, dist);
  pages = filesUnder(dist).filter((f) => f.endsWith(".html"));
});
afterAll(removeTempDirs);

describe("hostile text is stored as given, within the documented limits", () => {
  it("keeps names, other names, websites, notes and sources exactly as entered", () => {
    const sqlite = new Database(hostile.path, { readonly: true });
    try {
      HOSTILE_EMPLOYERS.forEach((e, i) => {
        const row = sqlite.prepare("SELECT id, name, website FROM employers WHERE slug = ?").get(slugAt(i)) as {
          id: number;
          name: string;
          website: string | null;
        };
        expect(row.name).toBe(e.name);
        expect(row.website).toBe(e.website ?? null);
        const names = sqlite
          .prepare("SELECT name FROM employer_names WHERE employer_id = ? ORDER BY name")
          .pluck()
          .all(row.id);
        expect(names).toEqual(otherNamesOf(e).sort());
        const pledge = sqlite
          .prepare(
            "SELECT note, source_url AS sourceUrl FROM commitment_events WHERE employer_id = ? AND event = 'pledged'",
          )
          .get(row.id);
        expect(pledge).toEqual({ note: e.note, sourceUrl: e.sourceUrl });
      });
      IMPORTED_NAMES.forEach((name, i) => {
        const stored = sqlite
          .prepare(
            "SELECT e.name, ev.note FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id WHERE e.slug = ? ORDER BY ev.id LIMIT 1",
          )
          .get(importedSlugAt(i));
        expect(stored).toEqual({ name, note: IMPORTED_NOTES[i] });
      });
      const reason = sqlite
        .prepare(
          "SELECT reason FROM commitment_events WHERE event = 'lapsed' AND source_url = 'https://example.org/news/lapsed'",
        )
        .pluck()
        .get();
      expect(reason).toBe(HOSTILE.attribute);
    } finally {
      sqlite.close();
    }
    // And the tool gives them back unchanged.
    const shown = JSON.parse(lwd(hostile.path, ["employer", "show", slugAt(2), "--json"]).stdout) as {
      name: string;
      otherNames: string[];
    };
    expect(shown.name).toBe(hostileAt(2).name);
    expect(shown.otherNames).toEqual(otherNamesOf(hostileAt(2)));
  });

  it("refuses text beyond the limits with the field and the limit, and changes nothing", () => {
    const before = tableHashes(hostile.path);
    const csv = join(dir, "too-long.csv");
    const header =
      "name,companies_house_number,sector,size,area,website,event,date,rate_area,hourly_rate,workers_covered,workers_uplifted,source_url,note";
    writeFileSync(
      csv,
      [
        header,
        `${"N".repeat(10_000)},,I,,Camden,,pledged,2024-01-01,london,,,,https://example.org/long,`,
        `Fictional Long Note Ltd,,I,,Camden,,pledged,2024-01-01,london,,,,https://example.org/long,${"n".repeat(2001)}`,
      ].join("\n"),
    );
    const cases: [string[], RegExp][] = [
      [
        ["employer", "add", "--name", "x".repeat(301), "--sector", "I", "--area", "Camden"],
        /name: must be at most 300 characters/,
      ],
      [
        ["employer", "add", "--name", HOSTILE.script.repeat(400), "--sector", "I", "--area", "Camden"],
        /name: must be at most 300 characters/,
      ],
      [
        [
          "employer",
          "add",
          "--name",
          "Fictional Other Name Ltd",
          "--sector",
          "I",
          "--area",
          "Camden",
          "--other-name",
          "o".repeat(10_000),
        ],
        /other_names?: .*at most 300 characters/,
      ],
      [
        [
          "event",
          "add",
          slugAt(3),
          "--event",
          "rate_implemented",
          "--date",
          "2024-06-01",
          "--rate",
          "15",
          "--source",
          "https://example.org/x",
          "--note",
          "n".repeat(10_000),
        ],
        /note: must be at most 2000 characters/,
      ],
      [
        ["import", csv],
        /row 2, field name: .*must be at most 300 characters[\s\S]*row 3, field note: .*must be at most 2000 characters/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = lwd(hostile.path, [...args, "--as", "ben"]);
      expect(r.stderr, args[0]).toMatch(message);
      expect(r.code, args[0]).toBe(1);
    }
    expect(tableHashes(hostile.path)).toEqual(before);
  });
});

describe("lwd export neutralises formulas", () => {
  it("leaves no CSV cell starting with = + - @ tab or return, and keeps the text after the apostrophe", () => {
    const out = join(dir, "export.csv");
    const r = lwd(hostile.path, ["export", "--format", "csv", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(readFileSync(out), { columns: true, bom: true }) as Record<string, string>[];
    for (const row of rows)
      for (const [column, cell] of Object.entries(row))
        if (!NUMBER.test(cell)) expect(cell, `${column} of ${row.slug}`).not.toMatch(FORMULA);
    const names = new Set(rows.map((row) => row.name));
    for (const name of IMPORTED_NAMES.slice(0, 4)) expect(names).toContain(`'${name}`);
    const notes = new Set(rows.map((row) => row.note));
    for (const note of [...IMPORTED_NOTES.slice(0, 4), ...HAND_NOTES]) expect(notes).toContain(`'${note}`);
    // Hostile text that is not a formula comes back exactly.
    for (const e of HOSTILE_EMPLOYERS) expect(names).toContain(e.name);
  });

  it("writes JSON that parses back to the stored text", () => {
    const r = lwd(hostile.path, ["export", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      employers: { name: string; otherNames: string[]; events: { note: string | null }[] }[];
    };
    for (const e of HOSTILE_EMPLOYERS) {
      const found = doc.employers.find((x) => x.name === e.name);
      expect(found?.otherNames.sort()).toEqual(otherNamesOf(e).sort());
      expect(found?.events.map((ev) => ev.note)).toContain(e.note);
    }
  });
});

describe("the built site shows hostile text as text", () => {
  it("has no markup from the data in any page: no event-handler attribute, injected element or script", () => {
    expect(pages.length).toBeGreaterThan(20);
    for (const rel of pages) {
      // Parsed, not searched as text: inside a quoted attribute "<img src=x" is only text, and escaped correctly.
      const { document } = parseHTML(html(rel));
      for (const el of document.querySelectorAll("*")) {
        for (const attr of el.getAttributeNames())
          expect(`${rel}: <${el.localName} ${attr}>`).not.toMatch(/ on[a-z]+>$/);
      }
      expect(document.querySelectorAll('img[src="x"]').length, rel).toBe(0);
      for (const el of document.querySelectorAll("b, i")) expect(el.textContent, rel).not.toMatch(/^(Bold|Sons)$/);
      for (const script of document.querySelectorAll("script")) {
        if (script.getAttribute("type") === "application/ld+json") continue;
        expect(script.textContent ?? "", rel).not.toMatch(/alert\(/);
      }
    }
    const first = documentOf(employerPage(slugAt(0)));
    expect(first.querySelector("main")?.textContent).toContain(HOSTILE.script);
  });

  it("shows each hostile name, other name, note, reason and source on the employer's page exactly as stored", () => {
    HOSTILE_EMPLOYERS.forEach((e, i) => {
      const rel = employerPage(slugAt(i));
      const document = documentOf(rel);
      expect(document.querySelector("h1")?.textContent).toBe(e.name);
      expect(document.querySelector("title")?.textContent).toContain(e.name);
      const body = document.querySelector("main")?.textContent ?? "";
      for (const n of otherNamesOf(e)) expect(body, rel).toContain(n);
      expect(body, rel).toContain(e.note);
      // Compared as URLs: a link may carry the address percent-encoded, which is the same address.
      const asUrl = (href: string | null) => (href && /^https?:/.test(href) ? new URL(href).href : href);
      const links = [...document.querySelectorAll("a")].map((a) => asUrl(a.getAttribute("href")));
      expect(links, rel).toContain(asUrl(e.sourceUrl));
      if (e.website) expect(links, rel).toContain(asUrl(e.website));
    });
    const first = documentOf(employerPage(slugAt(0))).querySelector("main")?.textContent ?? "";
    expect(first).toContain(HOSTILE.attribute); // the lapse's reason
    expect(first).toContain(HOSTILE.html); // the reinstatement's note
  });

  it("shows the surviving employer's hostile name as text on a merged duplicate's redirect page", () => {
    expect(hostile.redirects.length).toBeGreaterThan(0);
    for (const { from, to } of hostile.redirects) {
      const document = documentOf(employerPage(from));
      const survivor = hostileAt(hostile.slugs.indexOf(to));
      expect(document.querySelector("h1")?.textContent).toBe(`${survivor.name} has moved`);
      expect(document.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content")).toMatch(
        new RegExp(`^0; url=/employers/${to}/$`),
      );
    }
  });

  it("lists hostile names as text in the directory", () => {
    const directory = pages.filter(
      (p) => p.startsWith("employers/") && !HOSTILE_EMPLOYERS.some((_, i) => p === employerPage(slugAt(i))),
    );
    const text = directory.map((p) => documentOf(p).querySelector("main")?.textContent ?? "").join("\n");
    for (const e of HOSTILE_EMPLOYERS) expect(text).toContain(e.name);
  });

  it("writes JSON-LD that parses, contains no raw <, and round-trips each name", () => {
    let blocks = 0;
    for (const rel of pages) {
      for (const script of documentOf(rel).querySelectorAll('script[type="application/ld+json"]')) {
        const raw = script.textContent ?? "";
        expect(raw, rel).not.toMatch(/[<>]/);
        expect(() => JSON.parse(raw), rel).not.toThrow();
        blocks++;
      }
    }
    expect(blocks).toBeGreaterThan(0);
    HOSTILE_EMPLOYERS.forEach((e, i) => {
      const raw =
        documentOf(employerPage(slugAt(i))).querySelector('script[type="application/ld+json"]')?.textContent ?? "";
      const ld = JSON.parse(raw) as { name: string; alternateName?: string[]; sameAs?: string[] };
      expect(ld.name).toBe(e.name);
      expect([...(ld.alternateName ?? [])].sort()).toEqual(otherNamesOf(e).sort());
      if (e.website) expect(ld.sameAs).toEqual([e.website]);
    });
  });

  it("escapes the feed and keeps each title's text", () => {
    const xml = readFileSync(join(dist, "feed.xml"), "utf8");
    for (const pattern of INJECTED) expect(xml).not.toMatch(pattern);
    const feed = new XmlParser().parseFromString(xml, "text/xml");
    const titles = [...feed.querySelectorAll("item > title")].map((t) => t.textContent);
    for (const e of HOSTILE_EMPLOYERS) expect(titles).toContain(`Pledged: ${e.name}`);
    expect(titles).toContain(`Reinstated: ${hostileAt(0).name}`);
  });

  it("publishes the feed and every sitemap as well-formed XML (an XML parser's validator accepts each)", () => {
    const xmlFiles = filesUnder(dist).filter((f) => f.endsWith(".xml"));
    expect(xmlFiles).toEqual(expect.arrayContaining(["feed.xml", "sitemap-index.xml"]));
    expect(xmlFiles.filter((f) => f.startsWith("sitemap")).length).toBeGreaterThan(1);
    for (const rel of xmlFiles)
      expect([rel, XMLValidator.validate(readFileSync(join(dist, rel), "utf8"))]).toEqual([rel, true]);
  });

  it("writes JSON twins and the JSON download that parse back to the stored text", () => {
    HOSTILE_EMPLOYERS.forEach((e, i) => {
      const twin = JSON.parse(readFileSync(join(dist, `employers/${hostile.slugs[i]}.json`), "utf8")) as Record<
        string,
        unknown
      >;
      expect(twin.name).toBe(e.name);
      expect(JSON.stringify(twin)).toContain(JSON.stringify(e.note).slice(1, -1));
    });
    const all = readFileSync(join(dist, "data/employers.json"), "utf8");
    const parsed = JSON.parse(all) as unknown;
    for (const e of HOSTILE_EMPLOYERS) expect(JSON.stringify(parsed)).toContain(JSON.stringify(e.name).slice(1, -1));
  });

  it("neutralises formulas in every CSV download", () => {
    const csvs = filesUnder(dist).filter((f) => f.endsWith(".csv"));
    expect(csvs).toEqual(expect.arrayContaining(["data/employers.csv", "data/events.csv", "data/rates.csv"]));
    const seen = new Set<string>();
    for (const rel of csvs) {
      const rows = parse(readFileSync(join(dist, rel)), { bom: true, relax_column_count: true }) as string[][];
      for (const row of rows) {
        for (const cell of row) {
          seen.add(cell);
          if (!NUMBER.test(cell)) expect(cell, rel).not.toMatch(FORMULA);
        }
      }
    }
    for (const text of [...IMPORTED_NAMES.slice(0, 4), ...IMPORTED_NOTES.slice(0, 4), ...HAND_NOTES])
      expect(seen).toContain(`'${text}`);
  });

  it("links only to http(s) and mail addresses, and every external link has rel=noopener noreferrer", () => {
    let external = 0;
    for (const rel of pages) {
      for (const a of documentOf(rel).querySelectorAll("a[href]")) {
        const href = must(a.getAttribute("href"), "an href");
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
        expect([undefined, "http", "https", "mailto"], `${rel}: ${href}`).toContain(scheme);
        if (scheme === "http" || scheme === "https") {
          if (new URL(href).host === SITE_HOST) continue;
          external++;
          const tokens = (a.getAttribute("rel") ?? "").split(/\s+/);
          expect(tokens, `${rel}: ${href}`).toEqual(expect.arrayContaining(["noopener", "noreferrer"]));
        }
      }
    }
    expect(external).toBeGreaterThan(0);
  });

  it("gives every page the same Content Security Policy, first in the head, allowing only what the site needs", () => {
    const policies = new Set<string>();
    for (const rel of pages) {
      const { document } = parseHTML(html(rel));
      const metas = document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]');
      expect(metas.length, rel).toBe(1);
      // A policy applies only to what comes after it: no script or style may come first.
      const meta = must(metas[0], `the policy of ${rel}`);
      const before = [...document.head.children].slice(0, [...document.head.children].indexOf(meta));
      expect(before.filter((el) => ["script", "link", "style"].includes(el.localName)).length, rel).toBe(0);
      policies.add(must(meta.getAttribute("content"), `the policy of ${rel}`));
    }
    expect(policies.size).toBe(1);
    const directives = new Map(
      must([...policies][0], "the policy")
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [must(name, "a directive name"), values]),
    );
    expect(directives.get("default-src")).toEqual(["'self'"]);
    expect(directives.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("base-uri")).toEqual(["'self'"]);
    expect(directives.get("form-action")).toEqual(["'self'"]);
    // No directive opens the door to any host.
    for (const [name, values] of directives)
      expect(
        values.filter((v) => v === "*" || v === "http:" || v === "https:"),
        name,
      ).toEqual([]);
  });

  it("puts data into HTML only through escaping: set:html is used once, for JSON-LD, and escapes what could end the block", () => {
    const sources = filesUnder(join(ROOT, "src")).filter((f) => /\.(astro|ts|tsx|js|mjs)$/.test(f));
    const risky =
      /set:html|innerHTML|outerHTML|insertAdjacentHTML|document\.write|dangerouslySetInnerHTML|new Function|\beval\(/;
    const uses: string[] = [];
    for (const rel of sources) {
      readFileSync(join(ROOT, "src", rel), "utf8")
        .split("\n")
        .forEach((line, n) => {
          if (risky.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line)) uses.push(`src/${rel}:${n + 1}: ${line.trim()}`);
        });
    }
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatch(
      /^src\/layouts\/Base\.astro:\d+: .*<script type="application\/ld\+json" set:html=\{safeJson\(block\)\}/,
    );
    const format = readFileSync(join(ROOT, "src/lib/format.ts"), "utf8");
    const safeJson = /export function safeJson\([^]*?\n\}/.exec(format)?.[0] ?? "";
    for (const escaped of ["\\\\u003c", "\\\\u003e", "\\\\u0026", "\\\\u2028", "\\\\u2029"])
      expect(safeJson).toContain(escaped);
  });
});

describe("contributors' privacy", () => {
  it("publishes no email of anyone, and no name, handle or organisation of a contributor who was not credited", () => {
    const files = filesUnder(dist);
    expect(files).toEqual(expect.arrayContaining(["data/livingwage.sqlite", "data/events.csv"]));
    expect(files.some((f) => f.startsWith("pagefind/"))).toBe(true);
    const secrets = PRIVATE_CONTRIBUTORS.flatMap((c) =>
      c.credited
        ? [c.email]
        : [c.email, c.name, must(c.name.split(" ")[1], `the surname of ${c.name}`), c.handle, c.organisation],
    );
    const leaks: string[] = [];
    for (const rel of files) {
      const text = readableText(join(dist, rel));
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${rel}: ${secret}`);
      if (/hidden-mail\.example/.test(text)) leaks.push(`${rel}: an email domain of a contributor`);
    }
    expect(leaks).toEqual([]);
  });

  it("keeps every contributor detail out of lwd export, CSV and JSON", () => {
    const leaks: string[] = [];
    for (const format of ["csv", "json"]) {
      const out = join(dir, `private-check.${format}`);
      const r = lwd(hostile.path, ["export", "--format", format, "--out", out]);
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(out, "utf8");
      for (const c of PRIVATE_CONTRIBUTORS)
        for (const detail of [c.email, c.name, c.handle, c.organisation])
          if (text.includes(detail)) leaks.push(`${format}: ${detail}`);
    }
    expect(leaks).toEqual([]);
  });

  it("can see what it looks for: the credited contributor's name is in the published events", () => {
    const credited = must(
      PRIVATE_CONTRIBUTORS.find((c) => c.credited),
      "a credited contributor",
    );
    const found = filesUnder(dist).filter((rel) => readableText(join(dist, rel)).includes(credited.name));
    expect(found).toContain("data/events.csv");
  });
});

describe("in the browser", () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH))
      throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium or set CHROMIUM_PATH`);
    ({ server, url } = await serveStatic(dist, 0));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((ok) => server?.close(() => ok(undefined)) ?? ok(undefined));
  });

  /** A page that records CSP violations, console errors, script errors and any dialog (alert() from injected script). */
  async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
      });
    });
    page.on("console", (msg) => {
      if (msg.type() === "error" || /Content Security Policy/i.test(msg.text()))
        problems.push(`console: ${msg.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`error: ${err.message}`));
    page.on("dialog", (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return { page, problems };
  }

  /** One page of each kind, plus every page that shows a hostile name. */
  function pagesToVisit(): string[] {
    const kinds = new Map<string, string>();
    for (const rel of pages) {
      const path = rel.replace(/index\.html$/, "").replace(/\.html$/, "/");
      const parts = path.split("/").filter(Boolean);
      const kind =
        parts.length === 0
          ? "home"
          : parts[0] === "employers" && parts.length >= 3
            ? `employers/${parts[1]}/*`
            : parts.length >= 2
              ? `${parts[0]}/*`
              : must(parts[0], "a path segment");
      if (!kinds.has(kind) && kind !== "404") kinds.set(kind, path);
    }
    const hostilePages = [
      ...HOSTILE_EMPLOYERS.map((_, i) => `employers/${hostile.slugs[i]}/`),
      ...hostile.redirects.map((r) => `employers/${r.from}/`),
    ];
    return [...new Set([...kinds.values(), ...hostilePages, "employers/", "no-such-page/"])];
  }

  it("shows no CSP violation, script error or dialog on any kind of page", async () => {
    const { page, problems } = await watchedPage();
    const visited = pagesToVisit();
    expect(visited.length).toBeGreaterThan(10);
    for (const path of visited) {
      const before = problems.length;
      await page.goto(`${url}${path}`, { waitUntil: "networkidle" });
      // The 404 page is served with status 404, which Chromium reports as a console error: that one is expected.
      if (path === "no-such-page/")
        problems
          .splice(before)
          .filter((p) => !/status of 404/.test(p))
          .forEach((p) => problems.push(p));
      expect(problems.slice(before), path).toEqual([]);
      // Injected markup would show up as elements: there must be none.
      expect(await page.locator('img[src="x"], [onerror], [onload]').count(), path).toBe(0);
    }
  });

  it("sends a reader with JavaScript off from a merged employer's old address to its current page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    expect(hostile.redirects.length).toBeGreaterThan(0);
    for (const { from, to } of hostile.redirects) {
      await page.goto(`${url}employers/${from}/`);
      await page.waitForURL(new RegExp(`/employers/${to}/$`));
      expect(await page.locator("h1").textContent()).not.toMatch(/has moved/);
    }
  });

  it("finds a hostile name with search and shows it as text", async () => {
    const { page, problems } = await watchedPage();
    for (const [i, e] of HOSTILE_EMPLOYERS.entries()) {
      await page.goto(`${url}search/?q=${encodeURIComponent(e.word)}`, { waitUntil: "networkidle" });
      await page.locator("#result-count[data-count]:not([data-count=''])").waitFor({ timeout: 15_000 });
      const links = page.locator("#result-list a");
      const texts = await links.allTextContents();
      expect(texts, e.word).toContain(e.name);
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      expect(hrefs.some((h) => h?.endsWith(`/employers/${hostile.slugs[i]}/`))).toBe(true);
      expect(await page.locator("#result-list img, #result-list script, #result-list b, #result-list i").count()).toBe(
        0,
      );
      const aka = (await page.locator("#result-list").textContent()) ?? "";
      for (const n of otherNamesOf(e)) expect(aka).toContain(n);
    }
    expect(problems).toEqual([]);
  });

  it("parses the feed as well-formed XML", async () => {
    const { page } = await watchedPage();
    await page.goto(`${url}`, { waitUntil: "load" });
    const result = await page.evaluate(async (feedUrl) => {
      const text = await (await fetch(feedUrl)).text();
      const doc = new DOMParser().parseFromString(text, "application/xml");
      return {
        error: doc.querySelector("parsererror")?.textContent ?? null,
        titles: [...doc.querySelectorAll("item > title")].map((t) => t.textContent),
      };
    }, `${url}feed.xml`);
    expect(result.error).toBeNull();
    for (const e of HOSTILE_EMPLOYERS) expect(result.titles).toContain(`Pledged: ${e.name}`);
  });

  it("checks and offers a hostile submission as a neutralised CSV without breaking the CSP", async () => {
    const { page, problems } = await watchedPage();
    await page.goto(`${url}submit/`, { waitUntil: "networkidle" });
    await page.fill("#f-name", must(IMPORTED_NAMES[0], "an imported name"));
    await page.selectOption("#f-sector", { index: 1 });
    await page.selectOption("#f-area", { index: 1 });
    await page.selectOption("#f-event", "pledged");
    await page.fill("#f-date", "2024-05-01");
    await page.fill("#f-source", "https://example.org/submitted");
    await page.fill("#f-note", HOSTILE.script);
    await page.click("#submit-form button[type=submit]");
    await page.locator("#submit-result:not([hidden])").waitFor({ timeout: 10_000 });
    const preview = (await page.locator("#submit-preview").textContent()) ?? "";
    const [, row] = parse(preview) as string[][];
    expect(row?.[0]).toBe(`'${IMPORTED_NAMES[0]}`);
    expect(row).toContain(HOSTILE.script);
    expect(await page.locator("#submit-result img, #submit-result script").count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
