/** The verdict on an employer's page gives the amount, on a phone and on a wide screen, and passes axe. */
import { resolve } from "node:path";
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

describe("the verdict gives the amount", () => {
  for (const width of [360, 1280]) {
    it(`Heathrow Airport, accredited in London, must pay at least £14.80 an hour, at ${width}px`, async () => {
      const page = await site.newPage({ width, bypassCSP: true });
      await page.goto(`${site.url}employers/heathrow-airport/`);
      const verdict = page.locator(".verdict");
      await expect(verdict.locator(".verdict-sentence").innerText()).resolves.toBe(
        "Accredited Living Wage employer since 6 November 2017 — London rate",
      );
      await expect(verdict.locator(".verdict-pay").innerText()).resolves.toBe(
        "Must pay at least £14.80 an hour, the London Living Wage.",
      );
      // Readable without sideways scrolling: the verdict fits the window.
      const box = await verdict.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(width);
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async (tags) => {
        const axe = (
          window as unknown as {
            axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string }[] }> };
          }
        ).axe;
        return (await axe.run(document, { runOnly: { type: "tag", values: tags } })).violations.map((v) => v.id);
      }, TAGS);
      expect(violations).toEqual([]);
    });

    it(`the GLA's pledge gives its date and the rate in force then, at ${width}px`, async () => {
      const page = await site.newPage({ width });
      await page.goto(`${site.url}employers/greater-london-authority/`);
      await expect(page.locator(".verdict-pay").innerText()).resolves.toBe(
        "When it pledged on 9 June 2010, the London Living Wage was £7.85 an hour.",
      );
    });
  }

  it("the JSON twin carries the same amount", async () => {
    const page = await site.newPage();
    const response = await page.goto(`${site.url}employers/heathrow-airport.json`);
    const twin = (await response?.json()) as { mustPay: unknown; rateThen: unknown };
    expect(twin.mustPay).toMatchObject({ ratePence: 1480, rateArea: "london", next: null });
  });
});
