import { parse } from "csv-parse/sync";
import { createHash } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openFreshDatabase } from "../../db/client.ts";
import { checkDatabase } from "../../db/domain/check.ts";
import { NameIndex } from "../../db/domain/duplicates.ts";
import { rateInForce } from "../../db/domain/rates.ts";
import { todayIso } from "../../db/validation.ts";
import { run } from "../../scripts/cli/lwd.ts";
import {
  CSV_COLUMNS,
  defaultUntil,
  GENERATOR_HANDLE,
  seedReferenceData,
  writeCsv,
  writeDatabase,
  type GenerateSettings,
} from "../../scripts/cli/generate.ts";

const dir = mkdtempSync(join(tmpdir(), "lwd-generate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ref = seedReferenceData();

/** A generated row: every import column, each a string (empty when the generator leaves it out). */
type GeneratedRow = Record<(typeof CSV_COLUMNS)[number], string>;

function csvFor(settings: GenerateSettings, name: string): { text: string; rows: GeneratedRow[] } {
  const path = join(dir, name);
  const fd = openSync(path, "w");
  writeCsv(fd, settings, ref);
  closeSync(fd);
  const text = readFileSync(path, "utf8");
  return { text, rows: parse(text, { columns: true }) as GeneratedRow[] };
}

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const settings: GenerateSettings = { employers: 400, seed: "test", until: "2025-12-31" };
const { text, rows } = csvFor(settings, "a.csv");

describe("lwd generate", () => {
  it("gives byte-identical CSV for the same seed, and different data for another seed", () => {
    expect(sha(csvFor(settings, "b.csv").text)).toBe(sha(text));
    expect(sha(csvFor({ ...settings, seed: "other" }, "c.csv").text)).not.toBe(sha(text));
  });

  it("writes the importer's columns with about ten events per employer", () => {
    expect(text.split("\n")[0]).toBe(CSV_COLUMNS.join(","));
    const employers = new Set(rows.map((r) => r.name));
    expect(employers.size).toBe(400);
    expect(rows.length / employers.size).toBeGreaterThan(7);
    expect(rows.length / employers.size).toBeLessThan(13);
    for (const kind of ["pledged", "accredited", "rate_implemented", "lapsed", "reinstated"])
      expect(rows.some((r) => r.event === kind)).toBe(true);
  });

  it("makes every name, source and note plainly fictional", () => {
    for (const r of rows) {
      expect(r.name).toMatch(/ Example /);
      expect(r.source_url).toMatch(/^https:\/\/example\.org\/fictional\//);
      expect(r.note).toMatch(/^Fictional /);
      if (r.website) expect(new URL(r.website).hostname).toMatch(/\.example$/);
      if (r.companies_house_number) expect(r.companies_house_number).toMatch(/^ZZ\d{6}$/);
    }
  });

  it("never gives two names the importer would take for the same employer", () => {
    const index = new NameIndex<number>();
    const names = [...new Set(rows.map((r) => r.name))];
    names.forEach((name, i) => {
      expect(index.similar(name)).toEqual([]);
      index.add(name, i);
    });
  });

  it("dates no event in the future, nor after the end date", () => {
    for (const r of rows) expect(r.date <= settings.until).toBe(true);
    expect(defaultUntil(ref) <= todayIso()).toBe(true);
  });

  it("never records a rate below the living wage in force on its date", () => {
    const db = openFreshDatabase();
    const moves = rows.filter((r) => r.event === "rate_implemented");
    expect(moves.length).toBeGreaterThan(1000);
    for (const r of moves) {
      const floor = rateInForce(db, r.rate_area as "london" | "uk", r.date);
      expect(Math.round(Number(r.hourly_rate) * 100)).toBeGreaterThanOrEqual(floor?.ratePence ?? 0);
    }
  });

  it("writes straight into a database that passes every check, as the generator, and adds nothing the second time", () => {
    const db = openFreshDatabase(join(dir, "g.sqlite"));
    const first = writeDatabase(db, settings, ref);
    expect(first).toMatchObject({ employers: 400, events: rows.length, skipped: 0 });
    expect(checkDatabase(db)).toEqual([]);
    const by = db.$client.prepare("SELECT role FROM contributors WHERE handle = ?").get(GENERATOR_HANDLE) as {
      role: string;
    };
    expect(by.role).toBe("campaigner");
    expect(writeDatabase(db, settings, ref)).toMatchObject({ employers: 0, events: 0, skipped: 400 });
    db.$client.close();
  });

  it("refuses a size that is not a whole number, with a usage error", async () => {
    expect(await run(["generate", "--employers", "many", "--out", join(dir, "x.csv")])).toBe(2);
    expect(await run(["generate", "--employers", "5", "--until", "2999-01-01", "--out", join(dir, "x.csv")])).toBe(2);
  });
});
