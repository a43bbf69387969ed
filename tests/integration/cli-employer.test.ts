/** `lwd employer add | edit | merge` and `lwd event add` without a terminal: the real tool on a fresh database file. */
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";
import { contentHash, freshDatabaseFile, lwd } from "./cli-support.ts";
import { must } from "../support/must.ts";

let db: string;
beforeEach(() => {
  db = freshDatabaseFile();
});

const query = <T>(sql: string, ...params: unknown[]) => {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
};

describe("adding employers and events without a terminal", () => {
  it("refuses missing fields with a usage error that names the flags", () => {
    const before = contentHash(db);
    const employer = lwd(db, ["employer", "add", "--name", "Fictional Bakery", "--as", "cam"]);
    expect([employer.code, employer.stderr]).toEqual([
      2,
      "lwd: employer add needs --sector, --area (run it at a terminal to be asked for them)\n",
    ]);
    const event = lwd(db, ["event", "add", "barclays", "--event", "pledged", "--as", "cam"]);
    expect([event.code, event.stderr]).toEqual([
      2,
      "lwd: event add needs --date, --source (run it at a terminal to be asked for them)\n",
    ]);
    expect(contentHash(db)).toBe(before);
  });

  it("uses an employer with exactly the same name instead of adding another", () => {
    const r = lwd(db, [
      "employer",
      "add",
      "--name",
      "barclays",
      "--sector",
      "K",
      "--area",
      "Tower Hamlets",
      "--as",
      "cam",
    ]);
    expect([r.code, r.stdout]).toEqual([0, "barclays\n"]);
    expect(r.stderr).toMatch(/already in the directory as barclays; nothing was added/);
  });

  it("refuses a likely duplicate unless --new, and a company number already in use always", () => {
    const before = contentHash(db);
    const near = lwd(db, [
      "employer",
      "add",
      "--name",
      "Barclays Ltd.",
      "--sector",
      "K",
      "--area",
      "Tower Hamlets",
      "--as",
      "cam",
    ]);
    expect(near.code).toBe(1);
    expect(near.stderr).toMatch(
      /name: "Barclays Ltd\." looks like an employer already known — "Barclays" \(barclays\): "Barclays" is the same name written differently\. Use that employer, or add --new/,
    );
    const typo = lwd(db, [
      "employer",
      "add",
      "--name",
      "The Greater London Authorty",
      "--sector",
      "O",
      "--area",
      "Newham",
      "--as",
      "cam",
    ]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(
      /"Greater London Authority" \(greater-london-authority\): "Greater London Authority" differs by one letter/,
    );
    expect(contentHash(db)).toBe(before);
    const forced = lwd(db, [
      "employer",
      "add",
      "--name",
      "Barclays Ltd.",
      "--sector",
      "K",
      "--area",
      "Tower Hamlets",
      "--company-number",
      "1026167",
      "--new",
      "--as",
      "cam",
    ]);
    expect([forced.code, forced.stdout]).toEqual([0, "barclays-ltd\n"]);
    const sameNumber = lwd(db, [
      "employer",
      "add",
      "--name",
      "Fictional Other Co",
      "--sector",
      "K",
      "--area",
      "Camden",
      "--company-number",
      "01026167",
      "--new",
      "--as",
      "cam",
    ]);
    expect(sameNumber.code).toBe(1);
    expect(sameNumber.stderr).toMatch(
      /companies_house_number: 01026167 already belongs to "Barclays Ltd\." \(barclays-ltd\)/,
    );
  });
});

describe("staff work: edit and merge", () => {
  it("edits an employer with before, after and why in the audit log; campaigners may not", () => {
    const campaigner = lwd(db, [
      "employer",
      "edit",
      "kpmg",
      "--size",
      "large",
      "--why",
      "annual report",
      "--as",
      "cam",
    ]);
    expect([campaigner.code, campaigner.stderr]).toEqual([
      1,
      'lwd: as: only staff may edit employers; "cam" is a campaigner\n',
    ]);
    expect(lwd(db, ["employer", "edit", "kpmg", "--size", "large", "--as", "sam"]).code).toBe(2);
    const r = lwd(db, [
      "employer",
      "edit",
      "kpmg",
      "--name",
      "KPMG LLP",
      "--website",
      "https://kpmg.com/uk",
      "--why",
      "name as registered",
      "--as",
      "sam",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('Changed kpmg: name, website, +other name "KPMG".\n');
    const [found] = query<{ before: string; after: string; why: string }>(
      "SELECT before, after, why FROM audit_log WHERE table_name = 'employers' AND action = 'update' ORDER BY id DESC LIMIT 1",
    );
    const audit = must(found, "the audit row of the edit");
    expect(JSON.parse(audit.before)).toEqual({ name: "KPMG", website: null });
    expect(JSON.parse(audit.after)).toEqual({ name: "KPMG LLP", website: "https://kpmg.com/uk" });
    expect(audit.why).toBe("name as registered");
    const bad = lwd(db, ["employer", "edit", "kpmg", "--area", "Hackny", "--why", "moved", "--as", "sam"]);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/did you mean "Hackney"/)]);
    const show = JSON.parse(lwd(db, ["employer", "show", "kpmg", "--json"]).stdout);
    expect(show).toMatchObject({ slug: "kpmg", name: "KPMG LLP", otherNames: ["KPMG"] });
  });

  it("merges a duplicate: events and names move, the old slug redirects, every step audited", () => {
    expect(
      lwd(db, [
        "employer",
        "add",
        "--name",
        "Barclays Bank UK",
        "--sector",
        "K",
        "--area",
        "Tower Hamlets",
        "--new",
        "--other-name",
        "BBUK",
        "--as",
        "cam",
      ]).code,
    ).toBe(0);
    expect(
      lwd(db, [
        "event",
        "add",
        "barclays-bank-uk",
        "--event",
        "accredited",
        "--date",
        "2021-01-01",
        "--source",
        "https://example.org/fictional/bbuk",
        "--as",
        "cam",
      ]).code,
    ).toBe(0);
    expect(
      lwd(db, ["employer", "merge", "barclays-bank-uk", "barclays", "--why", "same bank", "--as", "cam"]).code,
    ).toBe(1);
    expect(lwd(db, ["employer", "merge", "barclays-bank-uk", "barclays", "--as", "sam"]).code).toBe(2);
    const r = lwd(db, [
      "employer",
      "merge",
      "barclays-bank-uk",
      "barclays",
      "--why",
      "same bank",
      "--as",
      "sam",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ from: "barclays-bank-uk", into: "barclays", eventsMoved: 1 });
    const merged = JSON.parse(lwd(db, ["employer", "show", "barclays-bank-uk", "--json"]).stdout);
    expect(merged).toMatchObject({ slug: "barclays", status: "accredited", formerSlugs: ["barclays-bank-uk"] });
    expect(merged.otherNames).toEqual(expect.arrayContaining(["Barclays Bank", "Barclays Bank UK", "BBUK"]));
    const audit = query<{ table_name: string; action: string }>(
      "SELECT table_name, action FROM audit_log WHERE why = 'same bank' ORDER BY id",
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { table_name: "commitment_events", action: "update" },
        { table_name: "employers", action: "delete" },
        { table_name: "slug_redirects", action: "insert" },
      ]),
    );
    expect(lwd(db, ["db", "check"]).code).toBe(0);
    const self = lwd(db, ["employer", "merge", "barclays", "barclays", "--why", "x", "--as", "sam"]);
    expect([self.code, self.stderr]).toEqual([1, "lwd: employer: an employer cannot be merged into itself\n"]);
  });
});
