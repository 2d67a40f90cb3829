/**
 * One run per output folder. The lock is a file beside the folder (`.<out>.specguard-lock`)
 * holding the owner's pid, created atomically with its content (written under a private name,
 * then hard-linked into place, which fails if the lock exists), so no reader ever sees an empty
 * lock. A lock whose pid is no longer running was left by a killed run: it is taken over with a
 * notice. A live one stops this run with exit 2.
 *
 * `--check` only reads, so checks share the folder: each one that reads publishes a marker of
 * its own beside the lock (`.<out>.specguard-reader-<pid>-<n>`, also created whole by a link) and
 * then looks for the lock; a writer takes the lock and then looks for markers. Whichever comes
 * second sees the other and backs off (out-locked), so a writer never switches the folder under
 * a check, and checks never block each other. A check that finds a killed run's lock settles
 * the folder under the exclusive lock (marked as a check's), then shares it; other checks wait
 * for that instead of failing, and a check that meets another at the lock tries again.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { EnvironmentError } from "../errors.ts";
import { processAlive, sweepTemps, type Notice } from "../fsx.ts";
import { realFs, type FsLayer } from "./fs-layer.ts";

export interface Lock {
  readonly file: string;
  /** A reader's marker (other checks may read too), not the exclusive lock. */
  readonly shared?: boolean;
  release(): Promise<void>;
}

/** What a lock file says after the pid line when a `--check` holds it only to settle the folder. */
const SETTLING = "settling for --check";

/** How long a check waits for another check to settle the folder (recovering is quick). */
const SETTLE_WAIT_MS = 30_000;

function readerPrefix(out: string): string {
  return `.${basename(out)}.specguard-reader-`;
}

/** A name part no other call makes (several checks may run in one process: tests, the API). */
function unique(): string {
  return randomBytes(6).toString("hex");
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
  return (await lockInfo(fs, file))?.pid;
}

/** The holder (as `holder`) and whether it holds only to settle the folder for a check. */
async function lockInfo(fs: FsLayer, file: string): Promise<{ pid: number; settling: boolean } | undefined> {
  try {
    const text = (await fs.readFile(file)).toString("utf8");
    const match = /^pid (\d+) on (.*)\n/.exec(text);
    if (!match) return undefined;
    return { pid: match[2] === hostname() ? Number(match[1]) : -1, settling: text.slice(match[0].length).startsWith(SETTLING) };
  } catch {
    return undefined;
  }
}

const live = (pid: number | undefined): boolean => pid === -1 || (pid !== undefined && processAlive(pid));

export interface LockOptions {
  readonly fs?: FsLayer;
  readonly notice?: Notice;
  /** The exclusive lock is taken by a check, only to settle what a killed run left. */
  readonly settling?: boolean;
}

/** Takes the lock of `out` (whose parent folder must exist), or throws `out-locked`. */
export async function acquireLock(out: string, options: LockOptions = {}): Promise<Lock> {
  const fs = options.fs ?? realFs;
  const file = lockFile(out);
  // Private names (per call: several checks of one process may settle at once), swept by pid.
  const mine = `${file}-${unique()}.${process.pid}.specguard-tmp`;
  await sweepTemps(dirname(file)); // what killed runs left mid-way through taking a lock
  await fs.remove(mine);
  try {
    await fs.writeFileDurable(mine, `pid ${process.pid} on ${hostname()}\n${options.settling ? `${SETTLING}\n` : ""}`); // a full disk leaves no empty file behind
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await fs.link(mine, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const held = await lockInfo(fs, file);
        if (live(held?.pid)) throw locked(out, file, held?.pid, false, held?.settling);
        await takeOverStale(out, file, held?.pid, options);
        continue;
      }
      // Held; but a check that published its marker first is reading: it keeps the folder.
      const reader = await liveReader(fs, out);
      if (reader !== undefined) {
        await release(fs, file);
        throw locked(out, file, reader, true);
      }
      return { file, release: () => release(fs, file) };
    }
    const held = await lockInfo(fs, file);
    throw locked(out, file, held?.pid, false, held?.settling);
  } finally {
    await fs.remove(mine);
  }
}

/**
 * Removes a lock whose `pid` no longer runs: moved aside under a private name first (only one
 * taker can), then checked to be still the stale lock and not one a live run created in between.
 */
async function takeOverStale(out: string, file: string, pid: number | undefined, options: LockOptions): Promise<void> {
  const fs = options.fs ?? realFs;
  const aside = `${file}-stale-${unique()}.${process.pid}.specguard-tmp`;
  try {
    await fs.rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // someone else took it over
    throw error;
  }
  const moved = await lockInfo(fs, aside);
  if (moved !== undefined && moved.pid !== pid && live(moved.pid)) {
    await fs.link(aside, file).catch(() => undefined);
    await fs.remove(aside);
    throw locked(out, file, moved.pid, false, moved.settling);
  }
  await fs.remove(aside);
  options.notice?.(`removed a stale lock ${JSON.stringify(file)} left by ${pid === undefined ? "an unknown run" : `pid ${pid}`}, which is no longer running`);
}

/**
 * A check's share of `out`: its marker, published before it looks for the lock. `undefined` when
 * a killed run's lock is there (the caller settles the folder under `acquireLock` first); waits
 * while another check settles it; throws `out-locked` while a run writes.
 */
export async function acquireReadLock(out: string, options: LockOptions = {}): Promise<Lock | undefined> {
  const fs = options.fs ?? realFs;
  const file = lockFile(out);
  const deadline = Date.now() + SETTLE_WAIT_MS;
  await sweepTemps(dirname(file));
  for (;;) {
    const reader = await publishReader(fs, out);
    const held = await lockInfo(fs, file);
    if (held === undefined && !(await fs.lstat(file))) return reader;
    // Not ours to judge with a lock there: step back (a writer or a settling check may need the folder).
    await reader.release();
    if (held === undefined || !live(held.pid)) return undefined; // a dead run's (or an unreadable) lock
    if (!held.settling || Date.now() > deadline) throw locked(out, file, held.pid, false, held.settling);
    await pause();
  }
}

/** Turns the exclusive lock a check settled the folder under into a share of it. */
export async function shareLock(out: string, lock: Lock, options: LockOptions = {}): Promise<Lock> {
  try {
    return await publishReader(options.fs ?? realFs, out); // published before the lock goes: no writer slips in
  } finally {
    await lock.release();
  }
}

/** Writes the marker whole under a private name, then links it into place (as the lock). */
async function publishReader(fs: FsLayer, out: string): Promise<Lock> {
  const marker = join(dirname(out), `${readerPrefix(out)}${process.pid}-${unique()}`);
  const mine = `${marker}.${process.pid}.specguard-tmp`;
  try {
    await fs.writeFileDurable(mine, `pid ${process.pid} on ${hostname()}\n`);
    await fs.remove(marker); // a marker of a dead process that had this pid
    await fs.link(mine, marker);
  } finally {
    await fs.remove(mine);
  }
  return { file: marker, shared: true, release: () => fs.remove(marker) };
}

/** The pid of a check reading `out` now (-1: on another machine); markers of dead checks are removed. */
async function liveReader(fs: FsLayer, out: string): Promise<number | undefined> {
  const prefix = readerPrefix(out);
  const names = (await fs.readdir(dirname(out)).catch(() => [] as string[])).filter((n) => n.startsWith(prefix) && !n.endsWith(".specguard-tmp"));
  for (const name of names) {
    const marker = join(dirname(out), name);
    const pid = await holder(fs, marker);
    if (live(pid)) return pid;
    await fs.remove(marker); // a killed check's (markers are created whole: unreadable is damaged)
  }
  return undefined;
}

async function release(fs: FsLayer, file: string): Promise<void> {
  if ((await holder(fs, file)) === process.pid) await fs.remove(file);
}

/** A short, jittered wait: checks that met each other at the lock do not meet again in step. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
}

/** `out-locked`; `byCheck` when the holder is a check (reading, or settling the folder), which a check may wait for. */
export class OutLocked extends EnvironmentError {
  constructor(
    message: string,
    path: string,
    readonly byCheck: boolean,
  ) {
    super("out-locked", message, path);
  }
}

function locked(out: string, file: string, pid: number | undefined, reading = false, settling = false): OutLocked {
  const who = pid === undefined ? "" : pid === -1 ? " (on another machine)" : ` (pid ${pid})`;
  if (reading) return new OutLocked(`a specguard --check${who} is reading ${JSON.stringify(out)}; run again when it has finished`, out, true);
  return new OutLocked(
    `another specguard run${who} is writing ${JSON.stringify(out)}; wait for it to finish (or, if no such process runs, delete ${JSON.stringify(file)})`,
    out,
    settling,
  );
}
