/** `lwd employer add | show | find`. */
import { addEmployer, findEmployers, getEmployer, type EmployerRecord } from "../db/domain/employers.ts";
import { formatPence } from "../db/domain/rates.ts";
import { InputError } from "../db/errors.ts";
import { dbFor, printJson, say, table, writerFor, type GlobalOptions } from "./context.ts";

export interface EmployerAddOptions extends GlobalOptions {
  name?: string;
  sector?: string;
  area?: string;
  size?: string;
  companyNumber?: string;
  website?: string;
  otherName?: string[];
}

/** Adds an employer; prints its slug. */
export function employerAdd(options: EmployerAddOptions): void {
  const db = dbFor(options);
  const actor = writerFor(db, options);
  const created = addEmployer(
    db,
    { name: options.name ?? "", sectorCode: options.sector ?? "", areaCode: options.area ?? "", sizeCode: options.size, companiesHouseNumber: options.companyNumber, website: options.website },
    options.otherName ?? [],
    actor,
  );
  if (options.json) printJson(created);
  else {
    say(`Added ${options.name} as ${created.slug}. Record its pledge or accreditation with:`);
    say(`  lwd event add ${created.slug} --event pledged --date YYYY-MM-DD --source URL`);
    process.stdout.write(`${created.slug}\n`);
  }
}

/** Prints one employer with its history. */
export function employerShow(slug: string, options: GlobalOptions): void {
  const db = dbFor(options);
  const record = getEmployer(db, slug);
  if (!record) throw new InputError([{ field: "employer", message: `no employer has the slug "${slug}"; \`lwd employer find NAME\` finds it` }]);
  if (options.json) return printJson(record);
  process.stdout.write(`${describeEmployer(record)}\n`);
}

function describeEmployer(r: EmployerRecord): string {
  const lines = [
    `${r.name}  (${r.slug})`,
    `  status:   ${r.status ? `${r.status} since ${r.since} (${r.rateArea === "london" ? "London" : "UK"} rate)` : "no commitment recorded"}`,
    `  sector:   ${r.sectorName} (${r.sectorCode})`,
    `  area:     ${r.areaName} (${r.areaCode})`,
    `  size:     ${r.sizeName ?? "unknown"}`,
  ];
  if (r.companiesHouseNumber) lines.push(`  company:  ${r.companiesHouseNumber}`);
  if (r.website) lines.push(`  website:  ${r.website}`);
  if (r.otherNames.length) lines.push(`  also:     ${r.otherNames.join("; ")}`);
  if (r.formerSlugs.length) lines.push(`  formerly: ${r.formerSlugs.join(", ")}`);
  lines.push("  events:");
  for (const e of r.events) {
    const extra = [e.ratePence != null ? formatPence(e.ratePence) : "", e.workersCovered != null ? `${e.workersCovered} workers covered` : "", e.reason ?? ""].filter(Boolean).join(", ");
    lines.push(`    ${e.effectiveOn}  ${e.event.padEnd(16)} ${extra ? `${extra}  ` : ""}${e.sourceUrl}`);
  }
  return lines.join("\n");
}

/** Lists employers whose names contain the query. */
export function employerFind(query: string, options: GlobalOptions): void {
  const db = dbFor(options);
  const found = findEmployers(db, query);
  if (options.json) return printJson(found);
  if (!found.length) return say(`No employer matches "${query}".`);
  process.stdout.write(`${table([["slug", "status", "since", "name"], ...found.map((e) => [e.slug, e.status ?? "-", e.since ?? "-", e.name])])}\n`);
}
