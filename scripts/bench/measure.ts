/** Runs one benchmark step as a child process: wall time, and peak memory of the whole process tree. */
import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export interface StepResult {
  name: string;
  ms: number;
  /** Peak resident memory of the step's process tree, in bytes (see runStep). */
  peakBytes: number;
  /** The largest single process's peak, and the peak of the tree's sum, in bytes. */
  peakSingleBytes: number;
  peakSumBytes: number;
  /** The peak of each kind of process in the tree (see processLabel), in bytes: for steps that run parts side by side. */
  peakByProcess: Record<string, number>;
  /** User plus system CPU seconds of the step and its children, from /usr/bin/time; null without it. On a shared
   * machine this moves less than wall time, so it is the better guide to a single-threaded step's cost. */
  cpuSeconds: number | null;
  exitCode: number;
  log: string;
}

const PAGE = 4096;
const TIME = "/usr/bin/time";

/** Parent pid of every live process, read from /proc/PID/stat (the field after the parenthesised name). */
function parents(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid);
      if (list) list.push(pid);
      else children.set(ppid, [pid]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return children;
}

function descendants(root: number): number[] {
  const children = parents();
  const out = [root];
  for (const pid of out) out.push(...(children.get(pid) ?? []));
  return out;
}

function residentBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE;
  } catch {
    return 0;
  }
}

function highWaterBytes(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** What a process of a step is, from its command line: the parts of the site's build, Pagefind's binary, or its name. */
function processLabel(pid: number): string {
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return "";
  }
  const line = argv.join(" ");
  if (argv.some((a) => a.endsWith("astro/bin/astro.mjs"))) return "astro build";
  if (/build\/search\.ts/.test(line)) return "search index (Node)";
  if (/pagefind/i.test(argv[0] ?? "")) return "search index (Pagefind's binary)";
  if (/build\/downloads\.ts/.test(line)) return "downloads";
  if (/build\/employer-pages\.ts/.test(line)) return "employer pages (two worker threads)";
  return argv[0]?.split("/").pop() ?? "";
}

/**
 * Runs `command args` and measures it. Peak memory is the larger of: the sampled sum of resident memory across the
 * child's process tree (every 100 ms, so helpers such as Pagefind's binary count too), the largest single process's
 * high-water mark seen while sampling, and the max RSS that /usr/bin/time reports for the largest descendant.
 */
export async function runStep(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; logDir: string; stdoutFile?: string },
): Promise<StepResult> {
  const log = join(options.logDir, `${name.replace(/[^a-z0-9]+/gi, "-")}.log`);
  const logFd = openSync(log, "w");
  const outFd = options.stdoutFile ? openSync(options.stdoutFile, "w") : logFd;
  const timeFile = join(options.logDir, `${name.replace(/[^a-z0-9]+/gi, "-")}.maxrss`);
  const useTime = existsSync(TIME);
  const [cmd, argv] = useTime ? [TIME, ["-f", "%M %U %S", "-o", timeFile, command, ...args]] : [command, args];
  const started = process.hrtime.bigint();
  const child = spawn(cmd, argv, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", outFd, logFd],
  });
  let peakSum = 0;
  let peakSingle = 0;
  const labels = new Map<number, string>();
  const peakByProcess: Record<string, number> = {};
  const sample = () => {
    if (child.pid === undefined) return;
    let sum = 0;
    for (const pid of descendants(child.pid)) {
      sum += residentBytes(pid);
      const hwm = highWaterBytes(pid);
      peakSingle = Math.max(peakSingle, hwm);
      if (!labels.has(pid)) labels.set(pid, processLabel(pid));
      const label = labels.get(pid) ?? "";
      if (label && label !== "time") peakByProcess[label] = Math.max(peakByProcess[label] ?? 0, hwm);
    }
    peakSum = Math.max(peakSum, sum);
  };
  const timer = setInterval(sample, 100);
  const exitCode = await new Promise<number>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))),
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(timer);
  closeSync(logFd);
  if (outFd !== logFd) closeSync(outFd);
  let timeMax = 0;
  let cpuSeconds: number | null = null;
  if (useTime && existsSync(timeFile)) {
    // The last line is "maxKB user system"; a line before it may say the command exited non-zero.
    const [kb = NaN, user = NaN, system = NaN] = (readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "")
      .split(" ")
      .map(Number);
    if (Number.isFinite(kb)) timeMax = kb * 1024;
    if (Number.isFinite(user) && Number.isFinite(system)) cpuSeconds = user + system;
    rmSync(timeFile);
  }
  return {
    name,
    ms,
    peakBytes: Math.max(peakSum, peakSingle, timeMax),
    peakSingleBytes: Math.max(peakSingle, timeMax),
    peakSumBytes: peakSum,
    peakByProcess,
    cpuSeconds,
    exitCode,
    log,
  };
}

/** The last lines of a step's log, to show why it failed. */
export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
