// @ts-check
import { defineConfig } from "astro/config";
import sitemap from "@astrojs/sitemap";
import { SITE_URL } from "./src/lib/config.ts";

export default defineConfig({
  site: SITE_URL,
  trailingSlash: "always",
  // Astro 7's default ("jsx") drops the line break between words and an inline element or expression, gluing words
  // together ("0 withdrawnemployers"); `true` collapses whitespace without losing it, as before.
  compressHTML: true,
  build: { format: "directory", concurrency: 2 },
  // The employer page frames are filled and removed after the build, which adds the employer pages' own sitemaps.
  integrations: [sitemap({ filter: (page) => !page.includes("/employers/lwd-frame-") })],
  vite: {
    // better-sqlite3 is a native addon: load it from node_modules at build time, never bundle it.
    ssr: { external: ["better-sqlite3"] },
    build: { assetsInlineLimit: 0 },
  },
});
