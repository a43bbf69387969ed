/** Schemes, re-confirmations and the freshness of evidence, through the real `lwd` on a fresh database file. */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { connect } from "../../db/client.ts";
import { getEmployer } from "../../db/domain/employers.ts";
import { listRates } from "../../db/domain/rates.ts";
import { employerBodyHtml } from "../../src/lib/employer-markup.ts";
import { formatDate } from "../../src/lib/format.ts";
import { toPublished } from "../../src/lib/publish.ts";
import { contentHash, freshDatabaseFile, lwd, tempDir, writeCsv } from "./cli-support.ts";
import { must } from "../support/must.ts";

const AS_OF = "2026-06-01";
const TODAY = new Date().toISOString().slice(0, 10);
const TEN_DAYS_AGO = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);

/** An employer's page body as a reader sees it, and its JSON twin, on `asOf`. */
function pageAndTwin(dbPath: string, slug: string, asOf = AS_OF) {
  const db = connect(dbPath, { readonly: true });
  try {
    const employer = must(getEmployer(db, slug, asOf), slug);
    const rates = listRates(db);
    const options = { asOf, base: "/", site: "https://example.org/", correctionsContact: "c@example.org", rates };
    const body = employerBodyHtml(employer, employer.events, undefined, options).toString();
    const { document } = parseHTML(`<html><body>${body}</body></html>`);
    const text = (document.body.textContent ?? "").replace(/\s+/g, " ");
    return { text, document, twin: toPublished(employer, employer.events, [], asOf, rates) };
  } finally {
    db.$client.close();
  }
}

const figures = (dbPath: string, ...args: string[]) => {
  const r = lwd(dbPath, ["figures", "--json", "--as-of", AS_OF, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    scheme: string;
    accreditedEmployers: number;
    pledgedEmployers: number;
    byScheme: { scheme: string; accreditedEmployers: number; pledgedEmployers: number }[];
  };
};

describe("schemes", () => {
  it("a Living Hours accreditation imported from a file without website or note columns shows on the page, in the JSON twin and in byScheme", () => {
    const dbPath = freshDatabaseFile();
    const before = figures(dbPath);
    const file = writeCsv(
      tempDir(),
      "hours.csv",
      [
        "name,sector,area,event,date,source_url,scheme",
        "Fictional Cleaners Ltd,N,Camden,accredited,2024-03-03,https://example.org/fictional/wage,",
        "Fictional Cleaners Ltd,N,Camden,accredited,2024-03-03,https://example.org/fictional/hours,living_hours",
      ].join("\n"),
    );
    const imported = lwd(dbPath, ["import", file, "--as", "cam"]);
    expect(imported.code, imported.stderr).toBe(0);

    const { text, twin } = pageAndTwin(dbPath, "fictional-cleaners-ltd");
    expect(text).toContain("Living Hours: accredited since 3 March 2024");
    expect(text).toContain("Living Wage accreditation: accredited since 3 March 2024");
    expect(twin.schemes).toEqual([
      { scheme: "living_wage", status: "accredited", since: "2024-03-03", rateArea: "london" },
      { scheme: "living_hours", status: "accredited", since: "2024-03-03", rateArea: "london" },
    ]);
    expect(twin.events.map((e) => e.scheme)).toEqual(["living_wage", "living_hours"]);

    const after = figures(dbPath);
    // The headline stays Living Wage accreditation: one more, not two.
    expect(after.scheme).toBe("living_wage");
    expect(after.accreditedEmployers).toBe(before.accreditedEmployers + 1);
    const hours = must(
      after.byScheme.find((s) => s.scheme === "living_hours"),
      "living_hours",
    );
    expect(hours.accreditedEmployers).toBe(1);
    expect(figures(dbPath, "--scheme", "living_hours").accreditedEmployers).toBe(1);
  });

  it("a Recognised Service Provider reads as recognised, and a reinstatement needs a lapse in its own scheme", () => {
    const dbPath = freshDatabaseFile();
    const dir = tempDir();
    const header = "name,sector,area,event,date,source_url,scheme,reason";
    const ok = writeCsv(
      dir,
      "rsp.csv",
      [
        header,
        "Fictional Guards Ltd,N,Hackney,accredited,2023-05-01,https://example.org/fictional/rsp,service_provider,",
      ].join("\n"),
    );
    expect(lwd(dbPath, ["import", ok, "--as", "cam"]).code).toBe(0);
    expect(pageAndTwin(dbPath, "fictional-guards-ltd").text).toContain(
      "Recognised Service Provider: recognised since 1 May 2023",
    );

    const lapsedElsewhere = writeCsv(
      dir,
      "reinstate.csv",
      [
        header,
        "Fictional Guards Ltd,N,Hackney,lapsed,2024-01-01,https://example.org/fictional/lapse,living_pension,not renewed",
        "Fictional Guards Ltd,N,Hackney,reinstated,2024-06-01,https://example.org/fictional/back,service_provider,",
      ].join("\n"),
    );
    const refused = lwd(dbPath, ["import", lapsedElsewhere, "--as", "cam"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "row 3, field event: a reinstatement needs a lapse, revocation or withdrawal before it in Recognised Service Provider; on 2024-06-01 the status was accredited",
    );
  });

  it("refuses an unknown scheme with the schemes there are", () => {
    const dbPath = freshDatabaseFile();
    const file = writeCsv(
      tempDir(),
      "bad.csv",
      "name,sector,area,event,date,source_url,scheme\nFictional Co,N,Hackney,pledged,2023-05-01,https://example.org/f,living_hour\n",
    );
    const r = lwd(dbPath, ["import", file, "--as", "cam"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'row 2, field scheme: "living_hour" must be one of living_wage, living_hours, living_pension, service_provider',
    );
    const cli = lwd(dbPath, ["event", "add", "barclays", "--event", "pledged", "--scheme", "hours"]);
    expect(cli.code).toBe(2);
  });

  it("a rate_implemented row in a file without an hourly_rate column is refused on that row", () => {
    const dbPath = freshDatabaseFile();
    const file = writeCsv(
      tempDir(),
      "rate.csv",
      "name,sector,area,event,date,source_url\nFictional Co,N,Hackney,rate_implemented,2023-05-01,https://example.org/f\n",
    );
    const r = lwd(dbPath, ["import", file, "--as", "cam"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("row 2, field hourly_rate: is required for rate_implemented");
  });
});

describe("verified events and the freshness of evidence", () => {
  it("with the seed as of 2026-06-01, Barclays' page shows its 2010 evidence as old and no change by a person", () => {
    const dbPath = freshDatabaseFile();
    const { text, twin } = pageAndTwin(dbPath, "barclays");
    expect(text).toContain("Latest evidence: 9 June 2010, london.gov.uk");
    expect(text).toContain("has not been re-confirmed since 9 June 2010");
    expect(text).toContain("not evidence that the employer has stopped paying");
    expect(text).toContain("Record not changed by anyone since it was loaded from the published sources.");
    expect(twin.latestEvidence).toEqual({
      on: "2010-06-09",
      sourceUrl: expect.stringContaining("london.gov.uk") as unknown as string,
      isOld: true,
    });
    expect(twin.lastChanged).toBeNull();
  });

  it("a verified event added with lwd event add changes the latest evidence and nothing else", () => {
    const dbPath = freshDatabaseFile();
    const before = pageAndTwin(dbPath, "barclays", TODAY);
    const figuresBefore = figures(dbPath, "--as-of", TODAY);

    const byCampaigner = lwd(dbPath, [
      "event",
      "add",
      "barclays",
      "--event",
      "verified",
      "--date",
      TEN_DAYS_AGO,
      "--source",
      "https://www.livingwage.org.uk/fictional/barclays-check",
      "--as",
      "cam",
    ]);
    expect(byCampaigner.code).toBe(1);
    expect(byCampaigner.stderr).toContain("only staff may record verified");

    const noSource = lwd(dbPath, [
      "event",
      "add",
      "barclays",
      "--event",
      "verified",
      "--date",
      TEN_DAYS_AGO,
      "--as",
      "sam",
    ]);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toContain("--source");

    const added = lwd(dbPath, [
      "event",
      "add",
      "barclays",
      "--event",
      "verified",
      "--date",
      TEN_DAYS_AGO,
      "--source",
      "https://www.livingwage.org.uk/fictional/barclays-check",
      "--as",
      "sam",
    ]);
    expect(added.code, added.stderr).toBe(0);

    const after = pageAndTwin(dbPath, "barclays", TODAY);
    expect(after.text).toContain(`Latest evidence: ${formatDate(TEN_DAYS_AGO)}, livingwage.org.uk`);
    expect(after.text).not.toContain("has not been re-confirmed");
    expect(after.twin.latestEvidence?.isOld).toBe(false);
    // A change by a person, dated today.
    expect(after.twin.lastChanged?.slice(0, 10)).toBe(TODAY);
    expect(after.text).toContain(`Record last changed ${formatDate(TODAY)}.`);
    // Status, since, schemes and the figures are as they were.
    const verdict = (d: typeof before) => must(d.document.querySelector(".verdict"), "verdict").textContent;
    expect(verdict(after)).toBe(verdict(before));
    expect(after.twin.status).toBe(before.twin.status);
    expect(after.twin.statusSince).toBe(before.twin.statusSince);
    expect(after.twin.schemes).toEqual(before.twin.schemes);
    expect(figures(dbPath, "--as-of", TODAY)).toEqual(figuresBefore);
  });
});

describe("lwd stale", () => {
  it("lists the employers whose latest evidence is older than the period, oldest first, as text and JSON", () => {
    const dbPath = freshDatabaseFile();
    const text = lwd(dbPath, ["stale", "--as-of", AS_OF]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toContain("have no evidence dated 1 June 2024 or later; oldest first");
    const lines = text.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^latest evidence\s+slug\s+status\s+source$/);
    expect(lines).toContainEqual(expect.stringMatching(/^2010-06-09\s+barclays\s+pledged\s+london\.gov\.uk$/));

    const json = lwd(dbPath, ["stale", "--as-of", AS_OF, "--older-than", "18m", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      asOf: string;
      evidenceBefore: string;
      employers: { slug: string; latestEvidenceOn: string }[];
    };
    expect(report.asOf).toBe(AS_OF);
    expect(report.evidenceBefore).toBe("2024-12-01");
    const dates = report.employers.map((e) => e.latestEvidenceOn);
    expect(dates).toEqual([...dates].sort());
    expect(dates.every((d) => d < "2024-12-01")).toBe(true);
    expect(report.employers.map((e) => e.slug)).toContain("barclays");

    // A re-confirmation takes the employer off the list.
    const verified = lwd(dbPath, [
      "event",
      "add",
      "barclays",
      "--event",
      "verified",
      "--date",
      "2025-01-10",
      "--source",
      "https://www.livingwage.org.uk/fictional/barclays-check",
      "--as",
      "sam",
    ]);
    expect(verified.code, verified.stderr).toBe(0);
    const again = JSON.parse(lwd(dbPath, ["stale", "--as-of", AS_OF, "--json"]).stdout) as typeof report;
    expect(again.employers.map((e) => e.slug)).not.toContain("barclays");
    expect(again.employers).toHaveLength(report.employers.length - 1);
  });

  it("refuses a period it cannot read, saying how to write one", () => {
    const dbPath = freshDatabaseFile();
    const r = lwd(dbPath, ["stale", "--older-than", "two years"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'older-than: "two years" is not a length of time; write a whole number of years, months or days, such as 2y, 18m or 90d',
    );
  });
});

describe("services", () => {
  it("an employer is added with services, edited, and a misspelt service is refused with the closest one", () => {
    const dbPath = freshDatabaseFile();
    const lookups = lwd(dbPath, ["lookups", "services", "--json"]);
    expect(lookups.code).toBe(0);
    expect((JSON.parse(lookups.stdout) as { code: string }[]).map((s) => s.code)).toContain("facilities_management");

    const added = lwd(dbPath, [
      "employer",
      "add",
      "--name",
      "Fictional Cleaners Ltd",
      "--sector",
      "N",
      "--area",
      "Camden",
      "--service",
      "cleaning",
      "--service",
      "Security",
      "--as",
      "cam",
    ]);
    expect(added.code, added.stderr).toBe(0);
    const services = () =>
      (
        JSON.parse(lwd(dbPath, ["employer", "show", "fictional-cleaners-ltd", "--json"]).stdout) as {
          services: string[];
        }
      ).services;
    expect(services()).toEqual(["cleaning", "security"]);

    const edited = lwd(dbPath, [
      "employer",
      "edit",
      "fictional-cleaners-ltd",
      "--service",
      "catering",
      "--remove-service",
      "security",
      "--why",
      "their own site lists catering",
      "--as",
      "sam",
    ]);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stderr).toContain("Changed fictional-cleaners-ltd: -service security, +service catering.");
    expect(services()).toEqual(["catering", "cleaning"]);

    const typo = lwd(dbPath, [
      "employer",
      "add",
      "--name",
      "Fictional Guards Ltd",
      "--sector",
      "N",
      "--area",
      "Hackney",
      "--service",
      "secruity",
      "--as",
      "cam",
    ]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('service: "secruity" is not a known service — did you mean "Security" (security)?');
    const found = JSON.parse(lwd(dbPath, ["employer", "find", "Fictional Guards", "--json"]).stdout) as unknown[];
    expect(found).toEqual([]);
  });

  it("an import's services column adds the services it lists, refuses an unknown one naming the row, and never removes one", () => {
    const dbPath = freshDatabaseFile();
    const dir = tempDir();
    const header = "name,sector,area,event,date,source_url,services";
    const bad = writeCsv(
      dir,
      "bad.csv",
      `${header}\nFictional Mops Ltd,N,Camden,pledged,2024-05-01,https://example.org/mops,cleaning; secruity\n`,
    );
    const before = contentHash(dbPath);
    const refused = lwd(dbPath, ["import", bad, "--as", "cam"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'row 2, field services: "secruity" is not a known service — did you mean "Security" (security)?',
    );
    expect(contentHash(dbPath)).toBe(before);

    const good = writeCsv(
      dir,
      "good.csv",
      `${header}\nFictional Mops Ltd,N,Camden,pledged,2024-05-01,https://example.org/mops,Cleaning; security\n` +
        `Fictional Mops Ltd,N,Camden,accredited,2024-09-01,https://example.org/mops-lwf,cleaning\n`,
    );
    const imported = lwd(dbPath, ["import", good, "--as", "cam"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout + imported.stderr).toContain("2 services added to employers");
    const services = () =>
      (JSON.parse(lwd(dbPath, ["employer", "show", "fictional-mops-ltd", "--json"]).stdout) as { services: string[] })
        .services;
    expect(services()).toEqual(["cleaning", "security"]);

    // A later file for the same employer adds what is new and leaves the rest.
    const later = writeCsv(
      dir,
      "later.csv",
      `${header}\nFictional Mops Ltd,N,Camden,accredited,2024-09-01,https://example.org/mops-lwf,catering\n`,
    );
    const again = lwd(dbPath, ["import", later, "--as", "cam"]);
    expect(again.code, again.stderr).toBe(0);
    expect(services()).toEqual(["catering", "cleaning", "security"]);
  });
});
