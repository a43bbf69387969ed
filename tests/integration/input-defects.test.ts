/**
 * Input that used to break, garble or mislead (issue 12): event dates outside the campaign's years, text in
 * another encoding, a refused row that misled the report on the next, and warnings a file should raise.
 * Where input is refused, every table is compared before and after.
 */
import Database from "better-sqlite3";
import iconv from "iconv-lite";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDatabase } from "../../db/domain/check.ts";
import { figureYears } from "../../src/lib/figures.ts";
import { freshDatabase, lwd, removeTempDirs, tableHashes, tempDir } from "../fixtures/hostile/support.ts";
import { csvOf, freshMemoryDatabase, pledgeRow } from "./cli-support.ts";

afterAll(removeTempDirs);

const ACCREDITED = (date: string) => [
  "event",
  "add",
  "barclays",
  "--event",
  "accredited",
  "--date",
  date,
  "--source",
  "https://example.org/typo",
  "--as",
  "amira",
];

describe("event dates run from 2001-01-01, the campaign's first year, to today", () => {
  let db: string;
  beforeAll(() => {
    db = freshDatabase();
  });

  it("refuses a year before 1000 (0024-05-01) at lwd event add and changes nothing", () => {
    const before = tableHashes(db);
    const r = lwd(db, ACCREDITED("0024-05-01"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/0024-05-01|date/);
    expect(r.stderr).toMatch(/before 2001-01-01, when the London living wage campaign began/);
    expect(tableHashes(db)).toEqual(before);
  });

  it("refuses 2000-12-31 and accepts 2001-01-01", () => {
    const before = tableHashes(db);
    expect(lwd(db, ACCREDITED("2000-12-31")).code).toBe(1);
    expect(tableHashes(db)).toEqual(before);
    const r = lwd(db, ACCREDITED("2001-01-01"));
    expect(r.stderr).toMatch(/Recorded accredited on 1 January 2001 for barclays/);
    expect(r.code).toBe(0);
  });

  it("refuses an import row dated 1900-01-01, naming the row and the field, and imports none of the file", () => {
    const dir = tempDir();
    const file = join(dir, "old.csv");
    writeFileSync(
      file,
      csvOf([pledgeRow("Fictional Early Bakery"), pledgeRow("Fictional Old Bakery", { date: "1900-01-01" })]),
    );
    const before = tableHashes(db);
    const r = lwd(db, ["import", file, "--as", "ben"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/row 3, field date: "1900-01-01" is before 2001-01-01/);
    expect(tableHashes(db)).toEqual(before);
  });

  it("lwd db check names an event already stored with a date before 2001", () => {
    const dir = tempDir();
    const copy = join(dir, "old-date.sqlite");
    const sqlite = new Database(db);
    sqlite.exec(`VACUUM INTO '${copy}'`);
    sqlite.close();
    const w = new Database(copy);
    w.exec(
      "UPDATE commitment_events SET effective_on = '0024-05-01' WHERE id = (SELECT min(id) FROM commitment_events)",
    );
    w.close();
    const r = lwd(copy, ["db", "check"]);
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toMatch(/takes effect on 0024-05-01, before 2001-01-01/);
  });
});

describe("year pages", () => {
  it("start at the year of the first event, and a stored date before 2001 adds none", () => {
    const { db } = freshMemoryDatabase();
    const first = db.$client.prepare("SELECT min(effective_on) FROM commitment_events").pluck().get() as string;
    const firstYear = Number(first.slice(0, 4));
    expect(figureYears("2024-06-01", db)[0]).toBe(firstYear);
    db.$client.exec(
      "UPDATE commitment_events SET effective_on = '0024-05-01' WHERE id = (SELECT max(id) FROM commitment_events)",
    );
    db.$client.exec(
      "UPDATE commitment_events SET effective_on = '1900-01-01' WHERE id = (SELECT min(id) FROM commitment_events)",
    );
    // The seed has several events in its first year, so moving one still leaves that year the first.
    const years = figureYears("2024-06-01", db);
    expect(years[0]).toBe(firstYear);
    expect(years.at(-1)).toBe(2023);
    expect(checkDatabase(db).map((p) => p.check)).toContain("event dated before the campaign began");
  });

  it("an empty directory has none", () => {
    const { db } = freshMemoryDatabase();
    db.$client.exec("DELETE FROM commitment_events");
    expect(figureYears("2024-06-01", db)).toEqual([]);
  });
});

describe("text in an imported file arrives as written or not at all", () => {
  let db: string;
  let dir: string;
  beforeAll(() => {
    db = freshDatabase();
    dir = tempDir();
  });
  const storedNote = (name: string) => {
    const sqlite = new Database(db, { readonly: true });
    try {
      return sqlite
        .prepare(
          "SELECT e.name, ev.note FROM employers e JOIN commitment_events ev ON ev.employer_id = e.id WHERE e.slug = ?",
        )
        .get(name) as { name: string; note: string } | undefined;
    } finally {
      sqlite.close();
    }
  };

  it("a Windows-1252 file keeps its curly quotes, dashes, euro sign and ellipsis", () => {
    const note = "‘Fair’ “pay” – since 2020 — €5 more…";
    const file = join(dir, "cp1252.csv");
    writeFileSync(file, iconv.encode(csvOf([pledgeRow("Fictional Café d’Été", { note })]), "windows-1252"));
    const r = lwd(db, ["import", file, "--as", "ben"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(storedNote("fictional-cafe-d-ete")).toEqual({ name: "Fictional Café d’Été", note });
  });

  it("a UTF-8 file with one stray byte is refused, naming the row, the column and the byte, and changes nothing", () => {
    const utf8 = Buffer.from(csvOf([pledgeRow("Fictional Zoë Café"), pledgeRow("Fictional Zoe Bakery")]));
    // "Zoe" in the second row gets a Windows-1252 ë (0xEB), as a file joined from two spreadsheets would.
    const at = utf8.indexOf("Zoe Bakery") + 2;
    const file = join(dir, "stray.csv");
    writeFileSync(file, Buffer.concat([utf8.subarray(0, at), Buffer.from([0xeb]), utf8.subarray(at + 1)]));
    const before = tableHashes(db);
    const r = lwd(db, ["import", file, "--as", "ben"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /row 3, field name: byte 0xEB, character 13 of the cell, is not part of any UTF-8 character/,
    );
    expect(r.stderr).toMatch(/Save the spreadsheet as "CSV UTF-8"/);
    expect(r.stderr).not.toMatch(/Ã/);
    expect(tableHashes(db)).toEqual(before);
  });

  it("a file with a byte Windows-1252 does not define is refused with where it is", () => {
    const text = Buffer.from(csvOf([pledgeRow("Fictional Bakery", { note: "made in X" })]), "latin1");
    const at = text.indexOf("X");
    text[at] = 0x81;
    const file = join(dir, "undefined-byte.csv");
    writeFileSync(file, text);
    const before = tableHashes(db);
    const r = lwd(db, ["import", file, "--as", "ben"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /row 2, field note: byte 0x81, character 9 of the cell, is not a character in UTF-8 or in Windows-1252/,
    );
    expect(r.stderr).toMatch(/CSV UTF-8/);
    expect(tableHashes(db)).toEqual(before);
  });
});

describe("an import's report says each thing once, whole, and warns of histories that look mistaken", () => {
  let db: string;
  let dir: string;
  beforeAll(() => {
    db = freshDatabase();
    dir = tempDir();
  });
  const importFile = (name: string, rows: Parameters<typeof csvOf>[0], ...args: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, csvOf(rows));
    return lwd(db, ["import", file, "--as", "amira", ...args]);
  };

  it("a refused revocation is the only error: the reinstatement after it is not reported as lacking one", () => {
    const before = tableHashes(db);
    const r = importFile("revoked.csv", [
      pledgeRow("Fictional Revoked Bakery", { event: "accredited", date: "2020-01-01" }),
      // No reason: refused.
      pledgeRow("Fictional Revoked Bakery", { event: "revoked", date: "2021-01-01" }),
      pledgeRow("Fictional Revoked Bakery", { event: "reinstated", date: "2022-01-01" }),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/row 3, field note: is required for revoked/);
    expect(r.stderr).not.toMatch(/row 4/);
    expect(r.stderr).not.toMatch(/reinstatement needs/);
    expect(tableHashes(db)).toEqual(before);
  });

  it("a value quoted in an error is cut between characters, never through an emoji", () => {
    const website = `${"x".repeat(56)}👩‍👩‍👧 and more text after it`;
    const before = tableHashes(db);
    const r = importFile("emoji.csv", [pledgeRow("Fictional Emoji Bakery", { website })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/row 2, field website: "x{56}\.\.\." must be a web address/);
    expect(r.stderr).not.toMatch(/\uFFFD/);
    expect(tableHashes(db)).toEqual(before);
  });

  it("a dry run warns of a pledge after accreditation and of more workers raised than covered, and changes nothing", () => {
    const rows = [
      pledgeRow("Fictional Warned Mill", { event: "accredited", date: "2020-01-01", workers_covered: "10" }),
      pledgeRow("Fictional Warned Mill", { event: "pledged", date: "2021-01-01" }),
      pledgeRow("Fictional Warned Mill", {
        event: "rate_implemented",
        date: "2022-06-01",
        rate_area: "london",
        hourly_rate: "14.80",
        workers_uplifted: "25",
      }),
    ];
    const before = tableHashes(db);
    const r = importFile("warned.csv", rows, "--dry-run");
    expect(r.stderr).toMatch(
      /warning: fictional-warned-mill was accredited on 2020-01-01 but pledged on 2021-01-01, after it/,
    );
    expect(r.stderr).toMatch(
      /warning: fictional-warned-mill: its latest counts give 25 workers a pay rise but cover only 10/,
    );
    expect(r.stdout).toMatch(/Dry run of warned.csv: every row is valid; nothing was changed/);
    expect(r.code).toBe(0);
    expect(tableHashes(db)).toEqual(before);

    // Imported all the same, the history is kept, and lwd db check warns of it without failing.
    expect(importFile("warned.csv", rows).code).toBe(0);
    const check = lwd(db, ["db", "check"]);
    expect(check.code).toBe(0);
    expect(check.stderr).toMatch(/warning: accredited before pledged: fictional-warned-mill/);
    expect(check.stderr).toMatch(/warning: more workers uplifted than covered: fictional-warned-mill/);
    const json = JSON.parse(lwd(db, ["db", "check", "--json"]).stdout) as {
      ok: boolean;
      warnings: { check: string }[];
    };
    expect(json.ok).toBe(true);
    expect(json.warnings.map((w) => w.check).sort()).toEqual([
      "accredited before pledged",
      "more workers uplifted than covered",
    ]);
  });
});
