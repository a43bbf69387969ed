/**
 * A property of the importer: thrown a generated CSV, it either imports exactly the valid file or leaves the
 * database as it was. Runs in-process on one in-memory database; each run is rolled back afterwards.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { importPledges, IMPORT_COLUMNS } from "../../db/domain/import.ts";
import { InputError } from "../../db/errors.ts";
import { contentHash, countOf, freshMemoryDatabase } from "./cli-support.ts";
import { must } from "../support/must.ts";

type Cells = Record<(typeof IMPORT_COLUMNS)[number], string>;

/** A valid row: names differ by a number, so no two are near-duplicates; rates sit above any living wage. */
const validRow = fc
  .record({
    employer: fc.integer({ min: 1, max: 12 }),
    event: fc.constantFrom("pledged", "accredited", "rate_implemented", "lapsed", "withdrawn"),
    date: fc
      .date({ min: new Date("2012-01-01T00:00:00Z"), max: new Date("2024-12-31T00:00:00Z"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    source: fc.integer({ min: 1, max: 3 }),
    rate: fc.constantFrom("20.00", "£21.50", "25"),
    workers: fc.option(fc.integer({ min: 0, max: 5000 }).map(String), { nil: "" }),
    note: fc.option(
      fc.string({ maxLength: 30 }).map((s) => s.replaceAll("\u0000", "")),
      { nil: "" },
    ),
    quirk: fc.constantFrom("plain", "pound", "padded"),
  })
  .map((r): Cells => {
    const area = must(["Hackney", "Camden", "Wales", "North West"][r.employer % 4], "an area");
    return {
      name: `${r.quirk === "padded" ? "  " : ""}Fictional Employer ${r.employer}`,
      companies_house_number: r.employer % 3 === 0 ? String(1000 + r.employer) : "",
      sector: "GIKP".charAt(r.employer % 4),
      size: "",
      area,
      website: "",
      event: r.event,
      date: r.date,
      rate_area: "",
      hourly_rate: r.event === "rate_implemented" ? r.rate : "",
      workers_covered: r.workers,
      workers_uplifted: "",
      source_url: `https://example.org/fictional/${r.source}`,
      // Ending events need a reason; the note carries it.
      note: ["lapsed", "withdrawn"].includes(r.event) ? `ended: ${r.note}` : r.note,
    };
  });

/** One change that makes a row invalid. */
const breakRow = fc.constantFrom<(c: Cells) => Cells>(
  (c) => ({ ...c, area: "Hackny" }),
  (c) => ({ ...c, sector: "Finanse" }),
  (c) => ({ ...c, date: "2010-02-30" }),
  (c) => ({ ...c, date: "2999-01-01" }),
  (c) => ({ ...c, source_url: "" }),
  (c) => ({ ...c, source_url: "ftp://example.org/x" }),
  (c) => ({ ...c, workers_covered: "-1" }),
  (c) => ({ ...c, workers_covered: "2.5" }),
  (c) => ({ ...c, event: "plegded" }),
  (c) => ({ ...c, event: "rate_implemented", hourly_rate: "1.00" }),
  (c) => ({ ...c, event: "rate_implemented", hourly_rate: "" }),
  (c) => ({ ...c, event: "lapsed", note: "" }),
  // An employer no other row mentions has nothing to be reinstated from.
  (c) => ({ ...c, name: "Fictional Employer 99", event: "reinstated" }),
  (c) => ({ ...c, name: "" }),
  // A typo of an employer in the seed: a likely duplicate, refused without --new.
  (c) => ({ ...c, name: "Greater London Authorty" }),
  (c) => ({ ...c, companies_house_number: "NOT-A-NUMBER" }),
);

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

describe("importing generated CSVs", () => {
  const { db, campaigner } = freshMemoryDatabase();
  const s = db.$client;
  afterAll(() => s.close());

  it("imports exactly the valid file, or changes nothing", () => {
    let imported = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            validRow,
            fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: breakRow }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.oneof(
          { weight: 12, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.constantFrom("unclosed", "extra", "header") },
        ),
        (rows, eol, bom, damage) => {
          const cells = rows.map(([row, broken]) => (broken ? broken(row) : row));
          const lines = [
            IMPORT_COLUMNS.join(","),
            ...cells.map((c) => IMPORT_COLUMNS.map((k) => quote(c[k])).join(",")),
          ];
          if (damage === "unclosed") lines.push(`"Fictional Employer 1,,G`);
          if (damage === "extra") lines[1] = `${lines[1]},surprise`;
          if (damage === "header") lines[0] = must(lines[0], "the header line").replace("source_url", "source");
          const text = `${bom ? "\uFEFF" : ""}${lines.join(eol)}${eol}`;
          const shouldFail = damage !== null || rows.some(([, broken]) => broken !== null);

          s.exec("BEGIN");
          try {
            const before = contentHash(s);
            const employersBefore = countOf(s, "employers");
            const eventsBefore = countOf(s, "commitment_events");
            let error: unknown = null;
            try {
              importPledges(db, Buffer.from(text), { actor: campaigner, fileName: "generated.csv" });
            } catch (e) {
              error = e;
            }
            if (error) {
              expect(error, String(error)).toBeInstanceOf(InputError);
              expect(
                (error as InputError).problems.every((p) => p.row !== undefined && p.row >= 1 && p.row <= lines.length),
              ).toBe(true);
              expect(contentHash(s)).toBe(before);
              expect(shouldFail, `a valid file was refused: ${(error as Error).message}\n${text}`).toBe(true);
              refused++;
              return;
            }
            expect(shouldFail, `an invalid file was imported:\n${text}`).toBe(false);
            imported++;
            const names = new Set(cells.map((c) => c.name.trim()));
            const events = new Set(
              cells.map(
                (c) => `${c.name.trim()}|${c.event}|${c.date}|${c.source_url}|${c.hourly_rate.replace("£", "")}`,
              ),
            );
            expect(countOf(s, "employers") - employersBefore).toBe(names.size);
            expect(countOf(s, "commitment_events") - eventsBefore).toBe(events.size);
            for (const c of cells) {
              const stored = s
                .prepare(
                  `SELECT count(*) AS n FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id
                   WHERE e.name = ? AND ev.event = ? AND ev.effective_on = ? AND ev.source_url = ? AND e.area_code = (SELECT code FROM areas WHERE name = ?)`,
                )
                .get(c.name.trim(), c.event, c.date, c.source_url, c.area) as { n: number };
              expect(stored.n).toBeGreaterThanOrEqual(1);
            }
            // Importing the same file again adds nothing.
            const after = contentHash(s);
            const again = importPledges(db, Buffer.from(text), { actor: campaigner, fileName: "generated.csv" });
            expect(again.eventsAdded + again.employersCreated).toBe(0);
            expect(contentHash(s)).toBe(after);
          } finally {
            s.exec("ROLLBACK");
          }
        },
      ),
      { numRuns: 1000 },
    );
    // Both outcomes were exercised, not just one.
    expect(imported).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });
});
