/**
 * Refusals and errors the tool does not yet give as promised. Each case names the defect it proves.
 */
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, freshDatabase, isRoot, lwd, NOBODY, removeTempDirs, tempDir } from "../fixtures/hostile/support.ts";

afterAll(removeTempDirs);

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

describe("clear errors and refusals", () => {
  let db: string;
  beforeAll(() => {
    db = freshDatabase();
  });

  it("lwd db check --json prints exactly one JSON document when it finds problems", () => {
    const broken = join(tempDir(), "broken.sqlite");
    const sqlite = new Database(db, { readonly: true });
    sqlite.exec(`VACUUM INTO '${broken}'`);
    sqlite.close();
    const w = new Database(broken);
    w.exec(
      "PRAGMA foreign_keys = OFF; INSERT INTO slug_redirects (old_slug, employer_id) VALUES ('ghost-employer', 999999)",
    );
    w.close();
    const r = lwd(broken, ["db", "check", "--json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; problems: unknown[] };
    expect(report.ok).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
  });

  it("lwd db check on a file that is not a database says so instead of reporting a bug", () => {
    const garbage = join(tempDir(), "garbage.sqlite");
    writeFileSync(garbage, "this is not a database, just text ".repeat(200));
    const r = lwd(garbage, ["db", "check"]);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.stderr).toMatch(/not a database/);
    expect(r.code).toBe(1);
  });

  for (const where of ["file", "directory"] as const) {
    it(`a write to a database in a read-only ${where} is refused with a clear error and changes nothing`, () => {
      // A live database as lwd leaves it (WAL mode), made read-only.
      const dir = tempDir();
      const target = freshDatabase(dir, "readonly.sqlite");
      chmodSync(target, 0o444);
      if (where === "directory") chmodSync(dir, 0o555);
      // Bytes, not a connection: opening it here would leave -wal and -shm files that change what lwd meets.
      const before = createHash("sha256").update(readFileSync(target)).digest("hex");
      // Root writes whatever a file's mode says, so the command runs as an unprivileged user there.
      const r = lwd(target, EVENT, {}, isRoot ? NOBODY : {});
      chmodSync(dir, 0o755);
      expect(r.stderr).not.toMatch(/unexpected error/);
      expect(r.stderr).toMatch(/cannot write to the database .*check the file's permissions/);
      expect(r.code).toBe(1);
      expect(createHash("sha256").update(readFileSync(target)).digest("hex")).toBe(before);
    });
  }

  it("refuses an address without // (https:example.org) with the field's message, not as a bug", () => {
    for (const args of [
      [...EVENT.slice(0, 7), "--source", "https:example.org/x", "--as", "ben"],
      [
        "employer",
        "add",
        "--name",
        "Fictional Slashless Ltd",
        "--sector",
        "K",
        "--area",
        "Hackney",
        "--website",
        "http:/example.org",
        "--as",
        "ben",
      ],
    ]) {
      const r = lwd(db, args);
      expect(r.stderr).not.toMatch(/unexpected error/);
      expect(r.stderr).toMatch(/(source_url|website): must be a web address starting with http:\/\/ or https:\/\//);
      expect(r.code).toBe(1);
    }
  });

  it("refuses control characters in names and notes, which would break the feed's XML and staff terminals", () => {
    const before = countRows(db, "employers");
    for (const args of [
      [
        "employer",
        "add",
        "--name",
        "Bell\u0007 \u001b[31mRed Ltd",
        "--sector",
        "K",
        "--area",
        "Hackney",
        "--as",
        "ben",
      ],
      [
        "employer",
        "add",
        "--name",
        "Fictional Other Ltd",
        "--other-name",
        "Null\u0001Name",
        "--sector",
        "K",
        "--area",
        "Hackney",
        "--as",
        "ben",
      ],
      ["employer", "add", "--name", "\u200b", "--sector", "K", "--area", "Hackney", "--as", "ben"],
      [...EVENT.slice(0, 9), "--note", "note \u0001 with a control character", "--as", "ben"],
    ]) {
      const r = lwd(db, args);
      expect(r.stderr, args.join(" ")).toMatch(/(name|other_names?|note): must/);
      expect(r.code, args.join(" ")).toBe(1);
    }
    expect(countRows(db, "employers")).toBe(before);
  });

  it("refuses an employer name that is a web address: Astro 5 writes such a value with & unescaped into meta tags", () => {
    const before = countRows(db, "employers");
    const r = lwd(db, [
      "employer",
      "add",
      "--name",
      'https://example.org/?a=1&b="><script>alert(1)</script>',
      "--sector",
      "K",
      "--area",
      "Hackney",
      "--as",
      "ben",
    ]);
    expect(r.stderr).toMatch(/name: .*web address/);
    expect(r.code).toBe(1);
    expect(countRows(db, "employers")).toBe(before);
  });
});
