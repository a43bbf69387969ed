/** The amount in the verdict and the JSON twin: what an accredited employer must pay on the as-of date, from the rate table. */
import { parseHTML } from "linkedom";
import { beforeEach, describe, expect, it } from "vitest";
import { openFreshDatabase, type Db } from "../../db/client.ts";
import { getEmployer, listEmployers } from "../../db/domain/employers.ts";
import { latestEvents } from "../../db/domain/events.ts";
import { listRates } from "../../db/domain/rates.ts";
import { LATEST_KINDS } from "../../src/lib/directory.ts";
import { employerBodyHtml } from "../../src/lib/employer-markup.ts";
import { publishedEmployers } from "../../src/lib/publish.ts";
import { must } from "../support/must.ts";

const SOURCE = "https://example.org/fictional/source";
let db: Db;

function rate(area: string, pence: number, announced: string, implementBy: string | null): void {
  db.$client
    .prepare(
      "INSERT INTO living_wage_rates (rate_area, rate_pence, announced_on, announced_precision, implement_by, source_url) VALUES (?, ?, ?, 'day', ?, ?)",
    )
    .run(area, pence, announced, implementBy, SOURCE);
}

function employer(slug: string, area: string, events: [string, string][]): void {
  const s = db.$client;
  const { id } = s
    .prepare("INSERT INTO employers (slug, name, sector_code, area_code) VALUES (?, ?, 'K', ?) RETURNING id")
    .get(slug, `Fictional ${slug}`, area) as { id: number };
  for (const [event, date] of events)
    s.prepare(
      "INSERT INTO commitment_events (employer_id, event, effective_on, rate_area, source_url, reason, recorded_by) VALUES (?, ?, ?, (SELECT rate_area FROM areas WHERE code = ?), ?, ?, 1)",
    ).run(id, event, date, area, SOURCE, ["lapsed", "withdrawn"].includes(event) ? "fictional reason" : null);
}

/** The employer's JSON twin fields and its page's amount sentence, as of `asOf`. */
function verdictOf(slug: string, asOf: string) {
  const employers = listEmployers(db, asOf).filter((e) => e.slug === slug);
  const twin = must([...publishedEmployers(db, employers, asOf)].flat()[0], slug);
  const record = must(getEmployer(db, slug, asOf), slug);
  const body = employerBodyHtml(record, record.events, undefined, {
    asOf,
    base: "/",
    site: "https://example.org/",
    correctionsContact: "corrections@example.org",
    rates: listRates(db),
  });
  const { document } = parseHTML(`<main>${body.toString()}</main>`);
  return { mustPay: twin.mustPay, rateThen: twin.rateThen, says: document.querySelector(".verdict-pay")?.textContent };
}

beforeEach(() => {
  db = openFreshDatabase(":memory:", { seed: false });
  db.$client.exec(`INSERT INTO sectors VALUES ('K', 'Financial and insurance activities');
    INSERT INTO areas VALUES ('E09000007', 'Camden', 'london_borough', 'london'), ('E12000003', 'Yorkshire and The Humber', 'region', 'uk');
    INSERT INTO contributors (handle, name, role) VALUES ('seed', 'Seed', 'campaigner');`);
  rate("london", 1385, "2024-10-22", "2025-05-01");
  rate("london", 1480, "2025-10-22", "2026-05-01");
  rate("uk", 1345, "2025-10-22", "2026-05-01");
  employer("camden-bakery", "E09000007", [["accredited", "2019-03-01"]]);
});

describe("what an accredited employer must pay", () => {
  it("is the rate in force in its rate area on the as-of date", () => {
    expect(verdictOf("camden-bakery", "2026-06-01")).toMatchObject({
      mustPay: { ratePence: 1480, rateArea: "london", since: "2026-05-01", next: null },
      says: "Must pay at least £14.80 an hour, the London Living Wage.",
    });
  });

  it("gives both rates during an implementation window", () => {
    expect(verdictOf("camden-bakery", "2026-01-15")).toMatchObject({
      mustPay: { ratePence: 1385, since: "2025-05-01", next: { ratePence: 1480, from: "2026-05-01" } },
      says: "Must pay at least £13.85 an hour until 30 April 2026; £14.80 from 1 May 2026, the new London Living Wage.",
    });
  });

  it("is nothing before its area's first rate, and says so", () => {
    employer("leeds-mill", "E12000003", [["accredited", "2024-01-10"]]);
    expect(verdictOf("leeds-mill", "2025-01-01")).toMatchObject({
      mustPay: null,
      rateThen: null,
      says: "No UK Living Wage was in force on 1 January 2025, so no hourly rate was due.",
    });
  });

  it("ignores a retracted rate", () => {
    db.$client.exec("UPDATE living_wage_rates SET retracted_at = '2026-05-20T10:00:00.000Z' WHERE rate_pence = 1480");
    expect(verdictOf("camden-bakery", "2026-06-01")).toMatchObject({
      mustPay: { ratePence: 1385, next: null },
      says: "Must pay at least £13.85 an hour, the London Living Wage.",
    });
  });
});

describe("other statuses", () => {
  it("a pledge gives its date and the rate in force then, and no amount due now", () => {
    employer("camden-cafe", "E09000007", [["pledged", "2025-06-09"]]);
    expect(verdictOf("camden-cafe", "2026-06-01")).toMatchObject({
      mustPay: null,
      rateThen: { ratePence: 1385, rateArea: "london", on: "2025-06-09" },
      says: "When it pledged on 9 June 2025, the London Living Wage was £13.85 an hour.",
    });
  });

  it("a lapse before any rate says so instead of an amount", () => {
    employer("camden-shop", "E09000007", [
      ["accredited", "2023-01-01"],
      ["lapsed", "2024-06-30"],
    ]);
    expect(verdictOf("camden-shop", "2026-06-01").says).toBe(
      "Its accreditation lapsed on 30 June 2024, before any London Living Wage was in force.",
    );
  });
});

describe("the home page's Latest list", () => {
  it("reports pledges, accreditations, reinstatements and re-confirmations, newest first, but no retracted event", () => {
    employer("camden-cafe", "E09000007", [
      ["pledged", "2020-01-10"],
      ["accredited", "2021-02-01"],
      ["lapsed", "2022-03-01"],
      ["reinstated", "2023-04-01"],
      ["verified", "2024-05-01"],
      ["withdrawn", "2025-06-01"],
    ]);
    db.$client.exec("UPDATE commitment_events SET retracted_at = '2026-01-01T00:00:00.000Z' WHERE event = 'pledged'");
    const latest = latestEvents(db, LATEST_KINDS, "2026-06-01", 10).map((e) => [e.event, e.effectiveOn]);
    expect(latest).toEqual([
      ["verified", "2024-05-01"],
      ["reinstated", "2023-04-01"],
      ["accredited", "2021-02-01"],
      ["accredited", "2019-03-01"],
    ]);
  });
});
