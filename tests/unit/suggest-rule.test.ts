/**
 * The suggestion rule: words, acronyms, the one-edit-per-three-letters match, ranking, and the shard keys that make
 * sure every name the rule allows is in a shard the query fetches.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acronymOf,
  allowedEdits,
  editDistance,
  IGNORED_WORDS,
  keysOfQueryWord,
  keysOfWord,
  matchEntry,
  rankEntries,
  wordsOf,
  type IndexEntry,
} from "../../src/lib/browser/suggest-rule.ts";
import { must } from "../support/must.ts";

const employer = (name: string, ...otherNames: string[]): IndexEntry => ({
  kind: "employer",
  name,
  otherNames,
  path: `employers/${name.toLowerCase().replace(/\W+/g, "-")}/`,
});
const SEED = [
  employer("KPMG"),
  employer("Heathrow Airport", "Heathrow"),
  employer("PricewaterhouseCoopers", "PwC"),
  employer("Standard Chartered"),
  employer("British Library"),
  employer("Greater London Authority", "City Hall", "GLA"),
  employer("Queen Mary University of London", "Queen Mary"),
  employer("Barclays", "Barclays Bank"),
  employer("London City Airport"),
  { kind: "place", name: "Hackney", otherNames: [], path: "employers/area/hackney/" } satisfies IndexEntry,
];
const top = (query: string, n = 3) => rankEntries(wordsOf(query), SEED).slice(0, n);
const shared = (a: string[], b: string[]) => a.some((k) => b.includes(k));

describe("words and acronyms", () => {
  it("case, accents, punctuation, Ltd, PLC, The, & and of do not count", () => {
    expect(wordsOf("The Café & Co. Ltd")).toEqual(["cafe", "co"]);
    expect(wordsOf("Royal Bank of Scotland PLC")).toEqual(["royal", "bank", "scotland"]);
    expect(wordsOf("Dŵr Cymru")).toEqual(["dwr", "cymru"]);
    expect(wordsOf("St John's")).toEqual(["st", "johns"]);
  });

  it("an acronym is the initials of a name of two or more words, leaving out of, and, the, Ltd and PLC", () => {
    expect(acronymOf("Greater London Authority")).toBe("GLA");
    expect(acronymOf("Queen Mary University of London")).toBe("QMUL");
    expect(acronymOf("The Marks & Spencer Group PLC")).toBe("MSG");
    expect(acronymOf("Barclays")).toBe("");
  });
});

describe("edits", () => {
  it("a swap of two neighbouring letters is one edit, as are an insert, a delete and a substitution", () => {
    const d = (a: string, b: string) => editDistance(Array.from(a), Array.from(b));
    expect(d("kpgm", "kpmg")).toBe(1);
    expect(d("hethrow", "heathrow")).toBe(1);
    expect(d("barcleys", "barclays")).toBe(1);
    expect(d("deloite", "deloitte")).toBe(1);
    expect(d("abcd", "badc")).toBe(2);
    expect(d("abc", "xyz")).toBe(3);
  });

  it("one edit is allowed per three letters of a query word", () => {
    expect([1, 2, 3, 5, 6, 8, 9].map(allowedEdits)).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });
});

describe("matching and ranking", () => {
  it.each([
    ["kpgm", "KPMG"],
    ["hethrow", "Heathrow Airport"],
    ["price waterhouse", "PricewaterhouseCoopers"],
    ["standerd charterd", "Standard Chartered"],
    ["brtish library", "British Library"],
    ["library british", "British Library"],
    ["gla", "Greater London Authority"],
    ["qmul", "Queen Mary University of London"],
    ["barcleys", "Barclays"],
    ["the barclays bank plc", "Barclays"],
    ["hackny", "Hackney"],
  ])("%s suggests %s among the first three", (query, name) => {
    expect(top(query).map((r) => r.entry.name)).toContain(name);
  });

  it("the thing matched is a whole name, other name or acronym, never a cut-off word", () => {
    expect(matchEntry(wordsOf("heath"), must(SEED[1], "Heathrow"))?.matched).toBe("Heathrow");
    expect(matchEntry(wordsOf("pw"), must(SEED[2], "PwC"))?.matched).toBe("PwC");
    expect(matchEntry(wordsOf("qmu"), must(SEED[6], "Queen Mary"))?.matched).toBe("QMUL");
  });

  it("the whole name comes first, then names that start so, then typos", () => {
    const entries = [employer("Londin Trust"), employer("London Zoo"), employer("London")];
    expect(rankEntries(wordsOf("london"), entries).map((r) => [r.entry.name, r.match.tier])).toEqual([
      ["London", 0],
      ["London Zoo", 1],
      ["Londin Trust", 2],
    ]);
  });

  it("places are suggested by name, not by initials", () => {
    const place: IndexEntry = { kind: "place", name: "Northern Ireland", otherNames: [], path: "employers/area/n/" };
    expect(matchEntry(wordsOf("northern"), place)?.matched).toBe("Northern Ireland");
    expect(matchEntry(wordsOf("ni"), place)).toBeNull();
  });

  it("more edits than one per three letters match nothing", () => {
    expect(top("kpxx")).toEqual([]);
    expect(top("hxthxow")).toEqual([]);
    expect(top("zz")).toEqual([]);
  });
});

/** A word of 3 to 12 letters a to z that counts ("and", "the", "ltd" … do not). */
const word = fc
  .string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), minLength: 3, maxLength: 12 })
  .filter((w) => !IGNORED_WORDS.has(w));

/** `w` with at most one edit in each run of three letters: a swap, a letter left out, one added, or one changed. */
function misspell(w: string, choices: number[]): { typed: string; edits: number } {
  let out = "";
  let edits = 0;
  for (let start = 0; start < w.length; start += 3) {
    const block = w.slice(start, start + 3);
    const choice = choices[start / 3] ?? 0;
    const at = choice % block.length;
    const letter = String.fromCharCode(97 + (choice % 26));
    if (choice % 5 !== 0) edits++;
    switch (choice % 5) {
      case 0:
        out += block;
        break;
      case 1:
        // A swap with the next letter in the run; at the run's last letter, no edit.
        if (at + 1 < block.length) out += block.slice(0, at) + block[at + 1] + block[at] + block.slice(at + 2);
        else {
          out += block;
          edits--;
        }
        break;
      case 2:
        out += block.slice(0, at) + block.slice(at + 1);
        break;
      case 3:
        out += block.slice(0, at) + letter + block.slice(at);
        break;
      default:
        out += block.slice(0, at) + letter + block.slice(at + 1);
    }
  }
  return { typed: out, edits };
}

describe("the rule holds for any name (property)", () => {
  it("a name with at most one edit per three letters of each word is suggested, from a shard the query fetches", () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
        (words, edits) => {
          const misspelt = words.map((w, i) => misspell(w, edits[i] ?? []));
          // The rule counts the letters typed: a word shortened by its typos may allow fewer than were made.
          fc.pre(misspelt.every((m) => m.edits <= allowedEdits(m.typed.length)));
          const typed = misspelt.map((m) => m.typed);
          const name = words.join(" ");
          const query = typed.join(" ");
          const target = employer(name);
          expect(matchEntry(wordsOf(query), target), `${query} → ${name}`).not.toBeNull();
          // Some word of the query fetches a shard its own name's word is filed under.
          const filed = wordsOf(name).flatMap(keysOfWord);
          expect(
            wordsOf(query).some((q) => shared(keysOfQueryWord(q), filed)),
            `${query} → ${name}`,
          ).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("the start of a word is suggested whatever its length", () => {
    fc.assert(
      fc.property(word, fc.nat(), (w, cut) => {
        const start = w.slice(0, 2 + (cut % (w.length - 1)));
        expect(matchEntry([start], employer(w))).not.toBeNull();
        expect(shared(keysOfQueryWord(start), keysOfWord(w))).toBe(true);
      }),
    );
  });
});
