/**
 * A journalist's path through the built site, without JavaScript and on a phone: read a figure, cite it by its
 * permalink, read the charts, and fetch the data behind them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPLOYER_CSV_COLUMNS } from "../../src/lib/publish.ts";
import { openSite, type Site } from "./support.ts";
import { must } from "../support/must.ts";

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe("a journalist on the figures and data pages", () => {
  it("reads the same accredited figure on the page as in figures.json, without JavaScript on a phone", async () => {
    const page = await site.newPage({ javaScriptEnabled: false, width: 360 });
    await page.goto(`${site.url}figures/`);
    const json = (await (await page.request.get(`${site.url}figures/figures.json`)).json()) as {
      asOf: string;
      accreditedEmployers: number;
    };
    const shown = await page.locator('#accredited-employers [data-figure="accredited-employers"]').innerText();
    expect(Number(shown.replace(/,/g, ""))).toBe(json.accreditedEmployers);
    await expect(page.locator("#accredited-employers time").first().getAttribute("datetime")).resolves.toBe(json.asOf);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  it("opens a figure's Cite this block without JavaScript and follows its permalink to the figure", async () => {
    const page = await site.newPage({ javaScriptEnabled: false, width: 360 });
    await page.goto(`${site.url}figures/`);
    const block = page.locator("#accredited-employers details.cite");
    await block.locator("summary").click();
    const permalink = await block.locator("a").getAttribute("href");
    expect(permalink).toMatch(/\/figures\/#accredited-employers$/);
    await expect(block.locator(".cite-full").innerText()).resolves.toContain(must(permalink, "the permalink"));
    await page.goto(`${site.url}figures/#accredited-employers`);
    expect(await page.evaluate(() => document.querySelector(":target")?.id)).toBe("accredited-employers");
  });

  for (const width of [360, 1280]) {
    it(`sees each chart as a named image with readable text at ${width}px`, async () => {
      const page = await site.newPage({ javaScriptEnabled: false, width });
      await page.goto(`${site.url}figures/`);
      for (const name of [
        /Accredited and pledged employers, month by month/,
        /Accredited employers by sector/,
        /Accredited employers by area/,
      ]) {
        const chart = page.getByRole("img", { name });
        await expect(chart.isVisible()).resolves.toBe(true);
        // Text drawn in the chart must not shrink below about 11 CSS pixels once scaled to the screen.
        const smallest = await chart.evaluate((svg) =>
          Math.min(
            ...Array.from(svg.querySelectorAll("text"))
              .map((t) => t.getBoundingClientRect().height)
              .filter((h) => h > 0),
          ),
        );
        expect(smallest).toBeGreaterThanOrEqual(11);
        const box = must(await chart.boundingBox(), "the chart's box");
        expect(box.x + box.width).toBeLessThanOrEqual(width);
      }
    });
  }

  it("downloads the data behind the page from /data/ in the formats it promises", async () => {
    const page = await site.newPage({ javaScriptEnabled: false, width: 360 });
    await page.goto(`${site.url}data/`);
    const hrefs = await page
      .locator(".downloads a[download]")
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.map((h) => h.split("/").pop())).toEqual([
      "employers.csv",
      "events.csv",
      "rates.csv",
      "employers.json",
      "livingwage.sqlite",
    ]);
    for (const href of hrefs) expect((await page.request.get(href)).status()).toBe(200);
    const csv = await (await page.request.get(must(hrefs[0], "the employers.csv link"))).text();
    expect(csv.split(/\r?\n/)[0]).toBe(EMPLOYER_CSV_COLUMNS.map((c) => c.name).join(","));
    const sqlite = await (await page.request.get(must(hrefs[4], "the livingwage.sqlite link"))).body();
    expect(sqlite.subarray(0, 15).toString("latin1")).toBe("SQLite format 3");
    await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]').getAttribute("href")).resolves.toBe(
      "/feed.xml",
    );
  });
});
