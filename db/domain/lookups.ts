/** Sectors, areas, size bands and services: checks that name the closest known value when a code is wrong. */
import { distance } from "fastest-levenshtein";
import { asc } from "drizzle-orm";
import type { Db } from "../client.ts";
import type { Problem } from "../errors.ts";
import { areas, sectors, services, sizeBands } from "../schema.ts";

/** A sector or size band: its code and name. */
export type Lookup = Pick<typeof sectors.$inferSelect, "code" | "name">;
/** An area, with its kind and the rate area (London or the rest of the UK) that applies there. */
export type Area = typeof areas.$inferSelect;

export interface Lookups {
  sectors: Lookup[];
  areas: Area[];
  sizes: Lookup[];
  services: Lookup[];
}

/** All lookup rows; small tables, read once per command. */
export function loadLookups(db: Db): Lookups {
  return {
    sectors: db.select({ code: sectors.code, name: sectors.name }).from(sectors).orderBy(asc(sectors.code)).all(),
    areas: db
      .select({ code: areas.code, name: areas.name, kind: areas.kind, rateArea: areas.rateArea })
      .from(areas)
      .orderBy(asc(areas.name))
      .all(),
    sizes: db
      .select({ code: sizeBands.code, name: sizeBands.name })
      .from(sizeBands)
      .orderBy(asc(sizeBands.minEmployees))
      .all(),
    services: db.select({ code: services.code, name: services.name }).from(services).orderBy(asc(services.name)).all(),
  };
}

const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/**
 * Resolves a code or a name (case and punctuation aside) to a lookup row, or returns a problem that suggests
 * the closest known value.
 */
export function resolveLookup<T extends Lookup>(rows: T[], value: string, field: string, what: string): T | Problem {
  const v = fold(value);
  const hit = rows.find((r) => fold(r.code) === v || fold(r.name) === v);
  if (hit) return hit;
  // Score against the whole name and against its start, so "Finanse" finds "Financial and insurance activities".
  let suggestion: T | undefined;
  let best = Infinity;
  for (const r of rows) {
    const name = fold(r.name);
    const score = Math.min(distance(v, name), distance(v, name.slice(0, v.length)), distance(v, fold(r.code)));
    if (score < best) [best, suggestion] = [score, r];
  }
  if (!v || best > Math.max(2, Math.floor(v.length / 3))) suggestion = undefined;
  const hint = suggestion
    ? ` — did you mean "${suggestion.name}" (${suggestion.code})?`
    : ` — see \`lwd lookups ${what}s\` for the list`;
  return { field, message: `"${value}" is not a known ${what}${hint}` };
}

export function isProblem(x: unknown): x is Problem {
  return typeof x === "object" && x !== null && "message" in x && "field" in x && !("code" in x);
}
