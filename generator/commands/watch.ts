/**
 * `specguard generate --watch`: regenerate whenever the spec or the config changes. Saves are
 * debounced; runs never overlap (a change during a run queues one more). The module cache stays
 * in memory between runs, so a one-field edit re-emits only the modules that can see it, and so
 * do the files last written (compared in memory, not read back). A
 * broken save prints the problem (pointer, line:column) and the watcher keeps going: nothing is
 * written until the spec is valid again, so the last good output stays as it was.
 */
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, join, resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import { existsSync } from "node:fs";
import type { ModuleCache } from "../cache.ts";
import { ConfigError, resolveConfig, type Config, type UserConfig } from "../config.ts";
import { SpecError } from "../errors.ts";
import { ordinal } from "../resolve/resolve.ts";
import type { Changes } from "../write/write.ts";

export interface WatchOptions {
  readonly cwd: string;
  /** `--config`, as given. */
  readonly configPath: string | undefined;
  /** Options from flags, over the config file's. */
  readonly flags: UserConfig;
  readonly quiet: boolean;
  /** Milliseconds of quiet after the last change before a run starts. */
  readonly debounceMs?: number;
  /** Stops the watcher (Ctrl-C does the same). */
  readonly signal?: AbortSignal;
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
}

/** Resolves when the watcher stops; the exit code is 0 (a stop is not a failure). */
export async function runWatch(options: WatchOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const configFile = resolvePath(options.cwd, options.configPath ?? "specguard.config.ts");
  const say = (text: string): void => {
    if (!options.quiet) stdout.write(text);
  };
  // Loaded once: the pipeline modules stay warm between runs.
  const { diffOutput, generate, writeOutput } = await import("../index.ts");
  const { changeSummary, reportSince, sinceText } = await import("../diff/since.ts");
  const { ModuleCache } = await import("../cache.ts");

  let configVersion = 0;
  let cache: { key: string; cache: ModuleCache } | undefined;
  let specPath: string | undefined;
  // What the last good run wrote, so later runs compare in memory instead of reading every file
  // back (~0.2 s on the whole spec). Kept per output folder.
  let written: { out: string; files: Map<string, string> } | undefined;

  const runOnce = async (): Promise<void> => {
    const started = performance.now();
    try {
      const config = await loadConfig(configFile, options, configVersion);
      specPath = config.spec;
      const optionsKey = JSON.stringify(config);
      const result = await generate({
        ...config,
        moduleCache: async (cfg: Config, model) => {
          if (cfg.cacheDir === false) return undefined;
          // Same options as the last good run: reuse its entries; otherwise read the file.
          const next = cache?.key === optionsKey ? cache.cache.rebind(model) : await ModuleCache.open(cfg.cacheDir, cfg, model);
          cache = { key: optionsKey, cache: next };
          return next;
        },
      });
      const last = written?.out === config.out ? written.files : undefined;
      const changes = last ? changedSince(config.out, last, result.files) : await diffOutput(config.out, result.files);
      const since = last ? sinceText(reportSince(last.get("manifest.json"), manifestOf(result.files), config)) : await changeSummary(config.out, result.files, config);
      await writeOutput(config.out, result.files, changes);
      written = { out: config.out, files: new Map(result.files.map((f) => [f.path, f.content])) };
      const ms = Math.round(performance.now() - started);
      const fmt = result.format ? `, formatted ${result.format.formatted}, cached ${result.format.cached}` : "";
      say(
        `specguard: ${result.model.modules.length} schemas → ${config.out} in ${ms} ms${fmt}; files: ${changes.added.length} added, ` +
          `${changes.changed.length} changed, ${changes.removed.length} removed\n${since}`,
      );
    } catch (error) {
      if (error instanceof SpecError || error instanceof ConfigError) {
        stderr.write(`specguard: ${error.message}\nspecguard: output left as it was; waiting for the next save\n`);
        return;
      }
      stderr.write(`specguard: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    }
  };

  await runOnce();

  return new Promise<number>((done) => {
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    let again = false;
    const watchers = new Map<string, FSWatcher>();
    const names = (): Map<string, Set<string>> => {
      // Watch folders, not files: editors save by writing a new file and renaming it over the old.
      const byDir = new Map<string, Set<string>>();
      for (const file of [configFile, specPath]) {
        if (file === undefined) continue;
        const dir = dirname(file);
        byDir.set(dir, (byDir.get(dir) ?? new Set()).add(basename(file)));
      }
      return byDir;
    };
    const trigger = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      do {
        again = false;
        await runOnce();
        rewatch();
      } while (again);
      running = false;
    };
    const onEvent = (dir: string, file: string | null): void => {
      const wanted = names().get(dir);
      if (file !== null && wanted && !wanted.has(file)) return;
      if (file === basename(configFile) && dir === dirname(configFile)) configVersion++;
      clearTimeout(timer);
      timer = setTimeout(() => void trigger(), options.debounceMs ?? 100);
    };
    const rewatch = (): void => {
      const want = names();
      for (const [dir, w] of watchers) {
        if (!want.has(dir)) {
          w.close();
          watchers.delete(dir);
        }
      }
      for (const dir of want.keys()) {
        if (watchers.has(dir) || !existsSync(dir)) continue;
        watchers.set(dir, watch(dir, (_event, file) => onEvent(dir, file === null ? null : String(file))));
      }
    };
    const stop = (): void => {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      options.signal?.removeEventListener("abort", stop);
      say("specguard: stopped watching\n");
      done(0);
    };
    rewatch();
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    options.signal?.addEventListener("abort", stop);
    say(`specguard: watching ${[...names()].flatMap(([d, f]) => [...f].map((n) => resolvePath(d, n))).join(", ")} (Ctrl-C stops)\n`);
  });
}

/**
 * The changes against what the previous run wrote, in memory. A file that was deleted since is
 * written again; an edit to a generated file is noticed only by a run without --watch.
 */
function changedSince(out: string, last: ReadonlyMap<string, string>, files: readonly { path: string; content: string }[]): Changes {
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  const produced = new Set<string>();
  for (const file of files) {
    produced.add(file.path);
    const before = last.get(file.path);
    if (before === undefined) added.push(file.path);
    else if (before !== file.content) changed.push(file.path);
    else if (!existsSync(join(out, ...file.path.split("/")))) added.push(file.path);
    else unchanged++;
  }
  const removed = [...last.keys()].filter((p) => !produced.has(p)).sort(ordinal);
  return { added, changed, headerOnly: [], removed, unchanged };
}

function manifestOf(files: readonly { path: string; content: string }[]): string {
  return files.find((f) => f.path === "manifest.json")?.content ?? "";
}

/** The config file (re-imported after each change of it) under the flags, paths resolved. */
async function loadConfig(file: string, options: WatchOptions, version: number): Promise<Config> {
  let fileConfig: UserConfig = {};
  if (existsSync(file)) {
    // A query string makes Node import the edited module afresh instead of its cached copy.
    let mod: { default?: UserConfig };
    try {
      mod = (await import(`${pathToFileURL(file).href}?v=${version}`)) as { default?: UserConfig };
    } catch (error) {
      // A half-written config is a bad input like a half-written spec: say so in one line.
      throw new ConfigError([`${file} does not load: ${String((error as Error).message).split("\n").slice(0, 2).join(" ")}`]);
    }
    if (mod.default === null || typeof mod.default !== "object") throw new ConfigError([`${file} must export a config object as default`]);
    fileConfig = mod.default;
  } else if (options.configPath !== undefined) {
    throw new ConfigError([`config file ${JSON.stringify(options.configPath)} does not exist`]);
  }
  const merged: UserConfig = { ...fileConfig, ...options.flags };
  for (const key of ["spec", "out", "cacheDir"] as const) {
    const value = merged[key];
    if (typeof value === "string") merged[key] = resolvePath(options.cwd, value);
  }
  return resolveConfig(merged);
}
