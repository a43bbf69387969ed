/**
 * The importer's typo search on another thread: it finds what planning on the importer's own thread finds, and its
 * answer is used only when it read the names the import's transaction sees (an employer added after it read them is
 * still found).
 */
import { describe, expect, it } from "vitest";
import { connect } from "../../db/client.ts";
import type { Contributor } from "../../db/domain/contributors.ts";
import { addEmployer } from "../../db/domain/employers.ts";
import { importPledges } from "../../db/domain/import.ts";
import { startLookAlikeSearch, type LookAlikeSearch } from "../../db/domain/look-alikes.ts";
import { loadEmployerIndex } from "../../db/domain/duplicates.ts";
import { InputError } from "../../db/errors.ts";
import { csvOf, freshDatabaseFile, pledgeRow } from "./cli-support.ts";

const STAFF = "SELECT id, handle, name, role FROM contributors WHERE handle = 'sam'";

/** The problems an import of `names` reports, planned with a worker's answer or without one. */
function problemsOf(path: string, names: string[], lookAlikes?: LookAlikeSearch): string[] {
  const db = connect(path);
  try {
    const actor = db.$client.prepare(STAFF).get() as Contributor;
    importPledges(db, Buffer.from(csvOf(names.map((n) => pledgeRow(n)))), { actor, lookAlikes, fileName: "t.csv" });
    return [];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.problems.map((p) => `row ${p.row}, ${p.field}: ${p.message}`);
  } finally {
    db.$client.close();
  }
}

/** What the importer's own reading of the names at `path` gives: the fingerprint a worker's answer must match. */
function fingerprintOf(path: string): string {
  const db = connect(path);
  try {
    return loadEmployerIndex(db).fingerprint;
  } finally {
    db.$client.close();
  }
}

/** A database holding the employers named, each added as staff. */
function databaseWith(names: string[]): string {
  const path = freshDatabaseFile();
  const db = connect(path);
  const actor = db.$client.prepare(STAFF).get() as Contributor;
  for (const name of names) addEmployer(db, { name, sectorCode: "I", areaCode: "Hackney" }, [], actor);
  db.$client.close();
  return path;
}

describe("the typo search on another thread", () => {
  const known = ["Greater London Authority", "Fictional Northern Bakery", "Fictional Example Services Group"];
  const file = [
    "Greatr London Authorty",
    "Fictional Nothern Bakery",
    "Fictional Example Servces Group",
    "Fictional Southern Garage",
  ];

  it("finds the same look-alikes as planning does on its own thread", () => {
    const path = databaseWith(known);
    const alone = problemsOf(path, file);
    expect(alone).toHaveLength(3);
    expect(alone[0]).toMatch(
      /"Greatr London Authorty" looks like an employer already known — "Greater London Authority"/,
    );
    const search = startLookAlikeSearch(path);
    search.search(file);
    const answer = search.results(fingerprintOf(path));
    expect(answer?.get("greatr london authorty")?.map((h) => h.name)).toEqual(["Greater London Authority"]);
    expect(answer?.get("fictional southern garage")).toEqual([]);
    expect(problemsOf(path, file, search)).toEqual(alone);
  });

  it("is not trusted when the names changed after it read them: the importer searches itself", () => {
    const path = databaseWith(known);
    const names = [...file, "Fictional Westen Dairy"];
    const search = startLookAlikeSearch(path);
    search.search(names);
    expect(search.results(fingerprintOf(path))?.get("fictional westen dairy")).toEqual([]);
    // Added once the worker has answered, as another command might while a file is being checked.
    const db = connect(path);
    addEmployer(
      db,
      { name: "Fictional Western Dairy", sectorCode: "I", areaCode: "Hackney" },
      [],
      db.$client.prepare(STAFF).get() as Contributor,
    );
    db.$client.close();
    expect(search.results(fingerprintOf(path))).toBeNull();
    const problems = problemsOf(path, names, search);
    expect(problems).toHaveLength(4);
    expect(problems[3]).toMatch(/"Fictional Westen Dairy" looks like .*"Fictional Western Dairy"/);
  });

  it("gives up its answer, not the import, when it cannot read the database", () => {
    const path = databaseWith(known);
    const search = startLookAlikeSearch(`${path}.missing`);
    search.search(file);
    expect(search.results(fingerprintOf(path))).toBeNull();
    expect(problemsOf(path, file, search)).toHaveLength(3);
  });
});
