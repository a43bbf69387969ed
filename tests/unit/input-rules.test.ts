/** What the directory accepts as a count, an amount of money and a line of text: only what a person plainly meant. */
import { describe, expect, it } from "vitest";
import { shorten } from "../../db/errors.ts";
import {
  contributorInput,
  employerInput,
  eventInput,
  otherName,
  poundsToPence,
  workerCount,
} from "../../db/validation.ts";

const messageOf = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message;

describe("worker counts", () => {
  it("take decimal digits, with or without thousands separators", () => {
    for (const [given, read] of [
      ["1200", 1200],
      ["1,200", 1200],
      [" 12,345,678 ", 10_000_001],
      ["0", 0],
      [40, 40],
    ] as const) {
      const r = workerCount.safeParse(given);
      if (read > 10_000_000) expect(r.success).toBe(false);
      else expect(r).toMatchObject({ success: true, data: read });
    }
  });

  it("refuse hexadecimal, binary, exponents, fractions and misplaced separators", () => {
    for (const given of ["0x10", "0b11", "0o7", "1e3", "2.5", "-1", "1,20", "12,00,000", "", "Infinity"]) {
      const r = workerCount.safeParse(given);
      expect(r.success, given).toBe(false);
    }
    expect(messageOf(workerCount.safeParse("0x10"))).toBe("must be a whole number");
  });
});

describe("money", () => {
  it("takes pounds as 13.15, £13.15 or 13.2", () => {
    expect(poundsToPence.parse("13.15")).toBe(1315);
    expect(poundsToPence.parse("£13.15")).toBe(1315);
    expect(poundsToPence.parse("13.2")).toBe(1320);
  });

  it("refuses pence written as 99p, never reading it as £99", () => {
    for (const given of ["99p", "£99p", "1315p", "13.155", "13,15"]) {
      const r = poundsToPence.safeParse(given);
      expect(r.success, given).toBe(false);
      expect(messageOf(r)).toBe("must be an hourly rate in pounds, such as 7.60 or £7.60");
    }
  });
});

describe("text", () => {
  const hostile = {
    "C1 control (NEL)": "Fictional\u0085Ltd",
    "C1 control (CSI)": "Fictional \u009b31m Ltd",
    "noncharacter U+FFFF": "Fictional\uffff Ltd",
    "noncharacter U+FFFE": "Fictional\ufffe Ltd",
    "noncharacter U+FDD0": "Fictional\ufdd0 Ltd",
    "noncharacter U+1FFFF": "Fictional\u{1ffff} Ltd",
    "unpaired surrogate": "Fictional\ud800 Ltd",
    escape: "Fictional\u001b[31m Ltd",
  };

  it("refuses controls, noncharacters and unpaired surrogates in names, other names, notes and reasons", () => {
    for (const [what, value] of Object.entries(hostile)) {
      expect(otherName.safeParse(value).success, `other name with ${what}`).toBe(false);
      const employer = employerInput.safeParse({ name: value, sectorCode: "K", areaCode: "E09000012" });
      expect(employer.success, `name with ${what}`).toBe(false);
      const event = {
        event: "lapsed",
        effectiveOn: "2020-01-01",
        rateArea: "london",
        sourceUrl: "https://example.org/fictional/x",
      };
      expect(eventInput.safeParse({ ...event, note: value, reason: "ok" }).success, `note with ${what}`).toBe(false);
      expect(eventInput.safeParse({ ...event, reason: value }).success, `reason with ${what}`).toBe(false);
    }
  });

  it("refuses an escape character in a contributor's organisation", () => {
    const r = contributorInput.safeParse({
      handle: "dee",
      name: "Dee Fictional",
      role: "campaigner",
      organisation: "Example \u001b[2J Union",
    });
    expect(r.success).toBe(false);
  });

  it("keeps accents, emoji and right-to-left text, which are text", () => {
    for (const value of ["Café 🍵☕ & Cakes 👩🏽‍🍳", "Zoë's Ltd", "شركة مثال", "Zero\u200bWidth Ltd"])
      expect(otherName.safeParse(value).success, value).toBe(true);
  });
});

describe("values quoted in messages", () => {
  it("are shortened between graphemes, keeping an emoji, a flag or an accented letter whole", () => {
    const family = "👩‍👩‍👧";
    const cut = shorten(`${"a".repeat(55)}${family}${"b".repeat(10)}`, 60);
    expect(cut).toBe(`${"a".repeat(55)}...`);
    expect(cut.isWellFormed()).toBe(true);
    expect(shorten(`${"a".repeat(50)}🇬🇧${"b".repeat(20)}`, 60)).toBe(`${"a".repeat(50)}🇬🇧${"b".repeat(3)}...`);
    expect(shorten("short", 60)).toBe("short");
  });
});
