/**
 * Places in the built site, without JavaScript: the tile-grid maps of accredited employers on the home page and the
 * figures pages, and an area's own figures, chart and citation on its browse page.
 */
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSite, type Site } from "./support.ts";

const AXE = resolve("node_modules/axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

/** axe-core's WCAG 2.2 AA violations on the page, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Document, o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, TAGS);
}

const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("the maps of places on the home page", () => {
  it("has a tile linking to every area's page, London's 33 boroughs and the UK's 11 nations and regions", async () => {
    const page = await site.newPage({ javaScriptEnabled: false });
    await page.goto(site.url);
    const london = page.getByRole("figure", { name: /London boroughs: accredited employers on/ });
    const uk = page.getByRole("figure", { name: /Nations and regions of the UK outside London/ });
    await expect(london.locator("svg a").count()).resolves.toBe(33);
    await expect(uk.locator("svg a").count()).resolves.toBe(11);
    // Each tile says its area, short name and count; following its link opens that area's page.
    const tiles = await page.locator(".area-maps svg a").evaluateAll((links) =>
      links.map((a) => ({
        href: a.getAttribute("href") ?? "",
        label: a.getAttribute("aria-label") ?? "",
        text: a.textContent?.replace(/\s+/g, " ").trim() ?? "",
      })),
    );
    for (const tile of tiles) {
      const [, name, short, count] = /^(.+), (\w+): (\d[\d,]*) accredited employers?$/.exec(tile.label) ?? [];
      expect(name, tile.label).toBeTruthy();
      expect(tile.text).toBe(`${short} ${count}`);
      const response = await page.request.get(new URL(tile.href, site.url).href);
      expect(response.status(), tile.href).toBe(200);
      expect(await response.text()).toContain(`<h1>Employers in ${name}</h1>`);
    }
    expect(tiles.find((t) => t.label.startsWith("Camden,"))?.href).toMatch(/\/employers\/area\/camden\/$/);
  });

  it("gives each map a name, a legend and a table twin with the same counts", async () => {
    const page = await site.newPage({ javaScriptEnabled: false });
    await page.goto(site.url);
    for (const id of ["map-london", "map-uk"]) {
      const figure = page.locator(`figure:has(#${id}-title)`);
      await expect(figure.locator("svg title").textContent()).resolves.toMatch(/^Tile map of /);
      await expect(figure.locator("svg desc").textContent()).resolves.toMatch(/accredited employers? in all on/);
      await expect(figure.locator(".legend li").count()).resolves.toBeGreaterThan(1);
      await figure.getByText("Show this map as a table").click();
      const rows = await figure
        .locator("table tbody tr")
        .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent?.trim() ?? "")));
      const tiles = await figure
        .locator("svg a")
        .evaluateAll((links) =>
          links.map((a) => (a.getAttribute("aria-label") ?? "").replace(/ accredited employers?$/, "")),
        );
      expect(rows.map(([name, short, count]) => `${name}, ${short}: ${count}`).sort()).toEqual(tiles.sort());
      await expect(figure.locator("table tbody a").count()).resolves.toBe(tiles.length);
    }
  });

  it("is readable at 360px: no sideways scrolling, and the tiles' text no smaller than 12px", async () => {
    const page = await site.newPage({ javaScriptEnabled: false, width: 360 });
    await page.goto(site.url);
    expect(await noHorizontalScroll(page)).toBe(true);
    const smallest = await page
      .locator(".area-maps svg")
      .evaluateAll((svgs) =>
        Math.min(
          ...svgs.flatMap((svg) =>
            Array.from(svg.querySelectorAll("tspan")).map((t) => t.getBoundingClientRect().height),
          ),
        ),
      );
    expect(smallest).toBeGreaterThanOrEqual(12);
    expect(await page.locator(".area-maps svg").first().isVisible()).toBe(true);
  });

  it("is reached by keyboard, and the focused tile is outlined", async () => {
    const page = await site.newPage({ javaScriptEnabled: false });
    await page.goto(site.url);
    let label = "";
    for (let i = 0; i < 60 && !label.startsWith("Enfield"); i++) {
      await page.keyboard.press("Tab");
      label = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
    }
    expect(label).toMatch(/^Enfield, ENF: /);
    const stroke = await page.evaluate(() => {
      const rect = document.activeElement?.querySelector("rect");
      return rect ? getComputedStyle(rect).strokeWidth : "";
    });
    expect(parseFloat(stroke)).toBeGreaterThanOrEqual(5);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/employers\/area\/enfield\/$/);
  });

  for (const width of [360, 1280]) {
    it(`passes axe-core at ${width}px`, async () => {
      const page = await site.newPage({ bypassCSP: true, width });
      await page.goto(site.url);
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

describe("the maps on the figures pages", () => {
  it("are on /figures/ and on a year page, counted at that year's end", async () => {
    const page = await site.newPage({ javaScriptEnabled: false });
    await page.goto(`${site.url}figures/`);
    await expect(page.locator("#by-area .area-maps svg").count()).resolves.toBe(2);
    await page.goto(`${site.url}figures/2020/`);
    const title = page.locator("#map-london-title");
    await expect(title.innerText()).resolves.toBe("London boroughs: accredited employers on 31 December 2020");
    await expect(title.locator("time").getAttribute("datetime")).resolves.toBe("2020-12-31");
  });
});

describe("an area's page for local reporting", () => {
  it("shows the area's figures, the same count as its map tile, a chart, and a sentence to cite", async () => {
    const page = await site.newPage({ javaScriptEnabled: false, width: 360 });
    await page.goto(site.url);
    const tile = (await page.locator('svg a[aria-label^="Newham,"]').getAttribute("aria-label")) ?? "";
    const mapCount = Number(/: (\d+) accredited/.exec(tile)?.[1]);

    await page.goto(`${site.url}employers/area/newham/`);
    await expect(page.locator("h2#area-figures-heading").innerText()).resolves.toMatch(/^Newham in figures on /);
    const accredited = await page.locator('[data-figure="accredited-employers"]').innerText();
    expect(Number(accredited.replace(/,/g, ""))).toBe(mapCount);
    await expect(page.locator('[data-figure="pledged-employers"]').count()).resolves.toBe(1);

    const sentence = await page.locator(".area-figures .sentence").innerText();
    expect(sentence).toMatch(
      new RegExp(
        `^As of \\d{1,2} [A-Z][a-z]+ \\d{4}, the Living Wage Directory records ${mapCount} accredited living-wage employers? in Newham and \\d+ more`,
      ),
    );
    const cite = page.locator(".area-figures > details.cite");
    await cite.locator("summary").click();
    await expect(cite.locator(".cite-full").innerText()).resolves.toMatch(
      /“Headline figures, Newham”, as of .*\/employers\/area\/newham\/#figures$/,
    );

    const chart = page.getByRole("img", { name: /Accredited and pledged employers in Newham, month by month/ });
    await expect(chart.first().isVisible()).resolves.toBe(true);
    const csv = await page.request.get(
      new URL((await page.getByText("Download the data behind this chart (CSV)").getAttribute("href")) ?? "", site.url)
        .href,
    );
    expect(csv.status()).toBe(200);
    const lastRow = (await csv.text()).trim().split("\n").at(-1)?.split(",") ?? [];
    expect(Number(lastRow[2])).toBe(mapCount);

    await expect(page.locator(".area-figures code").innerText()).resolves.toMatch(
      /^npx lwd figures --as-of \d{4}-\d{2}-\d{2} --area E09000025 --json$/,
    );
    expect(await noHorizontalScroll(page)).toBe(true);
  });

  it("passes axe-core at 360px", async () => {
    const page = await site.newPage({ bypassCSP: true, width: 360 });
    await page.goto(`${site.url}employers/area/newham/`);
    expect(await axeViolations(page)).toEqual([]);
  });
});
