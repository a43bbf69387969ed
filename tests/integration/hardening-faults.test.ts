/**
 * Faults the campaign's record must survive: a locked or read-only database, two writers at once, and
 * `lwd db check` finding each invariant that someone breaks by hand in SQL. Every case runs the real `lwd`.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { countRows, freshDatabase, lwd, lwdAsync, tempDir } from "../fixtures/hostile/support.ts";

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

  it("a writer waits for another process's write to finish, then both writes are kept", async () => {
    const holder = new Database(db);
    holder.pragma("busy_timeout = 10000");
    holder.exec("BEGIN IMMEDIATE");
    holder.prepare("INSERT INTO sectors (code, name) VALUES ('ZZ', 'Fictional sector held by another writer')").run();
    const before = countRows(db, "commitment_events");
    const waiting = lwdAsync(db, EVENT);
    await new Promise((r) => setTimeout(r, 2000));
    holder.exec("COMMIT");
    holder.close();
    const r = await waiting.done;
    expect(r.code, r.stderr).toBe(0);
    expect(countRows(db, "commitment_events")).toBe(before + 1);
    expect(countRows(db, "sectors")).toBeGreaterThan(0);
    const kept = new Database(db, { readonly: true });
    expect(kept.prepare("SELECT name FROM sectors WHERE code = 'ZZ'").get()).toEqual({ name: "Fictional sector held by another writer" });
    kept.close();
  });

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
