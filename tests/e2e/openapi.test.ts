/**
 * The API description and the sizes on /data/, checked against the built files: dist/data/openapi.json is a valid
 * OpenAPI 3.1 document whose response schemas accept every JSON file the build wrote (and would reject drift), and
 * the /data/ page shows each download's real size beside its link.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOWNLOAD_FILES } from "../../scripts/build/downloads.ts";
import { formatFileSize } from "../../src/lib/format.ts";
import { DIST, openSite, type Site } from "./support.ts";

// Both packages are CommonJS with a default export; under ESM it may arrive wrapped once more.
const Ajv2020 = (Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module;
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

interface OpenApi {
  openapi: string;
  info: { title: string; version: string; license: { name: string; url: string } };
  servers: { url: string }[];
  paths: Record<
    string,
    { get: { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> } }
  >;
  components: { schemas: Record<string, object> };
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));
const doc = readJson(join(DIST, "data", "openapi.json")) as OpenApi;

/** A validator for the 200 response of GET `path`, found through the document's own $ref. */
function responseValidator(path: string) {
  const ref = doc.paths[path]?.get.responses["200"]?.content?.["application/json"]?.schema.$ref;
  if (!ref) throw new Error(`openapi.json has no JSON response for GET ${path}`);
  const name = ref.replace("#/components/schemas/", "");
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(doc.components.schemas[name] as object);
}

function expectValid(validate: ReturnType<typeof responseValidator>, data: unknown, file: string) {
  const ok = validate(data);
  expect(ok ? [] : validate.errors?.map((e) => `${file}${e.instancePath}: ${e.message}`), file).toEqual([]);
}

describe("/data/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document naming the data's licence, the version and the site", async () => {
    const result = await new Validator().validate(
      structuredClone(doc) as unknown as Parameters<Validator["validate"]>[0],
    );
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\./);
    const pkg = readJson("package.json") as { version: string };
    expect(doc.info.version).toBe(pkg.version);
    expect(doc.info.license.name).toContain("CC BY 4.0");
    expect(doc.servers[0]?.url).toMatch(/^https?:\/\//);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/data/employers.json",
        "/employers/{slug}.json",
        "/figures/figures.json",
        "/figures/{year}/figures.json",
      ].sort(),
    );
  });

  it("describes every employer's JSON twin the build wrote", () => {
    const validate = responseValidator("/employers/{slug}.json");
    const twins = readdirSync(join(DIST, "employers")).filter((f) => f.endsWith(".json"));
    expect(twins.length).toBeGreaterThan(5);
    for (const twin of twins) expectValid(validate, readJson(join(DIST, "employers", twin)), twin);
  });

  it("describes employers.json", () => {
    const employers = readJson(join(DIST, "data", "employers.json"));
    expectValid(responseValidator("/data/employers.json"), employers, "employers.json");
  });

  it("describes today's figures.json and every year's", () => {
    expectValid(
      responseValidator("/figures/figures.json"),
      readJson(join(DIST, "figures", "figures.json")),
      "figures.json",
    );
    const validate = responseValidator("/figures/{year}/figures.json");
    const years = readdirSync(join(DIST, "figures")).filter((d) => /^\d{4}$/.test(d));
    expect(years.length).toBeGreaterThan(0);
    for (const year of years) {
      const file = `figures/${year}/figures.json`;
      expectValid(validate, readJson(join(DIST, file)), file);
    }
  });

  it("rejects a twin with a field the code does not write, or without one it does", () => {
    const validate = responseValidator("/employers/{slug}.json");
    const first = readdirSync(join(DIST, "employers")).find((f) => f.endsWith(".json")) ?? "";
    const twin = readJson(join(DIST, "employers", first)) as Record<string, unknown>;
    expect(validate({ ...twin, surprise: 1 })).toBe(false);
    const { status: _status, ...withoutStatus } = twin;
    expect(validate(withoutStatus)).toBe(false);
    expect(validate({ ...twin, status: "maybe" })).toBe(false);
  });
});

describe("/data/ download sizes", () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  it("shows each download's size, as built, beside its link, without JavaScript", async () => {
    const page = await site.newPage({ javaScriptEnabled: false });
    await page.goto(`${site.url}data/`);
    for (const file of [...DOWNLOAD_FILES, "openapi.json"]) {
      const size = formatFileSize(statSync(join(DIST, "data", file)).size);
      const link = page.locator(`a[href$="data/${file}"]`).first();
      await expect(link.isVisible()).resolves.toBe(true);
      const item = page.locator("li", { has: link }).first();
      expect(await item.innerText(), file).toContain(`, ${size})`);
    }
  });
});
