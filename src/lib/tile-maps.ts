/**
 * The tile-grid maps of places: one square per area (the 33 London boroughs; the UK's nations and regions outside
 * London), each with its short name and its count of accredited employers on a date, shaded by that count and
 * linking to the area's browse page. Drawn as SVG at build time by TileMap.astro; no map tiles, no JavaScript.
 */
import * as Plot from "@observablehq/plot";
import type { Breakdown } from "../../db/domain/status.ts";
import { areaPath } from "./directory.ts";
import { figuresOn } from "./figures.ts";

/** Where a tile sits in its grid (column x, row y, from the top left) and the short name printed on it. */
export interface TilePlace {
  short: string;
  x: number;
  y: number;
}

/**
 * London Squared, the grid of London's boroughs by After the Flood for Future Cities Catapult (2015), as the GLA uses
 * it: https://github.com/aftertheflood/londonsquared (site/data/grid.csv). Positions and three-letter codes are
 * theirs; we print the codes in capitals.
 */
export const LONDON_SQUARED: Record<string, TilePlace> = {
  E09000010: { short: "ENF", x: 4, y: 0 },
  E09000015: { short: "HRW", x: 2, y: 1 },
  E09000003: { short: "BRN", x: 3, y: 1 },
  E09000014: { short: "HGY", x: 4, y: 1 },
  E09000031: { short: "WTH", x: 5, y: 1 },
  E09000017: { short: "HDN", x: 0, y: 2 },
  E09000009: { short: "ELG", x: 1, y: 2 },
  E09000005: { short: "BRT", x: 2, y: 2 },
  E09000007: { short: "CMD", x: 3, y: 2 },
  E09000019: { short: "ISL", x: 4, y: 2 },
  E09000012: { short: "HCK", x: 5, y: 2 },
  E09000026: { short: "RDB", x: 6, y: 2 },
  E09000016: { short: "HVG", x: 7, y: 2 },
  E09000018: { short: "HNS", x: 0, y: 3 },
  E09000013: { short: "HMS", x: 1, y: 3 },
  E09000020: { short: "KNS", x: 2, y: 3 },
  E09000033: { short: "WST", x: 3, y: 3 },
  E09000001: { short: "CTY", x: 4, y: 3 },
  E09000030: { short: "TOW", x: 5, y: 3 },
  E09000025: { short: "NWM", x: 6, y: 3 },
  E09000002: { short: "BAR", x: 7, y: 3 },
  E09000027: { short: "RCH", x: 1, y: 4 },
  E09000032: { short: "WNS", x: 2, y: 4 },
  E09000022: { short: "LAM", x: 3, y: 4 },
  E09000028: { short: "SWR", x: 4, y: 4 },
  E09000023: { short: "LSH", x: 5, y: 4 },
  E09000011: { short: "GRN", x: 6, y: 4 },
  E09000004: { short: "BXL", x: 7, y: 4 },
  E09000021: { short: "KNG", x: 2, y: 5 },
  E09000024: { short: "MRT", x: 3, y: 5 },
  E09000008: { short: "CRD", x: 4, y: 5 },
  E09000006: { short: "BRM", x: 5, y: 5 },
  E09000029: { short: "STN", x: 3, y: 6 },
};

/**
 * The UK's nations and the English regions outside London: our own grid, each square placed by where the area lies
 * relative to its neighbours (Scotland at the top, Northern Ireland to the west, Wales beside the West Midlands, the
 * south-west under Wales, the south-east under the West Midlands), London's square (east of the south-east) left
 * empty because its boroughs have their own map. Short names are the
 * ISO 3166-2 codes of the nations (SCT, WLS, NIR) and the initials of the English regions.
 */
export const UK_NATIONS_AND_REGIONS: Record<string, TilePlace> = {
  S92000003: { short: "SCT", x: 2, y: 0 },
  N92000002: { short: "NIR", x: 0, y: 1 },
  E12000001: { short: "NE", x: 3, y: 1 },
  E12000002: { short: "NW", x: 2, y: 2 },
  E12000003: { short: "YH", x: 3, y: 2 },
  W92000004: { short: "WLS", x: 1, y: 3 },
  E12000005: { short: "WM", x: 2, y: 3 },
  E12000004: { short: "EM", x: 3, y: 3 },
  E12000006: { short: "EE", x: 4, y: 3 },
  E12000009: { short: "SW", x: 1, y: 4 },
  E12000008: { short: "SE", x: 2, y: 4 },
};

/** Text colours for tiles: the site's ink on light fills, white on dark ones. */
const INKS = ["#0b0c0c", "#ffffff"] as const;

/** Relative luminance of an sRGB colour (#rrggbb), as WCAG 2 defines it. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio between two sRGB colours (#rrggbb), from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** One shade of the legend: the counts it covers, its fill and the text colour that reads on it. */
export interface Shade {
  /** "0", "1", "2–4", "50 or more" */
  label: string;
  fill: string;
  ink: string;
}

/**
 * The shades for counts from 0 to `max`: none is its own shade, then a few classes of whole numbers with
 * round bounds (Plot's quantize scale picks them), in ColorBrewer's greens. Each shade's text is whichever of
 * ink or white contrasts more with it, which is always at least 4.5:1.
 */
export function shadesFor(max: number): { shades: Shade[]; shadeOf: (count: number) => Shade } {
  const bounds =
    max <= 1
      ? [1]
      : [
          1,
          ...new Set(
            (Plot.scale({ color: { type: "quantize", domain: [1, max], n: 4 } }).domain as number[])
              .map(Math.ceil)
              .filter((b) => b > 1 && b <= max),
          ),
        ];
  const scale = Plot.scale({ color: { type: "threshold", domain: bounds, scheme: "greens" } });
  const fills = scale.range as string[];
  const shades = fills.map((fill, i): Shade => {
    const low = i === 0 ? 0 : (bounds[i - 1] as number);
    const next = bounds[i];
    const high = next === undefined ? max : next - 1;
    const n = (v: number) => v.toLocaleString("en-GB");
    const label = low === high ? n(low) : next === undefined ? `${n(low)} or more` : `${n(low)}–${n(high)}`;
    const ink = INKS.reduce((best, c) => (contrastRatio(c, fill) > contrastRatio(best, fill) ? c : best));
    return { label, fill, ink };
  });
  const shadeOf = (count: number) => shades[fills.indexOf(scale.apply(count) as string)] as Shade;
  return { shades, shadeOf };
}

export interface Tile extends TilePlace {
  code: string;
  name: string;
  accreditedEmployers: number;
  href: string;
  shade: Shade;
}

export interface TileMapData {
  /** Unique on the page: the ids of its title, description and legend derive from it. */
  id: string;
  title: string;
  /** How many columns and rows the grid has. */
  columns: number;
  rows: number;
  tiles: Tile[];
  shades: Shade[];
}

/** One grid's tiles from the accredited employers by area; areas without a place in the grid are left out. */
function tileMap(
  id: string,
  title: string,
  layout: Record<string, TilePlace>,
  byArea: Breakdown[],
  base: string,
): TileMapData {
  const placed = byArea.filter((a) => a.code in layout);
  const { shades, shadeOf } = shadesFor(Math.max(0, ...placed.map((a) => a.accreditedEmployers)));
  const tiles = placed
    .map((a): Tile => {
      const place = layout[a.code] as TilePlace;
      return {
        ...place,
        code: a.code,
        name: a.name,
        accreditedEmployers: a.accreditedEmployers,
        href: `${base.replace(/\/$/, "")}${areaPath(a.name)}`,
        shade: shadeOf(a.accreditedEmployers),
      };
    })
    .sort((a, b) => a.y - b.y || a.x - b.x);
  const places = Object.values(layout);
  return {
    id,
    title,
    columns: Math.max(...places.map((p) => p.x)) + 1,
    rows: Math.max(...places.map((p) => p.y)) + 1,
    tiles,
    shades,
  };
}

/**
 * The maps of accredited employers on `asOf`: London's boroughs, then the UK's nations and regions, for the page
 * whose site base path is `base`.
 */
export function areaTileMaps(asOf: string, base: string): TileMapData[] {
  const { byArea } = figuresOn(asOf);
  return [
    tileMap("map-london", "London boroughs", LONDON_SQUARED, byArea, base),
    tileMap("map-uk", "Nations and regions of the UK outside London", UK_NATIONS_AND_REGIONS, byArea, base),
  ];
}
