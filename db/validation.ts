/**
 * Input shapes, derived from the drizzle tables with drizzle-zod and refined with the rules a person would
 * expect to be told about in plain words. The CLI, the importer and the submit form all validate here.
 */
import { createInsertSchema } from "drizzle-zod";
import { z } from "zod";
import { FIRST_EVENT_DATE, isRealIsoDate, todayIso } from "./dates.ts";
import {
  commitmentEvents,
  contributors,
  employers,
  livingWageRates,
  EVENT_KINDS,
  RATE_AREAS,
  ROLES,
  SCHEMES,
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

/** The columns an import file must have; any other may be left out of its header. */
export const REQUIRED_IMPORT_COLUMNS = ["name", "sector", "area", "event", "date", "source_url"] as const;

/** Schema field names to the names a person types (the import columns and the CLI's flags), for error messages. */
export const FIELD_NAMES: Record<string, (typeof IMPORT_COLUMNS)[number] | "scheme"> = {
  name: "name",
  companiesHouseNumber: "companies_house_number",
  sectorCode: "sector",
  sizeCode: "size",
  areaCode: "area",
  website: "website",
  event: "event",
  scheme: "scheme",
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

const isRealDate = remembered(isRealIsoDate);

/** An ISO calendar date that exists (2010-02-30 does not). */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD, such as 2011-05-12")
  .refine(isRealDate, "is not a real calendar date");

/** A date that is not after today: events record what has happened. */
export const pastDate = isoDate.refine((s) => s <= todayIso(), {
  message: "is in the future; record events once they have happened",
});

/**
 * An event's date: from the campaign's first year to today. A year before 2001 is refused, as nobody pledged to a
 * living wage before the London campaign began, and such a year (0024) is a typing mistake.
 */
export const eventDate = pastDate.refine((s) => !isRealDate(s) || s >= FIRST_EVENT_DATE, {
  message: `is before ${FIRST_EVENT_DATE}, when the London living wage campaign began; check the year`,
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

/**
 * Characters no person means to type, refused in every text field: C0 controls (other than tab and line breaks),
 * DEL and the C1 controls, which would make the feed's XML ill-formed or drive a terminal, and Unicode's
 * noncharacters (U+FDD0–U+FDEF and the last two code points of every plane). Unpaired surrogates are refused too
 * (isWellFormed): they are not text at all.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is what this pattern is for
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF]/;
/** Whether `s` holds a character no person means to type (see CONTROL; U+xFFFE and U+xFFFF end every plane). */
const hasControl = (s: string) =>
  !s.isWellFormed() ||
  CONTROL.test(s) ||
  // Their last UTF-16 unit is always FFFE/FFFF or DFFE/DFFF, so most text is cleared without looking at each character.
  (/[\uFFFE\uFFFF\uDFFE\uDFFF]/.test(s) && [...s].some((ch) => ((ch.codePointAt(0) ?? 0) & 0xfffe) === 0xfffe));
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\r\n\t]/.test(s) && !hasControl(s), "must be one line of text without control characters")
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
    .refine((s) => !hasControl(s), "must not contain control characters");
/** Why staff corrected or retracted a record: free text, published with the correction. */
export const correctionReason = freeText(NOTE_MAX);
/** Decimal digits, with or without thousands separators: "1200", "1,200". Nothing else a parser might read as a number. */
const COUNT_DIGITS = /^-?(\d+|\d{1,3}(,\d{3})+)$/;
/** A count of workers: a whole number, not negative, written in decimal digits (0x10, 1e3 and 2.5 are refused). */
export const workerCount = z.preprocess(
  (v) => (typeof v === "string" && COUNT_DIGITS.test(v.trim()) ? Number(v.trim().replace(/,/g, "")) : v),
  z
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(0, "must not be negative")
    .max(10_000_000, "is larger than any employer's workforce"),
);

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
  // Only pounds: "99p" is refused rather than read as £99.
  .transform((s) => s.replace(/^£/, ""))
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
  scheme: () => z.enum(SCHEMES, { error: `must be one of ${SCHEMES.join(", ")}` }).default("living_wage"),
  effectiveOn: () => eventDate,
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
    scheme: true,
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
  organisation: () => freeText(200).nullish(),
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
