/**
 * `specguard <command> [...]`: argv → command (generate: config → generate() → write or check).
 * The only file that touches process state and exit codes; commands write through `out`/`err`.
 *
 * Exit codes: 0 done (or up to date), 1 `--check` found differences, 2 bad input, usage or
 * environment (unwritable, locked, refused folder), 3 an internal error (a bug: please report).
 */
import { existsSync } from "node:fs";
import { join, relative, resolve as resolvePath } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { parseCommand, UsageError } from "./commands/args.ts";
import { helpCommand, USAGE, version } from "./commands/help.ts";
import { ConfigError, DEFAULT_CACHE, resolveConfig, type SourcedConfig, type UserConfig } from "./config.ts";
import { configCacheFor, findConfig, loadConfig, resolvePaths } from "./config/discover.ts";
import { EnvironmentError, environmentError, formatProblem, SpecError } from "./errors.ts";
import { decodeSpec, DEFAULT_MAX_SPEC_BYTES, readSpecBytes } from "./load/read.ts";
import { terminalProgress, type Terminal } from "./progress.ts";
import { didYouMean } from "./suggest.ts";
import { describeChanges, summaryText } from "./summary.ts";
import type { FsLayer } from "./write/fs-layer.ts";
import { refuseDangerousCache, refuseDangerousOut } from "./write/guard-paths.ts";
import { withOutput } from "./write/output.ts";
import { fingerprint, saveState, upToDate } from "./write/state.ts";
import { generatorHash, outputEnvironment } from "./cache.ts";
import { CODE_CACHE_DIR, useCodeCache } from "./code-cache.ts";
import type { Notice } from "./fsx.ts";

const COMMANDS = ["init", "generate", "diff", "update-spec", "help"] as const;

/** The cache folder, relative to the config's folder (or the current one without a config). */
export { DEFAULT_CACHE } from "./config.ts";

/** Seams for tests: the file-system layer the output folder is written through. */
export interface MainSeams {
  readonly fs?: FsLayer;
  /** Called right after the spec's bytes are read (a test saves a new spec here: the race). */
  readonly afterSpecRead?: () => Promise<void>;
  /** Where `generate` writes its report and its progress (a fake terminal in tests). */
  readonly stdout?: Terminal;
  readonly stderr?: Terminal;
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
  if (values["max-depth"] !== undefined) flags["maxDepth"] = /^-?\d+$/.test(values["max-depth"]) ? Number(values["max-depth"]) : values["max-depth"];
  if (values["docs-base-url"] !== undefined) flags["docsBaseUrl"] = values["docs-base-url"];
  if (values["no-format"]) flags["format"] = false;
  if (values.prettier) flags["format"] = "prettier";
  if (values["cache-dir"] !== undefined) flags["cacheDir"] = values["cache-dir"];
  if (values["no-cache"]) flags["cacheDir"] = false;
  return resolvePaths(flags as UserConfig, cwd);
}

async function generateCommand(argv: readonly string[], cwd: string, seams: MainSeams): Promise<number> {
  // The run's timeline, from the process's start (node, the CLI's modules) to the last write:
  // the summary line shows it, so a slow run says where its time went.
  const timeline = new Timeline();
  timeline.lap("start");
  const { values } = parseCommand("generate", argv, GENERATE_OPTIONS);
  const stdout = seams.stdout ?? process.stdout;
  const stderr = seams.stderr ?? process.stderr;
  if (values.help) {
    stdout.write(USAGE.generate + "\n");
    return 0;
  }
  // --quiet: nothing on success, on either stream (warnings and notices included, like eslint's
  // --quiet; `--strict` makes warnings fail the run). Failures still say why.
  const quiet = values.quiet === true;
  const configFile = configFileFor(values.config, cwd);
  if (configFile === undefined && values.spec === undefined) {
    throw new ConfigError([`no specguard.config.ts (or .mts/.js/.mjs) in ${cwd} or any folder above it; run \`npx specguard init\` to write one, or pass --spec FILE`]);
  }
  // Checked before the watcher starts, so `--watch` refuses a bad value as a single run does.
  const maxSpecBytes = values["max-spec-bytes"] === undefined ? DEFAULT_MAX_SPEC_BYTES : Number(values["max-spec-bytes"]);
  if (!Number.isSafeInteger(maxSpecBytes) || maxSpecBytes < 1) throw new ConfigError(["`--max-spec-bytes` must be a positive integer"]);
  // A watcher writes on every change; a check must never write.
  if (values.watch && values.check) throw new UsageError("--check and --watch do not go together: --check compares once and writes nothing; see `specguard help generate`");
  // Flags that say opposite things: one of them used to win silently.
  for (const [a, b, why] of [
    ["all", "select", "--all emits every schema, --select only the ones named (and what they reference)"],
    ["no-format", "prettier", "--no-format skips formatting, --prettier formats with prettier"],
    ["no-cache", "cache-dir", "--no-cache uses no cache, --cache-dir names one"],
  ] as const) {
    if (values[a] !== undefined && values[a] !== false && values[b] !== undefined && values[b] !== false) throw new UsageError(`--${a} and --${b} do not go together: ${why}`);
  }
  if (values.watch) {
    // The watcher loads (and reloads) the config itself: loading it here too would run it twice.
    const { runWatch } = await import("./commands/watch.ts");
    return await runWatch({ cwd, ...(values.config !== undefined ? { configPath: values.config } : {}), flags: flagLayer(values, cwd), quiet, maxSpecBytes });
  }
  const layers: SourcedConfig[] = [];
  const flags = flagLayer(values, cwd);
  let base = cwd;
  let keepCompiled = (): void => {};
  if (configFile !== undefined) {
    // A TypeScript config's compiled text is cached in the cache folder the run uses, when that
    // is known before the config runs (the default beside it, or --cache-dir; configCacheFor).
    const loaded = await loadConfig(configFile, cwd, configCacheFor(configFile, flags.cacheDir));
    base = loaded.dir;
    keepCompiled = loaded.keep;
    layers.push({ values: resolvePaths(loaded.values, loaded.dir), source: relative(cwd, loaded.file) || loaded.file });
  }
  // The cache lives with the project (the config's folder), wherever the command runs from.
  layers.unshift({ values: { cacheDir: resolvePath(base, DEFAULT_CACHE) }, source: "defaults" });
  layers.push({ values: flags, source: "command line", label: (k) => FLAG_OF[k] ?? `--${k}` });
  const config = resolveConfig(...layers);
  timeline.lap("config");
  const say = (text: string): void => void (quiet || stdout.write(text));
  const notice: Notice = (message, options) => void ((quiet && !options?.loud) || stderr.write(`specguard: notice: ${message}\n`));
  const warn = (lines: readonly string[]): void => {
    if (!quiet) for (const line of lines) stderr.write(`specguard: warning: ${line}\n`);
  };
  const held = { cwd, notice, ...(configFile !== undefined ? { configFile } : {}), ...(seams.fs ? { fs: seams.fs } : {}) };
  // The output folder first: a refused one is the problem to name, not the cache inside it.
  await refuseDangerousOut(config.out, held);
  if (config.cacheDir !== false) await refuseDangerousCache(config.cacheDir, config.out, held);
  // The compiled config goes into the cache folder only now that the folder is accepted.
  keepCompiled();
  // Refuse a dangerous folder, take its lock, recover an interrupted run — then read the spec
  // once: the bytes fingerprinted are the bytes generated from.
  return await withOutput(config.out, values.check ? "read" : "write", held, async () => {
    const bytes = await readSpecBytes(config.spec, maxSpecBytes);
    await seams.afterSpecRead?.();
    // Fast path: nothing that decides the output changed and the files are as written. The
    // generator's hash is computed once and handed on (the module cache's salt uses it too).
    const generator = config.cacheDir === false ? undefined : await generatorHash();
    // The user's prettier options (format: "prettier"), found once for the fingerprint and the run.
    const environment = await outputEnvironment(config);
    const print = generator === undefined ? undefined : await fingerprint(config, bytes, generator, environment);
    if (print !== undefined && config.cacheDir !== false && (await upToDate(config.cacheDir, config.out, print, notice, warn))) {
      say(`specguard: ${config.out} is up to date (inputs unchanged, ${timeline.total()} ms)\n`);
      return 0;
    }
    timeline.lap("prepare");
    // TypeScript's compiler and ts-morph compile from the cache folder's code cache (code-cache.ts).
    const codeCache = config.cacheDir === false ? undefined : join(config.cacheDir, CODE_CACHE_DIR);
    if (codeCache !== undefined) useCodeCache(codeCache);
    // The pipeline (ts-morph, prettier) loads only when there is work to do.
    const { diffOutput, generate, writeOutput } = await import("./index.ts");
    timeline.lap("import");
    // On a terminal, a status line on stderr while the pipeline runs; cleared before any output.
    const progress = terminalProgress(stderr, quiet);
    let result;
    try {
      const options = { ...config, specText: decodeSpec(bytes), notice, environment, ...(generator !== undefined ? { generatorHash: generator } : {}), ...(codeCache !== undefined ? { codeCache } : {}) };
      result = await generate(progress ? { ...options, onProgress: progress.update } : options);
    } finally {
      progress?.clear();
    }
    timeline.add(result.timings);
    const warnings = result.model.warnings.map(formatProblem);
    warn(warnings);
    const out = result.config.out;
    if (values.check) {
      const changes = await diffOutput(out, result.files, seams.fs);
      const stale = changes.added.length + changes.changed.length + changes.removed.length;
      if (stale === 0) {
        say(`specguard: ${out} is up to date (${result.files.length} files, ${timeline.total()} ms)\n`);
        return 0;
      }
      stderr.write(`specguard: ${out} is stale; run \`npx specguard generate\`\n${describeChanges(changes)}`);
      return 1;
    }
    // What changed by type, against what the previous manifest recorded (read before the switch).
    const since = quiet ? "" : await (await import("./diff/since.ts")).changeSummary(out, result.files, result.config);
    timeline.lap("summary");
    const changes = await writeOutput(out, result.files, { ...held, held: true });
    timeline.lap("write");
    if (config.cacheDir !== false && print !== undefined) await saveState(config.cacheDir, out, print, result.files, warnings);
    timeline.lap("state");
    const summary = {
      schemas: result.model.modules.length,
      out,
      ms: timeline.total(),
      timings: timeline.record(),
      ...(result.format ? { format: result.format } : {}),
      changes,
      since,
    };
    say(summaryText(summary, stdout.isTTY === true));
    return 0;
  });
}

/**
 * The config's values as written (paths not resolved), for commands that read the config but do
 * not generate through the flow above: the `--config` file, else the nearest one upward.
 */
export async function loadConfigFile(path: string | undefined, cwd: string): Promise<UserConfig> {
  const file = configFileFor(path, cwd);
  return file === undefined ? {} : (await loadConfig(file, cwd)).values;
}

/** The `--config` file (which must exist), else the nearest config upward; `undefined`: none. */
export function configFileFor(path: string | undefined, cwd: string): string | undefined {
  const file = path !== undefined ? resolvePath(cwd, path) : findConfig(cwd);
  if (file !== undefined && !existsSync(file)) throw new ConfigError([`config file ${JSON.stringify(path)} does not exist`]);
  return file;
}

/**
 * Milliseconds per step since the process started (`performance.now()` counts from there), so
 * the steps add up to the total: "start" is node and the CLI's own modules, "import" the
 * pipeline's, the rest the stages as they ran.
 */
class Timeline {
  private readonly steps: [string, number][] = [];
  private last = 0;

  lap(step: string): void {
    const now = performance.now();
    this.steps.push([step, Math.round(now - this.last)]);
    this.last = now;
  }

  /** Steps timed elsewhere (generate's stages), which ran since the last lap. */
  add(timings: Readonly<Record<string, number>>): void {
    this.steps.push(...Object.entries(timings));
    this.last = performance.now();
  }

  total(): number {
    return Math.round(performance.now());
  }

  /** The steps, in order, for the run's summary. */
  record(): Record<string, number> {
    return Object.fromEntries(this.steps);
  }
}
