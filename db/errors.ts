/** The two kinds of expected failure; anything else is a bug. The CLI maps them to exit codes 1 and 2. */

export interface Problem {
  /** Spreadsheet row (header is row 1), when the input came from a file. */
  row?: number;
  field: string;
  message: string;
}

/** Input that was understood but refused: exit code 1. Nothing was written. */
export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[] | string) {
    const list = typeof problems === "string" ? [{ field: "input", message: problems }] : problems;
    super(list.map(formatProblem).join("\n"));
    this.name = "InputError";
    this.problems = list;
  }
}

/** A command used wrongly (a missing flag, an unknown option): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** `row 7, field area: reason`, or `field area: reason` without a row. */
export function formatProblem(p: Problem): string {
  return p.row !== undefined
    ? `row ${p.row}, field ${p.field}: ${p.message}`
    : p.field === "input"
      ? p.message
      : `${p.field}: ${p.message}`;
}

/** The message of a refused value's first issue (a zod error always has one), for checks of a single value. */
export function firstIssue(error: { issues: readonly { message: string }[] }): string {
  return must(error.issues[0], "the issue of a refused value").message;
}

/** The value, or an error naming what was missing: for what the code itself guarantees, so a miss is a bug. */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing; this is a bug in lwd`);
  return value;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * `text` cut to at most `max` characters with "..." when longer, for quoting a value in a message. Cut between
 * graphemes, so an emoji, a flag or a letter with its accent is kept whole or left out, never split in half.
 */
export function shorten(text: string, max = 60): string {
  if (text.length <= max) return text;
  let kept = "";
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 3) break;
    kept += segment;
  }
  return `${kept}...`;
}
