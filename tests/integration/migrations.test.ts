/**
 * Upgrades keep the record: a database made by the first migration alone, holding rows in every table, is brought up
 * to the newest migration by the same path `lwd` takes, and every row comes through with the values it had. The
 * migrations are read from the journal, so each new migration is held to this without changing the test.
 */
import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, openDatabase } from "../../db/client.ts";
import { openSqlite } from "../../db/sqlite.ts";
import { must } from "../support/must.ts";
import { lwd, tempDir } from "./cli-support.ts";

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}
interface Journal {
  entries: JournalEntry[];
}

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as Journal;

/** A migrations folder holding only the first `count` migrations of the journal, as an older checkout had it. */
function migrationsUpTo(count: number): string {
  const folder = join(tempDir(), "migrations");
  mkdirSync(join(folder, "meta"), { recursive: true });
  const entries = journal.entries.slice(0, count);
  writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const e of entries) copyFileSync(join(MIGRATIONS_FOLDER, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  return folder;
}

/**
 * Rows in every table of the first migration's schema, written in SQL as that schema has them: reference data,
 * contributors, employers with other names and a redirect, every kind of event, rates and audit entries. They keep
 * the directory's rules, so `lwd db check` passes on them before and after.
 */
const FIRST_SCHEMA_ROWS = `
INSERT INTO sectors (code, name) VALUES
  ('I', 'Accommodation and food service activities'),
  ('K', 'Financial and insurance activities');
INSERT INTO areas (code, name, kind, rate_area) VALUES
  ('E09000012', 'Hackney', 'london_borough', 'london'),
  ('W92000004', 'Wales', 'nation', 'uk'),
  ('E12000002', 'North West', 'region', 'uk');
INSERT INTO size_bands (code, name, min_employees, max_employees) VALUES
  ('small', 'Small (10 to 49 employees)', 10, 49),
  ('large', 'Large (250 or more employees)', 250, NULL);
INSERT INTO living_wage_rates (id, rate_area, rate_pence, announced_on, announced_precision, implement_by, source_url, note) VALUES
  (1, 'london', 760, '2009-05-01', 'month', NULL, 'https://example.org/fictional/rates/london-2009', NULL),
  (2, 'uk', 1200, '2023-10-24', 'day', '2024-05-01', 'https://example.org/fictional/rates/uk-2023', 'Announced in Living Wage Week'),
  (3, 'london', 1315, '2023-10-24', 'day', '2024-05-01', 'https://example.org/fictional/rates/london-2023', NULL);
INSERT INTO contributors (id, handle, name, email, role, organisation, is_credited, created_at) VALUES
  (1, 'amira', 'Amira Khan (fictional)', 'amira@example.org', 'staff', 'Example Campaign', 0, '2009-01-05T09:00:00.000Z'),
  (2, 'ben.o', 'Ben Ode (fictional)', NULL, 'campaigner', NULL, 1, '2009-02-01T10:30:00.000Z');
INSERT INTO employers (id, slug, name, companies_house_number, sector_code, size_code, area_code, website, created_at, updated_at) VALUES
  (1, 'fictional-bakery', 'Fictional Bakery', '01234567', 'I', 'small', 'E09000012', 'https://fictional-bakery.example/', '2010-01-04T12:00:00.000Z', '2025-01-10T12:00:00.000Z'),
  (2, 'example-bank-plc', 'Example Bank PLC', 'SC012345', 'K', 'large', 'W92000004', NULL, '2014-03-01T08:00:00.000Z', '2016-07-01T08:00:00.000Z'),
  (3, 'sample-cafe-fictional', 'Sample Café & <Sons> (fictional)', NULL, 'I', NULL, 'E12000002', NULL, '2012-05-05T15:45:00.000Z', '2012-05-05T15:45:00.000Z');
INSERT INTO employer_names (id, employer_id, name) VALUES
  (1, 1, 'Fictional Bakeries Ltd'),
  (2, 1, 'The Fictional Bakery'),
  (3, 2, 'Example Bank');
INSERT INTO slug_redirects (old_slug, employer_id, created_at) VALUES
  ('fictional-bakery-hackney', 1, '2013-02-02T10:00:00.000Z');
INSERT INTO commitment_events (id, employer_id, event, effective_on, rate_area, rate_pence, workers_covered, workers_uplifted, source_url, note, reason, recorded_by, recorded_at) VALUES
  (1, 1, 'pledged', '2010-06-09', 'london', NULL, NULL, NULL, 'https://example.org/fictional/bakery/pledge', 'Pledged at the launch', NULL, 2, '2010-06-10T09:00:00.000Z'),
  (2, 1, 'accredited', '2011-05-12', 'london', NULL, 40, 12, 'https://example.org/fictional/bakery/accredited', NULL, NULL, 1, '2011-05-13T09:00:00.000Z'),
  (3, 1, 'rate_implemented', '2024-06-01', 'london', 1400, 42, 20, 'https://example.org/fictional/bakery/rise', NULL, NULL, 2, '2024-06-02T09:00:00.000Z'),
  (4, 1, 'lapsed', '2024-09-01', 'london', NULL, NULL, NULL, 'https://example.org/fictional/bakery/lapsed', NULL, 'Accreditation not renewed', 1, '2024-09-02T09:00:00.000Z'),
  (5, 1, 'reinstated', '2025-01-10', 'london', NULL, 42, NULL, 'https://example.org/fictional/bakery/reinstated', 'Renewed "in full"', NULL, 1, '2025-01-10T12:00:00.000Z'),
  (6, 2, 'pledged', '2014-03-02', 'uk', NULL, NULL, NULL, 'https://example.org/fictional/bank/pledge', NULL, NULL, 2, '2014-03-02T10:00:00.000Z'),
  (7, 2, 'accredited', '2015-01-15', 'uk', NULL, 2500, 300, 'https://example.org/fictional/bank/accredited', NULL, NULL, 1, '2015-01-16T10:00:00.000Z'),
  (8, 2, 'revoked', '2016-07-01', 'uk', NULL, NULL, NULL, 'https://example.org/fictional/bank/revoked', NULL, 'Contractors not paid the rate', 1, '2016-07-01T12:00:00.000Z'),
  (9, 3, 'accredited', '2012-05-05', 'uk', NULL, 8, 8, 'https://example.org/fictional/cafe/accredited', NULL, NULL, 2, '2012-05-06T10:00:00.000Z'),
  (10, 3, 'withdrawn', '2019-11-30', 'uk', NULL, NULL, NULL, 'https://example.org/fictional/cafe/withdrawn', NULL, 'Closed the café', 2, '2019-12-01T10:00:00.000Z');
INSERT INTO audit_log (id, table_name, row_id, action, before, after, contributor_id, at, why) VALUES
  (1, 'contributors', '2', 'insert', NULL, '{"handle":"ben.o","role":"campaigner"}', 1, '2009-02-01T10:30:00.000Z', NULL),
  (2, 'employers', '1', 'insert', NULL, '{"slug":"fictional-bakery","name":"Fictional Bakery"}', 2, '2010-01-04T12:00:00.000Z', NULL),
  (3, 'employers', '1', 'update', '{"website":null}', '{"website":"https://fictional-bakery.example/"}', 1, '2025-01-10T12:00:00.000Z', 'website from the owner'),
  (4, 'commitment_events', '8', 'insert', NULL, '{"event":"revoked"}', 1, '2016-07-01T12:00:00.000Z', NULL),
  (5, 'employers', '4', 'delete', '{"slug":"fictional-bakery-hackney"}', NULL, 1, '2013-02-02T10:00:00.000Z', 'merged into fictional-bakery');
`;

type Row = Record<string, unknown>;
interface Column {
  name: string;
  pk: number;
  dflt_value: string | null;
}

/** The directory's own tables: SQLite's and the migrator's bookkeeping aside. */
function tablesOf(sqlite: Database.Database): string[] {
  return sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

const columnsOf = (sqlite: Database.Database, table: string) =>
  sqlite.prepare(`SELECT name, pk, dflt_value FROM pragma_table_info(?)`).all(table) as Column[];

/** Every row of every table, keyed by its primary key, in a form `toEqual` compares. */
function contentOf(sqlite: Database.Database): Map<string, Map<string, Row>> {
  const tables = new Map<string, Map<string, Row>>();
  for (const table of tablesOf(sqlite)) {
    const key = columnsOf(sqlite, table)
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const rows = new Map<string, Row>();
    for (const row of sqlite.prepare(`SELECT * FROM "${table}"`).all() as Row[])
      rows.set(JSON.stringify(key.length ? key.map((k) => row[k]) : row), row);
    tables.set(table, rows);
  }
  return tables;
}

/** A column default that gives the same value whenever it is evaluated (not the time, not a random number). */
const isConstantDefault = (expression: string) => !/now|random|current_/i.test(expression);

/**
 * Compares what was in the database before an upgrade with what is there after: every table and row still there,
 * each old column holding the value it had, each new column holding its default. Returns the differences.
 */
function differences(
  before: Map<string, Map<string, Row>>,
  after: Map<string, Map<string, Row>>,
  upgraded: Database.Database,
  { extraRowsAllowed }: { extraRowsAllowed: boolean },
): string[] {
  const found: string[] = [];
  for (const [table, oldRows] of before) {
    const newRows = after.get(table);
    if (!newRows) {
      found.push(`table ${table} is gone`);
      continue;
    }
    const newColumns = columnsOf(upgraded, table);
    const oldColumnNames = new Set(Object.keys(oldRows.values().next().value ?? {}));
    for (const [key, oldRow] of oldRows) {
      const newRow = newRows.get(key);
      if (!newRow) {
        found.push(`${table} ${key} is gone`);
        continue;
      }
      for (const [column, value] of Object.entries(oldRow))
        if (!Object.is(newRow[column], value) && JSON.stringify(newRow[column]) !== JSON.stringify(value))
          found.push(`${table} ${key}.${column}: ${JSON.stringify(value)} became ${JSON.stringify(newRow[column])}`);
      for (const c of newColumns.filter((c) => !oldColumnNames.has(c.name))) {
        const expected =
          c.dflt_value === null
            ? null
            : isConstantDefault(c.dflt_value)
              ? upgraded.prepare(`SELECT ${c.dflt_value}`).pluck().get()
              : newRow[c.name];
        if (newRow[c.name] !== expected)
          found.push(`${table} ${key}.${c.name} (new) is ${JSON.stringify(newRow[c.name])}, not its default`);
      }
    }
    if (!extraRowsAllowed && newRows.size !== oldRows.size)
      found.push(`${table} has ${newRows.size} rows after the upgrade, ${oldRows.size} before`);
  }
  return found;
}

/** A database file at the first migration, holding FIRST_SCHEMA_ROWS, as a checkout of that day left it. */
function firstMigrationDatabase(): { path: string; before: Map<string, Map<string, Row>> } {
  const path = join(tempDir(), "livingwage.sqlite");
  const sqlite = openSqlite(path);
  migrate(drizzle(sqlite), { migrationsFolder: migrationsUpTo(1) });
  sqlite.exec(FIRST_SCHEMA_ROWS);
  const before = contentOf(sqlite);
  sqlite.close();
  return { path, before };
}

const appliedMigrations = (sqlite: Database.Database) =>
  sqlite.prepare("SELECT count(*) FROM __drizzle_migrations").pluck().get() as number;

describe("upgrading a database made by the first migration", () => {
  const first = must(journal.entries[0], "the first migration in the journal");

  it(`starts from ${first.tag} alone, with rows in every one of its tables`, () => {
    const { path, before } = firstMigrationDatabase();
    const sqlite = openSqlite(path, { readonly: true });
    expect(appliedMigrations(sqlite)).toBe(1);
    sqlite.close();
    const empty = [...before].filter(([, rows]) => rows.size === 0).map(([table]) => table);
    expect(empty, "tables of the first migration with no rows to carry over").toEqual([]);
  });

  it("opened by lwd, reaches the newest migration with every row and value as it was", () => {
    const { path, before } = firstMigrationDatabase();
    // Every command opens the database this way: pending migrations run, the seed does not.
    openDatabase(path).$client.close();
    const upgraded = openSqlite(path, { readonly: true });
    expect(appliedMigrations(upgraded)).toBe(journal.entries.length);
    expect(differences(before, contentOf(upgraded), upgraded, { extraRowsAllowed: false })).toEqual([]);
    upgraded.close();
  });

  it("after lwd db migrate (which also loads the seed), keeps every row and passes lwd db check", () => {
    const { path, before } = firstMigrationDatabase();
    const migrated = lwd(path, ["db", "migrate"]);
    expect(migrated.code, migrated.stderr).toBe(0);
    const upgraded = openSqlite(path, { readonly: true });
    expect(appliedMigrations(upgraded)).toBe(journal.entries.length);
    // The seed may add its reference data and sourced employers; nothing that was there may change.
    expect(differences(before, contentOf(upgraded), upgraded, { extraRowsAllowed: true })).toEqual([]);
    upgraded.close();
    const check = lwd(path, ["db", "check"]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/integrity, foreign keys and domain invariants all hold/);
  });
});
