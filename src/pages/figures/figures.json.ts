/** /figures/figures.json: today's figures exactly as `lwd figures --json` prints them. */
import { BUILD_AS_OF } from "../../lib/config";
import { figuresFile } from "../../lib/figures";

export const GET = () => figuresFile(BUILD_AS_OF, "figures.json");
