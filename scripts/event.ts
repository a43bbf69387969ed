/** `lwd event add`: pledges, accreditations, rate moves and changes of status. */
import { addEvent } from "../db/domain/events.ts";
import { poundsToPence } from "../db/validation.ts";
import { InputError } from "../db/errors.ts";
import { dbFor, printJson, say, writerFor, type GlobalOptions } from "./context.ts";

export interface EventAddOptions extends GlobalOptions {
  event?: string;
  date?: string;
  rateArea?: string;
  rate?: string;
  workersCovered?: string;
  workersUplifted?: string;
  source?: string;
  note?: string;
  reason?: string;
}

/** Records one event for an employer. */
export function eventAdd(slug: string, options: EventAddOptions): void {
  const db = dbFor(options);
  const actor = writerFor(db, options);
  let ratePence: number | undefined;
  if (options.rate !== undefined) {
    const parsed = poundsToPence.safeParse(options.rate);
    if (!parsed.success) throw new InputError([{ field: "rate", message: parsed.error.issues[0]!.message }]);
    ratePence = parsed.data;
  }
  const rateArea =
    options.rateArea ??
    (db.$client.prepare("SELECT a.rate_area AS r FROM employers e JOIN areas a ON a.code = e.area_code WHERE e.slug = ?").get(slug) as { r: string } | undefined)?.r;
  const created = addEvent(
    db,
    slug,
    {
      event: options.event ?? "",
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
  else say(`Recorded ${options.event} on ${options.date} for ${slug} (event ${created.id}).`);
}
