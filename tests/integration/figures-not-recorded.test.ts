/** A figure with no data behind it is null with a reason, everywhere it is published; prose writes dates one way. */
import { beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../db/client.ts";
import { citationSentence, figuresAsOf } from "../../db/domain/status.ts";
import { figuresFile } from "../../src/lib/figures.ts";
import { freshDatabaseFile, lwd } from "./cli-support.ts";

const REASON = "not recorded (0 of 8 accredited employers report it)";
let dbPath: string;

beforeAll(() => {
  dbPath = freshDatabaseFile();
});

describe("worker figures in the seed, which reports none, as of 1 June 2026", () => {
  it("lwd figures --json gives null and the reason, not a zero", () => {
    const r = lwd(dbPath, ["figures", "--as-of", "2026-06-01", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      accreditedEmployers: 8,
      workersCovered: null,
      workersCoveredReason: REASON,
      workersUplifted: null,
      workersUpliftedReason: REASON,
    });
  });

  it("lwd figures prints the reason where the number would be", () => {
    const r = lwd(dbPath, ["figures", "--as-of", "2026-06-01"]);
    expect(r.stdout).toMatch(new RegExp(`workers covered\\s+${REASON.replace(/[()]/g, "\\$&")}`));
    expect(r.stdout).not.toMatch(/workers covered\s+0/);
  });

  it("the published figures.json says the same", async () => {
    const json = await figuresFile("2026-06-01", "figures.json", connect(dbPath, { readonly: true })).json();
    expect(json).toMatchObject({ workersCovered: null, workersCoveredReason: REASON });
  });

  it("the sentence to cite writes its date as every other sentence does", () => {
    const sentence = citationSentence(figuresAsOf(connect(dbPath, { readonly: true }), "2026-06-01"));
    expect(sentence).toMatch(/^As of 1 June 2026, /);
    expect(sentence).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
