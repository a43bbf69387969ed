import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../db/client.ts";
import { slugRedirects } from "../../db/domain/employers.ts";
import { openSite, type Site } from "./support.ts";

// The old slugs the site was built from; the seed has none, so this runs on databases that have had merges or renames.
const db = connect(resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"), { readonly: true });
const redirects = slugRedirects(db).filter((r) => r.oldSlug !== r.slug);
db.$client.close();

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe("old slugs", () => {
  it.skipIf(redirects.length === 0)("every old slug's page sends readers on to the employer's current page", async () => {
    const page = await site.newPage({ javaScriptEnabled: false });
    for (const { oldSlug, slug } of redirects.slice(0, 50)) {
      await page.goto(`${site.url}employers/${oldSlug}/`);
      await page.waitForURL(new RegExp(`/employers/${slug}/$`));
      expect(await page.locator("h1").textContent()).not.toMatch(/has moved/);
    }
  });
});
