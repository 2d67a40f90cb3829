#!/usr/bin/env node
// The generator is written in TypeScript and run through tsx, so `npx specguard` works right
// after `npm ci` with no build step.
try {
  process.cwd();
} catch (error) {
  // Run from a folder deleted meanwhile: loading tsx would die with a stack trace (it reads cwd).
  process.stderr.write(`specguard: io-error: the current folder no longer exists (${error.code ?? error}); change to an existing folder\n`);
  process.exit(2);
}
const { register } = await import("tsx/esm/api");

register();
const { main } = await import("../generator/cli.ts");
process.exitCode = await main(process.argv.slice(2));
