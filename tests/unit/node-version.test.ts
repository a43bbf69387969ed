/** An old Node.js is refused with one sentence before anything can crash (better-sqlite3 13 segfaults on Node 20). */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs `args` under this Node, made to report `version` as its own before any other code runs. */
function runAs(version: string, args: string[]) {
  const pretend = `data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"${version}"}})`;
  const r = spawnSync(process.execPath, ["--import", pretend, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the Node.js version check", () => {
  it("lwd on Node 20 says which Node it needs, exits 1 and creates no database", () => {
    const dir = mkdtempSync(join(tmpdir(), "lwd-node-"));
    dirs.push(dir);
    const db = join(dir, "livingwage.sqlite");
    const r = runAs("20.20.2", ["bin/lwd.mjs", "figures", "--db", db]);
    expect(r.stderr).toBe(
      "Living Wage Directory needs Node.js 22.22.3 or later (24.16.0 or later on Node 24); this is 20.20.2\n",
    );
    expect(r.code).toBe(1);
    expect(existsSync(db)).toBe(false);
  });

  // The real minimum of every dependency: undici needs 22.19, the Astro linter 22.22.3 on Node 22 and 24.16 on Node 24.
  it("lets Node 22.22.3 and later on 22, and 24.16 and later, through; stops the versions between", () => {
    for (const version of ["22.22.3", "22.23.0", "24.16.0", "24.21.0", "26.3.0"])
      expect(runAs(version, ["scripts/check-node.mjs"]), version).toMatchObject({ code: 0, stderr: "" });
    for (const version of ["22.12.0", "22.22.2", "23.11.0", "24.15.9"])
      expect(runAs(version, ["scripts/check-node.mjs"]), version).toMatchObject({
        code: 1,
        stderr: `Living Wage Directory needs Node.js 22.22.3 or later (24.16.0 or later on Node 24); this is ${version}\n`,
      });
  });

  it("runs first in npm run build and npm test, and reads its minimum from engines", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(manifest.engines.node).toBe("^22.22.3 || >=24.16.0");
    for (const script of ["build", "test"])
      expect(manifest.scripts[script]).toMatch(/^node scripts\/check-node\.mjs && /);
  });
});
