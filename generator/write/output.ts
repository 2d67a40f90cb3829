/**
 * Everything that touches the output folder goes through `withOutput`: refuse a dangerous
 * folder, take the folder's lock, settle what an interrupted run left (recover), then act, then
 * release. `--check` and the "up to date" fast path pass here too, so they never judge a folder
 * that a killed run left half switched; `--check` holds the folder shared with other checks
 * (lock.ts), never against them.
 */
import { lstat, realpath } from "node:fs/promises";
import { dirname } from "node:path";
import { asEnvironmentError, environmentError, EnvironmentError } from "../errors.ts";
import { realFs, type FsLayer } from "./fs-layer.ts";
import { refuseDangerousOut, refuseNestedOut } from "./guard-paths.ts";
import { acquireLock, acquireReadLock, OutLocked, pause, shareLock, type Lock, type LockOptions } from "./lock.ts";
import { needsRecovery, recover, SimulatedKill } from "./swap.ts";
import type { Notice } from "../fsx.ts";

export interface OutputOptions {
  /** The file-system layer (tests inject failures through it). */
  readonly fs?: FsLayer;
  /** One-line notices (a stale lock taken over, an interrupted run recovered, …). */
  readonly notice?: Notice;
  /** Where the command runs: the project root is found from here (default: process.cwd()). */
  readonly cwd?: string;
  /** The config file in use: its folder is a project root. */
  readonly configFile?: string;
}

/**
 * Runs `act` with the output folder held. `read` mode (--check, the fast path) does not create
 * the parent folder, and on a read-only file system it proceeds without the lock when nothing
 * needs recovering.
 */
export async function withOutput<T>(given: string, mode: "read" | "write", options: OutputOptions, act: () => Promise<T>): Promise<T> {
  const fs = options.fs ?? realFs;
  const out = await resolveOut(given);
  const context = { fs, ...(options.notice ? { notice: options.notice } : {}) };
  const held = { cwd: options.cwd ?? process.cwd(), ...(options.configFile ? { configFile: options.configFile } : {}) };
  await refuseDangerousOut(out, held);
  await refuseNestedOut(out, held);
  let lock: Lock | undefined;
  try {
    if (mode === "write") {
      await fs.mkdir(dirname(out));
      await fs.checkWritable(dirname(out));
      if (await fs.lstat(out)) await fs.checkWritable(out);
    }
    lock = mode === "write" ? await acquireLock(out, context) : await readLock(out, context);
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // A read-only or full file system: a check can still read (a lock needs a file written).
    const readOnly = code === "EACCES" || code === "EROFS" || code === "EPERM" || code === "ENOENT" || code === "ENOSPC" || code === "EDQUOT";
    if (!(mode === "read" && readOnly && !(await needsRecovery(out, fs)))) asEnvironmentError(error, "write", out);
  }
  let killed = false;
  try {
    if (lock && !lock.shared) await recover(out, context);
    return await act();
  } catch (error) {
    if (error instanceof SimulatedKill) {
      killed = true; // a killed process neither cleans up nor releases its lock
      throw error;
    }
    // Anything else: undo the unfinished switch (the same settlement the next run would make),
    // without notices of "an interrupted run": the error says what stopped this one.
    if (lock && mode === "write") await recover(out, context, { afterFailure: true }).catch(() => undefined);
    throw environmentError(error, "write", out) ?? error;
  } finally {
    if (lock && !killed) await lock.release().catch(() => undefined);
  }
}

/**
 * A check's hold on `out`: shared with other checks (lock.ts), so parallel `--check` runs never
 * stop each other, while a writer still cannot switch the folder under one. When a killed run
 * left something to settle, the check takes the exclusive lock for the recovery and then shares.
 */
async function readLock(out: string, context: LockOptions & { fs: FsLayer }): Promise<Lock> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const shared = await acquireReadLock(out, context);
    if (shared !== undefined && !(await needsRecovery(out, context.fs))) return shared;
    await shared?.release();
    let lock: Lock;
    try {
      lock = await acquireLock(out, { ...context, settling: true });
    } catch (error) {
      // Another check got there first (settling, or already reading): share with it instead.
      if (error instanceof OutLocked && error.byCheck && Date.now() < deadline) {
        await pause();
        continue;
      }
      throw error;
    }
    try {
      await recover(out, context);
    } catch (error) {
      await lock.release().catch(() => undefined);
      throw error;
    }
    return await shareLock(out, lock, context);
  }
}

/**
 * The folder to switch: when `out` is a symbolic link to a folder, the folder it points at (the
 * switch replaces that, and the link keeps pointing at the new one).
 */
export async function resolveOut(out: string): Promise<string> {
  try {
    if ((await lstat(out)).isSymbolicLink()) return await realpath(out);
  } catch {
    // absent (or a dangling link, which the folder checks then report): used as given
  }
  return out;
}
