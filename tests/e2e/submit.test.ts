import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSite, type Site } from "./support.ts";

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

const HEADER =
  "name,companies_house_number,sector,size,area,website,event,date,rate_area,hourly_rate,workers_covered,workers_uplifted,source_url,note";

describe("the submission form", () => {
  it("explains every problem in a summary that takes focus, and beside each field", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}submit/`);
    await page.getByLabel("Date it happened").fill("2999-01-01");
    await page.getByLabel("Source web address").fill("ftp://example.org/x");
    await page.getByRole("button", { name: "Check and make the file" }).click();
    const summary = page.locator("#error-summary");
    await summary.waitFor({ state: "visible" });
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("error-summary");
    const items = await page.locator("#error-summary-list li").allTextContents();
    expect(items.join("\n")).toMatch(/Employer name/);
    expect(items.join("\n")).toMatch(/Date is in the future/);
    expect(items.join("\n")).toMatch(/Source web address must be a web address/);
    const source = page.getByLabel("Source web address");
    await expect(source.getAttribute("aria-invalid")).resolves.toBe("true");
    const describedBy = (await source.getAttribute("aria-describedby")) ?? "";
    expect(describedBy.split(" ")).toContain("f-source-error");
    await expect(page.locator("#f-source-error").textContent()).resolves.toMatch(/must be a web address/);
    await expect(page.title()).resolves.toMatch(/^Error: /);
    // A summary link takes the reader to the field.
    await page.locator("#error-summary-list a", { hasText: "Source web address" }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("f-source");
  });

  it("refuses a pay move below the living wage in force, as the importer would", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}submit/`);
    await page.getByLabel("Employer name").fill("Example Bakery Ltd");
    await page.getByLabel("Sector").selectOption({ label: "Accommodation and food service activities" });
    await page.getByLabel("Area", { exact: true }).selectOption({ label: "Hackney" });
    await page.getByLabel("Event").selectOption("rate_implemented");
    await page.getByLabel("Date it happened").fill("2024-06-01");
    await page.getByLabel("Hourly rate in pounds (for a move to a new rate)").fill("7.00");
    await page.getByLabel("Source web address").fill("https://example.org/news");
    await page.getByRole("button", { name: "Check and make the file" }).click();
    await expect(page.locator("#f-rate-error").textContent()).resolves.toMatch(/below the London Living Wage/);
  });

  it("turns a valid entry into a one-row CSV in the import template's format", async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}submit/`);
    await page.getByLabel("Employer name").fill("Example Bakery, Ltd");
    await page.getByLabel("Sector").selectOption({ label: "Accommodation and food service activities" });
    await page.getByLabel("Area", { exact: true }).selectOption({ label: "Hackney" });
    await page.getByLabel("Date it happened").fill("01/05/2024");
    await page.getByLabel("Workers covered (optional)").fill("25");
    await page.getByLabel("Source web address").fill("https://example.org/news");
    await page.getByLabel("Note (optional)").fill("=cmd");
    await page.getByRole("button", { name: "Check and make the file" }).click();
    await page.locator("#submit-result").waitFor({ state: "visible" });
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("submit-result");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download the CSV file" }).click(),
    ]);
    const text = await readFile(await download.path(), "utf8");
    const [header, row] = text.trimEnd().split("\r\n");
    expect(header).toBe(HEADER);
    expect(row).toBe('"Example Bakery, Ltd",,I,,E09000012,,pledged,2024-05-01,,,25,,https://example.org/news,\'=cmd');
  });
});
