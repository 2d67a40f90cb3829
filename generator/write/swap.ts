/**
 * Whole or nothing: the new output folder is built complete beside the old one and switched in
 * with two renames, so a reader of `<out>` sees the previous output or the new one, never a mix.
 *
 *   1. build `.<out>.specguard-staging-<pid>`: unchanged and foreign files are hard links to
 *      the old ones (same inode, same mtime), new bytes are written and fsynced;
 *   2. fsync its folders, rename it to `.<out>.specguard-ready` (now known complete);
 *   3. rename `<out>` → `.<out>.specguard-backup`, then `.<out>.specguard-ready` → `<out>`
 *      — this second rename is the commit point;
 *   4. remove the backup, after checking that every file in it is either specguard's or is
 *      still in the new folder (a file someone saved into `<out>` during the run is moved over).
 *
 * `recover` runs before anything else in every run (under the lock) and finishes or undoes an
 * interrupted sequence: before the commit point the old folder comes back, after it the new one
 * stays. Between the two renames of step 3 `<out>` is briefly absent; a kill exactly there leaves
 * it absent until the next run, which puts the old folder back.
 */
import { basename, dirname, join, sep } from "node:path";
import type { Stats } from "node:fs";
import type { FsLayer } from "./fs-layer.ts";
import { isGenerated, isOwnLeftoverTemp, leftoverTempOf, MANIFEST, parseManifest } from "./owned.ts";
import { mapLimit } from "../fsx.ts";
import { ordinal } from "../resolve/resolve.ts";

/** The named points of the sequence, in order; a test hook may stop the run at each. */
export const WRITE_STEPS = [
  "staging-created",
  "staging-partly-written",
  "staging-written",
  "staging-synced",
  "staged",
  "old-moved-aside",
  "new-in-place",
  "switch-synced",
  "backup-partly-removed",
  "backup-removed",
] as const;
export type WriteStep = (typeof WRITE_STEPS)[number];

/** A test hook called at each step; whatever it throws stops the run there. */
export type Faults = (step: WriteStep) => void | Promise<void>;

/**
 * Thrown by a fault hook to stand for SIGKILL: nothing after it runs — no cleanup, no lock
 * release — exactly like a killed process.
 */
export class SimulatedKill extends Error {
  constructor(readonly step: WriteStep) {
    super(`simulated kill at ${step}`);
    this.name = "SimulatedKill";
  }
}

export interface Siblings {
  readonly parent: string;
  readonly staging: string;
  readonly stagingPrefix: string;
  readonly ready: string;
  readonly backup: string;
  readonly keptPrefix: string;
}

export function siblings(out: string): Siblings {
  const parent = dirname(out);
  const name = basename(out);
  const base = join(parent, `.${name}.specguard-`);
  return {
    parent,
    staging: `${base}staging-${process.pid}`,
    stagingPrefix: `.${name}.specguard-staging-`,
    ready: `${base}ready`,
    backup: `${base}backup`,
    keptPrefix: `.${name}.specguard-kept-`,
  };
}

export interface TreePlan {
  /** Every folder of the new tree, relative, `/`-separated. */
  readonly folders: readonly string[];
  /** Files (and links) taken over from the old folder unchanged, as hard links. */
  readonly carry: readonly string[];
  /** Files with new bytes. */
  readonly write: readonly { readonly path: string; readonly content: string }[];
}

export interface SwapContext {
  readonly fs: FsLayer;
  readonly faults?: Faults;
  readonly notice?: (message: string) => void;
}

const native = (path: string): string => path.split("/").join(sep);

/** Builds the new tree beside `out` and switches it in. */
export async function swapIn(out: string, plan: TreePlan, context: SwapContext): Promise<void> {
  const { fs, faults } = context;
  const names = siblings(out);
  const staging = names.staging;
  await fs.remove(staging);
  await fs.mkdir(staging);
  const previous = await fs.lstat(out);
  if (previous) await keepOwnerAndMode(fs, staging, previous);
  await faults?.("staging-created");
  const folders = [...plan.folders].sort();
  for (const folder of folders) await fs.mkdir(join(staging, native(folder)));
  await mapLimit(plan.carry, 32, (path) => carry(fs, join(out, native(path)), join(staging, native(path))));
  const half = Math.ceil(plan.write.length / 2);
  const writeAll = (files: TreePlan["write"]) => mapLimit(files, 32, (f) => fs.writeFileDurable(join(staging, native(f.path)), f.content));
  await writeAll(plan.write.slice(0, half));
  await faults?.("staging-partly-written");
  await writeAll(plan.write.slice(half));
  await faults?.("staging-written");
  // Deepest first, so each folder's entries are durable before the folder that names it. A
  // folder the old tree had keeps its owner and permissions (a user's 0700 folder stays private).
  for (const folder of [...folders].reverse()) {
    const old = await fs.lstat(join(out, native(folder)));
    if (old?.isDirectory()) await keepOwnerAndMode(fs, join(staging, native(folder)), old);
    await fs.syncDir(join(staging, native(folder)));
  }
  await fs.syncDir(staging);
  await faults?.("staging-synced");
  await fs.rename(staging, names.ready);
  await fs.syncDir(names.parent);
  await faults?.("staged");
  const hadOld = previous !== undefined;
  if (hadOld) {
    await fs.rename(out, names.backup);
    await faults?.("old-moved-aside");
  }
  await fs.rename(names.ready, out);
  await faults?.("new-in-place");
  await fs.syncDir(names.parent);
  await faults?.("switch-synced");
  if (hadOld) await disposeBackup(out, context);
  await faults?.("backup-removed");
}

/** The new folder takes the old one's owner (where the process may give it) and permissions. */
async function keepOwnerAndMode(fs: FsLayer, folder: string, old: Stats): Promise<void> {
  await fs.chown(folder, old.uid, old.gid).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EPERM") throw error; // not root: the folder stays the runner's
  });
  await fs.chmod(folder, old.mode & 0o7777);
}

/** A hard link where the file system allows one, else a copy (other device, no link support). */
async function carry(fs: FsLayer, from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EXDEV" && code !== "EPERM" && code !== "ENOTSUP" && code !== "EMLINK") throw error;
    await fs.copyFile(from, to);
  }
}

/** Whether an interrupted run left anything beside `out` for `recover` to settle. */
export async function needsRecovery(out: string, fs: FsLayer): Promise<boolean> {
  return (await leftovers(out, fs)).length > 0;
}

async function leftovers(out: string, fs: FsLayer): Promise<string[]> {
  const names = siblings(out);
  const found: string[] = [];
  for (const path of [names.backup, names.ready]) if (await fs.lstat(path)) found.push(path);
  return found.concat(await stagingFolders(out, fs));
}

async function stagingFolders(out: string, fs: FsLayer): Promise<string[]> {
  const names = siblings(out);
  const entries = await fs.readdir(names.parent).catch(() => [] as string[]);
  return entries.filter((e) => e.startsWith(names.stagingPrefix)).map((e) => join(names.parent, e));
}

/**
 * Settles what an interrupted run left: before its commit point the previous folder is put
 * back, after it the new one stays; unfinished trees are removed. Idempotent, so a kill during
 * recovery is settled by the next run the same way.
 */
export async function recover(out: string, context: SwapContext): Promise<void> {
  const { fs, notice } = context;
  const names = siblings(out);
  if (await fs.lstat(names.backup)) {
    if ((await fs.lstat(out)) === undefined) {
      await fs.rename(names.backup, out);
      await fs.syncDir(names.parent);
      notice?.(`restored the previous ${JSON.stringify(out)} from a run that was interrupted while switching folders`);
    } else {
      await disposeBackup(out, context);
      notice?.(`finished removing the previous output of an interrupted run beside ${JSON.stringify(out)}`);
    }
  }
  if (await fs.lstat(names.ready)) {
    await fs.remove(names.ready);
    notice?.(`discarded the unfinished output of an interrupted run beside ${JSON.stringify(out)}`);
  }
  for (const staging of await stagingFolders(out, fs)) {
    await fs.remove(staging);
    notice?.(`removed the temporary folder ${JSON.stringify(staging)} of an interrupted run`);
  }
}

/**
 * Removes the backup of the previous folder — but only the files that are specguard's or that
 * the new folder still holds (same inode). Anything else (saved into `<out>` while the run was
 * building) is moved into the new folder, or, when the new folder has a file at that path, kept
 * in `.<out>.specguard-kept-<pid>` with a notice. Nothing the user wrote is deleted.
 */
async function disposeBackup(out: string, context: SwapContext): Promise<void> {
  const { fs, faults, notice } = context;
  const names = siblings(out);
  const backup = names.backup;
  const entries = (await fs.readdirRecursive(backup)).filter((e) => !e.isDirectory());
  const kept: string[] = [];
  const disposable: string[] = [];
  // Two lstat calls per file, through the promise API one file after the other, took ~0.35 s for
  // ~1,000 files (most of a one-field regeneration's write); the real file system layer does them
  // synchronously now (fs-layer.ts), and mapLimit still overlaps a layer that waits (tests' fault
  // layers). What must move moves afterwards, in path order.
  type Fate = { full: string; rel: string; fate: "dispose" | "move" | "keep" | "gone" };
  // A temp file of specguard 0.1 the write dropped: the same rule as the write's scan (beside a
  // path either manifest records), so a user's file of that name is moved over, never deleted.
  let recorded: Promise<Set<string>> | undefined;
  const ownTemp = async (path: string): Promise<boolean> => {
    if (leftoverTempOf(path) === undefined) return false;
    recorded ??= Promise.all([out, backup].map((root) => manifestPaths(fs, join(root, MANIFEST)))).then((sets) => new Set(sets.flatMap((s) => [...s])));
    const paths = await recorded;
    return isOwnLeftoverTemp(path, (base) => paths.has(base));
  };
  const fates = await mapLimit(entries, 32, async (entry): Promise<Fate> => {
    const full = join(entry.parentPath, entry.name);
    const rel = full.slice(backup.length + 1);
    const [there, here] = await Promise.all([fs.lstat(join(out, rel)), fs.lstat(full)]);
    if (here === undefined) return { full, rel, fate: "gone" };
    if (there !== undefined && there.ino === here.ino && there.dev === here.dev) return { full, rel, fate: "dispose" };
    const path = rel.split(sep).join("/");
    if (here.isFile() && ((await ownTemp(path)) || isGenerated(path, (await fs.readFile(full)).toString("utf8")))) return { full, rel, fate: "dispose" };
    return { full, rel, fate: there === undefined ? "move" : "keep" };
  });
  for (const { full, rel, fate } of fates.sort((a, b) => ordinal(a.rel, b.rel))) {
    if (fate === "dispose") disposable.push(full);
    else if (fate === "move" && (await fs.lstat(join(out, rel))) !== undefined) {
      // Something was saved at that path since it was looked at: never rename over it.
      kept.push(rel);
    } else if (fate === "move") {
      await fs.mkdir(dirname(join(out, rel)));
      await fs.rename(full, join(out, rel));
      notice?.(`kept ${JSON.stringify(join(out, rel))}, which was saved while specguard was writing`);
    } else if (fate === "keep") kept.push(rel);
  }
  await mapLimit(disposable.slice(0, Math.floor(disposable.length / 2)), 32, (f) => fs.remove(f));
  await faults?.("backup-partly-removed");
  if (kept.length > 0) {
    const keep = join(names.parent, `${names.keptPrefix}${process.pid}`);
    await mapLimit(disposable, 32, (f) => fs.remove(f));
    await fs.rename(backup, keep);
    notice?.(`${kept.length} file(s) saved into ${JSON.stringify(out)} during the run collide with new output; kept in ${JSON.stringify(keep)}`);
    return;
  }
  // The rest file by file too (through mapLimit, as above), not by one recursive remove of the folder.
  await mapLimit(disposable.slice(Math.floor(disposable.length / 2)), 32, (f) => fs.remove(f));
  await fs.remove(backup);
}

/** The paths a manifest file records (none when it is absent or not specguard's). */
async function manifestPaths(fs: FsLayer, file: string): Promise<Set<string>> {
  const found = await fs.lstat(file);
  if (!found?.isFile()) return new Set();
  return parseManifest((await fs.readFile(file)).toString("utf8")) ?? new Set();
}
