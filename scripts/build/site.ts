/**
 * Builds the whole site into one folder from the database: `astro build` on one core and, beside it, the search
 * index and the data downloads (both read only the database); then the employer pages and their JSON twins into
 * Astro's output, and the index and downloads moved in beside them.
 *
 *   node --import tsx scripts/build/site.ts [--out-dir dist]
 *
 * Reads LWD_DB (default db/livingwage.sqlite), LWD_AS_OF and LWD_SITE_URL, as the pages do.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PROJECT_ROOT } from "../../db/paths.ts";
import { buildEmployerPages } from "./employer-pages.ts";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs a Node child in the project folder; resolves with its wall time, rejects naming the step if it fails. */
function run(step: string, args: string[], env: NodeJS.ProcessEnv, children: ChildProcess[]): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: "inherit" });
    children.push(child);
    const started = Date.now();
    child.once("error", fail);
    child.once("exit", (code, signal) =>
      code === 0 ? done(Date.now() - started) : fail(new Error(`${step} stopped (${signal ?? `exit code ${code}`})`)),
    );
  });
}

export async function buildSite(dist: string, dbPath: string): Promise<void> {
  const started = Date.now();
  const env = { ...process.env, LWD_DB: dbPath };
  // The index is written beside the output, since astro build empties its output folder when it starts.
  const staging = join(dirname(dist), `.${basename(dist)}-pagefind`);
  const downloads = join(dirname(dist), `.${basename(dist)}-data`);
  const children: ChildProcess[] = [];
  // Left over from a build that was stopped: start clean, so nothing stale is moved into the site.
  for (const dir of [staging, downloads]) rmSync(dir, { recursive: true, force: true });
  try {
    const astro = run(
      "astro build",
      [join(PROJECT_ROOT, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", dist],
      env,
      children,
    );
    const search = run(
      "the search index",
      ["--import", "tsx", join(PROJECT_ROOT, "scripts/build/search.ts"), "--out", staging],
      env,
      children,
    );
    const data = run(
      "the downloads",
      ["--import", "tsx", join(PROJECT_ROOT, "scripts/build/downloads.ts"), "--out", downloads],
      env,
      children,
    );
    // Each is awaited in turn below; until then a failure must not count as unhandled, or Node would stop at once.
    for (const part of [astro, search, data]) part.catch(() => {});
    const astroMs = await astro;
    const pagesStarted = Date.now();
    const { pages, twins } = await buildEmployerPages(dist, dbPath);
    const pagesMs = Date.now() - pagesStarted;
    const searchMs = await search;
    rmSync(join(dist, "pagefind"), { recursive: true, force: true });
    renameSync(staging, join(dist, "pagefind"));
    const dataMs = await data;
    mkdirSync(join(dist, "data"), { recursive: true });
    for (const file of readdirSync(downloads)) renameSync(join(downloads, file), join(dist, "data", file));
    rmSync(downloads, { recursive: true, force: true });
    console.log(
      `Built the site in ${seconds(Date.now() - started)}: astro build ${seconds(astroMs)}; ` +
        `${pages.toLocaleString("en-GB")} employer pages and ${twins.toLocaleString("en-GB")} JSON twins ${seconds(pagesMs)}; ` +
        `search index ${seconds(searchMs)} and downloads ${seconds(dataMs)} beside them → ${dist}`,
    );
  } catch (error) {
    for (const child of children) if (child.exitCode === null) child.kill();
    for (const dir of [staging, downloads]) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

if (process.argv[1] && /build\/site\.ts$/.test(process.argv[1])) {
  const { values } = parseArgs({ options: { "out-dir": { type: "string", default: "dist" } } });
  try {
    await buildSite(resolve(values["out-dir"]!), resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"));
  } catch (error) {
    console.error(`Build failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
