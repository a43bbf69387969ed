import { todayIso } from "../../db/dates.ts";

/** Site-wide settings that publishers may change with environment variables at build time. */
export const SITE_NAME = "Living Wage Directory";
/** The public address the site is published at: canonical links, the feed, the sitemap and the downloads' links. */
export const SITE_URL = process.env.LWD_SITE_URL ?? "https://livingwage.directory";
/** The licence the published data is offered under. */
export const DATA_LICENCE = {
  name: process.env.LWD_DATA_LICENCE_NAME ?? "Creative Commons Attribution 4.0 International (CC BY 4.0)",
  shortName: process.env.LWD_DATA_LICENCE_SHORT ?? "CC BY 4.0",
  url: process.env.LWD_DATA_LICENCE_URL ?? "https://creativecommons.org/licenses/by/4.0/",
};
/** Where readers send corrections. */
export const CORRECTIONS_CONTACT = process.env.LWD_CORRECTIONS_EMAIL ?? "corrections@livingwage.directory";
/** Where the submit page's pledges go: the staff who check new records, not the corrections desk. */
export const SUBMISSIONS_CONTACT = process.env.LWD_SUBMISSIONS_EMAIL ?? "submissions@livingwage.directory";
/** The date the site's figures are computed for: the build date, or LWD_AS_OF for a reproducible build. */
export const BUILD_AS_OF = process.env.LWD_AS_OF ?? todayIso();
export const BUILT_AT = new Date().toISOString();
