/** An area's headline figures and growth series: the whole directory's rules, counting only that area's employers. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openFreshDatabase, type Db } from "../../db/client.ts";
import { citationSentence, figuresAsOf, monthlySeries } from "../../db/domain/status.ts";
import type { EventKind } from "../../db/schema.ts";
import { lwd } from "./cli-support.ts";

const SOURCE = "https://example.org/fictional/source";
const CAMDEN = "E09000007";
const HACKNEY = "E09000012";

/** A fictional employer in `area` with the given history, straight into a fresh database. */
function employerIn(
  db: Db,
  area: string,
  name: string,
  events: [EventKind, string, { workersCovered?: number; workersUplifted?: number }?][],
): void {
  const s = db.$client;
  const contributor = (s.prepare("SELECT id FROM contributors WHERE handle = 'seed'").get() as { id: number }).id;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const { id } = s
    .prepare("INSERT INTO employers (slug, name, sector_code, area_code) VALUES (?, ?, 'K', ?) RETURNING id")
    .get(slug, name, area) as { id: number };
  const add = s.prepare(
    `INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, workers_covered, workers_uplifted, source_url, reason, recorded_by)
     VALUES (?, ?, ?, 'london', ?, ?, ?, ?, ?)`,
  );
  for (const [event, date, workers = {}] of events) {
    const reason = ["lapsed", "revoked", "withdrawn"].includes(event) ? "fictional reason" : null;
    add.run(
      id,
      event,
      date,
      workers.workersCovered ?? null,
      workers.workersUplifted ?? null,
      SOURCE,
      reason,
      contributor,
    );
  }
}

describe("figures for one area", () => {
  let db: Db;
  beforeEach(() => {
    db = openFreshDatabase(":memory:", { seed: false });
    db.$client.exec(`INSERT INTO sectors VALUES ('K', 'Financial and insurance activities');
      INSERT INTO areas VALUES ('${CAMDEN}', 'Camden', 'london_borough', 'london'), ('${HACKNEY}', 'Hackney', 'london_borough', 'london');
      INSERT INTO contributors (handle, name, role) VALUES ('seed', 'Seed', 'campaigner');`);
    employerIn(db, CAMDEN, "Fictional Camden Bakery", [
      ["pledged", "2014-01-10"],
      ["accredited", "2015-03-01", { workersCovered: 40, workersUplifted: 6 }],
    ]);
    employerIn(db, CAMDEN, "Fictional Camden Lapsed Shop", [
      ["accredited", "2014-05-01", { workersCovered: 25 }],
      ["lapsed", "2016-05-01"],
    ]);
    employerIn(db, CAMDEN, "Fictional Camden Pledger", [["pledged", "2016-02-01"]]);
    employerIn(db, HACKNEY, "Fictional Hackney Brewery", [["accredited", "2013-07-01", { workersCovered: 300 }]]);
    employerIn(db, HACKNEY, "Fictional Hackney Cafe", [["pledged", "2015-09-09"]]);
  });

  it("counts only the area's employers, by the same status rules as the whole directory", () => {
    const camden = figuresAsOf(db, "2016-12-31", { area: CAMDEN });
    expect(camden).toMatchObject({
      asOf: "2016-12-31",
      area: { code: CAMDEN, name: "Camden" },
      accreditedEmployers: 1,
      pledgedEmployers: 1,
      lapsedEmployers: 1,
      workersCovered: 40,
      workersUplifted: 6,
      accreditedWithWorkerFigures: 1,
    });
    // Before the lapse, the shop counts as accredited in Camden, with its workers.
    expect(figuresAsOf(db, "2015-12-31", { area: CAMDEN })).toMatchObject({
      accreditedEmployers: 2,
      pledgedEmployers: 0,
      workersCovered: 65,
    });
    expect(figuresAsOf(db, "2016-12-31", { area: HACKNEY })).toMatchObject({
      accreditedEmployers: 1,
      pledgedEmployers: 1,
      workersCovered: 300,
    });
  });

  it("adds up across areas to the whole directory's figures", () => {
    const whole = figuresAsOf(db, "2016-12-31");
    const areas = [CAMDEN, HACKNEY].map((area) => figuresAsOf(db, "2016-12-31", { area }));
    expect(whole.area).toBeUndefined();
    for (const key of ["accreditedEmployers", "pledgedEmployers", "lapsedEmployers", "workersCovered"] as const)
      expect(areas.reduce((sum, f) => sum + (f[key] ?? 0), 0)).toBe(whole[key]);
  });

  it("names the area in the sentence to cite", () => {
    expect(citationSentence(figuresAsOf(db, "2016-12-31", { area: CAMDEN }))).toBe(
      "As of 31 December 2016, the Living Wage Directory records 1 accredited living-wage employer in Camden and 1 more that has pledged but is not yet accredited.",
    );
  });

  it("counts no one in an area with no employers, or a code that is no area", () => {
    expect(figuresAsOf(db, "2016-12-31", { area: "E09000001" })).toMatchObject({
      accreditedEmployers: 0,
      pledgedEmployers: 0,
      workersCovered: null,
      workersCoveredReason: "not recorded (0 of 0 accredited employers report it)",
    });
  });

  it("gives the area's month-end series from its own first event, matching its figures at each month end", () => {
    const series = monthlySeries(db, "2016-12-31", { area: CAMDEN });
    expect(series[0]?.month).toBe("2014-01");
    expect(series.at(-1)?.month).toBe("2016-12");
    for (const point of series) {
      const [y, m] = point.month.split("-").map(Number) as [number, number];
      const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      const f = figuresAsOf(db, monthEnd, { area: CAMDEN });
      expect([point.month, point.accreditedEmployers, point.pledgedEmployers]).toEqual([
        point.month,
        f.accreditedEmployers,
        f.pledgedEmployers,
      ]);
    }
    expect(monthlySeries(db, "2016-12-31", { area: HACKNEY })[0]?.month).toBe("2013-07");
  });
});

describe("lwd figures --area", () => {
  let dbPath: string;
  beforeAll(() => {
    // A read never creates a database: make it from the migrations and the seed first.
    dbPath = join(mkdtempSync(join(tmpdir(), "lwd-area-")), "seeded.sqlite");
    const made = lwd(dbPath, ["db", "migrate", "--quiet"]);
    if (made.code !== 0) throw new Error(made.stderr);
  });

  it("prints one area's figures as JSON, the area found by name or by code", () => {
    const byName = lwd(dbPath, ["figures", "--as-of", "2026-11-25", "--area", "camden", "--json"]);
    expect(byName.code).toBe(0);
    const f = JSON.parse(byName.stdout) as { area: unknown; accreditedEmployers: number; pledgedEmployers: number };
    expect(f.area).toEqual({ code: CAMDEN, name: "Camden" });
    const byCode = lwd(dbPath, ["figures", "--as-of", "2026-11-25", "--area", CAMDEN, "--json"]);
    expect(JSON.parse(byCode.stdout)).toEqual(f);
    const whole = JSON.parse(lwd(dbPath, ["figures", "--as-of", "2026-11-25", "--json"]).stdout) as {
      byArea: { code: string; accreditedEmployers: number }[];
    };
    expect(f.accreditedEmployers).toBe(whole.byArea.find((a) => a.code === CAMDEN)?.accreditedEmployers);
  });

  it("refuses an unknown area with the closest known one, exit 1", () => {
    const r = lwd(dbPath, ["figures", "--area", "Camdem"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('area: "Camdem" is not a known area — did you mean "Camden" (E09000007)?');
    expect(r.stdout).toBe("");
  });
});
