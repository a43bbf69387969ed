/** `lwd db backup` and `lwd db restore`: a round trip, and every way a restore refuses a bad file. */
import Database from "better-sqlite3";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contentHash, freshDatabaseFile, lwd, tempDir } from "./cli-support.ts";

describe("backing up and restoring the database", () => {
  it("round-trips: restore brings back exactly what was backed up, keeping the replaced file", () => {
    const dir = tempDir();
    const db = freshDatabaseFile(dir);
    const backup = join(dir, "backup.sqlite");
    const made = lwd(db, ["db", "backup", backup, "--json"]);
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ ok: true, file: backup, employers: expect.any(Number) });
    const atBackup = contentHash(db);
    expect(contentHash(backup)).toBe(atBackup);

    expect(
      lwd(db, [
        "employer",
        "add",
        "--name",
        "Fictional After Backup",
        "--sector",
        "I",
        "--area",
        "Camden",
        "--as",
        "cam",
      ]).code,
    ).toBe(0);
    expect(contentHash(db)).not.toBe(atBackup);

    const refused = lwd(db, ["db", "restore", backup]);
    expect([refused.code, refused.stderr]).toEqual([
      2,
      expect.stringMatching(/exists; restoring would replace it\. Run again with --force/),
    ]);
    const restored = lwd(db, ["db", "restore", backup, "--force", "--json"]);
    expect(restored.code, restored.stderr).toBe(0);
    const report = JSON.parse(restored.stdout);
    expect(contentHash(db)).toBe(atBackup);
    // The database it replaced is kept, with the employer added after the backup.
    const kept = new Database(report.previousKeptAt, { readonly: true });
    expect(kept.prepare("SELECT name FROM employers WHERE name = 'Fictional After Backup'").get()).toBeDefined();
    kept.close();
    expect(lwd(db, ["db", "check"]).code).toBe(0);
  });

  it("restores into a path with no database yet, without --force", () => {
    const dir = tempDir();
    const db = freshDatabaseFile(dir);
    const backup = join(dir, "backup.sqlite");
    expect(lwd(db, ["db", "backup", backup]).code).toBe(0);
    const target = join(dir, "new-home.sqlite");
    const r = lwd(target, ["db", "restore", backup]);
    expect(r.code, r.stderr).toBe(0);
    expect(contentHash(target)).toBe(contentHash(backup));
  });

  it("never overwrites a file with a backup", () => {
    const dir = tempDir();
    const db = freshDatabaseFile(dir);
    const existing = join(dir, "precious.txt");
    writeFileSync(existing, "do not touch");
    const r = lwd(db, ["db", "backup", existing]);
    expect([r.code, r.stderr]).toEqual([1, expect.stringMatching(/already exists; a backup never overwrites a file/)]);
    expect(readFileSync(existing, "utf8")).toBe("do not touch");
  });

  it("refuses to restore a truncated, foreign, damaged or missing file, and changes nothing", () => {
    const dir = tempDir();
    const db = freshDatabaseFile(dir);
    const backup = join(dir, "backup.sqlite");
    expect(lwd(db, ["db", "backup", backup]).code).toBe(0);
    const bytes = readFileSync(backup);

    const truncated = join(dir, "truncated.sqlite");
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const notSqlite = join(dir, "notes.sqlite");
    writeFileSync(notSqlite, "name,sector\nFictional,I\n".repeat(100));
    const foreign = join(dir, "foreign.sqlite");
    const other = new Database(foreign);
    other.exec("CREATE TABLE shopping (item TEXT); INSERT INTO shopping VALUES ('bread');");
    other.close();
    const damaged = join(dir, "damaged.sqlite");
    const copy = Buffer.from(bytes);
    // Scribble over the middle pages, keeping the header, so only SQLite's own check can tell.
    copy.fill(0x5a, 8192, copy.length - 4096);
    writeFileSync(damaged, copy);

    const before = contentHash(db);
    const cases: [string, RegExp][] = [
      [
        truncated,
        /truncated\.sqlite is truncated: its header promises \d+ bytes but the file has \d+; nothing was changed/,
      ],
      [notSqlite, /notes\.sqlite is not an SQLite database/],
      [foreign, /foreign\.sqlite is an SQLite database but not a Living Wage Directory one/],
      [damaged, /damaged\.sqlite (fails SQLite's integrity check|cannot be read as a database)/],
    ];
    for (const [file, message] of cases) {
      const r = lwd(db, ["db", "restore", file, "--force"]);
      expect(r.code, `${file}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    const missing = lwd(db, ["db", "restore", join(dir, "nowhere.sqlite"), "--force"]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/there is no file at/)]);
    expect(contentHash(db)).toBe(before);
  });
});
