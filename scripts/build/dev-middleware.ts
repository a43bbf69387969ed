/**
 * `astro dev`'s middleware (the build integration adds it in dev only, so the build's pages pay nothing for it): fills
 * the employer page frame that `src/pages/employers/[slug].astro` rendered at an employer's address with the values
 * the build fills it with, so every employer's page is served as the build writes it.
 */
import { defineMiddleware } from "astro:middleware";
import { frameFiller } from "../../src/lib/employer-page.ts";
import { frameValues } from "../../src/pages/employers/_employer-page.ts";

export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  const base = import.meta.env.BASE_URL;
  const slug = /^employers\/([a-z0-9-]+)\/$/.exec(context.url.pathname.slice(base.length))?.[1];
  const values = slug && response.status === 200 ? frameValues(slug, base) : null;
  if (!values) return response;
  return new Response(frameFiller(await response.text())(values), {
    status: response.status,
    headers: response.headers,
  });
});
