/**
 * Line 6: spec updates (issue 9), as child processes against openapi-typescript's cold run on the
 * same spec, measured in the same rounds:
 *
 *   enum      `generate --all --enums closed` after one value was added to
 *             identity.verification_session's `status` (a new value every round), same output
 *             folder and cache as the previous run
 *   nochange  the same command again right after (nothing changed: the fast path)
 *   watch     one `generate --watch` process for the whole section; per round, the time from
 *             saving the spec with one more status value to the watcher's report of the run
 *             (includes the 100 ms debounce and the file-system event)
 *   diff      `specguard diff <2022-11-15 release> <pinned> --all --format json`
 *   ot        openapi-typescript on the pinned spec into one file
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median, ok, runNode, type MemoryProbe } from "./measure.ts";
import { OT_BIN, ROOT, SPEC, SPECGUARD_BIN, WORK } from "./paths.ts";
import type { Row } from "./report.ts";

const DIR = join(WORK, "updates");
const OLDER = join(ROOT, "test/fixtures/real/stripe-2022-11-15-apisguru.json");

/** The pinned spec with `extra` values added to identity.verification_session's status enum. */
function withStatusValues(specText: string, extra: number): string {
  const doc = JSON.parse(specText) as { components: { schemas: Record<string, { properties: Record<string, { enum: string[] }> }> } };
  const status = doc.components.schemas["identity.verification_session"]!.properties["status"]!;
  for (let i = 1; i <= extra; i++) status.enum.push(`bench_value_${i}`);
  return JSON.stringify(doc);
}

export async function benchSpecUpdates(probe: MemoryProbe, rounds: number, log: (s: string) => void): Promise<Row[]> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const specText = readFileSync(SPEC, "utf8");
  // Same file name as the pinned spec, in a folder of its own: the manifest names the spec by file name.
  const spec = join(DIR, "spec", "stripe-2024-04-10.json");
  mkdirSync(join(DIR, "spec"), { recursive: true });
  writeFileSync(spec, specText);
  const out = join(DIR, "out");
  const cache = join(DIR, "cache");
  const generate = ["generate", "--all", "--enums", "closed", "--spec", spec, "--out", out, "--cache-dir", cache];
  const otOut = join(DIR, "ot.ts");

  log("  setup: cold generation into the section's own folder and cache");
  ok("specguard cold", await runNode(probe, SPECGUARD_BIN, generate));

  const samples = { enum: [] as number[], nochange: [] as number[], watch: [] as number[], diff: [] as number[], ot: [] as number[] };
  let values = 0;
  for (let round = 0; round < rounds; round++) {
    writeFileSync(spec, withStatusValues(specText, ++values));
    const e = ok("specguard one enum value", await runNode(probe, SPECGUARD_BIN, generate));
    samples.enum.push(e.wallMs);
    const changed = /changed (\d+):/.exec(e.stdout)?.[1] ?? "?";
    samples.nochange.push(ok("specguard no-change", await runNode(probe, SPECGUARD_BIN, generate)).wallMs);
    samples.diff.push(ok("specguard diff", await runNode(probe, SPECGUARD_BIN, ["diff", OLDER, SPEC, "--all", "--format", "json"])).wallMs);
    rmSync(otOut, { force: true });
    samples.ot.push(ok("openapi-typescript", await runNode(probe, OT_BIN, [SPEC, "-o", otOut])).wallMs);
    log(`  round ${round + 1}/${rounds}: enum ${ms(samples.enum.at(-1)!)} (${changed} files changed), no-change ${ms(samples.nochange.at(-1)!)}, diff ${ms(samples.diff.at(-1)!)}, openapi-typescript ${ms(samples.ot.at(-1)!)}`);
  }

  log("  watch: one watcher, one enum value per save");
  const watcher = startWatch(generate);
  try {
    await watcher.waitFor(/watching/, 120_000);
    for (let round = 0; round < rounds; round++) {
      const before = watcher.runs();
      const started = performance.now();
      writeFileSync(spec, withStatusValues(specText, ++values));
      await watcher.waitFor(() => watcher.runs() > before, 60_000);
      samples.watch.push(performance.now() - started);
      log(`  watch rebuild ${round + 1}/${rounds}: ${ms(samples.watch.at(-1)!)} (${watcher.lastRun()})`);
    }
  } finally {
    watcher.stop();
  }
  rmSync(DIR, { recursive: true, force: true });

  const ot = median(samples.ot);
  const peerName = "openapi-typescript cold";
  return [
    { section: "6", line: "regenerate after one enum value added (identity.verification_session status): wall", unit: "ms", specguard: median(samples.enum), peer: ot, peerName, target: { ratio: "<=", value: 0.25 } },
    { section: "6", line: "regenerate, nothing changed: wall", unit: "ms", specguard: median(samples.nochange), peer: ot, peerName },
    { section: "6", line: "watch: save → rebuilt after one enum value added (incl. 100 ms debounce)", unit: "ms", specguard: median(samples.watch), peer: ot, peerName, target: { ratio: "<=", value: 0.1 } },
    { section: "6", line: "diff --all, 2022-11-15 release → pinned 2024-04-10: wall", unit: "ms", specguard: median(samples.diff), peer: ot, peerName, target: { ratio: "<=", value: 1 } },
  ];
}

function ms(v: number): string {
  return `${(v / 1000).toFixed(2)} s`;
}

/** A `generate --watch` child whose completed runs are counted from its report lines. */
function startWatch(generate: readonly string[]) {
  const child: ChildProcess = spawn(process.execPath, [SPECGUARD_BIN, ...generate, "--watch"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const reports = () => stdout.split("\n").filter((l) => / schemas → .* in \d+ ms/.test(l));
  return {
    runs: () => reports().length,
    lastRun: () => reports().at(-1)?.replace(/^specguard: /, "") ?? "",
    async waitFor(what: RegExp | (() => boolean), limitMs: number): Promise<void> {
      const deadline = performance.now() + limitMs;
      const done = () => (typeof what === "function" ? what() : what.test(stdout));
      while (!done()) {
        if (child.exitCode !== null || performance.now() > deadline) throw new Error(`watcher: gave up waiting\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    stop: () => child.kill("SIGINT"),
  };
}
