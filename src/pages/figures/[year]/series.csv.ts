/** /figures/YEAR/series.csv: the data behind a year-end figures page. */
import { figureYears, figuresFile, yearEnd } from "../../../lib/figures";

export const getStaticPaths = () => figureYears().map((year) => ({ params: { year: String(year) } }));
export const GET = ({ params }: { params: { year: string } }) =>
  figuresFile(yearEnd(Number(params.year)), "series.csv");
