/** Employer pages are written by template functions, not Astro: every value must come out as text, never as markup. */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import type { EmployerEvent, EmployerRecord } from "../../db/domain/employers.ts";
import { employerBodyHtml, esc, movedBodyHtml } from "../../src/lib/employer-markup.ts";
import { must } from "../support/must.ts";

const HOSTILE = `<img src=x onerror="alert(1)"> & 'quotes' "double" </p><script>alert(2)</script> \u202Eevil\u200B 🍰`;

const employer: EmployerRecord = {
  id: 7,
  slug: "fictional-bakery",
  name: HOSTILE,
  sectorCode: "I",
  sectorName: "Accommodation & food",
  areaCode: "E09000012",
  areaName: "Hackney",
  sizeCode: null,
  sizeName: null,
  status: "accredited",
  since: "2011-05-12",
  rateArea: "london",
  otherNames: [HOSTILE, "Second <b>name</b>"],
  updatedAt: "2024-02-03T10:00:00.000Z",
  lastChangedByPerson: "2024-02-03T10:00:00.000Z",
  latestEvidenceOn: "2011-05-12",
  latestEvidenceUrl: `https://example.org/"><script>alert(4)</script>`,
  services: ["cleaning"],
  serviceNames: ["Cleaning"],
  schemes: [{ scheme: "living_wage", status: "accredited", since: "2011-05-12", rateArea: "london" }],
  companiesHouseNumber: "01234567",
  website: `https://example.org/"><script>alert(3)</script>`,
  createdAt: "2011-05-01T00:00:00.000Z",
  events: [],
  formerSlugs: [],
};

const events: EmployerEvent[] = [
  {
    id: 1,
    event: "pledged",
    effectiveOn: "2010-06-09",
    rateArea: "london",
    ratePence: null,
    workersCovered: 1200,
    workersUplifted: null,
    sourceUrl: "https://example.org/a?x=1&y=<2>",
    note: HOSTILE,
    reason: null,
    scheme: "living_wage",
    retractedAt: null,
    recordedAt: "2010-06-10T00:00:00.000Z",
  },
  {
    id: 2,
    event: "accredited",
    effectiveOn: "2011-05-12",
    rateArea: "london",
    ratePence: 760,
    workersCovered: null,
    workersUplifted: 40,
    sourceUrl: "javascript:alert(4)",
    note: null,
    reason: HOSTILE,
    scheme: "living_wage",
    retractedAt: null,
    recordedAt: "2011-05-13T00:00:00.000Z",
  },
];

const options = {
  asOf: "2026-11-25",
  base: "/",
  site: "https://livingwage.directory/",
  correctionsContact: "corrections@example.org",
  rates: [
    { rateArea: "london" as const, ratePence: 1485, announcedOn: "2025-11-01", implementBy: "2026-05-01" },
    { rateArea: "london" as const, ratePence: 1540, announcedOn: "2026-11-01", implementBy: "2027-05-01" },
  ],
};

/** Parses a body as a browser would; takes the markup as a string or as the template's own markup object. */
function render(markup: { toString(): string }) {
  return parseHTML(`<!doctype html><html><body><main>${markup.toString()}</main></body></html>`).document;
}

describe("an employer page's body", () => {
  it("shows every stored value as text and makes no element from it", () => {
    const doc = render(employerBodyHtml(employer, events, undefined, options));
    expect(doc.querySelectorAll("script, img, b")).toHaveLength(0);
    expect(must(doc.querySelector("h1"), "h1").textContent).toBe(HOSTILE);
    expect(must(doc.querySelector(".timeline-note"), ".timeline-note").textContent).toBe(HOSTILE);
    expect([...doc.querySelectorAll("p")].some((p) => p.textContent === `Reason: ${HOSTILE}`)).toBe(true);
    expect([...doc.querySelectorAll("dd")].map((d) => d.textContent)).toContain(`${HOSTILE}; Second <b>name</b>`);
  });

  it("links only to http(s) addresses, percent-encoded, with rel=noopener noreferrer", () => {
    const doc = render(employerBodyHtml(employer, events, undefined, options));
    const external = [...doc.querySelectorAll("a[rel]")];
    expect(external.map((a) => a.getAttribute("href"))).toEqual([
      "https://example.org/%22%3E%3Cscript%3Ealert(4)%3C/script%3E",
      "https://example.org/a?x=1&y=%3C2%3E",
      "#",
      "https://example.org/%22%3E%3Cscript%3Ealert(3)%3C/script%3E",
    ]);
    for (const a of external) expect(a.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("gives the verdict, the timeline in date order, the figures and the record's own links", () => {
    const doc = render(employerBodyHtml(employer, events, undefined, options));
    expect(must(doc.querySelector(".verdict-sentence"), ".verdict-sentence").textContent).toBe(
      "Accredited Living Wage employer since 12 May 2011 — London rate",
    );
    expect(must(doc.querySelector(".verdict-pay"), ".verdict-pay").textContent).toBe(
      "Must pay at least £14.85 an hour until 30 April 2027; £15.40 from 1 May 2027, the new London Living Wage.",
    );
    expect(must(doc.querySelector(".badge"), ".badge").textContent).toBe("Accredited");
    expect([...doc.querySelectorAll(".timeline time")].map((t) => t.getAttribute("datetime"))).toEqual([
      "2010-06-09",
      "2011-05-12",
    ]);
    expect(must(doc.querySelector("#event-2"), "#event-2").textContent).toContain("Moved to £7.60 an hour.");
    const links = [...doc.querySelectorAll("a:not([rel])")].map((a) => a.getAttribute("href"));
    // The service it sells links to the others that sell it, for buyers.
    expect(links).toEqual([
      "/employers/service/cleaning/",
      "/employers/fictional-bakery.json",
      "mailto:corrections@example.org?subject=Correction%3A%20fictional-bakery",
    ]);
    expect(must(doc.querySelector(".permalink"), ".permalink").textContent).toBe(
      "https://livingwage.directory/employers/fictional-bakery/",
    );
  });

  it("says when an accredited employer has no recorded move to the rate now due", () => {
    const behind = {
      employerId: 7,
      slug: "fictional-bakery",
      name: "x",
      rateArea: "london" as const,
      accreditedSince: "2011-05-12",
      dueRatePence: 1485,
      implementBy: "2026-05-01",
      latestRatePence: 760,
    };
    const doc = render(employerBodyHtml(employer, events, behind, options));
    expect(must(doc.querySelector(".verdict-behind"), ".verdict-behind").textContent).toMatch(
      /^No recorded move to the £14\.85 London rate due by 1 May 2026\./,
    );
  });
});

describe("a moved record's page and the escaping rule", () => {
  it("names the employer as text and links its current page", () => {
    const doc = render(movedBodyHtml(HOSTILE, "/employers/fictional-bakery/"));
    expect(doc.querySelectorAll("script, img")).toHaveLength(0);
    expect(must(doc.querySelector("h1"), "h1").textContent).toBe(`${HOSTILE} has moved`);
    expect(must(doc.querySelector("a"), "a").getAttribute("href")).toBe("/employers/fictional-bakery/");
  });

  it("escapes the five characters that matter in text and quoted attributes", () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
});
