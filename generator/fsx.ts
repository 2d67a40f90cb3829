/**
 * The file-system habits every stage that writes shares:
 *
 * - write through a temporary file, fsync, rename, fsync the folder: a reader (or a power cut)
 *   never leaves half a file under the real name; temporary files are named
 *   `.<name>.<pid>.specguard-tmp` so a later run can find and remove those a killed run left;
 * - cache entries carry the sha256 of their content on their first line and are verified on
 *   read: a truncated, empty or garbled entry is a miss, never output;
 * - keep a bounded number of operations in flight (~1,000 files one at a time leave the thread
 *   idle on I/O latency).
 */
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

const TEMP_SUFFIX = ".specguard-tmp";

/**
 * Writes `content` to `path` atomically (a temporary file renamed over it), creating its folder;
 * durably unless `durable` is false (no fsync of the file or its folder). Hash-verified cache
 * entries skip the fsyncs: after a crash an entry is either whole, or fails its hash and is
 * recomputed. Two fsyncs per entry cost ~1.2 s when a cold run writes ~2,000 module entries.
 */
export async function writeAtomic(path: string, content: string | Uint8Array, durable = true): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}${TEMP_SUFFIX}`);
  try {
    const handle = await open(tmp, "w");
    try {
      await handle.writeFile(content);
      if (durable) await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  if (durable) await syncFolder(dir);
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a folder; the entry's hash still catches a lost write.
  } finally {
    await handle.close();
  }
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the temporary files that runs no longer alive left in `dir`. */
export async function sweepTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /\.(\d+)\.specguard-tmp$/.exec(name);
    if (match && !processAlive(Number(match[1]))) await rm(join(dir, name), { force: true });
  }
}

/**
 * A regular file's bytes, or `undefined` when `path` is anything else: a FIFO would block the
 * read forever and a link to /dev/zero would fill the memory, so neither is followed or read
 * (opened without blocking and without following a final symbolic link, then checked by fstat).
 *
 * Synchronous inside: these are small files read by the thousand (output files, cache entries),
 * and through promise-based file handles each one cost four thread-pool round trips (~0.1 ms of
 * main-thread time apiece: ~0.2 s for the ~1,960 files of a no-change run, against ~0.05 s so).
 */
export async function readRegularFile(path: string): Promise<Buffer | undefined> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") return undefined; // a symbolic link
    throw error;
  }
  try {
    return fstatSync(fd).isFile() ? readFileSync(fd) : undefined;
  } finally {
    closeSync(fd);
  }
}

/** Why a cache entry was not used: shown once, in one line. */
/**
 * Something a run tells beside its result. `loud`: a user's file was set aside or left where the
 * run could not settle it; said even under `--quiet`, which hides the other notices.
 */
export type Notice = (message: string, options?: { readonly loud?: boolean }) => void;

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Writes a cache entry: its sha256, a newline, the text (`durable`: see writeAtomic). */
export function writeVerifiedText(path: string, text: string, durable = true): Promise<void> {
  return writeAtomic(path, `${sha256(text)}\n${text}`, durable);
}

/**
 * Reads a cache entry written by `writeVerifiedText`: its text when the hash matches, else
 * `undefined` — silently when there is no entry, with `damaged` told why when there is a bad one.
 */
export async function readVerifiedText(path: string, damaged?: (why: string) => void): Promise<string | undefined> {
  let raw: string;
  try {
    const bytes = await readRegularFile(path);
    if (bytes === undefined) {
      damaged?.("not a regular file");
      return undefined;
    }
    raw = bytes.toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") damaged?.(`unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    return undefined;
  }
  const newline = raw.indexOf("\n");
  if (newline !== 64 || sha256(raw.slice(65)) !== raw.slice(0, 64)) {
    damaged?.(raw.length === 0 ? "empty" : "its content does not match its hash");
    return undefined;
  }
  return raw.slice(65);
}

/** Writes a JSON cache record with its hash. */
export function writeVerified(path: string, value: unknown, durable = true): Promise<void> {
  return writeVerifiedText(path, JSON.stringify(value), durable);
}

/** Reads a JSON cache record: verified hash, parsed, and of the expected shape — or `undefined`. */
export async function readVerified<T>(path: string, shape: (value: unknown) => value is T, notice?: Notice): Promise<T | undefined> {
  const damaged = (why: string) => notice?.(`ignored the damaged cache file ${JSON.stringify(path)} (${why}); recomputing`);
  const text = await readVerifiedText(path, damaged);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    damaged("not JSON");
    return undefined;
  }
  if (!shape(value)) {
    damaged("unexpected shape");
    return undefined;
  }
  return value;
}

/** Maps with at most `limit` promises in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // After a failure no item starts, and the call settles only once those in flight have: the
  // caller's cleanup (removing a staging folder) must not race writes still going into it.
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
  return out;
}
