/** /data/openapi.json: the OpenAPI description of the site's JSON files. */
import type { APIContext } from "astro";
import { SITE_URL } from "../../lib/config";
import { openApiDocument } from "../../lib/openapi";

export const GET = ({ site }: APIContext) =>
  new Response(
    `${JSON.stringify(openApiDocument(new URL(import.meta.env.BASE_URL, site ?? SITE_URL).href), null, 2)}\n`,
    {
      headers: { "Content-Type": "application/json" },
    },
  );
