/**
 * `specguard generate --watch`: regenerate whenever the spec or the config changes. Saves are
 * debounced (30 ms); runs never overlap (a change during a run queues one more, and the run it
 * overtook neither writes nor reports: it may have read a half-saved file). The module cache and
 * the last manifest's shapes stay in memory between runs, so a one-field edit re-emits only the
 * modules that can see it. A broken save prints the problem (pointer, line:column) and the
 * watcher keeps going: nothing is written until the spec is valid again, so the last good output
 * stays as it was.
 */
import { describeFormat } from "../format/summary.ts";
import { existsSync, readlinkSync, realpathSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, join, resolve as resolvePath } from "node:path";
import { outputEnvironment, type ModuleCache } from "../cache.ts";
import { CODE_CACHE_DIR, useCodeCache } from "../code-cache.ts";
import { ConfigError, DEFAULT_CACHE, resolveConfig, type Config, type UserConfig } from "../config.ts";
import { configCacheFor, findConfig, loadConfig as loadConfigModule, resolvePaths } from "../config/discover.ts";
import { environmentError, SpecError } from "../errors.ts";
import { readRegularFile } from "../fsx.ts";
import { refuseDangerousCache, refuseDangerousOut } from "../write/guard-paths.ts";
import type { SpecShape } from "../diff/shape.ts";
import type { Changes, WriteMemo as Memo } from "../write/write.ts";

export interface WatchOptions {
  readonly cwd: string;
  /** `--config`, as given. */
  readonly configPath?: string;
  /** Options from flags, over the config file's. */
  readonly flags: UserConfig;
  readonly quiet: boolean;
  /** `--max-spec-bytes`: a larger spec is refused, as in a single run. */
  readonly maxSpecBytes?: number;
  /** Milliseconds of quiet after the last change before a run starts (default DEBOUNCE_MS). */
  readonly debounceMs?: number;
  /** Stops the watcher (Ctrl-C does the same). */
  readonly signal?: AbortSignal;
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
  /**
   * Test hook: awaited by each run (numbered from 1) after it generated and before it checks
   * whether a save overtook it; `overtaken` tells whether one did.
   */
  readonly beforeWrite?: (run: number, overtaken: () => boolean) => Promise<void>;
}

/**
 * An editor's save reaches the watcher as one to a few file-system events within a few
 * milliseconds (a write, or a write and a rename); 30 ms of quiet after the last one ends a save.
 * A slower writer whose save is still going when a run starts is caught all the same: its next
 * event marks the run superseded (see `dirty`), and only the run after it writes or reports.
 */
export const DEBOUNCE_MS = 30;

/** Resolves when the watcher stops; the exit code is 0 (a stop is not a failure). */
export async function runWatch(options: WatchOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const configFile = options.configPath !== undefined ? resolvePath(options.cwd, options.configPath) : findConfig(options.cwd);
  const say = (text: string): void => {
    if (!options.quiet) stdout.write(text);
  };
  // Loaded once: the pipeline modules stay warm between runs.
  const { generate, writeOutput, WriteMemo } = await import("../index.ts");
  const { changeSummary, sinceText } = await import("../diff/since.ts");
  const { compareSpecShapes } = await import("../diff/index.ts");
  const { ModuleCache } = await import("../cache.ts");

  let cache: { key: string; cache: ModuleCache } | undefined;
  // The config file's bytes and what they evaluated to: a save of the spec alone does not
  // import the config again (jiti compiles a TypeScript config with babel: ~0.3 s a run).
  const configMemo: ConfigMemo = {};
  let specPath: string | undefined;
  // With format: "prettier", the prettier config file that applies to the output folder (its
  // edits change the output as much as the spec's do), or, when there is none yet, the names
  // prettier would find in the project folder.
  let prettierWatch: { readonly dir: string; readonly names: readonly string[] } | undefined;
  // The shapes the last good run's manifest records (parsed once: the older side of the next
  // run's change report, instead of reading the manifest back). Kept per output folder.
  let written: { out: string; shapes: SpecShape | undefined } | undefined;
  // What the writer knows of the output folder's files (write.ts WriteMemo), for one folder.
  let memo: { out: string; memo: Memo } | undefined;
  // Set by a change of a watched file; cleared as a run starts. A run that finds it set before it
  // writes was overtaken by a save (it may have read a half-written spec): it neither writes nor
  // reports, and the run that save queued does.
  let dirty = false;

  let runs = 0;

  const runOnce = async (): Promise<void> => {
    const started = performance.now();
    const run = ++runs;
    dirty = false;
    try {
      const { config, keep } = await loadConfig(configFile, options, configMemo);
      specPath = config.spec;
      // Refused as a single run refuses them, before anything is read or written, on every run
      // (a config edit can name another folder); the watcher then waits for the next save.
      const held = { cwd: options.cwd, ...(configFile !== undefined ? { configFile } : {}) };
      await refuseDangerousOut(config.out, held);
      if (config.cacheDir !== false) await refuseDangerousCache(config.cacheDir, config.out, held);
      keep();
      if (config.format === "prettier") {
        const { prettierConfigFile, PRETTIER_CONFIG_NAMES } = await import("../format/format.ts");
        const found = await prettierConfigFile(config.out);
        prettierWatch = found !== undefined ? { dir: dirname(found), names: [basename(found)] } : { dir: dirname(configFile ?? config.spec), names: PRETTIER_CONFIG_NAMES };
      } else prettierWatch = undefined;
      // With `format: "prettier"` the user's prettier options decide the cached text too (cache.ts).
      const environment = await outputEnvironment(config);
      const optionsKey = JSON.stringify(config) + environment.key;
      // The first run's TypeScript compiler and ts-morph compile from the code cache (code-cache.ts).
      const codeCache = config.cacheDir === false ? undefined : join(config.cacheDir, CODE_CACHE_DIR);
      if (codeCache !== undefined) useCodeCache(codeCache);
      // The run's steps, as a single run lists them: the config's, generate()'s stages, the rest.
      const steps: [string, number][] = [];
      let lap = performance.now();
      const step = (name: string): void => {
        const now = performance.now();
        steps.push([name, Math.round(now - lap)]);
        lap = now;
      };
      step("config");
      const result = await generate({
        ...config,
        environment,
        ...(codeCache !== undefined ? { codeCache } : {}),
        ...(options.maxSpecBytes !== undefined ? { maxSpecBytes: options.maxSpecBytes } : {}),
        moduleCache: async (cfg: Config, model, env) => {
          if (cfg.cacheDir === false) return undefined;
          // Same options as the last good run: reuse its entries; otherwise read the file.
          const next = cache?.key === optionsKey ? cache.cache.rebind(model) : await ModuleCache.open(cfg.cacheDir, cfg, model, undefined, undefined, env);
          cache = { key: optionsKey, cache: next };
          return next;
        },
      });
      steps.push(...Object.entries(result.timings));
      lap = performance.now();
      await options.beforeWrite?.(run, () => dirty);
      if (dirty) return;
      // Both sides as generate() built them (the first run reads the manifest on disk, and compares
      // it with the new one's text: both through JSON, as a single run does).
      const shapes = result.shapes();
      const since = written?.out === config.out ? sinceText(written.shapes ? compareSpecShapes(written.shapes, shapes, config) : undefined) : await changeSummary(config.out, result.files, config);
      step("summary");
      let reported = false;
      const report = (changes: Changes): void => {
        if (reported) return;
        reported = true;
        const ms = Math.round(performance.now() - started);
        step("write");
        const fmt = result.format ? describeFormat(result.format) : "";
        const timeline = steps.map(([name, took]) => `${name} ${took} ms`).join(", ");
        say(
          `specguard: ${result.model.modules.length} schemas → ${config.out} in ${ms} ms${fmt}; files: ${changes.added.length} added, ` +
            `${changes.changed.length} changed, ${changes.removed.length} removed (${timeline})\n${since}`,
        );
      };
      // The writer scans the folder itself (files in the way, stale files) and switches it whole;
      // the report is said as soon as the new folder is in place (the old one is removed after).
      if (memo?.out !== config.out) memo = { out: config.out, memo: new WriteMemo() };
      const changes = await writeOutput(config.out, result.files, {
        memo: memo.memo,
        cwd: options.cwd,
        ...(configFile !== undefined ? { configFile } : {}),
        notice: (m) => stderr.write(`specguard: notice: ${m}\n`),
        onSwitched: report,
      });
      written = { out: config.out, shapes };
      report(changes);
    } catch (error) {
      // A save came while this run read: what it found is not worth saying; the next run says it.
      if (dirty) return;
      // Bad input and the environment (a locked or refused folder, a file in the way) are said as
      // a single run says them; the watcher goes on.
      const known = error instanceof SpecError || error instanceof ConfigError ? error : environmentError(error, "access");
      if (known) {
        stderr.write(`specguard: ${known.message}\nspecguard: output left as it was; waiting for the next save\n`);
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
    // Set by Ctrl-C: a run in progress finishes, but nothing is watched or started after it.
    let stopped = false;
    // Each watched folder with the identity (device, inode) it had when watched: a folder replaced
    // by another of the same name (the spec inside the output folder, which a run switches whole)
    // is watched again, since a watcher follows the old folder.
    const watchers = new Map<string, { readonly watcher: FSWatcher; readonly id: string }>();
    const identity = (dir: string): string | undefined => {
      try {
        const st = statSync(dir);
        return `${st.dev}:${st.ino}`;
      } catch {
        return undefined;
      }
    };
    const names = (): Map<string, Set<string>> => {
      // Watch folders, not files: editors save by writing a new file and renaming it over the old.
      // A file that is a symbolic link is watched where it is and where it leads (see linkChain).
      const byDir = new Map<string, Set<string>>();
      for (const file of [configFile, specPath]) {
        if (file === undefined) continue;
        for (const path of linkChain(file)) {
          const dir = dirname(path);
          byDir.set(dir, (byDir.get(dir) ?? new Set()).add(basename(path)));
        }
      }
      if (prettierWatch !== undefined) for (const name of prettierWatch.names) byDir.set(prettierWatch.dir, (byDir.get(prettierWatch.dir) ?? new Set()).add(name));
      return byDir;
    };
    const trigger = async (): Promise<void> => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      do {
        again = false;
        await runOnce();
        if (!stopped) rewatch();
      } while (again && !stopped);
      running = false;
    };
    const onEvent = (dir: string, file: string | null): void => {
      const wanted = names().get(dir);
      if (file !== null && wanted && !wanted.has(file)) return;
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(() => void trigger(), options.debounceMs ?? DEBOUNCE_MS);
    };
    // Set after the first arming: from then on a folder watched for the first time (a link retargeted
    // into another folder) may have missed a save made before its watcher started.
    let armed = false;
    const rewatch = (): void => {
      const want = names();
      let replaced = false;
      let added = false;
      for (const [dir, w] of watchers) {
        if (!want.has(dir) || identity(dir) !== w.id) {
          replaced ||= want.has(dir);
          w.watcher.close();
          watchers.delete(dir);
        }
      }
      for (const dir of want.keys()) {
        const id = identity(dir);
        if (watchers.has(dir) || id === undefined) continue;
        watchers.set(dir, { watcher: watch(dir, (_event, file) => onEvent(dir, file === null ? null : String(file))), id });
        added = true;
      }
      // A save between the folder's switch (or the link's retarget) and the new watcher reached no
      // watcher: one more run looks (it writes nothing, and so switches nothing, when nothing changed).
      if (replaced || (added && armed)) onEvent("", null);
      armed = true;
    };
    const stop = (): void => {
      stopped = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.watcher.close();
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
    const watched = [configFile, specPath].filter((f): f is string => f !== undefined);
    if (prettierWatch?.names.length === 1) watched.push(join(prettierWatch.dir, prettierWatch.names[0]!));
    else if (prettierWatch !== undefined) watched.push(`a prettier config appearing in ${prettierWatch.dir}`);
    say(`specguard: watching ${watched.join(", ")} (Ctrl-C stops)\n`);
  });
}

/**
 * A file as given, each symbolic link it leads through, and its real path (a link in a folder
 * name included): the edit of a linked spec happens in the target's folder, and a link retargeted
 * (in its own folder) moves the watch at the next run. Computed afresh at each event and run.
 */
function linkChain(file: string): string[] {
  const paths = [file];
  let at = file;
  // Linux gives up after 40 links (ELOOP): past that it is a loop.
  for (let hop = 0; hop < 40; hop++) {
    let target: string;
    try {
      target = readlinkSync(at);
    } catch {
      break; // not a link (EINVAL), or nothing there
    }
    at = resolvePath(dirname(at), target);
    paths.push(at);
  }
  try {
    paths.push(realpathSync(file));
  } catch {
    // a dangling link or a missing file: watched where it is named
  }
  return paths;
}

interface ConfigMemo {
  /** `keep` too: a run refused before it kept the compiled text leaves it to the next (a no-op once kept). */
  last?: { readonly bytes: Buffer; readonly values: UserConfig; readonly keep: () => void } | undefined;
}

/**
 * The config file (evaluated again whenever its bytes changed: discover.ts's loadConfig never
 * answers from an earlier import) under the flags; the config's paths resolve against its folder,
 * the flags' against the current one. `keep` stores a TypeScript config's compiled text in the
 * cache folder: call it once the run has accepted that folder (LoadedConfig.keep).
 */
async function loadConfig(file: string | undefined, options: WatchOptions, memo: ConfigMemo): Promise<{ config: Config; keep: () => void }> {
  let fileConfig: UserConfig = {};
  let keep = (): void => {};
  if (file !== undefined && existsSync(file)) {
    // Only a regular file is read here (a link or anything else is imported every time).
    const bytes = await readRegularFile(file).catch(() => undefined);
    if (bytes !== undefined && memo.last?.bytes.equals(bytes)) ({ values: fileConfig, keep } = memo.last);
    else {
      const loaded = await loadConfigModule(file, options.cwd, configCacheFor(file, options.flags.cacheDir));
      fileConfig = resolvePaths(loaded.values, loaded.dir);
      keep = loaded.keep;
      memo.last = bytes === undefined ? undefined : { bytes, values: fileConfig, keep };
    }
  } else if (options.configPath !== undefined) {
    throw new ConfigError([`config file ${JSON.stringify(options.configPath)} does not exist`]);
  }
  const cacheDir = resolvePath(file !== undefined ? dirname(file) : options.cwd, DEFAULT_CACHE);
  return { config: resolveConfig({ cacheDir }, fileConfig, resolvePaths(options.flags, options.cwd)), keep };
}
