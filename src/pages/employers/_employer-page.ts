/**
 * Which employer pages `[slug].astro` renders, and what fills them. In the build it renders two frames with markers,
 * which `scripts/build/employer-pages.ts` fills for every employer and old slug (rendering 100,000 pages through
 * Astro's page pipeline would take minutes). In `astro dev` it renders the frame at every employer's and old slug's
 * address, and `scripts/build/dev-middleware.ts` fills it with the same values, so an edit to the template shows at once.
 */
import { getEmployer, slugRedirects } from "../../../db/domain/employers.ts";
import { listRates } from "../../../db/domain/rates.ts";
import { BUILD_AS_OF, CORRECTIONS_CONTACT, SITE_URL } from "../../lib/config.ts";
import { siteDb } from "../../lib/db.ts";
import { allEmployers, behindList } from "../../lib/directory.ts";
import { employerFrameValues, movedFrameValues } from "../../lib/employer-markup.ts";
import { FRAME } from "../../lib/employer-page.ts";

/** Old slugs that still lead somewhere: those that are not some employer's current slug again. */
function oldSlugs(): string[] {
  const current = new Set(allEmployers().map((e) => e.slug));
  return slugRedirects(siteDb()).flatMap((r) => (current.has(r.oldSlug) ? [] : [r.oldSlug]));
}

/** The route's pages: the two frames in a build, every employer's and old slug's page in `astro dev`. */
export function employerPaths(everyPage: boolean): { params: { slug: string }; props: { moved: boolean } }[] {
  if (!everyPage)
    return [
      { params: { slug: FRAME.employerSlug }, props: { moved: false } },
      { params: { slug: FRAME.movedSlug }, props: { moved: true } },
    ];
  return [
    ...allEmployers().map((e) => ({ params: { slug: e.slug }, props: { moved: false } })),
    ...oldSlugs().map((slug) => ({ params: { slug }, props: { moved: true } })),
  ];
}

/** What fills the frame at `slug` (an employer's or an old slug's), or null when no employer has that slug. */
export function frameValues(slug: string, base: string): Record<string, string> | null {
  const employer = getEmployer(siteDb(), slug, BUILD_AS_OF);
  if (!employer) return null;
  if (employer.slug !== slug) return movedFrameValues(employer.name, slug, employer.slug, base);
  return employerFrameValues(
    employer,
    employer.events,
    behindList().find((b) => b.employerId === employer.id),
    {
      asOf: BUILD_AS_OF,
      base,
      site: new URL(base, SITE_URL).href,
      correctionsContact: CORRECTIONS_CONTACT,
      rates: listRates(siteDb()),
    },
  );
}
