/**
 * Every chart's text — tick labels, axis labels, bar labels and counts — lies inside its drawing at phone and
 * desktop widths: a label cut off at the edge misleads as much as a wrong number.
 */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIST, openSite, type Site } from "./support.ts";

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

/** Subfolders of a built folder that hold a page, as site paths. */
function pagesUnder(path: string): string[] {
  return readdirSync(resolve(DIST, path), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `${path}${d.name}/`);
}

const PAGES = [
  "figures/",
  ...pagesUnder("figures/").filter((p) => /^figures\/\d{4}\/$/.test(p)),
  ...pagesUnder("employers/area/"),
];

/** The charts' text that pokes out of its SVG on the page, one line each (empty when all is inside). */
async function textOutside(page: Page, path: string): Promise<{ charts: number; outside: string[] }> {
  await page.goto(site.url + path);
  return page.evaluate(() => {
    const outside: string[] = [];
    // Only the drawing shown at this width: the other one is display:none and has no box.
    const svgs = Array.from(document.querySelectorAll<SVGSVGElement>(".chart-svg svg")).filter(
      (s) => s.getBoundingClientRect().width > 0,
    );
    for (const svg of svgs) {
      const box = svg.getBoundingClientRect();
      for (const text of Array.from(svg.querySelectorAll("text"))) {
        const t = text.getBoundingClientRect();
        if (t.width === 0) continue;
        const slack = 0.5;
        if (t.left < box.left - slack || t.right > box.right + slack || t.top < box.top - slack || t.bottom > box.bottom + slack)
          outside.push(
            `"${text.textContent}" at ${Math.round(t.left - box.left)}..${Math.round(t.right - box.left)} x ` +
              `${Math.round(t.top - box.top)}..${Math.round(t.bottom - box.top)} in ${Math.round(box.width)} x ${Math.round(box.height)}`,
          );
      }
    }
    return { charts: svgs.length, outside };
  });
}

describe("chart labels", () => {
  it("finds the pages with charts", () => {
    expect(PAGES.length).toBeGreaterThan(2);
  });

  for (const width of [360, 1280]) {
    it(`keeps every label of every chart inside its drawing at ${width} px`, async () => {
      const problems: string[] = [];
      let charts = 0;
      const page = await site.newPage({ width, javaScriptEnabled: false });
      for (const path of PAGES) {
        const found = await textOutside(page, path);
        charts += found.charts;
        problems.push(...found.outside.map((o) => `/${path}: ${o}`));
      }
      expect(charts).toBeGreaterThan(PAGES.length / 2);
      expect(problems).toEqual([]);
    });
  }
});
