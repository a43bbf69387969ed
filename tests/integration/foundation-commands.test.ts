import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const LWD = join(import.meta.dirname, "../../bin/lwd.mjs");

/** Runs the real `lwd` against `dbPath`. */
function lwd(dbPath: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [LWD, "--db", dbPath, ...args], {
    encoding: "utf8",
    env: { ...process.env, LWD_AS: "", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every row of every table, to prove a refused command changed nothing. */
function snapshot(dbPath: string): string {
  const sqlite = new Database(dbPath, { readonly: true });
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  const dump = JSON.stringify(tables.map((t) => sqlite.prepare(`SELECT * FROM "${t.name}"`).all()));
  sqlite.close();
  return dump;
}

describe("lwd, the foundation commands", () => {
  let db: string;
  beforeAll(() => {
    db = join(mkdtempSync(join(tmpdir(), "lwd-")), "test.sqlite");
    expect(lwd(db, ["db", "migrate"]).code).toBe(0);
    expect(lwd(db, ["contributor", "add", "amira", "--name", "Amira Staff", "--role", "staff"]).code).toBe(0);
    expect(
      lwd(db, ["contributor", "add", "ben", "--name", "Ben Campaigner", "--role", "campaigner", "--as", "amira"]).code,
    ).toBe(0);
  });

  it("reports the seeded figures as JSON on a date", () => {
    const r = lwd(db, ["figures", "--as-of", "2010-06-09", "--json"]);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f).toMatchObject({
      asOf: "2010-06-09",
      accreditedEmployers: 0,
      pledgedEmployers: 12,
      workersCovered: null,
      workersCoveredReason: "not recorded (0 of 0 accredited employers report it)",
      workersUplifted: null,
      workersUpliftedReason: "not recorded (0 of 0 accredited employers report it)",
    });
    expect(Array.isArray(f.bySector) && Array.isArray(f.byArea)).toBe(true);
  });

  it("adds an employer and its pledge, shows it and finds it, with an audit row for each write", () => {
    const add = lwd(
      db,
      [
        "employer",
        "add",
        "--name",
        "Fictional Tea Rooms",
        "--sector",
        "I",
        "--area",
        "Hackney",
        "--size",
        "small",
        "--other-name",
        "The Tea Rooms",
        "--json",
      ],
      { LWD_AS: "ben" },
    );
    expect(add.stderr).toBe("");
    expect(add.code).toBe(0);
    const { slug } = JSON.parse(add.stdout);
    expect(slug).toBe("fictional-tea-rooms");
    const ev = lwd(db, [
      "event",
      "add",
      slug,
      "--event",
      "pledged",
      "--date",
      "2024-03-01",
      "--source",
      "https://example.org/fictional/tea",
      "--as",
      "ben",
    ]);
    expect(ev.code).toBe(0);
    const shown = JSON.parse(lwd(db, ["employer", "show", slug, "--json"]).stdout);
    expect(shown).toMatchObject({
      name: "Fictional Tea Rooms",
      status: "pledged",
      since: "2024-03-01",
      rateArea: "london",
      areaName: "Hackney",
      otherNames: ["The Tea Rooms"],
    });
    expect(
      JSON.parse(lwd(db, ["employer", "find", "tea rooms", "--json"]).stdout).map((e: { slug: string }) => e.slug),
    ).toContain(slug);
  });

  it("refuses bad input with a clear error, exit 1, and changes nothing", { timeout: 300_000 }, () => {
    const before = snapshot(db);
    const cases: [string[], RegExp][] = [
      [
        ["employer", "add", "--name", "Fictional Co", "--sector", "Finanse", "--area", "Hackney"],
        /sector: "Finanse" is not a known sector/,
      ],
      [
        ["employer", "add", "--name", "Fictional Co", "--sector", "K", "--area", "Hackny"],
        /did you mean "Hackney" \(E09000012\)/,
      ],
      [
        [
          "event",
          "add",
          "barclays",
          "--event",
          "accredited",
          "--date",
          "2010-02-30",
          "--source",
          "https://example.org/x",
        ],
        /date: is not a real calendar date/,
      ],
      [
        [
          "event",
          "add",
          "barclays",
          "--event",
          "accredited",
          "--date",
          "2999-01-01",
          "--source",
          "https://example.org/x",
        ],
        /date: is in the future/,
      ],
      [
        [
          "event",
          "add",
          "barclays",
          "--event",
          "accredited",
          "--date",
          "2020-01-01",
          "--source",
          "javascript:alert(1)",
        ],
        /source_url: must be a web address starting with http/,
      ],
      [
        [
          "event",
          "add",
          "barclays",
          "--event",
          "rate_implemented",
          "--date",
          "2020-01-01",
          "--rate",
          "7.60",
          "--source",
          "https://example.org/x",
        ],
        /below the London Living Wage in force on 1 January 2020 \(£10\.55\)/,
      ],
      [
        [
          "event",
          "add",
          "barclays",
          "--event",
          "accredited",
          "--date",
          "2020-01-01",
          "--workers-covered",
          "-4",
          "--source",
          "https://example.org/x",
        ],
        /workers_covered: must not be negative/,
      ],
      [
        ["event", "add", "barclays", "--event", "lapsed", "--date", "2020-01-01", "--source", "https://example.org/x"],
        /reason: is required for lapsed/,
      ],
      [
        [
          "event",
          "add",
          "barclays",
          "--event",
          "revoked",
          "--date",
          "2020-01-01",
          "--reason",
          "x",
          "--source",
          "https://example.org/x",
        ],
        /only staff may record revoked/,
      ],
      [
        [
          "event",
          "add",
          "no-such-employer",
          "--event",
          "pledged",
          "--date",
          "2020-01-01",
          "--source",
          "https://example.org/x",
        ],
        /no employer has the slug/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = lwd(db, [...args, "--as", "ben"]);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.code, args.join(" ")).toBe(1);
    }
    const missing = lwd(db, [
      "event",
      "add",
      "barclays",
      "--event",
      "accredited",
      "--date",
      "2020-01-01",
      "--as",
      "ben",
    ]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/needs --source/)]);
    const unknown = lwd(db, [
      "employer",
      "add",
      "--name",
      "Fictional Co",
      "--sector",
      "K",
      "--area",
      "Hackney",
      "--as",
      "nobody",
    ]);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/"nobody" is not a known contributor/)]);
    const anonymous = lwd(db, ["employer", "add", "--name", "Fictional Co", "--sector", "K", "--area", "Hackney"]);
    expect([anonymous.code, anonymous.stderr]).toEqual([2, expect.stringMatching(/--as HANDLE/)]);
    expect(snapshot(db)).toBe(before);
  });

  it("exits 2 on a usage error and on an unknown event kind", () => {
    expect(lwd(db, ["figures", "--nonsense"]).code).toBe(2);
    expect(lwd(db, ["event", "add", "barclays", "--event", "paid", "--as", "ben"]).code).toBe(2);
    expect(lwd(db, ["figures", "--as-of", "last tuesday"]).code).toBe(1);
  });

  it("checks a sound database and lists the rates", () => {
    expect(lwd(db, ["db", "check"]).code).toBe(0);
    const rates = JSON.parse(lwd(db, ["rates", "list", "--json"]).stdout);
    expect(
      rates.find((r: { rateArea: string; ratePence: number }) => r.rateArea === "london" && r.ratePence === 760),
    ).toBeTruthy();
  });
});
