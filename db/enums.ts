/** The fixed vocabularies of the schema: plain lists, with no dependencies, so anything may import them cheaply. */

export const EVENT_KINDS = [
  "pledged",
  "accredited",
  "rate_implemented",
  "lapsed",
  "revoked",
  "withdrawn",
  "reinstated",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Events that change status; `rate_implemented` records a pay move and changes none. */
export const STATUS_EVENT_KINDS = EVENT_KINDS.filter((k) => k !== "rate_implemented");
/** Events that end a commitment and must say why. */
export const ENDING_EVENT_KINDS = ["lapsed", "revoked", "withdrawn"] as const;

export const STATUSES = ["pledged", "accredited", "lapsed", "revoked", "withdrawn"] as const;
export type Status = (typeof STATUSES)[number];

/**
 * The status each status event gives: a reinstatement makes an employer accredited again; every other event gives
 * the status of its own name. The one statement of the rule: db/domain/status.ts writes its SQL from this.
 */
export const STATUS_OF_EVENT = {
  pledged: "pledged",
  accredited: "accredited",
  lapsed: "lapsed",
  revoked: "revoked",
  withdrawn: "withdrawn",
  reinstated: "accredited",
} as const satisfies Record<Exclude<EventKind, "rate_implemented">, Status>;

export const RATE_AREAS = ["london", "uk"] as const;
export type RateArea = (typeof RATE_AREAS)[number];
export const AREA_KINDS = ["london_borough", "region", "nation"] as const;
export const ROLES = ["campaigner", "staff"] as const;
export const PRECISIONS = ["day", "month", "year"] as const;
export const AUDIT_ACTIONS = ["insert", "update", "delete"] as const;
