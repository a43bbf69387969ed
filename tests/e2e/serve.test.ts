import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import { serveStatic } from "../../scripts/build/serve.ts";
import { DIST } from "./support.ts";

let server: Server;
let url: string;
beforeAll(async () => {
  ({ server, url } = await serveStatic(DIST, 0));
});
afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

describe("the static server", () => {
  it("serves a directory's index.html and redirects a path without its trailing slash", async () => {
    const page = await fetch(`${url}employers/barclays/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const bare = await fetch(`${url}employers/barclays`, { redirect: "manual" });
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toBe("/employers/barclays/");
  });

  it("answers a missing page with the 404 page and status 404", async () => {
    const res = await fetch(`${url}no/such/page/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Page not found");
  });

  it("sends Pagefind's files with types the browser accepts", async () => {
    expect((await fetch(`${url}pagefind/pagefind.js`)).headers.get("content-type")).toMatch(/^text\/javascript/);
    expect((await fetch(`${url}pagefind/wasm.en.pagefind`)).headers.get("content-type")).toBe(
      "application/octet-stream",
    );
    expect((await fetch(`${url}pagefind/pagefind-entry.json`)).headers.get("content-type")).toMatch(
      /^application\/json/,
    );
  });

  it("refuses paths that climb out of dist/", async () => {
    const res = await fetch(`${url}..%2F..%2Fpackage.json`);
    expect([400, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('"name": "living-wage-directory"');
  });
});
