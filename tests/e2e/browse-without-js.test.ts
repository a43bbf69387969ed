import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { employerCountInDatabase, openSite, type Site } from "./support.ts";

let site: Site;
let page: Page;
beforeAll(async () => {
  site = await openSite();
  page = await site.newPage({ javaScriptEnabled: false });
});
afterAll(async () => {
  await site?.close();
});

/** Employer pages are /employers/SLUG/; the browse pages under /employers/ have more path segments. */
const EMPLOYER_PAGE = /^\/employers\/[a-z0-9-]+\/$/;
const BROWSE_PAGE = (kind: string) => new RegExp(`^/employers/${kind}/[a-z0-9-]+/$`);

async function links(path: string): Promise<string[]> {
  const response = await page.goto(new URL(path, site.url).href);
  expect(response?.status(), `${path} should exist`).toBe(200);
  return page
    .locator("main a[href]")
    .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/** Follows a list's pagination from its first page; returns the employer pages it links to. */
async function employersListedFrom(first: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue = [first];
  const visited = new Set<string>();
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (visited.has(path)) continue;
    visited.add(path);
    for (const href of await links(path)) {
      if (href.startsWith(`${first}page/`) && !visited.has(href)) queue.push(href);
      else if (EMPLOYER_PAGE.test(href) && !href.startsWith("/employers/page/")) seen.add(href);
    }
  }
  return seen;
}

/** Every group page of a kind, found from the directory, and the employers they list together. */
async function employersAcross(kind: string): Promise<Set<string>> {
  const start = kind === "a-z" ? await links("/employers/") : await links("/employers/#browse");
  const groups = [...new Set(start.filter((h) => BROWSE_PAGE(kind).test(h)))];
  expect(groups.length, `the directory should link to ${kind} pages`).toBeGreaterThan(0);
  const all = new Set<string>();
  for (const g of groups) for (const e of await employersListedFrom(g)) all.add(e);
  return all;
}

describe("browsing with JavaScript turned off", () => {
  it("the directory's pages reach every employer in the database", async () => {
    const expected = await employerCountInDatabase();
    const found = await employersListedFrom("/employers/");
    expect(found.size).toBe(expected);
  });

  for (const kind of ["a-z", "sector", "area", "status", "size"]) {
    it(`the ${kind} pages together reach every employer`, async () => {
      expect((await employersAcross(kind)).size).toBe(await employerCountInDatabase());
    });
  }

  it("each browse page states its count", async () => {
    await page.goto(`${site.url}employers/status/accredited/`);
    await expect(page.locator(".lede").textContent()).resolves.toMatch(/^\s*\d[\d,]* employers?\./);
  });

  it("an employer page opens with its verdict and sources", async () => {
    await page.goto(`${site.url}employers/barclays/`);
    await expect(page.locator(".verdict-sentence").textContent()).resolves.toContain("London rate");
    const source = page.locator(".timeline-source a").first();
    await expect(source.getAttribute("rel")).resolves.toBe("noopener noreferrer");
  });

  it("the search page explains how to browse instead", async () => {
    await page.goto(`${site.url}search/?q=barclays`);
    await expect(page.getByText("Search needs JavaScript").isVisible()).resolves.toBe(true);
    await expect(page.locator(".a-z a").count()).resolves.toBeGreaterThan(0);
  });
});
