/**
 * The submission form in the browser: checks the entry with the importer's own zod schemas (db/validation.ts), shows
 * every problem in an error summary and beside its field, and on success offers the row as a CSV file to download.
 */
import "./zod-jitless";
import { employerInput, eventInput, FIELD_NAMES, IMPORT_COLUMNS, poundsToPence } from "../../../db/validation";
import { belowFloor, type RateStep } from "../../../db/rate-floor";
import { neutraliseCell } from "../../../db/spreadsheet";
export { IMPORT_COLUMNS };

type Column = (typeof IMPORT_COLUMNS)[number];

/** Schema paths to the form's column names. */
// The template has no reason column: a reason goes in the note.
const COLUMN_OF: Record<string, Column> = { ...FIELD_NAMES, reason: "note" };

/** How each field is named in an error, as its label reads. */
const FIELD_LABELS: Record<Column, string> = {
  name: "Employer name",
  companies_house_number: "Companies House number",
  sector: "Sector",
  size: "Size",
  area: "Area",
  website: "Website",
  event: "Event",
  date: "Date",
  rate_area: "Which living wage",
  hourly_rate: "Hourly rate",
  workers_covered: "Workers covered",
  workers_uplifted: "Workers given a pay rise",
  source_url: "Source web address",
  note: "Note",
};

/** A CSV cell: quoted when needed, and with a leading apostrophe if a spreadsheet would run it as a formula. */
export function csvCell(value: string): string {
  const safe = neutraliseCell(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The import file for one row: the header, then the row. */
export function csvFile(row: Record<Column, string>): string {
  return `${IMPORT_COLUMNS.join(",")}\r\n${IMPORT_COLUMNS.map((c) => csvCell(row[c])).join(",")}\r\n`;
}

export function startSubmitForm(): void {
  const form = document.getElementById("submit-form") as HTMLFormElement;
  const summary = document.getElementById("error-summary") as HTMLElement;
  const summaryList = document.getElementById("error-summary-list") as HTMLUListElement;
  const result = document.getElementById("submit-result") as HTMLElement;
  const download = document.getElementById("submit-download") as HTMLAnchorElement;
  const preview = document.getElementById("submit-preview") as HTMLElement;
  const rates = JSON.parse(form.dataset.floors ?? "[]") as RateStep[];
  const areaRates = JSON.parse(form.dataset.areaRates ?? "{}") as Record<string, "london" | "uk">;
  const baseTitle = document.title;
  (document.getElementById("submit-nojs") as HTMLElement).hidden = true;
  let blobUrl: string | undefined;

  const control = (c: Column) =>
    form.elements.namedItem(c) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

  // A search that found nothing links here with the name it was given (/submit/?name=…).
  const named = new URLSearchParams(location.search).get("name")?.trim();
  if (named && !control("name").value) control("name").value = named;

  function clearErrors() {
    for (const el of form.querySelectorAll(".error-message")) el.remove();
    for (const el of form.querySelectorAll(".field-error")) el.classList.remove("field-error");
    for (const c of IMPORT_COLUMNS) {
      const input = control(c);
      input.removeAttribute("aria-invalid");
      const ids = (input.getAttribute("aria-describedby") ?? "")
        .split(" ")
        .filter((id) => id && !id.endsWith("-error"));
      if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
      else input.removeAttribute("aria-describedby");
    }
    summary.hidden = true;
    summaryList.replaceChildren();
    document.title = baseTitle;
  }

  function showErrors(problems: Map<Column, string>) {
    for (const [column, message] of problems) {
      const input = control(column);
      const id = `${input.id}-error`;
      const p = document.createElement("p");
      p.className = "error-message";
      p.id = id;
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = "Error: ";
      p.append(hidden, `${FIELD_LABELS[column]} ${message}`);
      input.closest(".field")?.classList.add("field-error");
      input.before(p);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = `#${input.id}`;
      a.textContent = `${FIELD_LABELS[column]} ${message}`;
      a.addEventListener("click", (e) => {
        e.preventDefault();
        input.focus();
        input.closest(".field")?.scrollIntoView({ block: "start" });
      });
      li.append(a);
      summaryList.append(li);
    }
    summary.hidden = false;
    document.title = `Error: ${baseTitle}`;
    summary.focus();
  }

  function check(): { problems: Map<Column, string>; row: Record<Column, string> } {
    const raw = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, control(c).value.trim()])) as Record<Column, string>;
    // Day/month/year as British spreadsheets write it, read the same way the importer reads it.
    const [, day, month, year] = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw.date) ?? [];
    if (day && month && year) raw.date = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
    const problems = new Map<Column, string>();
    const add = (c: Column, message: string) => {
      if (!problems.has(c)) problems.set(c, message);
    };
    const opt = (v: string) => (v === "" ? undefined : v);
    const employer = employerInput.safeParse({
      name: raw.name,
      companiesHouseNumber: opt(raw.companies_house_number),
      sectorCode: raw.sector,
      sizeCode: opt(raw.size),
      areaCode: raw.area,
      website: opt(raw.website),
    });
    if (!employer.success)
      for (const issue of employer.error.issues) add(COLUMN_OF[String(issue.path[0])] ?? "name", issue.message);
    if (!raw.sector) add("sector", "is required: choose the closest sector");
    if (!raw.area) add("area", "is required: choose where the employer is based");

    let ratePence: number | undefined;
    if (raw.hourly_rate) {
      const r = poundsToPence.safeParse(raw.hourly_rate);
      if (r.success) ratePence = r.data;
      else add("hourly_rate", r.error.issues[0]?.message ?? "is not an amount in pounds");
    }
    const rateArea = raw.rate_area || areaRates[raw.area] || "";
    const event = eventInput.safeParse({
      event: raw.event,
      effectiveOn: raw.date,
      rateArea,
      ratePence,
      workersCovered: opt(raw.workers_covered),
      workersUplifted: opt(raw.workers_uplifted),
      sourceUrl: raw.source_url,
      note: opt(raw.note),
    });
    if (!event.success) {
      for (const issue of event.error.issues) {
        const column = COLUMN_OF[String(issue.path[0])] ?? "event";
        // An empty date or source gets a plainer message than the format rule.
        if (column === "date" && !raw.date) add("date", "is required: enter the date it happened");
        else if (column === "source_url" && !raw.source_url)
          add("source_url", "is required: every record needs a public source");
        else if (column === "rate_area" && !raw.area) continue;
        else add(column, issue.message);
      }
    } else if (event.data.event === "rate_implemented" && ratePence != null) {
      // The importer refuses a move below the living wage in force on the date; say so now rather than later.
      const problem = belowFloor(rates, event.data.rateArea, event.data.effectiveOn, ratePence);
      if (problem) add("hourly_rate", `is too low: ${problem}`);
    }
    // Order problems as the fields appear, so the summary reads top to bottom.
    const ordered = new Map(
      IMPORT_COLUMNS.flatMap((c) => {
        const message = problems.get(c);
        return message === undefined ? [] : [[c, message] as const];
      }),
    );
    return { problems: ordered, row: { ...raw, rate_area: raw.rate_area } };
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearErrors();
    result.hidden = true;
    const { problems, row } = check();
    if (problems.size) {
      showErrors(problems);
      return;
    }
    const text = csvFile(row);
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    blobUrl = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    download.href = blobUrl;
    const slug =
      row.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 40) || "employer";
    download.download = `living-wage-${slug}-${row.date}.csv`;
    preview.textContent = text;
    result.hidden = false;
    result.focus();
  });
}
