/**
 * How fresh the evidence is, on a built employer page: a reader sees the date and source of the newest evidence, is
 * told plainly when it is old without being told of a breach, and sees when a person last changed the record.
 * (accessibility.test.ts runs axe on this page.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSite, type Site } from "./support.ts";

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe("an employer page's evidence", () => {
  for (const width of [360, 1280]) {
    it(`shows Barclays' 2010 evidence as old, its scheme line and no change by a person, at ${width}px`, async () => {
      const page = await site.newPage({ javaScriptEnabled: false, width });
      await page.goto(`${site.url}employers/barclays/`);
      const evidence = page.locator(".evidence");
      await expect(evidence.innerText()).resolves.toContain("Latest evidence: 9 June 2010, london.gov.uk");
      await expect(page.locator(".evidence-old").innerText()).resolves.toMatch(
        /has not been re-confirmed since 9 June 2010.*not evidence that the employer has stopped paying/,
      );
      await expect(page.locator("ul.schemes").innerText()).resolves.toBe(
        "Living Wage accreditation: pledged since 9 June 2010",
      );
      await expect(page.locator("main").innerText()).resolves.toContain(
        "Record not changed by anyone since it was loaded from the published sources.",
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    });
  }

  it("gives the same in the JSON twin", async () => {
    const page = await site.newPage();
    const twin = (await (await page.request.get(`${site.url}employers/barclays.json`)).json()) as {
      latestEvidence: { on: string; sourceUrl: string; isOld: boolean } | null;
      lastChanged: string | null;
      schemes: { scheme: string; status: string; since: string }[];
    };
    expect(twin.latestEvidence?.on).toBe("2010-06-09");
    expect(twin.latestEvidence?.isOld).toBe(true);
    expect(new URL(twin.latestEvidence?.sourceUrl ?? "").hostname).toBe("www.london.gov.uk");
    expect(twin.lastChanged).toBeNull();
    expect(twin.schemes).toEqual([
      { scheme: "living_wage", status: "pledged", since: "2010-06-09", rateArea: "london" },
    ]);
  });
});
