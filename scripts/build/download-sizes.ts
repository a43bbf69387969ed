/**
 * Writes each download's size beside its link on /data/. The downloads are written beside the build and moved in
 * when it is done, so the page is rendered before their sizes are known: it marks where each goes with
 * an empty `<span data-size-of="FILE">`, and this fills those marks from the files in the built site.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatFileSize } from "../../src/lib/format.ts";

/** The mark the data page leaves for a file's size; filled here, or left empty (as in `astro dev`). */
export const SIZE_MARK = /<span data-size-of="([^"]+)"([^>]*)><\/span>/g;

/** Fills the size marks of `dist/data/index.html`; returns how many, and fails on a mark for a file that is missing. */
export function fillDownloadSizes(dist: string): number {
  const page = join(dist, "data", "index.html");
  let filled = 0;
  const html = readFileSync(page, "utf8").replace(SIZE_MARK, (_mark, file: string, attributes: string) => {
    const path = join(dist, "data", file);
    let bytes: number;
    try {
      bytes = statSync(path).size;
    } catch {
      throw new Error(`/data/ links ${file}, but ${path} was not built`);
    }
    filled++;
    return `<span data-size-of="${file}"${attributes}>, ${formatFileSize(bytes)}</span>`;
  });
  writeFileSync(page, html);
  return filled;
}
