/**
 * Questions at a terminal: the fields a command was not given, and what to do about a likely duplicate.
 * Each answer is checked as it is typed with the same zod schemas the command uses.
 */
import * as p from "@clack/prompts";
import type { z } from "zod";
import type { Lookups } from "../../db/domain/lookups.ts";
import { todayIso } from "../../db/dates.ts";
import { firstIssue, InputError, UsageError } from "../../db/errors.ts";
import { EVENT_HINTS, RATE_AREA_LABELS, SCHEME_LABELS } from "../../db/labels.ts";
import { DEFAULT_SCHEME, EVENT_KINDS, SCHEMES } from "../../db/schema.ts";

/** Prompts only when a person is there to answer: stdin and stdout are terminals and no JSON was asked for. */
export function canPrompt(options: { json?: boolean }): boolean {
  return !options.json && !!process.stdin.isTTY && !!process.stdout.isTTY;
}

/** Refuses to go on without the named flags when nobody can be asked for them. */
export function requireFlags(command: string, missing: string[]): void {
  if (missing.length)
    throw new UsageError(
      `${command} needs ${missing.join(", ")} (run it at a terminal to be asked for ${missing.length === 1 ? "it" : "them"})`,
    );
}

function answered<T>(value: T | symbol): Exclude<T, symbol> {
  if (p.isCancel(value) || typeof value === "symbol") {
    p.cancel("Cancelled; nothing was changed.");
    throw new InputError("cancelled at the prompt; nothing was changed");
  }
  return value as Exclude<T, symbol>;
}

/** The first zod message for a value, or undefined when it passes: clack's validate contract. */
const check =
  (schema: z.ZodType, optional = false) =>
  (value: string | undefined) => {
    if (optional && !value?.trim()) return undefined;
    const r = schema.safeParse(value ?? "");
    return r.success ? undefined : firstIssue(r.error);
  };

/** Asks for free text, checked as typed; blank allowed when optional. */
export async function askText(
  message: string,
  schema: z.ZodType,
  options: { optional?: boolean; placeholder?: string } = {},
): Promise<string | undefined> {
  const value = answered(
    await p.text({
      message: options.optional ? `${message} (optional: Enter to skip)` : message,
      placeholder: options.placeholder,
      validate: check(schema, options.optional),
    }),
  );
  return value?.trim() ? value.trim() : undefined;
}

/** Asks for the employer fields not given as flags. */
/** One choice from a long list, narrowed as the user types. */
async function pickFrom(message: string, options: { value: string; label: string; hint?: string }[]): Promise<string> {
  return answered(await p.autocomplete({ message, options, maxItems: 10 }));
}

export async function askEmployer(
  given: { name?: string; sector?: string; area?: string; size?: string; companyNumber?: string; website?: string },
  lookups: Lookups,
  schemas: { name: z.ZodType; companyNumber: z.ZodType; website: z.ZodType },
) {
  p.intro("Add an employer");
  const name =
    given.name ?? (await askText("Employer's name", schemas.name, { placeholder: "as it is known to the public" }));
  const sector =
    given.sector ??
    (await pickFrom(
      "Sector (type to filter)",
      lookups.sectors.map((s) => ({ value: s.code, label: `${s.code}  ${s.name}` })),
    ));
  const area =
    given.area ??
    (await pickFrom(
      "Area: London borough, or UK region or nation (type to filter)",
      lookups.areas.map((a) => ({ value: a.code, label: a.name, hint: RATE_AREA_LABELS[a.rateArea] })),
    ));
  const size =
    given.size ??
    answered(
      await p.select({
        message: "Size",
        options: [{ value: "", label: "Not known" }, ...lookups.sizes.map((s) => ({ value: s.code, label: s.name }))],
      }),
    );
  const companyNumber =
    given.companyNumber ??
    (await askText("Companies House number", schemas.companyNumber, { optional: true, placeholder: "01234567" }));
  const website =
    given.website ?? (await askText("Website", schemas.website, { optional: true, placeholder: "https://" }));
  return { name, sector, area, size: size || undefined, companyNumber, website };
}

/** Asks for the event fields not given as flags. */
export async function askEvent(
  given: {
    event?: string;
    scheme?: string;
    date?: string;
    source?: string;
    rate?: string;
    reason?: string;
    workersCovered?: string;
  },
  employerName: string,
  /** `rate` is given the date, so the floor it checks against is the living wage in force then. */
  schemas: {
    date: z.ZodType;
    source: z.ZodType;
    rate: (date: string) => z.ZodType;
    count: z.ZodType;
    reason: z.ZodType;
  },
) {
  p.intro(`Record an event for ${employerName}`);
  const event =
    given.event ??
    answered(
      await p.select({
        message: "What happened",
        options: EVENT_KINDS.map((k) => ({ value: k as string, label: k.replace(/_/g, " "), hint: EVENT_HINTS[k] })),
      }),
    );
  const scheme =
    given.scheme ??
    answered(
      await p.select({
        message: "Which scheme",
        initialValue: DEFAULT_SCHEME as string,
        options: SCHEMES.map((k) => ({ value: k as string, label: SCHEME_LABELS[k] })),
      }),
    );
  const date =
    given.date ??
    (await askText("Date it took effect (YYYY-MM-DD)", schemas.date, {
      placeholder: todayIso(),
    }));
  const source =
    given.source ?? (await askText("Source: where this is published", schemas.source, { placeholder: "https://" }));
  const rate =
    event === "rate_implemented"
      ? (given.rate ??
        (await askText("Hourly rate moved to, in pounds", schemas.rate(date ?? ""), { placeholder: "14.80" })))
      : given.rate;
  const reason = ["lapsed", "revoked", "withdrawn"].includes(event)
    ? (given.reason ?? (await askText(`Why was it ${event}?`, schemas.reason)))
    : given.reason;
  const workersCovered = given.workersCovered ?? (await askText("Workers covered", schemas.count, { optional: true }));
  return { event, scheme, date, source, rate, reason, workersCovered };
}

/** Asks whether a likely duplicate is the same employer: the slug to use, "new", or a refusal to go on. */
export async function askDuplicate(
  name: string,
  matches: { slug: string | null; name: string; because: string; isCompanyNumber: boolean }[],
  where?: string,
): Promise<{ use: string } | "new"> {
  p.log.warn(
    `${where ? `${where}: ` : ""}"${name}" looks like an employer already known:\n${matches.map((m) => `  ${m.name}${m.slug ? ` (${m.slug})` : ""}: ${m.because}`).join("\n")}`,
  );
  const mayCreate = !matches.some((m) => m.isCompanyNumber);
  const choice = answered(
    await p.select<string>({
      message: `Is "${name}" one of these?`,
      options: [
        ...matches.flatMap((m) =>
          m.slug ? [{ value: `use:${m.slug}`, label: `Yes: use ${m.name}`, hint: m.slug }] : [],
        ),
        ...(mayCreate ? [{ value: "new", label: "No: it is a different employer, add it" }] : []),
        { value: "stop", label: "Stop; change nothing" },
      ],
    }),
  );
  if (choice === "stop") {
    p.cancel("Stopped; nothing was changed.");
    throw new InputError([
      {
        field: "name",
        message: `"${name}" may duplicate a known employer; stopped at the prompt, nothing was changed`,
      },
    ]);
  }
  return choice === "new" ? "new" : { use: choice.slice(4) };
}
