/**
 * Astro's `paginate()` with the directory's addresses, which the README promises stay stable: page 1 of a list at its
 * own address, page N at `…/page/N/`. The route's rest parameter `page` holds `page/N`.
 */
import type { GetStaticPathsResult, PaginateFunction, Params, Props } from "astro";
import { PAGE_SIZE } from "../../lib/directory.ts";

/** getStaticPaths for a list whose first page is at `basePath` (with the site's base path), a hundred a page. */
export function pagedPaths<T>(
  paginate: PaginateFunction,
  items: readonly T[],
  basePath: string,
  params: Params = {},
  props: Props = {},
): GetStaticPathsResult {
  const format = (url: string) =>
    url !== basePath && url.startsWith(basePath) ? `${basePath}page/${url.slice(basePath.length)}` : url;
  return paginate(items, { pageSize: PAGE_SIZE, params, props, format }).map((path) => ({
    ...path,
    params: { ...path.params, page: path.params.page && `page/${path.params.page}` },
  }));
}
