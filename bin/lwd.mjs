#!/usr/bin/env node
// The `lwd` command: registers the TypeScript loader, then runs the command tree in scripts/lwd.ts.
import { register } from "tsx/esm/api";

register();
const { run } = await import("../scripts/lwd.ts");
process.exitCode = await run(process.argv.slice(2));
