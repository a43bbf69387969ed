/**
 * What lwd does with a file it should not change, and with faults of the machine, through the real `lwd`: reads that
 * never create or change a file, restores and writes refused on rule-breaking or damaged files, generated data kept
 * out of real databases, unique names, and a full disk or a wrong path ending in one line and exit 1. Where input is
 * refused, every table's rows are hashed before and after.
 */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, LWD, lwd, removeTempDirs, ROOT, tableHashes, tempDir } from "../fixtures/hostile/support.ts";

afterAll(removeTempDirs);

let base: string;
beforeAll(() => {
  base = freshDatabase();
  const added = lwd(base, [
    "employer",
    "add",
    "--name",
    "Fictional Tea Rooms",
    "--other-name",
    "Fictional Tea Trading",
    "--sector",
    "I",
    "--area",
    "Hackney",
    "--as",
    "ben",
  ]);
  if (added.code !== 0) throw new Error(added.stderr);
}, 60_000);

/** A copy of the shared database in its own folder, for one test to change or break. */
function copyOfBase(): { dir: string; db: string } {
  const dir = tempDir();
  const db = join(dir, "live.sqlite");
  const sqlite = new Database(base, { readonly: true });
  sqlite.exec(`VACUUM INTO '${db.replace(/'/g, "''")}'`);
  sqlite.close();
  return { dir, db };
}

const bytesHash = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Runs the real `lwd` with files limited to `bytes` (the shell's ulimit counts 512-byte blocks): a full disk. */
function lwdWithFileLimit(bytes: number, db: string, args: string[]) {
  const r = spawnSync(
    "sh",
    ["-c", `ulimit -f ${Math.floor(bytes / 512)} && exec "$0" "$@"`, process.execPath, LWD, "--db", db, ...args],
    { encoding: "utf8", cwd: ROOT, env: { ...process.env, LWD_AS: "" } },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const READS = [
  ["figures", "--json"],
  ["behind", "--json"],
  ["employer", "show", "fictional-tea-rooms", "--json"],
  ["employer", "find", "tea", "--json"],
  ["export", "--format", "json", "--json"],
  ["rates", "list", "--json"],
  ["lookups", "areas", "--json"],
  ["contributor", "list", "--json"],
  ["db", "check", "--json"],
];

describe("reading never writes", () => {
  it("every read command refuses a mistyped path with what to do, and creates no file or folder", () => {
    const dir = tempDir();
    const missing = join(dir, "journalist", "copy", "livingwage.sqlit");
    for (const args of READS) {
      const r = lwd(missing, args);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(`no database at ${missing} — run \`lwd db migrate\` to create one`);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
      expect(readdirSync(dir), args.join(" ")).toEqual([]);
    }
  }, 120_000);

  it("another application's SQLite file is refused by reads and writes alike, and left byte for byte as it was", () => {
    const dir = tempDir();
    const other = join(dir, "otherapp.sqlite");
    const sqlite = new Database(other);
    sqlite.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('a note of another application')");
    sqlite.close();
    const before = bytesHash(other);
    const commands = [
      ...READS,
      ["employer", "add", "--name", "Fictional Cafe", "--sector", "I", "--area", "Hackney", "--as", "ben"],
      ["db", "migrate"],
      ["db", "backup", join(dir, "copy.sqlite")],
    ];
    for (const args of commands) {
      const r = lwd(other, args);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(1);
      expect(r.stderr, args.join(" ")).toContain("is an SQLite database but not a Living Wage Directory one");
    }
    expect(bytesHash(other)).toBe(before);
    expect(readdirSync(dir)).toEqual(["otherapp.sqlite"]);
  }, 120_000);

  it("a directory database that needs migrating is refused by a read with `lwd db migrate` as the fix, unchanged", () => {
    const { db } = copyOfBase();
    // As an earlier version of lwd left it: the newest migration not yet recorded.
    const sqlite = new Database(db);
    sqlite.exec(
      "DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)",
    );
    sqlite.close();
    const before = bytesHash(db);
    const r = lwd(db, ["figures"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/was made by an earlier version of lwd — run `lwd db migrate`/);
    expect(bytesHash(db)).toBe(before);
  });

  it("a read of a sound database changes none of its rows", () => {
    const { db } = copyOfBase();
    const before = tableHashes(db);
    for (const args of READS) expect(lwd(db, args).code, args.join(" ")).toBe(0);
    expect(tableHashes(db)).toEqual(before);
  }, 120_000);
});

/** Breaks the rules in a copy of a database as a hand with a SQLite shell could: CHECK constraints and foreign keys off. */
function breakRules(path: string): void {
  const sqlite = new Database(path);
  sqlite.exec(`PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF;
    UPDATE employers SET website = 'javascript:alert(1)' WHERE slug = 'fictional-tea-rooms';
    UPDATE commitment_events SET effective_on = '2024-13-45' WHERE id = (SELECT min(id) FROM commitment_events);
    INSERT INTO employer_names (employer_id, name) VALUES (999999, 'Fictional Ghost Name');`);
  sqlite.close();
}

describe("restore checks what the database enforces", () => {
  it("refuses a backup with a javascript: website, a date 2024-13-45 and a broken foreign key, naming each, and changes nothing", () => {
    const { dir, db } = copyOfBase();
    const backup = join(dir, "backup.sqlite");
    expect(lwd(db, ["db", "backup", backup]).code).toBe(0);
    breakRules(backup);
    const before = tableHashes(db);
    const backupBytes = bytesHash(backup);

    const r = lwd(db, ["db", "restore", backup, "--force"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/CHECK constraint failed in employers/);
    expect(r.stderr).toMatch(/CHECK constraint failed in commitment_events/);
    expect(r.stderr).toMatch(/employer_names row \d+ points to a missing employers row/);
    expect(r.stderr).toMatch(/breaks the rules the database enforces, so nothing was restored/);
    expect(tableHashes(db)).toEqual(before);
    // Refused before the live file was touched: no copy of it was needed.
    expect(readdirSync(dir).filter((f) => f.includes("before-restore"))).toEqual([]);

    // `lwd db check` names the same problems in the backup, and leaves it as it was.
    const check = lwd(backup, ["db", "check"]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/CHECK constraint failed in employers/);
    expect(check.stderr).toMatch(/foreign key/);
    expect(bytesHash(backup)).toBe(backupBytes);
  }, 60_000);
});

/** Scribbles over the cell pointers of the page holding the living-wage rates, which adding an employer never reads. */
function damageRatesPage(path: string): void {
  const sqlite = new Database(path, { readonly: true });
  const { rootpage } = sqlite.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'living_wage_rates'").get() as {
    rootpage: number;
  };
  sqlite.close();
  const bytes = readFileSync(path);
  const page = (rootpage - 1) * bytes.readUInt16BE(16);
  // A leaf page's header is 8 bytes, an interior page's 12; the cell pointers follow, two bytes each.
  const pointers = page + (bytes[page] === 0x0d ? 8 : 12);
  bytes.fill(0xab, pointers, pointers + 2 * bytes.readUInt16BE(page + 3));
  writeFileSync(path, bytes);
}

/** The rows of the tables an import writes to (the damaged rates table cannot be read whole). */
function writtenTables(path: string): string {
  const sqlite = new Database(path, { readonly: true });
  const hash = createHash("sha256");
  for (const table of ["employers", "employer_names", "commitment_events", "audit_log"])
    for (const row of sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).iterate())
      hash.update(`${table} ${JSON.stringify(row)}\n`);
  sqlite.close();
  return hash.digest("hex");
}

describe("a damaged database refuses every write", () => {
  it("refuses employer add and import with what quick_check found, changes nothing, and db check names the damage", () => {
    const { dir, db } = copyOfBase();
    damageRatesPage(db);
    const before = bytesHash(db);
    const rowsBefore = writtenTables(db);
    const add = lwd(db, [
      "employer",
      "add",
      "--name",
      "Fictional Bakery",
      "--sector",
      "I",
      "--area",
      "Hackney",
      "--as",
      "ben",
    ]);
    expect(add.code, add.stderr).toBe(1);
    expect(add.stderr).toMatch(
      /is damaged, so nothing was written \(SQLite's quick_check found: table living_wage_rates: /,
    );
    expect(add.stderr).not.toMatch(/unexpected error/);
    // Refused from a read-only look, before the file was opened to write.
    expect(bytesHash(db)).toBe(before);

    const csv = join(dir, "pledges.csv");
    writeFileSync(csv, lwd("", ["import", "--template"]).stdout);
    const imported = lwd(db, ["import", csv, "--as", "ben"]);
    expect(imported.code, imported.stderr).toBe(1);
    expect(imported.stderr).toMatch(
      /is damaged, so nothing was written \(SQLite's quick_check found: table living_wage_rates: /,
    );
    expect(writtenTables(db)).toEqual(rowsBefore);

    const check = lwd(db, ["db", "check"]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/integrity: table living_wage_rates: /);
    expect(check.stderr).not.toMatch(/not a database, or is damaged/);
  }, 60_000);
});

describe("a file lwd left sound", () => {
  it("is trusted without the whole-file check only until something else changes it, even its modification time put back", () => {
    const { dir, db } = copyOfBase();
    const mark = `${db}-sound`;
    const csv = join(dir, "pledges.csv");
    writeFileSync(csv, lwd("", ["import", "--template"]).stdout);
    // A write that found the file sound and succeeded notes the file's state beside it, the import's as well.
    const imported = lwd(db, ["import", csv, "--as", "ben"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(existsSync(mark)).toBe(true);
    const add = (name: string) =>
      lwd(db, ["employer", "add", "--name", name, "--sector", "I", "--area", "Hackney", "--as", "ben"]);
    expect(add("Fictional Bakery").code).toBe(0);
    const noted = readFileSync(mark, "utf8");
    // touch copies the times to the nanosecond, as Node's utimes cannot.
    const times = join(dir, "times");
    writeFileSync(times, "");
    expect(spawnSync("touch", ["-r", db, times]).status).toBe(0);

    damageRatesPage(db);
    expect(spawnSync("touch", ["-r", times, db]).status).toBe(0);
    expect(statSync(db, { bigint: true }).mtimeNs).toBe(statSync(times, { bigint: true }).mtimeNs);
    const refused = add("Fictional Garage");
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/is damaged, so nothing was written/);
    // A refused write leaves the note as it was, and it no longer matches the file.
    expect(readFileSync(mark, "utf8")).toBe(noted);
  }, 60_000);
});

describe("generated data never mixes with real data", () => {
  it("lwd generate --db refuses a database holding the directory's own records, and writes into a new one", () => {
    const { dir, db } = copyOfBase();
    const before = tableHashes(db);
    const r = lwd(db, ["generate", "--employers", "5"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/holds records made by ben .*writes fictional employers only into a new database/);
    expect(tableHashes(db)).toEqual(before);

    const fresh = join(dir, "fictional.sqlite");
    const ok = lwd(fresh, ["generate", "--employers", "5"]);
    expect(ok.code, ok.stderr).toBe(0);
    // Generating again adds to generated data only.
    expect(lwd(fresh, ["generate", "--employers", "5", "--seed", "2"]).code).toBe(0);
  }, 60_000);
});

describe("names are unique", () => {
  it("employer edit refuses another employer's name or other name, case and spacing aside, and suggests a merge", () => {
    const { db } = copyOfBase();
    expect(
      lwd(db, ["employer", "add", "--name", "Fictional Bakery", "--sector", "I", "--area", "Hackney", "--as", "ben"])
        .code,
    ).toBe(0);
    const before = tableHashes(db);
    const edit = (...args: string[]) =>
      lwd(db, ["employer", "edit", "fictional-bakery", ...args, "--why", "a test", "--as", "amira"]);

    const renamed = edit("--name", "  FICTIONAL   tea rooms ");
    expect(renamed.code, renamed.stderr).toBe(1);
    expect(renamed.stderr).toMatch(
      /is already the name of fictional-tea-rooms.*lwd employer merge fictional-bakery fictional-tea-rooms/,
    );

    const other = edit("--add-other-name", "fictional tea  trading");
    expect(other.code, other.stderr).toBe(1);
    expect(other.stderr).toMatch(/is already an other name \("Fictional Tea Trading"\) of fictional-tea-rooms/);

    const long = edit("--add-other-name", `Fictional ${"x".repeat(300)}`);
    expect(long.code, long.stderr).toBe(1);
    expect(long.stderr).toMatch(/add-other-name: .*300/);
    expect(tableHashes(db)).toEqual(before);

    // A name nobody else has is still added.
    expect(edit("--add-other-name", "Fictional Bread Co").code).toBe(0);
  }, 60_000);
});

describe("clear errors for faults", () => {
  it("a disk full during an import ends in one line, exit 1, and changes nothing", () => {
    const { dir, db } = copyOfBase();
    const csv = join(dir, "fictional.csv");
    expect(lwd("", ["generate", "--employers", "300", "--out", csv]).code).toBe(0);
    const before = tableHashes(db);
    const r = lwdWithFileLimit(statSync(db).size + 256 * 1024, db, ["import", csv, "--as", "amira"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^lwd: could not (write|read or write)[^\n]*disk[^\n]*Nothing was changed[^\n]*\n$/);
    expect(tableHashes(db)).toEqual(before);
  }, 60_000);

  it("a backup cut short by a full disk leaves no file, not even one blocking its own name", () => {
    const { dir, db } = copyOfBase();
    const backup = join(dir, "backup.sqlite");
    const r = lwdWithFileLimit(16 * 1024, db, ["db", "backup", backup]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/disk is full|disk may be full/);
    expect(readdirSync(dir).filter((f) => f.startsWith("backup"))).toEqual([]);
    const again = lwd(db, ["db", "backup", backup]);
    expect(again.code, again.stderr).toBe(0);
  }, 60_000);

  it("an export to a full disk ends in one line and exit 1, leaving no partial file", () => {
    const dir = tempDir();
    const db = join(dir, "fictional.sqlite");
    expect(lwd(db, ["generate", "--employers", "200"]).code).toBe(0);
    const full = openSync("/dev/full", "w");
    const toStdout = spawnSync(process.execPath, [LWD, "--db", db, "export"], {
      encoding: "utf8",
      cwd: ROOT,
      stdio: ["ignore", full, "pipe"],
    });
    closeSync(full);
    expect(toStdout.status, toStdout.stderr).toBe(1);
    expect(toStdout.stderr).toMatch(/^lwd: could not write: the disk is full[^\n]*ENOSPC[^\n]*\n$/);

    const out = join(dir, "export.json");
    // Room for SQLite's shared-memory file while reading, not for the export.
    const r = lwdWithFileLimit(40 * 1024, db, ["export", "--format", "json", "--out", out]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/disk is full/);
    expect(readdirSync(dir).filter((f) => f.startsWith("export"))).toEqual([]);
  }, 60_000);

  it("restore given a folder, or into a folder that does not exist, says so in one line with exit 1", () => {
    const { dir, db } = copyOfBase();
    const backup = join(dir, "backup.sqlite");
    expect(lwd(db, ["db", "backup", backup]).code).toBe(0);
    const folder = join(dir, "a-folder");
    mkdirSync(folder);
    const before = tableHashes(db);
    const fromFolder = lwd(db, ["db", "restore", folder, "--force"]);
    expect([fromFolder.code, fromFolder.stderr]).toEqual([
      1,
      `lwd: file: ${folder} is a folder; give the backup file itself\n`,
    ]);
    expect(tableHashes(db)).toEqual(before);

    const nowhere = join(dir, "no-such-folder", "live.sqlite");
    const intoMissing = lwd(nowhere, ["db", "restore", backup]);
    expect(intoMissing.code, intoMissing.stderr).toBe(1);
    expect(intoMissing.stderr).toMatch(/there is no folder .*no-such-folder to write the restored database into/);
    expect(existsSync(join(dir, "no-such-folder"))).toBe(false);
  }, 60_000);
});
