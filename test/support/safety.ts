/**
 * Test support for the safety suites: scratch folders, a byte-exact picture of a folder, the CLI
 * run in-process (fast, with a file-system seam), and file-system layers that fail on cue.
 */
import { execFile } from "node:child_process";
import type { Stats } from "node:fs";
import { mkdtemp, readdir, readFile, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { main, type MainSeams } from "../../generator/cli.ts";
import { errnoError, realFs, type FsLayer } from "../../generator/write/fs-layer.ts";
import { ROOT } from "./generated.ts";

export const FIXTURE_SPEC = join(ROOT, "test/fixtures/specs/verification-session.yaml");

/** A pid no process can have (above Linux's largest pid_max): what a killed run's lock names. */
export const DEAD_PID = 4_194_305;

export async function scratch(name: string): Promise<{ dir: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `specguard-${name}-`));
  return { dir, done: () => rm(dir, { recursive: true, force: true }) };
}

/** Every non-folder under `dir`: path → bytes (links: "-> target"); `undefined` when `dir` is absent. */
export async function tree(dir: string): Promise<Record<string, string> | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const out: Record<string, string> = {};
  for (const e of entries.sort((a, b) => (a.parentPath + a.name < b.parentPath + b.name ? -1 : 1))) {
    if (e.isDirectory()) continue;
    const full = join(e.parentPath, e.name);
    const path = relative(dir, full).split(sep).join("/");
    out[path] = e.isSymbolicLink() ? `-> ${await readlink(full)}` : await readFile(full, "utf8");
  }
  return out;
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `specguard <args>` in this process, its output captured (a few ms instead of a process start). */
export async function runCli(args: string[], cwd: string, seams: MainSeams = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args, cwd, seams);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

/** `node bin/specguard.js <args>` in its own process. */
export function spawnCli(args: string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, "bin/specguard.js"), ...args], { cwd }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      done({ code, stdout, stderr });
    });
  });
}

/** A file-system layer whose every change fails with EROFS: a refusal test cannot write even if the refusal breaks. */
export const readOnlyFs: FsLayer = {
  ...realFs,
  mkdir: async (p) => Promise.reject(errnoError("EROFS", "mkdir", p)),
  writeFileDurable: async (p) => Promise.reject(errnoError("EROFS", "open", p)),
  link: async (_, p) => Promise.reject(errnoError("EROFS", "link", p)),
  copyFile: async (_, p) => Promise.reject(errnoError("EROFS", "copyfile", p)),
  rename: async (p) => Promise.reject(errnoError("EROFS", "rename", p)),
  chmod: async (p) => Promise.reject(errnoError("EROFS", "chmod", p)),
  chown: async (p) => Promise.reject(errnoError("EROFS", "chown", p)),
  remove: async (p) => Promise.reject(errnoError("EROFS", "rm", p)),
  checkWritable: async (p) => Promise.reject(errnoError("EROFS", "access", p)),
};

/** The real layer, except that the `nth` durable write fails with `code` (ENOSPC: the disk filled up). */
export function failingWrites(code: string, nth: number): FsLayer {
  let count = 0;
  return {
    ...realFs,
    async writeFileDurable(path, data) {
      if (++count === nth) throw errnoError(code, "write", path);
      return realFs.writeFileDurable(path, data);
    },
  };
}

/** The real layer, except that hard-linking any file `refuse` accepts fails with `code` (EPERM: Linux's protected_hardlinks for a file the runner does not own). */
export function unlinkable(refuse: (path: string) => boolean, code = "EPERM"): FsLayer {
  return {
    ...realFs,
    link: async (existing, path) => (refuse(existing) ? Promise.reject(errnoError(code, "link", path)) : realFs.link(existing, path)),
  };
}

/**
 * The real layer with the permission checks an unprivileged runner meets on folders (the suite
 * runs as root in CI, and root ignores them): an entry is created, removed or renamed only in a
 * folder whose mode has u+w, a tree is removed only when every non-empty folder in it has u+w
 * (EACCES otherwise, as `rm -r` answers), and `chmod` lifts the refusal. A `notMine` folder is
 * someone else's: never writable by the runner, not its to chmod (EPERM), owned by another uid.
 */
export function asUnprivileged(notMine: ReadonlySet<string> = new Set()): FsLayer {
  const writable = async (folder: string): Promise<boolean> => {
    if (notMine.has(folder)) return false;
    const found = await realFs.lstat(folder);
    return found === undefined || !found.isDirectory() || (found.mode & 0o200) !== 0;
  };
  const deny = (syscall: string, path: string) => Promise.reject(errnoError("EACCES", syscall, path));
  /** The nearest folder that exists at or above `path`'s parent: where a new entry would be made. */
  const existingParent = async (path: string): Promise<string> => {
    let folder = dirname(path);
    while ((await realFs.lstat(folder)) === undefined && dirname(folder) !== folder) folder = dirname(folder);
    return folder;
  };
  /** The first entry a removal of `path` could not remove, if any. */
  const blocked = async (path: string): Promise<string | undefined> => {
    const found = await realFs.lstat(path);
    if (found === undefined) return undefined;
    if (!(await writable(dirname(path)))) return path;
    if (!found.isDirectory()) return undefined;
    const folders = [path, ...(await realFs.readdirRecursive(path)).filter((e) => e.isDirectory()).map((e) => join(e.parentPath, e.name))];
    for (const folder of folders) {
      const names = await realFs.readdir(folder);
      if (names.length > 0 && !(await writable(folder))) return join(folder, names[0]!);
    }
    return undefined;
  };
  return {
    ...realFs,
    async mkdir(path) {
      if ((await realFs.lstat(path)) === undefined && !(await writable(await existingParent(path)))) return deny("mkdir", path);
      return realFs.mkdir(path);
    },
    async writeFileDurable(path, data) {
      if (!(await writable(dirname(path)))) return deny("open", path);
      return realFs.writeFileDurable(path, data);
    },
    async link(existing, path) {
      if (!(await writable(dirname(path)))) return deny("link", path);
      return realFs.link(existing, path);
    },
    async rename(from, to) {
      if (!(await writable(dirname(from)))) return deny("rename", from);
      if (!(await writable(dirname(to)))) return deny("rename", to);
      return realFs.rename(from, to);
    },
    async remove(path) {
      const at = await blocked(path);
      if (at !== undefined) return deny("rm", at);
      return realFs.remove(path);
    },
    async chmod(path, mode) {
      if (notMine.has(path)) return Promise.reject(errnoError("EPERM", "chmod", path));
      return realFs.chmod(path, mode);
    },
    async lstat(path) {
      const found = await realFs.lstat(path);
      if (found === undefined || !notMine.has(path)) return found;
      return Object.assign(Object.create(Object.getPrototypeOf(found) as object) as Stats, found, { uid: (process.getuid?.() ?? 0) + 4242 });
    },
    async checkWritable(path) {
      if (!(await writable(path))) return deny("access", path);
      return realFs.checkWritable(path);
    },
  };
}
