/**
 * Lines 1 and 2: generation as child processes, interleaved round by round.
 *
 *   cold      specguard generate --all --enums closed into an empty folder with an empty cache
 *             folder (so it also writes the cache, as a user's first run does)
 *   ot        openapi-typescript on the same spec into one file (the peer of every line here)
 *   nochange  specguard again, same folder and cache: nothing changed
 *   change    specguard after one property's description changed (a new edit every round,
 *             so the changed text is never in the cache), same folder and cache
 *   noformat  (evidence) the cold run with `--no-format`: what formatting costs
 *   startup   (evidence) `specguard --help`: node, tsx and the CLI module, no pipeline
 *   check     `specguard generate --check --no-cache` in the repository (default config against
 *             the committed generated/): what a CI job on a clean checkout pays
 *   coldgh    specguard --all --enums closed on GitHub's REST spec, no cache (a large non-Stripe spec)
 *   otgh      openapi-typescript on GitHub's REST spec (the peer of coldgh)
 *
 * Each round uses a fresh cache folder the bench owns: `--cache-dir` when the CLI has it, otherwise
 * `--config` with a config file that spreads the repository's specguard.config.ts and sets
 * `cacheDir` (the CLI had no such flag when this harness was written).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median, ok, runNode, type ChildResult, type MemoryProbe } from "./measure.ts";
import { GITHUB_SPEC, OT_BIN, ROOT, SPEC, SPECGUARD_BIN, WORK } from "./paths.ts";
import { sizeRows, tsBytes } from "./output-size.ts";
import type { Row } from "./report.ts";

const DIR = join(WORK, "gen");
export const OT_OUT = join(WORK, "ot", "ot.ts");
/** GitHub's: a file of its own, so that line 4 (bench/typecheck.ts) always reads Stripe's. */
const OT_GH_OUT = join(WORK, "ot", "ot-github.ts");

/** The schema and property whose description the one-property change edits. */
const EDIT = { schema: "identity.verification_session", property: "url" } as const;

type Kind = "cold" | "ot" | "nochange" | "change" | "noformat" | "startup" | "check" | "coldgh" | "otgh";

export interface StageTimes {
  /** The CLI's own timer around generate + diff + write. */
  readonly totalMs: number;
  readonly stages: Record<string, number>;
  readonly formatted: number;
  readonly cached: number;
}

export interface GenerationResult {
  readonly rows: Row[];
  /** Median stage times per specguard kind, parsed from the CLI's summary line. */
  readonly breakdown: Record<string, { wallMs: number; peakMb: number; stages: StageTimes | null }>;
  /** Measured rounds actually run (the time budget may stop before `plan.rounds`). */
  readonly rounds: number;
}

export interface Plan {
  readonly rounds: number;
  readonly warmup: boolean;
  /** Rounds always run; more only while the next is expected to end within `budgetMs` (the full run must stay under 5 min). */
  readonly minRounds: number;
  readonly budgetMs: number;
}

export async function benchGeneration(probe: MemoryProbe, plan: Plan, log: (s: string) => void): Promise<GenerationResult> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  mkdirSync(join(WORK, "ot"), { recursive: true });
  const useFlag = cliHasCacheDirFlag();
  log(`  cache folder chosen with ${useFlag ? "--cache-dir" : "--config (the CLI has no --cache-dir flag)"}`);
  const specText = readFileSync(SPEC, "utf8");
  const common = ["generate", "--all", "--enums", "closed"];

  let edit = 0;
  const editedSpec = (): string => {
    // Same file name as the pinned spec: generated headers name the spec by its file name.
    edit++;
    const dir = join(DIR, `spec-edit-${edit}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "stripe-2024-04-10.json");
    writeFileSync(file, oneDescriptionChanged(specText, `(bench edit ${edit})`));
    return file;
  };

  // Each round owns a fresh (empty) cache folder and output folder: the cold run fills both, the
  // no-change run finds them up to date, the change run edits the spec against them.
  let cache = "";
  let out = "";
  let outputBytes: number | null = null;
  let otBytes: number | null = null;
  const run = async (kind: Kind): Promise<ChildResult> => {
    switch (kind) {
      case "cold": {
        const r = ok("specguard cold", await runNode(probe, SPECGUARD_BIN, [...common, ...cacheArgs(useFlag, cache), "--out", out]));
        outputBytes = tsBytes(out);
        return r;
      }
      case "ot":
      {
        rmSync(OT_OUT, { force: true });
        const r = ok("openapi-typescript", await runNode(probe, OT_BIN, [SPEC, "-o", OT_OUT]));
        otBytes = statSync(OT_OUT).size;
        return r;
      }
      case "nochange":
        return ok("specguard no-change", await runNode(probe, SPECGUARD_BIN, [...common, ...cacheArgs(useFlag, cache), "--out", out]));
      case "change": {
        const spec = editedSpec();
        const r = ok("specguard one-property change", await runNode(probe, SPECGUARD_BIN, [...common, ...cacheArgs(useFlag, cache), "--spec", spec, "--out", out]));
        rmSync(join(spec, ".."), { recursive: true, force: true });
        return r;
      }
      case "noformat": {
        const dir = join(DIR, "noformat");
        rmSync(dir, { recursive: true, force: true });
        return ok("specguard cold --no-format", await runNode(probe, SPECGUARD_BIN, [...common, "--no-cache", "--no-format", "--out", dir]));
      }
      case "startup":
        return ok("specguard --help", await runNode(probe, SPECGUARD_BIN, ["--help"]));
      case "check":
        return ok("specguard generate --check", await runNode(probe, SPECGUARD_BIN, ["generate", "--check", "--no-cache"]));
      case "coldgh": {
        const dir = join(DIR, "github");
        rmSync(dir, { recursive: true, force: true });
        return ok("specguard cold, GitHub spec", await runNode(probe, SPECGUARD_BIN, [...common, "--spec", GITHUB_SPEC, "--no-cache", "--out", dir]));
      }
      case "otgh":
        rmSync(OT_GH_OUT, { force: true });
        return ok("openapi-typescript, GitHub spec", await runNode(probe, OT_BIN, [GITHUB_SPEC, "-o", OT_GH_OUT]));
    }
  };

  const github = existsSync(GITHUB_SPEC);
  if (!github) log(`  GitHub's spec is not installed (${GITHUB_SPEC}): its lines are skipped`);
  const kinds: Kind[] = ["cold", "ot", "nochange", "change", "noformat", "startup", "check", ...(github ? (["coldgh", "otgh"] as const) : [])];
  const samples = new Map<Kind, ChildResult[]>(kinds.map((k) => [k, []]));
  const started = performance.now();
  const total = plan.rounds + (plan.warmup ? 1 : 0);
  for (let round = 0; round < total; round++) {
    const measured = !plan.warmup || round > 0;
    const done = plan.warmup ? round - 1 : round;
    const spent = performance.now() - started;
    const perRound = done > 0 ? spent / (done + (plan.warmup ? 0.2 : 0)) : 0;
    if (measured && done >= plan.minRounds && spent + perRound > plan.budgetMs) {
      log(`  time budget (${(plan.budgetMs / 1000).toFixed(0)} s) would be exceeded by another round: stopping after ${done}`);
      break;
    }
    cache = join(DIR, `cache-${round}`);
    out = join(DIR, `out-${round}`);
    const parts: string[] = [];
    // The warm-up warms OS caches and tsx's transpile cache with the light runs only.
    for (const kind of measured ? roundOrder(round, github) : (["ot", "startup", "noformat"] as Kind[])) {
      const r = await run(kind);
      if (measured) samples.get(kind)!.push(r);
      parts.push(`${kind} ${(r.wallMs / 1000).toFixed(2)} s/${r.peakMb.toFixed(0)} MB`);
    }
    rmSync(cache, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
    log(`  ${measured ? `round ${done + 1}/${plan.rounds}` : "warm-up"}: ${parts.join(", ")}`);
  }

  const wall = (k: Kind): number => median(samples.get(k)!.map((r) => r.wallMs));
  const peak = (k: Kind): number => median(samples.get(k)!.map((r) => r.peakMb));
  const ot = "openapi-typescript";
  const rows: Row[] = [
    { section: "1", line: "cold --all (types+enums+guards, formatted): wall", unit: "ms", specguard: wall("cold"), peer: wall("ot"), peerName: ot, target: { ratio: "<=", value: 1 } },
    { section: "1", line: "cold --all: peak RSS", unit: "MB", specguard: peak("cold"), peer: peak("ot"), peerName: ot, target: { ratio: "<=", value: 1 } },
    { section: "1", line: "(evidence) cold --all with --no-format: wall", unit: "ms", specguard: wall("noformat"), peer: wall("ot"), peerName: ot, note: `peak RSS ${peak("noformat").toFixed(0)} MB` },
    { section: "1", line: "generate --check, clean checkout (default config, no cache): wall", unit: "ms", specguard: wall("check"), peer: wall("ot"), peerName: `${ot} cold`, target: { ratio: "<=", value: 1 } },
    { section: "1", line: "generate --check, clean checkout: peak RSS", unit: "MB", specguard: peak("check"), peer: peak("ot"), peerName: `${ot} cold`, target: { ratio: "<=", value: 1 } },
    ...(github
      ? ([
          { section: "1", line: "cold --all on GitHub's REST spec (@octokit/openapi): wall", unit: "ms", specguard: wall("coldgh"), peer: wall("otgh"), peerName: ot, target: { ratio: "<=", value: 1 } },
          { section: "1", line: "cold --all on GitHub's REST spec: peak RSS", unit: "MB", specguard: peak("coldgh"), peer: peak("otgh"), peerName: ot, target: { ratio: "<=", value: 1 } },
        ] as Row[])
      : []),
    ...sizeRows(outputBytes, otBytes),
    { section: "2", line: "regenerate, nothing changed (warm cache): wall", unit: "ms", specguard: wall("nochange"), peer: wall("ot"), peerName: `${ot} cold`, target: { ratio: "<=", value: 0.5 } },
    { section: "2", line: "regenerate after a one-property change: wall", unit: "ms", specguard: wall("change"), peer: wall("ot"), peerName: `${ot} cold`, target: { ratio: "<=", value: 0.5 } },
    { section: "2", line: "(evidence) `specguard --help`: node + tsx + CLI start, no pipeline", unit: "ms", specguard: wall("startup"), peer: null },
  ];
  const breakdown: GenerationResult["breakdown"] = {};
  for (const kind of ["cold", "noformat", "nochange", "change"] as const) {
    breakdown[kind] = { wallMs: wall(kind), peakMb: peak(kind), stages: medianStages(samples.get(kind)!.map((r) => parseSummary(r.stdout))) };
  }
  breakdown["startup"] = { wallMs: wall("startup"), peakMb: peak("startup"), stages: null };
  const changed = samples.get("change")!.map((r) => parseSummary(r.stdout));
  const last = changed[changed.length - 1];
  if (last) {
    const at = rows.findIndex((r) => r.line.startsWith("regenerate after"));
    rows[at] = { ...rows[at]!, note: `prettier formatted ${last.formatted} files (cache hits ${last.cached}; the layout engine lays out the rest) and ${changedCount(samples.get("change")!.at(-1)!.stdout)} output files changed for a one-description edit` };
  }
  return { rows, breakdown, rounds: samples.get("cold")!.length };
}

function cliHasCacheDirFlag(): boolean {
  const help = spawnSync(process.execPath, [SPECGUARD_BIN, "generate", "--help"], { cwd: ROOT, encoding: "utf8" });
  return help.status === 0 && help.stdout.includes("--cache-dir");
}

/** CLI arguments selecting `cacheDir` as the formatting cache. */
function cacheArgs(useFlag: boolean, cacheDir: string): string[] {
  if (useFlag) return ["--cache-dir", cacheDir];
  const config = `${cacheDir}.config.mjs`;
  writeFileSync(
    config,
    `// Written by bench/generation.ts: the repository's config with a formatting cache the bench owns.\n` +
      `import base from ${JSON.stringify(join(ROOT, "specguard.config.ts"))};\n` +
      `export default { ...base, cacheDir: ${JSON.stringify(cacheDir)} };\n`,
  );
  return ["--config", config];
}

/**
 * cold → nochange → change must stay in that order (they share the round's folders); the peer
 * and the evidence runs move through the sequence from round to round.
 */
function roundOrder(round: number, github: boolean): Kind[] {
  const order: Kind[] = ["cold", "nochange", "change"];
  order.splice(round % 4, 0, "ot");
  order.splice((round + 2) % 5, 0, "noformat");
  order.push("startup", "check");
  if (github) order.push(...(round % 2 === 0 ? (["coldgh", "otgh"] as const) : (["otgh", "coldgh"] as const)));
  return order;
}

/** The spec text with one property's description extended; the rest of the text byte-identical. */
export function oneDescriptionChanged(specText: string, suffix: string): string {
  const doc = JSON.parse(specText) as { components: { schemas: Record<string, { properties: Record<string, { description: string }> }> } };
  const old = doc.components.schemas[EDIT.schema]!.properties[EDIT.property]!.description;
  const quoted = JSON.stringify(old);
  const at = specText.indexOf(quoted);
  if (at >= 0 && specText.indexOf(quoted, at + 1) < 0) {
    return specText.slice(0, at) + JSON.stringify(`${old} ${suffix}`) + specText.slice(at + quoted.length);
  }
  // The description is not unique in the text: rewrite the whole document instead.
  doc.components.schemas[EDIT.schema]!.properties[EDIT.property]!.description = `${old} ${suffix}`;
  return JSON.stringify(doc, null, 2);
}

/**
 * `specguard: N schemas → out in T ms (load 1 ms, ..., formatted F, cached C)`, or the fast path's
 * `specguard: out is up to date (inputs unchanged, T ms)`.
 */
export function parseSummary(stdout: string): StageTimes | null {
  const fast = /is up to date \(inputs unchanged, (\d+) ms\)/.exec(stdout);
  if (fast) return { totalMs: Number(fast[1]), stages: { "fast path (fingerprint + hash check)": Number(fast[1]) }, formatted: 0, cached: 0 };
  const m = /in (\d+) ms \(([^)]*)\)/.exec(stdout);
  if (!m) return null;
  const stages: Record<string, number> = {};
  for (const s of m[2]!.matchAll(/(\w+) (\d+) ms/g)) stages[s[1]!] = Number(s[2]);
  // The layout engine's runs name no prettier counts ("laid out N"): prettier formatted none.
  const engine = /laid out \d+/.test(m[2]!);
  const formatted = Number(/formatted (\d+)/.exec(m[2]!)?.[1] ?? (engine ? 0 : NaN));
  const cached = Number(/cached (\d+)/.exec(m[2]!)?.[1] ?? (engine ? 0 : NaN));
  return { totalMs: Number(m[1]), stages, formatted, cached };
}

function changedCount(stdout: string): string {
  const added = Number(/added (\d+):/.exec(stdout)?.[1] ?? 0);
  const changed = Number(/changed (\d+):/.exec(stdout)?.[1] ?? 0);
  return String(added + changed);
}

function medianStages(list: readonly (StageTimes | null)[]): StageTimes | null {
  const present = list.filter((s): s is StageTimes => s !== null);
  if (present.length === 0) return null;
  const stages: Record<string, number> = {};
  for (const key of Object.keys(present[0]!.stages)) stages[key] = median(present.map((s) => s.stages[key] ?? NaN));
  return {
    totalMs: median(present.map((s) => s.totalMs)),
    stages,
    formatted: median(present.map((s) => s.formatted)),
    cached: median(present.map((s) => s.cached)),
  };
}
