import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { openFreshDatabase, type Db } from "../../db/client.ts";
import { behindAsOf, figuresAsOf, monthlySeries, statusOfEmployer } from "../../db/domain/status.ts";
import { EVENT_KINDS, type EventKind } from "../../db/schema.ts";
import { eventsOfEmployers } from "../../db/domain/published.ts";
import { employerFigures } from "../../src/lib/employer-page.ts";
import { must } from "../support/must.ts";

const SOURCE = "https://example.org/fictional/source";

/** A fictional employer with the given history, straight into a fresh database. */
function employerWith(
  db: Db,
  name: string,
  events: [
    EventKind,
    string,
    Partial<{ ratePence: number; workersCovered: number; workersUplifted: number; rateArea: string }>?,
  ][],
): number {
  const s = db.$client;
  const contributor = (s.prepare("SELECT id FROM contributors WHERE handle = 'seed'").get() as { id: number }).id;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const { id } = s
    .prepare("INSERT INTO employers (slug, name, sector_code, area_code) VALUES (?, ?, 'K', 'E09000030') RETURNING id")
    .get(slug, name) as { id: number };
  const add = s.prepare(
    `INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, rate_pence, workers_covered, workers_uplifted, source_url, reason, recorded_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [event, date, extra = {}] of events) {
    const reason = ["lapsed", "revoked", "withdrawn"].includes(event) ? "fictional reason" : null;
    add.run(
      id,
      event,
      date,
      extra.rateArea ?? "london",
      extra.ratePence ?? (event === "rate_implemented" ? 2000 : null),
      extra.workersCovered ?? null,
      extra.workersUplifted ?? null,
      SOURCE,
      reason,
      contributor,
    );
  }
  return id;
}

describe("status on a date", () => {
  let db: Db;
  beforeEach(() => {
    db = openFreshDatabase(":memory:", { seed: false });
    db.$client.exec(`INSERT INTO sectors VALUES ('K', 'Financial and insurance activities');
      INSERT INTO areas VALUES ('E09000030', 'Tower Hamlets', 'london_borough', 'london');
      INSERT INTO contributors (handle, name, role) VALUES ('seed', 'Seed', 'campaigner');`);
  });

  it("follows a pledge, accreditation, lapse and reinstatement through time", () => {
    const id = employerWith(db, "Fictional Bakery", [
      ["pledged", "2012-01-10"],
      ["accredited", "2013-03-01"],
      ["lapsed", "2015-06-30"],
      ["reinstated", "2016-02-01"],
    ]);
    const on = (d: string) => statusOfEmployer(db, id, d)?.status ?? null;
    expect(on("2012-01-09")).toBeNull();
    expect(on("2012-01-10")).toBe("pledged");
    expect(on("2013-02-28")).toBe("pledged");
    expect(on("2013-03-01")).toBe("accredited");
    expect(on("2015-06-30")).toBe("lapsed");
    expect(on("2016-01-31")).toBe("lapsed");
    expect(on("2016-02-01")).toBe("accredited");
    expect(figuresAsOf(db, "2015-07-01")).toMatchObject({
      accreditedEmployers: 0,
      lapsedEmployers: 1,
      pledgedEmployers: 0,
    });
    expect(figuresAsOf(db, "2016-02-01")).toMatchObject({ accreditedEmployers: 1, lapsedEmployers: 0 });
  });

  it("a revocation ends accreditation from its date and counts as revoked", () => {
    employerWith(db, "Fictional Foundry", [
      ["accredited", "2014-05-01"],
      ["revoked", "2018-09-15"],
    ]);
    expect(figuresAsOf(db, "2018-09-14")).toMatchObject({ accreditedEmployers: 1, revokedEmployers: 0 });
    expect(figuresAsOf(db, "2018-09-15")).toMatchObject({ accreditedEmployers: 0, revokedEmployers: 1 });
  });

  it("an event on the as-of date counts on that date, and not the day before", () => {
    employerWith(db, "Fictional Florist", [
      ["pledged", "2020-01-01"],
      ["accredited", "2020-06-01"],
    ]);
    expect(figuresAsOf(db, "2020-05-31")).toMatchObject({ accreditedEmployers: 0, pledgedEmployers: 1 });
    expect(figuresAsOf(db, "2020-06-01")).toMatchObject({ accreditedEmployers: 1, pledgedEmployers: 0 });
  });

  it("a rate move changes no status", () => {
    const id = employerWith(db, "Fictional Ferries", [
      ["lapsed", "2019-01-01"],
      ["rate_implemented", "2019-05-01"],
    ]);
    expect(statusOfEmployer(db, id, "2019-06-01")?.status).toBe("lapsed");
  });

  it("workers figures sum each accredited employer's latest known figure only", () => {
    employerWith(db, "Fictional Farm", [
      ["accredited", "2015-01-01", { workersCovered: 100, workersUplifted: 10 }],
      ["rate_implemented", "2016-01-01", { workersCovered: 120 }],
    ]);
    employerWith(db, "Fictional Forge", [["pledged", "2015-01-01", { workersCovered: 999 }]]);
    expect(figuresAsOf(db, "2015-06-01")).toMatchObject({
      workersCovered: 100,
      workersUplifted: 10,
      accreditedWithWorkerFigures: 1,
    });
    expect(figuresAsOf(db, "2016-06-01")).toMatchObject({ workersCovered: 120, workersUplifted: 10 });
  });

  it("an employer accredited before a rate's announcement is behind once its implement-by date passes without a move to it", () => {
    db.$client
      .exec(`INSERT INTO living_wage_rates (rate_area, rate_pence, announced_on, announced_precision, implement_by, source_url)
      VALUES ('london', 1000, '2017-11-06', 'day', '2018-05-06', '${SOURCE}')`);
    employerWith(db, "Fictional Fabrics", [["accredited", "2015-01-01"]]);
    employerWith(db, "Fictional Fountain", [
      ["accredited", "2015-01-01"],
      ["rate_implemented", "2018-04-01", { ratePence: 1000 }],
    ]);
    employerWith(db, "Fictional Fjord", [["accredited", "2018-01-01"]]);
    expect(behindAsOf(db, "2018-05-05")).toEqual([]);
    expect(behindAsOf(db, "2018-05-06").map((b) => b.name)).toEqual(["Fictional Fabrics"]);
  });

  it("the monthly series agrees with the figures at every month end", () => {
    employerWith(db, "Fictional Fudge", [
      ["pledged", "2012-01-10"],
      ["accredited", "2012-03-01"],
      ["lapsed", "2012-03-20"],
      ["reinstated", "2012-05-01"],
    ]);
    employerWith(db, "Fictional Felt", [
      ["pledged", "2012-02-29"],
      ["withdrawn", "2012-04-30"],
    ]);
    for (const point of monthlySeries(db, "2012-06-30")) {
      const [y, m] = point.month.split("-").map(Number) as [number, number];
      const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      const f = figuresAsOf(db, monthEnd);
      expect([point.month, point.accreditedEmployers, point.pledgedEmployers]).toEqual([
        point.month,
        f.accreditedEmployers,
        f.pledgedEmployers,
      ]);
    }
  });

  it("on any date, the SQL figures equal a slow reference computation over the same events", () => {
    const statusOf: Record<string, string | null> = {
      pledged: "pledged",
      accredited: "accredited",
      reinstated: "accredited",
      lapsed: "lapsed",
      revoked: "revoked",
      withdrawn: "withdrawn",
      rate_implemented: null,
    };
    const day = fc
      .integer({ min: 0, max: 3000 })
      .map((n) => new Date(Date.UTC(2010, 0, 1 + n)).toISOString().slice(0, 10));
    const history = fc.array(fc.tuple(fc.constantFrom(...EVENT_KINDS), day), { minLength: 0, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(history, { minLength: 1, maxLength: 6 }), day, (histories, asOf) => {
        db.$client.exec("DELETE FROM commitment_events; DELETE FROM employers;");
        histories.forEach((h, i) => employerWith(db, `Fictional ${i}`, h));
        const expected = { accredited: 0, pledged: 0, lapsed: 0, revoked: 0, withdrawn: 0 } as Record<string, number>;
        for (const h of histories) {
          // Latest status event on or before asOf; ties go to the one recorded last.
          const latest = h
            .map((e, order) => ({ e, order }))
            .filter(({ e }) => statusOf[e[0]] && e[1] <= asOf)
            .sort((a, b) => a.e[1].localeCompare(b.e[1]) || a.order - b.order)
            .at(-1);
          if (!latest) continue;
          const status = must(statusOf[latest.e[0]], `the status ${latest.e[0]} gives`);
          expected[status] = must(expected[status], `a count of ${status}`) + 1;
        }
        const f = figuresAsOf(db, asOf);
        expect({
          accredited: f.accreditedEmployers,
          pledged: f.pledgedEmployers,
          lapsed: f.lapsedEmployers,
          revoked: f.revokedEmployers,
          withdrawn: f.withdrawnEmployers,
        }).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("worker figures and breakdowns on a date", () => {
  // The employer page reads an employer's latest figures from its events in TypeScript; the headline figures read them
  // in SQL. One rule, written twice for speed, so the two are held to each other here.
  it("the employer page's latest worker figures equal the SQL's for an accredited employer, on any date", () => {
    const day = fc
      .integer({ min: 0, max: 3000 })
      .map((d) => new Date(Date.UTC(2012, 0, 1 + d)).toISOString().slice(0, 10));
    const figure = fc.option(fc.integer({ min: 0, max: 5_000_000_000 }), { nil: undefined });
    const history = fc.array(fc.record({ on: day, covered: figure, uplifted: figure, move: fc.boolean() }), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(history, day, (rows, asOf) => {
        const db = openFreshDatabase(":memory:", { seed: false });
        db.$client.exec(`INSERT INTO sectors VALUES ('K', 'Financial and insurance activities');
          INSERT INTO areas VALUES ('E09000030', 'Tower Hamlets', 'london_borough', 'london');
          INSERT INTO contributors (handle, name, role) VALUES ('seed', 'Seed', 'campaigner');`);
        // Accredited before every other event, so the employer is accredited on any date after it.
        const id = employerWith(db, "Fictional Figures Ltd", [
          ["accredited", "2011-12-31"],
          ...rows.map(
            (r) =>
              [
                r.move ? "rate_implemented" : "accredited",
                r.on,
                { workersCovered: r.covered, workersUplifted: r.uplifted },
              ] as [EventKind, string, { workersCovered?: number; workersUplifted?: number }],
          ),
        ]);
        const events = (eventsOfEmployers(db)([id]).get(id) ?? []).filter((e) => e.effectiveOn <= asOf);
        const page = employerFigures(events);
        const sql = figuresAsOf(db, asOf);
        expect(sql.workersCovered).toBe(page.workersCovered?.value ?? null);
        expect(sql.workersUplifted).toBe(page.workersUplifted?.value ?? null);
        db.$client.close();
      }),
      { numRuns: 300 },
    );
  });

  it("equal a slow reference computation, with figures missing, partial, tied on a day and too large to pack", () => {
    const db = openFreshDatabase(":memory:", { seed: false });
    db.$client
      .exec(`INSERT INTO sectors VALUES ('K', 'Financial and insurance activities'), ('I', 'Accommodation and food');
      INSERT INTO areas VALUES ('E09000030', 'Tower Hamlets', 'london_borough', 'london'), ('E12000005', 'West Midlands', 'region', 'uk');
      INSERT INTO size_bands VALUES ('small', 'Small', 10, 49), ('large', 'Large', 250, NULL);
      INSERT INTO contributors (handle, name, role) VALUES ('seed', 'Seed', 'campaigner');`);
    const s = db.$client;
    const contributor = (s.prepare("SELECT id FROM contributors").get() as { id: number }).id;
    const addEmployer = s.prepare(
      "INSERT INTO employers (slug, name, sector_code, area_code, size_code) VALUES (?, ?, ?, ?, ?) RETURNING id",
    );
    const addEvent = s.prepare(
      `INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, rate_pence, workers_covered, workers_uplifted, source_url, reason, recorded_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const statusOf: Record<string, string | null> = {
      pledged: "pledged",
      accredited: "accredited",
      reinstated: "accredited",
      lapsed: "lapsed",
      revoked: "revoked",
      withdrawn: "withdrawn",
      rate_implemented: null,
    };
    // Few distinct days, so ties on a day are common.
    const day = fc
      .integer({ min: 0, max: 40 })
      .map((n) => new Date(Date.UTC(2015, 0, 1 + n * 30)).toISOString().slice(0, 10));
    const workers = fc.option(
      fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constantFrom(2_147_483_647, 2_147_483_648, 5_000_000_000)),
      { nil: null },
    );
    const event = fc.record({
      kind: fc.constantFrom(...EVENT_KINDS),
      on: day,
      rateArea: fc.constantFrom("london", "uk"),
      covered: workers,
      uplifted: workers,
    });
    const employer = fc.record({
      sector: fc.constantFrom("K", "I"),
      area: fc.constantFrom("E09000030", "E12000005"),
      size: fc.constantFrom("small", "large", null),
      events: fc.array(event, { maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(employer, { minLength: 1, maxLength: 6 }), day, (employers, asOf) => {
        s.exec("DELETE FROM commitment_events; DELETE FROM employers;");
        const expected = {
          covered: 0,
          uplifted: 0,
          withCovered: 0,
          withUplifted: 0,
          sector: new Map<string, number>(),
          area: new Map<string, number>(),
          size: new Map<string, number>(),
          rate: new Map<string, number>(),
        };
        const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
        employers.forEach((e, i) => {
          const { id } = addEmployer.get(`fictional-${i}`, `Fictional ${i}`, e.sector, e.area, e.size) as {
            id: number;
          };
          for (const ev of e.events)
            addEvent.run(
              id,
              ev.kind,
              ev.on,
              ev.rateArea,
              ev.kind === "rate_implemented" ? 2000 : null,
              ev.covered,
              ev.uplifted,
              SOURCE,
              ["lapsed", "revoked", "withdrawn"].includes(ev.kind) ? "fictional reason" : null,
              contributor,
            );
          // Events in date order, ties in the order recorded; only those on or before asOf count.
          const upTo = e.events
            .map((ev, order) => ({ ev, order }))
            .filter(({ ev }) => ev.on <= asOf)
            .sort((a, b) => a.ev.on.localeCompare(b.ev.on) || a.order - b.order)
            .map(({ ev }) => ev);
          const latest = upTo.filter((ev) => statusOf[ev.kind]).at(-1);
          if (!latest || statusOf[latest.kind] !== "accredited") return;
          const covered = upTo.filter((ev) => ev.covered !== null).at(-1)?.covered;
          const uplifted = upTo.filter((ev) => ev.uplifted !== null).at(-1)?.uplifted;
          if (covered != null) {
            expected.covered += covered;
            expected.withCovered += 1;
          }
          if (uplifted != null) {
            expected.uplifted += uplifted;
            expected.withUplifted += 1;
          }
          count(expected.sector, e.sector);
          count(expected.area, e.area);
          if (e.size) count(expected.size, e.size);
          count(expected.rate, latest.rateArea);
        });
        const f = figuresAsOf(db, asOf);
        const nonZero = (list: { code: string; accreditedEmployers: number }[]) =>
          new Map(list.filter((b) => b.accreditedEmployers).map((b) => [b.code, b.accreditedEmployers]));
        expect({
          covered: f.workersCovered,
          uplifted: f.workersUplifted,
          withCovered: f.accreditedWithWorkerFigures,
        }).toEqual({
          // A sum with nothing behind it is no figure at all.
          covered: expected.withCovered ? expected.covered : null,
          uplifted: expected.withUplifted ? expected.uplifted : null,
          withCovered: expected.withCovered,
        });
        expect(nonZero(f.bySector)).toEqual(expected.sector);
        expect(nonZero(f.byArea)).toEqual(expected.area);
        expect(nonZero(f.bySize)).toEqual(expected.size);
        expect(nonZero(f.byRateArea)).toEqual(expected.rate);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the seed", () => {
  it("matches a hand count of the sourced employers", () => {
    const db = openFreshDatabase();
    // No sourced event is dated before 9 June 2010.
    expect(figuresAsOf(db, "2010-06-01")).toMatchObject({ accreditedEmployers: 0, pledgedEmployers: 0 });
    // 12 employers named on 9 June 2010 (all as pledges).
    expect(figuresAsOf(db, "2010-06-09")).toMatchObject({ accreditedEmployers: 0, pledgedEmployers: 12 });
    // 19 pledges in all (12 + 6 in 2012 + the British Library in 2016) and 8 accreditations (2017–2025).
    expect(figuresAsOf(db, "2026-11-25")).toMatchObject({ accreditedEmployers: 8, pledgedEmployers: 19 });
    expect(db.$client.prepare("SELECT count(*) AS n FROM employers").get()).toEqual({ n: 27 });
  });

  it("is idempotent", async () => {
    const db = openFreshDatabase();
    const { seedDatabase } = await import("../../db/seed/seed.ts");
    seedDatabase(db);
    const counts = db.$client
      .prepare(
        "SELECT (SELECT count(*) FROM employers) e, (SELECT count(*) FROM commitment_events) ev, (SELECT count(*) FROM living_wage_rates) r",
      )
      .get();
    expect(counts).toEqual({ e: 27, ev: 27, r: 36 });
  });
});
