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
import { IN_FILE_LISTED, startLookAlikeSearch, type LookAlikeSearch } from "../../db/domain/look-alikes.ts";
import { loadEmployerIndex } from "../../db/domain/duplicates.ts";
import { InputError } from "../../db/errors.ts";
import { csvOf, freshDatabaseFile, pledgeRow } from "./cli-support.ts";

const STAFF = "SELECT id, handle, name, role FROM contributors WHERE handle = 'sam'";

/**
 * The problems an import of `names` reports, planned with a worker's answer or without one; with `allowNew`, the
 * warnings of the import that went in.
 */
function problemsOf(path: string, names: string[], lookAlikes?: LookAlikeSearch, allowNew = false): string[] {
  const db = connect(path);
  try {
    const actor = db.$client.prepare(STAFF).get() as Contributor;
    const csv = Buffer.from(csvOf(names.map((n) => pledgeRow(n))));
    return importPledges(db, csv, { actor, lookAlikes, allowNew, fileName: "t.csv" }).warnings;
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
    expect(answer?.known.get("greatr london authorty")?.map((h) => h.name)).toEqual(["Greater London Authority"]);
    expect(answer?.known.get("fictional southern garage")).toEqual([]);
    expect(problemsOf(path, file, search)).toEqual(alone);
  });

  it("finds the file's new names that look like each other, keeping only those already made employers", () => {
    const path = databaseWith(known);
    const names = [
      "Fictional Western Dairy",
      // Asked about (so not made an employer): the next name must not be told it looks like this one.
      "Fictional Westen Dairy",
      "Fictional Westen Dairy Ltd",
      "Fictional Eastern Dairy",
      "Fictional Southern Garage",
    ];
    const alone = problemsOf(path, names);
    expect(alone).toHaveLength(3);
    expect(alone[1]).toMatch(/"Fictional Westen Dairy Ltd" looks like .*— "Fictional Western Dairy" \(row 2\)/);
    expect(alone[1]).not.toMatch(/row 3/);
    const search = startLookAlikeSearch(path);
    search.search(names);
    const answer = search.results(fingerprintOf(path));
    expect(answer?.inFile.get("fictional westen dairy ltd")).toEqual([
      { key: "fictional westen dairy", distance: 0 },
      { key: "fictional western dairy", distance: 1 },
    ]);
    expect(problemsOf(path, names, search)).toEqual(alone);

    // Created anyway (--new): each name is told of every look-alike made before it, the same with the worker.
    const warnings = problemsOf(databaseWith(known), names, undefined, true);
    expect(warnings).toHaveLength(3);
    expect(warnings[1]).toMatch(
      /"Fictional Westen Dairy Ltd" looks like "Fictional Westen Dairy" \(row 3\), "Fictional Western Dairy" \(row 2\)/,
    );
    const other = databaseWith(known);
    const again = startLookAlikeSearch(other);
    again.search(names);
    expect(problemsOf(other, names, again, true)).toEqual(warnings);
  });

  it("leaves a name with very many look-alikes in the file to planning, which finds the same", () => {
    const path = databaseWith(known);
    // Each is two letters from every other at most.
    const letters = "abcdefghijklmnopqrstuvwxyz";
    const names = Array.from(
      { length: IN_FILE_LISTED + 20 },
      (_, i) => `Fictional Bakery ${letters[Math.floor(i / 26)]}${letters[i % 26]}`,
    );
    const search = startLookAlikeSearch(path);
    search.search(names);
    expect(search.results(fingerprintOf(path))?.inFile.get("fictional bakery aa")).toBeNull();
    const withWorker = problemsOf(path, names, search, true);
    expect(withWorker).toEqual(problemsOf(databaseWith(known), names, undefined, true));
    expect(withWorker).toHaveLength(names.length - 1);
    expect(withWorker.at(-1)).toMatch(/looks like ("Fictional Bakery \w\w" \(row \d+\)(, )?){5}; created/);
  });

  it("is not trusted when the names changed after it read them: the importer searches itself", () => {
    const path = databaseWith(known);
    const names = [...file, "Fictional Westen Dairy"];
    const search = startLookAlikeSearch(path);
    search.search(names);
    expect(search.results(fingerprintOf(path))?.known.get("fictional westen dairy")).toEqual([]);
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
