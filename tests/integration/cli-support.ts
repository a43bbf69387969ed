/** Shared by the CLI, import, export and backup tests: the real `lwd` in a child process and fresh databases. */
import Database from "better-sqlite3";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openFreshDatabase, type Db } from "../../db/client.ts";
import type { Contributor } from "../../db/domain/contributors.ts";
import { IMPORT_COLUMNS } from "../../db/domain/import.ts";

export const ROOT = join(import.meta.dirname, "../..");
const LWD = join(ROOT, "bin/lwd.mjs");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `lwd` against `dbPath` and waits for it; stdin is not a terminal. */
export function lwd(dbPath: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [LWD, "--db", dbPath, ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, LWD_AS: "", LWD_DB: "", ...env },
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the real `lwd` without waiting. */
export function lwdAsync(
  dbPath: string,
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [LWD, "--db", dbPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, LWD_AS: "", LWD_DB: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const madeDirs: string[] = [];

/** A fresh temporary directory, removed when the test file finishes (large imports leave large files). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "lwd-test-"));
  madeDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  template = null;
});

let template: string | null = null;

/**
 * A migrated, seeded database file with a member of staff (`sam`) and a campaigner (`cam`), copied from one
 * built once per test file from the real migrations.
 */
export function freshDatabaseFile(dir = tempDir()): string {
  if (!template) {
    template = join(tempDir(), "template.sqlite");
    const db = openFreshDatabase(template);
    addContributors(db);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.pragma("journal_mode = DELETE");
    db.$client.close();
  }
  const path = join(dir, "lwd.sqlite");
  copyFileSync(template, path);
  return path;
}

function addContributors(db: Db): void {
  db.$client
    .exec(`INSERT INTO contributors (handle, name, email, role) VALUES ('sam', 'Sam Staff', 'sam@example.org', 'staff');
    INSERT INTO contributors (handle, name, email, role) VALUES ('cam', 'Cam Campaigner', 'cam@example.org', 'campaigner');`);
}

/** A fresh in-memory database with `sam` (staff) and `cam` (campaigner); returns both contributors. */
export function freshMemoryDatabase(): { db: Db; staff: Contributor; campaigner: Contributor } {
  const db = openFreshDatabase(":memory:");
  addContributors(db);
  const get = (h: string) =>
    db.$client.prepare("SELECT id, handle, name, role FROM contributors WHERE handle = ?").get(h) as Contributor;
  return { db, staff: get("sam"), campaigner: get("cam") };
}

/** A CSV file from rows of cells keyed by column; the header is the import header. */
export function csvOf(
  rows: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>[],
  options: { eol?: string; bom?: boolean } = {},
): string {
  const eol = options.eol ?? "\n";
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [IMPORT_COLUMNS.join(","), ...rows.map((r) => IMPORT_COLUMNS.map((c) => quote(r[c] ?? "")).join(","))];
  return `${options.bom ? "\uFEFF" : ""}${lines.join(eol)}${eol}`;
}

/** A valid pledge row for a fictional employer. */
export function pledgeRow(name: string, extra: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>> = {}) {
  return {
    name,
    sector: "I",
    area: "Hackney",
    event: "pledged",
    date: "2020-01-15",
    source_url: "https://example.org/fictional/pledges",
    ...extra,
  };
}

export function writeCsv(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** One hash over every row of every table: equal hashes mean the database holds the same data. */
export function contentHash(dbPath: string | Database.Database): string {
  const sqlite = typeof dbPath === "string" ? new Database(dbPath, { readonly: true }) : dbPath;
  const hash = createHash("sha256");
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(`#${name}\n`);
    for (const row of sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).iterate())
      hash.update(`${JSON.stringify(row)}\n`);
  }
  if (typeof dbPath === "string") sqlite.close();
  return hash.digest("hex");
}

export function countOf(sqlite: Database.Database, table: string): number {
  return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
