// The floor for a static build: plain Node writing COUNT HTML files of BYTES each, one directory per page like
// Astro's directory format. Nothing is rendered, so this is the least any build of that many pages can cost.
// Usage: node scripts/bench/floor.mjs OUT_DIR COUNT BYTES
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [outDir, countArg, bytesArg] = process.argv.slice(2);
const count = Number(countArg);
const bytes = Number(bytesArg);
if (!outDir || !Number.isInteger(count) || !Number.isInteger(bytes)) {
  console.error("usage: node scripts/bench/floor.mjs OUT_DIR COUNT BYTES");
  process.exit(2);
}
rmSync(outDir, { recursive: true, force: true });
const head = "<!doctype html><html lang=en><head><meta charset=utf-8><title>Employer ";
const tail = "</p></main></body></html>\n";
for (let i = 0; i < count; i++) {
  const dir = join(outDir, "employers", `employer-${i}`);
  mkdirSync(dir, { recursive: true });
  const start = `${head}${i}</title></head><body><main><h1>Employer ${i}</h1><p>`;
  const padding = Math.max(0, bytes - start.length - tail.length);
  writeFileSync(join(dir, "index.html"), start + "x".repeat(padding) + tail);
}
