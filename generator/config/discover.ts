/**
 * Finding and loading a project's config file. Like vitest, prettier and eslint, specguard looks
 * for `specguard.config.{ts,mts,js,mjs}` in the current folder and then in each folder above it;
 * the first found wins. Paths inside a config are relative to the config file's folder, so
 * `npx specguard generate` does the same thing from any sub-folder of the project.
 *
 * A TypeScript config is compiled on the fly by jiti (see the README's Dependencies): Node 20,
 * the oldest Node specguard supports, cannot strip types itself.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
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

/** Imports a config file and returns its default export, unchecked (resolveConfig checks it). */
export async function loadConfig(file: string, cwd: string): Promise<LoadedConfig> {
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
      // No fs cache: specguard writes nowhere but its output and its own cache folder.
      const jiti = createJiti(pathToFileURL(file).href, { fsCache: false, moduleCache: false, interopDefault: false });
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
