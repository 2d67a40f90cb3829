/**
 * Finding and loading a project's config file. Like vitest, prettier and eslint, specguard looks
 * for `specguard.config.{ts,mts,js,mjs}` in the current folder and then in each folder above it;
 * the first found wins. Paths inside a config are relative to the config file's folder, so
 * `npx specguard generate` does the same thing from any sub-folder of the project.
 *
 * A TypeScript config is compiled on the fly by jiti (see the README's Dependencies): Node 20,
 * the oldest Node specguard supports, cannot strip types itself.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { TransformOptions } from "jiti";
import { ConfigError, DEFAULT_CACHE, type UserConfig } from "../config.ts";

/** Config file names, in the order they are looked for within one folder. */
export const CONFIG_NAMES = ["specguard.config.ts", "specguard.config.mts", "specguard.config.js", "specguard.config.mjs"] as const;

/** The config file for `cwd`: in it or the nearest folder above; `undefined` when there is none. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const file = join(dir, name);
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface LoadedConfig {
  readonly file: string;
  /** The config's folder: what relative paths in it resolve against. */
  readonly dir: string;
  readonly values: UserConfig;
  /**
   * Keeps a TypeScript config's compiled text in the cache folder (nothing to keep: a no-op).
   * Nothing is written before this call: make it once the cache folder has passed the checks
   * a run makes (refuseDangerousCache), so a refused folder gets no entry either.
   */
  readonly keep: () => void;
}

/**
 * Where a TypeScript config's compiled text is looked up and kept (its `config/` sub-folder).
 * Looked up before the config is evaluated, so only in a folder known beforehand: the default
 * cache folder beside the config, or `--cache-dir`. `runCacheDir` says, from the evaluated
 * values, which cache folder the run will use; the compiled text is kept only for a run that uses
 * `dir`, and one that does not (`cacheDir: false`, another folder) does not take it from there
 * either: it is compiled afresh.
 */
export interface ConfigCache {
  readonly dir: string;
  readonly runCacheDir?: (values: UserConfig) => string | false;
}

/**
 * The compiled-config cache for a config file under the `--cache-dir`/`--no-cache` flag's value
 * (absolute): the flag's folder (the flags win, so the run uses it whatever the config says),
 * else the default folder beside the config, used only while the config leaves `cacheDir` unset.
 */
export function configCacheFor(file: string, flagCacheDir: string | false | undefined): ConfigCache | false {
  if (flagCacheDir !== undefined) return flagCacheDir === false ? false : { dir: flagCacheDir };
  const base = dirname(file);
  const dir = resolve(base, DEFAULT_CACHE);
  // An invalid value is refused by resolveConfig; here it only means "not this folder".
  return { dir, runCacheDir: (values) => (values.cacheDir === undefined ? dir : typeof values.cacheDir === "string" && values.cacheDir !== "" ? resolve(base, values.cacheDir) : false) };
}

/**
 * Imports a config file and returns its default export, unchecked (resolveConfig checks it).
 * With `cache`, a TypeScript config's compiled text is kept there (`config/`) between runs (see
 * ConfigCache; a string is a folder the run always uses).
 *
 * Every call evaluates the file as it is now (`--watch` loads the config again after each save):
 * jiti keeps no module cache here, and a JavaScript config is imported under a URL that carries
 * its content's hash (freshUrl). A JavaScript config's own imports are not loaded again (the
 * watcher watches the config file alone).
 */
export async function loadConfig(file: string, cwd: string, cache: string | false | ConfigCache = false): Promise<LoadedConfig> {
  const shown = relative(cwd, file) || file;
  // Importing a FIFO would wait forever and /dev/zero would be read until memory runs out.
  let regular = false;
  try {
    regular = statSync(file).isFile();
  } catch {
    regular = false;
  }
  if (!regular) throw new ConfigError([`${shown}: the config is not a regular file`]);
  let mod: { default?: unknown };
  let keep = (): void => {};
  try {
    if (/\.[mc]?ts$/.test(file)) {
      const { createJiti } = await import("jiti");
      // No jiti fs cache: specguard writes nowhere but its output and its own cache folder (below).
      const options = { fsCache: false, moduleCache: false, interopDefault: false } as const;
      const url = pathToFileURL(file).href;
      const compiler = createJiti(url, options);
      const evaluate = async (transform?: (opts: TransformOptions) => { code: string }): Promise<{ default?: unknown }> =>
        (await createJiti(url, transform === undefined ? options : { ...options, transform }).import(file)) as { default?: unknown };
      if (cache === false) mod = await evaluate();
      else {
        const { dir, runCacheDir } = typeof cache === "string" ? { dir: cache, runCacheDir: undefined } : cache;
        const cached = cachedTransform(join(dir, "config"), compiler.transform);
        mod = await evaluate(cached.transform);
        const values = mod.default;
        const used = runCacheDir === undefined ? dir : values !== null && typeof values === "object" && !Array.isArray(values) ? runCacheDir(values as UserConfig) : false;
        if (used === dir) keep = cached.keep;
        // The run does not use that folder, so nothing there is taken for it either (an entry there
        // decided the values that say so): the config is compiled and evaluated afresh.
        else if (cached.hits() > 0) mod = await evaluate();
      }
    } else {
      mod = (await import(freshUrl(file))) as { default?: unknown };
    }
  } catch (error) {
    throw new ConfigError([`${shown}: the config does not load: ${firstLine(error)}`]);
  }
  const values = mod.default;
  if (values === null || typeof values !== "object" || Array.isArray(values)) {
    throw new ConfigError([`${shown}: the config must \`export default defineConfig({ ... })\` (an object), found ${values === undefined ? "no default export" : typeof values}`]);
  }
  return { file, dir: dirname(file), values: values as UserConfig, keep };
}

/**
 * The URL a JavaScript config is imported under: the file's, with the sha256 of its bytes as the
 * query. Node's module map is keyed by URL, so an edited config is a new module (the old one is
 * never evaluated again; one kept per version, a few hundred bytes each) and an unchanged one is
 * not evaluated twice. A CommonJS `.js` config reaches Node's require cache, keyed by its path
 * alone: its entry is dropped so the new URL loads the file as it is now. (Not through jiti as a
 * TypeScript config is: that would load babel, ~0.25 s, into every run with a JavaScript config,
 * and run it as jiti's CommonJS translation rather than as Node runs it.)
 */
function freshUrl(file: string): string {
  const hash = createHash("sha256").update(readFileSync(file)).digest("hex");
  const require = createRequire(import.meta.url);
  for (const path of new Set([file, realpathOr(file)])) delete require.cache[path];
  return `${pathToFileURL(file).href}?specguard=${hash}`;
}

function realpathOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

type Transform = (opts: TransformOptions) => string;

/**
 * jiti's compile step (babel: ~0.25 s to load and run even for a three-line config, on every
 * `generate`), kept in specguard's cache folder like its other caches: one entry per source and
 * options, named by their sha256 (the key), holding that key on its first line and the sha256 of
 * its text on its second. An entry that is damaged, not a regular file, unreadable, or stored
 * under another key (a copy) is a miss; one that cannot be written only costs time. Entries are
 * written by `keep()` only (see LoadedConfig.keep). Synchronous, because jiti's transform hook is.
 */
function cachedTransform(dir: string, compile: Transform): { transform: (opts: TransformOptions) => { code: string }; keep: () => void; hits: () => number } {
  const require = createRequire(import.meta.url);
  const version = (require("jiti/package.json") as { version: string }).version;
  const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
  const made = new Map<string, string>();
  let hits = 0;
  const transform = (opts: TransformOptions): { code: string } => {
    const { source, ...rest } = opts;
    const key = sha256(`jiti@${version}\0${JSON.stringify(rest)}\0${source}`);
    const entry = join(dir, key);
    try {
      // Never follows a link, never blocks on a FIFO (EAGAIN): either is a miss.
      const fd = openSync(entry, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      let raw: string;
      try {
        raw = fstatSync(fd).isFile() ? readFileSync(fd, "utf8") : "";
      } finally {
        closeSync(fd);
      }
      // <key>\n<sha256 of the code>\n<code>
      if (raw.slice(0, 64) === key && raw[64] === "\n" && raw[129] === "\n" && sha256(raw.slice(130)) === raw.slice(65, 129)) {
        hits++;
        return { code: raw.slice(130) };
      }
    } catch {
      // no entry, or not one to read
    }
    const code = compile(opts);
    if (!code.includes("__JITI_ERROR__")) made.set(entry, `${key}\n${sha256(code)}\n${code}`);
    return { code };
  };
  const keep = (): void => {
    for (const [entry, text] of made) {
      const tmp = `${entry}.${process.pid}.specguard-tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, text, { flag: "w" });
        renameSync(tmp, entry);
      } catch {
        rmSync(tmp, { force: true });
      }
    }
    made.clear();
  };
  return { transform, keep, hits: () => hits };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n").find((l) => l.trim() !== "")?.trim() ?? "unknown error";
}

/** The config's path-valued keys made absolute against `base`. */
export function resolvePaths(values: UserConfig, base: string): UserConfig {
  const out: UserConfig = { ...values };
  if (typeof out.spec === "string" && out.spec !== "") out.spec = resolve(base, out.spec);
  if (typeof out.out === "string" && out.out !== "") out.out = resolve(base, out.out);
  if (typeof out.cacheDir === "string" && out.cacheDir !== "") out.cacheDir = resolve(base, out.cacheDir);
  return out;
}
