/**
 * The search box in every page's header, in Chromium against the built site: suggestions as you type from an
 * employer page, by keyboard alone, accessible with the list open, within the Content Security Policy, and a plain
 * form to /search/ without JavaScript.
 */
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSite, watchProblems, type Site } from "./support.ts";

const AXE = resolve("node_modules/axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

const box = (page: Page) => page.getByRole("combobox", { name: "Find an employer or place" });
const suggestions = (page: Page) => page.locator("#site-search-list [role=option] .suggestion-name");

/** Types `query` into the header box key by key, as a reader would, and waits for the list to answer it. */
async function typeQuery(page: Page, query: string): Promise<string[]> {
  await box(page).fill("");
  await box(page).pressSequentially(query, { delay: 20 });
  await page.waitForFunction(
    (q) => {
      const status = document.getElementById("site-search-status")?.textContent ?? "";
      return (document.getElementById("site-search-q") as HTMLInputElement).value === q && /suggestion/i.test(status);
    },
    query,
    { timeout: 10_000 },
  );
  return suggestions(page).allTextContents();
}

describe("the header search box with JavaScript", () => {
  it.each([
    ["kpgm", "KPMG", "kpmg"],
    ["hethrow", "Heathrow Airport", "heathrow-airport"],
    ["price waterhouse", "PricewaterhouseCoopers", "pricewaterhousecoopers"],
    ["standerd charterd", "Standard Chartered", "standard-chartered"],
    ["brtish library", "British Library", "british-library"],
  ])(
    "from an employer page, %s suggests %s among the first three, and Down then Enter opens its page",
    async (query, name, slug) => {
      const page = await site.newPage();
      await page.goto(`${site.url}employers/barclays/`);
      const shown = await typeQuery(page, query);
      const at = shown.slice(0, 3).indexOf(name);
      expect(at, `suggestions for "${query}": ${shown.join(", ")}`).toBeGreaterThanOrEqual(0);
      for (let i = 0; i <= at; i++) await page.keyboard.press("ArrowDown");
      await expect.poll(() => box(page).getAttribute("aria-activedescendant")).toBe(`site-search-option-${at}`);
      await Promise.all([page.waitForURL(`**/employers/${slug}/`), page.keyboard.press("Enter")]);
      expect(await page.locator("h1").textContent()).toBe(name);
    },
  );

  it("works by keyboard alone: Tab reaches the box, arrows move, Escape closes then clears, Enter searches", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}employers/kpmg/`);
    // The skip link comes first, then the site's name, then the box.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("site-search-q");
    await page.keyboard.type("london", { delay: 20 });
    await expect.poll(() => suggestions(page).count()).toBeGreaterThan(1);
    expect(await box(page).getAttribute("aria-expanded")).toBe("true");
    expect(await page.locator("#site-search-status").textContent()).toMatch(/^\d+ suggestions?\./);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    expect(await box(page).getAttribute("aria-activedescendant")).toBe("site-search-option-0");
    expect(await page.locator("#site-search-option-0").getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("Escape");
    expect(await box(page).getAttribute("aria-expanded")).toBe("false");
    expect(await page.locator("#site-search-list").isHidden()).toBe(true);
    expect(await box(page).inputValue()).toBe("london");
    await page.keyboard.press("Escape");
    expect(await box(page).inputValue()).toBe("");
    await page.keyboard.type("zqxv", { delay: 20 });
    await expect
      .poll(() => page.locator("#site-search-status").textContent())
      .toBe("No suggestions. Press Enter to search.");
    await Promise.all([page.waitForURL("**/search/?q=zqxv"), page.keyboard.press("Enter")]);
  });

  it("a place's name suggests its browse page", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}figures/`);
    expect(await typeQuery(page, "hackny")).toContain("Hackney");
    await page.locator("#site-search-list [role=option]", { hasText: "Hackney" }).first().click();
    await page.waitForURL("**/employers/area/hackney/");
  });

  it("axe finds nothing on the header box with the list open, and the policy is not broken", async () => {
    const page = await site.newPage({ bypassCSP: true });
    await page.goto(`${site.url}employers/barclays/`);
    await typeQuery(page, "london");
    await page.keyboard.press("ArrowDown");
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async (tags) => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              ctx: object,
              o: object,
            ) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run({ include: [".site-header"] }, { runOnly: { type: "tag", values: tags } });
      return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }, TAGS);
    expect(violations).toEqual([]);

    const strict = await site.newPage();
    const problems = watchProblems(strict);
    await strict.goto(`${site.url}employers/barclays/`);
    await typeQuery(strict, "kpgm");
    await strict.waitForLoadState("networkidle");
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});

describe("the header search box without JavaScript", () => {
  it("is a labelled form that submits the query to /search/", async () => {
    const page = await site.newPage({ javaScriptEnabled: false });
    await page.goto(`${site.url}employers/barclays/`);
    const input = page.getByLabel("Find an employer or place");
    expect(await input.getAttribute("role")).toBeNull();
    await input.fill("price waterhouse");
    await Promise.all([page.waitForURL("**/search/?q=price+waterhouse"), input.press("Enter")]);
    expect(await page.locator("#search-nojs").isVisible()).toBe(true);
  });
});
