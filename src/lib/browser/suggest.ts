/**
 * The header search box's suggestions as you type, following the WAI-ARIA 1.2 combobox pattern with a listbox
 * popup: Down and Up move through the suggestions (aria-activedescendant keeps focus in the box), Enter opens the
 * highlighted one (or, with none highlighted, submits the form to /search/), Escape closes the list and, pressed
 * again, clears the box; a polite status says how many suggestions there are. Without this script the box is a plain
 * search form.
 */
import { suggest, type Suggestion } from "./suggest-client";

/** Suggestions shown at most. */
const LIMIT = 8;

/** Turns the header's search form into a combobox; does nothing on a page without one. */
export function startSuggest(): void {
  const form = document.querySelector<HTMLFormElement>("form.header-search");
  const input = document.getElementById("site-search-q");
  const list = document.getElementById("site-search-list");
  const status = document.getElementById("site-search-status");
  if (!form || !(input instanceof HTMLInputElement) || !list || !status) return;
  const base = form.dataset.base ?? "/";

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  let shown: Suggestion[] = [];
  let active = -1;
  /** Counts queries, so a slow answer to an earlier one never replaces a later one's. */
  let asked = 0;

  const options = () => Array.from(list.querySelectorAll<HTMLLIElement>("[role=option]"));

  const highlight = (index: number) => {
    active = index;
    options().forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    const option = options()[index];
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    highlight(-1);
  };

  const open = () => {
    if (!shown.length) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };

  const announce = (text: string) => {
    if (status.textContent !== text) status.textContent = text;
  };

  const render = (suggestions: Suggestion[]) => {
    shown = suggestions;
    list.replaceChildren(
      ...suggestions.map((s, i) => {
        const option = document.createElement("li");
        option.id = `site-search-option-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = s.url;
        const name = document.createElement("span");
        name.className = "suggestion-name";
        name.textContent = s.name;
        const detail = document.createElement("span");
        detail.className = "suggestion-detail";
        const kind = s.kind === "place" ? "Employers in this place" : "Employer";
        detail.textContent = s.matched !== s.name ? `${kind}, also known as ${s.matched}` : kind;
        option.append(name, detail);
        return option;
      }),
    );
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (suggestions.length) open();
    else close();
  };

  const go = (index: number) => {
    const url = shown[index]?.url;
    if (url) window.location.assign(url);
  };

  const update = async () => {
    const query = input.value;
    const ask = ++asked;
    if (query.trim().length < 2) {
      render([]);
      announce("");
      return;
    }
    let found: Suggestion[];
    try {
      found = await suggest(query, { limit: LIMIT, base });
    } catch {
      // The form still submits to the search page; say so rather than fail silently.
      if (ask === asked) {
        render([]);
        announce("Suggestions could not be loaded. Press Enter to search.");
      }
      return;
    }
    if (ask !== asked) return;
    render(found);
    announce(
      found.length === 0
        ? "No suggestions. Press Enter to search."
        : `${found.length} ${found.length === 1 ? "suggestion" : "suggestions"}. Use the up and down arrows to choose, Enter to open.`,
    );
  };

  input.addEventListener("input", () => void update());

  input.addEventListener("keydown", (event) => {
    const count = shown.length;
    switch (event.key) {
      case "ArrowDown":
        if (!count) return;
        event.preventDefault();
        if (list.hidden) open();
        if (!event.altKey) highlight(active + 1 >= count ? 0 : active + 1);
        break;
      case "ArrowUp":
        if (!count) return;
        event.preventDefault();
        if (list.hidden) open();
        highlight(active <= 0 ? count - 1 : active - 1);
        break;
      case "Enter":
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          go(active);
        }
        break;
      case "Escape":
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          render([]);
          announce("");
        }
        break;
      case "Tab":
        close();
        break;
    }
  });

  // A pointer on the list must not take focus from the box (which would close the list before the click lands).
  list.addEventListener("pointerdown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = (event.target as Element).closest<HTMLLIElement>("[role=option]");
    if (option) go(options().indexOf(option));
  });

  input.addEventListener("blur", close);
  input.addEventListener("focus", () => {
    if (shown.length && input.value.trim().length >= 2) open();
  });
}
