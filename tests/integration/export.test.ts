/** `lwd export`: every employer with its status and events; spreadsheet formulas neutralised; no contributor details. */
import { parse } from "csv-parse/sync";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportEmployers, exportRows, EXPORT_COLUMNS } from "../../db/domain/export.ts";
import { neutraliseCell } from "../../db/spreadsheet.ts";
import { importPledges } from "../../db/domain/import.ts";
import { csvOf, freshDatabaseFile, freshMemoryDatabase, lwd, pledgeRow, tempDir, writeCsv } from "./cli-support.ts";
import { must } from "../support/must.ts";

const HOSTILE = [
  '=HYPERLINK("http://evil.example","click")',
  "+1+1",
  "-2+3",
  "@SUM(A1)",
  "\tTabbed",
  "<script>alert(1)</script>",
];

describe("exporting the directory", () => {
  it("neutralises every cell a spreadsheet would run as a formula, and only those", () => {
    for (const v of HOSTILE.slice(0, 5)) expect(neutraliseCell(v)).toBe(`'${v}`);
    for (const v of ["Fictional Bakery", "2020-01-01", "13.15", "<script>alert(1)</script>", ""])
      expect(neutraliseCell(v)).toBe(v);
  });

  it("exports every employer once with each of its events, and its status today", () => {
    const { db, campaigner } = freshMemoryDatabase();
    importPledges(
      db,
      Buffer.from(
        csvOf([
          pledgeRow("Fictional Bakery"),
          pledgeRow("Fictional Bakery", { event: "accredited", date: "2021-01-01" }),
          pledgeRow("Fictional Bakery", { event: "rate_implemented", date: "2024-05-01", hourly_rate: "13.15" }),
        ]),
      ),
      { actor: campaigner },
    );
    const employers = exportEmployers(db);
    expect(employers.length).toBe((db.$client.prepare("SELECT count(*) AS n FROM employers").get() as { n: number }).n);
    const bakery = must(
      employers.find((e) => e.slug === "fictional-bakery"),
      "the fictional-bakery export",
    );
    expect(bakery).toMatchObject({ status: "accredited", since: "2021-01-01" });
    expect(bakery.events.map((e) => e.event)).toEqual(["pledged", "accredited", "rate_implemented"]);
    const rows = exportRows(bakery);
    expect(rows).toHaveLength(3);
    expect(rows[2]?.[EXPORT_COLUMNS.indexOf("hourly_rate")]).toBe("13.15");
  });

  it("writes CSV and JSON files through the real tool: hostile names harmless, no emails", () => {
    const dir = tempDir();
    const db = freshDatabaseFile(dir);
    const file = writeCsv(
      dir,
      "hostile.csv",
      csvOf(HOSTILE.map((name, i) => pledgeRow(name, { note: i === 0 ? "=cmd|' /C calc'!A0" : "" }))),
    );
    const imported = lwd(db, ["import", file, "--as", "cam", "--new"]);
    expect(imported.code, imported.stderr).toBe(0);

    const csvPath = join(dir, "out.csv");
    const r = lwd(db, ["export", "--format", "csv", "--out", csvPath]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(csvPath, "utf8");
    expect(text).not.toMatch(/@example\.org/);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(must(rows[0], "a CSV row"))).toEqual([...EXPORT_COLUMNS]);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    const names = rows.map((r) => r.name);
    for (const h of HOSTILE.slice(0, 4)) expect(names).toContain(`'${h}`);
    // Cells are trimmed on import, so a leading tab never reaches the database.
    expect(names).toContain("Tabbed");
    expect(names).toContain("<script>alert(1)</script>");
    expect(rows.find((r) => r.name === `'${HOSTILE[0]}`)?.note).toBe("'=cmd|' /C calc'!A0");

    const json = lwd(db, ["export", "--format", "json"]);
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(/<script>|@example\.org/);
    const document = JSON.parse(json.stdout);
    expect(document.employerCount).toBe(document.employers.length);
    // JSON keeps the stored text exactly; only the "<" is escaped in transit.
    expect(document.employers.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining([...HOSTILE.slice(0, 4), HOSTILE[5]]),
    );
    expect(document.employers[0]).not.toHaveProperty("id");
    expect(Object.keys(document.employers[0].events[0] ?? {})).not.toContain("recordedBy");
  });

  it("refuses an unknown format and CSV on stdout with --json (exit 2)", () => {
    const db = freshDatabaseFile();
    expect(lwd(db, ["export", "--format", "xlsx"]).code).toBe(2);
    expect(lwd(db, ["export", "--format", "csv", "--json"]).code).toBe(2);
  });
});
