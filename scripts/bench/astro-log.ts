/** Reads an `astro build` log: wall time per route (between route headings) and the render time Astro gives each page. */
import { readFileSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";

export interface RouteCost {
  route: string;
  pages: number;
  /** Seconds from this route's heading to the next (log timestamps have one-second resolution). */
  wallSeconds: number;
  /** Sum of the per-page "(+N ms)" Astro prints; pages render two at a time, so this can exceed the wall time. */
  pageMs: number;
  slowestPageMs: number;
}

const seconds = (hms: string) => {
  const [h, m, s] = hms.split(":").map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
};

/** Routes in build order, plus the time before the first page (bundling) and after the last (sitemap, finishing). */
export function routeCosts(logFile: string): { bundleSeconds: number; finishSeconds: number; routes: RouteCost[] } {
  const lines = stripVTControlCharacters(readFileSync(logFile, "utf8")).split("\n");
  const stamped = lines.flatMap((l) => {
    const [, time, text] = /^(\d{2}:\d{2}:\d{2}) (.*)$/.exec(l) ?? [];
    return time === undefined || text === undefined ? [] : [{ time, text }];
  });
  const first = stamped[0];
  const last = stamped.at(-1);
  if (!first || !last) return { bundleSeconds: 0, finishSeconds: 0, routes: [] };
  // Midnight wrap-around is ignored: a benchmark does not run across it often enough to matter.
  const start = seconds(first.time);
  const end = seconds(last.time);
  const routes: (RouteCost & { at: number })[] = [];
  for (const { time, text } of stamped) {
    const route = /^[▶λ] (src\/pages\/\S+)/.exec(text)?.[1];
    if (route !== undefined) {
      routes.push({ route, pages: 0, wallSeconds: 0, pageMs: 0, slowestPageMs: 0, at: seconds(time) });
      continue;
    }
    const page = /^\s+[├└]─ \S+ \(\+([\d.]+)(ms|s)\)/.exec(text);
    const current = routes[routes.length - 1];
    if (page && current) {
      const ms = Number(page[1]) * (page[2] === "s" ? 1000 : 1);
      current.pages++;
      current.pageMs += ms;
      current.slowestPageMs = Math.max(current.slowestPageMs, ms);
    }
  }
  const lastPage = stamped.findLast(({ text }) => /^\s+[├└]─ /.test(text));
  const pagesEnd = lastPage ? seconds(lastPage.time) : end;
  routes.forEach((r, i) => (r.wallSeconds = (routes[i + 1]?.at ?? pagesEnd) - r.at));
  return {
    bundleSeconds: (routes[0]?.at ?? end) - start,
    finishSeconds: end - pagesEnd,
    routes: routes.map(({ at: _at, ...r }) => r),
  };
}
