/**
 * `lwd`: every command registered here; one catch block decides the exit code. The tree of commands and flags is
 * built up front (for parsing and --help), but each command's module is imported only when that command runs, so
 * `lwd figures` does not load the CSV parser, the prompts, zod or the ORM that other commands need.
 */
import { Command, CommanderError, Option } from "commander";
import { EVENT_KINDS, SCHEMES } from "../../db/enums.ts";
import { InputError, UsageError } from "../../db/errors.ts";
import { commandEnded } from "./command-end.ts";
import { optionsOf, printJson, table } from "./common.ts";
import { printable } from "./terminal.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Builds the command tree; exported so tests can run commands in-process. */
export function buildProgram(): Command {
  const program = new Command("lwd")
    .description("Keep the Living Wage Directory: employers, their commitments, rates and figures.")
    .option("--db <path>", "database file (default: $LWD_DB or db/livingwage.sqlite)")
    .option("--as <handle>", "who is making this change (default: $LWD_AS)")
    .option("--json", "print one JSON document on stdout")
    .option("--debug", "show the stack trace of an unexpected error")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  const employer = program.command("employer").description("add, show, find, edit and merge employers");
  employer
    .command("add")
    .description("add an employer (then record its pledge with `lwd event add`)")
    .option("--name <name>", "the employer's name")
    .option("--sector <code>", 'SIC section letter or name, e.g. K or "Financial and insurance activities"')
    .option("--area <code>", "London borough or UK region/nation: GSS code or name, e.g. E09000012 or Hackney")
    .option("--size <band>", "micro, small, medium or large")
    .option("--company-number <number>", "Companies House number")
    .option("--website <url>", "http(s) address")
    .option("--other-name <name>", "a former or trading name (repeatable)", collect)
    .option("--service <service>", "a service it sells, code or name (repeatable; see lwd lookups services)", collect)
    .option("--new", "add it even though it looks like an existing employer")
    .action(async (_o, cmd: Command) => (await import("./employer.ts")).employerAdd(optionsOf(cmd)));
  employer
    .command("edit <slug>")
    .description("change an employer's details (staff only; audited with before, after and why; the slug stays)")
    .option("--name <name>", "new name (the old one is kept as an other name)")
    .option("--sector <code>", "SIC section letter or name")
    .option("--area <code>", "GSS code or name")
    .option("--size <band>", 'micro, small, medium or large ("" for unknown)')
    .option("--company-number <number>", 'Companies House number ("" to clear)')
    .option("--website <url>", 'http(s) address ("" to clear)')
    .option("--add-other-name <name>", "add a former or trading name (repeatable)", collect)
    .option("--remove-other-name <name>", "remove an other name (repeatable)", collect)
    .option("--service <service>", "add a service it sells, code or name (repeatable)", collect)
    .option("--remove-service <service>", "remove a service (repeatable)", collect)
    .option("--why <reason>", "why the record is changed (required)")
    .action(async (slug: string, _o, cmd: Command) =>
      (await import("./employer.ts")).employerEdit(slug, optionsOf(cmd)),
    );
  employer
    .command("merge <from> <into>")
    .description("merge the duplicate FROM into INTO (staff only): events and names move, FROM's slug redirects")
    .option("--why <reason>", "why they are the same employer (required)")
    .action(async (from: string, into: string, _o, cmd: Command) =>
      (await import("./employer.ts")).employerMerge(from, into, optionsOf(cmd)),
    );
  employer
    .command("show <slug>")
    .description("an employer's status, details and history")
    .action(async (slug: string, _o, cmd: Command) =>
      (await import("./employer.ts")).employerShow(slug, optionsOf(cmd)),
    );
  employer
    .command("find <query>")
    .description("employers whose name, other name or company number contains the query")
    .action(async (query: string, _o, cmd: Command) =>
      (await import("./employer.ts")).employerFind(query, optionsOf(cmd)),
    );

  const event = program
    .command("event")
    .description("record pledges, accreditations, rate moves and changes of status");
  event
    .command("add <slug>")
    .description("record one event in an employer's history")
    .addOption(new Option("--event <kind>", "what happened").choices(EVENT_KINDS))
    .addOption(new Option("--scheme <scheme>", "the scheme it belongs to (default: living_wage)").choices(SCHEMES))
    .option("--date <YYYY-MM-DD>", "the day it took effect")
    .addOption(new Option("--rate-area <area>", "rate area (default: the employer's area)").choices(["london", "uk"]))
    .option("--rate <pounds>", "hourly rate moved to, for rate_implemented (e.g. 14.80)")
    .option("--workers-covered <n>", "workers covered by the commitment")
    .option("--workers-uplifted <n>", "workers given a pay rise")
    .option("--source <url>", "where this is published (required)")
    .option("--note <text>", "anything a reader should know")
    .option("--reason <text>", "why, for lapsed, revoked and withdrawn")
    .action(async (slug: string, _o, cmd: Command) => (await import("./event.ts")).eventAdd(slug, optionsOf(cmd)));
  event
    .command("correct <id>")
    .description(
      "correct a recorded event in place (staff only; checked as a new event is; audited, and published with the reason)",
    )
    .addOption(new Option("--event <kind>", "what happened").choices(EVENT_KINDS))
    .addOption(new Option("--scheme <scheme>", "the scheme it belongs to").choices(SCHEMES))
    .option("--date <YYYY-MM-DD>", "the day it took effect")
    .addOption(new Option("--rate-area <area>", "rate area").choices(["london", "uk"]))
    .addOption(new Option("--area <area>", "rate area (the same as --rate-area)").choices(["london", "uk"]))
    .option("--rate <pounds>", 'hourly rate moved to, for rate_implemented ("" to clear)')
    .option("--workers-covered <n>", 'workers covered by the commitment ("" to clear)')
    .option("--workers-uplifted <n>", 'workers given a pay rise ("" to clear)')
    .option("--source <url>", "where this is published")
    .option("--note <text>", 'anything a reader should know ("" to clear)')
    .option("--reason <text>", 'why, for lapsed, revoked and withdrawn ("" to clear)')
    .option("--why <reason>", "why the event is corrected (required; published with it)")
    .action(async (id: string, _o, cmd: Command) => (await import("./event.ts")).eventCorrect(id, optionsOf(cmd)));
  event
    .command("retract <id>")
    .description("retract a recorded event (staff only): it stops counting but stays in the history, marked")
    .option("--why <reason>", "why the event is retracted (required; published with it)")
    .action(async (id: string, _o, cmd: Command) => (await import("./event.ts")).eventRetract(id, optionsOf(cmd)));

  program
    .command("import [file]")
    .description("import a CSV of pledges and other events, one event a row: the whole file or nothing")
    .option("--template", "print the header and an example row")
    .option("--dry-run", "check every row and report what would change; change nothing")
    .option("--new", "create employers that only look like existing ones (never one whose company number is in use)")
    .action(async (file: string | undefined, _o, cmd: Command) =>
      (await import("./import.ts")).importCommand(file, optionsOf(cmd)),
    );

  const rates = program.command("rates").description("the living-wage rate history");
  rates
    .command("list")
    .description(
      "every published rate: id, area, amount, when announced, implement-by date and source (retracted ones marked)",
    )
    .option("--area <area>", "london or uk")
    .action(async (_o, cmd: Command) => (await import("./rates.ts")).ratesList(optionsOf(cmd)));
  rates
    .command("add")
    .description("publish a new living-wage rate (staff only)")
    .option("--area <area>", "london or uk")
    .option("--rate <pounds>", "hourly rate in pounds, e.g. 15.40")
    .option("--announced <YYYY-MM-DD>", "the day it was announced")
    .option(
      "--implement-by <YYYY-MM-DD>",
      "when accredited employers must pay it (default: six months after the announcement)",
    )
    .option("--source <url>", "where it is published (required)")
    .option("--note <text>", "anything a reader should know")
    .option("--confirm-unusual", "add it although it is lower than the rate before it or more than 50% above it")
    .action(async (_o, cmd: Command) => (await import("./rates.ts")).ratesAdd(optionsOf(cmd)));
  rates
    .command("correct <id>")
    .description("correct a published rate in place (staff only; audited, and published with the reason)")
    .option("--area <area>", "london or uk")
    .option("--rate <pounds>", "hourly rate in pounds, e.g. 15.40")
    .option("--announced <YYYY-MM-DD>", "the day it was announced")
    .option("--implement-by <YYYY-MM-DD>", "when accredited employers must pay it")
    .option("--source <url>", "where it is published")
    .option("--note <text>", 'anything a reader should know ("" to clear)')
    .option("--confirm-unusual", "correct it although it is lower than the rate before it or more than 50% above it")
    .option("--why <reason>", "why the rate is corrected (required; published with it)")
    .action(async (id: string, _o, cmd: Command) => (await import("./rates.ts")).ratesCorrect(id, optionsOf(cmd)));
  rates
    .command("retract <id>")
    .description("retract a published rate (staff only): it stops counting but is kept, marked, with the reason")
    .option("--why <reason>", "why the rate is retracted (required; published with it)")
    .action(async (id: string, _o, cmd: Command) => (await import("./rates.ts")).ratesRetract(id, optionsOf(cmd)));

  program
    .command("export")
    .description("every employer with its current status and events, as CSV or JSON (no contributor details)")
    .option("--format <format>", "csv or json", "csv")
    .option("--out <file>", "write to this file (default: stdout)")
    .action(async (_o, cmd: Command) => (await import("./export.ts")).exportCommand(optionsOf(cmd)));

  program
    .command("figures")
    .description("the headline figures on a date")
    .option("--as-of <YYYY-MM-DD>", "the date (default: today)")
    .option("--area <code-or-name>", "count only employers in this area (a London borough, nation or region)")
    .addOption(
      new Option("--scheme <scheme>", "count this scheme's status (default: living_wage accreditation)").choices(
        SCHEMES,
      ),
    )
    .action(async (_o, cmd: Command) => (await import("./figures.ts")).figures(optionsOf(cmd)));
  program
    .command("behind")
    .description("accredited employers with no recorded move to the rate now due")
    .option("--as-of <YYYY-MM-DD>", "the date (default: today)")
    .action(async (_o, cmd: Command) => (await import("./figures.ts")).behind(optionsOf(cmd)));
  program
    .command("stale")
    .description("employers whose latest evidence is oldest: the records to re-confirm, oldest first")
    .option("--as-of <YYYY-MM-DD>", "the date (default: today)")
    .option("--older-than <period>", "list evidence older than this: years, months or days, e.g. 2y, 18m, 90d", "2y")
    .action(async (_o, cmd: Command) => (await import("./figures.ts")).stale(optionsOf(cmd)));

  program
    .command("generate")
    .description("fictional employers and histories for benchmarks: a CSV for `lwd import`, or straight into --db")
    .option("--employers <n>", "how many employers (about ten events each)")
    .option("--seed <seed>", "the same seed gives the same data (default: 1)")
    .option("--out <file>", "write the CSV here (default: stdout, unless --db)")
    .option(
      "--until <YYYY-MM-DD>",
      "no event after this day (default: the latest seeded rate's implement-by date, or today)",
    )
    .option("--quiet", "print nothing on success")
    .action(async (_o, cmd: Command) => (await import("./generate.ts")).generate(optionsOf(cmd)));

  const contributor = program.command("contributor").description("the people who may write");
  contributor
    .command("add <handle>")
    .description("add a campaigner or member of staff (staff only; the first staff member needs no --as)")
    .option("--name <name>", "full name")
    .addOption(new Option("--role <role>", "campaigner or staff").choices(["campaigner", "staff"]))
    .option("--email <email>", "contact address (never published)")
    .option("--organisation <name>", "organisation")
    .option("--credit", "credit this contributor by name in published data")
    .action(async (handle: string, _o, cmd: Command) =>
      (await import("./contributor.ts")).contributorAdd(handle, optionsOf(cmd)),
    );
  contributor
    .command("list")
    .description("the contributors who may write: handle, role and name (no emails)")
    .action(async (_o, cmd: Command) => (await import("./contributor.ts")).contributorList(optionsOf(cmd)));

  program
    .command("lookups <kind>")
    .description("the allowed sectors, areas, sizes or services")
    .action(async (kind: string, _o, cmd: Command) => {
      const options = optionsOf(cmd);
      const [{ loadLookups }, { dbToRead }] = await Promise.all([
        import("../../db/domain/lookups.ts"),
        import("./context.ts"),
      ]);
      const all = loadLookups(dbToRead(options));
      const list = kind.startsWith("sector")
        ? all.sectors
        : kind.startsWith("area")
          ? all.areas
          : kind.startsWith("size")
            ? all.sizes
            : kind.startsWith("service")
              ? all.services
              : null;
      if (!list) throw new UsageError("lookups takes sectors, areas, sizes or services");
      if (options.json) return printJson(list);
      process.stdout.write(`${table(list.map((l) => [l.code, l.name]))}\n`);
    });

  const db = program.command("db").description("create, upgrade and check the database");
  db.command("migrate")
    .description("create or upgrade the database and load the seed")
    .option("--quiet", "print nothing on success")
    .action(async (_o, cmd: Command) => (await import("./database.ts")).dbMigrate(optionsOf(cmd)));
  db.command("backup <file>")
    .description("write a consistent copy of the database to a new file (never overwrites)")
    .action(async (file: string, _o, cmd: Command) => (await import("./backup.ts")).dbBackup(file, optionsOf(cmd)));
  db.command("restore <file>")
    .description("replace the database with a checked backup (needs --force when one exists; the old one is kept)")
    .option("--force", "replace the existing database")
    .action(async (file: string, _o, cmd: Command) => (await import("./backup.ts")).dbRestore(file, optionsOf(cmd)));
  db.command("check")
    .description("integrity, foreign-key and domain checks")
    .action(async (_o, cmd: Command) => (await import("./database.ts")).dbCheck(optionsOf(cmd)));
  program
    .command("seed")
    .description("load the bundled reference data and sourced employers (idempotent)")
    .action(async (_o, cmd: Command) => (await import("./database.ts")).dbMigrate(optionsOf(cmd)));

  return program;
}

/** Runs `lwd` with argv and returns the exit code: 0 done, 1 rejected input, 2 usage, 70 a bug. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  let succeeded = false;
  try {
    await program.parseAsync(argv, { from: "user" });
    succeeded = true;
    return 0;
  } catch (error) {
    return exitCodeOf(error, argv);
  } finally {
    commandEnded(succeeded);
  }
}

/** Prints what went wrong, once, and gives the exit code for it. */
function exitCodeOf(error: unknown, argv: string[]): number {
  const json = argv.includes("--json");
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.code === "commander.help"
    )
      return 0;
    return 2;
  }
  if (error instanceof InputError) {
    if (json) printJson({ ok: false, problems: error.problems });
    process.stderr.write(
      `lwd: ${error.problems.length > 1 ? `${error.problems.length} problems, nothing was changed:\n` : ""}${printable(error.message)}\n`,
    );
    return 1;
  }
  if (error instanceof UsageError) {
    // A script that asked for JSON still gets one document, even when the command was used wrongly.
    if (json) printJson({ ok: false, usage: error.message });
    process.stderr.write(`lwd: ${error.message}\n`);
    return 2;
  }
  const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  // drizzle wraps SQLite's errors; the code that says what went wrong is on the cause.
  const code = e?.code ?? e?.cause?.code ?? "";
  if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")) {
    process.stderr.write(
      "lwd: the file named by --db (or LWD_DB) is not a database, or is damaged; nothing was changed. Check the path, or restore a backup with `lwd db restore`.\n",
    );
    return 1;
  }
  if (
    code.startsWith("SQLITE_READONLY") ||
    code.startsWith("SQLITE_CANTOPEN") ||
    code === "SQLITE_PERM" ||
    code === "SQLITE_AUTH"
  ) {
    process.stderr.write(
      `lwd: cannot write to the database (${e.cause?.message ?? e.message}); check the file's permissions and --db. Nothing was changed.\n`,
    );
    return 1;
  }
  const fault = faultMessage(code, (e?.cause as Error | undefined) ?? e);
  if (fault) {
    process.stderr.write(`lwd: ${fault}\n`);
    return 1;
  }
  if (e?.code === "SQLITE_BUSY") {
    process.stderr.write("lwd: the database is busy with another write; nothing was changed. Try again in a moment.\n");
    return 1;
  }
  process.stderr.write(`lwd: unexpected error (a bug; please report it): ${e?.message ?? String(error)}\n`);
  if (argv.includes("--debug")) process.stderr.write(`${e?.stack ?? ""}\n`);
  else process.stderr.write("Run again with --debug to see the stack trace.\n");
  return 70;
}

/** Codes that mean the disk, or the limit on a file's size, left no room to write. */
const NO_ROOM = new Set(["ENOSPC", "EFBIG", "EDQUOT", "SQLITE_FULL"]);
/** What a file-system error code means, for a person. */
const FILE_FAULTS: Record<string, string> = {
  EISDIR: "it is a folder, not a file",
  ENOTDIR: "part of the path is a file, not a folder",
  ENOENT: "there is no such file or folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  EEXIST: "a file of that name already exists",
};

/**
 * The one-line reason for a fault of the machine rather than of lwd or its input (a full disk, a folder where a file
 * was expected), or null for anything else. Writes are transactions or go to a temporary file that is removed, so
 * nothing was changed.
 */
function faultMessage(code: string, e: Error & { path?: string; syscall?: string }): string | null {
  const after = "Nothing was changed; free some space and run the command again.";
  if (NO_ROOM.has(code))
    return `could not write: the disk is full, or a file reached its size limit (${e.message}). ${after}`;
  if (code.startsWith("SQLITE_IOERR"))
    return `could not read or write a file (${e.message}): the disk may be full or failing. ${after}`;
  const reason = FILE_FAULTS[code];
  if (reason && e.path)
    return `cannot ${e.syscall ?? "use"} ${e.path}: ${reason}. Nothing was changed; check the path and run the command again.`;
  return null;
}

if (process.argv[1] && /scripts\/cli\/lwd\.ts$/.test(process.argv[1])) {
  process.exitCode = await run(process.argv.slice(2));
}
