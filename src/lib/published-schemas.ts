/**
 * One zod schema per JSON shape the site publishes (an employer's JSON twin, employers.json, figures.json). The
 * OpenAPI document at /data/openapi.json is generated from them, and the checks at the end make the TypeScript
 * types the code writes assignable to them (and back), so the document cannot drift from the files.
 */
import { z } from "zod";
import { CORRECTION_KINDS, EVENT_KINDS, RATE_AREAS, SCHEMES, STATUSES } from "../../db/enums.ts";
import type { Figures } from "../../db/domain/status.ts";
import type { absoluteUrls } from "./publish.ts";

const date = z.iso.date().describe("A date, YYYY-MM-DD.");
const timestamp = z.iso.datetime().describe("A time in UTC, ISO 8601.");
const url = z.url();
const count = z.int().min(0);
const pence = z.int().min(0).describe("An hourly rate in pence.");
const codeName = z.strictObject({ code: z.string(), name: z.string() });

/** A correction beside the event it changed. */
export const publishedCorrectionSchema = z.strictObject({
  kind: z.enum(CORRECTION_KINDS),
  at: timestamp,
  why: z.string(),
  text: z.string().describe("The sentence the employer page shows for the correction."),
});

/** A commitment event as published. */
export const publishedEventSchema = z.strictObject({
  id: count,
  event: z.enum(EVENT_KINDS),
  scheme: z.enum(SCHEMES),
  effectiveOn: date,
  rateArea: z.enum(RATE_AREAS).nullable(),
  ratePence: pence.nullable(),
  workersCovered: count.nullable(),
  workersUplifted: count.nullable(),
  sourceUrl: url,
  note: z.string().nullable(),
  reason: z.string().nullable(),
  recordedAt: timestamp,
  retractedAt: timestamp.nullable().describe("Set when staff retracted the event: it no longer counts."),
  corrections: z.array(publishedCorrectionSchema).optional(),
});

/** An employer as employers.json lists it: everything its JSON twin holds but the licence. */
export const publishedEmployerSchema = z.strictObject({
  url: url.describe("The employer's page."),
  jsonUrl: url.describe("This record as JSON."),
  slug: z.string(),
  name: z.string(),
  otherNames: z.array(z.string()),
  companiesHouseNumber: z.string().nullable(),
  sector: codeName,
  size: codeName.nullable(),
  area: codeName,
  website: z.string().nullable(),
  status: z.enum(STATUSES).nullable().describe("The Living Wage status on statusAsOf; null when none yet."),
  statusSince: date.nullable(),
  statusAsOf: date,
  rateArea: z.enum(RATE_AREAS).nullable(),
  schemes: z.array(
    z.strictObject({ scheme: z.enum(SCHEMES), status: z.enum(STATUSES), since: date, rateArea: z.enum(RATE_AREAS) }),
  ),
  services: z.array(z.string()),
  latestEvidence: z.strictObject({ on: date, sourceUrl: url, isOld: z.boolean() }).nullable(),
  mustPay: z
    .strictObject({
      ratePence: pence,
      rateArea: z.enum(RATE_AREAS),
      since: date,
      next: z.strictObject({ ratePence: pence, from: date }).nullable(),
    })
    .nullable()
    .describe("For an accredited employer: the hourly rate it must pay on statusAsOf."),
  rateThen: z
    .strictObject({ ratePence: pence, rateArea: z.enum(RATE_AREAS), on: date })
    .nullable()
    .describe("The rate in force in its rate area on statusSince."),
  createdAt: timestamp,
  lastChanged: timestamp.nullable(),
  formerSlugs: z.array(z.string()),
  events: z.array(publishedEventSchema),
});

/** The licence the data is offered under, as each file names it. */
export const licenceSchema = z.strictObject({ name: z.string(), shortName: z.string(), url });

/** /employers/SLUG.json. */
export const employerTwinSchema = publishedEmployerSchema.extend({ licence: licenceSchema });

/** /data/employers.json. */
export const employersFileSchema = z.strictObject({
  statusAsOf: date,
  lastUpdated: timestamp.nullable(),
  generatedAt: timestamp,
  licence: licenceSchema,
  source: url,
  employers: z.array(publishedEmployerSchema),
});

const breakdown = z.strictObject({ code: z.string(), name: z.string(), accreditedEmployers: count });

/** /figures/figures.json and /figures/YEAR/figures.json: the figures as `lwd figures --json` prints them. */
export const figuresSchema = z.strictObject({
  asOf: date,
  scheme: z.enum(SCHEMES),
  area: codeName.optional(),
  accreditedEmployers: count,
  pledgedEmployers: count,
  lapsedEmployers: count,
  revokedEmployers: count,
  withdrawnEmployers: count,
  workersCovered: count.nullable(),
  workersCoveredReason: z.string().nullable().describe("Why workersCovered is null."),
  workersUplifted: count.nullable(),
  workersUpliftedReason: z.string().nullable().describe("Why workersUplifted is null."),
  accreditedWithWorkerFigures: count,
  accreditedWithUpliftFigures: count,
  bySector: z.array(breakdown),
  byArea: z.array(breakdown),
  bySize: z.array(breakdown),
  byRateArea: z.array(breakdown),
  byScheme: z.array(
    z.strictObject({
      scheme: z.enum(SCHEMES),
      name: z.string(),
      accreditedEmployers: count,
      pledgedEmployers: count,
      lapsedEmployers: count,
      revokedEmployers: count,
      withdrawnEmployers: count,
    }),
  ),
});

// What the code writes must fit the schemas, field by field, and the schemas must name no field the code lacks.
type Published = ReturnType<typeof absoluteUrls>;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const typesMatch: [
  SameKeys<Figures, z.infer<typeof figuresSchema>>,
  SameKeys<Published, z.infer<typeof publishedEmployerSchema>>,
] = [true, true];
void typesMatch;
export const writtenFitsSchema = (
  f: Figures,
  e: Published,
): [z.infer<typeof figuresSchema>, z.infer<typeof publishedEmployerSchema>] => [f, e];
