/**
 * What the search page and its index share: the words an employer is found by, the filters it is filed under, and
 * each filter's options with how many employers the whole directory has under them (the page's starting counts).
 */
import { SEARCH_FILTERS, type SearchFilter } from "./search-filters.ts";
import type { EmployerRecord } from "../../db/domain/employers.ts";
import type { RateArea } from "../../db/enums.ts";
import { RATE_AREA_PLACES, STATUS_LABELS, statusKey } from "../../db/labels.ts";
import { acronymOf } from "./browser/suggest-rule.ts";
import { allEmployers, lookups } from "./directory.ts";

export { SEARCH_FILTERS, type SearchFilter };

const FILTER_LABELS: Record<SearchFilter, string> = {
  status: "Status",
  sector: "Sector",
  area: "Area",
  service: "Service it sells",
  size: "Size",
  rate: "Living wage",
};

/** The area option that holds every London borough, so "employers in London" is one choice. */
export const ALL_OF_LONDON = RATE_AREA_PLACES.london;
/** The size option of employers whose size is not recorded. */
export const SIZE_NOT_RECORDED = "Not recorded";

/** The names an employer is found by: its name, other names and acronym (the suggestion rule's), name first. */
export function searchNames(e: Pick<EmployerRecord, "name" | "otherNames">): string[] {
  const names = [e.name, ...e.otherNames];
  const acronym = acronymOf(e.name);
  if (acronym && !names.some((n) => n.toUpperCase() === acronym)) names.push(acronym);
  return names;
}

/** The filter options an employer is filed under; a London borough's employers are also under "London". */
export function searchFacets(
  e: Pick<EmployerRecord, "status" | "sectorName" | "areaCode" | "areaName" | "serviceNames" | "sizeName" | "rateArea">,
  areaRateArea: ReadonlyMap<string, RateArea>,
): Record<SearchFilter, string[]> {
  const areaRate = areaRateArea.get(e.areaCode) ?? "uk";
  return {
    status: [STATUS_LABELS[statusKey(e.status)]],
    sector: [e.sectorName],
    area: areaRate === "london" ? [e.areaName, ALL_OF_LONDON] : [e.areaName],
    service: e.serviceNames,
    size: [e.sizeName ?? SIZE_NOT_RECORDED],
    rate: [RATE_AREA_PLACES[e.rateArea ?? areaRate]],
  };
}

export interface FilterOption {
  value: string;
  /** Employers in the whole directory with this option. */
  total: number;
}
export interface FilterGroup {
  key: SearchFilter;
  label: string;
  options: FilterOption[];
}

/** Each filter with its options in the directory's order, leaving out options no employer has. */
export function searchFilterGroups(): FilterGroup[] {
  const { sectors, areas, services, sizes } = lookups();
  const areaRateArea = new Map(areas.map((a) => [a.code, a.rateArea]));
  const totals = new Map<string, number>();
  for (const e of allEmployers()) {
    const facets = searchFacets(e, areaRateArea);
    for (const key of SEARCH_FILTERS)
      for (const value of facets[key]) totals.set(`${key}\n${value}`, (totals.get(`${key}\n${value}`) ?? 0) + 1);
  }
  const values: Record<SearchFilter, string[]> = {
    status: Object.values(STATUS_LABELS),
    sector: sectors.map((s) => s.name),
    area: [ALL_OF_LONDON, ...areas.map((a) => a.name)],
    service: services.map((s) => s.name),
    size: [...sizes.map((s) => s.name), SIZE_NOT_RECORDED],
    rate: Object.values(RATE_AREA_PLACES),
  };
  // A filter no employer has an option of (services, until one is recorded) is left out.
  return SEARCH_FILTERS.map((key) => ({
    key,
    label: FILTER_LABELS[key],
    options: values[key]
      .map((value) => ({ value, total: totals.get(`${key}\n${value}`) ?? 0 }))
      .filter((o) => o.total > 0),
  })).filter((g) => g.options.length > 0);
}
