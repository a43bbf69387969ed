/**
 * The directory's data for every page, read once per build: a 100,000-employer build must not run a query per page,
 * so each query runs on first use and its result is kept for the rest of the build.
 */
import { listEmployers, type EmployerEvent, type EmployerRecord } from "../../db/domain/employers.ts";
import { latestEvents } from "../../db/domain/events.ts";
import { loadLookups, type Lookups } from "../../db/domain/lookups.ts";
import { listRates, type Rate } from "../../db/domain/rates.ts";
import { behindAsOf, figuresAsOf, type BehindEmployer, type Figures } from "../../db/domain/status.ts";
import { BUILD_AS_OF } from "./config.ts";
import { browseKey } from "./browse-key.ts";
import { siteDb } from "./db.ts";
import { STATUS_LABELS, statusKey } from "./format.ts";

export type { EmployerEvent, EmployerRecord } from "../../db/domain/employers.ts";
export type { BehindEmployer } from "../../db/domain/status.ts";
export type { Rate } from "../../db/domain/rates.ts";

/** Employers listed on one browse page. */
export const PAGE_SIZE = 100;

/** Runs `load` once and keeps its result for the rest of the build. */
function once<T>(load: () => T): () => T {
  let value: T | undefined;
  let loaded = false;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value as T;
  };
}

/** Every employer with its status on the build date, sorted by name. */
export const allEmployers = once((): EmployerRecord[] => listEmployers(siteDb(), BUILD_AS_OF));

export const lookups = once((): Lookups => loadLookups(siteDb()));
export const headlineFigures = once((): Figures => figuresAsOf(siteDb(), BUILD_AS_OF));
export const rateHistory = once((): Rate[] => listRates(siteDb()));
/** Accredited employers with no recorded move to the rate now due, on the build date. */
export const behindList = once((): BehindEmployer[] => behindAsOf(siteDb(), BUILD_AS_OF));
export interface LatestCommitment {
  employer: EmployerRecord;
  event: EmployerEvent;
}

/** The events the home page's "Latest" list reports: commitments made, restored or re-confirmed. */
export const LATEST_KINDS = ["pledged", "accredited", "reinstated", "verified"] as const;

/**
 * The most recent pledges, accreditations, reinstatements and re-confirmations up to the build date, newest first:
 * a few rows read from the end of the date order, since the home page needs only these and not every event.
 */
export function latestCommitments(limit = 8): LatestCommitment[] {
  const rows = latestEvents(siteDb(), LATEST_KINDS, BUILD_AS_OF, limit);
  const byId = new Map(allEmployers().map((e) => [e.id, e]));
  return rows.flatMap(({ employerId, slug: _slug, name: _name, ...event }) => {
    const employer = byId.get(employerId);
    return employer ? [{ employer, event }] : [];
  });
}

export type BrowseKind = "a-z" | "sector" | "area" | "status" | "size" | "service";

export interface BrowseGroup {
  kind: BrowseKind;
  /** The URL segment: /employers/KIND/KEY/. */
  key: string;
  label: string;
  /** The area's code, for an area's group. */
  code?: string;
  /** For a service in one area (cleaning-in-camden): the service's own key; such groups are linked from its page. */
  within?: string;
  /** A heading of its own, where the kind's heading does not fit. */
  heading?: string;
  employers: EmployerRecord[];
}

/** The A–Z letter an employer is listed under: accents folded, anything else under "0–9 and others". */
export function initialOf(name: string): string {
  const first = name
    .normalize("NFD")
    .replace(/[^\p{L}\p{N}]/gu, "")
    .charAt(0)
    .toUpperCase();
  return /^[A-Z]$/.test(first) ? first : "0-9";
}

export { browseKey };

/** The groups of one browse kind, each with its employers in name order (empty groups kept so every letter shows). */
function buildGroups(kind: BrowseKind): BrowseGroup[] {
  const { sectors, areas, sizes, services } = lookups();
  const groups = new Map<string, BrowseGroup>();
  const add = (key: string, label: string, code?: string) =>
    groups.set(key, { kind, key, label, ...(code ? { code } : {}), employers: [] });
  let keyOf: (e: EmployerRecord) => string;
  switch (kind) {
    case "a-z":
      for (const l of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") add(l.toLowerCase(), l);
      add("0-9", "0–9 and others");
      keyOf = (e) => initialOf(e.name).toLowerCase();
      break;
    case "sector":
      for (const s of sectors) add(browseKey(s.name), s.name);
      keyOf = (e) => browseKey(e.sectorName);
      break;
    case "area":
      for (const a of areas) add(browseKey(a.name), a.name, a.code);
      keyOf = (e) => browseKey(e.areaName);
      break;
    case "status":
      for (const [k, label] of Object.entries(STATUS_LABELS)) add(k, label);
      keyOf = (e) => statusKey(e.status);
      break;
    case "size":
      for (const s of sizes) add(s.code, s.name);
      add("unknown", "Size not recorded");
      keyOf = (e) => e.sizeCode ?? "unknown";
      break;
    case "service":
      // A service's page, and one page per service and area that has employers (cleaning-in-camden): a buyer's
      // "cleaning contractor in Camden" is one static address, or two clicks from the service's page.
      for (const s of services) add(browseKey(s.name), s.name);
      return serviceGroups(groups, services, areas);
  }
  for (const e of allEmployers()) groups.get(keyOf(e))?.employers.push(e);
  return [...groups.values()];
}

/** The service groups, filled, followed by a group for each service and area with employers, in area name order. */
function serviceGroups(
  groups: Map<string, BrowseGroup>,
  services: { code: string; name: string }[],
  areas: { code: string; name: string }[],
): BrowseGroup[] {
  const serviceKey = new Map(services.map((s) => [s.code, browseKey(s.name)]));
  const areaOrder = new Map(areas.map((a, i) => [a.code, i]));
  const combined = new Map<string, BrowseGroup>();
  for (const e of allEmployers())
    for (const code of e.services) {
      const key = serviceKey.get(code);
      const group = key ? groups.get(key) : undefined;
      if (!key || !group) continue;
      group.employers.push(e);
      const inArea = `${key}-in-${browseKey(e.areaName)}`;
      let area = combined.get(inArea);
      if (!area)
        combined.set(
          inArea,
          (area = {
            kind: "service",
            key: inArea,
            label: e.areaName,
            code: e.areaCode,
            within: key,
            heading: `${group.label}: employers in ${e.areaName}`,
            employers: [],
          }),
        );
      area.employers.push(e);
    }
  const byArea = [...combined.values()].sort(
    (a, b) => (areaOrder.get(a.code ?? "") ?? 0) - (areaOrder.get(b.code ?? "") ?? 0),
  );
  return [...groups.values(), ...byArea];
}

const groupCache = new Map<BrowseKind, BrowseGroup[]>();
/** Every group of a browse kind (computed once per build). */
export function browseGroups(kind: BrowseKind): BrowseGroup[] {
  let groups = groupCache.get(kind);
  if (!groups) groupCache.set(kind, (groups = buildGroups(kind)));
  return groups;
}

export const BROWSE_KINDS: { kind: BrowseKind; title: string; heading: (label: string, key: string) => string }[] = [
  { kind: "a-z", title: "A to Z", heading: (l) => `Employers: ${l}` },
  {
    kind: "status",
    title: "Status",
    heading: (l, k) => (k === "none" ? "Employers with no status recorded" : `${l} employers`),
  },
  { kind: "sector", title: "Sector", heading: (l) => `Employers in ${l.charAt(0).toLowerCase()}${l.slice(1)}` },
  { kind: "area", title: "Area", heading: (l) => `Employers in ${l}` },
  {
    kind: "size",
    title: "Size",
    heading: (l, k) => (k === "unknown" ? "Employers whose size is not recorded" : `Employers by size: ${l}`),
  },
  { kind: "service", title: "Service", heading: (l) => `${l}: employers that sell it` },
];

/** The path of a browse group's first page. */
export function browsePath(kind: BrowseKind, key: string): string {
  return `/employers/${kind}/${key}/`;
}

/** The path of an area's browse page, from the area's name. */
export function areaPath(areaName: string): string {
  return browsePath("area", browseKey(areaName));
}

/** The path of an employer's page. */
export function employerPath(slug: string): string {
  return `/employers/${slug}/`;
}
