/**
 * Shared by the browser tests: serves the built dist/ on a free port with the site's own static server and drives
 * Debian's Chromium through playwright-core. The e2e command builds the site first, so dist/ must exist.
 */
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/bench/search.ts";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { serveStatic } from "../../scripts/build/serve.ts";

export const CHROMIUM_PATH = CHROMIUM;
export const DIST = resolve("dist");

export interface PageOptions {
  javaScriptEnabled?: boolean;
  width?: number;
  height?: number;
  /** Only for injecting test tools such as axe-core, which the site's CSP would rightly block. */
  bypassCSP?: boolean;
}

export interface Site {
  /** The served site's address, ending in "/". */
  url: string;
  browser: Browser;
  /** A new page in a fresh context; pass javaScriptEnabled: false to browse as a reader without scripts. */
  newPage: (options?: PageOptions) => Promise<Page>;
  close: () => Promise<void>;
}

/** Serves dist/ and launches Chromium; call close() in afterAll. */
export async function openSite(): Promise<Site> {
  if (!existsSync(resolve(DIST, "index.html")))
    throw new Error("dist/ has no index.html: run `npm run build` before the browser tests");
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium or set CHROMIUM_PATH`);
  const { server, url } = await serveStatic(DIST, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const contexts: BrowserContext[] = [];
  return {
    url,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        javaScriptEnabled: options.javaScriptEnabled ?? true,
        viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
        bypassCSP: options.bypassCSP ?? false,
      });
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await closeServer(server);
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((ok) => server.close(() => ok()));
}

/** Collects Content-Security-Policy violations and console errors on a page from now on. */
export function watchProblems(page: Page): { csp: string[]; errors: string[] } {
  const found = { csp: [] as string[], errors: [] as string[] };
  page.on("console", (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Content-Security-Policy/i.test(text)) found.csp.push(text);
    else if (msg.type() === "error") found.errors.push(text);
  });
  page.on("pageerror", (err) => found.errors.push(err.message));
  // securitypolicyviolation events fire in the page; report them through the console so they are caught above.
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return found;
}

/** Waits for the search page to settle on a result count and returns it. */
export async function resultCount(page: Page): Promise<number> {
  const handle = page.locator("#result-count[data-count]:not([data-count=''])");
  await handle.waitFor({ timeout: 15_000 });
  return Number(await handle.getAttribute("data-count"));
}

/** The pages of every type the site has, for checks that must cover them all. */
export const PAGE_TYPES: { name: string; path: string; status?: number }[] = [
  { name: "home", path: "" },
  { name: "directory", path: "employers/" },
  { name: "A–Z", path: "employers/a-z/b/" },
  { name: "status", path: "employers/status/accredited/" },
  { name: "search with results", path: "search/?q=barclays" },
  { name: "search with filters chosen", path: "search/?q=london&status=Accredited&area=London" },
  { name: "search that finds nothing", path: "search/?q=qwxzzy" },
  { name: "employer", path: "employers/barclays/" },
  { name: "rates", path: "rates/" },
  { name: "figures", path: "figures/" },
  { name: "data", path: "data/" },
  { name: "submit", path: "submit/" },
  { name: "404", path: "no-such-page/", status: 404 },
];

/** Opens a page type and fails with a clear message when the build did not produce it. */
export async function openPageType(
  page: Page,
  site: Site,
  type: { name: string; path: string; status?: number },
): Promise<void> {
  const response = await page.goto(site.url + type.path, { waitUntil: "load" });
  const status = response?.status();
  if (status !== (type.status ?? 200))
    throw new Error(`the ${type.name} page (/${type.path}) answered ${status}: it is missing from dist/ or broken`);
  if (type.path.startsWith("search/")) await resultCount(page);
}

/** How many employers the database the site was built from holds. */
export async function employerCountInDatabase(): Promise<number> {
  const { connect } = await import("../../db/client.ts");
  const db = connect(resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"), { readonly: true });
  try {
    return (db.$client.prepare("SELECT count(*) AS n FROM employers").get() as { n: number }).n;
  } finally {
    db.$client.close();
  }
}

/** axe-core's WCAG 2.2 AA violations on the page as it is now, one line each; open the page with bypassCSP. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: resolve("node_modules/axe-core/axe.min.js") });
  return page.evaluate(async () => {
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
    const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}
