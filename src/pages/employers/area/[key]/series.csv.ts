/** /employers/area/KEY/series.csv: the data behind the growth chart on an area's page. */
import type { APIRoute } from "astro";
import { BUILD_AS_OF } from "../../../../lib/config";
import { browseGroups } from "../../../../lib/directory";
import { areaSeriesFile } from "../../../../lib/figures";

export const getStaticPaths = () =>
  browseGroups("area").flatMap((g) => (g.code ? [{ params: { key: g.key }, props: { code: g.code } }] : []));

export const GET: APIRoute<{ code: string }> = ({ props }) => areaSeriesFile(BUILD_AS_OF, props.code);
