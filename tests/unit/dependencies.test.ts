/**
 * Every package the code imports is declared in package.json, so `npm ci` on a clean machine installs it rather
 * than leaving it to whatever another package happens to pull in; what the CLI and the site build load is a
 * dependency, not a devDependency, so an install without dev tools still runs them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs|astro)$/;
const SKIPPED = new Set(["node_modules", "dist", ".astro", ".cache", "migrations", "tmp", "results"]);
/** Folders scanned whole, and the configuration files at the top of the repository. */
const FOLDERS = ["src", "db", "scripts", "tests", "bin"];
const CONFIG_FILES = readdirSync(ROOT).filter((f) => /\.config\.(ts|mts|js|mjs|cjs)$/.test(f));
/** What the CLI and the site build load at run time; everything else (tests, lint, benchmark) is a dev tool. */
const RUNTIME = [/^src\//, /^db\//, /^bin\//, /^scripts\/(cli|build)\//, /^scripts\/[^/]+$/, /^astro\.config\./];

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return SKIPPED.has(e.name) ? [] : filesUnder(rel);
    return SOURCE.test(e.name) ? [rel] : [];
  });
}

const SELF = relative(ROOT, import.meta.filename);
// This file is left out: its examples of import statements are text, and it imports only vitest and node builtins.
const sourceFiles = [...FOLDERS.flatMap((d) => filesUnder(d)), ...CONFIG_FILES].filter((f) => f !== SELF);

interface Specifier {
  file: string;
  specifier: string;
  /** `import type …` and `export type … from`: erased when compiled, so no package is loaded for it. */
  typeOnly: boolean;
}

/** Static imports and re-exports, `import("…")`, `import.meta.resolve("…")` and `require("…")` with a literal. */
export function specifiersIn(text: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const statements = /(?:^|[\n;])\s*(import|export)(\s+type)?\s+(?:[^'"`;()]*?\s+from\s+)?["']([^"'\n]+)["']/g;
  for (const m of text.matchAll(statements)) found.push({ specifier: m[3] ?? "", typeOnly: m[2] !== undefined });
  const calls = /(?:\bimport|\bimport\.meta\.resolve|\brequire)\(\s*["']([^"'\n]+)["']\s*[,)]/g;
  for (const m of text.matchAll(calls)) found.push({ specifier: m[1] ?? "", typeOnly: false });
  return found;
}

/** The package a bare specifier loads (`@scope/name` or `name`), or null for relative paths, builtins and virtual modules. */
export function packageOf(specifier: string): string | null {
  if (/^[./]/.test(specifier) || specifier.startsWith("node:") || /^[a-z]+:/.test(specifier)) return null;
  const path = specifier.split("?")[0] ?? "";
  const [first = "", second = ""] = path.split("/");
  if (builtinModules.includes(first)) return null;
  return first.startsWith("@") ? `${first}/${second}` : first;
}

const imports: Specifier[] = sourceFiles.flatMap((file) =>
  specifiersIn(readFileSync(join(ROOT, file), "utf8")).map((s) => ({ file, ...s })),
);
const declared = new Set(
  [pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies, pkg.peerDependencies].flatMap((d) =>
    Object.keys(d ?? {}),
  ),
);
const production = new Set(Object.keys(pkg.dependencies ?? {}));

/** "package (first/file.ts, second/file.ts)" for each package in `list`, sorted. */
function byPackage(list: Specifier[]): string[] {
  const files = new Map<string, Set<string>>();
  for (const s of list) {
    const name = packageOf(s.specifier);
    if (name) files.set(name, (files.get(name) ?? new Set()).add(s.file));
  }
  return [...files].map(([name, where]) => `${name} (${[...where].sort().join(", ")})`).sort();
}

describe("how imports are read", () => {
  it("finds static, dynamic and resolved specifiers, and names the package each loads", () => {
    const text = `import a from "pkg-a";\nimport type { B } from "@scope/b/sub";\nexport { c } from "./c.ts";\nconst d = await import("d/deep/path.js");\nimport.meta.resolve("e");\nimport {\n  f,\n} from "node:fs";\nimport "side-effect";`;
    expect(specifiersIn(text).map((s) => [s.specifier, s.typeOnly])).toEqual([
      ["pkg-a", false],
      ["@scope/b/sub", true],
      ["./c.ts", false],
      ["node:fs", false],
      ["side-effect", false],
      ["d/deep/path.js", false],
      ["e", false],
    ]);
    expect(
      ["pkg-a", "@scope/b/sub", "./c.ts", "d/deep/path.js", "node:fs", "fs", "astro:content"].map(packageOf),
    ).toEqual(["pkg-a", "@scope/b", null, "d", null, null, null]);
  });

  it("reads every folder of code and the configuration files", () => {
    for (const folder of FOLDERS)
      expect(
        sourceFiles.some((f) => f.startsWith(`${folder}/`)),
        folder,
      ).toBe(true);
    expect(CONFIG_FILES.length).toBeGreaterThan(0);
    expect(sourceFiles).not.toContain(SELF);
  });
});

describe("package.json", () => {
  it("declares every package the code imports", () => {
    const undeclared = byPackage(
      imports.filter((s) => {
        const name = packageOf(s.specifier);
        return name !== null && !declared.has(name);
      }),
    );
    expect(undeclared, "imported but not in package.json").toEqual([]);
  });

  it("lists what the CLI and the site build load as dependencies, not devDependencies", () => {
    const runtime = imports.filter((s) => !s.typeOnly && RUNTIME.some((r) => r.test(s.file)));
    const devOnly = byPackage(
      runtime.filter((s) => {
        const name = packageOf(s.specifier);
        return name !== null && declared.has(name) && !production.has(name);
      }),
    );
    expect(devOnly, "loaded by the CLI or the build but declared only for development").toEqual([]);
  });
});
