/**
 * Bytes and time of the header box's suggestions, in Chromium, as a reader sees them: a page is opened, then a query
 * is typed key by key into the header box. Bytes are each response's headers and body as sent by a server that gzips
 * text, as static hosts do, counted from the first key: up to the first suggestion shown, and up to the list that
 * answers the whole query. Then, with the shards loaded, the time from the query's last key to its suggestions.
 */
import { bytesOf, CHROMIUM, CHROMIUM_ARGS, countResponses, serveGzip } from "./search.ts";

export interface SuggestMeasure {
  query: string;
  /** The page the query is typed on (its own load is not counted). */
  page: string;
  /** From the first key to the first suggestion on screen. */
  first: { bytes: number; requests: number; ms: number; suggestion: string };
  /** From the first key to the suggestions for the whole query, once the network is quiet. */
  whole: { bytes: number; requests: number; suggestions: string[]; files: { url: string; bytes: number }[] };
  /** With the shards loaded: from the last key to its suggestions on screen (median of five). */
  loadedMs: number;
}

/** Opens `pagePath` and types `query` into the header search box, measuring as above. */
export async function measureSuggest(distDir: string, pagePath: string, query: string): Promise<SuggestMeasure> {
  const { chromium } = await import("playwright-core");
  const { server, url } = await serveGzip(distDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    // From the first key: the page's own load is not counted.
    const responses = countResponses(page, url, { startNow: false });

    await page.goto(`${url}${pagePath}`, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    const box = page.locator("#site-search-q");
    await box.focus();
    // The first option on screen, noted by the page itself so no polling delay is counted.
    await page.evaluate(() => {
      const w = window as unknown as { firstShown: number };
      const list = document.getElementById("site-search-list");
      if (!list) throw new Error("the page has no header search list");
      w.firstShown = 0;
      new MutationObserver(() => {
        if (!w.firstShown && list.querySelector("[role=option]")) w.firstShown = performance.now();
      }).observe(list, { childList: true });
    });
    responses.start();
    const started = await page.evaluate(() => performance.now());
    let firstAt = -1;
    for (const key of query) {
      await page.keyboard.type(key);
      await page.waitForTimeout(60);
      if (firstAt < 0 && (await page.evaluate(() => (window as unknown as { firstShown: number }).firstShown)))
        firstAt = (await responses.counted()).length;
    }
    await page
      .waitForFunction(() => /suggestion/i.test(document.getElementById("site-search-status")?.textContent ?? ""), {
        timeout: 30_000,
      })
      .catch((e: Error) => {
        throw new Error(
          `no suggestions for "${query}" within 30 s${pageErrors.length ? `; page errors: ${pageErrors.join("; ")}` : ""}: ${e.message}`,
        );
      });
    await responses.quiet();
    const log = await responses.counted();
    responses.stop();
    const firstShown = await page.evaluate(() => (window as unknown as { firstShown: number }).firstShown);
    const names = await page.locator("#site-search-list [role=option] .suggestion-name").allTextContents();
    const firstFiles = firstAt < 0 ? log : log.slice(0, firstAt);

    // With every shard loaded: the last key of the query again, timed in the page from the key to the list.
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await box.fill(query.slice(0, -1));
      await page.waitForTimeout(100);
      const ms = await page.evaluate(
        (last) =>
          new Promise<number>((ok) => {
            const list = document.getElementById("site-search-list") as HTMLElement;
            const input = document.getElementById("site-search-q") as HTMLInputElement;
            const t0 = performance.now();
            new MutationObserver((_, observer) => {
              if (list.querySelector("[role=option]")) {
                observer.disconnect();
                ok(performance.now() - t0);
              }
            }).observe(list, { childList: true });
            input.value += last;
            input.dispatchEvent(new Event("input", { bubbles: true }));
          }),
        query.slice(-1),
      );
      times.push(ms);
    }
    times.sort((a, b) => a - b);

    return {
      query,
      page: pagePath,
      first: {
        bytes: bytesOf(firstFiles),
        requests: firstFiles.length,
        ms: firstShown ? Math.round(firstShown - started) : -1,
        suggestion: names[0] ?? "",
      },
      whole: { bytes: bytesOf(log), requests: log.length, suggestions: names, files: log },
      loadedMs: Math.round((times[2] ?? 0) * 10) / 10,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

// Run on its own: node --import tsx scripts/bench/suggest.ts DIST "query" [/page/]
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist, query, pagePath] = process.argv.slice(2);
  measureSuggest(dist ?? "dist", pagePath ?? "/about/", query ?? "kpgm").then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
