#!/usr/bin/env node
// The `lwd` command. It runs the bundle in .cache/lwd/ (made by `npm ci` or `node scripts/cli/bundle.mjs`) while that
// is newer than every source file and the last change to node_modules, since starting from it is about a second
// faster; otherwise it compiles the TypeScript in scripts/ and db/ as it loads, so an edited source is never run
// stale. The bundle is an entry file and the chunks it loads lazily; they are written together and swapped in whole,
// so the entry's time stands for all.
// First, so an old Node stops here with one sentence instead of crashing later.
import "../scripts/check-node.mjs";
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = `${root}.cache/lwd/lwd.mjs`;

/** The newest modification time of the .ts, .sql and .csv files below `dir`. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|sql|csv|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** When npm last installed or changed a dependency, which the bundle holds a copy of. */
function dependenciesChanged() {
  try {
    return statSync(`${root}node_modules/.package-lock.json`).mtimeMs;
  } catch {
    return 0;
  }
}

function bundleIsFresh() {
  try {
    return (
      statSync(bundle).mtimeMs >=
      Math.max(newestSource(`${root}scripts`), newestSource(`${root}db`), dependenciesChanged())
    );
  } catch {
    return false;
  }
}

let run;
if (bundleIsFresh()) {
  ({ run } = await import(bundle));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ run } = await import("../scripts/cli/lwd.ts"));
}
process.exitCode = await run(process.argv.slice(2));
