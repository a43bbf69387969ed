/**
 * Employer pages: the frame Astro renders with markers in it, how it is filled, each page's figures and its structured
 * data. `scripts/build/employer-pages.ts` fills the frame for every employer and every old slug in the build, and
 * `scripts/build/dev-middleware.ts` fills it for the page asked for in `astro dev`, with the same values.
 */
import type { EmployerEvent, EmployerRecord } from "../../db/domain/employers.ts";
import { SITE_URL } from "./config.ts";

/**
 * Markers Astro writes into the two page frames, replaced for each page. Slugs are lower-case letters, digits and
 * hyphens, so the slug markers are too; the text markers use characters Astro never escapes.
 */
export const FRAME = {
  /** The frame of an employer's page; its path's slug is replaced by each employer's. */
  employerSlug: "lwd-frame-employer",
  /** The frame of an old slug's page, which sends readers on to the current one. */
  movedSlug: "lwd-frame-moved",
  /** Where an old slug's page sends readers. */
  movedToSlug: "lwd-frame-moved-to",
  title: "@@LWD-TITLE@@",
  description: "@@LWD-DESCRIPTION@@",
  body: "@@LWD-BODY@@",
  jsonLd: "@@LWD-JSONLD@@",
} as const;

/** Where the frame's structured data goes: the JSON Astro writes for `{ frame: FRAME.jsonLd }`. */
export const JSON_LD_MARKER = `{"frame":"${FRAME.jsonLd}"}`;

/** Cuts a frame at its markers once and returns a function that fills it, so each page is one join of strings. */
export function frameFiller(frame: string): (values: Record<string, string>) => string {
  const markers = [...Object.values(FRAME).filter((m) => m !== FRAME.jsonLd), JSON_LD_MARKER];
  // Longest first, so a marker that begins another (lwd-frame-moved, lwd-frame-moved-to) never cuts it short.
  const alternatives = markers.sort((a, b) => b.length - a.length).map((m) => m.replace(/[-@{}"]/g, "\\$&"));
  const pieces = frame.split(new RegExp(`(${alternatives.join("|")})`));
  return (values) => pieces.map((p, i) => (i % 2 ? (values[p] ?? p) : p)).join("");
}

export interface EmployerFigures {
  workersCovered?: { value: number; on: string };
  workersUplifted?: { value: number; on: string };
  latestRate?: { pence: number; on: string; rateArea: "london" | "uk" };
}

/** The latest recorded worker numbers and pay move, from the events already in date order. */
export function employerFigures(events: EmployerEvent[]): EmployerFigures {
  const out: EmployerFigures = {};
  for (const ev of events) {
    // A retracted event no longer counts, for the figures as for the status.
    if (ev.retractedAt != null) continue;
    if (ev.workersCovered != null) out.workersCovered = { value: ev.workersCovered, on: ev.effectiveOn };
    if (ev.workersUplifted != null) out.workersUplifted = { value: ev.workersUplifted, on: ev.effectiveOn };
    if (ev.ratePence != null) out.latestRate = { pence: ev.ratePence, on: ev.effectiveOn, rateArea: ev.rateArea };
  }
  return out;
}

/** schema.org Organization for an employer's page. */
export function employerJsonLd(employer: EmployerRecord, site: URL | string | undefined): object {
  const url = new URL(`/employers/${employer.slug}/`, site ?? SITE_URL).href;
  return {
    "@context": "https://schema.org",
    "@type": "Organization",
    "@id": url,
    name: employer.name,
    url,
    mainEntityOfPage: url,
    ...(employer.otherNames.length ? { alternateName: employer.otherNames } : {}),
    // The organisation's own site: the reference that identifies it.
    ...(employer.website ? { sameAs: [employer.website] } : {}),
    ...(employer.companiesHouseNumber
      ? {
          identifier: {
            "@type": "PropertyValue",
            propertyID: "Companies House number",
            value: employer.companiesHouseNumber,
          },
        }
      : {}),
    address: { "@type": "PostalAddress", addressRegion: employer.areaName, addressCountry: "GB" },
  };
}
