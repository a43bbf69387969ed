/** The importer in-process on a fresh database from the real migrations: what goes in, and what is refused. */
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import type { Contributor } from "../../db/domain/contributors.ts";
import {
  importPledges,
  importTemplate,
  IMPORT_COLUMNS,
  OPTIONAL_IMPORT_COLUMNS,
  TEMPLATE_COLUMNS,
} from "../../db/domain/import.ts";
import { InputError } from "../../db/errors.ts";
import { contentHash, countOf, csvOf, freshMemoryDatabase, pledgeRow } from "./cli-support.ts";
import { must } from "../support/must.ts";

let db: Db;
let staff: Contributor;
let campaigner: Contributor;
beforeEach(() => {
  ({ db, staff, campaigner } = freshMemoryDatabase());
});

const bytes = (text: string) => Buffer.from(text, "utf8");
const run = (text: string | Buffer, options: { dryRun?: boolean; allowNew?: boolean; actor?: Contributor } = {}) =>
  importPledges(db, typeof text === "string" ? bytes(text) : text, {
    actor: options.actor ?? campaigner,
    dryRun: options.dryRun,
    allowNew: options.allowNew,
    fileName: "test.csv",
  });

/** The report lines of a refused import, and a check that nothing changed. */
function refused(text: string | Buffer, options: { allowNew?: boolean; actor?: Contributor } = {}): string[] {
  const before = contentHash(db.$client);
  let error: unknown;
  try {
    run(text, options);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  expect(contentHash(db.$client)).toBe(before);
  return (error as InputError).message.split("\n");
}

const employerNamed = (name: string) =>
  db.$client.prepare("SELECT * FROM employers WHERE name = ?").get(name) as
    { id: number; slug: string; companies_house_number: string | null } | undefined;

describe("importing a valid file", () => {
  it("creates each employer once, adds each event, and reports the counts", () => {
    const csv = csvOf([
      pledgeRow("Fictional Bakery"),
      pledgeRow("Fictional Bakery", {
        event: "accredited",
        date: "2021-03-01",
        source_url: "https://example.org/fictional/accredited",
      }),
      pledgeRow("Fictional Garage", { sector: "G", area: "Yorkshire and The Humber" }),
    ]);
    const summary = run(csv);
    expect(summary).toMatchObject({ dryRun: false, rows: 3, employersCreated: 2, eventsAdded: 3, rowsUnchanged: 0 });
    expect(employerNamed("Fictional Bakery")?.slug).toBe("fictional-bakery");
    const events = db.$client
      .prepare(
        "SELECT event, rate_area FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id WHERE e.name = 'Fictional Bakery' ORDER BY effective_on",
      )
      .all();
    expect(events).toEqual([
      { event: "pledged", rate_area: "london" },
      { event: "accredited", rate_area: "london" },
    ]);
    expect(
      db.$client
        .prepare(
          "SELECT rate_area FROM commitment_events ev JOIN employers e ON e.id = ev.employer_id WHERE e.name = 'Fictional Garage'",
        )
        .get(),
    ).toEqual({ rate_area: "uk" });
  });

  it("adds nothing when the same file is imported again, and says every row is unchanged", () => {
    const csv = csvOf([pledgeRow("Fictional Bakery"), pledgeRow("Fictional Garage")]);
    run(csv);
    const before = contentHash(db.$client);
    expect(run(csv)).toMatchObject({ employersCreated: 0, eventsAdded: 0, rowsUnchanged: 2 });
    expect(contentHash(db.$client)).toBe(before);
  });

  it("reads a BOM, Windows line endings, quoted commas and newlines, £ rates and short company numbers", () => {
    const csv = csvOf(
      [
        pledgeRow("Fictional Bakery, Cafe & Co", {
          companies_house_number: "123456",
          note: "line one\nline two, with a comma",
          event: "accredited",
        }),
        pledgeRow("Fictional Bakery, Cafe & Co", {
          event: "rate_implemented",
          date: "2024-05-01",
          hourly_rate: "£13.15",
          source_url: "https://example.org/fictional/rate",
        }),
        pledgeRow("Fictional Bakery, Cafe & Co", {
          event: "rate_implemented",
          date: "2024-06-01",
          hourly_rate: "13.2",
          source_url: "https://example.org/fictional/rate",
        }),
      ],
      { eol: "\r\n", bom: true },
    );
    expect(run(csv)).toMatchObject({ employersCreated: 1, eventsAdded: 3 });
    const e = must(employerNamed("Fictional Bakery, Cafe & Co"), "the imported bakery");
    expect(e.companies_house_number).toBe("00123456");
    const rows = db.$client
      .prepare(
        "SELECT event, rate_pence AS ratePence, note FROM commitment_events WHERE employer_id = ? ORDER BY effective_on",
      )
      .all(e.id);
    expect(rows).toEqual([
      { event: "accredited", ratePence: null, note: "line one\nline two, with a comma" },
      { event: "rate_implemented", ratePence: 1315, note: null },
      { event: "rate_implemented", ratePence: 1320, note: null },
    ]);
  });

  it("keeps the leading zeros of a company number written in full", () => {
    run(
      csvOf([
        pledgeRow("Fictional Mill", { companies_house_number: "00012345" }),
        pledgeRow("Fictional Ltd Scotland", { companies_house_number: "sc012345" }),
      ]),
    );
    expect(employerNamed("Fictional Mill")?.companies_house_number).toBe("00012345");
    expect(employerNamed("Fictional Ltd Scotland")?.companies_house_number).toBe("SC012345");
  });

  it("accepts columns in any order and a file saved by an older spreadsheet in Windows-1252", () => {
    const text = `note,source_url,date,event,name,sector,area,size,website,rate_area,hourly_rate,workers_covered,workers_uplifted,companies_house_number\r\nPaid £14.80,https://example.org/fictional/x,2020-01-01,pledged,Café Fictional,I,Hackney,,,,,"1,200",,\r\n`;
    const latin1 = Buffer.from(text, "latin1");
    expect(run(latin1)).toMatchObject({ employersCreated: 1, eventsAdded: 1 });
    expect(
      db.$client
        .prepare(
          "SELECT e.name, ev.note, ev.workers_covered AS w FROM employers e JOIN commitment_events ev ON ev.employer_id = e.id WHERE e.name LIKE 'Caf%'",
        )
        .get(),
    ).toEqual({
      name: "Café Fictional",
      note: "Paid £14.80",
      w: 1200,
    });
  });

  it("reads UK spreadsheet dates and an optional reason column", () => {
    const header = `${IMPORT_COLUMNS.join(",")},reason`;
    const text = `${header}\nFictional Bakery,,I,,Hackney,,accredited,01/05/2020,,,,,https://example.org/fictional/a,,\nFictional Bakery,,I,,Hackney,,lapsed,1/6/2021,,,,,https://example.org/fictional/a,a note,did not renew\n`;
    expect(run(text)).toMatchObject({ employersCreated: 1, eventsAdded: 2 });
    expect(
      db.$client
        .prepare(
          "SELECT effective_on AS d, note, reason FROM commitment_events WHERE source_url = 'https://example.org/fictional/a' ORDER BY d",
        )
        .all(),
    ).toEqual([
      { d: "2020-05-01", note: null, reason: null },
      { d: "2021-06-01", note: "a note", reason: "did not renew" },
    ]);
  });

  it("adds an event to an employer already in the directory, found by its exact name", () => {
    run(csvOf([pledgeRow("Fictional Bakery")]));
    const summary = run(csvOf([pledgeRow("fictional bakery", { event: "accredited", date: "2022-01-01" })]));
    expect(summary).toMatchObject({ employersCreated: 0, eventsAdded: 1 });
    expect(countOf(db.$client, "employers")).toBe(countOf(db.$client, "employers"));
  });

  it("warns, and changes nothing, when a row gives an existing employer different details", () => {
    run(csvOf([pledgeRow("Fictional Bakery")]));
    const summary = run(
      csvOf([pledgeRow("Fictional Bakery", { sector: "G", event: "accredited", date: "2021-01-01" })]),
    );
    expect(summary.eventsAdded).toBe(1);
    expect(summary.warnings).toEqual([
      'row 2: "Fictional Bakery" already exists as fictional-bakery; its sector in the file differs and was not changed (staff can use `lwd employer edit`)',
    ]);
    expect(db.$client.prepare("SELECT sector_code AS s FROM employers WHERE slug = 'fictional-bakery'").get()).toEqual({
      s: "I",
    });
  });

  it("stores hostile names as plain text", () => {
    run(csvOf([pledgeRow("<script>alert(1)</script>"), pledgeRow('=HYPERLINK("http://evil.example","click")')]));
    expect(employerNamed("<script>alert(1)</script>")).toBeDefined();
    expect(employerNamed('=HYPERLINK("http://evil.example","click")')).toBeDefined();
  });

  it("audits every insert with the file and row", () => {
    run(csvOf([pledgeRow("Fictional Bakery")]));
    const audit = db.$client
      .prepare("SELECT table_name, why, contributor_id FROM audit_log WHERE why LIKE 'import%' ORDER BY id")
      .all();
    expect(audit).toEqual([
      { table_name: "employers", why: "import test.csv, row 2", contributor_id: campaigner.id },
      { table_name: "commitment_events", why: "import test.csv, row 2", contributor_id: campaigner.id },
    ]);
  });

  it("audits each of many events under its own id, across the batches it is written in", () => {
    const rows = Array.from({ length: 250 }, (_, i) =>
      pledgeRow(`Fictional Batch ${i}`, { source_url: `https://example.org/fictional/batch/${i}` }),
    );
    run(csvOf(rows));
    const mismatched = db.$client
      .prepare(
        `SELECT count(*) AS n FROM audit_log a LEFT JOIN commitment_events ev ON ev.id = CAST(a.row_id AS INTEGER)
         WHERE a.table_name = 'commitment_events' AND a.why LIKE 'import%'
           AND (ev.id IS NULL OR json_extract(a.after, '$.sourceUrl') <> ev.source_url OR json_extract(a.after, '$.employerId') <> ev.employer_id)`,
      )
      .get() as { n: number };
    expect(mismatched.n).toBe(0);
    expect(
      (db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE why LIKE 'import%'").get() as { n: number }).n,
    ).toBe(500);
  });

  it("audits an event with exactly its fields: absent ones left out, text escaped as JSON", () => {
    const note = 'Line one\nline two\twith "quotes", a \\ and café 🎉';
    run(
      csvOf([
        pledgeRow("Fictional Bakery", { workers_covered: "1,200", workers_uplifted: "3", note }),
        pledgeRow("Fictional Bakery", {
          event: "lapsed",
          date: "2021-01-01",
          source_url: "https://example.org/fictional/lapsed",
          note: "closed the site",
        }),
        pledgeRow("Fictional Garage", {
          area: "City of London",
          event: "rate_implemented",
          date: "2023-06-01",
          rate_area: "london",
          hourly_rate: "£13.15",
          source_url: "https://example.org/fictional/rate",
        }),
      ]),
    );
    const after = (
      db.$client
        .prepare(
          "SELECT after FROM audit_log WHERE table_name = 'commitment_events' AND why LIKE 'import%' ORDER BY id",
        )
        .all() as { after: string }[]
    ).map((a) => a.after);
    const bakery = must(employerNamed("Fictional Bakery"), "Fictional Bakery").id;
    const garage = must(employerNamed("Fictional Garage"), "Fictional Garage").id;
    const source = "https://example.org/fictional/pledges";
    expect(after).toEqual([
      JSON.stringify({
        employerId: bakery,
        event: "pledged",
        effectiveOn: "2020-01-15",
        rateArea: "london",
        workersCovered: 1200,
        workersUplifted: 3,
        sourceUrl: source,
        note,
      }),
      JSON.stringify({
        employerId: bakery,
        event: "lapsed",
        effectiveOn: "2021-01-01",
        rateArea: "london",
        sourceUrl: "https://example.org/fictional/lapsed",
        note: "closed the site",
        reason: "closed the site",
      }),
      JSON.stringify({
        employerId: garage,
        event: "rate_implemented",
        effectiveOn: "2023-06-01",
        rateArea: "london",
        ratePence: 1315,
        sourceUrl: "https://example.org/fictional/rate",
      }),
    ]);
    // An employer's audit row carries every field, the empty ones as null.
    const stored = db.$client
      .prepare("SELECT id, area_code AS areaCode FROM employers WHERE slug = 'fictional-bakery'")
      .get() as { id: number; areaCode: string };
    const audited = db.$client
      .prepare("SELECT after FROM audit_log WHERE table_name = 'employers' AND row_id = ? AND why LIKE 'import%'")
      .get(String(stored.id)) as { after: string };
    expect(audited.after).toBe(
      JSON.stringify({
        slug: "fictional-bakery",
        name: "Fictional Bakery",
        companiesHouseNumber: null,
        sectorCode: "I",
        areaCode: stored.areaCode,
        sizeCode: null,
        website: null,
      }),
    );
  });

  it("leaves the connection's temporary storage setting and temporary tables as they were", () => {
    const before = db.$client.pragma("temp_store", { simple: true });
    run(csvOf([pledgeRow("Fictional Bakery")]));
    expect(db.$client.pragma("temp_store", { simple: true })).toBe(before);
    db.$client.exec("CREATE TEMP TABLE scratch (x)");
    db.$client.exec("INSERT INTO scratch VALUES (1)");
    run(csvOf([pledgeRow("Fictional Garage")]));
    expect(db.$client.prepare("SELECT count(*) AS n FROM temp.scratch").get()).toEqual({ n: 1 });
  });

  it("changes nothing on a dry run but reports what would change", () => {
    const before = contentHash(db.$client);
    const summary = run(csvOf([pledgeRow("Fictional Bakery"), pledgeRow("Fictional Garage")]), { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, employersCreated: 2, eventsAdded: 2 });
    expect(summary.createdEmployers.map((e) => e.slug)).toEqual(["fictional-bakery", "fictional-garage"]);
    expect(contentHash(db.$client)).toBe(before);
  });

  it("gives a second employer with the same slug a numbered one when asked to add it anyway", () => {
    run(csvOf([pledgeRow("Fictional Bakery")]));
    run(csvOf([pledgeRow("Fictional-Bakery", { source_url: "https://example.org/fictional/other" })]), {
      allowNew: true,
    });
    expect(employerNamed("Fictional-Bakery")?.slug).toBe("fictional-bakery-2");
  });

  it("takes the reason for an ending event from the note, and accepts a reinstatement after it in the same file", () => {
    run(
      csvOf([
        pledgeRow("Fictional Bakery", { event: "accredited" }),
        pledgeRow("Fictional Bakery", { event: "lapsed", date: "2021-01-01", note: "did not renew" }),
        pledgeRow("Fictional Bakery", { event: "reinstated", date: "2022-01-01" }),
      ]),
    );
    expect(
      db.$client
        .prepare("SELECT reason FROM commitment_events WHERE event = 'lapsed' AND source_url LIKE '%fictional%'")
        .get(),
    ).toEqual({ reason: "did not renew" });
  });

  it("prints a template that imports cleanly", () => {
    expect(importTemplate().split("\n")[0]).toBe(TEMPLATE_COLUMNS.join(","));
    expect(run(importTemplate())).toMatchObject({ employersCreated: 1, eventsAdded: 1 });
  });
});

describe("refusing bad input, every bad row at once, changing nothing", () => {
  it("names an unknown sector and area and suggests the closest", () => {
    const lines = refused(csvOf([pledgeRow("Fictional Bakery", { area: "Hackny", sector: "Finance" })]));
    expect(lines).toEqual([
      'row 2, field sector: "Finance" is not a known sector — did you mean "Financial and insurance activities" (K)?',
      'row 2, field area: "Hackny" is not a known area — did you mean "Hackney" (E09000012)?',
    ]);
  });

  it("refuses an impossible date and a date in the future", () => {
    const lines = refused(
      csvOf([
        pledgeRow("A Fictional", { date: "2010-02-30" }),
        pledgeRow("B Fictional", { date: "2999-01-01" }),
        pledgeRow("C Fictional", { date: "May 2020" }),
      ]),
    );
    expect(lines[0]).toBe('row 2, field date: "2010-02-30" is not a real calendar date');
    expect(lines[1]).toMatch(/^row 3, field date: "2999-01-01" is in the future/);
    expect(lines[2]).toMatch(/^row 4, field date: "May 2020" must be a date written YYYY-MM-DD/);
  });

  it("refuses a missing or non-web source", () => {
    const lines = refused(
      csvOf([
        pledgeRow("A Fictional", { source_url: "" }),
        pledgeRow("B Fictional", { source_url: "ftp://example.org/x" }),
        pledgeRow("C Fictional", { source_url: "javascript:alert(1)" }),
      ]),
    );
    expect(lines).toEqual([
      "row 2, field source_url: is required but empty (must be a web address starting with http:// or https://)",
      'row 3, field source_url: "ftp://example.org/x" must be a web address starting with http:// or https://',
      'row 4, field source_url: "javascript:alert(1)" must be a web address starting with http:// or https://',
    ]);
  });

  it("refuses a rate below that area's living wage on that date, and a rate_implemented with no rate", () => {
    const lines = refused(
      csvOf([
        pledgeRow("A Fictional", { event: "rate_implemented", date: "2024-06-01", hourly_rate: "£13.00" }),
        pledgeRow("B Fictional", {
          area: "Yorkshire and The Humber",
          event: "rate_implemented",
          date: "2024-06-01",
          hourly_rate: "11.99",
        }),
        pledgeRow("C Fictional", { event: "rate_implemented", date: "2024-06-01" }),
        pledgeRow("D Fictional", { event: "rate_implemented", date: "2024-06-01", hourly_rate: "thirteen" }),
      ]),
    );
    expect(lines).toEqual([
      "row 2, field hourly_rate: £13.00 is below the London Living Wage in force on 1 June 2024 (£13.15)",
      "row 3, field hourly_rate: £11.99 is below the UK Living Wage in force on 1 June 2024 (£12.00)",
      "row 4, field hourly_rate: is required for rate_implemented: the hourly rate the employer moved to",
      'row 5, field hourly_rate: "thirteen" must be an hourly rate in pounds, such as 7.60 or £7.60',
    ]);
  });

  it("refuses negative and fractional worker counts", () => {
    const lines = refused(
      csvOf([
        pledgeRow("A Fictional", { workers_covered: "-3" }),
        pledgeRow("B Fictional", { workers_uplifted: "2.5" }),
        pledgeRow("C Fictional", { workers_covered: "5", workers_uplifted: "9" }),
      ]),
    );
    expect(lines).toEqual([
      'row 2, field workers_covered: "-3" must not be negative',
      'row 3, field workers_uplifted: "2.5" must be a whole number',
      'row 4, field workers_uplifted: "9" cannot be more than workers covered',
    ]);
  });

  it("refuses an unknown event and a revocation by a campaigner", () => {
    const lines = refused(
      csvOf([
        pledgeRow("A Fictional", { event: "plegded" }),
        pledgeRow("B Fictional", { event: "revoked", note: "fictional" }),
      ]),
    );
    expect(lines[0]).toMatch(/^row 2, field event: "plegded" must be one of pledged, accredited/);
    expect(lines[1]).toBe('row 3, field event: only staff may record revoked; "cam" is a campaigner');
  });

  it("refuses an ending event without a reason and a reinstatement with nothing to reinstate", () => {
    const lines = refused(
      csvOf([pledgeRow("A Fictional", { event: "lapsed" }), pledgeRow("B Fictional", { event: "reinstated" })]),
    );
    expect(lines).toEqual([
      "row 2, field note: is required for lapsed: say why the commitment ended",
      "row 3, field event: a reinstatement needs a lapse, revocation or withdrawal before it; on 2020-01-15 the status was none",
    ]);
  });

  it("reports an unclosed quote with its row", () => {
    const text = `${csvOf([pledgeRow("A Fictional")])}"B Fictional,,I,,Hackney,,pledged,2020-01-01,,,,,https://example.org/x,\n`;
    expect(refused(text)).toEqual([
      'row 3, field file: a quoted cell is never closed (a " is missing); nothing after it could be read',
    ]);
  });

  it("refuses a wrong header, naming unknown and missing columns", () => {
    const lines = refused(
      `name,sector,area,evnt,date,source\nFictional,I,Hackney,pledged,2020-01-01,https://example.org/x\n`,
    );
    expect(lines).toContain(
      "row 1, field evnt: is not a column of an import file; the columns are " +
        [...IMPORT_COLUMNS, ...OPTIONAL_IMPORT_COLUMNS].join(", "),
    );
    expect(lines).toContain(
      "row 1, field event: is missing from the header; an import file needs name, sector, area, event, date, source_url (`lwd import --template` prints the full header)",
    );
  });

  it("refuses a row with extra cells and a row with too few", () => {
    const good = csvOf([pledgeRow("A Fictional")]);
    const lines = refused(
      `${good}B Fictional,,I,,Hackney,,pledged,2020-01-01,,,,,https://example.org/x,,surprise\nC Fictional,,I\n`,
    );
    expect(lines).toEqual([
      "row 3, field column 15: the row has 15 cells but the header has 14; is there an unquoted comma in a cell?",
      "row 4, field size: the row has 3 cells but the header has 14; is a cell missing?",
    ]);
  });

  it("refuses an empty file and a header with no rows", () => {
    expect(refused("")[0]).toMatch(/^row 1, field file: is empty; it needs a header row/);
    expect(refused("\uFEFF\r\n")[0]).toMatch(/^row 1, field file: is empty/);
    expect(refused(`${IMPORT_COLUMNS.join(",")}\n`)).toEqual([
      "row 2, field file: has a header but no rows; add one row per event",
    ]);
  });

  it("refuses a binary file", () => {
    expect(refused(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]))[0]).toMatch(/is not a CSV text file/);
  });

  it("counts rows as a spreadsheet does: quoted newlines and blank lines keep later row numbers right", () => {
    const text = [
      IMPORT_COLUMNS.join(","),
      'A Fictional,,I,,Hackney,,pledged,2020-01-01,,,,,https://example.org/x,"two\nlines"',
      "",
      "B Fictional,,I,,Hackny,,pledged,2020-01-01,,,,,https://example.org/x,",
    ].join("\n");
    expect(refused(text)).toEqual([
      'row 4, field area: "Hackny" is not a known area — did you mean "Hackney" (E09000012)?',
    ]);
  });

  it("reports every bad row, not only the first, with the valid rows left out too", () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      pledgeRow(`Fictional ${i}`, i % 3 === 0 ? { date: "2010-02-30" } : {}),
    );
    const lines = refused(csvOf(rows));
    expect(lines).toHaveLength(10);
    expect(lines[9]).toBe('row 29, field date: "2010-02-30" is not a real calendar date');
    expect(countOf(db.$client, "employers")).toBe(countOf(db.$client, "employers"));
  });

  it("refuses rows that give one new employer two different sectors", () => {
    expect(
      refused(
        csvOf([pledgeRow("Fictional Bakery"), pledgeRow("Fictional Bakery", { sector: "G", event: "accredited" })]),
      ),
    ).toEqual(['row 3, field sector: "G" differs from row 2 for the same employer ("I"); an employer has one sector']);
  });

  it("acts on answers given at the prompt: use the existing employer, or create a new one", () => {
    const csv = bytes(csvOf([pledgeRow("Greater London Authorty", { sector: "O", area: "Newham" })]));
    const use = importPledges(db, csv, {
      actor: campaigner,
      decisions: new Map([["greater london authorty", { use: "greater-london-authority" }]]),
    });
    expect(use).toMatchObject({ employersCreated: 0, eventsAdded: 1 });
    // Imported again with nobody to ask: the look-alike already has this very event, so it is the same employer.
    expect(run(csvOf([pledgeRow("Greater London Authorty", { sector: "O", area: "Newham" })]))).toMatchObject({
      employersCreated: 0,
      eventsAdded: 0,
      rowsUnchanged: 1,
    });
    const created = importPledges(
      db,
      bytes(csvOf([pledgeRow("Barclays Bank PLC", { sector: "K", area: "Tower Hamlets" })])),
      { actor: campaigner, decisions: new Map([["barclays bank plc", "new"]]) },
    );
    expect(created).toMatchObject({ employersCreated: 1, eventsAdded: 1 });
  });

  it("refuses a near-duplicate within one file unless --new", () => {
    const csv = csvOf([
      pledgeRow("Fictional Bakery Ltd"),
      pledgeRow("Fictional Bakery Limited", { event: "accredited" }),
    ]);
    expect(refused(csv)).toEqual([
      'row 3, field name: "Fictional Bakery Limited" looks like an employer already known — "Fictional Bakery Ltd" (row 2): "Fictional Bakery Ltd" in row 2 is the same name written differently. To go on, use the existing employer\'s exact name, or run again with --new if it is a different employer',
    ]);
    expect(run(csv, { allowNew: true })).toMatchObject({ employersCreated: 2 });
  });

  it("lets staff revoke", () => {
    run(csvOf([pledgeRow("Fictional Bakery", { event: "accredited" })]));
    expect(
      run(
        csvOf([pledgeRow("Fictional Bakery", { event: "revoked", date: "2021-01-01", note: "did not pay the rate" })]),
        { actor: staff },
      ),
    ).toMatchObject({ eventsAdded: 1 });
  });
});
