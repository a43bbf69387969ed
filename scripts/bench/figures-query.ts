/**
 * Times figuresAsOf in-process on dates across the whole history (1 January every third year, and the end), so the
 * query's cost is seen apart from the command's start-up. Prints one JSON document.
 * Usage: node --import tsx scripts/bench/figures-query.ts DB_PATH UNTIL
 */
import { connect } from "../../db/client.ts";
import { firstEventDate } from "../../db/domain/published.ts";
import { figuresAsOf } from "../../db/domain/status.ts";

const [path, until] = process.argv.slice(2);
if (!path || !until) {
  console.error("usage: figures-query.ts DB_PATH UNTIL");
  process.exit(2);
}
const db = connect(path, { readonly: true });
const first = firstEventDate(db) ?? until;

const time = (asOf: string) => {
  const started = performance.now();
  figuresAsOf(db, asOf);
  return performance.now() - started;
};
// The first call on the end date pays for opening pages from disk, as a fresh `lwd figures` does.
const coldMs = time(until);
const dates: string[] = [];
// Every third year keeps a 100,000-employer run to minutes; the end date, the busiest, is always included.
for (let y = Number(first.slice(0, 4)) + 1; `${y}-01-01` <= until; y += 3) dates.push(`${y}-01-01`);
dates.push(until);
const timings = dates.map((d) => ({ asOf: d, ms: time(d) }));
const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
const slowest = timings.reduce((a, b) => (b.ms > a.ms ? b : a));
process.stdout.write(
  `${JSON.stringify({ coldMs, dates: dates.length, medianMs: sorted[Math.floor(sorted.length / 2)], maxMs: slowest.ms, maxAsOf: slowest.asOf, timings })}\n`,
);
