/** Large, valid import files for the scale tests: distinct fictional names, several events per employer. */
import { IMPORT_COLUMNS } from "../../db/domain/import.ts";

const WORDS = [
  "Oak",
  "Birch",
  "Harbour",
  "Meadow",
  "Copper",
  "Lantern",
  "Willow",
  "Granite",
  "Thistle",
  "Orchard",
  "Falcon",
  "Beacon",
  "Heron",
  "Bramble",
  "Cedar",
  "Summit",
  "Anchor",
  "Juniper",
  "Kestrel",
  "Maple",
];
const KINDS = ["Bakery", "Garage", "Books", "Dental", "Printing", "Cafe", "Joinery", "Pharmacy", "Studio", "Nursery"];
const AREAS = ["Hackney", "Camden", "Islington", "North West", "Wales", "Scotland", "South East"];

/** The name of fictional employer `i`: unique, and not a small typo away from another (the number differs). */
export const fictionalName = (i: number) =>
  `${WORDS[i % 20]} ${KINDS[Math.floor(i / 20) % 10]} ${WORDS[Math.floor(i / 200) % 20]} ${i}`;

/** A CSV of `rows` rows: each employer gets a pledge and then an accreditation. */
export function largeImportCsv(rows: number): string {
  const out: string[] = [IMPORT_COLUMNS.join(",")];
  for (let r = 0; r < rows; r++) {
    const i = Math.floor(r / 2);
    const accredited = r % 2 === 1;
    out.push(
      [
        fictionalName(i),
        "",
        "GIMPQ"[i % 5],
        "",
        AREAS[i % AREAS.length],
        "",
        accredited ? "accredited" : "pledged",
        accredited ? "2021-06-01" : "2020-03-01",
        "",
        "",
        String(10 + (i % 500)),
        "",
        `https://example.org/fictional/pledges/${i}`,
        "Fictional row for a scale test",
      ].join(","),
    );
  }
  return `${out.join("\n")}\n`;
}
