/** `lwd import` run as a person or a script would: the real tool on a fresh database file. */
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { IMPORT_COLUMNS, TEMPLATE_COLUMNS } from "../../db/domain/import.ts";
import { contentHash, csvOf, freshDatabaseFile, lwd, pledgeRow, tempDir, writeCsv } from "./cli-support.ts";

let dir: string;
let db: string;
beforeEach(() => {
  dir = tempDir();
  db = freshDatabaseFile(dir);
});

describe("lwd import", () => {
  it("prints a template that imports, then re-imports it as unchanged", () => {
    const template = lwd(db, ["import", "--template"]);
    expect(template.code).toBe(0);
    expect(template.stdout.split("\n")[0]).toBe(TEMPLATE_COLUMNS.join(","));
    const file = writeCsv(dir, "template.csv", template.stdout);
    const first = lwd(db, ["import", file, "--as", "cam"]);
    expect([first.code, first.stdout]).toEqual([
      0,
      "Imported template.csv: 1 employer created, 1 event added, 1 service added to employers, 0 rows unchanged.\n",
    ]);
    const again = lwd(db, ["import", file, "--as", "cam"]);
    expect([again.code, again.stdout]).toEqual([
      0,
      "Nothing to add: all 1 rows of template.csv are already in the directory.\n",
    ]);
  });

  it("reports every bad row with exit 1 and changes nothing, on a dry run and a real one", () => {
    const file = writeCsv(
      dir,
      "bad.csv",
      csvOf([
        pledgeRow("Fictional Bakery"),
        pledgeRow("Fictional Garage", { area: "Hackny" }),
        pledgeRow("Fictional Mill", { date: "2010-02-30" }),
      ]),
    );
    const before = contentHash(db);
    for (const extra of [["--dry-run"], []]) {
      const r = lwd(db, ["import", file, "--as", "cam", ...extra]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        [
          "lwd: 2 problems, nothing was changed:",
          'row 3, field area: "Hackny" is not a known area — did you mean "Hackney" (E09000012)?',
          'row 4, field date: "2010-02-30" is not a real calendar date',
          "",
        ].join("\n"),
      );
    }
    expect(contentHash(db)).toBe(before);
  });

  it("on a dry run lists what would change and changes nothing", () => {
    const file = writeCsv(
      dir,
      "good.csv",
      csvOf([
        pledgeRow("Fictional Bakery"),
        pledgeRow("Fictional Bakery", { event: "accredited", date: "2021-01-01" }),
      ]),
    );
    const before = contentHash(db);
    const r = lwd(db, ["import", file, "--dry-run", "--as", "cam"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      "Dry run of good.csv: every row is valid; nothing was changed. Importing it would give: 1 employer created, 2 events added, 0 rows unchanged.\nNew employers:\n  row 2: Fictional Bakery -> fictional-bakery\n",
    );
    expect(contentHash(db)).toBe(before);
  });

  it("prints one JSON document with the summary", () => {
    const file = writeCsv(dir, "good.csv", csvOf([pledgeRow("Fictional Bakery")]));
    const r = lwd(db, ["import", file, "--as", "cam", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      file: "good.csv",
      dryRun: false,
      rows: 1,
      employersCreated: 1,
      eventsAdded: 1,
      rowsUnchanged: 0,
    });
    const bad = lwd(db, [
      "import",
      writeCsv(dir, "bad.csv", csvOf([pledgeRow("Fictional Mill", { date: "2999-01-01" })])),
      "--as",
      "cam",
      "--json",
    ]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({
      ok: false,
      problems: [{ row: 2, field: "date", message: expect.stringMatching(/^"2999-01-01" is in the future/) }],
    });
  });

  it("refuses a near-duplicate without a terminal, and creates it with --new", () => {
    const file = writeCsv(dir, "dup.csv", csvOf([pledgeRow("Barclays PLC", { sector: "K" })]));
    const refused = lwd(db, ["import", file, "--as", "cam"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /row 2, field name: "Barclays PLC" looks like an employer already known — "Barclays" \(barclays\): "Barclays" is the same name written differently\. To go on, use the existing employer's exact name, or run again with --new/,
    );
    const forced = lwd(db, ["import", file, "--as", "cam", "--new"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(
      /warning: row 2: "Barclays PLC" looks like "Barclays" \(barclays\); created as a new employer as asked/,
    );
  });

  it("shows control characters in names as escapes, so a terminal never obeys them", () => {
    const file = writeCsv(dir, "escape.csv", csvOf([pledgeRow("Barclays\u001b[H", { sector: "K" })]));
    const r = lwd(db, ["import", file, "--as", "cam"]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("\u001b");
    // Whatever the report says about the row, the name in it is shown escaped.
    expect(r.stderr).toMatch(/^lwd: row 2, field name: "Barclays\\u001b\[H" /);
  });

  it("exits 2 on usage errors: no file, a missing file, no writer", () => {
    expect(lwd(db, ["import", "--as", "cam"]).code).toBe(2);
    const missing = lwd(db, ["import", join(dir, "nowhere.csv"), "--as", "cam"]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/there is no such file/)]);
    const file = writeCsv(dir, "good.csv", csvOf([pledgeRow("Fictional Bakery")]));
    expect(lwd(db, ["import", file]).code).toBe(2);
    expect(lwd(db, ["import", file, "--as", "nobody"]).code).toBe(1);
  });

  it("refuses malformed files with the row at fault", () => {
    const cases: [string, RegExp][] = [
      ["", /row 1, field file: is empty/],
      [`${IMPORT_COLUMNS.join(",")}\n"Fictional,,I\n`, /row 2, field file: a quoted cell is never closed/],
      [`name,sector\nFictional,I\n`, /row 1, field area: is missing from the header/],
      [`${IMPORT_COLUMNS.join(",")},extra\n`, /row 1, field extra: is not a column of an import file/],
    ];
    for (const [text, message] of cases) {
      const r = lwd(db, ["import", writeCsv(dir, "malformed.csv", text), "--as", "cam"]);
      expect(r.code, text).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
