/**
 * `npm run bench [-- --size N] [-- --out-dir DIR]`: generate N fictional employers, import them, time the figures,
 * build the site and its search index, measure a first and second search in Chromium, and compare the build with
 * the floor (plain Node writing as many HTML files of the same size). Prints a table, writes SIZE.md and SIZE.json.
 * Each step runs as a child process so its wall time and peak memory are its own. Budgets are set for 100,000.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, stripVTControlCharacters } from "node:util";
import { routeCosts } from "./astro-log.ts";
import { runStep, tail, type StepResult } from "./measure.ts";
import { CHROMIUM, measureSearch, type SearchResult } from "./search.ts";
import { measureSuggest, type SuggestMeasure } from "./suggest.ts";
import { splitCsv } from "./split.ts";
import { defaultUntil, fictionalEmployers, seedReferenceData } from "../cli/generate.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const MB = 1024 * 1024;

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "100000" },
    seed: { type: "string" },
    "out-dir": { type: "string" },
    "no-browser": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    strict: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log(`npm run bench [-- options]
  --size N        fictional employers to generate (default 100000)
  --seed S        the generator's seed (default 1)
  --out-dir DIR   where SIZE.md and SIZE.json go (default bench/results)
  --no-browser    skip the Chromium measures (first search, suggestions)
  --keep          keep the generated database and built site
  --strict        exit 1 when a budget is missed`);
  process.exit(0);
}
const size = Number(args.size);
const seed = args.seed ?? "1";
if (!Number.isInteger(size) || size < 1) {
  console.error(`bench: --size must be a whole number of employers, e.g. --size 10000 (got "${args.size}")`);
  process.exit(2);
}
const label = size % 1000 === 0 ? `${size / 1000}k` : String(size);
const resultsDir = resolve(args["out-dir"] ?? join(root, "bench/results"));
const work = args["out-dir"] ? join(resultsDir, `work-${label}`) : join(root, "bench/tmp", label);
const logs = join(work, "logs");
/** Moves a scratch directory aside and deletes it in the background: 300,000 small files take minutes to remove. */
function discard(dir: string): void {
  if (!existsSync(dir)) return;
  const trash = `${dir}.old-${process.pid}-${Date.now()}`;
  renameSync(dir, trash);
  spawn("rm", ["-rf", trash], { detached: true, stdio: "ignore" }).unref();
}
discard(work);
mkdirSync(logs, { recursive: true });
mkdirSync(resultsDir, { recursive: true });

const node = process.execPath;
// An absolute loader so TypeScript steps run from any working directory.
const tsx = ["--import", import.meta.resolve("tsx")];
const lwd = (...a: string[]) => [join(root, "bin/lwd.mjs"), ...a];
const csv = join(work, "employers.csv");
const dbPath = join(work, "bench.sqlite");
const dist = join(work, "dist");
const ref = seedReferenceData();
const until = defaultUntil(ref);
const env = { LWD_DB: dbPath, LWD_AS_OF: until, ASTRO_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" };

const steps: StepResult[] = [];
const notes: string[] = [];
const say = (m: string) => process.stderr.write(`${m}\n`);

/** Runs a step, reports it, and stops the benchmark when it fails. */
async function step(
  name: string,
  command: string,
  a: string[],
  options: { cwd?: string; stdoutFile?: string; record?: boolean } = {},
): Promise<StepResult> {
  say(`bench ${label}: ${name}…`);
  const r = await runStep(name, command, a, {
    cwd: options.cwd ?? root,
    env,
    logDir: logs,
    stdoutFile: options.stdoutFile,
  });
  say(
    `  ${(r.ms / 1000).toFixed(2)} s, peak ${(r.peakBytes / MB).toFixed(0)} MB${r.exitCode ? `, FAILED (exit ${r.exitCode})` : ""}`,
  );
  if (options.record !== false) steps.push(r);
  if (r.exitCode !== 0) {
    say(tail(r.log));
    throw new Error(`step "${name}" failed with exit ${r.exitCode}; see ${r.log}`);
  }
  return r;
}

/** The value, or a thrown error naming what the benchmark expected to have by now. */
function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`bench: expected ${what}`);
  return value;
}

/** The CPU seconds of every step, or null when any of them was not measured. */
function cpuTotal(list: (StepResult | undefined)[]): number | null {
  let total = 0;
  for (const r of list) {
    if (r?.cpuSeconds == null) return null;
    total += r.cpuSeconds;
  }
  return total;
}

const median = (xs: number[]) =>
  must([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)], "a value to take the median of");

/** Every file under a directory: count and bytes, and the HTML pages among them. */
function treeSize(dir: string): { files: number; bytes: number; htmlFiles: number; htmlBytes: number } {
  const out = { files: 0, bytes: 0, htmlFiles: 0, htmlBytes: 0 };
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const n = statSync(p).size;
        out.files++;
        out.bytes += n;
        if (e.name.endsWith(".html")) {
          out.htmlFiles++;
          out.htmlBytes += n;
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** A whole-word query and a partial one, taken from names the generator made. */
function searchQueries(): [string, string] {
  const wanted = [Math.floor(size / 2), Math.floor(size / 3)];
  const names: string[] = [];
  let i = 0;
  for (const e of fictionalEmployers({ employers: Math.max(...wanted) + 1, seed, until }, ref)) {
    if (wanted.includes(i)) names[wanted.indexOf(i)] = e.name;
    i++;
  }
  const firstWord = (i: number) =>
    must(names[i]?.split(" ")[0], `generated employer ${wanted[i]}'s name`).toLowerCase();
  const first = firstWord(0);
  const second = firstWord(1).slice(0, 5);
  return [first, second];
}

/**
 * What a reader types into the header box: a generated employer's first word with two neighbouring letters swapped
 * after its third letter ("bravelquor" → "bravleqour"), so the typo rule is part of what is measured.
 */
function suggestQuery(): { query: string; expected: string } {
  const wanted = Math.floor(size / 4);
  let i = 0;
  for (const e of fictionalEmployers({ employers: wanted + 1, seed, until }, ref)) {
    if (i++ < wanted) continue;
    const word = must(e.name.split(" ")[0], `generated employer ${wanted}'s name`).toLowerCase();
    const query = word.length > 4 ? `${word.slice(0, 3)}${word[4]}${word[3]}${word.slice(5)}` : word;
    return { query, expected: e.name };
  }
  throw new Error(`the generator made fewer than ${wanted + 1} employers`);
}

const startedAt = new Date();
const loadBefore = os.loadavg();
let counts = { employers: 0, events: 0 };
let importVia = "lwd import";
const figuresCommandMs: number[] = [];
const startupMs: number[] = [];
let figuresQuery: { coldMs: number; medianMs: number; maxMs: number; maxAsOf: string; dates: number } | null = null;
let site = { files: 0, bytes: 0, htmlFiles: 0, htmlBytes: 0 };
let index = { files: 0, bytes: 0, htmlFiles: 0, htmlBytes: 0 };
let suggestIndex = { files: 0, bytes: 0, htmlFiles: 0, htmlBytes: 0 };
let search: SearchResult | null = null;
let searchSkipped = "";
let suggestion: (SuggestMeasure & { expected: string }) | null = null;
let failure = "";

try {
  // Time the CLI as `npm ci` leaves it, bundled; a bundle older than the sources would be skipped for tsx.
  await step("bundle lwd", node, [join(root, "scripts/cli/bundle.mjs")], { record: false });
  const gen = await step(
    "generate",
    node,
    lwd("generate", "--employers", String(size), "--seed", seed, "--out", csv, "--json", "--quiet"),
    {
      stdoutFile: join(logs, "generate.json"),
    },
  );
  void gen;
  // Only the counts: the summary also names the file it wrote, a path of this run's machine.
  const { employers, events } = JSON.parse(readFileSync(join(logs, "generate.json"), "utf8")) as typeof counts;
  counts = { employers, events };

  await step("fresh database", node, lwd("--db", dbPath, "db", "migrate", "--quiet"), { record: false });
  await step(
    "benchmark contributor",
    node,
    lwd("--db", dbPath, "contributor", "add", "bench", "--name", "Benchmark runner", "--role", "staff"),
    { record: false },
  );

  let hasImport = true;
  try {
    execFileSync(node, lwd("import", "--help"), { cwd: root, stdio: "ignore" });
  } catch {
    hasImport = false;
  }
  if (hasImport) {
    // The importer takes at most 40 MB or 200,000 rows a file, so larger sets go in as several files, one after another.
    const parts = await splitCsv(csv, join(work, "part"));
    if (parts.length > 1)
      notes.push(
        `The CSV was imported as ${parts.length} files (the importer takes at most 40 MB or 200,000 rows a file); the import row sums them, each paying the command's start-up.`,
      );
    const results: StepResult[] = [];
    for (const [i, part] of parts.entries())
      results.push(
        await step(
          parts.length > 1 ? `import part ${i + 1} of ${parts.length}` : "import",
          node,
          lwd("--db", dbPath, "--as", "bench", "import", part),
          { record: false },
        ),
      );
    const cpu = cpuTotal(results);
    steps.push({
      name: "import",
      ms: results.reduce((s, r) => s + r.ms, 0),
      peakBytes: Math.max(...results.map((r) => r.peakBytes)),
      peakSingleBytes: Math.max(...results.map((r) => r.peakSingleBytes)),
      peakSumBytes: Math.max(...results.map((r) => r.peakSumBytes)),
      peakByProcess: {},
      cpuSeconds: cpu,
      exitCode: 0,
      log: must(results[0], "an import step").log,
    });
  } else {
    importVia = "lwd generate --db (lwd import is not available in this checkout)";
    notes.push(
      "`lwd import` was not available, so the import row times `lwd generate --db` writing the same data straight into the database.",
    );
    await step("import", node, lwd("--db", dbPath, "generate", "--employers", String(size), "--seed", seed, "--quiet"));
  }

  // The command three times (median), and the bare start-up of `lwd` for comparison.
  for (let n = 0; n < 3; n++) {
    const r = await step(
      "figures --as-of (command)",
      node,
      lwd("--db", dbPath, "figures", "--as-of", until, "--json"),
      { record: n === 0, stdoutFile: join(logs, "figures.json") },
    );
    figuresCommandMs.push(r.ms);
    const s = await step("lwd start-up (--help)", node, lwd("--help"), { record: false });
    startupMs.push(s.ms);
  }
  must(
    steps.find((s) => s.name === "figures --as-of (command)"),
    "the figures step",
  ).ms = median(figuresCommandMs);
  await step(
    "figures --as-of (query, in-process)",
    node,
    [...tsx, join(root, "scripts/bench/figures-query.ts"), dbPath, until],
    {
      stdoutFile: join(logs, "figures-query.json"),
    },
  );
  figuresQuery = JSON.parse(readFileSync(join(logs, "figures-query.json"), "utf8"));

  // The site's own build, as `npm run build` runs it: astro build with the search index and downloads beside it,
  // then the employer pages and their JSON twins.
  await step("build + index", node, [join(root, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", dist]);
  site = treeSize(dist);
  index = treeSize(join(dist, "pagefind"));
  suggestIndex = treeSize(join(dist, "suggest"));

  const pages = Math.max(1, site.htmlFiles);
  await step("floor (plain Node, same pages)", node, [
    join(root, "scripts/bench/floor.mjs"),
    join(work, "floor"),
    String(pages),
    String(Math.round(site.htmlBytes / pages)),
  ]);

  if (args["no-browser"]) searchSkipped = "skipped (--no-browser)";
  else if (!existsSync(CHROMIUM)) searchSkipped = `skipped: no Chromium at ${CHROMIUM}`;
  else {
    say(`bench ${label}: search in Chromium…`);
    search = await measureSearch(dist, searchQueries());
    say(
      `  first ${(search.first.bytes / 1000).toFixed(1)} kB in ${search.first.ms} ms, second ${(search.second.bytes / 1000).toFixed(1)} kB in ${search.second.ms} ms`,
    );
    say(`bench ${label}: suggestions in Chromium…`);
    const { query, expected } = suggestQuery();
    suggestion = { ...(await measureSuggest(dist, "/about/", query)), expected };
    say(
      `  first suggestion ${(suggestion.first.bytes / 1000).toFixed(1)} kB, whole query ${(suggestion.whole.bytes / 1000).toFixed(1)} kB, ${suggestion.loadedMs} ms once loaded`,
    );
  }
} catch (error) {
  failure = (error as Error).message;
  say(`bench ${label}: ${failure}`);
}
const loadAfter = os.loadavg();

// ---- report ----------------------------------------------------------------------------------------------------------

const byName = (n: string) => steps.find((s) => s.name === n);
const seconds = (ms: number | undefined) => (ms === undefined ? "–" : `${(ms / 1000).toFixed(2)} s`);
const mb = (b: number | undefined) => (b === undefined ? "–" : `${(b / MB).toFixed(0)} MB`);
const kB = (b: number) => `${(b / 1000).toFixed(1)} kB`;
const build = byName("build + index");
// The build logs how long each of its parts took; the parts overlap, so they do not add up to the whole.
const buildParts = build
  ? [
      ...stripVTControlCharacters(readFileSync(build.log, "utf8")).matchAll(
        /\[(?:employer pages|search|downloads)\] (.*)$/gm,
      ),
    ]
      .map((m) => m[1])
      .join("; ")
  : "";
const floor = byName("floor (plain Node, same pages)");
const imp = byName("import");
const timed = ["generate", "import", "figures --as-of (command)", "build + index"].map(byName);
const totalMs = timed.every(Boolean) ? timed.reduce((s, r) => s + (r?.ms ?? 0), 0) : undefined;
const buildIndexMs = build?.ms;
const rowsPerSecond = imp ? counts.events / (imp.ms / 1000) : undefined;
// A step's memory is its largest process's: the build runs its parts as separate processes side by side, each of
// which is a step in its own right; what they use all at once is reported beside it.
const measuredSteps = steps.filter((s) => !s.name.startsWith("floor"));
const peakOfSteps = measuredSteps.reduce((m, s) => Math.max(m, s.peakSingleBytes), 0);
const largestStep = measuredSteps.find((s) => s.peakSingleBytes === peakOfSteps);
const largestPart = largestStep
  ? Object.entries(largestStep.peakByProcess).sort((a, b) => b[1] - a[1])[0]?.[0]
  : undefined;

interface Budget {
  what: string;
  limit: string;
  measured: string;
  pass: boolean | null;
  by: string;
}
const over = (value: number, limit: number, unit: (v: number) => string, lowerIsBetter = true): [boolean, string] => {
  const pass = lowerIsBetter ? value <= limit : value >= limit;
  const diff = Math.abs(value - limit);
  const pct = ((diff / limit) * 100).toFixed(0);
  return [
    pass,
    pass ? `${unit(diff)} (${pct}%) to spare` : `${unit(diff)} (${pct}%) ${lowerIsBetter ? "over" : "short"}`,
  ];
};
const budgets: Budget[] = [];
const addBudget = (
  what: string,
  limit: string,
  measured: number | undefined,
  limitValue: number,
  unit: (v: number) => string,
  lowerIsBetter = true,
) => {
  if (measured === undefined || Number.isNaN(measured))
    return budgets.push({ what, limit, measured: "not measured", pass: null, by: "" });
  const [pass, by] = over(measured, limitValue, unit, lowerIsBetter);
  budgets.push({ what, limit, measured: unit(measured), pass, by });
};
addBudget("build + index", "≤ 60 s", buildIndexMs, 60_000, (v) => seconds(v));
addBudget(
  `peak memory, any step (largest: ${largestPart ?? largestStep?.name ?? "–"})`,
  "≤ 1.5 GB",
  steps.length ? peakOfSteps : undefined,
  1.5 * 1024 * MB,
  (v) => mb(v),
);
addBudget(
  "import",
  "≥ 20,000 rows/s",
  rowsPerSecond,
  20_000,
  (v) => `${Math.round(v).toLocaleString("en-GB")} rows/s`,
  false,
);
addBudget(
  "`lwd figures --as-of` (command)",
  "≤ 200 ms",
  figuresCommandMs.length ? median(figuresCommandMs) : undefined,
  200,
  (v) => `${v.toFixed(0)} ms`,
);
addBudget(
  "figures query (slowest date, in-process)",
  "≤ 200 ms",
  figuresQuery?.maxMs,
  200,
  (v) => `${v.toFixed(0)} ms`,
);
addBudget(
  "first suggestion (gzip)",
  size > 10_000 ? "≤ 50 kB" : "≤ 20 kB",
  suggestion?.first.bytes,
  size > 10_000 ? 50_000 : 20_000,
  kB,
);
addBudget(
  "first search, with Pagefind's start-up",
  "≤ 150 kB",
  search ? search.page.pagefindBytes + search.first.bytes : undefined,
  150_000,
  kB,
);

const cpus = os.cpus();
const machine = {
  cpu: `${cpus[0]?.model ?? "unknown"} × ${cpus.length}`,
  memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`,
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  loadAverage: {
    before: loadBefore.map((l) => Number(l.toFixed(2))),
    after: loadAfter.map((l) => Number(l.toFixed(2))),
  },
};
let commit: string;
try {
  commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
} catch {
  commit = "unknown";
}

const stepNotes: Record<string, string> = {
  generate: `${counts.employers.toLocaleString("en-GB")} employers, ${counts.events.toLocaleString("en-GB")} events (CSV rows)`,
  import: rowsPerSecond ? `${Math.round(rowsPerSecond).toLocaleString("en-GB")} rows/s via ${importVia}` : importVia,
  "figures --as-of (command)": figuresCommandMs.length
    ? `median of 3; \`lwd --help\` alone takes ${median(startupMs).toFixed(0)} ms`
    : "",
  "figures --as-of (query, in-process)": figuresQuery
    ? `${figuresQuery.dates} dates over the history: median ${figuresQuery.medianMs.toFixed(0)} ms, slowest ${figuresQuery.maxMs.toFixed(0)} ms (${figuresQuery.maxAsOf}), first call ${figuresQuery.coldMs.toFixed(0)} ms`
    : "",
  "build + index":
    build && site.htmlFiles
      ? `${site.htmlFiles.toLocaleString("en-GB")} HTML pages, ${(build.ms / site.htmlFiles).toFixed(2)} ms per page${floor ? `, ${(build.ms / floor.ms).toFixed(1)}× the floor` : ""}; ${buildParts}. ` +
        `Peak memory by process: ${Object.entries(build.peakByProcess)
          .sort((a, b) => b[1] - a[1])
          .map(([label, bytes]) => `${label} ${mb(bytes)}`)
          .join(", ")}; ${mb(build.peakSumBytes)} all at once`
      : "",
  "floor (plain Node, same pages)": floor
    ? `${site.htmlFiles.toLocaleString("en-GB")} files of ${Math.round(site.htmlBytes / Math.max(1, site.htmlFiles)).toLocaleString("en-GB")} bytes`
    : "",
};
const cpu = (r: StepResult | undefined) => (r?.cpuSeconds == null ? "–" : `${r.cpuSeconds.toFixed(1)} s`);
const rows: string[][] = [["step", "time", "CPU time", "peak memory (largest process)", "notes"]];
for (const s of steps) rows.push([s.name, seconds(s.ms), cpu(s), mb(s.peakSingleBytes), stepNotes[s.name] ?? ""]);
const totalCpu = cpuTotal(timed);
rows.push([
  "total (generate, import, figures, build + index)",
  seconds(totalMs),
  totalCpu == null ? "–" : `${totalCpu.toFixed(1)} s`,
  mb(peakOfSteps),
  "",
]);

const mdTable = ([head = [], ...body]: string[][]) =>
  [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...body.map((x) => `| ${x.join(" | ")} |`),
  ].join("\n");
const sizeRows = [
  ["output", "files", "size"],
  ["dist/ (whole site)", site.files.toLocaleString("en-GB"), mb(site.bytes)],
  ["dist/ HTML pages", site.htmlFiles.toLocaleString("en-GB"), mb(site.htmlBytes)],
  ["dist/pagefind (search index)", index.files.toLocaleString("en-GB"), mb(index.bytes)],
  ["dist/suggest (suggestion index)", suggestIndex.files.toLocaleString("en-GB"), mb(suggestIndex.bytes)],
];
/** A row of the search table for one measured query. */
const searchRow = (label: string, m: SearchResult["first"]) => [
  label,
  `"${m.query}"`,
  kB(m.bytes),
  String(m.requests),
  `${m.ms} ms`,
  m.results,
];

const searchRows = search
  ? [
      ["in Chromium", "query", "transferred", "requests", "time", "results"],
      [
        "load /search/",
        "",
        `${kB(search.page.bytes)} (Pagefind ${kB(search.page.pagefindBytes)})`,
        String(search.page.requests),
        `${search.page.ms} ms`,
        "",
      ],
      searchRow("first search", search.first),
      [
        "first search, counting Pagefind's start-up",
        "",
        kB(search.page.pagefindBytes + search.first.bytes),
        "",
        "",
        "",
      ],
      searchRow("second search", search.second),
    ]
  : null;
const suggestRows = suggestion
  ? [
      ["header box in Chromium", "query", "transferred", "requests", "time", "suggestions"],
      [
        "first suggestion",
        `"${suggestion.query}"`,
        kB(suggestion.first.bytes),
        String(suggestion.first.requests),
        `${suggestion.first.ms} ms from the first key`,
        suggestion.first.suggestion,
      ],
      [
        "whole query",
        `"${suggestion.query}"`,
        kB(suggestion.whole.bytes),
        String(suggestion.whole.requests),
        `${suggestion.loadedMs} ms from the last key, shards loaded`,
        `${suggestion.whole.suggestions.includes(suggestion.expected) ? "finds" : "**misses**"} ${suggestion.expected} (${suggestion.whole.suggestions.length} shown)`,
      ],
    ]
  : null;
// Where the build's time goes, from Astro's own log: the slowest routes first.
const buildLog = build ? routeCosts(build.log) : null;
const routeRows = buildLog
  ? [
      ["astro build (inside build + index), by route", "pages", "wall time", "per page", "slowest page"],
      ["(bundling with Vite, before any page)", "", `${buildLog.bundleSeconds} s`, "", ""],
      ...[...buildLog.routes]
        .sort((a, b) => b.wallSeconds - a.wallSeconds || b.pageMs - a.pageMs)
        .slice(0, 12)
        .map((r) => [
          r.route.replace(/^src\/pages\//, ""),
          String(r.pages || 1),
          `${r.wallSeconds} s`,
          r.pages > 1 ? `${((r.wallSeconds * 1000) / r.pages).toFixed(2)} ms` : "",
          `${r.slowestPageMs} ms`,
        ]),
    ]
  : null;
const budgetRows = [
  ["budget (set for 100,000 employers)", "limit", "measured", "result"],
  ...budgets.map((b) => [
    b.what,
    b.limit,
    b.measured,
    b.pass === null ? "not measured" : `${b.pass ? "pass" : "**FAIL**"}: ${b.by}`,
  ]),
];

const md = [
  `# Benchmark: ${size.toLocaleString("en-GB")} employers`,
  "",
  `Run ${startedAt.toISOString()} at commit ${commit} with seed ${seed}, events up to ${until}.`,
  `Machine: ${machine.cpu}, ${machine.memory} RAM, ${machine.os}, Node ${machine.node}. Load average (1, 5, 15 min) ${machine.loadAverage.before.join(", ")} before and ${machine.loadAverage.after.join(", ")} after: the machine is shared, so timings are noisy.`,
  "",
  mdTable(rows),
  "",
  mdTable(sizeRows),
  "",
  ...(routeRows
    ? [
        mdTable(routeRows),
        "",
        "Route wall times come from the build log's one-second timestamps; the twelve slowest routes are shown.",
        "",
      ]
    : []),
  searchRows ? mdTable(searchRows) : `Search in Chromium: ${searchSkipped || "not measured"}.`,
  "",
  ...(suggestRows
    ? [
        mdTable(suggestRows),
        "",
        "Suggestion bytes count every response from the first key typed into the header box on /about/ (the page's own load is not counted): the shard list and the shards each key needed.",
        "",
      ]
    : []),
  mdTable(budgetRows),
  "",
  ...(failure ? [`**The benchmark stopped early:** ${failure}`, ""] : []),
  ...notes.map((n) => `- ${n}`),
  ...(notes.length ? [""] : []),
  "CPU time is user plus system time of the step's processes: on a shared machine it moves less than wall time, so for a single-threaded step it is the better guide to the wall time on an idle one. Search time runs from typing the query to the results on the page, including the page's 250 ms pause for typing to stop. Peak memory is the largest single process's: its high-water mark while sampling, or /usr/bin/time's maximum RSS; the build's note also gives each of its processes and the sampled sum of all of them at once. Search bytes are as sent by a server that gzips text, as static hosts do.",
  "",
].join("\n");

writeFileSync(join(resultsDir, `${label}.md`), md);
writeFileSync(
  join(resultsDir, `${label}.json`),
  `${JSON.stringify(
    {
      size,
      seed,
      until,
      commit,
      startedAt: startedAt.toISOString(),
      machine,
      counts,
      importVia,
      failure: failure || null,
      steps: steps.map(({ name, ms, peakSingleBytes, peakSumBytes, peakByProcess, cpuSeconds, exitCode }) => ({
        name,
        ms: Math.round(ms),
        cpuSeconds,
        peakBytes: peakSingleBytes,
        peakSumBytes,
        peakByProcess,
        exitCode,
      })),
      totalMs: totalMs && Math.round(totalMs),
      buildIndexMs: buildIndexMs && Math.round(buildIndexMs),
      importRowsPerSecond: rowsPerSecond && Math.round(rowsPerSecond),
      figuresCommandMs: figuresCommandMs.map(Math.round),
      lwdStartupMs: startupMs.map(Math.round),
      figuresQuery,
      site,
      searchIndex: index,
      suggestIndex,
      search,
      searchSkipped: searchSkipped || null,
      suggestion,
      budgets,
      buildRoutes: buildLog,
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`${md}\n`);
say(`bench ${label}: results in ${join(resultsDir, `${label}.md`)} and .json`);
if (!args.keep && !failure) discard(work);
const budgetFailed = budgets.some((b) => b.pass === false);
process.exitCode = failure ? 1 : args.strict && budgetFailed ? 1 : 0;
