/** /data/livingwage.sqlite: the published tables and columns as one SQLite file, for analysis. */
import { siteDb } from "../../lib/db";
import { publicSqliteBytes } from "../../lib/publish";

export const GET = () => new Response(new Uint8Array(publicSqliteBytes(siteDb())), { headers: { "Content-Type": "application/vnd.sqlite3" } });
