/** `lwd export --format csv|json [--out FILE]`: the whole directory as a reviewable, reusable text file. */
import { stringify } from "csv-stringify/sync";
import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { EXPORT_COLUMNS, exportEmployers, exportRows } from "../../db/domain/export.ts";
import { UsageError } from "../../db/errors.ts";
import { plural } from "../../db/labels.ts";
import { dbToRead, printJson, requireFolderFor, say, type GlobalOptions } from "./context.ts";

export interface ExportOptions extends GlobalOptions {
  format?: string;
  out?: string;
}

/**
 * Writes all of `text`: one write may take only part of it (a file reaching its size limit, a full pipe), and the
 * next one then reports why, so a short write never passes as a whole export.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let done = 0; done < bytes.length;) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (error) {
      // stdout as a non-blocking pipe: wait a moment for the reader, then write on.
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

export function exportCommand(options: ExportOptions): void {
  const format = options.format ?? "csv";
  if (format !== "csv" && format !== "json") throw new UsageError(`--format must be csv or json, not "${format}"`);
  if (options.json && !options.out && format === "csv")
    throw new UsageError(
      "--json prints one JSON document on stdout; with --format csv, write the CSV to a file with --out FILE",
    );
  if (options.out) requireFolderFor(options.out, "the export");
  const db = dbToRead(options);
  const employers = exportEmployers(db);
  const eventCount = employers.reduce((n, e) => n + e.events.length, 0);
  // Written to a temporary file in the same folder and renamed, so an export cut short (a full disk, an interrupt)
  // never leaves half a file under the real name, nor a partial file beside it.
  const out = options.out;
  const temp = out ? `${out}.partial-${process.pid}` : null;
  const fd = temp ? openSync(temp, "w") : 1;
  let open = temp !== null;
  try {
    if (format === "csv") {
      writeAll(fd, stringify([EXPORT_COLUMNS as unknown as string[]]));
      for (let i = 0; i < employers.length; i += 1000)
        writeAll(fd, stringify(employers.slice(i, i + 1000).flatMap(exportRows)));
    } else {
      const document = { exportedAt: new Date().toISOString(), employerCount: employers.length, eventCount, employers };
      // "<" escaped so the file is safe to inline in a web page; JSON readers see the same text.
      writeAll(fd, `${JSON.stringify(document, null, 2).replace(/</g, "\\u003c")}\n`);
    }
    if (temp && out) {
      closeSync(fd);
      open = false;
      renameSync(temp, out);
    }
  } finally {
    if (open) closeSync(fd);
    if (temp) rmSync(temp, { force: true });
  }
  if (out) {
    if (options.json) printJson({ ok: true, file: out, format, employers: employers.length, events: eventCount });
    else say(`Exported ${plural(employers.length, "employer")} and ${plural(eventCount, "event")} to ${out} (${format}).`);
  }
}
