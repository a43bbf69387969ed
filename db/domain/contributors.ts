/** Contributors: who may write, and in which role. */
import type { Db } from "../client.ts";
import { InputError, UsageError } from "../errors.ts";
import { contributorInput, describeIssues } from "../validation.ts";
import { recordAudit } from "./audit.ts";

export interface Contributor {
  id: number;
  handle: string;
  name: string;
  role: "campaigner" | "staff";
}

/** The contributor a write is made as; refuses an unknown or missing handle. */
export function requireContributor(
  db: Db,
  handle: string | undefined,
  options: { staff?: boolean; action?: string } = {},
): Contributor {
  if (!handle)
    throw new UsageError(
      "say who is making this change: --as HANDLE (or set LWD_AS); `lwd contributor list` shows the handles",
    );
  const row = db.$client
    .prepare("SELECT id, handle, name, role FROM contributors WHERE handle = ?")
    .get(handle.trim().toLowerCase()) as Contributor | undefined;
  if (!row)
    throw new InputError([
      {
        field: "as",
        message: `"${handle}" is not a known contributor; a member of staff can add one with \`lwd contributor add\``,
      },
    ]);
  if (options.staff && row.role !== "staff")
    throw new InputError([
      { field: "as", message: `only staff may ${options.action ?? "do this"}; "${row.handle}" is a campaigner` },
    ]);
  return row;
}

/** Adds a contributor. Staff only, except the first staff member of a database. */
export function addContributor(db: Db, input: unknown, asHandle: string | undefined): Contributor {
  const parsed = contributorInput.safeParse(input);
  if (!parsed.success) throw new InputError(describeIssues(parsed.error));
  const sqlite = db.$client;
  const hasStaff = sqlite.prepare("SELECT 1 FROM contributors WHERE role = 'staff' LIMIT 1").get() !== undefined;
  const actor =
    hasStaff || asHandle ? requireContributor(db, asHandle, { staff: true, action: "add contributors" }) : null;
  if (!hasStaff && !actor && parsed.data.role !== "staff")
    throw new InputError([{ field: "role", message: "the first contributor added without --as must be staff" }]);
  if (sqlite.prepare("SELECT 1 FROM contributors WHERE handle = ?").get(parsed.data.handle))
    throw new InputError([{ field: "handle", message: `"${parsed.data.handle}" is already taken` }]);
  return sqlite.transaction(() => {
    const d = parsed.data;
    const row = sqlite
      .prepare(
        "INSERT INTO contributors (handle, name, email, role, organisation, is_credited) VALUES (?, ?, ?, ?, ?, ?) RETURNING id, handle, name, role",
      )
      .get(d.handle, d.name, d.email ?? null, d.role, d.organisation ?? null, d.isCredited ? 1 : 0) as Contributor;
    recordAudit(db, {
      table: "contributors",
      rowId: row.id,
      action: "insert",
      after: { handle: d.handle, role: d.role },
      contributorId: actor?.id ?? row.id,
    });
    return row;
  })();
}

/** Every contributor, for `lwd contributor list` (emails stay out of it). */
export function listContributors(db: Db): (Contributor & { organisation: string | null })[] {
  return db.$client
    .prepare("SELECT id, handle, name, role, organisation FROM contributors ORDER BY handle")
    .all() as (Contributor & { organisation: string | null })[];
}
