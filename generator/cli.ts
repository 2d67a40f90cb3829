/**
 * `specguard generate [...]`: argv → config → generate() → write or check. The only file that
 * touches process state, stdout/stderr and exit codes.
 *
 * Exit codes: 0 done (or up to date), 1 `--check` found differences, 2 bad input, usage or
 * environment (unwritable, locked, refused folder), 3 an internal error (a bug: please report).
 */
import { existsSync, statSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, resolveConfig, type UserConfig } from "./config.ts";
import { EnvironmentError, environmentError, SpecError } from "./errors.ts";
import { decodeSpec, DEFAULT_MAX_SPEC_BYTES, readSpecBytes } from "./load/read.ts";
import { refuseDangerousCache } from "./write/guard-paths.ts";
import { withOutput } from "./write/output.ts";
import type { FsLayer } from "./write/fs-layer.ts";
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
  --max-depth N        guard nesting cap (default 64)
  --docs-base-url URL  base for relative links in descriptions
  --no-format          skip prettier (output is valid but not formatted)
  --cache-dir DIR      formatting cache folder (default node_modules/.cache/specguard)
  --no-cache           do not read or write the formatting cache
  --max-spec-bytes N   refuse a larger spec file (default ${DEFAULT_MAX_SPEC_BYTES}, 64 MiB)
  --check              compare with the output folder; exit 1 on any difference
  --quiet              print nothing on success
  --debug              show the stack of an internal error
  -h, --help           this text`;

/** Seams for tests: the file-system layer the output folder is written through. */
export interface MainSeams {
  readonly fs?: FsLayer;
  /** Called right after the spec's bytes are read (a test saves a new spec here: the race). */
  readonly afterSpecRead?: () => Promise<void>;
}

export async function main(argv: string[], cwd = process.cwd(), seams: MainSeams = {}): Promise<number> {
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
        "max-depth": { type: "string" },
        "docs-base-url": { type: "string" },
        "no-format": { type: "boolean" },
        "no-cache": { type: "boolean" },
        "cache-dir": { type: "string" },
        "max-spec-bytes": { type: "string" },
        check: { type: "boolean" },
        quiet: { type: "boolean" },
        debug: { type: "boolean" },
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
    const { file: configFile, config: fileConfig } = await loadConfigFile(values.config, cwd);
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
    if (values["max-depth"] !== undefined) flags.maxDepth = Number(values["max-depth"]);
    if (values["docs-base-url"] !== undefined) flags.docsBaseUrl = values["docs-base-url"];
    if (values["no-format"]) flags.format = false;
    if (values["cache-dir"] !== undefined) flags.cacheDir = values["cache-dir"];
    if (values["no-cache"]) flags.cacheDir = false;
    const maxSpecBytes = values["max-spec-bytes"] === undefined ? DEFAULT_MAX_SPEC_BYTES : Number(values["max-spec-bytes"]);
    if (!Number.isSafeInteger(maxSpecBytes) || maxSpecBytes < 1) throw new ConfigError(["`--max-spec-bytes` must be a positive integer"]);
    const merged = { ...fileConfig, ...flags };
    for (const key of ["spec", "out", "cacheDir"] as const) {
      const value = merged[key];
      if (typeof value === "string" && value !== "") merged[key] = resolvePath(cwd, value); // "" stays: a config error, not the current folder
    }
    const started = performance.now();
    const config = resolveConfig(merged);
    const notice = (message: string): void => void process.stderr.write(`specguard: notice: ${message}\n`);
    const held = { cwd, notice, ...(configFile !== undefined ? { configFile } : {}), ...(seams.fs ? { fs: seams.fs } : {}) };
    if (config.cacheDir !== false) await refuseDangerousCache(config.cacheDir, config.out, held);
    // Refuse a dangerous folder, take its lock, recover an interrupted run — then read the spec
    // once: the bytes fingerprinted are the bytes generated from.
    return await withOutput(config.out, values.check ? "read" : "write", held, async () => {
      const bytes = await readSpecBytes(config.spec, maxSpecBytes);
      await seams.afterSpecRead?.();
      // Fast path: nothing that decides the output changed and the files are as written.
      const print = config.cacheDir === false ? undefined : await fingerprint(config, bytes);
      if (print !== undefined && config.cacheDir !== false && (await upToDate(config.cacheDir, config.out, print, notice))) {
        const ms = Math.round(performance.now() - started);
        if (!values.quiet) process.stdout.write(`specguard: ${config.out} is up to date (inputs unchanged, ${ms} ms)\n`);
        return 0;
      }
      // The pipeline (ts-morph, prettier) loads only when there is work to do.
      const { diffOutput, generate, writeOutput } = await import("./index.ts");
      const result = await generate({ ...config, specText: decodeSpec(bytes), notice });
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
      const writing = performance.now();
      const changes = await writeOutput(out, result.files, { ...held, held: true });
      if (config.cacheDir !== false && print !== undefined) await saveState(config.cacheDir, out, print, result.files);
      if (!values.quiet) {
        const now = performance.now();
        const timings = { ...result.timings, write: Math.round(now - writing) };
        const fmt = result.format ? `, formatted ${result.format.formatted}, cached ${result.format.cached}` : "";
        process.stdout.write(
          `specguard: ${result.model.modules.length} schemas → ${out} in ${Math.round(now - started)} ms (${timingText(timings)}${fmt})\n${describe(changes)}`,
        );
      }
      return 0;
    });
  } catch (error) {
    return reportError(error, values.debug === true);
  }
}

/**
 * One line per problem on stderr. Bad input and environment: exit 2. Anything else is a bug in
 * specguard: exit 3 with a request to report it (the stack only with --debug).
 */
function reportError(error: unknown, debug: boolean): number {
  const known = error instanceof SpecError || error instanceof ConfigError || error instanceof EnvironmentError ? error : environmentError(error, "access");
  if (known) {
    process.stderr.write(`specguard: ${known.message}\n`);
    return 2;
  }
  const text = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
  process.stderr.write(`specguard: internal error, please report it with the command you ran: ${text}\n`);
  process.stderr.write(debug && error instanceof Error && error.stack ? `${error.stack}\n` : "specguard: (run again with --debug for the stack)\n");
  return 3;
}

async function loadConfigFile(path: string | undefined, cwd: string): Promise<{ file?: string; config: UserConfig }> {
  const file = path !== undefined ? resolvePath(cwd, path) : resolvePath(cwd, "specguard.config.ts");
  if (!existsSync(file)) {
    if (path !== undefined) throw new ConfigError([`config file ${JSON.stringify(path)} does not exist`]);
    return { config: {} };
  }
  // Importing a FIFO would wait forever and /dev/zero would be read until memory runs out.
  if (!statSync(file).isFile()) throw new ConfigError([`config file ${JSON.stringify(file)} is not a regular file`]);
  let mod: { default?: UserConfig };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: UserConfig };
  } catch (error) {
    // A config that does not compile or throws is the user's input, not a bug in specguard.
    throw new ConfigError([`${file} could not be loaded: ${String((error as Error)?.message ?? error).split("\n")[0]}`]);
  }
  const config = mod.default;
  if (config === null || typeof config !== "object") throw new ConfigError([`${file} must export a config object as default`]);
  return { file, config };
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
