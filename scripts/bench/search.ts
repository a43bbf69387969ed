/**
 * Bytes and time of a first and a second search on the built site's search page, in Chromium, as a reader sees
 * them. The site is served with gzip for text, as static hosts do; Pagefind's own files are already compressed.
 * Bytes are each response's headers and body as sent (Playwright's request sizes, which include the web worker).
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { createGzip } from "node:zlib";
import type { Page } from "playwright-core";
import { contentType } from "../build/serve.ts";

/** Debian's Chromium, or the browser CHROMIUM_PATH names; the browser tests use the same. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The network here is closed and runs must be quiet: no sync, updates, QUIC or background fetches. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const COMPRESSIBLE = /\.(html|css|js|mjs|json|xml|svg|txt|csv)$/i;

export interface SearchMeasure {
  query: string;
  bytes: number;
  requests: number;
  ms: number;
  results: string;
  files: { url: string; bytes: number }[];
}

export interface SearchResult {
  /** Loading /search/; the page starts Pagefind (script, WebAssembly, entry, metadata, filters) as it opens. */
  page: { bytes: number; requests: number; ms: number; pagefindBytes: number; files: { url: string; bytes: number }[] };
  first: SearchMeasure;
  second: SearchMeasure;
}

/** A static server for dist/ that gzips text like a typical host; directory URLs serve index.html. */
export async function serveGzip(root: string): Promise<{ server: Server; url: string }> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = normalize(join(base, pathname));
    if (file !== base && !file.startsWith(base + sep)) return void res.writeHead(400).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) return void res.writeHead(404).end("Not found");
    const gzip = COMPRESSIBLE.test(extname(file)) && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    res.writeHead(200, {
      "content-type": contentType(file),
      "cache-control": "no-cache",
      ...(gzip ? { "content-encoding": "gzip", vary: "accept-encoding" } : {}),
    });
    const stream = createReadStream(file);
    (gzip ? stream.pipe(createGzip()) : stream).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A response the page received: where from (the site's address left out) and its headers and body as sent. */
export interface SentFile {
  url: string;
  bytes: number;
}

/**
 * Counts the responses a page receives while counting is on: Playwright's request events, which include web workers
 * (Pagefind's), unlike a page-level CDP session.
 */
export function countResponses(page: Page, siteUrl: string, { startNow = true } = {}) {
  const pending = new Set<unknown>();
  let counting = startNow;
  let lastActivity = Date.now();
  let log: SentFile[] = [];
  const sizing: Promise<void>[] = [];
  page.on("request", (r) => {
    if (!counting) return;
    pending.add(r);
    lastActivity = Date.now();
  });
  page.on("requestfinished", (r) => {
    if (!pending.has(r)) return;
    sizing.push(
      r.sizes().then((z) => {
        log.push({ url: r.url().replace(siteUrl, ""), bytes: z.responseHeadersSize + z.responseBodySize });
        pending.delete(r);
        lastActivity = Date.now();
      }),
    );
  });
  page.on("requestfailed", (r) => {
    pending.delete(r);
    lastActivity = Date.now();
  });
  return {
    /** Counts the requests made from now on. */
    start(): void {
      counting = true;
    },
    /** Stops counting new requests (one already under way is counted when it ends). */
    stop(): void {
      counting = false;
    },
    /** Waits until nothing is pending and nothing new came for 400 ms (at most 20 s, should a request hang). */
    async quiet(): Promise<void> {
      const limit = Date.now() + 20_000;
      while ((pending.size > 0 || Date.now() - lastActivity < 400) && Date.now() < limit)
        await new Promise((r) => setTimeout(r, 50));
    },
    /** The responses counted so far, once each one's size is known. */
    async counted(): Promise<SentFile[]> {
      await Promise.all(sizing.splice(0));
      return log;
    },
    /** The responses counted so far, and a new count from now on. */
    async take(): Promise<{ files: SentFile[]; bytes: number; requests: number }> {
      await Promise.all(sizing.splice(0));
      const files = log;
      log = [];
      return { files, bytes: bytesOf(files), requests: files.length };
    },
  };
}

/** The bytes of `files` together. */
export function bytesOf(files: readonly SentFile[]): number {
  return files.reduce((sum, f) => sum + f.bytes, 0);
}

/** Loads /search/, then runs two searches by typing, as a reader would, and measures each. */
export async function measureSearch(distDir: string, queries: [string, string]): Promise<SearchResult> {
  const { chromium } = await import("playwright-core");
  const { server, url } = await serveGzip(distDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const responses = countResponses(page, url);
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(m.text());
    });

    let started = Date.now();
    await page.goto(`${url}/search/`, { waitUntil: "load" });
    await responses.quiet();
    const pageLoad = { ...(await responses.take()), ms: Date.now() - started };

    const search = async (query: string): Promise<SearchMeasure> => {
      // The page clears #result-count's data-count when a search starts and sets it when results are shown, so a
      // repeated count (two searches with one result each) is still seen as a new result.
      await page.evaluate(() => {
        const w = window as unknown as { searchDone: boolean };
        w.searchDone = false;
        const el = document.querySelector("#result-count");
        if (!el) throw new Error("the search page has no #result-count");
        new MutationObserver(() => {
          if ((el as HTMLElement).dataset.count) w.searchDone = true;
        }).observe(el, { attributes: true, attributeFilter: ["data-count"] });
      });
      started = Date.now();
      await page.fill("#search-q", query);
      await page
        .waitForFunction(() => (window as unknown as { searchDone: boolean }).searchDone, undefined, {
          timeout: 60_000,
          polling: 20,
        })
        .catch((e: Error) => {
          throw new Error(
            `search for "${query}" showed no results within 60 s${pageErrors.length ? `; page errors: ${pageErrors.join("; ")}` : ""}: ${e.message}`,
          );
        });
      const ms = Date.now() - started;
      await responses.quiet();
      const results = ((await page.locator("#result-count").textContent()) ?? "").trim();
      return { query, ms, results, ...(await responses.take()) };
    };
    const first = await search(queries[0]);
    const second = await search(queries[1]);
    const pagefindBytes = bytesOf(pageLoad.files.filter((f) => f.url.startsWith("/pagefind/")));
    return {
      page: {
        bytes: pageLoad.bytes,
        requests: pageLoad.requests,
        ms: pageLoad.ms,
        pagefindBytes,
        files: pageLoad.files,
      },
      first,
      second,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

// Run on its own: node --import tsx scripts/bench/search.ts DIST "first query" "second query"
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist, q1, q2] = process.argv.slice(2);
  measureSearch(dist ?? "dist", [q1 ?? "example", q2 ?? "trust"]).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
