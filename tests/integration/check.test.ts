/** `lwd db check` in-process: a sound database passes, and each invariant broken by hand is named. */
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { checkDatabase } from "../../db/domain/check.ts";
import { mergeEmployers } from "../../db/domain/employers.ts";
import { importPledges } from "../../db/domain/import.ts";
import type { Contributor } from "../../db/domain/contributors.ts";
import { csvOf, freshMemoryDatabase, pledgeRow } from "./cli-support.ts";

let db: Db;
let staff: Contributor;
beforeEach(() => {
  ({ db, staff } = freshMemoryDatabase());
  importPledges(
    db,
    Buffer.from(
      csvOf([pledgeRow("Fictional Bakery", { event: "accredited", workers_covered: "10", workers_uplifted: "4" })]),
    ),
    { actor: staff },
  );
});

const bakeryEvent = () =>
  (
    db.$client
      .prepare(
        "SELECT ev.id FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id WHERE e.slug = 'fictional-bakery'",
      )
      .get() as { id: number }
  ).id;
const checksFound = () => checkDatabase(db).map((p) => p.check);

describe("db check", () => {
  it("passes the seeded database with an import on it", () => {
    expect(checkDatabase(db)).toEqual([]);
  });

  const cases: [string, string, () => string][] = [
    [
      "event before its employer existed",
      "event before its employer existed",
      () => `UPDATE commitment_events SET recorded_at = '2001-01-01T00:00:00.000Z' WHERE id = ${bakeryEvent()}`,
    ],
    [
      "reinstatement without a lapse",
      "reinstatement without a lapse",
      () => `UPDATE commitment_events SET event = 'reinstated' WHERE id = ${bakeryEvent()}`,
    ],
    [
      "rate below the living wage",
      "rate below the living wage",
      () =>
        `UPDATE commitment_events SET event = 'rate_implemented', rate_pence = 100, effective_on = '2020-01-15' WHERE id = ${bakeryEvent()}`,
    ],
    [
      "orphan slug redirect",
      "orphan slug redirect",
      () =>
        `INSERT INTO slug_redirects (old_slug, employer_id) VALUES ('fictional-bakery', (SELECT id FROM employers WHERE slug = 'fictional-bakery'))`,
    ],
    [
      "more workers uplifted than covered",
      "more workers uplifted than covered",
      () => `UPDATE commitment_events SET workers_uplifted = 50 WHERE id = ${bakeryEvent()}`,
    ],
    [
      "event dated after it was recorded",
      "event dated after it was recorded",
      () => `UPDATE commitment_events SET effective_on = '2999-01-01' WHERE id = ${bakeryEvent()}`,
    ],
    [
      "foreign key",
      "foreign key",
      () => `PRAGMA foreign_keys = OFF; UPDATE commitment_events SET employer_id = 999999 WHERE id = ${bakeryEvent()}`,
    ],
  ];
  for (const [name, check, sql] of cases) {
    it(`names ${name}`, () => {
      db.$client.exec(sql());
      expect(checksFound()).toContain(check);
    });
  }

  it("stays sound after a merge of an older employer into a newer one", () => {
    db.$client.exec("UPDATE employers SET created_at = '2020-01-16T00:00:00.000Z' WHERE slug = 'fictional-bakery'");
    db.$client.exec(
      "UPDATE commitment_events SET recorded_at = '2020-01-17T00:00:00.000Z' WHERE employer_id = (SELECT id FROM employers WHERE slug = 'fictional-bakery')",
    );
    mergeEmployers(db, "fictional-bakery", "kpmg", "fictional test of a merge", staff);
    expect(checkDatabase(db)).toEqual([]);
  });
});
