/**
 * Faults the campaign's record must survive: a locked or read-only database, two writers at once, and
 * `lwd db check` finding each invariant that someone breaks by hand in SQL. Every case runs the real `lwd`.
 */
import Database from "better-sqlite3";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { countRows, freshDatabase, lwd, lwdAsync, tableHashes, tempDir } from "../fixtures/hostile/support.ts";

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

const IMPORT_HEADER = "name,companies_house_number,sector,size,area,website,event,date,rate_area,hourly_rate,workers_covered,workers_uplifted,source_url,note";
const EVENT = ["event", "add", "barclays", "--event", "accredited", "--date", "2020-01-01", "--source", "https://example.org/fictional/accredited", "--as", "ben"];

describe("lwd db check finds each invariant broken by hand", () => {
  let base: string;
  beforeAll(() => {
    base = freshDatabase();
    expect(lwd(base, ["employer", "add", "--name", "Fictional Bakery", "--sector", "I", "--area", "Hackney", "--as", "ben"]).code).toBe(0);
    expect(lwd(base, ["event", "add", "fictional-bakery", "--event", "pledged", "--date", "2020-01-01", "--source", "https://example.org/fictional/bakery", "--as", "ben"]).code).toBe(0);
  });

  it("passes a sound database", () => {
    const r = lwd(copyOf(base, "sound.sqlite"), ["db", "check", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, problems: [] });
  });

  const cases: { name: string; sql: string; check: RegExp }[] = [
    {
      name: "an event recorded before its employer existed",
      sql: `UPDATE commitment_events SET recorded_at = '2001-01-01T00:00:00.000Z'
            WHERE employer_id = (SELECT id FROM employers WHERE slug = 'fictional-bakery')`,
      check: /event before its employer existed: event \d+ of fictional-bakery was recorded at 2001-01-01/,
    },
    {
      name: "a reinstatement with no lapse, revocation or withdrawal before it",
      sql: `INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, source_url, recorded_by)
            SELECT id, 'reinstated', '2021-01-01', 'london', 'https://example.org/fictional/reinstated', 1 FROM employers WHERE slug = 'fictional-bakery'`,
      check: /reinstatement without a lapse: event \d+ of fictional-bakery reinstates on 2021-01-01/,
    },
    {
      name: "a rate implemented below the living wage in force",
      sql: `INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, rate_pence, source_url, recorded_by)
            SELECT id, 'rate_implemented', '2021-01-01', 'london', 760, 'https://example.org/fictional/rate', 1 FROM employers WHERE slug = 'fictional-bakery'`,
      check: /rate below the living wage: event \d+ of fictional-bakery on 2021-01-01 implements 760p/,
    },
    {
      name: "a slug redirect to an employer that does not exist",
      sql: `PRAGMA foreign_keys = OFF; INSERT INTO slug_redirects (old_slug, employer_id) VALUES ('ghost-employer', 999999)`,
      check: /orphan slug redirect: redirect from "ghost-employer" points to employer 999999/,
    },
    {
      name: "a slug redirect from a slug an employer uses again",
      sql: `INSERT INTO slug_redirects (old_slug, employer_id) SELECT 'fictional-bakery', id FROM employers WHERE slug = 'barclays'`,
      check: /orphan slug redirect: redirect from "fictional-bakery"/,
    },
    {
      name: "an event whose employer row is missing (foreign key)",
      sql: `PRAGMA foreign_keys = OFF; INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, source_url, recorded_by)
            VALUES (888888, 'pledged', '2021-01-01', 'uk', 'https://example.org/fictional/orphan', 1)`,
      check: /foreign key: commitment_events row \d+ points to a missing employers row/,
    },
  ];

  for (const c of cases) {
    it(`exits 1 and names ${c.name}`, () => {
      const db = copyOf(base, "broken.sqlite");
      breakByHand(db, c.sql);
      const r = lwd(db, ["db", "check"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(c.check);
      expect(r.stderr).not.toMatch(/unexpected error/);
    });
  }
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
    writeFileSync(csv, `${IMPORT_HEADER}\nFictional Import Waiter,,I,,Camden,,pledged,2024-01-01,london,,,,https://example.org/fictional/waiter,\n`);
    const writes: string[][] = [
      ["employer", "add", "--name", "Fictional Waiting Works", "--sector", "K", "--area", "Hackney", "--as", "ben"],
      ["employer", "edit", "barclays", "--website", "https://example.org/fictional/barclays", "--why", "a test of waiting", "--as", "amira"],
      ["event", "add", "barclays", "--event", "rate_implemented", "--date", "2024-06-01", "--rate", "15", "--source", "https://example.org/fictional/waited", "--as", "ben"],
      ["contributor", "add", "cara", "--name", "Cara Waiting", "--role", "campaigner", "--as", "amira"],
      ["import", csv, "--as", "ben"],
    ];
    const runs = writes.map((args) => lwdAsync(db, args));
    await new Promise((r) => setTimeout(r, 2000));
    holder.exec("COMMIT");
    holder.close();
    const results = await Promise.all(runs.map((r) => r.done));
    results.forEach((r, i) => expect(r.code, `${writes[i]!.slice(0, 2).join(" ")}: ${r.stderr}`).toBe(0));
    const sqlite = new Database(db, { readonly: true });
    const one = (sql: string) => sqlite.prepare(sql).pluck().get();
    expect(one("SELECT name FROM sectors WHERE code = 'ZZ'")).toBe("Fictional sector held by another writer");
    expect(one("SELECT count(*) FROM employers WHERE name IN ('Fictional Waiting Works', 'Fictional Import Waiter')")).toBe(2);
    expect(one("SELECT website FROM employers WHERE slug = 'barclays'")).toBe("https://example.org/fictional/barclays");
    expect(one("SELECT count(*) FROM commitment_events WHERE source_url = 'https://example.org/fictional/waited'")).toBe(1);
    expect(one("SELECT count(*) FROM contributors WHERE handle = 'cara'")).toBe(1);
    sqlite.close();
  }, 60_000);

  it("two lwd writers at once both succeed: no write is lost", async () => {
    const runs = [0, 1].map((n) =>
      lwdAsync(db, ["event", "add", "barclays", "--event", "rate_implemented", "--date", "2024-06-01", "--rate", String(15 + n), "--source", `https://example.org/fictional/race-${n}`, "--as", "ben"]),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const sqlite = new Database(db, { readonly: true });
    const sources = (sqlite.prepare("SELECT source_url AS s FROM commitment_events WHERE source_url LIKE 'https://example.org/fictional/race-%'").all() as { s: string }[]).map((r) => r.s).sort();
    sqlite.close();
    expect(sources).toEqual(["https://example.org/fictional/race-0", "https://example.org/fictional/race-1"]);
  });

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

/** Whether `pid` holds SQLite's WAL write lock (byte 120 of the -shm file): its write transaction is open. */
function holdsWriteLock(pid: number, shmInode: number): boolean {
  const locks = readFileSync("/proc/locks", "utf8");
  return new RegExp(`POSIX\\s+ADVISORY\\s+WRITE\\s+${pid}\\s+\\S+:${shmInode}\\s+120\\s+120\\b`).test(locks);
}

describe("crashes and damaged backups", () => {
  it("kill -9 in the middle of a large import's write leaves every table exactly as before, and the database sound", async () => {
    const dir = tempDir();
    const db = freshDatabase(dir);
    const csv = join(dir, "large.csv");
    expect(lwd("", ["generate", "--employers", "3000", "--out", csv, "--quiet"]).code).toBe(0);
    expect(readFileSync(csv, "utf8").split("\n").length).toBeGreaterThan(20_000);
    // An open reader keeps the -shm file in place, so its inode can be watched; it takes no write lock.
    const reader = new Database(db, { readonly: true });
    reader.prepare("SELECT count(*) FROM employers").get();
    const shm = statSync(`${db}-shm`).ino;
    const before = tableHashes(db);

    const importing = lwdAsync(db, ["import", csv, "--new", "--as", "amira"]);
    const pid = importing.child.pid!;
    let seen = 0;
    const killedMidWrite = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        // Killed once the import has held the write lock for a few polls: well inside its transaction.
        seen = holdsWriteLock(pid, shm) ? seen + 1 : 0;
        if (seen >= 3) {
          clearInterval(timer);
          importing.child.kill("SIGKILL");
          resolve(true);
        }
      }, 5);
      importing.done.then(() => {
        clearInterval(timer);
        resolve(false);
      });
    });
    const r = await importing.done;
    reader.close();
    expect(killedMidWrite, `the import ended before it could be killed: ${r.stderr}`).toBe(true);
    expect(r.signal).toBe("SIGKILL");
    expect(tableHashes(db)).toEqual(before);
    const check = lwd(db, ["db", "check"]);
    expect(check.code, check.stderr).toBe(0);
  }, 120_000);

  it("refuses to restore a truncated backup, names the problem, and leaves the live database as it was", () => {
    const dir = tempDir();
    const db = freshDatabase(dir);
    expect(lwd(db, ["employer", "add", "--name", "Fictional Restored Rooms", "--sector", "I", "--area", "Hackney", "--as", "ben"]).code).toBe(0);
    const backup = join(dir, "backup.sqlite");
    const made = lwd(db, ["db", "backup", backup]);
    expect(made.code, made.stderr).toBe(0);
    const size = statSync(backup).size;
    const pageSize = readFileSync(backup).readUInt16BE(16);
    const before = tableHashes(db);
    const cuts: [string, number][] = [
      ["one whole page short", size - pageSize],
      ["one byte short", size - 1],
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
