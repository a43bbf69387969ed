/**
 * Faults the campaign's record must survive, through the real `lwd`: a database broken by hand, writers that meet
 * another process's write, and backups cut short where it is hardest to see. The importer's own faults (kill -9
 * mid-write, two imports at once) are proved in import-scale.test.ts, restore's other refusals in backup.test.ts.
 */
import Database from "better-sqlite3";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countRows,
  freshDatabase,
  lwd,
  lwdAsync,
  removeTempDirs,
  tableHashes,
  tempDir,
} from "../fixtures/hostile/support.ts";

afterAll(removeTempDirs);

/** A consistent copy of a database, so each case breaks its own. */
function copyOf(source: string, name: string): string {
  const target = join(tempDir(), name);
  const sqlite = new Database(source, { readonly: true });
  sqlite.exec(`VACUUM INTO '${target.replace(/'/g, "''")}'`);
  sqlite.close();
  return target;
}

/** Runs SQL on a database as someone with a shell would, bypassing the tool. */
function breakByHand(dbPath: string, sql: string): void {
  const sqlite = new Database(dbPath);
  sqlite.exec(sql);
  sqlite.close();
}

const IMPORT_HEADER =
  "name,companies_house_number,sector,size,area,website,event,date,rate_area,hourly_rate,workers_covered,workers_uplifted,source_url,note";
const EVENT = [
  "event",
  "add",
  "barclays",
  "--event",
  "accredited",
  "--date",
  "2020-01-01",
  "--source",
  "https://example.org/fictional/accredited",
  "--as",
  "ben",
];

describe("lwd db check, from the command line", () => {
  // tests/integration/check.test.ts proves each rule in-process; this proves the command a person runs: its exit
  // code, and a line naming every broken invariant at once, from a database broken by hand outside the tool.
  it("passes a sound database, then exits 1 naming every invariant broken by hand in SQL", () => {
    const db = freshDatabase();
    expect(
      lwd(db, ["employer", "add", "--name", "Fictional Bakery", "--sector", "I", "--area", "Hackney", "--as", "ben"])
        .code,
    ).toBe(0);
    expect(
      lwd(db, [
        "event",
        "add",
        "fictional-bakery",
        "--event",
        "pledged",
        "--date",
        "2020-01-01",
        "--source",
        "https://example.org/fictional/bakery",
        "--as",
        "ben",
      ]).code,
    ).toBe(0);
    const sound = lwd(db, ["db", "check"]);
    expect(sound.code, sound.stderr).toBe(0);

    const broken = copyOf(db, "broken.sqlite");
    const bakery = "(SELECT id FROM employers WHERE slug = 'fictional-bakery')";
    breakByHand(
      broken,
      `UPDATE commitment_events SET recorded_at = '2001-01-01T00:00:00.000Z' WHERE employer_id = ${bakery};
       INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, source_url, recorded_by)
         VALUES (${bakery}, 'reinstated', '2021-01-01', 'london', 'https://example.org/fictional/reinstated', 1);
       INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, rate_pence, source_url, recorded_by)
         VALUES (${bakery}, 'rate_implemented', '2021-02-01', 'london', 760, 'https://example.org/fictional/rate', 1);
       PRAGMA foreign_keys = OFF;
       INSERT INTO slug_redirects (old_slug, employer_id) VALUES ('ghost-employer', 999999);`,
    );
    const r = lwd(broken, ["db", "check"]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/unexpected error/);
    for (const named of [
      /event before its employer existed: event \d+ of fictional-bakery was recorded at 2001-01-01/,
      /reinstatement without a lapse: event \d+ of fictional-bakery reinstates on 2021-01-01/,
      /rate below the living wage: event \d+ of fictional-bakery on 2021-02-01 implements 760p/,
      /orphan slug redirect: redirect from "ghost-employer" points to employer 999999/,
      /foreign key: slug_redirects row \d+ points to a missing employers row/,
    ])
      expect(r.stderr).toMatch(named);
  });
});

describe("a locked or read-only database", () => {
  let db: string;
  beforeAll(() => {
    db = freshDatabase();
  });

  it("every kind of write waits for another process's write to finish, then all the writes are kept", async () => {
    const holder = new Database(db);
    holder.exec("BEGIN IMMEDIATE");
    holder.prepare("INSERT INTO sectors (code, name) VALUES ('ZZ', 'Fictional sector held by another writer')").run();
    const dir = tempDir();
    const csv = join(dir, "one.csv");
    writeFileSync(
      csv,
      `${IMPORT_HEADER}\nFictional Import Waiter,,I,,Camden,,pledged,2024-01-01,london,,,,https://example.org/fictional/waiter,\n`,
    );
    const writes: string[][] = [
      ["employer", "add", "--name", "Fictional Waiting Works", "--sector", "K", "--area", "Hackney", "--as", "ben"],
      [
        "employer",
        "edit",
        "barclays",
        "--website",
        "https://example.org/fictional/barclays",
        "--why",
        "a test of waiting",
        "--as",
        "amira",
      ],
      [
        "event",
        "add",
        "barclays",
        "--event",
        "rate_implemented",
        "--date",
        "2024-06-01",
        "--rate",
        "15",
        "--source",
        "https://example.org/fictional/waited",
        "--as",
        "ben",
      ],
      ["contributor", "add", "cara", "--name", "Cara Waiting", "--role", "campaigner", "--as", "amira"],
      ["import", csv, "--as", "ben"],
    ];
    const runs = writes.map((args) => lwdAsync(db, args));
    await new Promise((r) => setTimeout(r, 2000));
    holder.exec("COMMIT");
    holder.close();
    const results = await Promise.all(runs.map((r) => r.done));
    results.forEach((r, i) => expect(r.code, `${writes[i]?.slice(0, 2).join(" ")}: ${r.stderr}`).toBe(0));
    const sqlite = new Database(db, { readonly: true });
    const one = (sql: string) => sqlite.prepare(sql).pluck().get();
    expect(one("SELECT name FROM sectors WHERE code = 'ZZ'")).toBe("Fictional sector held by another writer");
    expect(
      one("SELECT count(*) FROM employers WHERE name IN ('Fictional Waiting Works', 'Fictional Import Waiter')"),
    ).toBe(2);
    expect(one("SELECT website FROM employers WHERE slug = 'barclays'")).toBe("https://example.org/fictional/barclays");
    expect(
      one("SELECT count(*) FROM commitment_events WHERE source_url = 'https://example.org/fictional/waited'"),
    ).toBe(1);
    expect(one("SELECT count(*) FROM contributors WHERE handle = 'cara'")).toBe(1);
    sqlite.close();
  }, 60_000);

  it("a file still in rollback-journal mode (a copy, say) is switched to WAL by writers that wait for a held write instead of failing", async () => {
    // SQLite answers the second of two racing switches with SQLITE_BUSY at once, without waiting: lwd waits itself.
    const path = freshDatabase(tempDir());
    const holder = new Database(path);
    holder.pragma("journal_mode = DELETE");
    holder.exec("BEGIN IMMEDIATE");
    holder.prepare("INSERT INTO sectors (code, name) VALUES ('ZX', 'Fictional sector held in rollback mode')").run();
    const writes: string[][] = [
      ["employer", "add", "--name", "Fictional Rollback Works", "--sector", "K", "--area", "Hackney", "--as", "ben"],
      [
        "event",
        "add",
        "barclays",
        "--event",
        "rate_implemented",
        "--date",
        "2024-06-01",
        "--rate",
        "15",
        "--source",
        "https://example.org/fictional/rollback",
        "--as",
        "ben",
      ],
    ];
    const runs = writes.map((args) => lwdAsync(path, args));
    // Long enough for both to start and reach the switch; the commit then needs them to let go of their read locks.
    await new Promise((r) => setTimeout(r, 2000));
    holder.exec("COMMIT");
    holder.close();
    const results = await Promise.all(runs.map((r) => r.done));
    results.forEach((r, i) => expect(r.code, `${writes[i]?.slice(0, 2).join(" ")}: ${r.stderr}`).toBe(0));
    const sqlite = new Database(path, { readonly: true });
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.prepare("SELECT count(*) FROM employers WHERE name = 'Fictional Rollback Works'").pluck().get()).toBe(
      1,
    );
    expect(
      sqlite
        .prepare("SELECT count(*) FROM commitment_events WHERE source_url = 'https://example.org/fictional/rollback'")
        .pluck()
        .get(),
    ).toBe(1);
    expect(sqlite.prepare("SELECT count(*) FROM sectors WHERE code = 'ZX'").pluck().get()).toBe(1);
    sqlite.close();
  }, 60_000);

  it("a write while another process holds the database longer than the busy timeout is refused clearly and changes nothing", () => {
    const holder = new Database(db);
    holder.exec("BEGIN EXCLUSIVE");
    holder.prepare("INSERT INTO sectors (code, name) VALUES ('ZY', 'Fictional sector never committed')").run();
    const before = countRows(db, "commitment_events");
    const started = Date.now();
    const r = lwd(db, EVENT);
    const waited = Date.now() - started;
    holder.exec("ROLLBACK");
    holder.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/database is busy with another write; nothing was changed/);
    // It waited for the busy timeout rather than failing at once.
    expect(waited).toBeGreaterThan(5000);
    expect(countRows(db, "commitment_events")).toBe(before);
  }, 40_000);
});

describe("damaged backups", () => {
  // backup.test.ts refuses a file cut in half, a foreign one and a scribbled one; these are the cuts that look whole.
  it("refuses to restore a truncated backup, names the problem, and leaves the live database as it was", () => {
    const dir = tempDir();
    const db = freshDatabase(dir);
    expect(
      lwd(db, [
        "employer",
        "add",
        "--name",
        "Fictional Restored Rooms",
        "--sector",
        "I",
        "--area",
        "Hackney",
        "--as",
        "ben",
      ]).code,
    ).toBe(0);
    const backup = join(dir, "backup.sqlite");
    const made = lwd(db, ["db", "backup", backup]);
    expect(made.code, made.stderr).toBe(0);
    const size = statSync(backup).size;
    const pageSize = readFileSync(backup).readUInt16BE(16);
    const before = tableHashes(db);
    const cuts: [string, number][] = [
      ["one whole page short", size - pageSize],
      ["the header only", 100],
    ];
    for (const [what, length] of cuts) {
      const truncated = join(dir, `truncated-${length}.sqlite`);
      writeFileSync(truncated, readFileSync(backup).subarray(0, length));
      expect(statSync(truncated).size).toBe(length);
      const r = lwd(db, ["db", "restore", truncated, "--force"]);
      expect(r.code, `${what}: ${r.stderr}`).toBe(1);
      expect(r.stderr, what).toMatch(/truncated|not an SQLite database|damaged|cannot be read/);
      expect(r.stderr, what).toMatch(/nothing was changed/);
      expect(tableHashes(db), what).toEqual(before);
    }
    // The whole backup still restores.
    const ok = lwd(db, ["db", "restore", backup, "--force"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);
  }, 60_000);
});
