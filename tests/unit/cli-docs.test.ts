/**
 * Every `lwd` command and option explains itself in --help and has its place in docs/cli.md. The tree is read from
 * `buildProgram()` as it is, so a command added later is held to the same rule without touching this test.
 */
import type { Command, Option } from "commander";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../scripts/cli/lwd.ts";

const DOC = "docs/cli.md";
const docText = readFileSync(new URL(`../../${DOC}`, import.meta.url), "utf8");

interface Node {
  command: Command;
  /** The full path as typed, e.g. `lwd employer add`. */
  path: string;
}

/** Every command in the tree, the program itself first, parents before their subcommands. */
function commandsOf(command: Command, parent = ""): Node[] {
  const path = parent ? `${parent} ${command.name()}` : command.name();
  return [{ command, path }, ...command.commands.flatMap((c) => commandsOf(c, path))];
}

const program = buildProgram();
const commands = commandsOf(program);
const visibleOptions = (command: Command): readonly Option[] => command.options.filter((o) => !o.hidden);
const flagOf = (o: Option) => o.long ?? o.short ?? o.flags;

interface Section {
  level: number;
  heading: string;
  /** The heading's text and everything under it up to the next heading of the same or a higher level. */
  text: string;
}

/** The Markdown sections of the doc; lines inside fenced code blocks are never headings. */
function sectionsOf(markdown: string): Section[] {
  const lines = markdown.split("\n");
  const headings: { line: number; level: number; heading: string }[] = [];
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^(#{1,6})\s+(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) headings.push({ line: i, level: m[1].length, heading: m[2] });
  });
  return headings.map((h, i) => {
    const end = headings.slice(i + 1).find((next) => next.level <= h.level)?.line ?? lines.length;
    return { level: h.level, heading: h.heading, text: lines.slice(h.line, end).join("\n") };
  });
}

/** The command a code span such as `lwd employer add <slug>` names: the deepest one its words lead to. */
function commandNamedBy(span: string): Command | undefined {
  const [first, ...words] = span.trim().split(/\s+/);
  if (first !== program.name()) return undefined;
  let command: Command = program;
  for (const word of words) {
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    command = sub;
  }
  return command;
}

const sections = sectionsOf(docText);
/** For each command, the sections whose heading names it in a code span. */
const sectionsByCommand = new Map<Command, Section[]>();
for (const section of sections) {
  for (const [, span] of section.heading.matchAll(/`([^`]+)`/g)) {
    const command = span === undefined ? undefined : commandNamedBy(span);
    if (command) sectionsByCommand.set(command, [...(sectionsByCommand.get(command) ?? []), section]);
  }
}

describe("lwd --help", () => {
  it("describes every command", () => {
    const undescribed = commands.filter(({ command }) => !command.description().trim()).map(({ path }) => path);
    expect(undescribed, "commands without .description(…)").toEqual([]);
  });

  it("describes every option of every command", () => {
    const undescribed = commands.flatMap(({ command, path }) =>
      visibleOptions(command)
        .filter((o) => !o.description.trim())
        .map((o) => `${path} ${flagOf(o)}`),
    );
    expect(undescribed, "options without a description").toEqual([]);
  });
});

describe(DOC, () => {
  it("has a section for every command, its heading naming the command in a code span", () => {
    const missing = commands
      .filter(({ command }) => command !== program && !sectionsByCommand.has(command))
      .map(({ path }) => path);
    expect(missing, `commands with no heading such as "## \`lwd employer add\`" in ${DOC}`).toEqual([]);
  });

  it("names every option in its command's section (the program's own options anywhere)", () => {
    const missing = commands.flatMap(({ command, path }) => {
      const text =
        command === program
          ? docText
          : (sectionsByCommand
              .get(command)
              ?.map((s) => s.text)
              .join("\n") ?? "");
      return visibleOptions(command)
        .filter((o) => !new RegExp(`${flagOf(o)}(?![\\w-])`).test(text))
        .map((o) => `${path} ${flagOf(o)}`);
    });
    expect(missing, `options not named in their command's section of ${DOC}`).toEqual([]);
  });
});
