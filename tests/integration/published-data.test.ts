/**
 * The publishing rules on a fresh database, without building the site: what a spreadsheet cell may start with,
 * which columns are published, what the SQLite copy strips, and that chart labels stay text.
 */
import Database from "better-sqlite3";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../db/client.ts";
import { barChart, type SvgNode } from "../../src/components/charts/plot.ts";
import {
  changelog,
  dataDictionary,
  describeCounts,
  toCsv,
  unclassifiedColumns,
  writePublicSqlite,
} from "../../src/lib/publish.ts";
import { neutraliseCell } from "../../db/spreadsheet.ts";
import { buildPublishedFixture, PRIVATE_EMAILS, UNCREDITED_NAME } from "../fixtures/published-history.ts";
import { must } from "../support/must.ts";

let work: string;
let dbPath: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "lwd-publish-"));
  dbPath = join(work, "fixture.sqlite");
  buildPublishedFixture(dbPath);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One column of the data dictionary, by table and column name. */
const columnOf = (tables: ReturnType<typeof dataDictionary>, table: string, column: string) =>
  tables.find((t) => t.name === table)?.columns.find((c) => c.name === column);

describe("CSV cells", () => {
  it("a cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers and plain text do not", () => {
    expect(["=SUM(A1)", "+44 20", "-1", "@cmd", "\tx", "\rx"].map(neutraliseCell)).toEqual([
      "'=SUM(A1)",
      "'+44 20",
      "'-1",
      "'@cmd",
      "'\tx",
      "'\rx",
    ]);
    expect([-1, 0, 42, null, undefined, "Acme", "2010-06-09"].map(neutraliseCell)).toEqual([
      "-1",
      "0",
      "42",
      "",
      "",
      "Acme",
      "2010-06-09",
    ]);
  });

  it("a neutralised CSV still parses back to the same cells, quotes and newlines included", () => {
    const text = toCsv(
      ["a", "b"],
      [
        ["=1+1", 'He said "hi",\nthen left'],
        [3, null],
      ],
    );
    expect(parse(text, { columns: true })).toEqual([
      { a: "'=1+1", b: 'He said "hi",\nthen left' },
      { a: "3", b: "" },
    ]);
  });
});

describe("the data dictionary", () => {
  it("classifies every column of the schema as published (with a meaning) or private", () => {
    expect(unclassifiedColumns()).toEqual([]);
  });

  it("publishes no email, audit table or contributor timestamp, and gives enums their allowed values", () => {
    const tables = dataDictionary();
    expect(tables.map((t) => t.name)).not.toContain("audit_log");
    expect(tables.find((t) => t.name === "contributors")?.columns.map((c) => c.name)).not.toContain("email");
    const event = must(columnOf(tables, "commitment_events", "event"), "commitment_events.event");
    expect(event.allowedValues).toBe(
      "pledged, accredited, rate_implemented, lapsed, revoked, withdrawn, reinstated, verified",
    );
    const sector = must(columnOf(tables, "employers", "sector_code"), "employers.sector_code");
    expect(sector.allowedValues).toBe("a value of sectors.code");
  });
});

describe("the SQLite download", () => {
  it("drops emails, the audit log and uncredited names, and leaves none of them in free pages", () => {
    const db = connect(dbPath, { readonly: true });
    const published = join(work, "public.sqlite");
    writePublicSqlite(db, published);
    const bytes = readFileSync(published);
    db.$client.close();
    const text = bytes.toString("latin1");
    for (const secret of [...PRIVATE_EMAILS, UNCREDITED_NAME, "Private Org Ltd", "audit_log"])
      expect(text).not.toContain(secret);
    const path = join(work, "public.sqlite");
    writeFileSync(path, bytes);
    const copy = new Database(path, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.prepare("SELECT handle, name, organisation FROM contributors WHERE is_credited = 0").all()).toEqual([
      { handle: expect.stringMatching(/^contributor-\d+$/), name: "Uncredited contributor", organisation: null },
    ]);
    copy.close();
  });
});

describe("the changelog", () => {
  it("counts what was added each day, newest first, in words", () => {
    const db = connect(dbPath, { readonly: true });
    const days = changelog(db);
    db.$client.close();
    expect(days.map((d) => d.day)).toEqual(["2024-03-02", "2024-03-01"]);
    expect(describeCounts(must(days[0], "the newest changelog day").counts)).toBe(
      "2 pledges, 2 accreditations, 1 move to a new rate, 1 revocation",
    );
  });
});

describe("charts", () => {
  it("keep a hostile label as text in the tree, never as markup", () => {
    const tree = barChart([{ label: "<script>alert(1)</script> & Co", value: 3 }], "narrow", "t d");
    const texts: string[] = [];
    const tags: string[] = [];
    const walk = (n: SvgNode) => ("text" in n ? texts.push(n.text) : (tags.push(n.tag), n.children.forEach(walk)));
    walk(tree);
    expect(texts.join("")).toContain("<script>alert(1)</script> & Co");
    expect(tags).not.toContain("script");
    expect("tag" in tree && tree.attrs).toMatchObject({
      role: "img",
      "aria-labelledby": "t d",
      viewBox: expect.any(String),
    });
  });
});
