/**
 * `specguard <command> [...]`: argv → command (generate: config → generate() → write or check).
 * The only file that touches process state and exit codes; commands write through `out`/`err`.
 *
 * Exit codes: 0 done (or up to date), 1 `--check` found differences, 2 bad input or usage.
 */
import { existsSync } from "node:fs";
import { relative, resolve as resolvePath } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { parseCommand, UsageError } from "./commands/args.ts";
import { helpCommand, USAGE, version } from "./commands/help.ts";
import { ConfigError, resolveConfig, type SourcedConfig, type UserConfig } from "./config.ts";
import { findConfig, loadConfig, resolvePaths } from "./config/discover.ts";
import { SpecError } from "./errors.ts";
import { terminalProgress } from "./progress.ts";
import { didYouMean } from "./suggest.ts";
import type { Changes } from "./write/write.ts";
import { fingerprint, saveState, upToDate } from "./write/state.ts";

const COMMANDS = ["init", "generate", "help"] as const;

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
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
        return await generateCommand(rest, cwd);
      case "init":
        return await (await import("./commands/init.ts")).initCommand(rest, cwd, out, err);
      case "help":
        return helpCommand(rest, out, err);
      default: {
        const what = command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}${didYouMean(command, COMMANDS)}`;
        err(`specguard: ${what}\n${USAGE.specguard}\n`);
        return 2;
      }
    }
  } catch (error) {
    if (error instanceof SpecError || error instanceof ConfigError || error instanceof UsageError) {
      err(`specguard: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
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
  "max-depth": { type: "string" },
  "docs-base-url": { type: "string" },
  "no-format": { type: "boolean" },
  "no-cache": { type: "boolean" },
  "cache-dir": { type: "string" },
  check: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/** How a config key is spelled as a flag, for errors about flags. */
const FLAG_OF: Readonly<Record<string, string>> = {
  strictObjects: "--strict-objects",
  maxDepth: "--max-depth",
  docsBaseUrl: "--docs-base-url",
  cacheDir: "--cache-dir",
  format: "--no-format",
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
  // A non-number stays a string, so the error shows what was typed.
  if (values["max-depth"] !== undefined) flags["maxDepth"] = /^\d+$/.test(values["max-depth"]) ? Number(values["max-depth"]) : values["max-depth"];
  if (values["docs-base-url"] !== undefined) flags["docsBaseUrl"] = values["docs-base-url"];
  if (values["no-format"]) flags["format"] = false;
  if (values["cache-dir"] !== undefined) flags["cacheDir"] = values["cache-dir"];
  if (values["no-cache"]) flags["cacheDir"] = false;
  return resolvePaths(flags as UserConfig, cwd);
}

async function generateCommand(argv: readonly string[], cwd: string): Promise<number> {
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
    const started = performance.now();
    const config = resolveConfig(...layers);
    // Fast path: nothing that decides the output changed and the files are as written.
    let print: string | undefined;
    if (config.cacheDir !== false) {
      try {
        print = await fingerprint(config);
      } catch {
        print = undefined; // unreadable spec: the full run below reports it properly
      }
      if (print !== undefined && (await upToDate(config.cacheDir, config.out, print))) {
        const ms = Math.round(performance.now() - started);
        if (!values.quiet) process.stdout.write(`specguard: ${config.out} is up to date (inputs unchanged, ${ms} ms)\n`);
        return 0;
      }
    }
    // The pipeline (ts-morph, prettier) loads only when there is work to do.
    const { diffOutput, generate, writeOutput } = await import("./index.ts");
    // On a terminal, a status line on stderr while the pipeline runs; cleared before any output.
    const progress = terminalProgress(process.stderr, values.quiet === true);
    let result;
    try {
      result = await generate(progress ? { ...config, onProgress: progress.update } : config);
    } finally {
      progress?.clear();
    }
    const out = result.config.out;
    const changes = await diffOutput(out, result.files);
    const ms = Math.round(performance.now() - started);
    if (values.check) {
      const stale = changes.added.length + changes.changed.length + changes.removed.length;
      if (stale === 0) {
        if (!values.quiet) process.stdout.write(`specguard: ${out} is up to date (${result.files.length} files, ${ms} ms)\n`);
        return 0;
      }
      process.stderr.write(`specguard: ${out} is stale; run \`npx specguard generate\`\n${describe(changes)}`);
      return 1;
    }
    await writeOutput(out, result.files, changes);
    if (config.cacheDir !== false && print !== undefined) await saveState(config.cacheDir, out, print, result.files);
    if (!values.quiet) {
      const fmt = result.format ? `, formatted ${result.format.formatted}, cached ${result.format.cached}` : "";
      process.stdout.write(
        `specguard: ${result.model.modules.length} schemas → ${out} in ${ms} ms (${timingText(result.timings)}${fmt})\n${describe(changes)}`,
      );
    }
    return 0;
  }
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
