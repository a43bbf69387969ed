/** `lwd import FILE.csv [--dry-run] [--new]` and `lwd import --template`. */
import cliProgress from "cli-progress";
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import {
  importPledges,
  importQuestions,
  importTemplate,
  MAX_IMPORT_BYTES,
  type DuplicateDecision,
  type ImportOptions,
} from "../../db/domain/import.ts";
import { InputError, UsageError } from "../../db/errors.ts";
import { plural } from "../../db/labels.ts";
import { dbForLongWrite, printJson, say, writerFor, type GlobalOptions } from "./context.ts";
import { askDuplicate, canPrompt } from "./prompts.ts";
import { printable } from "./terminal.ts";

export interface ImportCommandOptions extends GlobalOptions {
  template?: boolean;
  dryRun?: boolean;
  new?: boolean;
}

/** A progress bar shows on files this long, and only on a terminal. */
const PROGRESS_MIN_ROWS = 2000;

export async function importCommand(file: string | undefined, options: ImportCommandOptions): Promise<void> {
  if (options.template) {
    if (file) throw new UsageError("--template prints the header and an example row; give it no file");
    process.stdout.write(importTemplate());
    return;
  }
  if (!file)
    throw new UsageError(
      "import needs a CSV file: lwd import FILE.csv [--dry-run] (lwd import --template prints the columns)",
    );
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "there is no such file" : (error as Error).message}`,
    );
  }
  // Refused before reading, so a huge file costs nothing.
  if (size > MAX_IMPORT_BYTES)
    throw new InputError([
      {
        field: "file",
        message: `${basename(file)} is ${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it into smaller files`,
      },
    ]);
  const bytes = readFileSync(file);
  const { db, ensureSound, lookAlikes } = dbForLongWrite(options);
  const actor = writerFor(db, options);
  const progress = progressBar();
  const importOptions: ImportOptions = {
    actor,
    dryRun: options.dryRun,
    allowNew: options.new,
    fileName: basename(file),
    lookAlikes,
    // The first "writing" call comes inside the write transaction, before any row is written.
    onProgress: (phase, done, total) => {
      if (phase === "writing" && done === 0) ensureSound();
      progress.update(phase, done, total);
    },
  };

  try {
    if (canPrompt(options) && !options.dryRun && !options.new) {
      const questions = importQuestions(db, bytes, importOptions);
      if (questions.length) {
        progress.stop();
        const decisions = new Map<string, DuplicateDecision>();
        for (const q of questions) decisions.set(q.key, await askDuplicate(q.name, q.matches, `row ${q.row}`));
        importOptions.decisions = decisions;
      }
    }
    let summary: ReturnType<typeof importPledges>;
    try {
      summary = importPledges(db, bytes, importOptions);
    } catch (error) {
      // Reading a damaged page fails before the check's answer is asked for: the check names the damage.
      const e = error as { code?: string; cause?: { code?: string } };
      if (/^SQLITE_CORRUPT/.test(e.code ?? e.cause?.code ?? "")) ensureSound();
      throw error;
    }
    progress.stop();
    for (const w of summary.warnings) say(`warning: ${printable(w)}`);
    if (options.json) return printJson({ ok: true, file: basename(file), ...summary });
    const name = basename(file);
    if (summary.eventsAdded === 0 && summary.employersCreated === 0 && summary.servicesAdded === 0) {
      process.stdout.write(
        `Nothing to add: all ${summary.rows.toLocaleString("en-GB")} rows of ${name} are already in the directory.${summary.dryRun ? " (dry run)" : ""}\n`,
      );
      return;
    }
    const services = summary.servicesAdded ? `, ${plural(summary.servicesAdded, "service")} added to employers` : "";
    const counts = `${plural(summary.employersCreated, "employer")} created, ${plural(summary.eventsAdded, "event")} added${services}, ${plural(summary.rowsUnchanged, "row")} unchanged`;
    if (summary.dryRun) {
      const lines = [
        `Dry run of ${name}: every row is valid; nothing was changed. Importing it would give: ${counts}.`,
      ];
      if (summary.createdEmployers.length) lines.push("New employers:");
      for (const e of summary.createdEmployers.slice(0, 20))
        lines.push(`  row ${e.row}: ${printable(e.name)} -> ${e.slug}`);
      if (summary.createdEmployers.length > 20) lines.push(`  … and ${summary.createdEmployers.length - 20} more`);
      process.stdout.write(`${lines.join("\n")}\n`);
    } else {
      process.stdout.write(`Imported ${name}: ${counts}.\n`);
    }
  } finally {
    progress.stop();
  }
}

/** A bar on stderr for long files at a terminal; otherwise nothing. */
function progressBar() {
  let bar: cliProgress.SingleBar | null = null;
  let phase = "";
  const enabled = !!process.stderr.isTTY;
  return {
    update(nextPhase: "checking" | "writing", done: number, total: number) {
      if (!enabled || total < PROGRESS_MIN_ROWS) return;
      if (nextPhase !== phase) {
        bar?.stop();
        phase = nextPhase;
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${nextPhase.padEnd(8)} [{bar}] {percentage}% | {value}/{total} rows`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      } else bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
