/**
 * Charts drawn by Observable Plot at build time into a server-side DOM (linkedom), then turned into a plain tree
 * of elements that SvgTree.astro renders with Astro's own escaping: no hand-drawn SVG, no raw HTML.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/** An SVG element or text node, ready for SvgTree.astro. */
export type SvgNode = { tag: string; attrs: Record<string, string>; children: SvgNode[] } | { text: string };

/** The two widths each chart is drawn at: one for phones, one for wider screens, so text never shrinks below ~12px. */
export const CHART_WIDTHS = { narrow: 360, wide: 720 } as const;
export type ChartWidth = keyof typeof CHART_WIDTHS;

const FONT_SIZE = 15;
/** Plot's line height for text (1em) at our font size, and the tick length plus padding it puts before a label. */
const LINE_HEIGHT = FONT_SIZE;
const TICK_SPACE = 9;
const COLOURS = { accredited: "#00703c", pledged: "#1d70b8", ink: "#0b0c0c", muted: "#484949" };

function toTree(node: Node): SvgNode | null {
  if (node.nodeType === 3) return { text: node.textContent ?? "" };
  if (node.nodeType !== 1) return null;
  return elementTree(node as Element, false);
}

function elementTree(el: Element, isRoot: boolean): SvgNode {
  const attrs: Record<string, string> = {};
  // Inside a role="img" the parts are presentational: Plot's aria-labels on groups would be invalid ARIA there.
  for (const a of Array.from(el.attributes)) if (isRoot || !a.name.startsWith("aria-")) attrs[a.name] = a.value;
  const children = Array.from(el.childNodes)
    .map((c) => toTree(c))
    .filter((c): c is SvgNode => c !== null);
  return { tag: el.localName, attrs, children };
}

/** Plot's output as a tree, scaled by its viewBox to the width of its container. */
function finish(svg: Element, labelledBy: string): SvgNode {
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", labelledBy);
  svg.setAttribute("focusable", "false");
  return elementTree(svg, true);
}

function plotDocument(): Document {
  return parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;
}

export interface BarRow {
  label: string;
  value: number;
}

/**
 * Horizontal bars, largest first, each labelled above its bar in full (wrapped, never truncated) with its count
 * at the bar's end: long sector names stay readable on a phone.
 */
export function barChart(rows: BarRow[], width: ChartWidth, labelledBy: string): SvgNode {
  const w = CHART_WIDTHS[width];
  // Plot's own estimate of text width is about 0.6em a character: rows grow to two lines only when a label needs it.
  const wraps = rows.some((r) => r.label.length * 0.6 * FONT_SIZE > w - 12);
  const rowHeight = wraps ? 62 : 44;
  const barHeight = 16;
  const insetTop = rowHeight - barHeight - 4;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const svg = Plot.plot({
    document: plotDocument(),
    width: w,
    height: rows.length * rowHeight + 8,
    marginTop: 4,
    marginBottom: 4,
    marginLeft: 2,
    marginRight: 14 + max.toLocaleString("en-GB").length * 10,
    style: {
      fontSize: `${FONT_SIZE}px`,
      fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
      background: "white",
      color: COLOURS.ink,
    },
    x: { axis: null, domain: [0, max] },
    y: { axis: null, domain: rows.map((r) => r.label), paddingInner: 0, paddingOuter: 0 },
    marks: [
      Plot.barX(rows, { y: "label", x: "value", fill: COLOURS.accredited, insetTop, insetBottom: 4 }),
      Plot.text(rows, {
        y: "label",
        x: 0,
        text: "label",
        textAnchor: "start",
        lineAnchor: "bottom",
        // Plot wraps at this many ems, estimating each character's width itself.
        lineWidth: (w - 12) / FONT_SIZE,
        dy: insetTop - 3 - rowHeight / 2,
        fill: COLOURS.ink,
      }),
      Plot.text(rows, {
        y: "label",
        x: "value",
        text: (r: BarRow) => r.value.toLocaleString("en-GB"),
        textAnchor: "start",
        dx: 4,
        dy: insetTop + barHeight / 2 - rowHeight / 2,
        fontWeight: 700,
        fill: COLOURS.ink,
      }),
    ],
  }) as unknown as Element;
  return finish(svg, labelledBy);
}

export interface SeriesRow {
  month: string;
  accreditedEmployers: number;
  pledgedEmployers: number;
}

const monthDate = (month: string) => new Date(`${month}-01T00:00:00Z`);

/** Accredited (solid green) and pledged (dashed blue) employers at each month end; the legend is text beside it. */
export function seriesChart(series: SeriesRow[], width: ChartWidth, labelledBy: string): SvgNode {
  const w = CHART_WIDTHS[width];
  const long = series.flatMap((p) => [
    { date: monthDate(p.month), status: "Accredited", value: p.accreditedEmployers },
    { date: monthDate(p.month), status: "Pledged", value: p.pledgedEmployers },
  ]);
  const svg = Plot.plot({
    document: plotDocument(),
    width: w,
    height: width === "narrow" ? 260 : 340,
    marginLeft: 48,
    marginRight: 16,
    // Plot labels a time axis on two lines ("Jun" over "2010") when the year changes: room for both below the ticks.
    marginBottom: TICK_SPACE + 2 * LINE_HEIGHT + 4,
    style: {
      fontSize: `${FONT_SIZE}px`,
      fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
      background: "white",
      color: COLOURS.ink,
    },
    x: { type: "utc", label: null, ticks: width === "narrow" ? 4 : 8 },
    y: {
      label: null,
      grid: true,
      nice: true,
      zero: true,
      ticks: 5,
      tickFormat: (d: number) => (Number.isInteger(d) ? d.toLocaleString("en-GB") : ""),
    },
    marks: [
      Plot.ruleY([0], { stroke: COLOURS.muted }),
      // Two marks, so the pledged line is dashed as well as blue: never colour alone.
      Plot.lineY(
        long.filter((d) => d.status === "Accredited"),
        { x: "date", y: "value", stroke: COLOURS.accredited, strokeWidth: 3, curve: "step-after" },
      ),
      Plot.lineY(
        long.filter((d) => d.status === "Pledged"),
        { x: "date", y: "value", stroke: COLOURS.pledged, strokeWidth: 3, strokeDasharray: "7 4", curve: "step-after" },
      ),
    ],
  }) as unknown as Element;
  return finish(svg, labelledBy);
}
