/** The services an employer sells (a fixed lookup), so a buyer can find a Living Wage contractor. */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { InputError, type Problem } from "../errors.ts";
import { employerServices, employers } from "../schema.ts";
import { recordAudit } from "./audit.ts";
import type { Contributor } from "./contributors.ts";
import { NOW_SQL } from "./employers.ts";
import { isProblem, loadLookups, resolveLookup, type Lookup } from "./lookups.ts";

/** Every service, in name order. */
export function listServices(db: Db): Lookup[] {
  return loadLookups(db).services;
}

/** Reads services given by code or name; every unknown one is a problem with the closest known service. */
export function resolveServices(db: Db, values: string[], field: string): { codes: string[]; problems: Problem[] } {
  const all = listServices(db);
  const codes: string[] = [];
  const problems: Problem[] = [];
  for (const value of values) {
    const hit = resolveLookup(all, value, field, "service");
    if (isProblem(hit)) problems.push(hit);
    else if (!codes.includes(hit.code)) codes.push(hit.code);
  }
  return { codes, problems };
}

/** The codes of the services an employer sells. */
export function servicesOf(db: Db, employerId: number): string[] {
  return db
    .select({ code: employerServices.serviceCode })
    .from(employerServices)
    .where(eq(employerServices.employerId, employerId))
    .orderBy(asc(employerServices.serviceCode))
    .all()
    .map((r) => r.code);
}

/**
 * Adds and removes services of an employer, each change audited; returns what changed as "+cleaning", "-security".
 * Call inside the transaction of the change it belongs to.
 */
export function changeServices(
  db: Db,
  employerId: number,
  add: string[],
  remove: string[],
  actor: Contributor,
  why?: string,
): string[] {
  const have = new Set(servicesOf(db, employerId));
  const changed: string[] = [];
  for (const code of remove) {
    if (!have.has(code)) continue;
    db.delete(employerServices)
      .where(and(eq(employerServices.employerId, employerId), eq(employerServices.serviceCode, code)))
      .run();
    recordAudit(db, {
      table: "employer_services",
      rowId: `${employerId}:${code}`,
      action: "delete",
      before: { employerId, serviceCode: code },
      contributorId: actor.id,
      why,
    });
    have.delete(code);
    changed.push(`-service ${code}`);
  }
  for (const code of add) {
    if (have.has(code)) continue;
    db.insert(employerServices).values({ employerId, serviceCode: code }).run();
    recordAudit(db, {
      table: "employer_services",
      rowId: `${employerId}:${code}`,
      action: "insert",
      after: { employerId, serviceCode: code },
      contributorId: actor.id,
      why,
    });
    have.add(code);
    changed.push(`+service ${code}`);
  }
  if (changed.length) db.update(employers).set({ updatedAt: NOW_SQL }).where(eq(employers.id, employerId)).run();
  return changed;
}

/** Throws the problems of services that are not in the lookup. */
export function requireServices(db: Db, values: string[] | undefined, field: string): string[] {
  const { codes, problems } = resolveServices(db, values ?? [], field);
  if (problems.length) throw new InputError(problems);
  return codes;
}
