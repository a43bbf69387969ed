import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPageType, openSite, PAGE_TYPES, watchProblems, type Site } from "./support.ts";

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe("the Content Security Policy holds", () => {
  for (const type of PAGE_TYPES) {
    it(`no violations or script errors on the ${type.name} page`, async () => {
      const page = await site.newPage();
      const problems = watchProblems(page);
      await openPageType(page, site, type);
      await page.waitForLoadState("networkidle");
      expect(problems.csp).toEqual([]);
      // The 404 page's own status shows in the console as a failed load; that is the point of the page.
      expect(problems.errors.filter((e) => !(type.status === 404 && /404/.test(e)))).toEqual([]);
    });
  }

  it("no violations while filtering and sorting a search", async () => {
    const page = await site.newPage();
    const problems = watchProblems(page);
    await page.goto(`${site.url}search/?q=london`);
    await page.getByRole("checkbox", { name: /^Accredited \(/ }).check();
    await page.getByRole("checkbox", { name: /^Pledged \(/ }).check();
    await page.locator("#search-sort").selectOption("name");
    await page.waitForLoadState("networkidle");
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});
