/** `lwd employer add | show | find | edit | merge`. */
import {
  addEmployer,
  duplicatesOf,
  editEmployer,
  findEmployers,
  getEmployer,
  mergeEmployers,
  validateEmployer,
  type EmployerRecord,
} from "../../db/domain/employers.ts";
import { loadLookups } from "../../db/domain/lookups.ts";
import { formatPence } from "../../db/domain/rates.ts";
import { formatDate } from "../../db/dates.ts";
import { correctionText, plural, RATE_AREA_LABELS } from "../../db/labels.ts";
import { InputError, UsageError } from "../../db/errors.ts";
import { companyNumber, employerInput, httpUrl } from "../../db/validation.ts";
import { dbFor, dbToRead, printJson, say, table, writerFor, type GlobalOptions } from "./context.ts";
import { askDuplicate, askEmployer, canPrompt, requireFlags } from "./prompts.ts";

/** The employer fields that add and edit both take as flags. */
interface EmployerFieldOptions extends GlobalOptions {
  name?: string;
  sector?: string;
  area?: string;
  size?: string;
  companyNumber?: string;
  website?: string;
}

export interface EmployerAddOptions extends EmployerFieldOptions {
  otherName?: string[];
  service?: string[];
  new?: boolean;
}

/**
 * Adds an employer; prints its slug. Missing fields are asked for at a terminal (else a usage error names them);
 * a likely duplicate is asked about at a terminal (else refused unless --new).
 */
export async function employerAdd(options: EmployerAddOptions): Promise<void> {
  const db = dbFor(options);
  const actor = writerFor(db, options);
  const interactive = canPrompt(options);
  let o = options;
  const missing = [!o.name && "--name", !o.sector && "--sector", !o.area && "--area"].filter(Boolean) as string[];
  if (missing.length && !interactive) requireFlags("employer add", missing);
  if (missing.length)
    o = {
      ...o,
      ...(await askEmployer(o, loadLookups(db), { name: employerInput.shape.name, companyNumber, website: httpUrl })),
    };
  const input = {
    name: o.name ?? "",
    sectorCode: o.sector ?? "",
    areaCode: o.area ?? "",
    sizeCode: o.size,
    companiesHouseNumber: o.companyNumber,
    website: o.website,
  };
  let useExisting: string | undefined;
  let allowNew = o.new;
  if (interactive && !allowNew) {
    const checked = validateEmployer(input, loadLookups(db));
    if (checked.ok) {
      const { similar } = duplicatesOf(db, checked.value);
      if (similar.length) {
        const decision = await askDuplicate(
          checked.value.name,
          similar.map((m) => ({
            slug: m.employer.slug,
            name: m.employer.name,
            because: m.because,
            isCompanyNumber:
              !!checked.value.companiesHouseNumber &&
              m.employer.companiesHouseNumber === checked.value.companiesHouseNumber,
          })),
        );
        if (decision === "new") allowNew = true;
        else useExisting = decision.use;
      }
    }
  }
  const result = addEmployer(db, input, o.otherName ?? [], actor, {
    allowNew,
    useExisting,
    services: o.service,
  });
  if (options.json) printJson(result);
  else {
    if (result.created) say(`Added ${input.name} as ${result.slug}. Record its pledge or accreditation with:`);
    else
      say(
        `${input.name} is already in the directory as ${result.slug}; nothing was added. Record an event for it with:`,
      );
    say(`  lwd event add ${result.slug} --event pledged --date YYYY-MM-DD --source URL`);
    process.stdout.write(`${result.slug}\n`);
  }
}

export interface EmployerEditOptions extends EmployerFieldOptions {
  addOtherName?: string[];
  removeOtherName?: string[];
  service?: string[];
  removeService?: string[];
  why?: string;
}

/** Changes an employer's details (staff only); `--size ""` and the like clear an optional field. */
export function employerEdit(slug: string, options: EmployerEditOptions): void {
  const given = [
    "name",
    "sector",
    "area",
    "size",
    "companyNumber",
    "website",
    "addOtherName",
    "removeOtherName",
    "service",
    "removeService",
  ].filter((k) => options[k as keyof EmployerEditOptions] !== undefined);
  if (!given.length)
    throw new UsageError(
      "employer edit needs at least one change: --name, --sector, --area, --size, --company-number, --website, --add-other-name, --remove-other-name, --service or --remove-service",
    );
  if (!options.why) throw new UsageError('employer edit needs --why "…": the reason goes in the audit log');
  const db = dbFor(options);
  const actor = writerFor(db, options, { staff: true, action: "edit employers" });
  const result = editEmployer(
    db,
    slug,
    {
      name: options.name,
      sector: options.sector,
      area: options.area,
      size: options.size,
      companyNumber: options.companyNumber,
      website: options.website,
      addOtherNames: options.addOtherName,
      removeOtherNames: options.removeOtherName,
      addServices: options.service,
      removeServices: options.removeService,
    },
    options.why,
    actor,
  );
  if (options.json) return printJson(result);
  say(
    result.changed.length
      ? `Changed ${result.slug}: ${result.changed.join(", ")}.`
      : `Nothing to change: ${result.slug} already has those details.`,
  );
}

/** Merges the duplicate FROM into INTO (staff only). */
export function employerMerge(fromSlug: string, intoSlug: string, options: GlobalOptions & { why?: string }): void {
  if (!options.why) throw new UsageError('employer merge needs --why "…": the reason goes in the audit log');
  const db = dbFor(options);
  const actor = writerFor(db, options, { staff: true, action: "merge employers" });
  const result = mergeEmployers(db, fromSlug, intoSlug, options.why, actor);
  if (options.json) return printJson(result);
  say(
    `Merged ${result.from} into ${result.into}: ${result.eventsMoved} event(s) moved; /employers/${result.from}/ now redirects to /employers/${result.into}/.`,
  );
}

/** Prints one employer with its history. */
export function employerShow(slug: string, options: GlobalOptions): void {
  const db = dbToRead(options);
  const record = getEmployer(db, slug);
  if (!record)
    throw new InputError([
      { field: "employer", message: `no employer has the slug "${slug}"; \`lwd employer find NAME\` finds it` },
    ]);
  if (options.json) return printJson(record);
  process.stdout.write(`${describeEmployer(record)}\n`);
}

function describeEmployer(r: EmployerRecord): string {
  const lines = [
    `${r.name}  (${r.slug})`,
    `  status:   ${r.status ? `${r.status} since ${formatDate(r.since ?? "")} (${RATE_AREA_LABELS[r.rateArea ?? "uk"]})` : "no commitment recorded"}`,
    `  sector:   ${r.sectorName} (${r.sectorCode})`,
    `  area:     ${r.areaName} (${r.areaCode})`,
    `  size:     ${r.sizeName ?? "unknown"}`,
  ];
  if (r.companiesHouseNumber) lines.push(`  company:  ${r.companiesHouseNumber}`);
  if (r.website) lines.push(`  website:  ${r.website}`);
  if (r.otherNames.length) lines.push(`  also:     ${r.otherNames.join("; ")}`);
  if (r.formerSlugs.length) lines.push(`  formerly: ${r.formerSlugs.join(", ")}`);
  lines.push("  events:");
  const idWidth = Math.max(0, ...r.events.map((e) => String(e.id).length)) + 1;
  for (const e of r.events) {
    const extra = [
      e.ratePence != null ? formatPence(e.ratePence) : "",
      e.workersCovered != null ? `${plural(e.workersCovered, "worker")} covered` : "",
      e.reason ?? "",
    ]
      .filter(Boolean)
      .join(", ");
    const id = `#${e.id}`.padStart(idWidth);
    lines.push(`    ${id}  ${e.effectiveOn}  ${e.event.padEnd(16)} ${extra ? `${extra}  ` : ""}${e.sourceUrl}`);
    for (const c of e.corrections ?? [])
      lines.push(
        `    ${" ".repeat(idWidth)}  ${correctionText(c.kind, c.at.slice(0, 10), c.why)}${c.kind === "retracted" ? " (no longer counts)" : ""}`,
      );
  }
  return lines.join("\n");
}

/** Lists employers whose names contain the query. */
export function employerFind(query: string, options: GlobalOptions): void {
  const db = dbToRead(options);
  const found = findEmployers(db, query);
  if (options.json) return printJson(found);
  if (!found.length) return say(`No employer matches "${query}".`);
  process.stdout.write(
    `${table([["slug", "status", "since", "name"], ...found.map((e) => [e.slug, e.status ?? "-", e.since ?? "-", e.name])])}\n`,
  );
}
