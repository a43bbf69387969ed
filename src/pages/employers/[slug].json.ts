/** /employers/SLUG.json: the machine-readable twin of each employer's page (also at any former slug, so old links keep working). */
import type { APIContext } from "astro";
import { BUILD_AS_OF, DATA_LICENCE } from "../../lib/config";
import { siteDb } from "../../lib/db";
import { absoluteUrls, publishedEmployers, type PublishedEmployer } from "../../lib/publish";

// One query for the whole directory (memoised), however many employers there are.
export function getStaticPaths() {
  const employers = publishedEmployers(siteDb(), BUILD_AS_OF);
  const current = new Set(employers.map((e) => e.slug));
  return employers.flatMap((employer) =>
    [employer.slug, ...employer.formerSlugs.filter((s) => !current.has(s))].map((slug) => ({ params: { slug }, props: { employer } })),
  );
}

export const GET = ({ props, site }: APIContext<{ employer: PublishedEmployer }>) =>
  new Response(`${JSON.stringify({ ...absoluteUrls(props.employer, site), licence: DATA_LICENCE }, null, 2)}\n`, { headers: { "Content-Type": "application/json" } });
