/**
 * Whole or nothing: the new output folder is built complete beside the old one and switched in
 * with two renames, so a reader of `<out>` sees the previous output or the new one, never a mix.
 *
 *   0. refuse, before anything is built, an old folder the process could not empty afterwards
 *      (not writable, and not the runner's to make writable: `refuseFoldersItCannotEmpty`);
 *   1. build `.<out>.specguard-staging-<pid>`: unchanged and foreign files are hard links to
 *      the old ones (same inode, same mtime), new bytes are written and fsynced. A file that is
 *      not specguard's and cannot be hard-linked (not the runner's under Linux's
 *      protected_hardlinks, another file system) stops the run here: it is never replaced by a
 *      copy. Only specguard's own unchanged files fall back to a (durable) copy;
 *   2. fsync its folders, rename it to `.<out>.specguard-ready` (now known complete);
 *   3. rename `<out>` → `.<out>.specguard-backup`, then `.<out>.specguard-ready` → `<out>`
 *      — this second rename is the commit point;
 *   4. remove the backup, after checking that every file in it is either specguard's or is
 *      still in the new folder (a file someone saved into `<out>` during the run is moved over).
 *      A read-only folder in it (a user's `chmod 555`) is given u+rwx before entries are removed
 *      from it; a backup that still cannot be removed is moved aside with a notice
 *      (`settleBackup`): failing to remove it neither fails the committed run nor blocks the next.
 *
 * `recover` runs before anything else in every run (under the lock) and finishes or undoes an
 * interrupted sequence: before the commit point the old folder comes back, after it the new one
 * stays. Between the two renames of step 3 `<out>` is briefly absent; a kill exactly there leaves
 * it absent until the next run, which puts the old folder back.
 */
import { basename, dirname, join, sep } from "node:path";
import type { Stats } from "node:fs";
import { EnvironmentError, environmentError } from "../errors.ts";
import type { FsLayer } from "./fs-layer.ts";
import { isGenerated, isOwnLeftoverTemp, leftoverTempOf, MANIFEST, parseManifest } from "./owned.ts";
import { mapLimit, type Notice } from "../fsx.ts";
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
  /**
   * Of those, the ones that are not specguard's (the user's files): one the user replaces or
   * deletes while the run builds is replaced or deleted in the new folder too (disposeBackup).
   */
  readonly foreign?: readonly string[];
  /** Files with new bytes. */
  readonly write: readonly { readonly path: string; readonly content: string }[];
  /**
   * The text of each of specguard's carried files: one deleted while the run builds is written
   * from it instead (a user's carried file deleted meanwhile is simply not carried).
   */
  readonly texts?: ReadonlyMap<string, string>;
}

export interface SwapContext {
  readonly fs: FsLayer;
  readonly faults?: Faults;
  readonly notice?: Notice;
  /** Called once the new tree is in place and durable, before the old one is removed. */
  readonly onSwitched?: () => void;
  /**
   * The old folder's files the write's scan found to be specguard's, with the text it read
   * (path → text): a file of the old folder that still holds that text is disposed of without
   * being parsed again (the manifest is a few MB of JSON).
   */
  readonly ours?: ReadonlyMap<string, string>;
}

const native = (path: string): string => path.split("/").join(sep);

/** Builds the new tree beside `out` and switches it in. */
export async function swapIn(out: string, plan: TreePlan, context: SwapContext): Promise<void> {
  const { fs, faults } = context;
  const names = siblings(out);
  const staging = names.staging;
  const previous = await fs.lstat(out);
  if (previous) await refuseFoldersItCannotEmpty(out, plan.folders, fs);
  await removeTree(fs, staging);
  await fs.mkdir(staging);
  if (previous) await keepOwnerAndMode(fs, staging, previous);
  await faults?.("staging-created");
  const folders = [...plan.folders].sort();
  for (const folder of folders) await fs.mkdir(join(staging, native(folder)));
  const own = ownFiles(out, plan, fs);
  const foreign = new Set(plan.foreign ?? []);
  const gone = (path: string): Gone | undefined => {
    const text = plan.texts?.get(path);
    return text !== undefined ? { text } : foreign.has(path) ? "skip" : undefined;
  };
  const refused = (await mapLimit(plan.carry, 32, (path) => carry(fs, path, join(out, native(path)), join(staging, native(path)), own, gone))).filter((r) => r !== undefined);
  if (refused.length > 0) throw carryRefusal(refused);
  // Which file each of the user's paths was carried as: the one a save during the run replaces.
  const carried = new Map<string, FileId>();
  for (const path of plan.foreign ?? []) {
    const st = await fs.lstat(join(staging, native(path)));
    if (st) carried.set(native(path), { ino: st.ino, dev: st.dev });
  }
  const half = Math.ceil(plan.write.length / 2);
  const writeAll = (files: TreePlan["write"]) => mapLimit(files, 32, (f) => fs.writeFileDurable(join(staging, native(f.path)), f.content));
  await writeAll(plan.write.slice(0, half));
  await faults?.("staging-partly-written");
  await writeAll(plan.write.slice(half));
  await faults?.("staging-written");
  // Deepest first, so each folder's entries are durable before the folder that names it. A
  // folder the old tree had keeps its owner and permissions (a user's 0700 folder stays private,
  // a folder made read-only to protect generated code stays read-only: the next run builds a new
  // tree again, and empties the old one's read-only folders by making them writable first).
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
  context.onSwitched?.();
  if (hadOld) await settleBackup(out, context, carried);
  await faults?.("backup-removed");
}

/** A file's identity: what a hard link shares and a save by rename does not. */
interface FileId {
  readonly ino: number;
  readonly dev: number;
}

/** The new folder takes the old one's owner (where the process may give it) and permissions. */
async function keepOwnerAndMode(fs: FsLayer, folder: string, old: Stats): Promise<void> {
  await fs.chown(folder, old.uid, old.gid).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EPERM") throw error; // not root: the folder stays the runner's
  });
  await fs.chmod(folder, old.mode & 0o7777);
}

const errnoOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

/** A refusal for want of permission (as opposed to a full disk, an I/O error, …). */
const PERMISSION = new Set(["EACCES", "EPERM"]);

/** What `link` answers when it will not hard-link a file (rather than failing to write). */
const LINK_REFUSED = new Set(["EPERM", "EACCES", "EXDEV", "ENOTSUP", "EOPNOTSUPP", "EMLINK"]);

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  EPERM: "operation not permitted",
  EACCES: "permission denied",
  EROFS: "read-only file system",
  EXDEV: "crosses file systems",
  ENOTSUP: "hard links not supported",
  EOPNOTSUPP: "hard links not supported",
  EMLINK: "too many links",
};

/**
 * Refuses, before anything is built, an old folder whose entries the process could not remove
 * once the new folder is in place: it is not writable, and it is not the runner's (so it cannot
 * be made writable: only a folder's owner may chmod it). The runner's own read-only folders pass:
 * their copy in the backup is given u+rwx when it is emptied. Root passes (`checkWritable`).
 */
async function refuseFoldersItCannotEmpty(out: string, folders: readonly string[], fs: FsLayer): Promise<void> {
  const uid = process.getuid?.();
  for (const folder of [...folders].sort(ordinal)) {
    const path = join(out, native(folder));
    const found = await fs.lstat(path);
    if (!found?.isDirectory() || found.uid === uid) continue;
    try {
      await fs.checkWritable(path);
    } catch (error) {
      const code = errnoOf(error) ?? "";
      if (!PERMISSION.has(code) && code !== "EROFS") throw error;
      if ((await fs.readdir(path)).length === 0) continue; // an empty folder goes with its parent
      throw new EnvironmentError(
        "io-error",
        `cannot replace the folder ${JSON.stringify(path)}: it is not writable and not yours to make writable (${ERRNO_TEXT[code]} (${code})), so its old entries could not be removed after the switch; give the runner write access to it, move it out of the output folder, or run as its owner`,
        path,
      );
    }
  }
}

/**
 * Whether a carried path is one of specguard's own unchanged files (not a user's): a path the
 * new manifest records, holding a file with specguard's header (`isGenerated`). Asked only when
 * a hard link fails, so the manifest is read at most once, and only then.
 */
type OwnFiles = (path: string, full: string) => Promise<Buffer | undefined>;

function ownFiles(out: string, plan: TreePlan, fs: FsLayer): OwnFiles {
  let produced: Promise<Set<string>> | undefined;
  return async (path, full) => {
    produced ??= (async () => {
      const written = plan.write.find((f) => f.path === MANIFEST);
      if (written) return parseManifest(written.content) ?? new Set<string>();
      return manifestPaths(fs, join(out, MANIFEST));
    })();
    if (!(await produced).has(path)) return undefined;
    const bytes = await fs.readFile(full).catch(() => undefined);
    return bytes !== undefined && isGenerated(path, bytes.toString("utf8")) ? bytes : undefined;
  };
}

interface Refused {
  readonly path: string;
  readonly code: string;
}

/** What to do about a carried file deleted since the scan: write specguard's known text, or skip the user's. */
type Gone = { readonly text: string } | "skip";

/**
 * A hard link to the old file. When the file system will not make one (not the runner's file
 * under Linux's protected_hardlinks, another device, no link support), specguard's own unchanged
 * files are copied — durably, like new bytes; they are its to rewrite — and any other file is
 * refused (returned): a copy would replace the user's file by one with another inode and owner.
 */
async function carry(fs: FsLayer, path: string, from: string, to: string, own: OwnFiles, gone: (path: string) => Gone | undefined): Promise<Refused | undefined> {
  try {
    await fs.link(from, to);
    return undefined;
  } catch (error) {
    const code = errnoOf(error);
    // Deleted since the scan: specguard's own file is written from its known text; the user's is
    // not carried (they deleted it). Anything else missing is a failure like any other.
    const instead = code === "ENOENT" ? gone(path) : undefined;
    if (instead === "skip") return undefined;
    if (instead !== undefined) {
      await fs.writeFileDurable(to, instead.text);
      return undefined;
    }
    if (code === undefined || !LINK_REFUSED.has(code)) throw error;
    const bytes = await own(path, from);
    if (bytes === undefined) return { path: from, code };
    await fs.writeFileDurable(to, bytes);
    return undefined;
  }
}

/** The run stops before anything is switched in, naming the first file it may not carry over. */
function carryRefusal(refused: readonly Refused[]): EnvironmentError {
  const sorted = [...refused].sort((a, b) => ordinal(a.path, b.path));
  const { path, code } = sorted[0]!;
  const more = sorted.length > 1 ? ` (and ${sorted.length - 1} more)` : "";
  const why = PERMISSION.has(code)
    ? `not yours to hard-link (${ERRNO_TEXT[code]} (${code})); move it out of the output folder or run as its owner`
    : `it cannot be hard-linked there (${ERRNO_TEXT[code]} (${code})), and specguard never replaces a file that is not its own by a copy; move it out of the output folder`;
  return new EnvironmentError("io-error", `cannot carry over ${JSON.stringify(path)}${more}: ${why}`, path);
}

/** Gives a folder u+rwx when it lacks any of them, so its entries can be removed (only its owner, or root, may). */
async function makeWritable(fs: FsLayer, folder: string): Promise<void> {
  const found = await fs.lstat(folder);
  if (found?.isDirectory() && (found.mode & 0o700) !== 0o700) await fs.chmod(folder, (found.mode & 0o7777) | 0o700);
}

/**
 * Runs `change` (a removal or rename of an entry of `folder`); when it is refused for want of
 * permission, makes `folder` writable and runs it once more. The first refusal is what is
 * thrown when the folder cannot be made writable (not the runner's).
 */
async function inWritable<T>(fs: FsLayer, folder: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!PERMISSION.has(errnoOf(error) ?? "")) throw error;
    await makeWritable(fs, folder).catch(() => {
      throw error;
    });
    return await change();
  }
}

/** Removes a whole tree of specguard's (staging, ready, an emptied backup), read-only folders included. */
async function removeTree(fs: FsLayer, root: string): Promise<void> {
  try {
    await fs.remove(root);
  } catch (error) {
    if (!PERMISSION.has(errnoOf(error) ?? "")) throw error;
    await makeTreeWritable(fs, root).catch(() => {
      throw error;
    });
    await fs.remove(root);
  }
}

/** Top down, so a folder is searchable and writable before its subfolders are looked at. */
async function makeTreeWritable(fs: FsLayer, folder: string): Promise<void> {
  await makeWritable(fs, folder);
  for (const name of await fs.readdir(folder)) {
    const path = join(folder, name);
    if ((await fs.lstat(path))?.isDirectory()) await makeTreeWritable(fs, path);
  }
}

/** A free `.<out>.specguard-kept-<pid>` name beside `out` (`-2`, `-3`, … when taken). */
async function keptName(out: string, fs: FsLayer): Promise<string> {
  const names = siblings(out);
  const base = join(names.parent, `${names.keptPrefix}${process.pid}`);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if ((await fs.lstat(candidate)) === undefined) return candidate;
  }
}

/**
 * Disposes of the backup once the new folder is in place (after the commit point). When that
 * fails — a folder it may not empty, an I/O error — the new output stands all the same, so the
 * run does not fail: the backup is moved aside into `.<out>.specguard-kept-<pid>` with a notice
 * naming it and why. Left where it was, it would stop every later run (the next switch renames
 * `<out>` onto that name). Nothing in it is deleted that `disposeBackup` would not delete.
 */
async function settleBackup(out: string, context: SwapContext, carried: ReadonlyMap<string, FileId> = new Map()): Promise<"removed" | "kept"> {
  const { fs, notice } = context;
  const names = siblings(out);
  try {
    await disposeBackup(out, context, carried);
    return "removed";
  } catch (error) {
    if (error instanceof SimulatedKill) throw error;
    const why = environmentError(error, "remove", names.backup);
    if (why === undefined) throw error; // not the file system's doing: a bug
    if ((await fs.lstat(names.backup)) === undefined) return "removed"; // gone all the same
    const reason = why.message.replace(/^io-error: /, "");
    const keep = await keptName(out, fs);
    try {
      await fs.rename(names.backup, keep);
      await fs.syncDir(names.parent);
    } catch {
      throw new EnvironmentError(
        "io-error",
        `the previous output ${JSON.stringify(names.backup)} could not be removed (${reason}) nor moved aside; remove it by hand (the output folder ${JSON.stringify(out)} is complete)`,
        names.backup,
      );
    }
    notice?.(`could not remove the previous output of ${JSON.stringify(out)} (${reason}); it is kept in ${JSON.stringify(keep)} — the new output is complete; remove that folder when you no longer need it`, { loud: true });
    return "kept";
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
export async function recover(out: string, context: SwapContext, options: { readonly afterFailure?: boolean } = {}): Promise<void> {
  const { fs } = context;
  // After this run's own failure the error says what happened: no notices about "an interrupted
  // run" for its own staging folder (the backup's own notices, of files kept, still come).
  const notice = options.afterFailure ? undefined : context.notice;
  const names = siblings(out);
  if (await fs.lstat(names.backup)) {
    if ((await fs.lstat(out)) === undefined) {
      await fs.rename(names.backup, out);
      await fs.syncDir(names.parent);
      notice?.(`restored the previous ${JSON.stringify(out)} from a run that was interrupted while switching folders`);
    } else if ((await settleBackup(out, context)) === "removed") {
      notice?.(`finished removing the previous output of an interrupted run beside ${JSON.stringify(out)}`);
    }
  }
  if (await fs.lstat(names.ready)) {
    await removeTree(fs, names.ready);
    notice?.(`discarded the unfinished output of an interrupted run beside ${JSON.stringify(out)}`);
  }
  for (const staging of await stagingFolders(out, fs)) {
    await removeTree(fs, staging);
    notice?.(`removed the temporary folder ${JSON.stringify(staging)} of an interrupted run`);
  }
}

/**
 * Removes the backup of the previous folder — but only the files that are specguard's or that
 * the new folder still holds (same inode). Anything else (saved into `<out>` while the run was
 * building) is moved into the new folder; where the new folder has a file at that path, the
 * saved file replaces it when that file is the user's own earlier version the run carried over
 * (`carried`: the user's path → the file it was carried as), and is kept in
 * `.<out>.specguard-kept-<pid>` with a notice otherwise (it collides with generated output). A
 * user's file the run carried over and the user deleted meanwhile is deleted from the new folder
 * too. Nothing the user wrote is deleted. A read-only folder of the backup is made writable
 * before entries are removed from it (`inWritable`).
 */
async function disposeBackup(out: string, context: SwapContext, carried: ReadonlyMap<string, FileId> = new Map()): Promise<void> {
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
  type Fate = { full: string; rel: string; fate: "dispose" | "move" | "replace" | "keep" | "gone" };
  const same = (a: FileId | undefined, b: FileId | undefined): boolean => a !== undefined && b !== undefined && a.ino === b.ino && a.dev === b.dev;
  // A temp file of specguard 0.1 the write dropped: the same rule as the write's scan (beside a
  // path either manifest records), so a user's file of that name is moved over, never deleted.
  let recorded: Promise<Set<string>> | undefined;
  const ownTemp = async (path: string): Promise<boolean> => {
    if (leftoverTempOf(path) === undefined) return false;
    recorded ??= Promise.all([out, backup].map((root) => manifestPaths(fs, join(root, MANIFEST)))).then((sets) => new Set(sets.flatMap((s) => [...s])));
    const paths = await recorded;
    return isOwnLeftoverTemp(path, (base) => paths.has(base));
  };
  const ownText = (path: string, text: string): boolean => context.ours?.get(path) === text || isGenerated(path, text);
  const fates = await mapLimit(entries, 32, async (entry): Promise<Fate> => {
    const full = join(entry.parentPath, entry.name);
    const rel = full.slice(backup.length + 1);
    const [there, here] = await Promise.all([fs.lstat(join(out, rel)), fs.lstat(full)]);
    if (here === undefined) return { full, rel, fate: "gone" };
    if (same(there, here)) return { full, rel, fate: "dispose" };
    // The new folder holds the user's earlier version of a file they saved again meanwhile.
    if (same(there, carried.get(rel))) return { full, rel, fate: "replace" };
    const path = rel.split(sep).join("/");
    if (here.isFile() && ((await ownTemp(path)) || ownText(path, (await fs.readFile(full)).toString("utf8")))) return { full, rel, fate: "dispose" };
    return { full, rel, fate: there === undefined ? "move" : "keep" };
  });
  // A user's file the run carried over and the user deleted meanwhile: deleted in the new folder
  // too, unless something else has been saved there since the switch.
  const inBackup = new Set(fates.map((f) => f.rel));
  for (const [rel, id] of [...carried].sort(([a], [b]) => ordinal(a, b))) {
    if (inBackup.has(rel)) continue;
    const target = join(out, rel);
    if (!same(await fs.lstat(target), id)) continue;
    try {
      await fs.remove(target);
    } catch (error) {
      // A read-only folder of the user's: their mode stays, and so does the file; they are told.
      if (!PERMISSION.has(errnoOf(error) ?? "")) throw error;
      notice?.(`${JSON.stringify(target)} was deleted while specguard was writing, but the new output could not delete it too (${errnoOf(error)}); delete it by hand`, { loud: true });
    }
  }
  for (const { full, rel, fate } of fates.sort((a, b) => ordinal(a.rel, b.rel))) {
    if (fate === "dispose") disposable.push(full);
    else if (fate === "replace") {
      // Still the carried file there (nothing saved since the switch): the newer one replaces it.
      if (!same(await fs.lstat(join(out, rel)), carried.get(rel))) {
        kept.push(rel);
        continue;
      }
      try {
        await inWritable(fs, dirname(full), () => fs.rename(full, join(out, rel)));
      } catch (error) {
        // The new folder is read-only there (its mode is kept): the newer file stays in the kept folder.
        if (!PERMISSION.has(errnoOf(error) ?? "")) throw error;
        kept.push(rel);
      }
    } else if (fate === "move" && (await fs.lstat(join(out, rel))) !== undefined) {
      // Something was saved at that path since it was looked at: never rename over it.
      kept.push(rel);
    } else if (fate === "move") {
      try {
        await fs.mkdir(dirname(join(out, rel)));
        await inWritable(fs, dirname(full), () => fs.rename(full, join(out, rel)));
      } catch (error) {
        // The new folder is read-only there (its mode is kept): the file stays in the kept folder.
        if (!PERMISSION.has(errnoOf(error) ?? "")) throw error;
        kept.push(rel);
        continue;
      }
      notice?.(`kept ${JSON.stringify(join(out, rel))}, which was saved while specguard was writing`);
    } else if (fate === "keep") kept.push(rel);
  }
  const remove = (f: string): Promise<void> => inWritable(fs, dirname(f), () => fs.remove(f));
  await mapLimit(disposable.slice(0, Math.floor(disposable.length / 2)), 32, remove);
  await faults?.("backup-partly-removed");
  if (kept.length > 0) {
    const keep = await keptName(out, fs);
    await mapLimit(disposable, 32, remove);
    await fs.rename(backup, keep);
    notice?.(`${kept.length} file(s) saved into ${JSON.stringify(out)} during the run collide with new output; kept in ${JSON.stringify(keep)}`, { loud: true });
    return;
  }
  // The rest file by file too (through mapLimit, as above), not by one recursive remove of the folder.
  await mapLimit(disposable.slice(Math.floor(disposable.length / 2)), 32, remove);
  await removeTree(fs, backup);
}

/** The paths a manifest file records (none when it is absent or not specguard's). */
async function manifestPaths(fs: FsLayer, file: string): Promise<Set<string>> {
  const found = await fs.lstat(file);
  if (!found?.isFile()) return new Set();
  return parseManifest((await fs.readFile(file)).toString("utf8")) ?? new Set();
}
