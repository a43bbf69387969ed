/** Duplicate detection by name: what counts as the same employer written differently, and what does not. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distance } from "fastest-levenshtein";
import { nameKey, NameIndex, withinEdits } from "../../db/domain/duplicates.ts";
import { neutraliseCell } from "../../db/spreadsheet.ts";
import { quickSlugFor } from "../../db/domain/import.ts";
import { slugFor } from "../../db/slugs.ts";
import { must } from "../support/must.ts";

describe("names compared as the same employer", () => {
  it("folds case, punctuation, legal forms, a leading The, and & for and", () => {
    const same = [
      "The Fictional Bakery & Sons Ltd.",
      "fictional bakery and sons limited",
      "FICTIONAL BAKERY AND SONS PLC",
      "Fictional Bakery and Sons",
      "Fictional  Bakery-and-Sons LLP",
    ];
    expect(new Set(same.map(nameKey)).size).toBe(1);
    expect(nameKey("Café Fictional")).toBe(nameKey("Cafe Fictional"));
    expect(nameKey("Fictional's Garage")).toBe(nameKey("Fictionals Garage"));
  });

  it("rules a pair in or out by at most k edits exactly as the full distance does", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c"), maxLength: 9 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 2 }), (a, b, k) => {
        expect(withinEdits(a, b, k)).toBe(distance(a, b) <= k);
        // Told of a shared first or last letter, the answer is the same.
        expect(withinEdits(`x${a}`, `x${b}`, k, 1, 0)).toBe(distance(a, b) <= k);
        expect(withinEdits(`${a}x`, `${b}x`, k, 0, 1)).toBe(distance(a, b) <= k);
      }),
      { numRuns: 3000 },
    );
  });

  it("finds small typos, and keeps apart names whose numbers differ", () => {
    const index = new NameIndex<string>();
    for (const name of ["Greater London Authority", "Fictional Bakery", "Unit 4 Fictional", "KPMG"])
      index.add(name, name);
    expect(index.similar("Greater London Authorty").map((m) => m.value)).toEqual(["Greater London Authority"]);
    expect(index.similar("Fictoinal Bakery").map((m) => m.value)).toEqual(["Fictional Bakery"]);
    expect(index.similar("Fictional Bakry Ltd").map((m) => m.value)).toEqual(["Fictional Bakery"]);
    expect(index.similar("Unit 5 Fictional")).toEqual([]);
    expect(index.similar("Fictional Brewery")).toEqual([]);
    // Short names only match when the same once folded: three letters are too few to guess at typos.
    expect(index.similar("KPMG LLP").map((m) => m.value)).toEqual(["KPMG"]);
    expect(index.similar("KPMF")).toEqual([]);
  });

  it("finds every single-letter change of a name among many others (the blocks never miss one typo)", () => {
    const index = new NameIndex<number>();
    const names = Array.from(
      { length: 2000 },
      (_, i) =>
        `Fictional ${["North", "South", "East", "West"][i % 4]} ${["Bakery", "Garage", "Dental", "Books"][(i >> 2) % 4]} Group ${i}`,
    );
    names.forEach((n, i) => index.add(n, i));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: names.length - 1 }),
        fc.nat(),
        fc.constantFrom("x", "q", "z"),
        fc.constantFrom("sub", "ins", "del"),
        (i, at, letter, kind) => {
          const name = must(names[i], `name ${i}`);
          // Change a letter (never a digit, never the space-only positions) somewhere in the name.
          const letters = [...name].map((c, p) => (/[a-z]/i.test(c) ? p : -1)).filter((p) => p >= 0);
          const p = must(letters[at % letters.length], "a letter position");
          const typo =
            kind === "sub"
              ? name.slice(0, p) + letter + name.slice(p + 1)
              : kind === "ins"
                ? name.slice(0, p) + letter + name.slice(p)
                : name.slice(0, p) + name.slice(p + 1);
          expect(index.similar(typo).map((m) => m.value)).toContain(i);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("look-alikes up to two typos anywhere", () => {
  const NAMES = ["Greater London Authority", "Deloitte", "Fictional Bakery", "Unit 4 Fictional"];
  const indexOf = (names: string[]) => {
    const index = new NameIndex<string>();
    for (const name of names) index.add(name, name);
    return index;
  };

  it("finds a name with a typo in each half", () => {
    expect(
      indexOf(NAMES)
        .similar("Greatr London Authorty")
        .map((m) => m.value),
    ).toEqual(["Greater London Authority"]);
    expect(indexOf(NAMES).similar("Greatr London Authorty")[0]?.distance).toBe(2);
  });

  it("takes a digit between letters for a mistyped letter: Delo1tte looks like Deloitte", () => {
    expect(
      indexOf(NAMES)
        .similar("Delo1tte")
        .map((m) => m.value),
    ).toEqual(["Deloitte"]);
    expect(indexOf(NAMES).similar("Unit 5 Fictional")).toEqual([]);
  });

  it("finds the true match however many names of its length share its letters", () => {
    // 300 names of one length with the same first half, the true one added last: a cap on comparisons lost it.
    const letters = "abcdefghijklmnopqrstuvwxyz";
    const names = Array.from(
      { length: 300 },
      (_, i) => `Fictional Northern ${letters[i % 26]}${letters[Math.floor(i / 26) % 26]}xyz`,
    );
    const index = indexOf([...names, "Fictional Northern Qwert"]);
    expect(index.similar("Fictional Northern Qwrrt").map((m) => m.value)).toContain("Fictional Northern Qwert");
  });

  it("finds exactly the names within the typos allowed, as comparing with every name would", () => {
    // Two letters make near neighbours common, so every window of the partition is exercised.
    const key = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom("a", "b"), minLength: min, maxLength: max });
    const allowance = (n: number) => (n < 5 ? 0 : n < 12 ? 1 : 2);
    fc.assert(
      fc.property(fc.uniqueArray(key(3, 16), { minLength: 1, maxLength: 60 }), key(3, 16), (names, query) => {
        const index = indexOf(names);
        const expected = names
          .filter((n) => {
            const d = distance(n, query);
            return d === 0 || d <= Math.min(allowance(n.length), allowance(query.length));
          })
          .sort();
        expect(
          index
            .similar(query, names.length)
            .map((m) => m.value)
            .sort(),
        ).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("finds the original of any of 10,000 names after one or two random edits", () => {
    const word = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), minLength: 3, maxLength: 9 });
    const names = [
      ...new Set(
        fc
          .sample(fc.tuple(word, word, word), { numRuns: 12_000, seed: 12 })
          .map(([a, b, c]) => `Fictional ${a} ${b} ${c} Works`),
      ),
    ].slice(0, 10_000);
    expect(names).toHaveLength(10_000);
    const index = new NameIndex<number>();
    names.forEach((name, i) => index.add(name, i));
    const edit = fc.record({
      kind: fc.constantFrom("sub", "ins", "del"),
      at: fc.nat(),
      letter: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: names.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 2 }),
        (i, edits) => {
          let typo = must(names[i], `name ${i}`);
          for (const { kind, at, letter } of edits) {
            const p = at % typo.length;
            typo =
              kind === "sub"
                ? typo.slice(0, p) + letter + typo.slice(p + 1)
                : kind === "ins"
                  ? typo.slice(0, p) + letter + typo.slice(p)
                  : typo.slice(0, p) + typo.slice(p + 1);
          }
          expect(index.similar(typo, names.length).map((m) => m.value)).toContain(i);
        },
      ),
      { numRuns: 5000, seed: 7 },
    );
  });
});

describe("export cells", () => {
  it("prefixes an apostrophe to cells a spreadsheet would run", () => {
    expect(["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"].map(neutraliseCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@A1",
      "'\t=1",
      "'\r=1",
    ]);
    expect(neutraliseCell("Fictional = fine")).toBe("Fictional = fine");
  });
});

describe("slugs for imported employers", () => {
  it("gives plain names the same slug as slugFor, numbering taken ones the same way", () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat({ max: 3 }), { maxLength: 3 }),
        (words, takenNumbers) => {
          const name = words.join(" ");
          const base = slugFor(name, () => false);
          const taken = new Set(takenNumbers.map((n) => (n === 0 ? base : `${base}-${n + 1}`)));
          expect(quickSlugFor(name, taken)).toBe(slugFor(name, (s) => taken.has(s)));
        },
      ),
      { numRuns: 2000 },
    );
    expect(quickSlugFor("Fictional Bakery & Sons", new Set())).toBeNull();
    expect(quickSlugFor("Café", new Set())).toBeNull();
  });
});
