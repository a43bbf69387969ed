/**
 * Input shapes, derived from the drizzle tables with drizzle-zod and refined with the rules a person would
 * expect to be told about in plain words. The CLI, the importer and the submit form all validate here.
 */
import { createInsertSchema } from "drizzle-zod";
import { z } from "zod";
import { isRealIsoDate, todayIso } from "./dates.ts";
import {
  commitmentEvents,
  contributors,
  employers,
  livingWageRates,
  EVENT_KINDS,
  RATE_AREAS,
  ROLES,
} from "./schema.ts";

export { todayIso } from "./dates.ts";

/** An event's columns in the import file and in `lwd export`'s CSV, in that order. */
export const EVENT_FILE_COLUMNS = [
  "event",
  "date",
  "rate_area",
  "hourly_rate",
  "workers_covered",
  "workers_uplifted",
  "source_url",
  "note",
] as const;

/** The columns of an import file, in the order the template gives them (DESIGN.md's interface). */
export const IMPORT_COLUMNS = [
  "name",
  "companies_house_number",
  "sector",
  "size",
  "area",
  "website",
  ...EVENT_FILE_COLUMNS,
] as const;

/** Schema field names to the names a person types (the import columns and the CLI's flags), for error messages. */
export const FIELD_NAMES: Record<string, (typeof IMPORT_COLUMNS)[number]> = {
  name: "name",
  companiesHouseNumber: "companies_house_number",
  sectorCode: "sector",
  sizeCode: "size",
  areaCode: "area",
  website: "website",
  event: "event",
  effectiveOn: "date",
  rateArea: "rate_area",
  ratePence: "hourly_rate",
  workersCovered: "workers_covered",
  workersUplifted: "workers_uplifted",
  sourceUrl: "source_url",
  note: "note",
};

export const NAME_MAX = 300;
export const NOTE_MAX = 2000;
export const URL_MAX = 2000;

/** A pure check that remembers its answers: an import asks about the same dates and sources thousands of times. */
function remembered(check: (s: string) => boolean): (s: string) => boolean {
  const answers = new Map<string, boolean>();
  return (s) => {
    let answer = answers.get(s);
    if (answer === undefined) {
      if (answers.size >= 10_000) answers.clear();
      answers.set(s, (answer = check(s)));
    }
    return answer;
  };
}

/** An ISO calendar date that exists (2010-02-30 does not). */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD, such as 2011-05-12")
  .refine(remembered(isRealIsoDate), "is not a real calendar date");

/** A date that is not after today: events record what has happened. */
export const pastDate = isoDate.refine((s) => s <= todayIso(), {
  message: "is in the future; record events once they have happened",
});

export const httpUrl = z
  .string()
  .trim()
  .max(URL_MAX, `must be at most ${URL_MAX} characters`)
  .refine(
    remembered((s) => {
      try {
        // The URL parser forgives "https:example.org"; the database's CHECK does not, so neither do we.
        if (!/^https?:\/\/[^/]/i.test(s)) return false;
        const u = new URL(s);
        return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.includes(".");
      } catch {
        return false;
      }
    }),
    "must be a web address starting with http:// or https://",
  );

/** Control characters (other than tab and line breaks) would make the feed's XML ill-formed, so they are refused. */
// eslint-disable-next-line no-control-regex -- matching control characters is what this pattern is for
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\r\n\t]/.test(s) && !CONTROL.test(s), "must be one line of text without control characters")
    .refine((s) => /[\p{L}\p{N}]/u.test(s), "must contain at least one letter or digit")
    // A name that is itself a web address is almost certainly a mistake, and some templates treat such values as URLs.
    .refine((s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s), "must be a name, not a web address");
/** A former or trading name: the same rules as a name. */
export const otherName = text(NAME_MAX);
/** Free text (notes, reasons): line breaks allowed, other control characters not. */
const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), "must not contain control characters");
/** A count of workers: a whole number, not negative. */
export const workerCount = z.coerce
  .number({ error: "must be a whole number" })
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(10_000_000, "is larger than any employer's workforce");

/** Companies House numbers are eight characters; spreadsheets drop leading zeros, so short numbers are padded. */
export const companyNumber = z
  .string()
  .trim()
  .toUpperCase()
  .transform((s) => (/^\d{1,7}$/.test(s) ? s.padStart(8, "0") : s))
  .pipe(
    z.string().regex(/^[A-Z0-9]{2}\d{6}$/, "must be a Companies House number: 8 digits, or 2 letters and 6 digits"),
  );

/** Hourly rate in pounds (`7.60`, `£7.60`, `7.6`) to integer pence. */
export const poundsToPence = z
  .string()
  .trim()
  .transform((s) => s.replace(/^£/, "").replace(/p$/, ""))
  .pipe(z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, "must be an hourly rate in pounds, such as 7.60 or £7.60"))
  .transform((s) => Math.round(Number(s) * 100));

export const employerInput = createInsertSchema(employers, {
  name: () => text(NAME_MAX),
  companiesHouseNumber: () => companyNumber.nullish(),
  sectorCode: () => z.string().trim().min(1, "is required"),
  sizeCode: () => z.string().trim().toLowerCase().nullish(),
  areaCode: () => z.string().trim().min(1, "is required"),
  website: () => httpUrl.nullish(),
}).pick({ name: true, companiesHouseNumber: true, sectorCode: true, sizeCode: true, areaCode: true, website: true });
export type EmployerInput = z.infer<typeof employerInput>;

export const eventInput = createInsertSchema(commitmentEvents, {
  event: () => z.enum(EVENT_KINDS, { error: `must be one of ${EVENT_KINDS.join(", ")}` }),
  effectiveOn: () => pastDate,
  rateArea: () => z.enum(RATE_AREAS, { error: "must be london or uk" }),
  ratePence: () => z.number().int().positive().nullish(),
  workersCovered: () => workerCount.nullish(),
  workersUplifted: () => workerCount.nullish(),
  sourceUrl: () => httpUrl,
  note: () => freeText(NOTE_MAX).nullish(),
  reason: () => freeText(NOTE_MAX).nullish(),
})
  .pick({
    event: true,
    effectiveOn: true,
    rateArea: true,
    ratePence: true,
    workersCovered: true,
    workersUplifted: true,
    sourceUrl: true,
    note: true,
    reason: true,
  })
  .superRefine((e, ctx) => {
    if (e.event === "rate_implemented" && e.ratePence == null)
      ctx.addIssue({
        code: "custom",
        path: ["ratePence"],
        message: "is required for rate_implemented: the hourly rate the employer moved to",
      });
    if (e.event !== "rate_implemented" && e.ratePence != null)
      ctx.addIssue({ code: "custom", path: ["ratePence"], message: "is only recorded with rate_implemented" });
    if (["lapsed", "revoked", "withdrawn"].includes(e.event) && !e.reason)
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: `is required for ${e.event}: say why the commitment ended`,
      });
    if (e.workersUplifted != null && e.workersCovered != null && e.workersUplifted > e.workersCovered)
      ctx.addIssue({ code: "custom", path: ["workersUplifted"], message: "cannot be more than workers covered" });
  });
export type EventInput = z.infer<typeof eventInput>;

export const contributorInput = createInsertSchema(contributors, {
  handle: () =>
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^[a-z0-9][a-z0-9_.-]{0,39}$/,
        "must be 1–40 characters: lowercase letters, digits, dot, dash or underscore",
      ),
  name: () => text(200),
  email: () => z.email("must be an email address").nullish(),
  role: () => z.enum(ROLES, { error: "must be campaigner or staff" }),
  organisation: () => z.string().trim().max(200).nullish(),
  isCredited: () => z.boolean().optional(),
}).pick({ handle: true, name: true, email: true, role: true, organisation: true, isCredited: true });
export type ContributorInput = z.infer<typeof contributorInput>;

export const rateInput = createInsertSchema(livingWageRates, {
  rateArea: () => z.enum(RATE_AREAS, { error: "must be london or uk" }),
  ratePence: () => z.number().int().positive("must be more than zero"),
  announcedOn: () => pastDate,
  announcedPrecision: () => z.enum(["day", "month", "year"]).default("day"),
  implementBy: () => isoDate.nullish(),
  sourceUrl: () => httpUrl,
  note: () => z.string().trim().max(NOTE_MAX).nullish(),
})
  .pick({
    rateArea: true,
    ratePence: true,
    announcedOn: true,
    announcedPrecision: true,
    implementBy: true,
    sourceUrl: true,
    note: true,
  })
  .refine((r) => !r.implementBy || r.implementBy >= r.announcedOn, {
    path: ["implementBy"],
    message: "must be on or after the announcement",
  });
export type RateInput = z.infer<typeof rateInput>;

/** Formats a zod error one way everywhere: `field: reason` per problem. */
export function describeIssues(
  error: z.ZodError,
  fieldNames: Record<string, string> = {},
): { field: string; message: string }[] {
  return error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "input");
    return { field: fieldNames[key] ?? key, message: issue.message };
  });
}
