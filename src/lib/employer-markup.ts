/**
 * The body of an employer's page, as plain template functions. Astro renders every other page; employer pages are
 * one per employer (100,000 in a large directory), so `scripts/build/employer-pages.ts` pours these bodies into the
 * page frame Astro rendered once, which is many times faster than Astro's page pipeline. Every value from the
 * database passes through `esc` (text and attributes) or `externalHref` (links).
 */
import { formatPence } from "../../db/domain/rates.ts";
import type { EmployerEvent, EmployerRecord } from "../../db/domain/employers.ts";
import type { BehindEmployer } from "../../db/domain/status.ts";
import { employerFigures } from "./employer-page.ts";
import {
  EVENT_LABELS,
  externalHref,
  formatCount,
  formatDate,
  RATE_AREA_LABELS,
  STATUS_LABELS,
  statusKey,
} from "./format.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text or an attribute value, escaped as Astro escapes it: safe in element content and in quoted attributes. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The status as a labelled badge (the markup of StatusBadge.astro): the word carries the meaning, colour repeats it. */
export function statusBadge(status: string | null | undefined): string {
  const key = statusKey(status);
  return `<span class="badge badge-${key}">${esc(STATUS_LABELS[key])}</span>`;
}

const SENTENCES = {
  accredited: (since: string, rate: string) => `Accredited Living Wage employer since ${since} — ${rate}`,
  pledged: (since: string, rate: string) => `Pledged to pay the Living Wage since ${since} — ${rate}`,
  lapsed: (since: string, rate: string) => `Accreditation lapsed on ${since} — ${rate}`,
  revoked: (since: string, rate: string) => `Accreditation revoked on ${since} — ${rate}`,
  withdrawn: (since: string, rate: string) => `Commitment withdrawn on ${since} — ${rate}`,
  none: () => "No commitment recorded yet",
};

const EXPLANATIONS = {
  accredited:
    "Accredited employers have signed a licence to pay at least the living wage to their staff and regular contractors.",
  pledged: "A pledge is a public commitment to pay the living wage; it is not accreditation.",
  lapsed: "The employer's accreditation was not renewed. The record below shows what is known.",
  revoked: "The employer's accreditation was taken away. The record below shows the reason given.",
  withdrawn: "The employer withdrew its commitment. The record below shows the reason given.",
  none: "There is no pledge or accreditation on record for this employer.",
};

/** The one-sentence answer at the top of the page: status on the build date, since when, at which rate. */
export function verdictHtml(employer: EmployerRecord, behind: BehindEmployer | undefined, asOf: string): string {
  const key = statusKey(employer.status);
  const since = employer.since ? formatDate(employer.since) : "";
  const rate = employer.rateArea ? RATE_AREA_LABELS[employer.rateArea] : "";
  const behindLine = behind
    ? `<p class="verdict-behind">No recorded move to the ${esc(formatPence(behind.dueRatePence))} ${esc(RATE_AREA_LABELS[behind.rateArea])} due by ${esc(formatDate(behind.implementBy))}. ` +
      `<span class="muted">This means no new rate is recorded here yet, not that the employer underpays.</span></p>`
    : "";
  return (
    `<div class="verdict verdict-${key}">` +
    `<p class="verdict-status">${statusBadge(employer.status)}</p>` +
    `<p class="verdict-sentence">${esc(SENTENCES[key](since, rate))}</p>` +
    `<p class="verdict-explain">${esc(EXPLANATIONS[key])} <span class="muted">Status as of ${esc(formatDate(asOf))}.</span></p>` +
    behindLine +
    `</div>`
  );
}

function host(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/** The history, oldest first, each event with its date, details and source. */
export function timelineHtml(events: EmployerEvent[]): string {
  if (events.length === 0) return "<p>No events recorded.</p>";
  const items = events.map((ev) => {
    const workers =
      ev.workersCovered != null || ev.workersUplifted != null
        ? `<p>${ev.workersCovered != null ? `Workers covered: ${esc(formatCount(ev.workersCovered))}. ` : ""}${ev.workersUplifted != null ? `Workers given a pay rise: ${esc(formatCount(ev.workersUplifted))}.` : ""}</p>`
        : "";
    return (
      `<li id="event-${ev.id}">` +
      `<p class="timeline-head"><time datetime="${esc(ev.effectiveOn)}">${esc(formatDate(ev.effectiveOn))}</time>: ${esc(EVENT_LABELS[ev.event] ?? ev.event)} <span class="muted">(${esc(RATE_AREA_LABELS[ev.rateArea])})</span></p>` +
      (ev.ratePence != null ? `<p>Moved to ${esc(formatPence(ev.ratePence))} an hour.</p>` : "") +
      workers +
      (ev.reason ? `<p>Reason: ${esc(ev.reason)}</p>` : "") +
      (ev.note ? `<p class="timeline-note">${esc(ev.note)}</p>` : "") +
      `<p class="timeline-source"><a href="${esc(externalHref(ev.sourceUrl))}" rel="noopener noreferrer">Source: ${esc(host(ev.sourceUrl))}</a></p>` +
      `</li>`
    );
  });
  return `<ol class="timeline">${items.join("")}</ol>`;
}

const fact = (term: string, value: string) => `<dt>${term}</dt><dd>${value}</dd>`;

/** Figures and particulars: workers, latest pay move, other names, sector, area, size, company number, website. */
export function factsHtml(employer: EmployerRecord, events: EmployerEvent[]): string {
  const f = employerFigures(events);
  const on = (date: string, prefix = "as recorded on") =>
    ` <span class="muted">(${prefix} ${esc(formatDate(date))})</span>`;
  const figures =
    f.workersCovered || f.workersUplifted || f.latestRate
      ? `<dl class="facts">` +
        (f.workersCovered
          ? fact("Workers covered", esc(formatCount(f.workersCovered.value)) + on(f.workersCovered.on))
          : "") +
        (f.workersUplifted
          ? fact("Workers given a pay rise", esc(formatCount(f.workersUplifted.value)) + on(f.workersUplifted.on))
          : "") +
        (f.latestRate
          ? fact(
              "Latest recorded pay move",
              `${esc(formatPence(f.latestRate.pence))} an hour, ${esc(RATE_AREA_LABELS[f.latestRate.rateArea])}` +
                on(f.latestRate.on, "on"),
            )
          : "") +
        `</dl>`
      : "<p>No worker numbers or pay moves recorded yet.</p>";
  const particulars =
    `<dl class="facts">` +
    fact("Other names", esc(employer.otherNames.length ? employer.otherNames.join("; ") : "None recorded")) +
    fact("Sector", esc(employer.sectorName)) +
    fact("Area", esc(employer.areaName)) +
    fact("Size", esc(employer.sizeName ?? "Not recorded")) +
    (employer.companiesHouseNumber ? fact("Companies House number", esc(employer.companiesHouseNumber)) : "") +
    (employer.website
      ? fact(
          "Website",
          `<a href="${esc(externalHref(employer.website))}" rel="noopener noreferrer">${esc(employer.website)}</a>`,
        )
      : "") +
    `</dl>`;
  return `<h2>Figures</h2>${figures}<h2>About this employer</h2>${particulars}`;
}

export interface EmployerBodyOptions {
  asOf: string;
  /** The site's root path, ending in a slash. */
  base: string;
  /** The site's public address, for the permanent link. */
  site: string;
  correctionsContact: string;
}

/** Everything inside <main> on an employer's page. */
export function employerBodyHtml(
  employer: EmployerRecord,
  events: EmployerEvent[],
  behind: BehindEmployer | undefined,
  o: EmployerBodyOptions,
): string {
  const permalink = new URL(`${o.base}employers/${employer.slug}/`, o.site).href;
  const mailto = `mailto:${o.correctionsContact}?subject=${encodeURIComponent(`Correction: ${employer.slug}`)}`;
  return (
    `<article class="employer">` +
    `<h1><bdi>${esc(employer.name)}</bdi></h1>` +
    verdictHtml(employer, behind, o.asOf) +
    `<h2>History</h2>` +
    timelineHtml(events) +
    factsHtml(employer, events) +
    `<h2 class="no-print">Use and correct this record</h2>` +
    `<ul class="no-print">` +
    `<li><a href="${esc(`${o.base}employers/${employer.slug}.json`)}">This record as JSON</a></li>` +
    `<li><a href="${esc(mailto)}">Report a correction</a> <span class="muted">(opens your email; please include a source)</span></li>` +
    `</ul>` +
    `<p class="muted">Record last changed <time datetime="${esc(employer.updatedAt)}">${esc(formatDate(employer.updatedAt))}</time>. Permanent address: <span class="permalink">${esc(permalink)}</span></p>` +
    `</article>`
  );
}

/** Everything inside <main> on an old slug's page, which sends readers on to the current one. */
export function movedBodyHtml(name: string, toPath: string): string {
  return `<h1><bdi>${esc(name)}</bdi> has moved</h1><p>This record now lives at <a href="${esc(toPath)}">${esc(toPath)}</a>.</p>`;
}
