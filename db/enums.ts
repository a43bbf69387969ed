/** The fixed vocabularies of the schema: plain lists, with no dependencies, so anything may import them cheaply. */

export const EVENT_KINDS = [
  "pledged",
  "accredited",
  "rate_implemented",
  "lapsed",
  "revoked",
  "withdrawn",
  "reinstated",
  "verified",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * Events that change no status: `rate_implemented` records a pay move, `verified` that staff re-confirmed a
 * commitment from a source (evidence of freshness only).
 */
export const NON_STATUS_EVENT_KINDS = ["rate_implemented", "verified"] as const;
type NonStatusEventKind = (typeof NON_STATUS_EVENT_KINDS)[number];
/** Events that change status. */
export const STATUS_EVENT_KINDS = EVENT_KINDS.filter(
  (k): k is Exclude<EventKind, NonStatusEventKind> => !(NON_STATUS_EVENT_KINDS as readonly string[]).includes(k),
);
/** Events only staff may record. */
export const STAFF_ONLY_EVENT_KINDS = ["revoked", "verified"] as const;
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
} as const satisfies Record<Exclude<EventKind, NonStatusEventKind>, Status>;

/**
 * The Living Wage Foundation's schemes. Every commitment event belongs to one; status is derived per scheme with the
 * same rules. For `service_provider` (a Recognised Service Provider: a contractor that offers the living wage to its
 * clients) `accredited` means recognised. Headline figures are Living Wage accreditation unless a scheme is chosen.
 */
export const SCHEMES = ["living_wage", "living_hours", "living_pension", "service_provider"] as const;
export type Scheme = (typeof SCHEMES)[number];
export const DEFAULT_SCHEME: Scheme = "living_wage";

/** The services an employer may sell, for buyers looking for a Living Wage contractor: a fixed lookup. */
export const SERVICES = [
  "cleaning",
  "security",
  "catering",
  "facilities_management",
  "care",
  "hospitality_staffing",
  "construction",
  "it",
  "other",
] as const;
export type Service = (typeof SERVICES)[number];

/** What a correction did to a recorded event or rate: changed fields, or withdrew it from counting (nothing is deleted). */
export const CORRECTION_KINDS = ["corrected", "retracted"] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];
/** The records a correction can apply to. */
export const CORRECTION_SUBJECTS = ["event", "rate"] as const;
export type CorrectionSubject = (typeof CORRECTION_SUBJECTS)[number];

export const RATE_AREAS = ["london", "uk"] as const;
export type RateArea = (typeof RATE_AREAS)[number];
export const AREA_KINDS = ["london_borough", "region", "nation"] as const;
export const ROLES = ["campaigner", "staff"] as const;
export const PRECISIONS = ["day", "month", "year"] as const;
export const AUDIT_ACTIONS = ["insert", "update", "delete"] as const;
