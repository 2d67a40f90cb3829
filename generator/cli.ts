/**
 * `specguard <command> [...]`: argv → command (generate: config → generate() → write or check).
 * The only file that touches process state and exit codes; commands write through `out`/`err`.
 *
 * Exit codes: 0 done (or up to date), 1 `--check` found differences, 2 bad input, usage or
 * environment (unwritable, locked, refused folder), 3 an internal error (a bug: please report).
 */
import { existsSync } from "node:fs";
import { relative, resolve as resolvePath } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { parseCommand, UsageError } from "./commands/args.ts";
import { helpCommand, USAGE, version } from "./commands/help.ts";
import { ConfigError, resolveConfig, type SourcedConfig, type UserConfig } from "./config.ts";
import { findConfig, loadConfig, resolvePaths } from "./config/discover.ts";
import { EnvironmentError, environmentError, formatProblem, SpecError } from "./errors.ts";
import { decodeSpec, DEFAULT_MAX_SPEC_BYTES, readSpecBytes } from "./load/read.ts";
import { terminalProgress } from "./progress.ts";
import { didYouMean } from "./suggest.ts";
import { describeFormat } from "./format/summary.ts";
import type { FsLayer } from "./write/fs-layer.ts";
import { refuseDangerousCache } from "./write/guard-paths.ts";
import { withOutput } from "./write/output.ts";
import type { Changes } from "./write/write.ts";
import { fingerprint, saveState, upToDate } from "./write/state.ts";

const COMMANDS = ["init", "generate", "diff", "update-spec", "help"] as const;

/** Seams for tests: the file-system layer the output folder is written through. */
export interface MainSeams {
  readonly fs?: FsLayer;
  /** Called right after the spec's bytes are read (a test saves a new spec here: the race). */
  readonly afterSpecRead?: () => Promise<void>;
}

export async function main(argv: string[], cwd = process.cwd(), seams: MainSeams = {}): Promise<number> {
  const out = (text: string): void => void process.stdout.write(text);
  const err = (text: string): void => void process.stderr.write(text);
  const [command, ...rest] = argv;
  if (command === "-v" || command === "--version") {
    out(version() + "\n");
    return 0;
  }
  if (command === "-h" || command === "--help") {
    out(USAGE.specguard + "\n");
    return 0;
  }
  try {
    switch (command) {
      case "generate":
        return await generateCommand(rest, cwd, seams);
      case "init":
        return await (await import("./commands/init.ts")).initCommand(rest, cwd, out, err);
      case "diff":
        return await (await import("./commands/diff.ts")).runDiff(rest, cwd);
      case "update-spec":
        return await (await import("./commands/update-spec.ts")).runUpdateSpec(rest, cwd);
      case "help":
        return helpCommand(rest, out, err);
      default: {
        const what = command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}${didYouMean(command, COMMANDS)}`;
        err(`specguard: ${what}\n${USAGE.specguard}\n`);
        return 2;
      }
    }
  } catch (error) {
    return reportError(error, rest.includes("--debug"), err);
  }
}

/**
 * One line per problem on stderr. Bad input, usage and environment: exit 2. Anything else is a
 * bug in specguard: exit 3 with a request to report it (the stack only with --debug).
 */
function reportError(error: unknown, debug: boolean, err: (text: string) => void): number {
  const known =
    error instanceof SpecError || error instanceof ConfigError || error instanceof UsageError || error instanceof EnvironmentError
      ? error
      : environmentError(error, "access");
  if (known) {
    err(`specguard: ${known.message}\n`);
    return 2;
  }
  const text = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
  err(`specguard: internal error, please report it with the command you ran: ${text}\n`);
  err(debug && error instanceof Error && error.stack ? `${error.stack}\n` : "specguard: (run again with --debug for the stack)\n");
  return 3;
}

/** The generate options: flag → config key (`undefined`: not a config key). */
const GENERATE_OPTIONS = {
  config: { type: "string" },
  spec: { type: "string" },
  out: { type: "string" },
  select: { type: "string", multiple: true },
  all: { type: "boolean" },
  enums: { type: "string" },
  emit: { type: "string" },
  "strict-objects": { type: "boolean" },
  strict: { type: "boolean" },
  formats: { type: "boolean" },
  "max-depth": { type: "string" },
  "docs-base-url": { type: "string" },
  "no-format": { type: "boolean" },
  prettier: { type: "boolean" },
  "no-cache": { type: "boolean" },
  "cache-dir": { type: "string" },
  "max-spec-bytes": { type: "string" },
  check: { type: "boolean" },
  watch: { type: "boolean" },
  quiet: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/** How a config key is spelled as a flag, for errors about flags. */
const FLAG_OF: Readonly<Record<string, string>> = {
  strictObjects: "--strict-objects",
  maxDepth: "--max-depth",
  docsBaseUrl: "--docs-base-url",
  cacheDir: "--cache-dir",
  format: "--no-format/--prettier",
};

/** The config layer the flags make (paths absolute against `cwd`). */
function flagLayer(values: ReturnType<typeof parseCommand<typeof GENERATE_OPTIONS>>["values"], cwd: string): UserConfig {
  const flags: Record<string, unknown> = {};
  if (values.spec !== undefined) flags["spec"] = values.spec;
  if (values.out !== undefined) flags["out"] = values.out;
  if (values.select !== undefined) {
    flags["select"] = values.select;
    flags["all"] = false;
  }
  if (values.all) flags["all"] = true;
  if (values.enums !== undefined) flags["enums"] = values.enums;
  if (values.emit !== undefined) flags["emit"] = values.emit;
  if (values["strict-objects"]) flags["strictObjects"] = true;
  if (values.strict) flags["strict"] = true;
  if (values.formats) flags["formats"] = true;
  // A non-number stays a string, so the error shows what was typed.
  if (values["max-depth"] !== undefined) flags["maxDepth"] = /^\d+$/.test(values["max-depth"]) ? Number(values["max-depth"]) : values["max-depth"];
  if (values["docs-base-url"] !== undefined) flags["docsBaseUrl"] = values["docs-base-url"];
  if (values["no-format"]) flags["format"] = false;
  if (values.prettier) flags["format"] = "prettier";
  if (values["cache-dir"] !== undefined) flags["cacheDir"] = values["cache-dir"];
  if (values["no-cache"]) flags["cacheDir"] = false;
  return resolvePaths(flags as UserConfig, cwd);
}

async function generateCommand(argv: readonly string[], cwd: string, seams: MainSeams): Promise<number> {
  const { values } = parseCommand("generate", argv, GENERATE_OPTIONS);
  if (values.help) {
    process.stdout.write(USAGE.generate + "\n");
    return 0;
  }
  {
    const configFile = values.config !== undefined ? resolvePath(cwd, values.config) : findConfig(cwd);
    const layers: SourcedConfig[] = [];
    let base = cwd;
    if (configFile !== undefined) {
      if (values.config !== undefined && !existsSync(configFile)) throw new ConfigError([`config file ${JSON.stringify(values.config)} does not exist`]);
      const loaded = await loadConfig(configFile, cwd);
      base = loaded.dir;
      layers.push({ values: resolvePaths(loaded.values, loaded.dir), source: relative(cwd, loaded.file) || loaded.file });
    } else if (values.spec === undefined) {
      throw new ConfigError([`no specguard.config.ts (or .mts/.js/.mjs) in ${cwd} or any folder above it; run \`npx specguard init\` to write one, or pass --spec FILE`]);
    }
    // The cache lives with the project (the config's folder), wherever the command runs from.
    layers.unshift({ values: { cacheDir: resolvePath(base, "node_modules/.cache/specguard") }, source: "defaults" });
    layers.push({ values: flagLayer(values, cwd), source: "command line", label: (k) => FLAG_OF[k] ?? `--${k}` });
    if (values.watch) {
      const { runWatch } = await import("./commands/watch.ts");
      return await runWatch({ cwd, ...(values.config !== undefined ? { configPath: values.config } : {}), flags: flagLayer(values, cwd), quiet: values.quiet ?? false });
    }
    const maxSpecBytes = values["max-spec-bytes"] === undefined ? DEFAULT_MAX_SPEC_BYTES : Number(values["max-spec-bytes"]);
    if (!Number.isSafeInteger(maxSpecBytes) || maxSpecBytes < 1) throw new ConfigError(["`--max-spec-bytes` must be a positive integer"]);
    const started = performance.now();
    const config = resolveConfig(...layers);
    const notice = (message: string): void => void process.stderr.write(`specguard: notice: ${message}\n`);
    const warn = (lines: readonly string[]): void => {
      for (const line of lines) process.stderr.write(`specguard: warning: ${line}\n`);
    };
    const held = { cwd, notice, ...(configFile !== undefined ? { configFile } : {}), ...(seams.fs ? { fs: seams.fs } : {}) };
    if (config.cacheDir !== false) await refuseDangerousCache(config.cacheDir, config.out, held);
    // Refuse a dangerous folder, take its lock, recover an interrupted run — then read the spec
    // once: the bytes fingerprinted are the bytes generated from.
    return await withOutput(config.out, values.check ? "read" : "write", held, async () => {
      const bytes = await readSpecBytes(config.spec, maxSpecBytes);
      await seams.afterSpecRead?.();
      // Fast path: nothing that decides the output changed and the files are as written.
      const print = config.cacheDir === false ? undefined : await fingerprint(config, bytes);
      if (print !== undefined && config.cacheDir !== false && (await upToDate(config.cacheDir, config.out, print, notice, warn))) {
        const ms = Math.round(performance.now() - started);
        if (!values.quiet) process.stdout.write(`specguard: ${config.out} is up to date (inputs unchanged, ${ms} ms)\n`);
        return 0;
      }
      // The pipeline (ts-morph, prettier) loads only when there is work to do.
      const { diffOutput, generate, writeOutput } = await import("./index.ts");
      // On a terminal, a status line on stderr while the pipeline runs; cleared before any output.
      const progress = terminalProgress(process.stderr, values.quiet === true);
      let result;
      try {
        const options = { ...config, specText: decodeSpec(bytes), notice };
        result = await generate(progress ? { ...options, onProgress: progress.update } : options);
      } finally {
        progress?.clear();
      }
      const warnings = result.model.warnings.map(formatProblem);
      warn(warnings);
      const out = result.config.out;
      if (values.check) {
        const changes = await diffOutput(out, result.files, seams.fs);
        const ms = Math.round(performance.now() - started);
        const stale = changes.added.length + changes.changed.length + changes.removed.length;
        if (stale === 0) {
          if (!values.quiet) process.stdout.write(`specguard: ${out} is up to date (${result.files.length} files, ${ms} ms)\n`);
          return 0;
        }
        process.stderr.write(`specguard: ${out} is stale; run \`npx specguard generate\`\n${describe(changes)}`);
        return 1;
      }
      // What changed by type, against what the previous manifest recorded (read before the switch).
      const since = values.quiet ? "" : await (await import("./diff/since.ts")).changeSummary(out, result.files, result.config);
      const writing = performance.now();
      const changes = await writeOutput(out, result.files, { ...held, held: true });
      if (config.cacheDir !== false && print !== undefined) await saveState(config.cacheDir, out, print, result.files, warnings);
      if (!values.quiet) {
        const now = performance.now();
        const timings = { ...result.timings, write: Math.round(now - writing) };
        const fmt = result.format ? describeFormat(result.format) : "";
        process.stdout.write(
          `specguard: ${result.model.modules.length} schemas → ${out} in ${Math.round(now - started)} ms (${timingText(timings)}${fmt})\n${describe(changes)}${since}`,
        );
      }
      return 0;
    });
  }
}

/**
 * The config's values as written (paths not resolved), for commands that read the config but do
 * not generate through the flow above: the `--config` file, else the nearest one upward.
 */
export async function loadConfigFile(path: string | undefined, cwd: string): Promise<UserConfig> {
  const file = path !== undefined ? resolvePath(cwd, path) : findConfig(cwd);
  if (file === undefined) return {};
  if (!existsSync(file)) throw new ConfigError([`config file ${JSON.stringify(path)} does not exist`]);
  return (await loadConfig(file, cwd)).values;
}

/** What changed, file by file (the first 50 of each kind). */
function describe(changes: Changes): string {
  const lines: string[] = [];
  const list = (label: string, paths: string[]): void => {
    if (paths.length === 0) return;
    lines.push(`  ${label} ${paths.length}:`);
    for (const p of paths.slice(0, 50)) lines.push(`    ${p}`);
    if (paths.length > 50) lines.push(`    … ${paths.length - 50} more`);
  };
  const headerOnly = new Set(changes.headerOnly);
  list("added", changes.added);
  list("changed", changes.changed.filter((p) => !headerOnly.has(p)));
  if (headerOnly.size > 0) lines.push(`  changed only in the header (new spec fingerprint) ${headerOnly.size}`);
  list("removed", changes.removed);
  if (lines.length === 0) lines.push(`  no changes (${changes.unchanged} files identical)`);
  else lines.push(`  unchanged ${changes.unchanged}`);
  return lines.join("\n") + "\n";
}

function timingText(timings: Readonly<Record<string, number>>): string {
  return Object.entries(timings)
    .map(([k, v]) => `${k} ${v} ms`)
    .join(", ");
}
