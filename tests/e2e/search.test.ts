import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, openSite, resultCount, type Site } from "./support.ts";

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

  it("forgives a typo Pagefind's stemming does not: “barclais” finds Barclays and says the names are close to it", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=barclais`);
    expect(await resultCount(page)).toBeGreaterThanOrEqual(1);
    expect(await resultNames(page)).toContain("Barclays");
    await expect(page.locator("#result-note").textContent()).resolves.toMatch(/No name matches “barclais” exactly/);
  });

  it("forgives swapped letters early in a word: “barlcays” finds Barclays", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=barlcays`);
    expect(await resultCount(page)).toBeGreaterThanOrEqual(1);
    expect((await resultNames(page))[0]).toBe("Barclays");
  });

  it("finds the Greater London Authority by its other name and a word of its name: “city hall london”", async () => {
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

/** The visible filter options of one filter, as "label (count)". */
const visibleOptions = (page: import("playwright-core").Page, filter: string) =>
  page.locator(`fieldset[data-filter=${filter}] label:visible`).allTextContents();
/** The count an option shows, read from its label. */
const optionCount = async (page: import("playwright-core").Page, filter: string, value: string) => {
  const text = await page.locator(`fieldset[data-filter=${filter}] input[value="${value}"] + label`).textContent();
  return Number(/\(([\d,]+)\)$/.exec(text?.trim() ?? "")?.[1]?.replace(/,/g, ""));
};
/** Waits for a search other than the one whose count was `before` to be shown, and returns its count. */
const nextCount = async (page: import("playwright-core").Page, before: string) => {
  await page.waitForFunction((b) => {
    const el = document.querySelector("#result-count");
    return !!el?.getAttribute("data-count") && el.textContent !== b;
  }, before);
  return resultCount(page);
};

describe("results put names first", () => {
  it("“london” lists the employers named London first, then the others in London, and offers employers in London as a filter", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=london`);
    const n = await resultCount(page);
    const names = await resultNames(page);
    const named = names.filter((name) => /london/i.test(name));
    expect(named.length).toBeGreaterThan(0);
    expect(names.slice(0, named.length)).toEqual(named);
    expect(names.length).toBeGreaterThan(named.length);

    const offer = page.getByRole("link", { name: /^employers in London \([\d,]+\)$/ });
    const offered = Number(/\(([\d,]+)\)/.exec((await offer.textContent()) ?? "")?.[1]?.replace(/,/g, ""));
    expect(offered).toBe(n);
    const before = (await page.locator("#result-count").textContent()) ?? "";
    await offer.click();
    expect(await nextCount(page, before)).toBe(offered);
    expect(new URL(page.url()).searchParams.getAll("area")).toEqual(["London"]);
    expect(new URL(page.url()).searchParams.get("q")).toBeNull();
    await expect(
      page
        .getByRole("checkbox", { name: /^London \(/ })
        .first()
        .isChecked(),
    ).resolves.toBe(true);
  });

  it("“mayor of london” finds the Greater London Authority first", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=${encodeURIComponent("mayor of london")}`);
    expect(await resultCount(page)).toBeGreaterThanOrEqual(1);
    expect((await resultNames(page))[0]).toBe("Greater London Authority");
  });

  it("a whole name comes before names that only start with the words: “gla” finds the Greater London Authority first", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=gla`);
    await resultCount(page);
    expect((await resultNames(page))[0]).toBe("Greater London Authority");
  });

  it("“barcleys” finds Barclays and never shows a cut-off word as what was matched", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=barcleys`);
    expect(await resultCount(page)).toBeGreaterThanOrEqual(1);
    expect((await resultNames(page))[0]).toBe("Barclays");
    const text = (await page.locator("#search-results").innerText()).toLowerCase();
    const barcWords = text.match(/\bbarc\p{L}*/gu) ?? [];
    expect(barcWords.length).toBeGreaterThan(0);
    for (const word of barcWords) expect(["barcleys", "barclays"]).toContain(word);
  });
});

describe("close spellings come from the suggestion index when Pagefind finds no name", () => {
  for (const [query, name] of <[string, string][]>[
    ["kpgm", "KPMG"],
    ["hethrow", "Heathrow Airport"],
    ["price waterhouse", "PricewaterhouseCoopers"],
  ]) {
    it(`“${query}” lists ${name} first and says the names are close to it`, async () => {
      const page = await site.newPage();
      await page.goto(`${site.url}search/?q=${encodeURIComponent(query)}`);
      expect(await resultCount(page)).toBeGreaterThanOrEqual(1);
      expect((await resultNames(page))[0]).toBe(name);
      await expect(page.locator("#result-note").textContent()).resolves.toBe(
        `No name matches “${query}” exactly; these are the names closest to it.`,
      );
    });
  }
});

describe("a search that finds nothing is not a dead end", () => {
  for (const query of ["Qwxz Zyxw Bakery", "xqzzy"])
    it(`says “Did you mean …” with the nearest names, each a link to its page: “${query}”`, async () => {
      const page = await site.newPage();
      await page.goto(`${site.url}search/?q=${encodeURIComponent(query)}`);
      expect(await resultCount(page)).toBe(0);
      const offer = page.locator("#did-you-mean");
      await offer.waitFor({ state: "visible" });
      await expect(offer.textContent()).resolves.toMatch(/^Did you mean .+\?$/);
      const links = offer.getByRole("link");
      expect(await links.count()).toBeGreaterThanOrEqual(1);
      const href = (await links.first().getAttribute("href")) ?? "";
      expect(href).toMatch(/^\/employers\/[a-z0-9-]+\/$/);
    });

  it("offers the browse pages and a link to tell us about the employer, with the name filled in", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=${encodeURIComponent("Qwxz Zyxw Bakery")}`);
    expect(await resultCount(page)).toBe(0);
    await expect(page.locator("#result-count").textContent()).resolves.toBe("No employers found.");
    await expect(page.getByRole("link", { name: "browse the directory A to Z" }).isVisible()).resolves.toBe(true);
    const link = page.getByRole("link", { name: "Tell us about this employer" });
    await expect(link.isVisible()).resolves.toBe(true);
    await link.click();
    await page.waitForURL(/\/submit\/\?name=/);
    await expect(page.getByLabel("Employer name").inputValue()).resolves.toBe("Qwxz Zyxw Bakery");
  });
});

describe("filters", () => {
  it("on a wide screen the filters stand open with the whole directory's counts, and none shows 0", async () => {
    const page = await site.newPage({ width: 1280 });
    await page.goto(`${site.url}search/`);
    await page.locator("#result-count:not(:empty)").waitFor();
    await expect(page.getByRole("checkbox", { name: /^Accredited \(\d+\)$/ }).isVisible()).resolves.toBe(true);
    const options = await page.locator(".filter-options label:visible").allTextContents();
    expect(options.length).toBeGreaterThan(5);
    for (const o of options) expect(o).not.toMatch(/\(0\)$/);
  });

  it("hides options with no results for the search unless chosen", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=barclays`);
    await resultCount(page);
    const areas = await visibleOptions(page, "area");
    expect(areas.length).toBeGreaterThan(0);
    expect(areas.some((a) => a.startsWith("Camden"))).toBe(false);
    for (const a of areas) expect(a).not.toMatch(/\(0\)$/);

    const chosen = await site.newPage();
    await chosen.goto(`${site.url}search/?q=barclays&area=Camden`);
    expect(await resultCount(chosen)).toBe(0);
    await expect(chosen.getByRole("checkbox", { name: /^Camden \(0\)$/ }).isChecked()).resolves.toBe(true);
  });

  it("several options in one filter add up (OR); options in two filters narrow each other (AND)", async () => {
    const page = await site.newPage();
    const count = async (query: string) => {
      await page.goto(`${site.url}search/?${query}`);
      return resultCount(page);
    };
    const camden = await count("area=Camden");
    const hamlets = await count("area=Tower+Hamlets");
    expect(camden).toBeGreaterThan(0);
    expect(hamlets).toBeGreaterThan(0);
    expect(await count("area=Camden&area=Tower+Hamlets")).toBe(camden + hamlets);

    const london = await count("area=London");
    const accredited = await count("status=Accredited");
    const both = await count("area=London&status=Accredited");
    expect(both).toBeGreaterThan(0);
    expect(both).toBeLessThan(Math.min(london, accredited));
    const badges = await page.locator("#result-list .badge").allTextContents();
    expect(new Set(badges)).toEqual(new Set(["Accredited"]));
    // Each option's count says what choosing it as well would give.
    const pledgedInLondon = await optionCount(page, "status", "Pledged");
    expect(await count("area=London&status=Accredited&status=Pledged")).toBe(both + pledgedInLondon);
  });

  it("keeps every choice in the address, restores it on load, and the back button undoes a choice", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=london`);
    const all = await resultCount(page);
    let shown = (await page.locator("#result-count").textContent()) ?? "";

    await page.getByRole("checkbox", { name: /^Accredited \(/ }).check();
    const accredited = await nextCount(page, shown);
    shown = (await page.locator("#result-count").textContent()) ?? "";
    expect(accredited).toBeLessThan(all);
    expect(new URL(page.url()).searchParams.getAll("status")).toEqual(["Accredited"]);

    await page.getByRole("checkbox", { name: /^Pledged \(/ }).check();
    const either = await nextCount(page, shown);
    expect(either).toBeGreaterThan(accredited);
    expect(new URL(page.url()).searchParams.getAll("status")).toEqual(["Accredited", "Pledged"]);

    const shared = await site.newPage();
    await shared.goto(page.url());
    expect(await resultCount(shared)).toBe(either);
    await expect(shared.getByRole("checkbox", { name: /^Pledged \(/ }).isChecked()).resolves.toBe(true);
    await expect(shared.locator("#search-q").inputValue()).resolves.toBe("london");

    shown = (await page.locator("#result-count").textContent()) ?? "";
    await page.goBack();
    expect(await nextCount(page, shown)).toBe(accredited);
    expect(new URL(page.url()).searchParams.getAll("status")).toEqual(["Accredited"]);
    await expect(page.getByRole("checkbox", { name: /^Pledged \(/ }).isChecked()).resolves.toBe(false);
    await expect(page.getByRole("checkbox", { name: /^Accredited \(/ }).isChecked()).resolves.toBe(true);
  });

  it("on a phone the filters fold under one button that says how many are chosen", async () => {
    const page = await site.newPage({ width: 360, height: 740 });
    await page.goto(`${site.url}search/?q=london&status=Accredited&area=London`);
    await resultCount(page);
    const toggle = page.locator("#filters-panel > summary");
    await expect(toggle.textContent()).resolves.toBe("Filters (2 chosen)");
    const accredited = page.getByRole("checkbox", { name: /^Accredited \(/ });
    await expect(accredited.isVisible()).resolves.toBe(false);
    await toggle.click();
    await expect(accredited.isVisible()).resolves.toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
  });

  it("a keyboard alone can choose a filter", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=london`);
    await resultCount(page);
    const shown = (await page.locator("#result-count").textContent()) ?? "";
    await page.locator("#search-q").focus();
    const onAccredited = () =>
      page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value === "Accredited");
    for (let i = 0; i < 10 && !(await onAccredited()); i++) await page.keyboard.press("Tab");
    expect(await onAccredited()).toBe(true);
    await page.keyboard.press("Space");
    await nextCount(page, shown);
    expect(new URL(page.url()).searchParams.getAll("status")).toEqual(["Accredited"]);
  });
});

describe("the search page's new parts are accessible", () => {
  it("a keyboard can pass the filters in one step to reach the results", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}search/?q=london`);
    await resultCount(page);
    await page.locator("#search-q").focus();
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? "");
    for (let i = 0; i < 5 && (await focusedText()) !== "Skip the filters to the results"; i++)
      await page.keyboard.press("Tab");
    expect(await focusedText()).toBe("Skip the filters to the results");
    await page.keyboard.press("Enter");
    const inResults = () => page.evaluate(() => !!document.activeElement?.closest("#result-list"));
    for (let i = 0; i < 3 && !(await inResults()); i++) await page.keyboard.press("Tab");
    expect(await inResults()).toBe(true);
  });

  it("axe finds nothing with the filters unfolded on a phone", async () => {
    const page = await site.newPage({ width: 360, height: 740, bypassCSP: true });
    await page.goto(`${site.url}search/?q=london&status=Accredited`);
    await resultCount(page);
    await page.locator("#filters-panel > summary").click();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("axe finds nothing on a search that finds nothing", async () => {
    const page = await site.newPage({ bypassCSP: true });
    await page.goto(`${site.url}search/?q=qwxzzy`);
    await resultCount(page);
    expect(await axeViolations(page)).toEqual([]);
  });
});
