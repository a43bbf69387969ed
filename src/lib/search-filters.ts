/** The search page's filters, in the order it shows them: shared by the index build, the page and its script. */
export const SEARCH_FILTERS = ["status", "sector", "area", "service", "size", "rate"] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];
