/**
 * One run per output folder. The lock is a file beside the folder (`.<out>.specguard-lock`)
 * holding the owner's pid, created atomically with its content (written under a private name,
 * then hard-linked into place, which fails if the lock exists), so no reader ever sees an empty
 * lock. A lock whose pid is no longer running was left by a killed run: it is taken over with a
 * notice. A live one stops this run with exit 2.
 */
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { EnvironmentError } from "../errors.ts";
import { processAlive, sweepTemps } from "../fsx.ts";
import { realFs, type FsLayer } from "./fs-layer.ts";

export interface Lock {
  readonly file: string;
  release(): Promise<void>;
}

export function lockFile(out: string): string {
  return join(dirname(out), `.${basename(out)}.specguard-lock`);
}

/**
 * The pid a lock file names, or `undefined` when it is unreadable or not a lock we wrote. A lock
 * taken on another machine (a shared folder) cannot be checked from here, so it counts as live:
 * its pid is returned as -1.
 */
async function holder(fs: FsLayer, file: string): Promise<number | undefined> {
  try {
    const match = /^pid (\d+) on (.*)\n/.exec((await fs.readFile(file)).toString("utf8"));
    if (!match) return undefined;
    return match[2] === hostname() ? Number(match[1]) : -1;
  } catch {
    return undefined;
  }
}

export interface LockOptions {
  readonly fs?: FsLayer;
  readonly notice?: (message: string) => void;
}

/** Takes the lock of `out` (whose parent folder must exist), or throws `out-locked`. */
export async function acquireLock(out: string, options: LockOptions = {}): Promise<Lock> {
  const fs = options.fs ?? realFs;
  const file = lockFile(out);
  const mine = `${file}.${process.pid}.specguard-tmp`;
  await sweepTemps(dirname(file)); // what killed runs left mid-way through taking a lock
  await fs.remove(mine);
  try {
    await fs.writeFileDurable(mine, `pid ${process.pid} on ${hostname()}\n`); // a full disk leaves no empty file behind
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await fs.link(mine, file);
        return { file, release: () => release(fs, file) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const pid = await holder(fs, file);
      if (pid === -1 || (pid !== undefined && processAlive(pid))) throw locked(out, file, pid);
      // Stale: move it aside under a private name (only one taker can), then check that what was
      // moved is still the stale lock and not one a live run created in between.
      const aside = `${file}-stale.${process.pid}.specguard-tmp`;
      try {
        await fs.rename(file, aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
        throw error;
      }
      const moved = await holder(fs, aside);
      if (moved !== pid && moved !== undefined && (moved === -1 || processAlive(moved))) {
        await fs.link(aside, file).catch(() => undefined);
        await fs.remove(aside);
        throw locked(out, file, moved);
      }
      await fs.remove(aside);
      options.notice?.(`removed a stale lock ${JSON.stringify(file)} left by ${pid === undefined ? "an unknown run" : `pid ${pid}`}, which is no longer running`);
    }
    throw locked(out, file, await holder(fs, file));
  } finally {
    await fs.remove(mine);
  }
}

async function release(fs: FsLayer, file: string): Promise<void> {
  if ((await holder(fs, file)) === process.pid) await fs.remove(file);
}

function locked(out: string, file: string, pid: number | undefined): EnvironmentError {
  return new EnvironmentError(
    "out-locked",
    `another specguard run${pid === undefined ? "" : pid === -1 ? " (on another machine)" : ` (pid ${pid})`} is writing ${JSON.stringify(out)}; wait for it to finish (or, if no such process runs, delete ${JSON.stringify(file)})`,
    out,
  );
}
