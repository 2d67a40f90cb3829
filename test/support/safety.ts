/**
 * Test support for the safety suites: scratch folders, a byte-exact picture of a folder, the CLI
 * run in-process (fast, with a file-system seam), and file-system layers that fail on cue.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
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
