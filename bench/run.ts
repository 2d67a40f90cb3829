/**
 * `npm run bench [-- --quick] [-- --only updates] [-- --measure time|node] [-- --rounds N] [-- --results FILE]`
 *
 * specguard against the tools a user would pick instead, on this machine, in one run: generation
 * (lines 1–2, child processes), guard throughput (3, in process, against ajv), a consumer's
 * type-check (4) and bundle (5). Prints medians and ratios and writes them as Markdown
 * (bench/RESULTS.md; `--quick` writes bench/.work/RESULTS.quick.md so CI never dirties the tree).
 *
 * `--only updates` runs line 6 alone (spec updates; it builds dist/ itself).
 *
 * Targets are reported, never enforced: the exit code is non-zero only when the harness itself
 * (or a tool it runs) breaks.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { benchBundle, type BundleResult } from "./bundle.ts";
import { benchGeneration, type GenerationResult } from "./generation.ts";
import { benchGuards, type GuardResult } from "./guards.ts";
import { benchSpecUpdates } from "./spec-updates.ts";
import { detectProbe, sink } from "./measure.ts";
import { ROOT, WORK } from "./paths.ts";
import { consoleTable, markdownNotes, markdownTable, met, type Row } from "./report.ts";
import { benchTypecheck } from "./typecheck.ts";
import { prepareWorkspace } from "./workspace.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: "boolean" },
    measure: { type: "string" },
    rounds: { type: "string" },
    results: { type: "string" },
    only: { type: "string" },
  },
});
if (values.only !== undefined && values.only !== "updates") throw new Error("--only takes `updates` (line 6)");
const only = values.only === "updates";
const quick = values.quick === true;
const rounds = values.rounds !== undefined ? Number(values.rounds) : quick ? 1 : 4;
// Generation rounds past the third run only while they fit in ~150 s (a cold --all run takes ~25 s
// here), tsc rounds past the third while they fit in ~50 s, so the full run stays under 5 minutes.
if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error("--rounds must be a positive integer");
const warmup = !quick;
const sampleMs = quick ? 50 : 250;
const resultsFile = values.results ?? join(ROOT, quick || values.only !== undefined ? "bench/.work/RESULTS.quick.md" : "bench/RESULTS.md");
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;

const started = performance.now();
const loadAtStart = loadavg()[0]!;
const log = (s: string): void => {
  process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${s}\n`);
};

mkdirSync(WORK, { recursive: true });
const probe = detectProbe(values.measure);
log(`specguard bench — ${quick ? "quick: 1 round, no warm-up" : `${rounds} rounds after a warm-up`}; peak memory via ${probe}`);
const busy = (load: number): boolean => load > cpus().length * 0.75;
if (busy(loadAtStart)) log(`  warning: 1-min load average ${loadAtStart.toFixed(2)} on ${cpus().length} CPUs: other work will skew the numbers`);

const rows: Row[] = [];
const errors: string[] = [];
async function section<T>(name: string, fn: () => Promise<T> | T): Promise<T | undefined> {
  log(name);
  try {
    return await fn();
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    errors.push(`${name}: ${message}`);
    log(`  FAILED: ${message}`);
    return undefined;
  }
}

const generation: GenerationResult | undefined = only ? undefined : await section("1–2. generation (child processes, interleaved)", () => benchGeneration(probe, { rounds, warmup, minRounds: quick ? 1 : 3, budgetMs: quick ? 0 : 150_000 }, log));
if (generation) rows.push(...generation.rows);

const ws = only ? undefined : await section("workspace: generate --all --enums closed in process, bundle and import it", async () => {
  const w = await prepareWorkspace();
  log(`  ${Object.keys(w.manifest.schemas).length} schemas in ${(w.generateMs / 1000).toFixed(2)} s; identity.verification_session closure: ${w.identityClosure.size} schemas`);
  return w;
});

let guards: GuardResult | undefined;
let tcRounds = 0;
let bundle: BundleResult | undefined;
if (ws) {
  guards = await section("3. guard throughput vs ajv (in process)", () => benchGuards(ws, quick ? 1 : rounds + 2, quick ? 1 : 3, sampleMs, log));
  if (guards) {
    rows.push(...guards.rows);
    for (const c of guards.checks.filter((c) => !c.agree)) log(`  DISAGREEMENT ${c.what}: expected ${c.expected}, ajv ${c.ajv}, specguard ${c.specguard}${c.detail ? ` (${c.detail})` : ""}`);
  }
  const tc = await section("4. consumer type-check (tsc child processes, interleaved)", () => benchTypecheck(probe, ws, rounds, warmup, quick ? 0 : 50_000, log));
  if (tc) {
    rows.push(...tc.rows);
    tcRounds = tc.rounds;
  }
  bundle = await section("5. consumer bundles (esbuild, minified)", () => benchBundle(ws, log));
  if (bundle) rows.push(...bundle.rows);
}

const updates = await section("6. spec updates: one enum value, one property, no change, watch rebuild, diff (child processes, built package)", () => benchSpecUpdates(probe, values.rounds !== undefined ? rounds : quick ? 1 : 3, log));
if (updates) rows.push(...updates);

const elapsed = (performance.now() - started) / 1000;
const table = consoleTable(rows);
process.stdout.write(`\n${table}\n\n`);
const missed = rows.filter((r) => met(r) === false).map((r) => `${r.section} ${r.line}`);
const na = rows.filter((r) => r.target && met(r) === null).map((r) => `${r.section} ${r.line}`);
process.stdout.write(`targets: ${rows.filter((r) => met(r) === true).length} met, ${missed.length} missed, ${na.length} n/a (targets are reported, not enforced)\n`);
process.stdout.write(`finished in ${elapsed.toFixed(1)} s (sink ${sink.count > 0 ? "ok" : "empty"})\n`);

writeFileSync(resultsFile, markdown());
process.stdout.write(`wrote ${relative(ROOT, resultsFile)}\n`);
if (errors.length > 0) {
  process.stderr.write(`\nthe harness could not measure everything:\n${errors.join("\n\n")}\n`);
  process.exitCode = 1;
}

function markdown(): string {
  const cpu = cpus();
  const out: string[] = [];
  out.push("# specguard benchmark results", "");
  out.push(`- Date: ${new Date().toISOString()}`);
  out.push(`- Node: ${process.version} (${process.platform} ${process.arch})`);
  out.push(`- CPU: ${cpu[0]?.model ?? "unknown"} × ${cpu.length}; memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB; 1-min load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end (other work on the machine skews both sides)`);
  const genRounds = generation ? `${generation.rounds} for lines 1–2, ` : "";
  out.push(`- Command: \`${command}\` — ${quick ? "quick: 1 round, no warm-up" : `rounds: ${genRounds}${tcRounds} for line 4, ${rounds + 2} samples per side for line 3 (after warm-up)`}; medians; ${elapsed.toFixed(0)} s in all`);
  if (busy(loadAtStart) || busy(loadavg()[0]!)) out.push("- **Warning: the machine was busy with other work during this run; treat absolute numbers (and, less so, ratios) with care.**");
  out.push(`- Peak memory: ${probe === "gnu-time" ? "GNU time `%M` (the child's max RSS)" : "bench/rusage.mjs (`process.resourceUsage().maxRSS` inside the child)"}`);
  out.push("- Spec: spec/stripe-2024-04-10.json; specguard `generate --all --enums closed` (repository config otherwise); openapi-typescript 7 CLI, default options");
  out.push("");
  out.push("Ratio = specguard ÷ peer (for ops/s higher is better; for time, memory lower is better).", "");
  out.push(markdownTable(rows), "");
  const notes = markdownNotes(rows);
  if (notes) out.push("## Notes", "", notes, "");
  if (generation) {
    out.push("## Where specguard's generation time goes (medians)", "");
    out.push("Process wall and peak RSS measured by the OS; the stage times are the CLI's own summary line (`in N ms (load …, format …)`); \"outside generate()\" is process wall minus the CLI's own timer: node start, tsx, loading ts-morph/prettier, reading the config.", "");
    out.push("| run | wall | peak RSS | CLI timer | stages | prettier files formatted / cached | outside generate() |", "|---|---|---|---|---|---|---|");
    for (const [kind, b] of Object.entries(generation.breakdown)) {
      const s = b.stages;
      const stages = s ? Object.entries(s.stages).map(([k, v]) => `${k} ${Math.round(v)}`).join(", ") + " ms" : "—";
      const fc = s && Number.isFinite(s.formatted) ? `${s.formatted} / ${s.cached}` : "—";
      out.push(`| ${kind} | ${(b.wallMs / 1000).toFixed(2)} s | ${b.peakMb.toFixed(0)} MB | ${s ? `${Math.round(s.totalMs)} ms` : "—"} | ${stages} | ${fc} | ${s ? `${Math.round(b.wallMs - s.totalMs)} ms` : `${Math.round(b.wallMs)} ms`} |`);
    }
    out.push("");
  }
  if (guards) {
    out.push("## Payload checks (before timing; closed enums)", "");
    out.push("| check | expected | ajv | specguard | agree |", "|---|---|---|---|---|");
    for (const c of guards.checks) out.push(`| ${c.what} | ${c.expected} | ${c.ajv} | ${c.specguard} | ${c.agree ? "yes" : `**NO** ${(c.detail ?? "").replace(/\|/g, "\\|")}`} |`);
    out.push("");
    out.push(`ajv compile time (lazy, per schema and its references): ${Object.entries(guards.ajvCompileMs).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(", ")}.`, "");
  }
  if (ws) out.push(`identity.verification_session's closure (specguard's model, \`select: [identity.verification_session]\`): ${ws.identityClosure.size} schemas.`, "");
  if (missed.length > 0) out.push("## Targets missed", "", ...missed.map((m) => `- ${m}`), "");
  if (na.length > 0) out.push("## Targets not measurable in this run", "", ...na.map((m) => `- ${m}`), "");
  if (errors.length > 0) out.push("## Harness errors", "", "```", ...errors, "```", "");
  out.push("## Method", "");
  out.push(
    "- Lines 1–2: child processes in the repository root. Each round: specguard cold (empty out folder, empty fresh cache folder via `--cache-dir`, so it also fills the cache as a user's first run does), then the no-change run (same folder and cache: the CLI's fast path), then a run after a one-description edit of `identity.verification_session.url` (a new edit each round, a spec file of the same name); openapi-typescript (`-o` one file) and the evidence runs (`--no-format` cold, `specguard --help`) move through that sequence round by round. The warm-up round runs only the light commands (OS and tsx caches); the tsx transpile cache is warm for every measured run, as a built, installed package would be.",
    "- Line 3: generated guards (unformatted `--all --enums closed` output in bench/.work/gen-all, bundled by esbuild and imported) vs ajv 8 (`strict: false`, `validateFormats: false`; `allErrors: false` against `isX`, `true` against `validateX`) on the spec's component schemas with `nullable` translated. Each sample runs a calibrated number of calls (~" + sampleMs + " ms); sides alternate; median of samples.",
    "- Line 4: `tsc --noEmit -p` per consumer (strict, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`, `skipLibCheck`, `types: []`), child processes interleaved, after a warm-up round. The generated code is the same unformatted `--all --enums closed` output; the openapi-typescript file is the one line 1 produced.",
    "- Line 5: esbuild bundle (ESM, platform neutral, minify), gzip level 9; closure check via esbuild's metafile and a bundle with identifiers kept.",
    "- Line 6: the built package (dist/, built at the start of the section; SPECGUARD_DIST=1), run as `specguard generate` from a project folder like a user's (bench/.work/updates: `node_modules/specguard` linking this repository, a `specguard.config.ts` importing `defineConfig` from \"specguard\" with `all: true, enums: \"closed\"`, the default cache folder). Per round, in order: one status value added to identity.verification_session (warm cache), the same command again (no change), one description edited, the enum edit again through the checkout's tsx bin (evidence), `specguard diff`, openapi-typescript cold. Then one `generate --watch` process: per save (text prepared before the clock starts), save → the watcher's report line, including the 30 ms debounce; every rebuild counts (the evidence line: 8 more saves of the same watcher, after the measured ones). The notes give the CLI's own timeline of the last round (milliseconds per step since the process started).",
  );
  out.push("");
  return out.join("\n");
}
