/** The importer at scale and under faults: 100,000 rows, a kill halfway, two at once, a 50 MB file. */
import Database from "better-sqlite3";
import { existsSync, readFileSync, statSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { connect } from "../../db/client.ts";
import type { Contributor } from "../../db/domain/contributors.ts";
import { importPledges, IMPORT_COLUMNS, MAX_IMPORT_BYTES } from "../../db/domain/import.ts";
import { contentHash, countOf, freshDatabaseFile, lwd, lwdAsync, tempDir } from "./cli-support.ts";
import { largeImportCsv } from "./import-scale-gen.ts";
import { lwd as lwdWithoutDatabase } from "../fixtures/hostile/support.ts";

describe("importing at scale", () => {
  // Speed is measured by `npm run bench`, never asserted here: a timed test fails on a busy machine.
  it("imports 100,000 rows, and re-imports them as unchanged", () => {
    const csv = Buffer.from(largeImportCsv(100_000));
    const db = connect(freshDatabaseFile());
    const actor = db.$client
      .prepare("SELECT id, handle, name, role FROM contributors WHERE handle = 'cam'")
      .get() as Contributor;
    expect(importPledges(db, csv, { actor, fileName: "large.csv" })).toMatchObject({
      employersCreated: 50_000,
      eventsAdded: 100_000,
      rowsUnchanged: 0,
    });
    expect(importPledges(db, csv, { actor, fileName: "large.csv" })).toMatchObject({
      employersCreated: 0,
      eventsAdded: 0,
      rowsUnchanged: 100_000,
    });
    db.$client.close();
  });

  // better-sqlite3 12 aborted Node 24 at this size (a statement freed outside a Node environment): the whole command
  // ran, then the process died with exit 134 and the import was lost. Run as a user would, on whichever Node runs this.
  it("generates 5,000 employers and imports their 50,000-row file with the real lwd, both exiting 0", () => {
    const dir = tempDir();
    const path = freshDatabaseFile(dir);
    const file = join(dir, "generated.csv");
    const generated = lwdWithoutDatabase("", ["generate", "--employers", "5000", "--seed", "2", "--out", file]);
    expect(generated.code, generated.stderr).toBe(0);
    const rows = readFileSync(file, "utf8").trimEnd().split("\n").length - 1;
    expect(rows).toBeGreaterThanOrEqual(50_000);
    // Generated histories include revocations, which only staff may record.
    const imported = lwd(path, ["import", file, "--as", "sam"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(
      /^Imported generated\.csv: 5,000 employers created, [\d,]+ events added, 0 rows unchanged\.\n$/,
    );
    const sqlite = new Database(path, { readonly: true });
    expect(
      (sqlite.prepare("SELECT count(*) AS n FROM commitment_events").get() as { n: number }).n,
    ).toBeGreaterThanOrEqual(rows);
    sqlite.close();
  });

  it("leaves the database exactly as it was when the import is killed halfway through writing", async () => {
    const dir = tempDir();
    const path = freshDatabaseFile(dir);
    const file = join(dir, "large.csv");
    writeFileSync(file, largeImportCsv(100_000));
    const before = contentHash(path);
    const { child, done } = lwdAsync(path, ["import", file, "--as", "cam"]);
    // The write transaction spills pages into the WAL as it goes: once it has grown, the import is mid-write.
    const wal = `${path}-wal`;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(existsSync(wal) && statSync(wal).size > 4 * 1024 * 1024))
      await new Promise((r) => setTimeout(r, 20));
    expect(statSync(wal).size).toBeGreaterThan(4 * 1024 * 1024);
    child.kill("SIGKILL");
    const result = await done;
    expect(result.code).toBeNull();
    expect(contentHash(path)).toBe(before);
    expect(lwd(path, ["db", "check"]).code).toBe(0);
  });

  it("runs two imports at once: the second waits for the first and both land", async () => {
    const dir = tempDir();
    const path = freshDatabaseFile(dir);
    const header = IMPORT_COLUMNS.join(",");
    const fileOf = (tag: string) => {
      const rows = Array.from(
        { length: 3000 },
        (_, i) =>
          `${tag} Employer ${i},,G,,Camden,,pledged,2020-01-01,,,,,https://example.org/fictional/${tag.replace(" ", "-")}/${i},`,
      );
      const f = join(dir, `${tag.replace(" ", "-")}.csv`);
      writeFileSync(f, `${header}\n${rows.join("\n")}\n`);
      return f;
    };
    const [a, b] = [fileOf("Alpha Bakery"), fileOf("Zephyr Garage")];
    const runs = await Promise.all([
      lwdAsync(path, ["import", a, "--as", "cam"]).done,
      lwdAsync(path, ["import", b, "--as", "cam"]).done,
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const sqlite = new Database(path, { readonly: true });
    expect(
      (sqlite.prepare("SELECT count(*) AS n FROM employers WHERE name LIKE '% Employer %'").get() as { n: number }).n,
    ).toBe(6000);
    sqlite.close();
    expect(lwd(path, ["db", "check"]).code).toBe(0);
  });

  it("refuses a 50 MB file before reading it, naming the limit, and changes nothing", () => {
    const dir = tempDir();
    const path = freshDatabaseFile(dir);
    const file = join(dir, "huge.csv");
    const fd = openSync(file, "w");
    const row = `Fictional Huge Employer,,G,,Camden,,pledged,2020-01-01,,,,,https://example.org/fictional/huge,${"x".repeat(400)}\n`;
    const chunk = row.repeat(2000);
    writeSync(fd, `${IMPORT_COLUMNS.join(",")}\n`);
    while (statSync(file).size < 50 * 1024 * 1024) writeSync(fd, chunk);
    closeSync(fd);
    expect(statSync(file).size).toBeGreaterThan(MAX_IMPORT_BYTES);
    const before = contentHash(path);
    const r = lwd(path, ["import", file, "--as", "cam"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/huge\.csv is 50\.\d MB; the limit is 40 MB: split it into smaller files/);
    expect(contentHash(path)).toBe(before);
  });

  it("shows no progress bar when stderr is not a terminal", () => {
    const dir = tempDir();
    const path = freshDatabaseFile(dir);
    const file = join(dir, "medium.csv");
    writeFileSync(file, largeImportCsv(5000));
    const r = lwd(path, ["import", file, "--as", "cam"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("Imported medium.csv: 2,500 employers created, 5,000 events added, 0 rows unchanged.\n");
    expect(countOf(new Database(path, { readonly: true }), "employers")).toBeGreaterThan(2500);
  });
});
