/** The URL segment of a browse group, on its own so pages and markup outside the directory module can link to one. */
import slugify from "@sindresorhus/slugify";

/** The URL segment of a sector, area or service browse group: `Tower Hamlets` → `tower-hamlets`. */
export const browseKey = (label: string): string => slugify(label, { decamelize: false });
