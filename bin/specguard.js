#!/usr/bin/env node
// Installed from the package, the bin runs the compiled generator (dist/) on plain Node. In a
// checkout of specguard's own repository (generator/ beside bin/), it runs the TypeScript source
// through tsx instead, so a dist/ left over from an earlier build can never answer for source
// that has changed since. SPECGUARD_DIST=1 forces dist/ (to try the build from the checkout).
import { existsSync } from "node:fs";

try {
  process.cwd();
} catch (error) {
  // Run from a folder deleted meanwhile: loading the generator would die with a stack trace.
  process.stderr.write(`specguard: io-error: the current folder no longer exists (${error.code ?? error}); change to an existing folder\n`);
  process.exit(2);
}

const source = new URL("../generator/cli.ts", import.meta.url);
let main;
if (existsSync(source) && process.env.SPECGUARD_DIST !== "1") {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import("../dist/cli.js"));
}
process.exitCode = await main(process.argv.slice(2));
