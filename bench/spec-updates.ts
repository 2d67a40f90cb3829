/**
 * Line 6: spec updates (issue 9, section 5), as a user runs them, against openapi-typescript's
 * cold run on the same spec, measured in the same rounds.
 *
 * What users run is the built package: the section builds dist/ first and runs the bin with
 * SPECGUARD_DIST=1, from a project folder of its own (bench/.work/updates) that looks like a
 * user's: `node_modules/specguard` (a link to this repository), a `specguard.config.ts` that
 * imports `defineConfig` from "specguard" and selects `--all --enums closed`, the spec in
 * `spec/`, output in `generated/`, the default cache folder. Every specguard command is the plain
 * `specguard generate` a user re-runs after a spec update.
 *
 *   enum      after one value was added to identity.verification_session's `status` (a new value
 *             every round: the edit of issue 9, section 1); warm cache from the previous run
 *   property  after one property's description changed (identity.verification_session.url)
 *   nochange  the same command again right after (nothing changed: the fast path)
 *   tsx       (evidence) the enum edit through the repository checkout's bin (tsx, source)
 *   watch     one `generate --watch` process for the whole section; per round, the time from
 *             the spec's save (the text is prepared before the clock starts) to the watcher's
 *             report of the run: includes the 30 ms debounce and the file-system event
 *   diff      `specguard diff <2022-11-15 release> <pinned> --all --format json`
 *   ot        openapi-typescript on the pinned spec into one file
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median, ok, runNode, type ChildResult, type MemoryProbe } from "./measure.ts";
import { OT_BIN, ROOT, SPEC, SPECGUARD_BIN, TSC_BIN, WORK } from "./paths.ts";
import type { Row } from "./report.ts";

const DIR = join(WORK, "updates");
const OLDER = join(ROOT, "test/fixtures/real/stripe-2022-11-15-apisguru.json");
/** The bin as installed: node_modules/specguard is a link to this repository. */
const USER_BIN = join(DIR, "node_modules/specguard/bin/specguard.js");
const DIST_ENV = { ...process.env, SPECGUARD_DIST: "1" };
/** Saves after the measured ones, for the watcher's settled speed (evidence). */
const STEADY_SAVES = 8;

const CONFIG = `import { defineConfig } from "specguard";

export default defineConfig({ spec: "spec/stripe-2024-04-10.json", out: "generated", all: true, enums: "closed" });
`;

type Doc = { components: { schemas: Record<string, { properties: Record<string, { enum: string[]; description: string }> }> } };

/** The pinned spec with `extra` values added to identity.verification_session's status enum. */
function withStatusValues(specText: string, extra: number): string {
  const doc = JSON.parse(specText) as Doc;
  const status = doc.components.schemas["identity.verification_session"]!.properties["status"]!;
  for (let i = 1; i <= extra; i++) status.enum.push(`bench_value_${i}`);
  return JSON.stringify(doc);
}

/** `text` with identity.verification_session.url's description extended by `suffix`. */
function withDescription(text: string, suffix: string): string {
  const doc = JSON.parse(text) as Doc;
  doc.components.schemas["identity.verification_session"]!.properties["url"]!.description += ` ${suffix}`;
  return JSON.stringify(doc);
}

/** The CLI's timeline (`in N ms (start …, config …, …)`), for the log and the notes. */
function timeline(r: ChildResult): string {
  return /in \d+ ms \(([^)]*)\)/.exec(r.stdout)?.[1] ?? /is up to date \(([^)]*)\)/.exec(r.stdout)?.[1] ?? "?";
}

export async function benchSpecUpdates(probe: MemoryProbe, rounds: number, log: (s: string) => void): Promise<Row[]> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(join(DIR, "spec"), { recursive: true });
  mkdirSync(join(DIR, "node_modules"), { recursive: true });
  symlinkSync(ROOT, join(DIR, "node_modules/specguard"), "dir");
  writeFileSync(join(DIR, "package.json"), JSON.stringify({ name: "bench-user", private: true, type: "module" }));
  writeFileSync(join(DIR, "specguard.config.ts"), CONFIG);
  log("  build: tsc -p tsconfig.build.json (dist/, what users run)");
  const build = spawnSync(process.execPath, [TSC_BIN, "-p", join(ROOT, "tsconfig.build.json")], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);

  const specText = readFileSync(SPEC, "utf8");
  // Same file name as the pinned spec: the manifest names the spec by file name.
  const spec = join(DIR, "spec", "stripe-2024-04-10.json");
  writeFileSync(spec, specText);
  const otOut = join(DIR, "ot.ts");
  const generate = (what: string, bin = USER_BIN): Promise<ChildResult> => runNode(probe, bin, ["generate"], DIR, DIST_ENV).then((r) => ok(what, r));

  log("  setup: cold generation into the section's project (fills its cache), then the same through tsx (its own module-cache folder: the generator's source hashes differently from dist/)");
  await generate("specguard cold");
  writeFileSync(spec, withStatusValues(specText, 1));
  ok("specguard through tsx (setup)", await runNode(probe, SPECGUARD_BIN, ["generate"], DIR, { ...process.env, SPECGUARD_DIST: "0" }));

  const samples = { enum: [] as number[], property: [] as number[], nochange: [] as number[], tsx: [] as number[], watch: [] as number[], steady: [] as number[], diff: [] as number[], ot: [] as number[] };
  const lines: Record<string, string> = {};
  let values = 1;
  for (let round = 0; round < rounds; round++) {
    writeFileSync(spec, withStatusValues(specText, ++values));
    const e = await generate("specguard one enum value");
    samples.enum.push(e.wallMs);
    lines["enum"] = timeline(e);
    const changed = /changed (\d+):/.exec(e.stdout)?.[1] ?? "?";
    const n = await generate("specguard no-change");
    samples.nochange.push(n.wallMs);
    lines["nochange"] = timeline(n);
    writeFileSync(spec, withDescription(withStatusValues(specText, values), `(bench edit ${round + 1})`));
    const p = await generate("specguard one property");
    samples.property.push(p.wallMs);
    lines["property"] = timeline(p);
    writeFileSync(spec, withStatusValues(specText, ++values));
    // The same edit through the checkout's bin (tsx compiles the source; its cache is warm).
    const t = ok("specguard one enum value (tsx)", await runNode(probe, SPECGUARD_BIN, ["generate"], DIR, { ...process.env, SPECGUARD_DIST: "0" }));
    samples.tsx.push(t.wallMs);
    lines["tsx"] = timeline(t);
    samples.diff.push(ok("specguard diff", await runNode(probe, USER_BIN, ["diff", OLDER, SPEC, "--all", "--format", "json"], DIR, DIST_ENV)).wallMs);
    rmSync(otOut, { force: true });
    samples.ot.push(ok("openapi-typescript", await runNode(probe, OT_BIN, [SPEC, "-o", otOut], DIR)).wallMs);
    log(
      `  round ${round + 1}/${rounds}: enum ${ms(samples.enum.at(-1)!)} (${changed} files changed), property ${ms(samples.property.at(-1)!)}, ` +
        `no-change ${ms(samples.nochange.at(-1)!)}, enum via tsx ${ms(samples.tsx.at(-1)!)}, diff ${ms(samples.diff.at(-1)!)}, openapi-typescript ${ms(samples.ot.at(-1)!)}`,
    );
  }
  for (const [kind, text] of Object.entries(lines)) log(`  ${kind} timeline (last round): ${text}`);

  log("  watch: one watcher, one enum value per save");
  const watcher = startWatch();
  try {
    await watcher.waitFor(/watching/, 120_000);
    // One save of one more status value (the text prepared before the clock starts) → the report.
    const saved = async (): Promise<number> => {
      const text = withStatusValues(specText, ++values);
      const before = watcher.runs();
      const started = performance.now();
      writeFileSync(spec, text);
      await watcher.waitFor(() => watcher.runs() > before, 60_000);
      return performance.now() - started;
    };
    for (let round = 0; round < rounds + 1; round++) {
      samples.watch.push(await saved());
      log(`  watch rebuild ${round + 1}/${rounds + 1}: ${ms(samples.watch.at(-1)!)} (${watcher.lastRun()})`);
    }
    // Evidence: the same watcher over a longer session (the first rebuilds pay for the JIT
    // compiling and the garbage of the first run; a watcher left open settles below them).
    for (let save = 0; save < STEADY_SAVES; save++) samples.steady.push(await saved());
    log(`  watch, ${STEADY_SAVES} more saves: ${samples.steady.map(ms).join(", ")}; last: ${watcher.lastRun()}`);
  } finally {
    watcher.stop();
  }
  rmSync(DIR, { recursive: true, force: true });

  const ot = median(samples.ot);
  const peerName = "openapi-typescript cold";
  return [
    { section: "6", line: "regenerate after one enum value added (identity.verification_session status): wall", unit: "ms", specguard: median(samples.enum), peer: ot, peerName, target: { ratio: "<=", value: 0.25 }, note: `last round's CLI timeline: ${lines["enum"]}` },
    { section: "6", line: "regenerate after a one-property edit (a description): wall", unit: "ms", specguard: median(samples.property), peer: ot, peerName, target: { ratio: "<=", value: 0.25 }, note: `last round's CLI timeline: ${lines["property"]}` },
    { section: "6", line: "regenerate, nothing changed: wall", unit: "ms", specguard: median(samples.nochange), peer: ot, peerName },
    { section: "6", line: "(evidence) one enum value, through the checkout's bin (tsx, source)", unit: "ms", specguard: median(samples.tsx), peer: ot, peerName, note: `last round's CLI timeline: ${lines["tsx"]}` },
    { section: "6", line: "watch: save → rebuilt after one enum value added (incl. 30 ms debounce)", unit: "ms", specguard: median(samples.watch), peer: ot, peerName, target: { ratio: "<=", value: 0.1 } },
    { section: "6", line: `(evidence) watch: the next ${STEADY_SAVES} saves of the same watcher`, unit: "ms", specguard: median(samples.steady), peer: ot, peerName },
    { section: "6", line: "diff --all, 2022-11-15 release → pinned 2024-04-10: wall", unit: "ms", specguard: median(samples.diff), peer: ot, peerName, target: { ratio: "<=", value: 1 } },
  ];
}

function ms(v: number): string {
  return `${(v / 1000).toFixed(2)} s`;
}

/** A `generate --watch` child (the built package) whose completed runs are counted from its report lines. */
function startWatch() {
  const child: ChildProcess = spawn(process.execPath, [USER_BIN, "generate", "--watch"], { cwd: DIR, env: DIST_ENV, stdio: ["ignore", "pipe", "pipe"] });
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
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    stop: () => child.kill("SIGINT"),
  };
}
