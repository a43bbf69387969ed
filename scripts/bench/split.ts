/** Splits a generated CSV into files the importer accepts (it refuses over 40 MB or 200,000 rows), at employer boundaries. */
import { createReadStream, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";

/** Writes `${base}-1.csv`, `${base}-2.csv` … each with the header; an employer's rows stay in one file. Returns the paths. */
export async function splitCsv(
  file: string,
  base: string,
  limits = { rows: 150_000, bytes: 36 * 1024 * 1024 },
): Promise<string[]> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  const parts: string[] = [];
  let header = "";
  let chunk: string[] = [];
  let bytes = 0;
  let lastName = "";
  const flush = () => {
    if (!chunk.length) return;
    const path = `${base}-${parts.length + 1}.csv`;
    writeFileSync(path, `${header}\n${chunk.join("\n")}\n`);
    parts.push(path);
    chunk = [];
    bytes = 0;
  };
  for await (const line of lines) {
    if (!header) {
      header = line;
      continue;
    }
    // Generated names hold no commas or quotes, so the first field is the text before the first comma.
    const name = line.slice(0, line.indexOf(","));
    if (name !== lastName && (chunk.length >= limits.rows || bytes + line.length * 2 > limits.bytes)) flush();
    lastName = name;
    chunk.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  flush();
  return parts;
}
