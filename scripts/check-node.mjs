// Refuses to go on under a Node.js that package.json's engines.node does not allow, with one plain sentence, before
// anything that would crash later (better-sqlite3 13 segfaults on Node 20). Imported first by bin/lwd.mjs, and run
// first by `npm run build` and `npm test`. Plain JavaScript of the oldest syntax, so an old Node can read it to refuse.
import { readFileSync, writeSync } from "node:fs";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const have = process.versions.node.split(".").map(Number);

/** Whether version `a` is older than version `b`, both as [major, minor, patch]. */
function isOlder(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

// engines.node is a list of "^X.Y.Z" (that major line, from X.Y.Z) and ">=X.Y.Z" (from X.Y.Z on), joined by "||".
const ranges = manifest.engines.node.split("||").map((part) => {
  const [, kind, major, minor, patch] = /(\^|>=)\s*(\d+)\.(\d+)(?:\.(\d+))?/.exec(part);
  return { sameMajor: kind === "^", from: [Number(major), Number(minor), Number(patch || 0)] };
});
const allowed = ranges.some((r) => !isOlder(have, r.from) && (!r.sameMajor || have[0] === r.from[0]));

if (!allowed) {
  const [oldest, ...later] = ranges.map((r) => r.from.join("."));
  const alternatives = later.length
    ? ` (${later.map((v) => `${v} or later on Node ${v.split(".")[0]}`).join(", ")})`
    : "";
  writeSync(
    2,
    `Living Wage Directory needs Node.js ${oldest} or later${alternatives}; this is ${process.versions.node}\n`,
  );
  process.exit(1);
}
