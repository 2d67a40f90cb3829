/**
 * `specguard generate [...]`: argv → config → generate() → write or check. The only file that
 * touches process state, stdout/stderr and exit codes.
 *
 * Exit codes: 0 done (or up to date), 1 `--check` found differences, 2 bad input or usage.
 */
import { existsSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, resolveConfig, type UserConfig } from "./config.ts";
import { formatProblem, SpecError } from "./errors.ts";
import type { Changes } from "./write/write.ts";
import { fingerprint, saveState, upToDate } from "./write/state.ts";

const USAGE = `usage: specguard generate [options]

  --config FILE        config module (default: specguard.config.ts when present)
  --spec FILE          OpenAPI 3.0/3.1 document, JSON or YAML
  --out DIR            output folder
  --select ID          component schema id to emit with its closure (repeatable)
  --all                emit every component schema
  --enums open|closed  open (default) admits unknown enum values; closed is exact
  --strict-objects     guards reject undeclared keys
  --strict             fail on constructs specguard does not support (default: warn)
  --formats            guards check date-time, date, time, email, uuid, uri, ipv4, ipv6
  --max-depth N        guard nesting cap (default 64)
  --docs-base-url URL  base for relative links in descriptions
  --no-format          skip prettier (output is valid but not formatted)
  --cache-dir DIR      formatting cache folder (default node_modules/.cache/specguard)
  --no-cache           do not read or write the formatting cache
  --check              compare with the output folder; exit 1 on any difference
  --quiet              print nothing on success
  -h, --help           this text`;

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: "string" },
        spec: { type: "string" },
        out: { type: "string" },
        select: { type: "string", multiple: true },
        all: { type: "boolean" },
        enums: { type: "string" },
        "strict-objects": { type: "boolean" },
        strict: { type: "boolean" },
        formats: { type: "boolean" },
        "max-depth": { type: "string" },
        "docs-base-url": { type: "string" },
        "no-format": { type: "boolean" },
        "no-cache": { type: "boolean" },
        "cache-dir": { type: "string" },
        check: { type: "boolean" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`specguard: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== "generate") {
    process.stderr.write(`specguard: expected the command "generate"\n${USAGE}\n`);
    return 2;
  }

  try {
    const fileConfig = await loadConfigFile(values.config, cwd);
    const flags: UserConfig = {};
    if (values.spec !== undefined) flags.spec = values.spec;
    if (values.out !== undefined) flags.out = values.out;
    if (values.select !== undefined) {
      flags.select = values.select;
      flags.all = false;
    }
    if (values.all) flags.all = true;
    if (values.enums !== undefined) flags.enums = values.enums as "open" | "closed";
    if (values["strict-objects"]) flags.strictObjects = true;
    if (values.strict) flags.strict = true;
    if (values.formats) flags.formats = true;
    if (values["max-depth"] !== undefined) flags.maxDepth = Number(values["max-depth"]);
    if (values["docs-base-url"] !== undefined) flags.docsBaseUrl = values["docs-base-url"];
    if (values["no-format"]) flags.format = false;
    if (values["cache-dir"] !== undefined) flags.cacheDir = values["cache-dir"];
    if (values["no-cache"]) flags.cacheDir = false;
    const merged = { ...fileConfig, ...flags };
    for (const key of ["spec", "out", "cacheDir"] as const) {
      const value = merged[key];
      if (typeof value === "string") merged[key] = resolvePath(cwd, value);
    }
    const started = performance.now();
    const config = resolveConfig(merged);
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
    const result = await generate(config);
    for (const w of result.model.warnings) process.stderr.write(`specguard: warning: ${formatProblem(w)}\n`);
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
  } catch (error) {
    if (error instanceof SpecError || error instanceof ConfigError) {
      process.stderr.write(`specguard: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function loadConfigFile(path: string | undefined, cwd: string): Promise<UserConfig> {
  const file = path !== undefined ? resolvePath(cwd, path) : resolvePath(cwd, "specguard.config.ts");
  if (!existsSync(file)) {
    if (path !== undefined) throw new ConfigError([`config file ${JSON.stringify(path)} does not exist`]);
    return {};
  }
  const mod = (await import(pathToFileURL(file).href)) as { default?: UserConfig };
  const config = mod.default;
  if (config === null || typeof config !== "object") throw new ConfigError([`${file} must export a config object as default`]);
  return config;
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
