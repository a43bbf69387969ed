// Bundles the `lwd` command into .cache/lwd/ so it starts without compiling TypeScript on every run (about a second
// saved per command). Its dependencies go in too, but for the native SQLite driver and the tools that compile: Node
// otherwise resolves hundreds of their files at every start (half a second before an import can begin). Code
// splitting puts each command's module in its own chunk, loaded only when that command runs. bin/lwd.mjs uses the
// bundle only while it is newer than every source file and the last change to node_modules.
import { build } from "esbuild";
import { renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const out = `${root}.cache/lwd`;
// Built beside and swapped in whole, so a command never starts from half a bundle, or from one whose chunks come
// from two builds; bin/lwd.mjs can then judge the whole bundle by its entry file.
const staging = `${out}.${process.pid}.tmp`;

try {
  await build({
    absWorkingDir: root,
    // The importer's typo search runs in a worker thread, which needs an entry of its own.
    entryPoints: { lwd: "scripts/cli/lwd.ts", "look-alike-worker": "db/domain/look-alike-worker.ts" },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node22",
    external: ["better-sqlite3", "tsx", "esbuild"],
    // Bundled CommonJS packages require Node's own modules, which an ES module can only do through createRequire.
    banner: {
      js: 'import { createRequire as __lwdRequire } from "node:module"; const require = __lwdRequire(import.meta.url);',
    },
    outdir: staging,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
  });
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
// The single-file bundle that earlier versions wrote.
rmSync(`${root}.cache/lwd.mjs`, { force: true });
