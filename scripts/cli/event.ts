/** `lwd event add | correct | retract`: pledges, accreditations, rate moves and changes of status, and their corrections. */
import { employerNameAndRateArea } from "../../db/domain/employers.ts";
import { addEvent, correctEvent, retractEvent } from "../../db/domain/events.ts";
import { listRates } from "../../db/domain/rates.ts";
import { belowFloor } from "../../db/rate-floor.ts";
import { eventDate, httpUrl, poundsToPence, workerCount } from "../../db/validation.ts";
import { firstIssue, InputError, UsageError } from "../../db/errors.ts";
import { z } from "zod";
import { DEFAULT_SCHEME, type Scheme } from "../../db/enums.ts";
import { formatDate } from "../../db/dates.ts";
import { SCHEME_LABELS } from "../../db/labels.ts";
import { dbFor, printJson, say, writerFor, type GlobalOptions } from "./context.ts";
import { askEvent, canPrompt, requireFlags } from "./prompts.ts";

export interface EventAddOptions extends GlobalOptions {
  event?: string;
  scheme?: string;
  date?: string;
  rateArea?: string;
  rate?: string;
  workersCovered?: string;
  workersUplifted?: string;
  source?: string;
  note?: string;
  reason?: string;
}

/** The flags every event needs. */
function missingFlags(o: EventAddOptions): string[] {
  return [!o.event && "--event", !o.date && "--date", !o.source && "--source"].filter(Boolean) as string[];
}

/** Flags only some events need (a rate, a reason): asked for at a terminal, else reported by validation. */
function missingForEvent(o: EventAddOptions): boolean {
  return (
    (o.event === "rate_implemented" && !o.rate) ||
    (!!o.event && ["lapsed", "revoked", "withdrawn"].includes(o.event) && !o.reason)
  );
}

/** Records one event for an employer; missing fields are asked for at a terminal, else named in a usage error. */
export async function eventAdd(slug: string, options: EventAddOptions): Promise<void> {
  const db = dbFor(options);
  const actor = writerFor(db, options);
  const employer = employerNameAndRateArea(db, slug);
  if (!employer)
    throw new InputError([
      { field: "employer", message: `no employer has the slug "${slug}"; \`lwd employer find NAME\` finds it` },
    ]);
  const missing = missingFlags(options);
  if (missing.length && !canPrompt(options)) requireFlags("event add", missing);
  if (missing.length || (missingForEvent(options) && canPrompt(options))) {
    const reason = z.string().trim().min(1, "must not be empty: say why");
    const area = (options.rateArea ?? employer.rateArea) as "london" | "uk";
    // The same floor the event is checked against afterwards, so a rate too low is caught as it is typed.
    const rates = listRates(db, area);
    const rate = (date: string) =>
      poundsToPence.superRefine((pence, ctx) => {
        const problem = belowFloor(rates, area, date, pence);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      });
    options = {
      ...options,
      ...(await askEvent(options, employer.name, {
        date: eventDate,
        source: httpUrl,
        rate,
        count: workerCount,
        reason,
      })),
    };
  }
  let ratePence: number | undefined;
  if (options.rate !== undefined) {
    const parsed = poundsToPence.safeParse(options.rate);
    if (!parsed.success) throw new InputError([{ field: "rate", message: firstIssue(parsed.error) }]);
    ratePence = parsed.data;
  }
  const rateArea = options.rateArea ?? employer.rateArea;
  const created = addEvent(
    db,
    slug,
    {
      event: options.event ?? "",
      scheme: options.scheme,
      effectiveOn: options.date ?? "",
      rateArea,
      ratePence,
      workersCovered: options.workersCovered,
      workersUplifted: options.workersUplifted,
      sourceUrl: options.source ?? "",
      note: options.note,
      reason: options.reason,
    },
    actor,
  );
  if (options.json) printJson(created);
  else
    say(
      `Recorded ${options.event}${options.scheme && options.scheme !== DEFAULT_SCHEME ? ` (${SCHEME_LABELS[options.scheme as Scheme]})` : ""} on ${formatDate(options.date ?? "")} for ${slug} (event ${created.id}).`,
    );
}

export interface EventCorrectOptions extends EventAddOptions {
  /** The rate area, as `--area` (a synonym of `--rate-area`). */
  area?: string;
  why?: string;
}

/** An event id from the command line: digits only, else a usage error. */
export function eventId(id: string, command: string): number {
  if (!/^\d+$/.test(id.trim()))
    throw new UsageError(`${command} takes an event id (a number), not "${id}"; \`lwd employer show SLUG\` lists them`);
  return Number(id);
}

/** "" clears an optional field; anything else is kept for validation. */
const orNull = (value: string | undefined) => (value === undefined ? undefined : value.trim() === "" ? null : value);

/** Corrects fields of a recorded event in place (staff only, with --why); checked as `event add` checks a new one. */
export function eventCorrect(id: string, options: EventCorrectOptions): void {
  const eventNumber = eventId(id, "event correct");
  const rateArea = options.rateArea ?? options.area;
  const given = [
    options.event,
    options.scheme,
    options.date,
    rateArea,
    options.rate,
    options.workersCovered,
    options.workersUplifted,
    options.source,
    options.note,
    options.reason,
  ];
  if (given.every((v) => v === undefined))
    throw new UsageError(
      "event correct needs at least one change: --event, --scheme, --date, --rate-area, --rate, --workers-covered, --workers-uplifted, --source, --note or --reason",
    );
  if (!options.why?.trim())
    throw new UsageError('event correct needs --why "…": the reason is published with the correction');
  let ratePence: number | null | undefined;
  const rate = orNull(options.rate);
  if (typeof rate === "string") {
    const parsed = poundsToPence.safeParse(rate);
    if (!parsed.success) throw new InputError([{ field: "rate", message: `"${rate}" ${firstIssue(parsed.error)}` }]);
    ratePence = parsed.data;
  } else ratePence = rate;
  const db = dbFor(options);
  const actor = writerFor(db, options, { staff: true, action: "correct events" });
  const result = correctEvent(
    db,
    eventNumber,
    {
      event: options.event,
      scheme: options.scheme,
      effectiveOn: options.date,
      rateArea: rateArea?.toLowerCase(),
      ratePence,
      workersCovered: orNull(options.workersCovered),
      workersUplifted: orNull(options.workersUplifted),
      sourceUrl: options.source,
      note: orNull(options.note),
      reason: orNull(options.reason),
    },
    options.why,
    actor,
  );
  if (options.json) return printJson(result);
  say(`Corrected event ${result.id}: ${result.changed.join(", ")}. The reason is published with it.`);
}

/** Retracts a recorded event (staff only, with --why): it stops counting but stays in the history, marked. */
export function eventRetract(id: string, options: GlobalOptions & { why?: string }): void {
  const eventNumber = eventId(id, "event retract");
  if (!options.why?.trim())
    throw new UsageError('event retract needs --why "…": the reason is published with the retraction');
  const db = dbFor(options);
  const actor = writerFor(db, options, { staff: true, action: "retract events" });
  const result = retractEvent(db, eventNumber, options.why, actor);
  if (options.json) return printJson(result);
  say(`Retracted event ${result.id}: it no longer counts, and its page shows it struck through with the reason.`);
}
