/**
 * The suggestion index built from a fresh database (the real migrations and seed), written to files and served over
 * HTTP as the site serves it, queried through the same `suggest()` the header box and the search page use.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFreshDatabase } from "../../db/client.ts";
import { shardEntries, suggestEntries, writeSuggestIndex } from "../../scripts/build/suggest-index.ts";
import { serveStatic } from "../../scripts/build/serve.ts";
import { suggest } from "../../src/lib/browser/suggest-client.ts";
import { rankEntries, readEntry, wordsOf, type IndexEntry } from "../../src/lib/browser/suggest-rule.ts";

let work: string;
let server: Server;
let base: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "lwd-suggest-"));
  const db = openFreshDatabase(":memory:");
  writeSuggestIndex(join(work, "suggest"), shardEntries(suggestEntries(db)));
  db.$client.close();
  ({ server, url: base } = await serveStatic(work, 0));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  rmSync(work, { recursive: true, force: true });
});

const names = async (query: string, limit = 3) => (await suggest(query, { base, limit })).map((s) => s.name);

describe("suggestions from the seed", () => {
  it.each([
    ["kpgm", "KPMG"],
    ["hethrow", "Heathrow Airport"],
    ["price waterhouse", "PricewaterhouseCoopers"],
    ["standerd charterd", "Standard Chartered"],
    ["brtish library", "British Library"],
    ["barcleys", "Barclays"],
    ["deloite", "Deloitte"],
    ["city hall", "Greater London Authority"],
    ["gla", "Greater London Authority"],
    ["qmul", "Queen Mary University of London"],
    ["camden council", "London Borough of Camden"],
  ])("%s suggests %s among the first three", async (query, name) => {
    expect(await names(query)).toContain(name);
  });

  it("each suggestion says what matched, as a whole name, and links to the employer's page", async () => {
    expect(await suggest("pwc", { base, limit: 1 })).toEqual([
      {
        kind: "employer",
        name: "PricewaterhouseCoopers",
        matched: "PwC",
        url: `${base}employers/pricewaterhousecoopers/`,
      },
    ]);
    expect((await suggest("qmu", { base, limit: 1 }))[0]?.matched).toBe("QMUL");
  });

  it("an area's name suggests its browse page", async () => {
    const [first] = await suggest("hackney", { base });
    expect(first).toEqual({
      kind: "place",
      name: "Hackney",
      matched: "Hackney",
      url: `${base}employers/area/hackney/`,
    });
    expect((await suggest("tower hamlets", { base }))[0]?.url).toBe(`${base}employers/area/tower-hamlets/`);
  });

  it("nothing is suggested for one letter or for a word far from every name", async () => {
    expect(await suggest("k", { base })).toEqual([]);
    expect(await suggest("zqxv", { base })).toEqual([]);
  });
});

describe("the shards", () => {
  it("a word shared by many names keeps a few of them, and each of those names is still found by its own words", () => {
    const consonants = "bcdfghjklmnpqrstvwxz";
    const entries: IndexEntry[] = Array.from({ length: 40 }, (_, i) => ({
      kind: "employer",
      name: `Example Mo${consonants[i % 20]}${consonants[Math.floor(i / 20)]}t`,
      otherNames: [],
      path: `employers/e${i}/`,
    }));
    const shards = shardEntries(entries, 12);
    expect(shards.get("ex")).toHaveLength(12);
    const mo = (shards.get("mo") ?? []).map(readEntry);
    for (const e of entries) expect(rankEntries(wordsOf(`exampel ${e.name.split(" ")[1]}`), mo)[0]?.entry).toEqual(e);
  });

  it("every shard is a few kilobytes at most on the seed, and the manifest lists each of them", () => {
    const dir = join(work, "suggest");
    const files = readdirSync(dir).filter((f) => f !== "index.json");
    const manifest = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as { keys: string[] };
    expect(manifest.keys.length).toBe(files.length);
    for (const f of files) expect(readFileSync(join(dir, f)).length).toBeLessThan(4000);
  });
});
