/** /data/events.csv: every commitment event, the history the figures are computed from. */
import { siteDb } from "../../lib/db";
import { csvResponse, eventsCsv, streamOf } from "../../lib/publish";

export const GET = () => csvResponse(streamOf(eventsCsv(siteDb())));
