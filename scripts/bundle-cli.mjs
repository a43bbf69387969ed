// Bundles the `lwd` command into .cache/lwd.mjs so it starts without compiling TypeScript on every run
// (about a second saved per command). bin/lwd.mjs uses the bundle only while it is newer than every source file.
import { build } from "esbuild";

await build({
  entryPoints: ["scripts/lwd.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile: ".cache/lwd.mjs",
  logLevel: "warning",
});
