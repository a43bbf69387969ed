// @ts-check
import { defineConfig } from "astro/config";
import sitemap from "@astrojs/sitemap";
import { SITE_URL } from "./src/lib/config.ts";
import siteBuild, { EMPLOYER_SITEMAPS, employerPageAddress, sitemapIndex } from "./scripts/build/integration.ts";

// The employer pages, search index and downloads; it gives the sitemap the employer pages' addresses.
const build = siteBuild();

export default defineConfig({
  site: SITE_URL,
  trailingSlash: "always",
  // Astro 7's default ("jsx") drops the line break between words and an inline element or expression, gluing words
  // together ("0 withdrawnemployers"); `true` collapses whitespace without losing it, as before.
  compressHTML: true,
  build: { format: "directory", concurrency: 2 },
  integrations: [
    build,
    // Astro's pages: sitemap-0.xml. The employer page frames are filled and removed by the build.
    sitemap({ filter: (page) => !employerPageAddress(page), entryLimit: 40_000 }),
    // The employer pages, which Astro does not render: sitemap-employers-N.xml, 40,000 addresses a file (the most
    // is 50,000), and an index listing Astro's sitemap first, then these.
    sitemap({
      filenameBase: EMPLOYER_SITEMAPS,
      customPages: build.sitemapPages,
      filter: (page) => employerPageAddress(page) && !page.includes("/employers/lwd-frame-"),
      entryLimit: 40_000,
      customSitemaps: [new URL("sitemap-0.xml", SITE_URL).href],
    }),
    // That index becomes the site's sitemap-index.xml.
    sitemapIndex(),
  ],
  vite: {
    // better-sqlite3 is a native addon: load it from node_modules at build time, never bundle it.
    ssr: { external: ["better-sqlite3"] },
    build: { assetsInlineLimit: 0 },
  },
});
