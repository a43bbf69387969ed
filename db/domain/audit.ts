/** The audit log: every insert, update and delete made through the tool, with who, when and why. */
import type { Db } from "../client.ts";
import { auditLog } from "../schema.ts";

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
