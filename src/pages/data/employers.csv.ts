/** /data/employers.csv: every employer with its status on the build date, one row each. */
import type { APIContext } from "astro";
import { BUILD_AS_OF } from "../../lib/config";
import { siteDb } from "../../lib/db";
import { csvResponse, employersCsv, publishedEmployers, streamOf } from "../../lib/publish";

export const GET = ({ site }: APIContext) => csvResponse(streamOf(employersCsv(publishedEmployers(siteDb(), BUILD_AS_OF), site)));
