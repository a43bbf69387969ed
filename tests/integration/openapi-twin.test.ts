/**
 * The seed has no corrected event, no service and no scheme but Living Wage, so the browser test of openapi.json
 * cannot see those parts of a twin: here an employer with all of them is published and checked against the document.
 */
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { addEmployer, getEmployer } from "../../db/domain/employers.ts";
import { addEvent, correctEvent, retractEvent } from "../../db/domain/events.ts";
import { listRates } from "../../db/domain/rates.ts";
import { must } from "../../db/errors.ts";
import { DATA_LICENCE } from "../../src/lib/config.ts";
import { openApiDocument } from "../../src/lib/openapi.ts";
import { absoluteUrls, toPublished } from "../../src/lib/publish.ts";
import { freshMemoryDatabase } from "./cli-support.ts";

// Both packages are CommonJS with a default export; under ESM it may arrive wrapped once more.
const Ajv2020 = (Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module;
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

describe("an employer's JSON twin and openapi.json", () => {
  it("agree for an employer with services, two schemes, a corrected and a retracted event", () => {
    const { db, staff } = freshMemoryDatabase();
    const { slug } = addEmployer(
      db,
      { name: "Fictional Cleaners Ltd", sectorCode: "N", areaCode: "Camden" },
      [],
      staff,
      {
        services: ["cleaning"],
      },
    );
    const source = "https://example.org/fictional";
    const add = (e: Record<string, unknown>) =>
      addEvent(db, slug, { rateArea: "london", sourceUrl: source, ...e }, staff).id;
    const pledged = add({ event: "pledged", effectiveOn: "2019-01-01" });
    add({ event: "accredited", effectiveOn: "2020-01-01", workersCovered: "40" });
    add({ event: "accredited", scheme: "living_hours", effectiveOn: "2020-06-01", sourceUrl: `${source}/hours` });
    const verified = add({ event: "verified", effectiveOn: "2021-01-01", sourceUrl: `${source}/check` });
    correctEvent(db, pledged, { effectiveOn: "2019-02-01" }, "the source gives February", staff);
    retractEvent(db, verified, "the check was of another employer", staff);

    const employer = must(getEmployer(db, slug, "2021-06-01"), "the employer");
    const published = toPublished(employer, employer.events, [], "2021-06-01", listRates(db));
    const twin = JSON.parse(
      JSON.stringify({ ...absoluteUrls(published, "https://example.org/"), licence: DATA_LICENCE }),
    ) as Record<string, unknown>;
    expect(twin.services).toEqual(["cleaning"]);
    expect((twin.schemes as unknown[]).length).toBe(2);
    const events = twin.events as { corrections?: unknown[]; retractedAt: string | null }[];
    expect(events.filter((e) => e.corrections).length).toBe(2);
    expect(events.filter((e) => e.retractedAt).length).toBe(1);

    const doc = openApiDocument("https://example.org/") as { components: { schemas: Record<string, object> } };
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(must(doc.components.schemas.EmployerTwin, "the EmployerTwin schema"));
    const ok = validate(twin);
    expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath}: ${e.message}`)).toEqual([]);
  });
});
