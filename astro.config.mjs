// @ts-check
import { defineConfig } from "astro/config";
import sitemap from "@astrojs/sitemap";

// The public address the site is published at: used for canonical links, the feed and the sitemap.
const site = process.env.LWD_SITE_URL ?? "https://livingwage.directory";

export default defineConfig({
  site,
  trailingSlash: "always",
  build: { format: "directory", concurrency: 2 },
  // The employer page frames are filled and removed after the build, which adds the employer pages' own sitemaps.
  integrations: [sitemap({ filter: (page) => !page.includes("/employers/lwd-frame-") })],
  vite: {
    // better-sqlite3 is a native addon: load it from node_modules at build time, never bundle it.
    ssr: { external: ["better-sqlite3"] },
    build: { assetsInlineLimit: 0 },
  },
});
