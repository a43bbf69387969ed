/**
 * Writes every employer's page and JSON twin, and a page and twin at each old slug, into a built site: after
 * `astro build`, from the same database. Astro renders the page frame once (`src/pages/employers/[slug].astro`,
 * with markers); this fills it with each employer's page from `src/lib/employer-markup.ts`, the template the same
 * route renders itself in `astro dev`. The employers are split
 * between worker threads, one per core, each streaming its employers' events from SQLite in employer order, so
 * neither all the pages nor all the events are ever held at once. `scripts/build/integration.ts` runs it when
 * `astro build` is done.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { connect } from "../../db/client.ts";
import { listEmployers, slugRedirects, type EmployerEvent, type EmployerRecord } from "../../db/domain/employers.ts";
import { eventsOfShare } from "../../db/domain/published.ts";
import { listRates, type Rate } from "../../db/domain/rates.ts";
import { behindAsOf, type BehindEmployer } from "../../db/domain/status.ts";
import { BUILD_AS_OF, CORRECTIONS_CONTACT, DATA_LICENCE } from "../../src/lib/config.ts";
import { employerFrameValues, movedFrameValues } from "../../src/lib/employer-markup.ts";
import { FRAME, frameFiller } from "../../src/lib/employer-page.ts";
import { absoluteUrls, toPublished } from "../../src/lib/publish.ts";

/** A worker loads this file through tsx's loader, which a worker started with `--import tsx` lacks on Node 20. */
const WORKER_SOURCE = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;

interface Part {
  /** Marks a worker started by this script (test runners start workers with data of their own). */
  lwdEmployerPages: true;
  dist: string;
  dbPath: string;
  asOf: string;
  employers: EmployerRecord[];
  behind: [number, BehindEmployer][];
  rates: Rate[];
  formerSlugs: [string, string[]][];
  /** Old slugs that are some employer's current slug again: no page is written for them as old slugs. */
  reused: string[];
  part: number;
  parts: number;
}

function readFrame(dist: string, slug: string): string {
  const path = join(dist, "employers", slug, "index.html");
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new Error(`${path} is missing: run astro build into ${dist} first`);
  }
}

/** The site's address and root path, read from the frame's canonical link (Astro wrote it from the configured site). */
function siteOf(frame: string): { site: string; base: string } {
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(frame)?.[1];
  const at = canonical?.indexOf(`employers/${FRAME.employerSlug}/`) ?? -1;
  if (!canonical || at < 0)
    throw new Error("the employer page frame has no canonical link to read the site's address from");
  const site = canonical.slice(0, at);
  return { site, base: new URL(site).pathname };
}

/** Renders and writes one share of the employers: those whose id leaves `part` when divided by `parts`. */
function writePart(p: Part): { pages: number; twins: number } {
  const employerFrame = readFrame(p.dist, FRAME.employerSlug);
  const { site, base } = siteOf(employerFrame);
  const page = frameFiller(employerFrame);
  const moved = frameFiller(readFrame(p.dist, FRAME.movedSlug));
  const behind = new Map(p.behind);
  const former = new Map(p.formerSlugs);
  const reused = new Set(p.reused);
  const options = { asOf: p.asOf, base, site, correctionsContact: CORRECTIONS_CONTACT, rates: p.rates };
  const employersDir = join(p.dist, "employers");
  let pages = 0;
  let twins = 0;

  const write = (employer: EmployerRecord, events: EmployerEvent[]) => {
    const dir = join(employersDir, employer.slug);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "index.html"),
      page(employerFrameValues(employer, events, behind.get(employer.id), options)),
    );
    const oldSlugs = former.get(employer.slug) ?? [];
    const twin = `${JSON.stringify({ ...absoluteUrls(toPublished(employer, events, oldSlugs, p.asOf, p.rates), site), licence: DATA_LICENCE }, null, 2)}\n`;
    writeFileSync(join(employersDir, `${employer.slug}.json`), twin);
    pages++;
    twins++;
    // An old slug (after a merge or rename) keeps working: a page that sends readers on, and the same twin.
    for (const oldSlug of oldSlugs) {
      if (reused.has(oldSlug)) continue;
      const oldDir = join(employersDir, oldSlug);
      mkdirSync(oldDir, { recursive: true });
      writeFileSync(join(oldDir, "index.html"), moved(movedFrameValues(employer.name, oldSlug, employer.slug, base)));
      writeFileSync(join(employersDir, `${oldSlug}.json`), twin);
      pages++;
      twins++;
    }
  };

  const db = connect(p.dbPath, { readonly: true });
  const mine = new Map(p.employers.map((e) => [e.id, e]));
  // Events stream in employer order; each employer is written as soon as its last event has gone by.
  const rows = eventsOfShare(db, p.part, p.parts);
  let current: number | null = null;
  let events: EmployerEvent[] = [];
  const flush = () => {
    const employer = current === null ? undefined : mine.get(current);
    if (employer) {
      write(employer, events);
      mine.delete(employer.id);
    }
  };
  for (const { employerId, ...event } of rows) {
    if (employerId !== current) {
      flush();
      current = employerId;
      events = [];
    }
    events.push(event);
  }
  flush();
  // Employers with no events yet still have a page.
  for (const employer of mine.values()) write(employer, []);
  db.$client.close();
  return { pages, twins };
}

/** What the employer pages step wrote: how many pages and JSON twins, and the current employers' slugs. */
export interface EmployerPages {
  pages: number;
  twins: number;
  slugs: string[];
}

/**
 * Fills the employer pages into `dist`, one worker thread per core, and removes the frames; returns how many pages
 * and twins it wrote and the current employers' slugs.
 */
export async function buildEmployerPages(
  dist: string,
  dbPath: string,
  asOf = BUILD_AS_OF,
  parts = Math.min(2, availableParallelism()),
): Promise<EmployerPages> {
  const db = connect(dbPath, { readonly: true });
  const employers = listEmployers(db, asOf);
  const behind = behindAsOf(db, asOf).map((b): [number, BehindEmployer] => [b.employerId, b]);
  const rates = listRates(db);
  const former = new Map<string, string[]>();
  for (const r of slugRedirects(db)) former.set(r.slug, [...(former.get(r.slug) ?? []), r.oldSlug]);
  db.$client.close();
  const current = new Set(employers.map((e) => e.slug));
  const reused = [...former.values()].flat().filter((s) => current.has(s));
  const share = (part: number): Part => ({
    dist,
    dbPath,
    asOf,
    employers: employers.filter((e) => e.id % parts === part),
    behind,
    rates,
    formerSlugs: [...former],
    reused,
    part,
    parts,
    lwdEmployerPages: true,
  });
  const results = await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      parts === 1
        ? writePart(share(part))
        : new Promise<{ pages: number; twins: number }>((done, fail) => {
            const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: share(part) });
            worker.once("message", done);
            worker.once("error", fail);
            worker.once(
              "exit",
              (code) => code !== 0 && fail(new Error(`an employer-page worker stopped with exit code ${code}`)),
            );
          }),
    ),
  );
  for (const slug of [FRAME.employerSlug, FRAME.movedSlug])
    rmSync(join(dist, "employers", slug), { recursive: true, force: true });
  const { pages, twins } = results.reduce((a, r) => ({ pages: a.pages + r.pages, twins: a.twins + r.twins }));
  return { pages, twins, slugs: employers.map((e) => e.slug) };
}

if (!isMainThread && (workerData as Part | undefined)?.lwdEmployerPages) {
  parentPort?.postMessage(writePart(workerData as Part));
} else if (isMainThread && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Run by the build integration: prints what it wrote, as JSON, for the integration's log line and the sitemap.
  const { values } = parseArgs({ options: { "out-dir": { type: "string", default: "dist" } } });
  const written = await buildEmployerPages(
    resolve(values["out-dir"]),
    resolve(process.env.LWD_DB ?? "db/livingwage.sqlite"),
  );
  process.stdout.write(JSON.stringify(written));
}
