/**
 * `astro dev` serves the employer pages from the same template the build fills its frame with: the page the dev
 * server gives for Barclays is the built page, once what only differs by mode (bundled assets, dev scripts and
 * styles, Astro's scoping attributes, whitespace between tags) is set aside.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIST } from "./support.ts";

const ROOT = resolve(import.meta.dirname, "../..");
let dev: ChildProcess | undefined;
let url = "";

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer().once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => ok(port));
    });
  });
}

/** A page with what differs between `astro dev` and the build taken out. */
function normalise(page: string): string {
  return page
    .replace(/<script(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script>/g, "")
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, "")
    .replace(/<link rel="stylesheet"[^>]*>/g, "")
    .replace(/ data-astro-[a-z-]+(="[^"]*")?/g, "")
    .replace(/>\s+</g, "><")
    .replace(/\s+/g, " ")
    .trim();
}

/** The environment `npm run dev` would have: Astro serves nothing when it believes a test runner started it. */
function devEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "NODE_ENV"),
  );
  return { ...env, ASTRO_TELEMETRY_DISABLED: "1" };
}

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  dev = spawn(
    process.execPath,
    [join(ROOT, "node_modules/astro/bin/astro.mjs"), "dev", "--port", String(port), "--host", "127.0.0.1"],
    { cwd: ROOT, env: devEnv(), stdio: "ignore" },
  );
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (tries > 120 || dev.exitCode !== null) throw new Error(`astro dev did not start on ${url}`);
    await new Promise((ok) => setTimeout(ok, 500));
  }
});

afterAll(() => {
  dev?.kill();
});

describe("the dev server", () => {
  it("serves an employer's page as the build writes it", async () => {
    const response = await fetch(`${url}employers/barclays/`);
    expect(response.status).toBe(200);
    const served = normalise(await response.text());
    const built = normalise(readFileSync(join(DIST, "employers/barclays/index.html"), "utf8"));
    for (const part of [`class="verdict-sentence"`, "<h2>History</h2>", "<h2>About this employer</h2>"])
      expect(served).toContain(part);
    expect(served).toBe(built);
  });
});
