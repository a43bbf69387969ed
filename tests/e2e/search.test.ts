import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSite, resultCount, type Site } from "./support.ts";

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

const resultNames = (page: import("playwright-core").Page) =>
  page.locator("#result-list .employer-name").allTextContents();

describe("search", () => {
  it("finds Barclays by name and reaches its page", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}employers/`);
    await page.getByLabel("Search employers by name").fill("Barclays");
    await page.getByRole("main").getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/search\/\?q=Barclays/);
    expect(await resultCount(page)).toBeGreaterThanOrEqual(1);
    await page.locator("#result-list a", { hasText: "Barclays" }).first().click();
    await page.waitForURL(/\/employers\/barclays\/$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Barclays");
    await expect(page.locator(".verdict-sentence").textContent()).resolves.toMatch(
      /since \d{1,2} [A-Z][a-z]+ \d{4} — London rate/,
    );
  });

  it("forgives a typo: “barclys” finds Barclays", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=barclys`);
    expect(await resultCount(page)).toBeGreaterThanOrEqual(1);
    expect((await resultNames(page))[0]).toBe("Barclays");
  });

  it("forgives a typo Pagefind's stemming does not: “barclais” finds Barclays and says what it searched for", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=barclais`);
    expect(await resultCount(page)).toBeGreaterThanOrEqual(1);
    expect(await resultNames(page)).toContain("Barclays");
    await expect(page.locator("#result-note").textContent()).resolves.toMatch(/No exact match for “barclais”/);
  });

  it("forgives swapped letters early in a word: “barlcays” finds Barclays", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=barlcays`);
    expect(await resultCount(page)).toBeGreaterThanOrEqual(1);
    expect((await resultNames(page))[0]).toBe("Barclays");
  });

  it("finds the Greater London Authority by its other name and place: “city hall london”", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=${encodeURIComponent("city hall london")}`);
    expect(await resultCount(page)).toBeGreaterThanOrEqual(1);
    expect((await resultNames(page))[0]).toBe("Greater London Authority");
  });

  it("shows each result's status as a labelled badge", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=heathrow`);
    await resultCount(page);
    await expect(page.locator("#result-list .badge").first().textContent()).resolves.toBe("Accredited");
  });

  it("a filter changes the count and the URL, and loading that URL gives the same count", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=london`);
    const before = await resultCount(page);
    await page.locator("#filters-panel > summary").click();
    await expect
      .poll(() => page.locator("#filter-status option[value=Pledged]").textContent())
      .toMatch(/^Pledged \(\d+\)$/);
    await page.locator("#filter-status").selectOption("Accredited");
    await page.waitForFunction((n) => {
      const c = document.querySelector("#result-count")?.getAttribute("data-count");
      return c !== "" && c !== null && Number(c) !== n;
    }, before);
    const after = await resultCount(page);
    expect(after).not.toBe(before);
    expect(after).toBeGreaterThan(0);
    const url = page.url();
    expect(new URL(url).searchParams.get("status")).toBe("Accredited");
    expect(new URL(url).searchParams.get("q")).toBe("london");

    const shared = await site.newPage();
    await shared.goto(url);
    expect(await resultCount(shared)).toBe(after);
    await expect(shared.locator("#filter-status").inputValue()).resolves.toBe("Accredited");
  });

  it("each filter option shows how many employers it would give with the rest of the search", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=london&rate=London`);
    await resultCount(page);
    const options = await page.locator("#filter-status option").allTextContents();
    const pledged = Number(/\((\d+)\)/.exec(options.find((o) => o.startsWith("Pledged")) ?? "")?.[1]);
    const check = await site.newPage();
    await check.goto(`${site.url}search/?q=london&rate=London&status=Pledged`);
    expect(await resultCount(check)).toBe(pledged);
  });

  it("filters alone, with no name, list the employers in that group, sorted by name when asked", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?status=Accredited&sort=name`);
    const n = await resultCount(page);
    expect(n).toBeGreaterThan(0);
    const names = await resultNames(page);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
  });

  it("keyboard alone can search and open a result", async () => {
    const page = await site.newPage();
    await page.goto(site.url);
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
    for (let i = 0; i < 25 && (await focusedId()) !== "home-search-q"; i++) await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("home-search-q");
    await page.keyboard.type("barclays");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\/\?q=barclays/);
    await resultCount(page);
    const inResults = () => page.evaluate(() => !!document.activeElement?.closest("#result-list"));
    for (let i = 0; i < 40 && !(await inResults()); i++) await page.keyboard.press("Tab");
    expect(await inResults()).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/employers\/barclays\/$/);
  });
});
