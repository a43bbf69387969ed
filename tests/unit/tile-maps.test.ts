/** The tile-grid maps' layouts and shading: every area has one square, and every shade's text meets WCAG AA. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contrastRatio, LONDON_SQUARED, shadesFor, UK_NATIONS_AND_REGIONS } from "../../src/lib/tile-maps.ts";

const SEED_AREAS = readFileSync(join(import.meta.dirname, "../../db/seed/areas.csv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => line.split(",")[0]);

describe("the tile-grid layouts", () => {
  it("give every seeded area exactly one square: the 33 London boroughs and 11 nations and regions", () => {
    expect(Object.keys(LONDON_SQUARED)).toHaveLength(33);
    expect(Object.keys(UK_NATIONS_AND_REGIONS)).toHaveLength(11);
    expect([...Object.keys(LONDON_SQUARED), ...Object.keys(UK_NATIONS_AND_REGIONS)].sort()).toEqual(
      [...SEED_AREAS].sort(),
    );
  });

  it("put no two squares in one place and give each a distinct short name", () => {
    for (const layout of [LONDON_SQUARED, UK_NATIONS_AND_REGIONS]) {
      const places = Object.values(layout);
      expect(new Set(places.map((p) => `${p.x},${p.y}`)).size).toBe(places.length);
      expect(new Set(places.map((p) => p.short)).size).toBe(places.length);
      for (const p of places) expect(p.short).toMatch(/^[A-Z]{2,3}$/);
    }
  });
});

describe("the shading by count", () => {
  it("measures contrast as WCAG 2 does", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  for (const max of [0, 1, 2, 3, 7, 12, 40, 333, 1000, 12_345]) {
    it(`covers every count from 0 to ${max} with one shade whose text contrasts at least 4.5:1`, () => {
      const { shades, shadeOf } = shadesFor(max);
      expect(shades[0]?.label).toBe("0");
      expect(shadeOf(0)).toBe(shades[0]);
      for (const s of shades) expect(contrastRatio(s.fill, s.ink)).toBeGreaterThanOrEqual(4.5);
      // Each count falls in the shade whose label names its range.
      const counts = [...new Set([0, 1, 2, Math.floor(max / 2), max - 1, max].filter((c) => c >= 0 && c <= max))];
      for (const c of counts) {
        const { label } = shadeOf(c);
        const [low, high] = label.replace(/,/g, "").replace(" or more", "–Infinity").split("–").map(Number);
        expect(c >= (low as number) && c <= (high ?? (low as number)), `${c} in "${label}"`).toBe(true);
      }
      expect(new Set(shades.map((s) => s.fill)).size).toBe(shades.length);
    });
  }
});
