// Refuses to go on under a Node.js older than package.json's engines.node, with one plain sentence, before anything
// that would crash later (better-sqlite3 13 segfaults on Node 20). Imported first by bin/lwd.mjs, and run first by
// `npm run build` and `npm test`. Plain JavaScript of the oldest syntax, so an old Node can read it to refuse.
import { readFileSync, writeSync } from "node:fs";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const minimum = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(manifest.engines.node);
const wanted = [Number(minimum[1]), Number(minimum[2]), Number(minimum[3] || 0)];
const have = process.versions.node.split(".").map(Number);

/** Whether version `a` is older than version `b`, both as [major, minor, patch]. */
function isOlder(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

if (isOlder(have, wanted)) {
  const shown = wanted[2] ? wanted.join(".") : `${wanted[0]}.${wanted[1]}`;
  writeSync(2, `Living Wage Directory needs Node.js ${shown} or later; this is ${process.versions.node}\n`);
  process.exit(1);
}
