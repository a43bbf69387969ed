/** Contributors: who may write, and in which role. */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { InputError, UsageError } from "../errors.ts";
import { contributors } from "../schema.ts";
import { contributorInput, describeIssues } from "../validation.ts";
import { recordAudit } from "./audit.ts";

/** Who a write is made as: the contributor's id, handle, name and role. */
/**
 * The contributor that the bundled, sourced seed rows are recorded by: loading the seed is not a change made by a
 * person, so an employer's "last changed" leaves it out.
 */
export const SEED_HANDLE = "seed";

export type Contributor = Pick<typeof contributors.$inferSelect, "id" | "handle" | "name" | "role">;

const CONTRIBUTOR_FIELDS = {
  id: contributors.id,
  handle: contributors.handle,
  name: contributors.name,
  role: contributors.role,
};

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
  const row = db
    .select(CONTRIBUTOR_FIELDS)
    .from(contributors)
    .where(eq(contributors.handle, handle.trim().toLowerCase()))
    .get();
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
  const hasStaff =
    db.select({ id: contributors.id }).from(contributors).where(eq(contributors.role, "staff")).limit(1).get() !==
    undefined;
  const actor =
    hasStaff || asHandle ? requireContributor(db, asHandle, { staff: true, action: "add contributors" }) : null;
  if (!hasStaff && !actor && parsed.data.role !== "staff")
    throw new InputError([{ field: "role", message: "the first contributor added without --as must be staff" }]);
  if (db.select({ id: contributors.id }).from(contributors).where(eq(contributors.handle, parsed.data.handle)).get())
    throw new InputError([{ field: "handle", message: `"${parsed.data.handle}" is already taken` }]);
  return db.$client.transaction(() => {
    const d = parsed.data;
    const row = db
      .insert(contributors)
      .values({
        handle: d.handle,
        name: d.name,
        email: d.email ?? null,
        role: d.role,
        organisation: d.organisation ?? null,
        isCredited: Boolean(d.isCredited),
      })
      .returning(CONTRIBUTOR_FIELDS)
      .get();
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
export function listContributors(db: Db): (Contributor & Pick<typeof contributors.$inferSelect, "organisation">)[] {
  return db
    .select({ ...CONTRIBUTOR_FIELDS, organisation: contributors.organisation })
    .from(contributors)
    .orderBy(asc(contributors.handle))
    .all();
}
