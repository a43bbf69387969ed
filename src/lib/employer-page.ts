/** What an employer's page shows beyond the directory row: its events, figures, structured data and redirects. */
import { allEmployers, behindOf, eventsOf, redirects, type BehindEmployer, type EmployerEvent, type EmployerRecord } from "./directory.ts";

export interface EmployerPageProps {
  employer: EmployerRecord;
  events: EmployerEvent[];
  behind?: BehindEmployer;
  /** Set on an old slug's page: the current slug it sends readers to. */
  redirectTo?: string;
}

/** getStaticPaths for every employer page and every old slug's redirect page. */
export function employerPaths(): { params: { slug: string }; props: EmployerPageProps }[] {
  const employers = allEmployers();
  const bySlug = new Map(employers.map((e) => [e.slug, e]));
  const pages = employers.map((employer) => ({
    params: { slug: employer.slug },
    props: { employer, events: eventsOf(employer.id), behind: behindOf(employer.id) },
  }));
  const moved = redirects()
    .filter((r) => !bySlug.has(r.oldSlug) && bySlug.has(r.slug))
    .map((r) => ({ params: { slug: r.oldSlug }, props: { employer: bySlug.get(r.slug)!, events: [], redirectTo: r.slug } }));
  return [...pages, ...moved];
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
    if (ev.workersCovered != null) out.workersCovered = { value: ev.workersCovered, on: ev.effectiveOn };
    if (ev.workersUplifted != null) out.workersUplifted = { value: ev.workersUplifted, on: ev.effectiveOn };
    if (ev.ratePence != null) out.latestRate = { pence: ev.ratePence, on: ev.effectiveOn, rateArea: ev.rateArea };
  }
  return out;
}

/** schema.org Organization for an employer's page. */
export function employerJsonLd(employer: EmployerRecord, site: URL | undefined): object {
  const url = new URL(`/employers/${employer.slug}/`, site ?? "https://livingwage.directory").href;
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
    ...(employer.companiesHouseNumber ? { identifier: { "@type": "PropertyValue", propertyID: "Companies House number", value: employer.companiesHouseNumber } } : {}),
    address: { "@type": "PostalAddress", addressRegion: employer.areaName, addressCountry: "GB" },
  };
}
