/**
 * The body of an employer's page, as plain template functions. Astro renders every other page; employer pages are
 * one per employer (100,000 in a large directory), so `scripts/build/employer-pages.ts` pours these bodies into the
 * page frame Astro rendered once, which is many times faster than Astro's page pipeline; in `astro dev` the same
 * route renders them itself. Every value is written through the `html` template, which escapes it, and links to
 * other sites through `externalHref`.
 */
import { formatPence } from "../../db/domain/rates.ts";
import type { EmployerEvent, EmployerRecord } from "../../db/domain/employers.ts";
import type { BehindEmployer } from "../../db/domain/status.ts";
import { payFactsAmong, type PayFacts, type RateStep } from "../../db/rate-floor.ts";
import { employerFigures, employerJsonLd, FRAME, JSON_LD_MARKER } from "./employer-page.ts";
import {
  correctionText,
  EVENT_LABELS,
  externalHref,
  formatCount,
  formatDate,
  mustPaySentence,
  RATE_AREA_LABELS,
  SCHEME_LABELS,
  schemeStatusWord,
  sourceHost,
  STATUS_LABELS,
  statusKey,
  statusThenSentence,
  safeJson,
} from "./format.ts";
import { isEvidenceOld } from "../../db/dates.ts";
import { browseKey } from "./browse-key.ts";
import { html, type Html, type HtmlValue } from "./html.ts";

/** Text or an attribute value, escaped as Astro escapes it (the `html` template's own escaping). */
export function esc(value: string | number): string {
  return html`${value}`.toString();
}

/** The status as a labelled badge (the markup of StatusBadge.astro): the word carries the meaning, colour repeats it. */
export function statusBadge(status: string | null | undefined): Html {
  const key = statusKey(status);
  return html`<span class="badge badge-${key}">${STATUS_LABELS[key]}</span>`;
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

/** The amount in the verdict: what an accredited employer must pay now, or the rate in force when a status began. */
function paySentence(employer: EmployerRecord, pay: PayFacts, asOf: string): string | null {
  const key = statusKey(employer.status);
  if (key === "none" || !employer.rateArea || !employer.since) return null;
  if (key === "accredited") return mustPaySentence(pay.mustPay, employer.rateArea, asOf);
  return statusThenSentence(key, employer.since, employer.rateArea, pay.rateThen);
}

/** The answer at the top of the page: status on the build date, since when, at which rate, and the amount. */
export function verdictHtml(
  employer: EmployerRecord,
  behind: BehindEmployer | undefined,
  asOf: string,
  pay: PayFacts = { mustPay: null, rateThen: null },
): Html {
  const key = statusKey(employer.status);
  const amount = paySentence(employer, pay, asOf);
  const since = employer.since ? formatDate(employer.since) : "";
  const rate = employer.rateArea ? RATE_AREA_LABELS[employer.rateArea] : "";
  const behindLine =
    behind &&
    html`<p class="verdict-behind">No recorded move to the ${formatPence(behind.dueRatePence)} ${RATE_AREA_LABELS[behind.rateArea]} due by ${formatDate(behind.implementBy)}. <span class="muted">This means no new rate is recorded here yet, not that the employer underpays.</span></p>`;
  return html`<div class="verdict verdict-${key}"><p class="verdict-status">${statusBadge(employer.status)}</p><p class="verdict-sentence">${SENTENCES[key](since, rate)}</p>${amount && html`<p class="verdict-pay">${amount}</p>`}<p class="verdict-explain">${EXPLANATIONS[key]} <span class="muted">Status as of ${formatDate(asOf)}.</span></p>${behindLine}</div>`;
}

/** One line per scheme the employer has held: "Living Hours: accredited since 3 March 2024". */
export function schemesHtml(employer: EmployerRecord): Html {
  if (!employer.schemes.length) return html``;
  const items = employer.schemes.map((s) => {
    const word = schemeStatusWord(s.scheme, s.status);
    const when = s.status === "accredited" || s.status === "pledged" ? "since" : "on";
    return html`<li><strong>${SCHEME_LABELS[s.scheme]}</strong>: ${word} ${when} <time datetime="${s.since}">${formatDate(s.since)}</time></li>`;
  });
  return html`<h2>Schemes</h2><ul class="schemes">${items}</ul>`;
}

/**
 * The newest evidence on record (the date and source of the latest event of any kind) and, when it is more than two
 * years old on the as-of date, a plain statement that nothing newer is recorded, which is not a finding of a breach.
 */
export function evidenceHtml(employer: EmployerRecord, asOf: string): Html {
  if (!employer.latestEvidenceOn || !employer.latestEvidenceUrl) return html``;
  const on = employer.latestEvidenceOn;
  const old =
    isEvidenceOld(on, asOf) &&
    html`<p class="evidence-old">This record has not been re-confirmed since ${formatDate(on)}: no newer source is recorded here. That is not evidence that the employer has stopped paying; it means nobody has checked again yet.</p>`;
  return html`<div class="evidence"><p>Latest evidence: <time datetime="${on}">${formatDate(on)}</time>, <a href="${externalHref(employer.latestEvidenceUrl)}" rel="noopener noreferrer">${sourceHost(employer.latestEvidenceUrl)}</a></p>${old}</div>`;
}

/** When a person last changed the record; a record only the seed load has written says so. */
function lastChangedHtml(employer: EmployerRecord): Html {
  return employer.lastChangedByPerson
    ? html`Record last changed <time datetime="${employer.lastChangedByPerson}">${formatDate(employer.lastChangedByPerson)}</time>.`
    : html`Record not changed by anyone since it was loaded from the published sources.`;
}

/** The history, oldest first, each event with its date, details and source. */
export function timelineHtml(events: EmployerEvent[]): Html {
  if (events.length === 0) return html`<p>No events recorded.</p>`;
  const items = events.map((ev) => {
    const workers =
      (ev.workersCovered != null || ev.workersUplifted != null) &&
      html`<p>${ev.workersCovered != null && html`Workers covered: ${formatCount(ev.workersCovered)}. `}${ev.workersUplifted != null && html`Workers given a pay rise: ${formatCount(ev.workersUplifted)}.`}</p>`;
    // A retracted event stays in the history, struck through and labelled, so a reader sees what was withdrawn.
    const retracted = ev.retractedAt != null;
    const corrections =
      !!ev.corrections?.length &&
      html`${ev.corrections.map((c) => html`<p class="timeline-correction">This event was ${correctionText(c.kind, formatDate(c.at), c.why)}</p>${c.kind === "retracted" && html`<p class="timeline-correction">It no longer counts towards the status or the figures.</p>`}`)}`;
    const body = html`<p class="timeline-head"><time datetime="${ev.effectiveOn}">${formatDate(ev.effectiveOn)}</time>: ${EVENT_LABELS[ev.event] ?? ev.event} <span class="muted">(${RATE_AREA_LABELS[ev.rateArea]})</span></p>${ev.ratePence != null && html`<p>Moved to ${formatPence(ev.ratePence)} an hour.</p>`}${workers}${ev.reason && html`<p>Reason: ${ev.reason}</p>`}${ev.note && html`<p class="timeline-note">${ev.note}</p>`}<p class="timeline-source"><a href="${externalHref(ev.sourceUrl)}" rel="noopener noreferrer">Source: ${sourceHost(ev.sourceUrl)}</a></p>`;
    return html`<li id="event-${ev.id}"${retracted && html` class="timeline-retracted"`}>${retracted ? html`<del>${body}</del>` : body}${corrections}</li>`;
  });
  return html`<ol class="timeline">${items}</ol>`;
}

const fact = (term: string, value: HtmlValue) => html`<dt>${term}</dt><dd>${value}</dd>`;

/** Figures and particulars: workers, latest pay move, other names, sector, area, size, company number, website. */
export function factsHtml(employer: EmployerRecord, events: EmployerEvent[], base = "/"): Html {
  const f = employerFigures(events);
  const on = (date: string, prefix = "as recorded on") =>
    html` <span class="muted">(${prefix} ${formatDate(date)})</span>`;
  const figures =
    f.workersCovered || f.workersUplifted || f.latestRate
      ? html`<dl class="facts">${[
          f.workersCovered && fact("Workers covered", [formatCount(f.workersCovered.value), on(f.workersCovered.on)]),
          f.workersUplifted &&
            fact("Workers given a pay rise", [formatCount(f.workersUplifted.value), on(f.workersUplifted.on)]),
          f.latestRate &&
            fact("Latest recorded pay move", [
              html`${formatPence(f.latestRate.pence)} an hour, ${RATE_AREA_LABELS[f.latestRate.rateArea]}`,
              on(f.latestRate.on, "on"),
            ]),
        ]}</dl>`
      : html`<p>No worker numbers or pay moves recorded yet.</p>`;
  const particulars = html`<dl class="facts">${[
    fact("Other names", employer.otherNames.length ? employer.otherNames.join("; ") : "None recorded"),
    fact("Sector", employer.sectorName),
    fact("Area", employer.areaName),
    fact("Size", employer.sizeName ?? "Not recorded"),
    // For buyers: each service links to the other employers that sell it.
    employer.serviceNames.length > 0 &&
      fact(
        "Services it sells",
        employer.serviceNames.map(
          (name, i) => html`${i > 0 && ", "}<a href="${`${base}employers/service/${browseKey(name)}/`}">${name}</a>`,
        ),
      ),
    employer.companiesHouseNumber && fact("Companies House number", employer.companiesHouseNumber),
    employer.website &&
      fact(
        "Website",
        html`<a href="${externalHref(employer.website)}" rel="noopener noreferrer">${employer.website}</a>`,
      ),
  ]}</dl>`;
  return html`<h2>Figures</h2>${figures}<h2>About this employer</h2>${particulars}`;
}

export interface EmployerBodyOptions {
  asOf: string;
  /** The site's root path, ending in a slash. */
  base: string;
  /** The site's public address, for the permanent link. */
  site: string;
  correctionsContact: string;
  /** The rate history (not retracted), for the amounts in the verdict. */
  rates: readonly RateStep[];
}

/** Everything inside <main> on an employer's page. */
export function employerBodyHtml(
  employer: EmployerRecord,
  events: EmployerEvent[],
  behind: BehindEmployer | undefined,
  o: EmployerBodyOptions,
): Html {
  const permalink = new URL(`${o.base}employers/${employer.slug}/`, o.site).href;
  const mailto = `mailto:${o.correctionsContact}?subject=${encodeURIComponent(`Correction: ${employer.slug}`)}`;
  return html`<article class="employer"><h1><bdi>${employer.name}</bdi></h1>${verdictHtml(employer, behind, o.asOf, payFactsAmong(o.rates, employer.status, employer.since, employer.rateArea, o.asOf))}${evidenceHtml(employer, o.asOf)}${schemesHtml(employer)}<h2>History</h2>${timelineHtml(events)}${factsHtml(employer, events, o.base)}<h2 class="no-print">Use and correct this record</h2><ul class="no-print"><li><a href="${`${o.base}employers/${employer.slug}.json`}">This record as JSON</a></li><li><a href="${mailto}">Report a correction</a> <span class="muted">(opens your email; please include a source)</span></li></ul><p class="muted">${lastChangedHtml(employer)} Permanent address: <span class="permalink">${permalink}</span></p></article>`;
}

/** Everything inside <main> on an old slug's page, which sends readers on to the current one. */
export function movedBodyHtml(name: string, toPath: string): Html {
  return html`<h1><bdi>${name}</bdi> has moved</h1><p>This record now lives at <a href="${toPath}">${toPath}</a>.</p>`;
}

/**
 * What an employer's page puts in place of the frame's markers: its slug, title, description, structured data and
 * body. The build and `astro dev` fill the frame with these, so the page is the same in both.
 */
export function employerFrameValues(
  employer: EmployerRecord,
  events: EmployerEvent[],
  behind: BehindEmployer | undefined,
  o: EmployerBodyOptions,
): Record<string, string> {
  return {
    [FRAME.employerSlug]: employer.slug,
    [FRAME.title]: esc(employer.name),
    [FRAME.description]: esc(`${employer.name}: living wage status, history and sources.`),
    [FRAME.body]: employerBodyHtml(employer, events, behind, o).toString(),
    [JSON_LD_MARKER]: safeJson(employerJsonLd(employer, o.site)),
  };
}

/** What an old slug's page puts in place of the frame's markers; `base` is the site's root path. */
export function movedFrameValues(name: string, oldSlug: string, slug: string, base: string): Record<string, string> {
  return {
    [FRAME.movedSlug]: oldSlug,
    [FRAME.movedToSlug]: slug,
    [FRAME.title]: esc(name),
    [FRAME.body]: movedBodyHtml(name, `${base}employers/${slug}/`).toString(),
  };
}
