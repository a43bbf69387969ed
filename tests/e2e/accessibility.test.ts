import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPageType, openSite, PAGE_TYPES, type Site } from "./support.ts";

const AXE = resolve("node_modules/axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe("axe-core finds no WCAG 2.2 AA violations", () => {
  for (const type of PAGE_TYPES) {
    for (const width of [360, 1280]) {
      it(`on the ${type.name} page at ${width}px`, async () => {
        const page = await site.newPage({ bypassCSP: true, width });
        await openPageType(page, site, type);
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async (tags) => {
          const axe = (
            window as unknown as {
              axe: {
                run: (
                  ctx: Document,
                  o: object,
                ) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }>;
              };
            }
          ).axe;
          const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
          return result.violations.map(
            (v) =>
              `${v.id}: ${v.help} — ${v.nodes
                .map((n) => n.target.join(" "))
                .slice(0, 5)
                .join(", ")}`,
          );
        }, TAGS);
        expect(violations).toEqual([]);
      });
    }
  }

  it("the submit form's error summary and messages pass too", async () => {
    const page = await site.newPage({ bypassCSP: true });
    await page.goto(`${site.url}submit/`);
    await page.getByRole("button", { name: "Check and make the file" }).click();
    await page.locator("#error-summary:not([hidden])").waitFor();
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async (tags) => {
      const axe = (
        window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string }[] }> } }
      ).axe;
      return (await axe.run(document, { runOnly: { type: "tag", values: tags } })).violations.map((v) => v.id);
    }, TAGS);
    expect(violations).toEqual([]);
  });
});
