/**
 * The OpenAPI 3.1 description of the static JSON files the site publishes, generated from the zod schemas in
 * published-schemas.ts, so it describes exactly what the build writes.
 */
import { z } from "zod";
import pkg from "../../package.json" with { type: "json" };
import { DATA_LICENCE, SITE_NAME, SITE_URL } from "./config";
import { employersFileSchema, employerTwinSchema, figuresSchema } from "./published-schemas";

/** A zod schema as a JSON Schema object for OpenAPI 3.1 (JSON Schema 2020-12, without its own $schema). */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "output" });
  return rest;
}

const json = (description: string, schema: string) => ({
  description,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${schema}` } } },
});
const notFound = { description: "No such file." };

/** The OpenAPI document for a site at `site` (its root address). */
export function openApiDocument(site: string = SITE_URL): object {
  return {
    openapi: "3.1.1",
    info: {
      title: `${SITE_NAME} data files`,
      version: pkg.version,
      description:
        "Static JSON files, rebuilt with the site: every employer's record, all employers in one file, and the headline figures today and at each year end. Read them with GET; there is nothing to write.",
      license: { name: DATA_LICENCE.name, url: DATA_LICENCE.url },
    },
    servers: [{ url: site.replace(/\/$/, "") }],
    paths: {
      "/employers/{slug}.json": {
        get: {
          operationId: "getEmployer",
          summary: "One employer's record with its events (the JSON twin of /employers/{slug}/)",
          parameters: [
            {
              name: "slug",
              in: "path",
              required: true,
              description: "The employer's slug, as in its page's address.",
              schema: { type: "string" },
            },
          ],
          responses: { "200": json("The employer.", "EmployerTwin"), "404": notFound },
        },
      },
      "/data/employers.json": {
        get: {
          operationId: "getEmployers",
          summary: "Every employer with its status and events",
          responses: { "200": json("All employers.", "EmployersFile") },
        },
      },
      "/figures/figures.json": {
        get: {
          operationId: "getFigures",
          summary: "Today's headline figures, as `lwd figures --json` prints them",
          responses: { "200": json("The figures on the build date.", "Figures") },
        },
      },
      "/figures/{year}/figures.json": {
        get: {
          operationId: "getYearFigures",
          summary: "The headline figures at the end of a year (31 December)",
          parameters: [
            {
              name: "year",
              in: "path",
              required: true,
              description: "A complete year from the first recorded event on.",
              schema: { type: "string", pattern: "^[0-9]{4}$" },
            },
          ],
          responses: { "200": json("The figures at the year end.", "Figures"), "404": notFound },
        },
      },
    },
    components: {
      schemas: {
        EmployerTwin: jsonSchema(employerTwinSchema),
        EmployersFile: jsonSchema(employersFileSchema),
        Figures: jsonSchema(figuresSchema),
      },
    },
  };
}
