/// <reference types="astro/client" />
/**
 * The search page in the browser: Pagefind's JS API with our own form, filters with counts, sorting, a result list
 * with labelled status badges, and the query and filters kept in the URL so a shared link shows the same results.
 */
import { STATUS_LABELS, statusKey } from "../format";

interface PagefindResult {
  id: string;
  data: () => Promise<{ url: string; meta: Record<string, string> }>;
}
interface PagefindResponse {
  results: PagefindResult[];
  unfilteredResultCount: number;
  filters: Record<string, Record<string, number>>;
  totalFilters: Record<string, Record<string, number>>;
}
interface Pagefind {
  options: (o: Record<string, unknown>) => Promise<void>;
  init: () => Promise<void>;
  search: (
    term: string | null,
    o?: { filters?: Record<string, string>; sort?: Record<string, "asc" | "desc"> },
  ) => Promise<PagefindResponse | null>;
  filters: () => Promise<Record<string, Record<string, number>>>;
}

const FILTER_KEYS = ["status", "sector", "area", "size", "rate"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const SORTS: Record<string, Record<string, "asc" | "desc">> = {
  name: { name: "asc" },
  "name-desc": { name: "desc" },
  "accredited-newest": { accredited: "desc" },
};
const BATCH = 20;
/** A word is never shortened below this many letters when looking past a typo. */
const MIN_PREFIX = 3;

interface State {
  q: string;
  filters: Partial<Record<FilterKey, string>>;
  sort: string;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Reads the search state from the page's URL. */
function stateFromUrl(): State {
  const p = new URLSearchParams(location.search);
  const filters: State["filters"] = {};
  for (const k of FILTER_KEYS) {
    const v = p.get(k);
    if (v) filters[k] = v;
  }
  return { q: (p.get("q") ?? "").trim(), filters, sort: p.get("sort") ?? "" };
}

/** Writes the state into the URL without adding a history entry per keystroke. */
function stateToUrl(s: State): void {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const k of FILTER_KEYS) {
    const value = s.filters[k];
    if (value) p.set(k, value);
  }
  if (s.sort) p.set("sort", s.sort);
  const query = p.toString();
  history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}`);
}

function normalise(q: string): string {
  return q
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export async function startSearch(): Promise<void> {
  const form = $<HTMLFormElement>("search-form");
  const input = $<HTMLInputElement>("search-q");
  const sortSelect = $<HTMLSelectElement>("search-sort");
  const selects = new Map(FILTER_KEYS.map((k) => [k, $<HTMLSelectElement>(`filter-${k}`)]));
  const section = $<HTMLElement>("search-results");
  const count = $<HTMLElement>("result-count");
  const note = $<HTMLElement>("result-note");
  const list = $<HTMLOListElement>("result-list");
  const more = $<HTMLButtonElement>("more-results");
  const base = import.meta.env.BASE_URL;
  $("search-nojs").hidden = true;

  let pagefind: Pagefind;
  try {
    pagefind = (await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)) as Pagefind;
    await pagefind.options({ baseUrl: base });
    await pagefind.init();
  } catch {
    $("search-error").hidden = false;
    return;
  }

  // Labels without counts, to rebuild option text each time the counts change.
  const labels = new Map<HTMLOptionElement, string>();
  for (const sel of selects.values()) for (const o of sel.options) if (o.value) labels.set(o, o.value);

  let state = stateFromUrl();
  input.value = state.q;
  sortSelect.value = state.sort;
  for (const [k, sel] of selects) sel.value = state.filters[k] ?? "";
  const panel = $<HTMLDetailsElement>("filters-panel");
  const activeLabel = $<HTMLElement>("filters-active");
  // Filters stay folded unless the URL chose some: results come first on a phone, and the filter data (large for a
  // big directory) is fetched only when a reader opens them.
  if (Object.keys(state.filters).length || state.sort) panel.open = true;
  let filtersLoaded = false;
  async function loadFilters() {
    if (filtersLoaded) return;
    await pagefind.filters();
    filtersLoaded = true;
  }

  const hasMatch = async (term: string) => {
    const r = await pagefind.search(term);
    return !!r && r.results.length > 0;
  };

  /** Spellings one slip away: each adjacent pair swapped, then each letter dropped. */
  function oneSlipAway(word: string): string[] {
    const out: string[] = [];
    for (let i = 0; i < word.length - 1; i++) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
    return [...new Set(out)].filter((w) => w !== word && w.length >= MIN_PREFIX);
  }

  /**
   * What to search for in place of a word that finds nothing. Pagefind matches the starts of words, so the word is cut
   * back a letter at a time until it finds something (a slip late in a word); if that leaves only a short stub, a
   * slip early in the word is likelier, so swapped and dropped letters are tried. Null when nothing helps.
   */
  const wordCache = new Map<string, string | null>();
  async function matchingPrefix(word: string): Promise<string | null> {
    const cached = wordCache.get(word);
    if (cached !== undefined) return cached;
    let found: string | null = null;
    for (let candidate = word; candidate.length >= MIN_PREFIX; candidate = candidate.slice(0, -1)) {
      if (await hasMatch(candidate)) {
        found = candidate;
        break;
      }
    }
    if (word.length >= 5 && (found === null || found.length < Math.min(5, word.length - 1))) {
      for (const variant of oneSlipAway(word)) {
        if (await hasMatch(variant)) {
          found = variant;
          break;
        }
      }
    }
    wordCache.set(word, found);
    return found;
  }

  async function tolerantSearch(
    q: string,
    options: { filters: Record<string, string>; sort?: Record<string, "asc" | "desc"> },
  ) {
    const exact = await pagefind.search(q || null, options);
    if (!q || (exact && exact.results.length > 0)) return { response: exact, used: q };
    const words = q.split(" ");
    const fixed = (await Promise.all(words.map(matchingPrefix))).filter((w): w is string => w !== null);
    const used = fixed.join(" ");
    if (!used || used === q) return { response: exact, used: q };
    return { response: await pagefind.search(used, options), used };
  }

  let generation = 0;
  let shown: PagefindResult[] = [];
  let rendered = 0;

  async function renderMore(gen: number) {
    const batch = shown.slice(rendered, rendered + BATCH);
    const items = await Promise.all(batch.map((r) => r.data()));
    if (gen !== generation) return;
    const fragment = document.createDocumentFragment();
    for (const item of items) fragment.append(resultItem(item));
    list.append(fragment);
    rendered += batch.length;
    more.hidden = rendered >= shown.length;
    more.textContent = `Show ${Math.min(BATCH, shown.length - rendered)} more results`;
  }

  function resultItem(item: { url: string; meta: Record<string, string> }): HTMLLIElement {
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
    const key = statusKey(item.meta.statusKey);
    badge.className = `badge badge-${key}`;
    badge.textContent = STATUS_LABELS[key];
    p.append(badge, ` ${item.meta.sector ?? ""} · ${item.meta.area ?? ""}`);
    li.append(h, p);
    if (item.meta.otherNames) {
      const aka = document.createElement("p");
      aka.className = "employer-aka muted";
      aka.textContent = `Also known as: ${item.meta.otherNames}`;
      li.append(aka);
    }
    return li;
  }

  function setCounts(key: FilterKey, counts: Record<string, number> | undefined) {
    const select = selects.get(key);
    if (!select) return;
    for (const o of select.options) {
      const label = labels.get(o);
      if (!label) continue;
      // Pagefind counts only the filters it has loaded; until then the options show no number rather than a wrong one.
      o.textContent = filtersLoaded ? `${label} (${(counts?.[label] ?? 0).toLocaleString("en-GB")})` : label;
    }
  }

  async function run() {
    const gen = ++generation;
    const q = normalise(state.q);
    const filters = Object.fromEntries(Object.entries(state.filters).filter(([, v]) => v)) as Record<string, string>;
    const sort = SORTS[state.sort];
    stateToUrl(state);
    const active = Object.keys(filters).length;
    activeLabel.textContent = active ? ` (${active} chosen)` : "";
    section.hidden = false;
    count.dataset.count = "";
    if (panel.open || active) await loadFilters();
    if (gen !== generation) return;
    if (!q && active === 0 && !sort) {
      // Nothing asked yet: show the totals in the filters and invite a search.
      const totals = filtersLoaded ? await pagefind.filters() : {};
      if (gen !== generation) return;
      for (const k of FILTER_KEYS) setCounts(k, totals[k]);
      list.replaceChildren();
      more.hidden = true;
      note.hidden = true;
      count.dataset.count = "";
      count.textContent = "Type part of a name, or choose a filter.";
      return;
    }
    const { response, used } = await tolerantSearch(q, { filters, ...(sort ? { sort } : {}) });
    if (gen !== generation || !response) return;
    // Each filter's counts leave out its own choice, so the other options say what switching to them would give.
    await Promise.all(
      FILTER_KEYS.map(async (k) => {
        if (!filters[k]) return setCounts(k, response.filters[k]);
        const { [k]: _, ...others } = filters;
        const r = await pagefind.search(used || null, { filters: others });
        if (gen === generation) setCounts(k, r?.filters[k]);
      }),
    );
    if (gen !== generation) return;
    shown = response.results;
    rendered = 0;
    list.replaceChildren();
    const n = shown.length;
    note.hidden = used === q;
    if (used !== q) note.textContent = `No exact match for “${q}”, so these results match “${used}”.`;
    await renderMore(gen);
    if (gen !== generation) return;
    // The count is announced once the first results are on the page, so a reader can move straight to them.
    count.textContent =
      n === 0 ? "No employers found." : `${n.toLocaleString("en-GB")} ${n === 1 ? "employer" : "employers"} found.`;
    count.dataset.count = String(n);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const readForm = () => {
    state = {
      q: input.value.trim(),
      filters: Object.fromEntries([...selects].map(([k, sel]) => [k, sel.value]).filter(([, v]) => v)),
      sort: sortSelect.value,
    };
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    readForm();
    void run();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      readForm();
      void run();
    }, 250);
  });
  form.addEventListener("change", (e) => {
    if (e.target === input) return;
    readForm();
    void run();
  });
  panel.addEventListener("toggle", () => {
    if (panel.open && !filtersLoaded) void run();
  });
  more.addEventListener("click", () => {
    const first = rendered;
    void renderMore(generation).then(() => (list.children[first]?.querySelector("a") as HTMLElement | null)?.focus());
  });
  await run();
}
