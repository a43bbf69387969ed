/**
 * Corrections, audited (issue 12): staff correct or retract a recorded event or rate in place, with a reason that
 * is audited and published; a retracted record stops counting but is kept. An exact repeat of an event is refused,
 * and a rate that looks like a typing mistake needs --confirm-unusual (defect 2: £1.00 for the London rate).
 */
import Database from "better-sqlite3";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import type { Contributor } from "../../db/domain/contributors.ts";
import { latestCorrections } from "../../db/domain/corrections.ts";
import { addEmployer, getEmployer } from "../../db/domain/employers.ts";
import { addEvent, correctEvent, latestEvents, retractEvent } from "../../db/domain/events.ts";
import { addRate, correctRate, listRates, rateInForce, retractRate } from "../../db/domain/rates.ts";
import { behindAsOf, figuresAsOf, statusOfEmployer } from "../../db/domain/status.ts";
import { must } from "../../db/errors.ts";
import { employerBodyHtml } from "../../src/lib/employer-markup.ts";
import { formatDate } from "../../src/lib/format.ts";
import { toPublished } from "../../src/lib/publish.ts";
import { contentHash, freshDatabaseFile, freshMemoryDatabase, lwd } from "./cli-support.ts";

const SOURCE = "https://example.org/fictional";

/** A fictional employer in Hackney (London rate) with the given events, recorded by staff; returns ids. */
function employerWith(db: Db, staff: Contributor, events: Record<string, unknown>[]) {
  const { id: employerId, slug } = addEmployer(
    db,
    { name: "Fictional Widgets Ltd", sectorCode: "C", areaCode: "Hackney" },
    [],
    staff,
  );
  const ids = events.map(
    (e, i) => addEvent(db, slug, { rateArea: "london", sourceUrl: `${SOURCE}/${i}`, ...e }, staff).id,
  );
  // Each test knows how many events it made.
  return { employerId, slug, ids: ids as [number, number, number] };
}

const auditOf = (db: Db, table: string, rowId: number) =>
  db.$client
    .prepare(
      "SELECT action, before, after, why, contributor_id AS contributorId FROM audit_log WHERE table_name = ? AND row_id = ? ORDER BY id",
    )
    .all(table, String(rowId)) as { action: string; before: string | null; after: string | null; why: string | null }[];

const correctionsOf = (db: Db, subject: string, id: number) =>
  db.$client
    .prepare(
      "SELECT kind, why, contributor_id AS contributorId FROM corrections WHERE subject = ? AND subject_id = ? ORDER BY id",
    )
    .all(subject, id);

describe("correcting an event", () => {
  it("changes the event in place, audited with before, after and why, and listed in corrections", () => {
    const { db, staff } = freshMemoryDatabase();
    const { slug, ids } = employerWith(db, staff, [{ event: "accredited", effectiveOn: "2020-01-01" }]);
    const id = ids[0];
    const result = correctEvent(
      db,
      id,
      { effectiveOn: "2020-02-01", workersCovered: "1,200" },
      "the date was a typo",
      staff,
    );
    expect(result.changed).toEqual(["date", "workers_covered"]);
    const event = must(getEmployer(db, slug), "the employer").events[0];
    expect(event).toMatchObject({ id, effectiveOn: "2020-02-01", workersCovered: 1200, retractedAt: null });
    expect(event?.corrections).toEqual([{ kind: "corrected", why: "the date was a typo", at: expect.any(String) }]);
    const [, update] = auditOf(db, "commitment_events", id);
    expect(update?.action).toBe("update");
    expect(update?.why).toBe("the date was a typo");
    expect(JSON.parse(String(update?.before))).toMatchObject({ effectiveOn: "2020-01-01", workersCovered: null });
    expect(JSON.parse(String(update?.after))).toMatchObject({ effectiveOn: "2020-02-01", workersCovered: 1200 });
    expect(correctionsOf(db, "event", id)).toEqual([
      { kind: "corrected", why: "the date was a typo", contributorId: staff.id },
    ]);
    expect(statusOfEmployer(db, must(getEmployer(db, slug), "the employer").id, "2020-01-15")).toBeNull();
  });

  it("re-validates the corrected event as event add does: fields, dates, the rate floor", () => {
    const { db, staff } = freshMemoryDatabase();
    const { ids } = employerWith(db, staff, [
      { event: "accredited", effectiveOn: "2020-01-01" },
      { event: "rate_implemented", effectiveOn: "2026-05-01", ratePence: 1480 },
    ]);
    const before = contentHash(db.$client);
    const refused = (id: number, changes: Record<string, unknown>) => {
      expect(() => correctEvent(db, id, changes, "a reason", staff)).toThrow();
      try {
        correctEvent(db, id, changes, "a reason", staff);
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(refused(ids[0], { event: "lapsed" })).toMatch(/reason: is required for lapsed/);
    expect(refused(ids[0], { effectiveOn: "0024-05-01" })).toMatch(/before 2001-01-01/);
    expect(refused(ids[0], { sourceUrl: "javascript:alert(1)" })).toMatch(/source_url/);
    expect(refused(ids[1], { ratePence: 100 })).toMatch(/£1.00 is below the London Living Wage in force on 1 May 2026/);
    expect(refused(ids[0], { effectiveOn: "2020-01-01" })).toMatch(/already has those details/);
    expect(refused(9999, { note: "x" })).toMatch(/no event has the id 9999/);
    expect(contentHash(db.$client)).toBe(before);
  });

  it("is for staff only and needs a reason", () => {
    const { db, staff, campaigner } = freshMemoryDatabase();
    const { ids } = employerWith(db, staff, [{ event: "pledged", effectiveOn: "2020-01-01" }]);
    expect(() => correctEvent(db, ids[0], { note: "x" }, "why", campaigner)).toThrow(/only staff may correct events/);
    expect(() => correctEvent(db, ids[0], { note: "x" }, "  ", staff)).toThrow(/say why/);
    expect(() => retractEvent(db, ids[0], "why", campaigner)).toThrow(/only staff may retract events/);
    expect(() => retractEvent(db, ids[0], undefined, staff)).toThrow(/say why/);
  });

  it("refuses a correction that would make the event an exact repeat of another", () => {
    const { db, staff } = freshMemoryDatabase();
    const { ids } = employerWith(db, staff, [
      { event: "pledged", effectiveOn: "2019-01-01" },
      { event: "accredited", effectiveOn: "2020-01-01" },
    ]);
    expect(() =>
      correctEvent(db, ids[1], { event: "pledged", effectiveOn: "2019-01-01", sourceUrl: `${SOURCE}/0` }, "r", staff),
    ).toThrow(`already recorded as event ${ids[0]}`);
  });
});

describe("retracting an event", () => {
  it("stops it counting for status, figures and the latest lists, but keeps it in the history, marked", () => {
    const { db, staff } = freshMemoryDatabase();
    const { employerId, slug, ids } = employerWith(db, staff, [
      { event: "pledged", effectiveOn: "2019-01-01" },
      { event: "accredited", effectiveOn: "2020-01-01", workersCovered: "40" },
    ]);
    expect(statusOfEmployer(db, employerId, "2021-01-01")?.status).toBe("accredited");
    expect(latestEvents(db, ["accredited"], "2021-01-01", 100).map((e) => e.id)).toContain(ids[1]);
    const figures = figuresAsOf(db, "2021-01-01");
    retractEvent(db, ids[1], "the accreditation was another employer's", staff);
    expect(statusOfEmployer(db, employerId, "2021-01-01")?.status).toBe("pledged");
    expect(figuresAsOf(db, "2021-01-01")).toMatchObject({
      accreditedEmployers: figures.accreditedEmployers - 1,
      pledgedEmployers: figures.pledgedEmployers + 1,
    });
    expect(latestEvents(db, ["accredited"], "2021-01-01", 100).map((e) => e.id)).not.toContain(ids[1]);
    const kept = must(getEmployer(db, slug), "the employer").events[1];
    expect(kept?.retractedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(kept?.corrections).toEqual([
      { kind: "retracted", why: "the accreditation was another employer's", at: expect.any(String) },
    ]);
    expect(correctionsOf(db, "event", ids[1])).toEqual([
      { kind: "retracted", why: "the accreditation was another employer's", contributorId: staff.id },
    ]);
    const [, update] = auditOf(db, "commitment_events", ids[1]);
    expect([update?.action, JSON.parse(String(update?.before)).retractedAt, update?.why]).toEqual([
      "update",
      null,
      "the accreditation was another employer's",
    ]);
  });

  it("refuses to retract twice, and to correct a retracted event", () => {
    const { db, staff } = freshMemoryDatabase();
    const { ids } = employerWith(db, staff, [{ event: "pledged", effectiveOn: "2019-01-01" }]);
    retractEvent(db, ids[0], "a mistake", staff);
    const before = contentHash(db.$client);
    expect(() => retractEvent(db, ids[0], "again", staff)).toThrow(
      /already retracted on \d{4}-\d{2}-\d{2}; nothing was changed/,
    );
    expect(() => correctEvent(db, ids[0], { note: "x" }, "r", staff)).toThrow(/was retracted on/);
    expect(contentHash(db.$client)).toBe(before);
  });

  it("refuses to retract the lapse a later reinstatement needs, and changes nothing", () => {
    const { db, staff } = freshMemoryDatabase();
    const { ids } = employerWith(db, staff, [
      { event: "accredited", effectiveOn: "2019-01-01" },
      { event: "lapsed", effectiveOn: "2020-01-01", reason: "not renewed" },
      { event: "reinstated", effectiveOn: "2021-01-01" },
    ]);
    const before = contentHash(db.$client);
    expect(() => retractEvent(db, ids[1], "a mistake", staff)).toThrow(
      `retracting event ${ids[1]} would leave the reinstatement on 1 January 2021 (event ${ids[2]}) with no lapse`,
    );
    expect(() => correctEvent(db, ids[1], { effectiveOn: "2022-01-01" }, "a mistake", staff)).toThrow(
      /would leave the reinstatement on 1 January 2021/,
    );
    expect(contentHash(db.$client)).toBe(before);
    // Retracting the reinstatement first, then the lapse, is allowed.
    retractEvent(db, ids[2], "a mistake", staff);
    retractEvent(db, ids[1], "a mistake", staff);
    expect(
      statusOfEmployer(db, must(getEmployer(db, "fictional-widgets-ltd"), "the employer").id, "2022-01-01")?.status,
    ).toBe("accredited");
  });
});

describe("an exact repeat of an event", () => {
  it("is refused by event add as import skips it: already recorded as event N", () => {
    const { db, staff } = freshMemoryDatabase();
    const { slug, ids } = employerWith(db, staff, [{ event: "accredited", effectiveOn: "2020-01-01" }]);
    const before = contentHash(db.$client);
    expect(() =>
      addEvent(
        db,
        slug,
        { event: "accredited", effectiveOn: "2020-01-01", rateArea: "london", sourceUrl: `${SOURCE}/0` },
        staff,
      ),
    ).toThrow(`already recorded as event ${ids[0]}`);
    expect(contentHash(db.$client)).toBe(before);
  });

  it("is refused at the command line with exit 1 and the tables unchanged", () => {
    const db = freshDatabaseFile();
    const add = [
      "event",
      "add",
      "barclays",
      "--event",
      "verified",
      "--date",
      "2024-01-02",
      "--source",
      `${SOURCE}/v`,
      "--as",
      "sam",
    ];
    const first = lwd(db, add);
    expect(first.code, first.stderr).toBe(0);
    const id = /event (\d+)/.exec(first.stderr)?.[1];
    const before = contentHash(db);
    const again = lwd(db, add);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining(`already recorded as event ${id}`)]);
    expect(contentHash(db)).toBe(before);
  });
});

describe("correcting and retracting a rate", () => {
  const newRate = (pence: number) => ({
    rateArea: "london",
    ratePence: pence,
    announcedOn: "2026-11-01",
    sourceUrl: `${SOURCE}/rate`,
  });

  it("refuses a new rate lower than the one before it, or more than 50% above it, unless confirmed", () => {
    const { db, staff } = freshMemoryDatabase();
    const before = contentHash(db.$client);
    expect(() => addRate(db, newRate(1400), staff)).toThrow(
      "£14.00 is lower than the London Living Wage before it (£14.80, announced 2025-10-22); check the amount, or add --confirm-unusual if it is right",
    );
    expect(() => addRate(db, newRate(2300), staff)).toThrow(
      /£23.00 is more than 50% above the London Living Wage before it/,
    );
    expect(contentHash(db.$client)).toBe(before);
    // 50% above exactly is still plausible.
    expect(addRate(db, newRate(2220), staff).ratePence).toBe(2220);
    const confirmed = addRate(db, { ...newRate(1400), announcedOn: "2026-11-02" }, staff, { confirmUnusual: true });
    expect(auditOf(db, "living_wage_rates", confirmed.id)[0]?.why).toBe(
      "confirmed as unusual (--confirm-unusual): £14.00 is lower than the London Living Wage before it (£22.20, announced 2026-11-01)",
    );
  });

  it("corrects a rate in place with the same checks, audited and listed, and the floor follows", () => {
    const { db, staff, campaigner } = freshMemoryDatabase();
    const rate = addRate(db, newRate(1540), staff);
    expect(() => correctRate(db, rate.id, { ratePence: 1550 }, "typo", campaigner)).toThrow(
      /only staff may correct rates/,
    );
    expect(() => correctRate(db, rate.id, { ratePence: 1550 }, "", staff)).toThrow(/say why/);
    expect(() => correctRate(db, rate.id, { ratePence: 100 }, "typo", staff)).toThrow(/£1.00 is lower than/);
    const { changed } = correctRate(
      db,
      rate.id,
      { ratePence: 1550, implementBy: "2027-04-01" },
      "the source says £15.50",
      staff,
    );
    expect(changed).toEqual(["rate", "implement-by"]);
    expect(rateInForce(db, "london", "2027-04-01")?.ratePence).toBe(1550);
    const [, update] = auditOf(db, "living_wage_rates", rate.id);
    expect([
      JSON.parse(String(update?.before)).ratePence,
      JSON.parse(String(update?.after)).ratePence,
      update?.why,
    ]).toEqual([1540, 1550, "the source says £15.50"]);
    expect(correctionsOf(db, "rate", rate.id)).toEqual([
      { kind: "corrected", why: "the source says £15.50", contributorId: staff.id },
    ]);
  });

  it("retracts a rate: it no longer counts for the floor or who is behind, is kept, and cannot be retracted twice", () => {
    const { db, staff } = freshMemoryDatabase();
    const rate = addRate(db, { ...newRate(1540), implementBy: "2026-11-20" }, staff);
    const { ids } = employerWith(db, staff, [{ event: "accredited", effectiveOn: "2020-01-01" }]);
    expect(behindAsOf(db, "2026-11-25").map((b) => b.dueRatePence)).toContain(1540);
    retractRate(db, rate.id, "announced in error", staff);
    expect(rateInForce(db, "london", "2026-11-25")?.ratePence).toBe(1480);
    expect(listRates(db, "london").map((r) => r.id)).not.toContain(rate.id);
    expect(listRates(db, "london", { withRetracted: true }).find((r) => r.id === rate.id)?.retractedAt).toBeTruthy();
    expect(behindAsOf(db, "2026-11-25").map((b) => b.dueRatePence)).not.toContain(1540);
    expect(() => retractRate(db, rate.id, "again", staff)).toThrow(/already retracted/);
    expect(correctionsOf(db, "rate", rate.id)).toEqual([
      { kind: "retracted", why: "announced in error", contributorId: staff.id },
    ]);
    // A retracted rate no longer blocks a rate announced the same day.
    expect(addRate(db, newRate(1550), staff).ratePence).toBe(1550);
    expect(ids).toHaveLength(1);
  });

  it("lists every correction, newest first, with the employer or rate it applied to", () => {
    const { db, staff } = freshMemoryDatabase();
    const { ids } = employerWith(db, staff, [{ event: "pledged", effectiveOn: "2019-01-01" }]);
    const rate = addRate(db, newRate(1540), staff);
    correctEvent(db, ids[0], { note: "from the annual report" }, "added the note", staff);
    retractRate(db, rate.id, "announced in error", staff);
    expect(latestCorrections(db)).toMatchObject([
      {
        subject: "rate",
        subjectId: rate.id,
        kind: "retracted",
        why: "announced in error",
        employer: null,
        ratePence: 1540,
      },
      { subject: "event", kind: "corrected", employer: { slug: "fictional-widgets-ltd" }, event: "pledged" },
    ]);
  });
});

describe("defect 2: lwd rates add --area london --rate 1.00 (the rate in force is £14.80)", () => {
  it("is refused with exit 1 and every table unchanged, with or without the other flags", () => {
    const db = freshDatabaseFile();
    const before = contentHash(db);
    const short = lwd(db, ["rates", "add", "--area", "london", "--rate", "1.00", "--as", "sam"]);
    expect([short.code, short.stderr]).toEqual([
      1,
      "lwd: rate: £1.00 is lower than the London Living Wage before it (£14.80, announced 2025-10-22); check the amount, or add --confirm-unusual if it is right\n",
    ]);
    const full = lwd(db, [
      ...["rates", "add", "--area", "london", "--rate", "1.00", "--announced", "2026-11-01"],
      ...["--source", `${SOURCE}/rate`, "--as", "sam"],
    ]);
    expect([full.code, full.stderr]).toEqual([
      1,
      expect.stringContaining("£1.00 is lower than the London Living Wage"),
    ]);
    expect(contentHash(db)).toBe(before);
  });

  it("goes in with --confirm-unusual, which the audit log records", () => {
    const db = freshDatabaseFile();
    const r = lwd(db, [
      ...["rates", "add", "--area", "uk", "--rate", "20.50", "--announced", "2026-11-01", "--confirm-unusual"],
      ...["--source", `${SOURCE}/rate`, "--as", "sam", "--json"],
    ]);
    expect(r.code, r.stderr).toBe(0);
    const sqlite = new Database(db, { readonly: true });
    const why = sqlite
      .prepare("SELECT why FROM audit_log WHERE table_name = 'living_wage_rates' AND row_id = ?")
      .pluck()
      .get(String(JSON.parse(r.stdout).id));
    sqlite.close();
    expect(why).toMatch(
      /^confirmed as unusual \(--confirm-unusual\): £20.50 is more than 50% above the UK Living Wage/,
    );
  });
});

describe("the correction commands", () => {
  it("correct and retract events and rates for staff, with --why, and list their ids", () => {
    const db = freshDatabaseFile();
    const shown = lwd(db, ["employer", "show", "barclays", "--json"]);
    const [first] = JSON.parse(shown.stdout).events as { id: number; effectiveOn: string }[];
    const id = String(first?.id);
    const noWhy = lwd(db, ["event", "correct", id, "--note", "x", "--as", "sam"]);
    expect([noWhy.code, noWhy.stderr]).toEqual([2, expect.stringContaining("event correct needs --why")]);
    const campaigner = lwd(db, ["event", "correct", id, "--note", "x", "--why", "r", "--as", "cam"]);
    expect([campaigner.code, campaigner.stderr]).toEqual([1, expect.stringContaining("only staff may correct events")]);
    const notId = lwd(db, ["event", "retract", "barclays", "--why", "r", "--as", "sam"]);
    expect(notId.code).toBe(2);
    const ok = lwd(db, [
      "event",
      "correct",
      id,
      "--note",
      "from the annual report",
      "--why",
      "added the source's words",
      "--as",
      "sam",
    ]);
    expect([ok.code, ok.stderr]).toEqual([0, `Corrected event ${id}: note. The reason is published with it.\n`]);
    const text = lwd(db, ["employer", "show", "barclays"]).stdout;
    expect(text).toContain(`#${id}  ${first?.effectiveOn}`);
    expect(text).toMatch(/corrected on \d{4}-\d{2}-\d{2}: added the source's words/);
    const list = lwd(db, ["rates", "list", "--area", "london"]).stdout;
    expect(list.split("\n")[0]).toMatch(/^id\s+area\s+rate/);
    const rateId = /^(\d+)\s+london\s+£14\.80/m.exec(list)?.[1] ?? "";
    const retracted = lwd(db, ["rates", "retract", rateId, "--why", "checking retraction", "--as", "sam"]);
    expect(retracted.code, retracted.stderr).toBe(0);
    expect(lwd(db, ["rates", "list", "--area", "london"]).stdout).toMatch(
      new RegExp(`^${rateId}\\s+london\\s+£14\\.80 \\(retracted`, "m"),
    );
    const twice = lwd(db, ["rates", "retract", rateId, "--why", "again", "--as", "sam"]);
    expect([twice.code, twice.stderr]).toEqual([1, expect.stringContaining("already retracted")]);
  });
});

describe("a corrected or retracted event, as the public sees it", () => {
  it('shows on the employer page and in its JSON twin as "corrected on DATE: reason", the retracted one struck through', () => {
    const { db, staff } = freshMemoryDatabase();
    const { slug, ids } = employerWith(db, staff, [
      { event: "pledged", effectiveOn: "2019-01-01" },
      { event: "accredited", effectiveOn: "2020-01-01", workersCovered: "40" },
    ]);
    correctEvent(db, ids[0], { effectiveOn: "2019-02-01" }, "the source gives <February>", staff);
    retractEvent(db, ids[1], "the accreditation was another employer's", staff);
    const employer = must(getEmployer(db, slug, "2021-01-01"), "the employer");
    const today = formatDate(new Date().toISOString());
    const body = employerBodyHtml(employer, employer.events, undefined, {
      asOf: "2021-01-01",
      base: "/",
      site: "https://example.org/",
      correctionsContact: "corrections@example.org",
      rates: listRates(db),
    }).toString();
    const { document } = parseHTML(`<main>${body}</main>`);
    const item = (id: number) => must(document.getElementById(`event-${id}`), `the event ${id}`);
    expect(item(ids[0]).textContent).toContain(`This event was corrected on ${today}: the source gives <February>`);
    expect(item(ids[0]).querySelector("del")).toBeNull();
    const retracted = item(ids[1]);
    expect(retracted.querySelector("del")?.textContent).toContain("Accredited");
    expect([...retracted.querySelectorAll(".timeline-correction")].map((p) => p.textContent)).toEqual([
      `This event was retracted on ${today}: the accreditation was another employer's`,
      "It no longer counts towards the status or the figures.",
    ]);
    // The status and the figures no longer count the retracted accreditation.
    expect(document.querySelector(".verdict-sentence")?.textContent).toMatch(/^Pledged to pay the Living Wage since/);
    expect(document.body.textContent).not.toContain("Workers covered");
    const twin = JSON.parse(JSON.stringify(toPublished(employer, employer.events, [], "2021-01-01", listRates(db))));
    expect(twin.events[0].corrections).toEqual([
      {
        kind: "corrected",
        at: expect.any(String),
        why: "the source gives <February>",
        text: `corrected on ${today}: the source gives <February>`,
      },
    ]);
    expect(twin.events[1]).toMatchObject({
      retractedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      corrections: [{ kind: "retracted", text: `retracted on ${today}: the accreditation was another employer's` }],
    });
  });
});
