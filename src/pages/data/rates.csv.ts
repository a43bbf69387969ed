/** /data/rates.csv: the London and UK living wage rates with their sources. */
import { siteDb } from "../../lib/db";
import { csvResponse, ratesCsv } from "../../lib/publish";

export const GET = () => csvResponse(ratesCsv(siteDb()));
