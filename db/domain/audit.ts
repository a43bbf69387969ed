/** The audit log: every insert, update and delete made through the tool, with who, when and why. */
import type { Db } from "../client.ts";
import { auditLog, DEFAULT_SCHEME } from "../schema.ts";
import type { EmployerDetails, EmployerEvent } from "./employers.ts";

export type AuditAction = (typeof auditLog.$inferInsert)["action"];

/** Records one change; call inside the same transaction as the change itself. */
export function recordAudit(
  db: Db,
  entry: {
    table: string;
    rowId: string | number;
    action: AuditAction;
    /** The row's fields before and after the change, as objects (stored as their JSON). */
    before?: object;
    after?: object;
    contributorId: number | null;
    why?: string | null;
  },
): void {
  // before and after are JSON columns: drizzle stores JSON.stringify of each, and SQL null when there is none.
  db.insert(auditLog)
    .values({
      tableName: entry.table,
      rowId: String(entry.rowId),
      action: entry.action,
      before: entry.before ?? null,
      after: entry.after ?? null,
      contributorId: entry.contributorId,
      why: entry.why ?? null,
    })
    .run();
}

/**
 * A new employer as every writer records it in the audit log (the tool, the importer, the seed, the generator): its
 * slug and its own details, always in this order. The importer builds the same JSON in SQL.
 */
export function newEmployerRecord(slug: string, d: EmployerDetails): object {
  return {
    slug,
    name: d.name,
    companiesHouseNumber: d.companiesHouseNumber,
    sectorCode: d.sectorCode,
    areaCode: d.areaCode,
    sizeCode: d.sizeCode,
    website: d.website,
  };
}

/** An event's fields in the table's column order. */
export const EVENT_RECORD_FIELDS = [
  "event",
  "scheme",
  "effectiveOn",
  "rateArea",
  "ratePence",
  "workersCovered",
  "workersUplifted",
  "sourceUrl",
  "note",
  "reason",
] as const;

type NewEvent = Pick<EmployerEvent, "event" | "effectiveOn" | "rateArea" | "sourceUrl"> &
  Partial<Pick<EmployerEvent, "scheme" | "ratePence" | "workersCovered" | "workersUplifted" | "note" | "reason">>;

/**
 * A new event as every writer records it in the audit log: its fields in the table's column order, absent ones left
 * out. The importer builds the same JSON in SQL.
 */
export function newEventRecord(employerId: number, e: NewEvent): object {
  // JSON.stringify leaves out undefined: an absent figure, note or reason is not written as null, nor is the
  // default scheme, so records written before schemes existed read the same as new ones.
  const fields = { ...e, scheme: e.scheme === DEFAULT_SCHEME ? undefined : e.scheme };
  return { employerId, ...Object.fromEntries(EVENT_RECORD_FIELDS.map((field) => [field, fields[field] ?? undefined])) };
}
