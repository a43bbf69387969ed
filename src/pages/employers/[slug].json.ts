/** /employers/SLUG.json: the machine-readable twin of each employer's page. */
import type { APIContext } from "astro";
import { BUILD_AS_OF, DATA_LICENCE } from "../../lib/config";
import { siteDb } from "../../lib/db";
import { absoluteUrls, publishedEmployers, type PublishedEmployer } from "../../lib/publish";

// One query for the whole directory (memoised), however many employers there are.
export const getStaticPaths = () =>
  publishedEmployers(siteDb(), BUILD_AS_OF).map((employer) => ({ params: { slug: employer.slug }, props: { employer } }));

export const GET = ({ props, site }: APIContext<{ employer: PublishedEmployer }>) =>
  new Response(`${JSON.stringify({ ...absoluteUrls(props.employer, site), licence: DATA_LICENCE }, null, 2)}\n`, { headers: { "Content-Type": "application/json" } });
