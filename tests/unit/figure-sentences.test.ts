import { describe, expect, it } from "vitest";
import { citationSentence } from "../../db/domain/status.ts";
import { notRecordedReason } from "../../db/labels.ts";
import { breakdownSummary, growthSummary } from "../../src/lib/format.ts";

const AREAS: [string, string] = ["area", "areas"];
const row = (name: string, accreditedEmployers: number) => ({ name, accreditedEmployers });

describe("the sentence under a breakdown chart", () => {
  it("lists a tie as a tie instead of naming a most", () => {
    expect(breakdownSummary([row("Croydon", 1), row("Hillingdon", 1), row("Newham", 1)], AREAS, "2026-06-01")).toBe(
      "Accredited employers on 1 June 2026 in each area that has any: 3 areas in all; Croydon, Hillingdon and Newham have 1 each.",
    );
  });

  it("names a most only when one category leads", () => {
    expect(breakdownSummary([row("Camden", 4), row("Hackney", 2), row("Brent", 0)], AREAS, "2026-06-01")).toBe(
      "Accredited employers on 1 June 2026 in each area that has any: 2 areas in all; the most are in Camden (4).",
    );
    expect(breakdownSummary([row("Camden", 4), row("Hackney", 4), row("Brent", 1)], AREAS, "2026-06-01")).toBe(
      "Accredited employers on 1 June 2026 in each area that has any: 3 areas in all; the most are in Camden and Hackney, with 4 each.",
    );
  });

  it("says plainly when no one was accredited", () => {
    expect(breakdownSummary([row("Camden", 0)], AREAS, "2010-12-31")).toBe(
      "No employer was accredited on 31 December 2010.",
    );
  });
});

describe("the sentence under the growth chart", () => {
  it("never says a count of nothing went from 0 to 0", () => {
    const series = [
      { month: "2010-06", accreditedEmployers: 0, pledgedEmployers: 12 },
      { month: "2010-12", accreditedEmployers: 0, pledgedEmployers: 12 },
    ];
    const sentence = growthSummary(series, "2010-12-31");
    expect(sentence).toBe(
      "From June 2010 to December 2010, no employer was accredited; pledged employers not yet accredited stayed at 12.",
    );
    expect(sentence).not.toMatch(/from 0 to 0|most: 0/);
  });

  it("names the peak only when the count has fallen from it", () => {
    const series = [
      { month: "2014-01", accreditedEmployers: 1, pledgedEmployers: 2 },
      { month: "2015-03", accreditedEmployers: 5, pledgedEmployers: 3 },
      { month: "2016-12", accreditedEmployers: 4, pledgedEmployers: 3 },
    ];
    expect(growthSummary(series, "2016-12-31")).toBe(
      "From January 2014 to December 2016, accredited employers went from 1 to 4 (most: 5, in March 2015); pledged employers not yet accredited went from 2 to 3.",
    );
  });
});

describe("counts in sentences agree with their nouns", () => {
  const figures = (accreditedEmployers: number, pledgedEmployers: number) => ({
    asOf: "2026-06-01",
    scheme: "living_wage" as const,
    accreditedEmployers,
    pledgedEmployers,
  });

  it("writes one employer in the singular in the citation sentence", () => {
    expect(citationSentence(figures(1, 1))).toBe(
      "As of 1 June 2026, the Living Wage Directory records 1 accredited living-wage employer and 1 more that has pledged but is not yet accredited.",
    );
  });

  it("writes other counts in the plural in the citation sentence", () => {
    expect(citationSentence(figures(1234, 0))).toBe(
      "As of 1 June 2026, the Living Wage Directory records 1,234 accredited living-wage employers and 0 more that have pledged but are not yet accredited.",
    );
  });

  it("agrees for an area and for another scheme", () => {
    expect(citationSentence({ ...figures(1, 2), area: { code: "E09000007", name: "Camden" } })).toBe(
      "As of 1 June 2026, the Living Wage Directory records 1 accredited living-wage employer in Camden and 2 more that have pledged but are not yet accredited.",
    );
    expect(citationSentence({ ...figures(1, 0), scheme: "service_provider" })).toMatch(
      /records 1 employer recognised under .+ and 0 more that have pledged/,
    );
  });

  it("agrees in the reason a worker figure is not recorded", () => {
    expect(notRecordedReason(1)).toBe("not recorded (0 of 1 accredited employer reports it)");
    expect(notRecordedReason(8)).toBe("not recorded (0 of 8 accredited employers report it)");
  });
});
