/// <reference types="astro/client" />
/**
 * The search page in the browser: Pagefind's JS API with our own form, a result list that puts names first (whole
 * name, whole words, starts of words, then spellings, then employers in a place or sector the words name), filters
 * that combine with OR within and AND across, and the whole search kept in the address so a shared link or the back
 * button shows the same results.
 */
import { SEARCH_FILTERS, type SearchFilter } from "../search-filters.ts";
import { plural, RATE_AREA_PLACES, STATUS_LABELS } from "../format";
import { nearest, suggest } from "./suggest-client";
import { acronymOf, matchName, wordsOf, type NameMatch } from "./suggest-rule";

interface Fragment {
  url: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}
interface PagefindResult {
  id: string;
  data: () => Promise<Fragment>;
}
type PagefindFilters = Record<string, string | { any: string[] }>;
type Counts = Record<string, Record<string, number>>;
interface PagefindResponse {
  results: PagefindResult[];
  filters: Counts;
}
interface Pagefind {
  options: (o: Record<string, unknown>) => Promise<void>;
  init: () => Promise<void>;
  search: (term: string | null, o?: { filters?: PagefindFilters }) => Promise<PagefindResponse | null>;
  filters: () => Promise<Counts>;
}

const FILTER_KEYS = SEARCH_FILTERS;
type FilterKey = SearchFilter;
type Chosen = Partial<Record<FilterKey, string[]>>;
const SORTS = ["", "name", "name-desc"] as const;
type Sort = (typeof SORTS)[number];
interface State {
  q: string;
  filters: Chosen;
  sort: Sort;
}

/** Results shown at a time. */
const BATCH = 20;
/** How many of the best name matches are read to put whole names before starts of words and spellings. */
const RANKED = 2 * BATCH;
/** A query word shorter than this names no place or sector ("of" is in many). */
const MIN_PLACE_WORD = 3;
/** Close spellings listed when no name matches: as many as the header's suggestions. */
const SPELLINGS = 8;
/** The width from which the filters stand open beside the results (the stylesheet's breakpoint). */
const WIDE = "(min-width: 48rem)";
/** Filters a query's words may name, so "london" offers the employers in London. */
const PLACE_FILTERS = ["area", "sector"] as const;
/** The area option that holds every London borough (as src/lib/search.ts files them). */
const ALL_OF_LONDON = RATE_AREA_PLACES.london;

/** Each status label's key, for the badge's colour class. */
const STATUS_KEYS = new Map(Object.entries(STATUS_LABELS).map(([key, label]) => [label, key]));

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The search a URL's query string describes. */
export function stateFromQuery(search: string): State {
  const p = new URLSearchParams(search);
  const filters: Chosen = {};
  for (const k of FILTER_KEYS) {
    const values = [...new Set(p.getAll(k).filter(Boolean))];
    if (values.length) filters[k] = values;
  }
  const sort = p.get("sort") ?? "";
  return {
    q: (p.get("q") ?? "").trim(),
    filters,
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as Sort) : "",
  };
}

/** The query string of a search: `q`, each chosen option as its own parameter, then `sort`. */
export function queryOf(s: State): string {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const k of FILTER_KEYS) for (const v of s.filters[k] ?? []) p.append(k, v);
  if (s.sort) p.set("sort", s.sort);
  const query = p.toString();
  return query ? `?${query}` : "";
}

function normalise(q: string): string {
  return q
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * How well an employer's names (name, other names, acronym) match the query's words, by the suggestion rule: the
 * whole name, then every word whole or the start of one, then close spellings; null when none matches by that rule
 * (Pagefind found it another way, by a word's stem).
 */
export function bestMatch(names: string[], words: readonly string[]): NameMatch | null {
  let best: NameMatch | null = null;
  for (const name of names) {
    const m = matchName(words, name);
    if (m && (!best || compareMatches(m, best) < 0)) best = m;
  }
  return best;
}

/** Fewer edits and fewer other words first, within a tier; no match at all last. */
function compareMatches(a: NameMatch | null, b: NameMatch | null): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return a.tier - b.tier || a.edits - b.edits || a.extra - b.extra;
}

/** Pagefind's filter option for the chosen values: one value as it is, several as "any of". */
function pagefindFilters(chosen: Chosen): PagefindFilters {
  const out: PagefindFilters = {};
  for (const k of FILTER_KEYS) {
    const values = chosen[k];
    if (values?.length) out[k] = values.length === 1 ? (values[0] as string) : { any: values };
  }
  return out;
}

export async function startSearch(): Promise<void> {
  const form = $<HTMLFormElement>("search-form");
  const input = $<HTMLInputElement>("search-q");
  const sortSelect = $<HTMLSelectElement>("search-sort");
  const panel = $<HTMLDetailsElement>("filters-panel");
  const activeLabel = $<HTMLElement>("filters-active");
  const clear = $<HTMLButtonElement>("filters-clear");
  const boxes = [...panel.querySelectorAll<HTMLInputElement>("input[type=checkbox]")];
  const section = $<HTMLElement>("search-results");
  const count = $<HTMLElement>("result-count");
  const note = $<HTMLElement>("result-note");
  const offers = $<HTMLElement>("place-offers");
  const noResults = $<HTMLElement>("no-results");
  const submitLink = $<HTMLAnchorElement>("submit-link");
  const didYouMean = $<HTMLElement>("did-you-mean");
  const didYouMeanNames = $<HTMLElement>("did-you-mean-names");
  const list = $<HTMLOListElement>("result-list");
  const more = $<HTMLButtonElement>("more-results");
  const base = import.meta.env.BASE_URL;
  $("search-nojs").hidden = true;

  const wide = matchMedia(WIDE);
  const fold = () => {
    if (wide.matches) panel.open = true;
  };
  fold();
  wide.addEventListener("change", fold);

  let pagefind: Pagefind;
  try {
    pagefind = (await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)) as Pagefind;
    await pagefind.options({ baseUrl: base });
    await pagefind.init();
  } catch {
    $("search-error").hidden = false;
    return;
  }

  /** Each option's value and its count, as built with the page (the whole directory). */
  const optionValues = new Map<FilterKey, string[]>(
    FILTER_KEYS.map((k) => [k, boxes.filter((b) => b.name === k).map((b) => b.value)]),
  );

  let state = stateFromQuery(location.search);
  const writeForm = () => {
    input.value = state.q;
    sortSelect.value = state.sort;
    for (const b of boxes) b.checked = state.filters[b.name as FilterKey]?.includes(b.value) ?? false;
  };
  const readForm = (): State => {
    const filters: Chosen = {};
    for (const b of boxes) if (b.checked) (filters[b.name as FilterKey] ??= []).push(b.value);
    return { q: input.value.trim(), filters, sort: sortSelect.value as Sort };
  };
  /** Records the search in the address: a new history entry for a deliberate change, the same one while typing. */
  const remember = (push: boolean) => {
    const url = `${location.pathname}${queryOf(state)}`;
    if (url === `${location.pathname}${location.search}`) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  };
  writeForm();

  let filtersLoaded = false;
  async function loadFilters() {
    if (filtersLoaded) return;
    await pagefind.filters();
    filtersLoaded = true;
  }

  /** Every record in name order (the order the index was given them), read once when a name sort is asked for. */
  let nameOrder: Map<string, number> | undefined;
  async function nameRanks(): Promise<Map<string, number>> {
    if (!nameOrder) {
      const all = await pagefind.search(null);
      nameOrder = new Map((all?.results ?? []).map((r, i) => [r.id, i]));
    }
    return nameOrder;
  }

  const fragments = new Map<string, Promise<Fragment>>();
  const dataOf = (r: PagefindResult) => {
    let f = fragments.get(r.id);
    if (!f) fragments.set(r.id, (f = r.data()));
    return f;
  };

  /**
   * The employers whose names the query finds. When Pagefind finds none, the close spellings the suggestion index
   * allows (one edit per three letters of each word), each looked up in Pagefind for its record.
   */
  async function nameSearch(
    q: string,
    filters: PagefindFilters,
  ): Promise<{ results: PagefindResult[]; spelled: boolean }> {
    const exact = await pagefind.search(q, { filters });
    if (exact && exact.results.length > 0) return { results: exact.results, spelled: false };
    const close = (await suggest(q, { limit: SPELLINGS, base }).catch(() => [])).filter((s) => s.kind === "employer");
    const found = await Promise.all(
      close.map(async (s) => {
        const candidates = (await pagefind.search(s.name, { filters }))?.results.slice(0, 5) ?? [];
        for (const r of candidates) if ((await dataOf(r)).url === s.url) return r;
        return null;
      }),
    );
    return { results: found.filter((r): r is PagefindResult => r !== null), spelled: true };
  }

  /** The place or sector options every word of the query starts a word of ("london": London, City of London). */
  function placesNamed(q: string, chosen: Chosen): { key: FilterKey; values: string[] } | null {
    const words = wordsOf(q);
    if (!words.length || words.some((w) => w.length < MIN_PLACE_WORD)) return null;
    for (const key of PLACE_FILTERS) {
      if (chosen[key]?.length) continue;
      const values = (optionValues.get(key) ?? []).filter((v) => {
        const named = wordsOf(v);
        return words.every((w) => named.some((n) => n.startsWith(w)));
      });
      // London holds every borough, so a search for it need not name City of London as well.
      if (values.includes(ALL_OF_LONDON) && key === "area") return { key, values: [ALL_OF_LONDON] };
      if (values.length) return { key, values };
    }
    return null;
  }

  let generation = 0;
  let shown: PagefindResult[] = [];
  let rendered = 0;

  async function renderMore(gen: number) {
    const batch = shown.slice(rendered, rendered + BATCH);
    const items = await Promise.all(batch.map(dataOf));
    if (gen !== generation) return;
    const fragment = document.createDocumentFragment();
    for (const item of items) fragment.append(resultItem(item));
    list.append(fragment);
    rendered += batch.length;
    more.hidden = rendered >= shown.length;
    more.textContent = `Show ${plural(Math.min(BATCH, shown.length - rendered), "more result")}`;
  }

  function resultItem(item: Fragment): HTMLLIElement {
    const li = document.createElement("li");
    const h = document.createElement("h3");
    h.className = "employer-name";
    const a = document.createElement("a");
    a.href = item.url;
    a.textContent = item.meta.title ?? item.url;
    h.append(a);
    const p = document.createElement("p");
    p.className = "employer-meta";
    const badge = document.createElement("span");
    const status = item.filters.status?.[0] ?? "";
    badge.className = `badge badge-${STATUS_KEYS.get(status) ?? "none"}`;
    badge.textContent = status;
    // A London borough's employers are also filed under London; the borough is the place to show.
    const areas = item.filters.area ?? [];
    const area = areas.find((a) => a !== ALL_OF_LONDON) ?? areas[0] ?? "";
    p.append(badge, ` ${item.filters.sector?.[0] ?? ""} · ${area}`);
    li.append(h, p);
    if (item.meta.otherNames) {
      const aka = document.createElement("p");
      aka.className = "employer-aka muted";
      aka.textContent = `Also known as: ${item.meta.otherNames}`;
      li.append(aka);
    }
    return li;
  }

  /** Shows each option's count; an option with none is hidden unless it is chosen, so it can be unchosen. */
  function showCounts(counts: Counts | null) {
    for (const b of boxes) {
      const n = counts ? (counts[b.name]?.[b.value] ?? 0) : Number(b.dataset.total);
      const label = b.labels?.[0]?.querySelector(".filter-count");
      if (label) label.textContent = `(${n.toLocaleString("en-GB")})`;
      (b.closest("li") as HTMLElement).hidden = n === 0 && !b.checked;
    }
    for (const fieldset of panel.querySelectorAll<HTMLElement>("fieldset"))
      fieldset.hidden = !fieldset.querySelector("li:not([hidden])");
  }

  /** The options' counts from the results' own records, when every result has been read (a short list, no filters). */
  async function countsOfResults(results: PagefindResult[]): Promise<Counts> {
    const counts: Counts = {};
    for (const f of await Promise.all(results.map(dataOf)))
      for (const [k, values] of Object.entries(f.filters))
        for (const v of values) (counts[k] ??= {})[v] = (counts[k][v] ?? 0) + 1;
    return counts;
  }

  /**
   * The options' counts for a search (names, plus a named place's employers) under some filters, from Pagefind's
   * filter data: the name matches and the place's employers, less the employers counted in both.
   */
  async function countsOfSearch(
    term: string | null,
    place: { key: FilterKey; values: string[] } | null,
    chosen: Chosen,
  ): Promise<Counts> {
    const names = (await pagefind.search(term, { filters: pagefindFilters(chosen) }))?.filters ?? {};
    if (!place || term === null) return names;
    const inPlace = { ...chosen, [place.key]: place.values };
    const [placed, both] = await Promise.all([
      pagefind.search(null, { filters: pagefindFilters(inPlace) }),
      pagefind.search(term, { filters: pagefindFilters(inPlace) }),
    ]);
    const counts: Counts = {};
    for (const source of [names, placed?.filters ?? {}])
      for (const [k, values] of Object.entries(source))
        for (const [v, n] of Object.entries(values)) (counts[k] ??= {})[v] = (counts[k][v] ?? 0) + n;
    for (const [k, values] of Object.entries(both?.filters ?? {}))
      for (const [v, n] of Object.entries(values)) (counts[k] ??= {})[v] = (counts[k][v] ?? 0) - n;
    return counts;
  }

  /** "Did you mean …" with the names nearest to a query that found nothing, each a link to its page. */
  async function offerNearest(gen: number, q: string) {
    const names = await nearest(q, { limit: 3, base }).catch(() => []);
    if (gen !== generation || !names.length) return;
    didYouMeanNames.replaceChildren();
    names.forEach((s, i) => {
      if (i > 0) didYouMeanNames.append(i === names.length - 1 ? " or " : ", ");
      const a = document.createElement("a");
      a.href = s.url;
      a.textContent = s.name;
      didYouMeanNames.append(a);
    });
    didYouMean.hidden = false;
  }

  function showOffers(place: { key: FilterKey; values: string[] } | null) {
    offers.replaceChildren();
    offers.hidden = !place;
    if (!place) return;
    offers.append("Also: ");
    place.values.forEach((value, i) => {
      const box = boxes.find((b) => b.name === place.key && b.value === value);
      const a = document.createElement("a");
      a.href = `${location.pathname}${queryOf({ q: "", filters: { [place.key]: [value] }, sort: "" })}`;
      a.textContent = `employers in ${place.key === "sector" ? value.toLowerCase() : value} (${Number(box?.dataset.total ?? 0).toLocaleString("en-GB")})`;
      a.addEventListener("click", (e) => {
        e.preventDefault();
        state = { q: "", filters: { [place.key]: [value] }, sort: state.sort };
        writeForm();
        remember(true);
        void run();
      });
      if (i > 0) offers.append(", ");
      offers.append(a);
    });
  }

  async function run() {
    const gen = ++generation;
    const q = normalise(state.q);
    const chosen = state.filters;
    const active = Object.values(chosen).reduce((n, v) => n + (v?.length ?? 0), 0);
    activeLabel.textContent = active ? ` (${active} chosen)` : "";
    clear.hidden = active === 0;
    section.hidden = false;
    count.dataset.count = "";
    if (!q && active === 0 && !state.sort) {
      // Nothing asked yet: the whole directory's counts, and an invitation to search.
      showCounts(null);
      showOffers(null);
      list.replaceChildren();
      more.hidden = true;
      note.hidden = true;
      noResults.hidden = true;
      count.textContent = "Type part of a name, or choose a filter.";
      return;
    }
    // A filter already chosen is read from Pagefind's filter data, which then gives every count as well.
    if (active) await loadFilters();
    if (gen !== generation) return;

    const filters = pagefindFilters(chosen);
    const { results: named, spelled } = q
      ? await nameSearch(q, filters)
      : { results: (await pagefind.search(null, { filters }))?.results ?? [], spelled: false };
    const place = q ? placesNamed(q, chosen) : null;
    const placed = place
      ? ((await pagefind.search(null, { filters: pagefindFilters({ ...chosen, [place.key]: place.values }) }))
          ?.results ?? [])
      : [];
    if (gen !== generation) return;

    // Names first, best first: the best few re-read to put whole names before starts of words and spellings, each
    // group in Pagefind's (or the suggestion index's) order.
    let byName = named;
    if (q && named.length > 1) {
      const head = named.slice(0, RANKED);
      const words = wordsOf(q);
      const matches = await Promise.all(
        head.map(async (r) => {
          const { meta } = await dataOf(r);
          const title = meta.title ?? "";
          return bestMatch([title, ...(meta.otherNames?.split("; ") ?? []), acronymOf(title)].filter(Boolean), words);
        }),
      );
      const ranked = head
        .map((r, i) => ({ r, match: matches[i] ?? null, i }))
        .sort((a, b) => compareMatches(a.match, b.match) || a.i - b.i);
      byName = [...ranked.map((x) => x.r), ...named.slice(RANKED)];
    }
    const seen = new Set(byName.map((r) => r.id));
    const inPlace = placed.filter((r) => !seen.has(r.id));
    let results = [...byName, ...inPlace];
    if (state.sort) {
      const ranks = await nameRanks();
      const dir = state.sort === "name-desc" ? -1 : 1;
      results = [...results].sort((a, b) => dir * ((ranks.get(a.id) ?? 0) - (ranks.get(b.id) ?? 0)));
    }
    if (gen !== generation) return;

    shown = results;
    rendered = 0;
    list.replaceChildren();
    const n = results.length;
    note.hidden = !(spelled && n > 0);
    if (spelled) note.textContent = `No name matches “${state.q}” exactly; these are the names closest to it.`;
    showOffers(place);
    noResults.hidden = n > 0;
    didYouMean.hidden = true;
    if (n === 0 && q) void offerNearest(gen, q);
    submitLink.href = `${base}submit/${state.q ? `?${new URLSearchParams({ name: state.q })}` : ""}`;
    await renderMore(gen);
    if (gen !== generation) return;

    // Counts: from the results themselves when all of them are on the page; otherwise from Pagefind's filter data,
    // each filter's counts leaving out its own choices, so every option says what choosing it would give.
    if ((active === 0 && n <= BATCH) || spelled) showCounts(await countsOfResults(results));
    else {
      await loadFilters();
      const counts = await countsOfSearch(q || null, place, chosen);
      await Promise.all(
        FILTER_KEYS.filter((k) => chosen[k]?.length).map(async (k) => {
          const { [k]: _, ...others } = chosen;
          counts[k] = (await countsOfSearch(q || null, place, others))[k] ?? {};
        }),
      );
      if (gen !== generation) return;
      showCounts(counts);
    }
    if (gen !== generation) return;
    // The count is announced once the first results are on the page, so a reader can move straight to them.
    const found = `${n.toLocaleString("en-GB")} ${n === 1 ? "employer" : "employers"} found`;
    count.textContent =
      n === 0
        ? "No employers found."
        : inPlace.length && !state.sort
          ? `${found}: ${byName.length.toLocaleString("en-GB")} by name, then ${inPlace.length.toLocaleString("en-GB")} more in ${place?.values.join(" or ")}.`
          : `${found}.`;
    count.dataset.count = String(n);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = (push: boolean) => {
    clearTimeout(timer);
    state = readForm();
    remember(push);
    void run();
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    changed(true);
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => changed(false), 250);
  });
  panel.addEventListener("change", () => changed(true));
  clear.addEventListener("click", () => {
    for (const b of boxes) b.checked = false;
    changed(true);
    input.focus();
  });
  window.addEventListener("popstate", () => {
    // Following a link within the page (the skip link) changes no search.
    if (queryOf(stateFromQuery(location.search)) === queryOf(state)) return;
    state = stateFromQuery(location.search);
    writeForm();
    void run();
  });
  more.addEventListener("click", () => {
    const first = rendered;
    void renderMore(generation).then(() => (list.children[first]?.querySelector("a") as HTMLElement | null)?.focus());
  });
  await run();
}
