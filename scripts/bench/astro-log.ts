/** Reads an `astro build` log: wall time per route (between route headings) and the render time Astro gives each page. */
import { readFileSync } from "node:fs";

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
  const lines = readFileSync(logFile, "utf8")
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n");
  const stamped = lines
    .map((l) => /^(\d{2}:\d{2}:\d{2}) (.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  if (!stamped.length) return { bundleSeconds: 0, finishSeconds: 0, routes: [] };
  // Midnight wrap-around is ignored: a benchmark does not run across it often enough to matter.
  const start = seconds(stamped[0]![1]!);
  const end = seconds(stamped[stamped.length - 1]![1]!);
  const routes: (RouteCost & { at: number })[] = [];
  for (const [, time, text] of stamped) {
    const heading = /^[▶λ] (src\/pages\/\S+)/.exec(text!);
    if (heading) {
      routes.push({ route: heading[1]!, pages: 0, wallSeconds: 0, pageMs: 0, slowestPageMs: 0, at: seconds(time!) });
      continue;
    }
    const page = /^\s+[├└]─ \S+ \(\+([\d.]+)(ms|s)\)/.exec(text!);
    const current = routes[routes.length - 1];
    if (page && current) {
      const ms = Number(page[1]) * (page[2] === "s" ? 1000 : 1);
      current.pages++;
      current.pageMs += ms;
      current.slowestPageMs = Math.max(current.slowestPageMs, ms);
    }
  }
  const lastPage = [...stamped].reverse().find(([, , t]) => /^\s+[├└]─ /.test(t!));
  const pagesEnd = lastPage ? seconds(lastPage[1]!) : end;
  routes.forEach((r, i) => (r.wallSeconds = (routes[i + 1]?.at ?? pagesEnd) - r.at));
  return {
    bundleSeconds: (routes[0]?.at ?? end) - start,
    finishSeconds: end - pagesEnd,
    routes: routes.map(({ at: _at, ...r }) => r),
  };
}
