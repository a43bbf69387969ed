/** /feed.xml: the latest pledges and accreditations (RSS 2.0), each linking to the employer's page. */
import rss from "@astrojs/rss";
import type { APIContext } from "astro";
import { BUILD_AS_OF, SITE_NAME } from "../lib/config";
import { siteDb } from "../lib/db";
import { formatDate } from "../lib/format";
import { latestCommitments } from "../lib/publish";
import { COMMITMENT_HEADLINES, COMMITMENT_VERBS, LIVING_WAGE_NAMES } from "../../db/labels.ts";

export function GET(context: APIContext) {
  const items = latestCommitments(siteDb(), BUILD_AS_OF, 50).map((e) => ({
    title: `${COMMITMENT_HEADLINES[e.event]}: ${e.name}`,
    // The event id keeps two events of one employer apart in feed readers (the link is also the item's guid).
    link: `employers/${e.slug}/#event-${e.id}`,
    pubDate: new Date(`${e.effectiveOn}T00:00:00Z`),
    description: `${e.name} ${COMMITMENT_VERBS[e.event]} the ${LIVING_WAGE_NAMES[e.rateArea]} on ${formatDate(e.effectiveOn)}. Source: ${e.sourceUrl}${e.note ? ` — ${e.note}` : ""}`,
    categories: [e.event],
  }));
  return rss({
    title: `${SITE_NAME}: new pledges and accreditations`,
    description: "The latest employers to pledge or be accredited to pay a living wage, with the source for each.",
    site: context.site ?? "http://localhost/",
    items,
    customData: "<language>en-gb</language>",
    // Links already end as the site's URLs do; a slash after the #fragment would break them.
    trailingSlash: false,
  });
}
