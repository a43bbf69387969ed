/**
 * A buyer looking for a Living Wage contractor: an employer added with `lwd employer add --service cleaning` is
 * listed on /employers/service/cleaning/, and the same service in its borough is one static address away
 * (/employers/service/cleaning-in-camden/), reached from the service's page without JavaScript.
 */
import { join } from "node:path";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { serveStatic } from "../../scripts/build/serve.ts";
import { buildSite } from "../fixtures/hostile/site.ts";
import { lwd, removeTempDirs, tempDir } from "../fixtures/hostile/support.ts";
import { CHROMIUM_ARGS } from "../../scripts/bench/search.ts";
import { CHROMIUM_PATH } from "./support.ts";

let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  const dir = tempDir("lwd-services-");
  const dbPath = join(dir, "lwd.sqlite");
  const run = (args: string[]) => {
    const r = lwd(dbPath, args);
    if (r.code !== 0) throw new Error(`lwd ${args.join(" ")} failed: ${r.stderr}`);
  };
  run(["contributor", "add", "sam", "--name", "Sam Staff", "--role", "staff"]);
  run([
    "employer",
    "add",
    "--name",
    "Fictional Cleaners Ltd",
    "--sector",
    "N",
    "--area",
    "Camden",
    "--service",
    "cleaning",
    "--as",
    "sam",
  ]);
  run([
    "event",
    "add",
    "fictional-cleaners-ltd",
    "--event",
    "accredited",
    "--date",
    "2024-03-03",
    "--source",
    "https://example.org/fictional/cleaners",
    "--as",
    "sam",
  ]);
  run([
    "employer",
    "add",
    "--name",
    "Fictional Guards Ltd",
    "--sector",
    "N",
    "--area",
    "Hackney",
    "--service",
    "security",
    "--as",
    "sam",
  ]);
  const dist = join(dir, "dist");
  buildSite(dbPath, dist);
  ({ server, url } = await serveStatic(dist, 0));
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}, 600_000);
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(() => ok(undefined)));
  removeTempDirs();
});

describe("a buyer browsing by service", () => {
  it("finds the cleaning contractor on the cleaning page, and in Camden in one more click, without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    const response = await page.goto(`${url}employers/service/cleaning/`);
    expect(response?.status()).toBe(200);
    await expect(page.locator("h1").innerText()).resolves.toBe("Cleaning: employers that sell it");
    const list = page.locator("main");
    await expect(list.innerText()).resolves.toContain("Fictional Cleaners Ltd");
    await expect(list.innerText()).resolves.not.toContain("Fictional Guards Ltd");
    await page.getByRole("link", { name: "Camden" }).click();
    expect(new URL(page.url()).pathname).toBe("/employers/service/cleaning-in-camden/");
    await expect(page.locator("h1").innerText()).resolves.toBe("Cleaning: employers in Camden");
    await expect(page.locator("main").innerText()).resolves.toContain("Fictional Cleaners Ltd");
    await page.goto(`${url}employers/`);
    await expect(page.locator(".browse-links").innerText()).resolves.toContain("Cleaning (1)");
    await context.close();
  });

  it("the contractor's own page names the services it sells, each linking to the others that sell it", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${url}employers/fictional-cleaners-ltd/`);
    const link = page.getByRole("link", { name: "Cleaning", exact: true });
    await expect(link.getAttribute("href")).resolves.toBe("/employers/service/cleaning/");
    await link.click();
    expect(new URL(page.url()).pathname).toBe("/employers/service/cleaning/");
    await context.close();
  });

  it("the search page offers the services as a filter that narrows the results", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}search/?q=fictional&service=Cleaning`);
    const filter = page.locator('fieldset[data-filter="service"]');
    await expect(filter.innerText()).resolves.toContain("Cleaning");
    await expect(page.locator('input[name="service"][value="Cleaning"]').isChecked()).resolves.toBe(true);
    await page.locator("#search-results li").first().waitFor();
    const results = await page.locator("#search-results").innerText();
    expect(results).toContain("Fictional Cleaners Ltd");
    expect(results).not.toContain("Fictional Guards Ltd");
    await context.close();
  });
});
