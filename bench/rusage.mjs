#!/usr/bin/env node
// Fallback peak-memory probe for machines without GNU time: runs a node entry point inside this
// process and, on exit, writes {"maxRssKb": N} (process.resourceUsage().maxRSS, kilobytes) to a file.
// usage: node bench/rusage.mjs <report-file> <entry.js> [args...]
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [report, entry, ...rest] = process.argv.slice(2);
if (!report || !entry) {
  console.error("usage: rusage.mjs <report-file> <entry.js> [args...]");
  process.exit(2);
}
process.on("exit", () => writeFileSync(report, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }) + "\n"));
process.argv = [process.argv[0], resolve(entry), ...rest];
await import(pathToFileURL(resolve(entry)).href);
