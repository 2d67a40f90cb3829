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
import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { TransformOptions } from "jiti";
import { ConfigError, type UserConfig } from "../config.ts";

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
}

/**
 * Imports a config file and returns its default export, unchecked (resolveConfig checks it).
 * With `cacheDir`, a TypeScript config's compiled text is kept there (`config/`) between runs.
 */
export async function loadConfig(file: string, cwd: string, cacheDir: string | false = false): Promise<LoadedConfig> {
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
  try {
    if (/\.[mc]?ts$/.test(file)) {
      const { createJiti } = await import("jiti");
      // No jiti fs cache: specguard writes nowhere but its output and its own cache folder (below).
      const options = { fsCache: false, moduleCache: false, interopDefault: false } as const;
      const compiler = createJiti(pathToFileURL(file).href, options);
      const jiti = createJiti(pathToFileURL(file).href, cacheDir === false ? options : { ...options, transform: cachedTransform(join(cacheDir, "config"), compiler.transform) });
      mod = (await jiti.import(file)) as { default?: unknown };
    } else {
      mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    }
  } catch (error) {
    throw new ConfigError([`${shown}: the config does not load: ${firstLine(error)}`]);
  }
  const values = mod.default;
  if (values === null || typeof values !== "object" || Array.isArray(values)) {
    throw new ConfigError([`${shown}: the config must \`export default defineConfig({ ... })\` (an object), found ${values === undefined ? "no default export" : typeof values}`]);
  }
  return { file, dir: dirname(file), values: values as UserConfig };
}

type Transform = (opts: TransformOptions) => string;

/**
 * jiti's compile step (babel: ~0.25 s to load and run even for a three-line config, on every
 * `generate`), kept in specguard's cache folder like its other caches: one entry per source and
 * options, named by their sha256, holding the sha256 of its text on its first line. An entry that
 * is damaged, not a regular file or unreadable is a miss; one that cannot be written only costs
 * time. Synchronous, because jiti's transform hook is.
 */
function cachedTransform(dir: string, compile: Transform): (opts: TransformOptions) => { code: string } {
  const require = createRequire(import.meta.url);
  const version = (require("jiti/package.json") as { version: string }).version;
  const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
  return (opts) => {
    const { source, ...rest } = opts;
    const entry = join(dir, sha256(`jiti@${version}\0${JSON.stringify(rest)}\0${source}`));
    try {
      // Never follows a link, never blocks on a FIFO (EAGAIN): either is a miss.
      const fd = openSync(entry, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      let raw: string;
      try {
        raw = fstatSync(fd).isFile() ? readFileSync(fd, "utf8") : "";
      } finally {
        closeSync(fd);
      }
      if (raw.indexOf("\n") === 64 && sha256(raw.slice(65)) === raw.slice(0, 64)) return { code: raw.slice(65) };
    } catch {
      // no entry, or not one to read
    }
    const code = compile(opts);
    if (!code.includes("__JITI_ERROR__")) {
      const tmp = `${entry}.${process.pid}.specguard-tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, `${sha256(code)}\n${code}`, { flag: "w" });
        renameSync(tmp, entry);
      } catch {
        rmSync(tmp, { force: true });
      }
    }
    return { code };
  };
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
