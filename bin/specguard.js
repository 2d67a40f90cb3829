#!/usr/bin/env node
// The generator is written in TypeScript and run through tsx, so `npx specguard` works right
// after `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../generator/cli.ts");
process.exitCode = await main(process.argv.slice(2));
