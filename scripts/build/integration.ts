/**
 * The site's build beyond the pages Astro renders, as an Astro integration, so `astro build` alone gives the whole
 * site: the search index, the suggestion index and the downloads start with the build (they read only the database)
 * in processes of their own, then the employer pages are filled into the frame Astro rendered, and the indexes and
 * downloads are moved in.
 * Each part logs its time in one line.
 */
import type { AstroIntegration, AstroIntegrationLogger } from "astro";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { todayIso } from "../../db/dates.ts";
import { copyAsOf } from "../../db/domain/as-of.ts";
import { PROJECT_ROOT } from "../../db/paths.ts";
import { fillDownloadSizes } from "./download-sizes.ts";
import type { EmployerPages } from "./employer-pages.ts";

/** This folder; Vite, which loads the config, gives modules import.meta.url but not always import.meta.dirname. */
const HERE = dirname(fileURLToPath(import.meta.url));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A part of the build run as a Node process of its own; its wall time and what it printed, once it ends. */
interface Beside {
  child: ChildProcess;
  done: Promise<{ ms: number; stdout: string }>;
}

/** Starts `script` (a TypeScript file in this folder) with `args`; its output is kept and shown only if it fails. */
function startBeside(what: string, script: string, args: string[], dbPath: string): Beside {
  const child = spawn(process.execPath, ["--import", "tsx", join(HERE, script), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LWD_DB: dbPath },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
  const started = Date.now();
  const done = new Promise<{ ms: number; stdout: string }>((ok, fail) => {
    child.once("error", fail);
    child.once("close", (code, signal) =>
      code === 0
        ? ok({ ms: Date.now() - started, stdout })
        : fail(new Error(`${what} stopped (${signal ?? `exit code ${code}`}):\n${(stdout + output).trimEnd()}`)),
    );
  });
  // Awaited in astro:build:done; until then a failure must not count as unhandled.
  done.catch(() => {});
  return { child, done };
}

/**
 * Writes the employer pages, their JSON twins and the old slugs' pages into the built site, in a process of its own
 * (with two worker threads) so that its memory is not added to Astro's; returns the current employers' slugs.
 */
async function employerPages(part: Beside, logger: AstroIntegrationLogger): Promise<string[]> {
  const { ms, stdout } = await part.done;
  const { pages, twins, slugs } = JSON.parse(stdout) as EmployerPages;
  logger.info(
    `${pages.toLocaleString("en-GB")} employer pages and ${twins.toLocaleString("en-GB")} JSON twins in ${seconds(ms)}`,
  );
  return slugs;
}

/** Waits for a part started beside the build and moves what it wrote into the built site. */
async function moveIn(
  what: string,
  part: Beside,
  from: string,
  to: string,
  logger: AstroIntegrationLogger,
): Promise<void> {
  const { ms } = await part.done;
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from)) {
    rmSync(join(to, file), { recursive: true, force: true });
    renameSync(join(from, file), join(to, file));
  }
  rmSync(from, { recursive: true, force: true });
  logger.info(`${what} in ${seconds(ms)}, beside the pages`);
}

/** The file names of the employer pages' sitemaps, given to @astrojs/sitemap as `filenameBase`. */
export const EMPLOYER_SITEMAPS = "sitemap-employers";

/** Whether a sitemap address is an employer's page (`/employers/SLUG/`); no page Astro renders has that shape but the frames. */
export function employerPageAddress(page: string): boolean {
  return /\/employers\/[^/]+\/$/.test(page);
}

/**
 * Makes the index @astrojs/sitemap wrote for the employer pages (which lists Astro's own sitemap first) the site's
 * sitemap index. Listed after both sitemap integrations, whose hooks run first.
 */
export function sitemapIndex(): AstroIntegration {
  return {
    name: "lwd:sitemap-index",
    hooks: {
      "astro:build:done": ({ dir }) => {
        const index = fileURLToPath(new URL(`${EMPLOYER_SITEMAPS}-index.xml`, dir));
        if (existsSync(index)) renameSync(index, fileURLToPath(new URL("sitemap-index.xml", dir)));
      },
    },
  };
}

/**
 * The database the build reads. With LWD_AS_OF before today, a copy holding only what is dated on or before that
 * day (made once, when the config loads, and removed when the build ends); LWD_DB then names it, so the pages'
 * queries and the processes beside the build all read the directory as it stood.
 */
function databaseAsOf(path: string, asOf: string | undefined): string {
  if (!asOf || asOf >= todayIso() || !existsSync(path)) return path;
  const copy = join(tmpdir(), `lwd-as-of-${asOf}-${process.pid}.sqlite`);
  copyAsOf(path, copy, asOf);
  process.once("exit", () => rmSync(copy, { force: true }));
  process.env.LWD_DB = copy;
  return copy;
}

/**
 * The integration. `sitemapPages` is filled with every current employer's address during the build; hand the same
 * array to @astrojs/sitemap's `customPages` (listed after this integration) so a sitemap lists the employer pages.
 */
export default function siteBuild(): AstroIntegration & { sitemapPages: string[] } {
  const sitemapPages: string[] = [];
  const dbPath = databaseAsOf(resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"), process.env.LWD_AS_OF);
  let site = "";
  let outDir = "";
  let search: Beside | undefined;
  let downloads: Beside | undefined;
  let suggestions: Beside | undefined;
  let pages: Beside | undefined;
  // Written beside the output, since astro build empties its output folder after this integration starts them.
  const staging = (what: string) => join(dirname(outDir), `.${basename(outDir)}-${what}`);
  const stop = () => {
    for (const part of [search, downloads, suggestions, pages])
      if (part && part.child.exitCode === null) part.child.kill();
    for (const what of ["pagefind", "data", "suggest"]) rmSync(staging(what), { recursive: true, force: true });
  };
  return {
    name: "lwd:site-build",
    sitemapPages,
    hooks: {
      "astro:config:setup": ({ command, updateConfig, addMiddleware }) => {
        if (command === "dev")
          addMiddleware({ entrypoint: new URL("./dev-middleware.ts", import.meta.url), order: "pre" });
        // The employer route renders the frames only when building; `import.meta.env.DEV` cannot tell, since a
        // build run under a test runner (NODE_ENV=test) counts as development.
        updateConfig({ vite: { define: { "import.meta.env.EMPLOYER_FRAMES": JSON.stringify(command === "build") } } });
      },
      "astro:config:done": ({ config }) => {
        site = new URL(config.base, config.site).href;
        outDir = fileURLToPath(config.outDir).replace(/\/$/, "");
      },
      "astro:build:start": () => {
        stop(); // Left over from a build that was stopped: start clean, so nothing stale is moved in.
        search = startBeside("the search index", "search.ts", ["--out", staging("pagefind")], dbPath);
        downloads = startBeside("the downloads", "downloads.ts", ["--out", staging("data")], dbPath);
        suggestions = startBeside("the suggestion index", "suggest-index.ts", ["--out", staging("suggest")], dbPath);
        process.once("exit", stop);
      },
      "astro:build:done": async ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        try {
          pages = startBeside("the employer pages", "employer-pages.ts", ["--out-dir", dist], dbPath);
          const slugs = await employerPages(pages, logger.fork("employer pages"));
          sitemapPages.push(...slugs.map((slug) => new URL(`employers/${slug}/`, site).href));
          if (!search || !downloads || !suggestions)
            throw new Error("the search index, suggestion index and downloads were not started with the build");
          await moveIn("search index", search, staging("pagefind"), join(dist, "pagefind"), logger.fork("search"));
          await moveIn(
            "suggestion index",
            suggestions,
            staging("suggest"),
            join(dist, "suggest"),
            logger.fork("suggest"),
          );
          await moveIn("downloads", downloads, staging("data"), join(dist, "data"), logger.fork("downloads"));
          logger.fork("downloads").info(`${fillDownloadSizes(dist)} file sizes written on /data/`);
        } finally {
          stop();
          process.off("exit", stop);
        }
      },
    },
  };
}
