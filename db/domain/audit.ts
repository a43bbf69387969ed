/** The audit log: every insert, update and delete made through the tool, with who, when and why. */
import type { Db } from "../client.ts";

export type AuditAction = "insert" | "update" | "delete";

/** Records one change; call inside the same transaction as the change itself. */
export function recordAudit(
  db: Db,
  entry: {
    table: string;
    rowId: string | number;
    action: AuditAction;
    before?: unknown;
    after?: unknown;
    contributorId: number | null;
    why?: string | null;
  },
): void {
  db.$client
    .prepare(
      "INSERT INTO audit_log (table_name, row_id, action, before, after, contributor_id, why) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .run(
      entry.table,
      String(entry.rowId),
      entry.action,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.contributorId,
      entry.why ?? null,
    );
}
