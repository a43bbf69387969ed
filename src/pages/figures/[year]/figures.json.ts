/** /figures/YEAR/figures.json: the figures on 31 December of YEAR, exactly as `lwd figures --json` prints them. */
import { figureYears, figuresFile, yearEnd } from "../../../lib/figures";

export const getStaticPaths = () => figureYears().map((year) => ({ params: { year: String(year) } }));
export const GET = ({ params }: { params: { year: string } }) =>
  figuresFile(yearEnd(Number(params.year)), "figures.json");
