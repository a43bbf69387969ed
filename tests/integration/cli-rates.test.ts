/** `lwd rates add` and `lwd behind`: publishing a new rate and seeing who has not moved to it. */
import { describe, expect, it } from "vitest";
import { contentHash, freshDatabaseFile, lwd } from "./cli-support.ts";

describe("lwd rates add and lwd behind", () => {
  it("lets staff add a rate, defaulting implement-by to six months on, and refuses bad input", () => {
    const db = freshDatabaseFile();
    const before = contentHash(db);
    const args = [
      "rates",
      "add",
      "--area",
      "london",
      "--rate",
      "15.40",
      "--announced",
      "2026-10-20",
      "--source",
      "https://example.org/fictional/rate-2026",
    ];
    expect(lwd(db, [...args, "--as", "cam"]).stderr).toMatch(/only staff may add rates/);
    expect(lwd(db, ["rates", "add", "--area", "london", "--as", "sam"]).code).toBe(2);
    const bad = lwd(db, [
      "rates",
      "add",
      "--area",
      "london",
      "--rate",
      "fifteen",
      "--announced",
      "2026-10-20",
      "--source",
      "https://example.org/x",
      "--as",
      "sam",
    ]);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      'lwd: rate: "fifteen" must be an hourly rate in pounds, such as 7.60 or £7.60\n',
    ]);
    const future = lwd(db, [
      "rates",
      "add",
      "--area",
      "uk",
      "--rate",
      "14.00",
      "--announced",
      "2999-10-20",
      "--source",
      "https://example.org/x",
      "--as",
      "sam",
    ]);
    expect([future.code, future.stderr]).toEqual([1, expect.stringMatching(/announced: is in the future/)]);
    expect(contentHash(db)).toBe(before);
    const r = lwd(db, [...args, "--as", "sam", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      rateArea: "london",
      ratePence: 1540,
      announcedOn: "2026-10-20",
      implementBy: "2027-04-20",
    });
    expect(lwd(db, [...args, "--as", "sam"]).stderr).toMatch(
      /a london rate announced on 2026-10-20 is already recorded/,
    );
  });

  it("lists accredited employers behind on the rate now due, and drops one once it records the move", () => {
    const db = freshDatabaseFile();
    const asOf = "2025-06-01";
    const behind = JSON.parse(lwd(db, ["behind", "--as-of", asOf, "--json"]).stdout);
    expect(behind.asOf).toBe(asOf);
    const first = behind.behind[0];
    expect(first).toMatchObject({
      rateArea: expect.any(String),
      dueRatePence: expect.any(Number),
      implementBy: expect.any(String),
    });
    const move = lwd(db, [
      "event",
      "add",
      first.slug,
      "--event",
      "rate_implemented",
      "--date",
      first.implementBy,
      "--rate",
      (first.dueRatePence / 100).toFixed(2),
      "--rate-area",
      first.rateArea,
      "--source",
      "https://example.org/fictional/moved",
      "--as",
      "cam",
    ]);
    expect(move.code, move.stderr).toBe(0);
    const after = JSON.parse(lwd(db, ["behind", "--as-of", asOf, "--json"]).stdout);
    expect(after.behind.map((b: { slug: string }) => b.slug)).not.toContain(first.slug);
    expect(after.behind).toHaveLength(behind.behind.length - 1);
  });
});
