/**
 * Where specguard refuses to write at all. Writing replaces the output folder as a whole (see
 * swap.ts), so an output folder that is the file-system root, the user's home, the project's own
 * root (or any folder above those) must never be accepted, whatever the option said; neither can
 * a path that is a file. Checked before anything is read or written.
 */
import { existsSync } from "node:fs";
import { lstat, readFile, realpath, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join, parse, resolve, sep } from "node:path";
import { EnvironmentError } from "../errors.ts";
import { MANIFEST, parseManifest } from "./owned.ts";

/**
 * Names that mark a project or repository. An output folder holding one anywhere inside is
 * somebody's project (given from outside it, where the project-root rule cannot see it):
 * switching it as a whole would rebuild every folder of it, so the write refuses it (write.ts);
 * a cache folder may not be one either.
 */
export const PROJECT_MARKERS: ReadonlySet<string> = new Set(["package.json", ".git", "specguard.config.ts", "specguard.config.mjs", "specguard.config.js"]);

export interface OutContext {
  /** The folder the command runs in; the nearest package.json above it marks the project root. */
  readonly cwd: string;
  /** The config file in use, if any: its folder is a project root too. */
  readonly configFile?: string;
}

/** The folders an output folder may be neither equal to nor above, with their names for messages. */
export function protectedFolders(context: OutContext): { path: string; what: string }[] {
  const folders = [{ path: parse(resolve(context.cwd)).root, what: "the file-system root" }, { path: homedir(), what: "your home folder" }];
  if (context.configFile !== undefined) folders.push({ path: dirname(resolve(context.cwd, context.configFile)), what: "the project root (it holds the config file)" });
  const pkg = nearestPackageFolder(resolve(context.cwd));
  if (pkg !== undefined) folders.push({ path: pkg, what: "the project root (it holds package.json)" });
  // The switch replaces the folder: the shell that ran specguard would be left in a deleted copy.
  folders.push({ path: resolve(context.cwd), what: "the folder specguard runs in" });
  return folders;
}

/** The nearest folder at or above `from` that holds a package.json. */
export function nearestPackageFolder(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Throws `out-refused` when `out` is a folder specguard must not write. */
export async function refuseDangerousOut(out: string, context: OutContext, role = "output folder"): Promise<void> {
  const target = await canonical(resolve(context.cwd, out));
  for (const { path, what } of protectedFolders(context)) {
    const folder = await canonical(path);
    if (target === folder) refuse(out, `is ${what}`, role);
    if (isAbove(target, folder)) refuse(out, `contains ${what} (${folder})`, role);
  }
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR") refuse(out, "lies below a file, not a folder", role);
    if (code !== "ENOENT") throw error;
    return;
  }
  if (!info.isDirectory()) refuse(out, "is a file, not a folder", role);
}

/**
 * Throws `out-refused` when `out` lies inside another specguard output folder (a folder above
 * it holds a manifest.json of specguard's): the two runs would write over each other's files,
 * each taking the other's headed files for its own (`--out A/internal` replaced A's runtime).
 */
export async function refuseNestedOut(out: string, context: OutContext): Promise<void> {
  const target = await canonical(resolve(context.cwd, out));
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    const manifest = join(dir, MANIFEST);
    if (existsSync(manifest)) {
      const text = await readFile(manifest, "utf8").catch(() => undefined);
      if (text !== undefined && parseManifest(text) !== undefined) refuse(out, `lies inside another specguard output folder (${JSON.stringify(dir)}); choose a folder outside it`, "output folder");
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * The cache folder obeys the same rules, and must not overlap the output folder: cache files
 * inside the output would be carried along as user files, and the switch would swap the cache.
 */
export async function refuseDangerousCache(cacheDir: string, out: string, context: OutContext): Promise<void> {
  await refuseDangerousOut(cacheDir, context, "cache folder");
  const [cache, output] = [await canonical(resolve(context.cwd, cacheDir)), await canonical(resolve(context.cwd, out))];
  for (const marker of PROJECT_MARKERS) if (existsSync(join(cache, marker))) refuse(cacheDir, `holds a project (${JSON.stringify(join(cache, marker))})`, "cache folder");
  if (cache === output || isAbove(output, cache) || isAbove(cache, output)) {
    refuse(cacheDir, `overlaps the output folder ${JSON.stringify(out)}`, "cache folder");
  }
}

function refuse(path: string, why: string, role: string): never {
  throw new EnvironmentError("out-refused", `refusing to write the ${role} ${JSON.stringify(path)}: it ${why}`, path);
}

/** Whether `above` is a strict ancestor of `below` (both canonical). */
function isAbove(above: string, below: string): boolean {
  const prefix = above.endsWith(sep) ? above : above + sep;
  return below !== above && below.startsWith(prefix);
}

/** The real path of the nearest existing ancestor, with the rest appended: symlinks cannot hide a folder. */
async function canonical(path: string): Promise<string> {
  const rest: string[] = [];
  let dir = path;
  for (;;) {
    try {
      await lstat(dir);
      return join(await realpath(dir), ...rest.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== "ENOENT" && code !== "ENOTDIR") || dirname(dir) === dir) return path;
      rest.push(basename(dir));
      dir = dirname(dir);
    }
  }
}
