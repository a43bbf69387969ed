/** /figures/by-sector.csv: the data behind today's figures page. */
import { BUILD_AS_OF } from "../../lib/config";
import { figuresFile } from "../../lib/figures";

export const GET = () => figuresFile(BUILD_AS_OF, "by-sector.csv");
