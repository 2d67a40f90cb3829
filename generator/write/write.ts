/**
 * Stage 6, write: bring the output folder in line with the emitted files, whole or nothing.
 *
 * The folder is scanned first; a file that is not specguard's at a path specguard would write
 * stops the run before anything is written (exit 2, named). Then the new tree is built beside
 * the old one and switched in (swap.ts): files whose bytes are unchanged, and every file that is
 * not specguard's, are carried over as hard links; stale generated files (specguard's header
 * *and* recorded in the previous manifest) are left behind. All of it under a lock, after
 * recovering whatever an interrupted run left (output.ts).
 */
import { join, sep } from "node:path";
import type { EmittedFile } from "../emit/index.ts";
import { EnvironmentError } from "../errors.ts";
import { mapLimit } from "../fsx.ts";
import { ordinal } from "../resolve/resolve.ts";
import { realFs, type FsLayer } from "./fs-layer.ts";
import { PROJECT_MARKERS } from "./guard-paths.ts";
import { resolveOut, withOutput, type OutputOptions } from "./output.ts";
import { isGenerated, isOwnLeftoverTemp, leftoverTempOf, MANIFEST, OWN_PACKAGE, parseManifest } from "./owned.ts";
import { swapIn, type Faults } from "./swap.ts";

export interface Changes {
  readonly added: string[];
  readonly changed: string[];
  /** The subset of `changed` that differs only in the header (spec title or version, or the banner itself). */
  readonly headerOnly: string[];
  readonly removed: string[];
  readonly unchanged: number;
}

export interface WriteReport extends Changes {
  /** Exactly the files whose bytes were written (the others kept their inode and mtime). */
  readonly written: string[];
}

/**
 * What a writer that writes the same folder again and again (watch mode) remembers of it, so a
 * rebuild need not read back ~2,000 files it wrote itself: the text it last wrote at each path,
 * and the identity (device, inode, size, modification and change times) of each file it carried
 * over unchanged, taken once the write was done. A file whose identity is unchanged still holds
 * that text and is not read; a file read again whose text is the one written there is
 * specguard's without being parsed (the manifest is a few MB of JSON).
 *
 * Any edit moves the change time, which no user command can set back (`touch -d` restores only
 * the modification time); an edit in place moves the modification time too. An identity is kept
 * only for a file modified more than RACY_MS before it was taken: a later edit within the same
 * tick of a coarse file-system clock (1 s on some ext4 images, 2 s on FAT) could otherwise keep
 * the time. The change time is the writer's own (its hard links move it): an edit within one
 * clock tick after the write finished is the one that could go unseen (git's index has the same
 * rules and the same limit).
 */
export class WriteMemo {
  /** path → the text this writer last wrote (or carried over unchanged) there. */
  readonly texts = new Map<string, string>();
  /** path → the identity its file had once the last write was done, when it held `texts`' entry then. */
  readonly seen = new Map<string, FileIdentity>();
}

interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

/** A file modified less than this long before its identity is taken may be edited again within the same clock tick (FAT's is 2 s). */
const RACY_MS = 2000;

const identityOf = (st: import("node:fs").Stats): FileIdentity => ({ dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });
const sameIdentity = (a: FileIdentity, b: FileIdentity): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
/** The same file, not modified: everything but the change time, which the write's own links move. */
const sameContentIdentity = (a: FileIdentity, b: FileIdentity): boolean => a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

/** What is in the output folder now, as far as the write stage cares. */
interface Scan {
  /** specguard's files at paths this run produces: path → content. */
  readonly ours: Map<string, string>;
  /** specguard's files this run no longer produces, recorded by the previous manifest. */
  readonly stale: string[];
  /** Everything else that is not a folder: carried over untouched. */
  readonly foreign: string[];
  readonly folders: string[];
  /** Non-specguard entries at paths this run would write (or folders where it writes files). */
  readonly inTheWay: string[];
  /** What each of those is, for the message: a folder, a link or special file, a file of another kind. */
  readonly kinds?: ReadonlyMap<string, string>;
  /** Temporary files a killed specguard 0.1 left beside its own files (isOwnLeftoverTemp): not carried over. */
  readonly dropped: string[];
  /** Entries that mark a project (package.json, .git, a specguard config) anywhere inside. */
  readonly projects: string[];
  /** With a memo: each file's identity as found before it was read (or known unread). */
  readonly identities?: ReadonlyMap<string, FileIdentity>;
}


/**
 * `readProduced` false (the fast path, which has hashed those files already): the files at
 * produced paths are not read, so `ours` stays empty; everything else is judged as for a write.
 */
async function scan(out: string, produced: ReadonlySet<string>, fs: FsLayer, readProduced = true, memo?: WriteMemo): Promise<Scan> {
  const ours = new Map<string, string>();
  const extra = new Map<string, string>();
  const foreign: string[] = [];
  const folders: string[] = [];
  const inTheWay: string[] = [];
  const kinds = new Map<string, string>();
  const dropped: string[] = [];
  const projects: string[] = [];
  const temps: string[] = [];
  const producedFolders = new Set<string>();
  for (const path of produced) for (let i = path.indexOf("/"); i > 0; i = path.indexOf("/", i + 1)) producedFolders.add(path.slice(0, i));
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdirRecursive(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") entries = [];
    else throw error;
  }
  const files: { path: string; full: string }[] = [];
  for (const entry of entries) {
    const full = join(entry.parentPath, entry.name);
    const path = full.slice(out.length + 1).split(sep).join("/");
    // The folder's own package.json (js mode) is judged by its content below, like a manifest.
    const ownPackage = path === OWN_PACKAGE && entry.isFile();
    if (PROJECT_MARKERS.has(entry.name) && !ownPackage) projects.push(path);
    if (entry.isDirectory()) {
      folders.push(path);
      if (produced.has(path)) {
        inTheWay.push(path);
        kinds.set(path, "a folder");
      }
    } else if (produced.has(path) || producedFolders.has(path)) {
      if (!entry.isFile() || producedFolders.has(path)) {
        inTheWay.push(path);
        kinds.set(path, producedFolders.has(path) ? "a file where specguard writes a folder" : entry.isSymbolicLink() ? "a symbolic link" : "not a regular file");
      } else if (readProduced) files.push({ path, full });
    } else if (entry.isFile() && leftoverTempOf(path) !== undefined) temps.push(path);
    else if (entry.isFile() && (path.endsWith(".ts") || path.endsWith(".js") || path === MANIFEST || ownPackage)) files.push({ path, full });
    else foreign.push(path);
  }
  if (projects.length > 0) return { ours: new Map(), stale: [], foreign, folders, inTheWay, dropped, projects: projects.sort(ordinal) };
  // Texts known to be the ones this writer wrote (memo): specguard's without a look inside.
  const known = new Set<number>();
  const identities = new Map<string, FileIdentity>();
  const contents = await mapLimit(files, 64, async ({ path, full }, k) => {
    if (memo === undefined) return (await fs.readFile(full)).toString("utf8");
    // The identity before the read: an edit after it shows as another identity at the next look.
    const before = await fs.lstat(full);
    if (before !== undefined) identities.set(path, identityOf(before));
    const remembered = memo.texts.get(path);
    const seen = memo.seen.get(path);
    if (remembered !== undefined && before !== undefined && seen !== undefined && sameIdentity(identityOf(before), seen)) {
      known.add(k);
      return remembered;
    }
    const content = (await fs.readFile(full)).toString("utf8");
    if (content === remembered) known.add(k);
    return content;
  });
  // A package.json at the top that is not specguard's marks a project, as anywhere else.
  const packageAt = files.findIndex((f) => f.path === OWN_PACKAGE);
  if (packageAt >= 0 && !known.has(packageAt) && !isGenerated(OWN_PACKAGE, contents[packageAt]!)) {
    return { ours: new Map(), stale: [], foreign, folders, inTheWay, dropped, projects: [OWN_PACKAGE] };
  }
  files.forEach(({ path }, k) => {
    const content = contents[k]!;
    const generated = known.has(k) || isGenerated(path, content);
    if (produced.has(path)) {
      if (generated) ours.set(path, content);
      else inTheWay.push(path);
    } else if (generated) extra.set(path, content);
    else foreign.push(path);
  });
  // The previous manifest (a few MB of JSON) is parsed only when there is something to judge.
  const judge = extra.size > 0 || temps.length > 0;
  const manifest = !judge ? undefined : (ours.get(MANIFEST) ?? extra.get(MANIFEST) ?? (readProduced ? undefined : await readManifest(out, fs)));
  const recorded = manifest === undefined ? new Set<string>() : (parseManifest(manifest) ?? new Set<string>());
  const stale: string[] = [];
  for (const path of extra.keys()) (recorded.has(path) ? stale : foreign).push(path);
  // A temp name beside none of specguard's paths is the user's file: carried over like any other.
  for (const path of temps) (isOwnLeftoverTemp(path, (base) => produced.has(base) || recorded.has(base)) ? dropped : foreign).push(path);
  return { ours, stale: stale.sort(ordinal), foreign: foreign.sort(ordinal), folders, inTheWay: inTheWay.sort(ordinal), kinds, dropped, projects: projects.sort(ordinal), identities };
}

async function readManifest(out: string, fs: FsLayer): Promise<string | undefined> {
  const file = join(out, MANIFEST);
  return (await fs.lstat(file))?.isFile() ? (await fs.readFile(file)).toString("utf8") : undefined;
}

/**
 * What a write of exactly `produced` would do to `out` besides writing those files: the stale
 * generated files it would remove, the old temporaries it would drop, the files in the way or
 * the project it would refuse over. The fast path's "up to date" needs this empty, or a cached
 * run would keep what an uncached one removes. One scan of the folder; the produced files are
 * not read (the caller has hashed them).
 */
export async function outputLeftovers(given: string, produced: ReadonlySet<string>, fs: FsLayer = realFs): Promise<string[]> {
  const found = await scan(await resolveOut(given), produced, fs, false);
  return [...found.stale, ...found.dropped, ...found.inTheWay, ...found.projects];
}

function changesOf(found: Scan, files: readonly EmittedFile[]): Changes {
  const added: string[] = [];
  const changed: string[] = [];
  const headerOnly: string[] = [];
  let unchanged = 0;
  for (const file of files) {
    const current = found.ours.get(file.path);
    if (current === undefined) added.push(file.path);
    else if (current !== file.content) {
      changed.push(file.path);
      if (withoutHeader(current) === withoutHeader(file.content)) headerOnly.push(file.path);
    } else unchanged++;
  }
  // A killed old run's temporary file goes too: a change `--check` must see, and the summary name.
  return { added, changed, headerOnly, removed: [...found.stale, ...found.dropped].sort(ordinal), unchanged };
}

/**
 * Why a write over `found` must not start: a project inside the folder, or files that are not
 * specguard's where it would write. `--check` gives the same answer as the write it stands for.
 */
function refusal(found: Scan, given: string, out: string): EnvironmentError | undefined {
  if (found.projects.length > 0) {
    return new EnvironmentError(
      "out-refused",
      `refusing to write the output folder ${JSON.stringify(given)}: it holds a project (${JSON.stringify(join(out, found.projects[0]!))}); choose a folder of its own`,
      given,
    );
  }
  if (found.inTheWay.length > 0) {
    const shown = found.inTheWay.slice(0, 5).map((p) => JSON.stringify(join(out, p))).join(", ");
    const more = found.inTheWay.length > 5 ? ` and ${found.inTheWay.length - 5} more` : "";
    // A damaged manifest.json has no header to show whose it is: it may as well be the user's.
    // Each blocking entry's reason, said once per kind in the order they first occur.
    const reasons = [...new Set(found.inTheWay.map((p) => found.kinds?.get(p) ?? (p === MANIFEST ? "not a manifest specguard wrote" : "no specguard header")))];
    const why = reasons.join(", or ");
    return new EnvironmentError(
      "out-in-the-way",
      `${shown}${more} ${found.inTheWay.length === 1 ? "is" : "are"} not specguard's (${why}) but specguard would write there; move ${found.inTheWay.length === 1 ? "it" : "them"} away or choose another --out`,
      join(out, found.inTheWay[0]!),
    );
  }
  return undefined;
}

/**
 * Compares the emitted files with the folder's content (read only; no lock, no recovery).
 * Throws what a write would (`out-refused`, `out-in-the-way`): a user's file where specguard
 * would write is not an "added" file, it is a run that would fail.
 */
export async function diffOutput(given: string, files: readonly EmittedFile[], fs: FsLayer = realFs): Promise<Changes> {
  const out = await resolveOut(given);
  const found = await scan(out, new Set(files.map((f) => f.path)), fs);
  const refused = refusal(found, given, out);
  if (refused) throw refused;
  return changesOf(found, files);
}

/** The text after the leading block of `//` comment lines. */
function withoutHeader(content: string): string {
  const match = /^(?:\/\/[^\n]*\n)+/.exec(content);
  return match ? content.slice(match[0].length) : content;
}

export interface WriteOptions extends OutputOptions {
  /** Kept by a caller that writes the same folder again (watch mode): see WriteMemo. */
  readonly memo?: WriteMemo;
  /** Test hook: called at each step of the switch (see swap.ts). */
  readonly faults?: Faults;
  /** The caller already holds the output folder (`withOutput`): no second lock. */
  readonly held?: boolean;
  /**
   * Told what changed as soon as the new folder is in place, before the old one is removed
   * (watch mode reports then); not called when nothing had to be written.
   */
  readonly onSwitched?: (changes: Changes) => void;
}

/**
 * Writes `files` as the complete content of `out` (besides files that are not specguard's,
 * which stay). Throws `out-in-the-way` naming the blocking files before writing anything.
 */
export async function writeOutput(given: string, files: readonly EmittedFile[], options: WriteOptions = {}): Promise<WriteReport> {
  if (!options.held) return withOutput(given, "write", options, () => writeOutput(given, files, { ...options, held: true }));
  const fs = options.fs ?? realFs;
  const out = await resolveOut(given);
  const memo = options.memo;
  let found: Scan;
  try {
    found = await scan(out, new Set(files.map((f) => f.path)), fs, true, memo);
  } catch (error) {
    forget(memo);
    throw error;
  }
  const refused = refusal(found, given, out);
  if (refused) {
    forget(memo);
    throw refused;
  }
  const changes = changesOf(found, files);
  const write = files.filter((f) => found.ours.get(f.path) !== f.content);
  // Remembered from here on: the texts the folder holds once this write is done (identities are
  // taken once it is done, below); a failed write forgets all.
  if (memo) {
    memo.texts.clear();
    memo.seen.clear();
    for (const file of files) memo.texts.set(file.path, file.content);
  }
  if (write.length === 0 && found.stale.length === 0 && found.dropped.length === 0) {
    if (memo) await remember(memo, out, fs, found, files, false);
    return { ...changes, written: [] };
  }
  const folders = new Set(found.folders);
  for (const file of files) for (let i = file.path.indexOf("/"); i > 0; i = file.path.indexOf("/", i + 1)) folders.add(file.path.slice(0, i));
  const carry = [...files.filter((f) => found.ours.get(f.path) === f.content).map((f) => f.path), ...found.foreign];
  const onSwitched = options.onSwitched;
  try {
    await swapIn(out, { folders: [...folders], carry, write, foreign: found.foreign, texts: found.ours }, {
      fs,
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.notice ? { notice: options.notice } : {}),
      ...(onSwitched ? { onSwitched: () => onSwitched(changes) } : {}),
      ours: found.ours,
    });
  } catch (error) {
    forget(memo);
    throw error;
  }
  if (memo) await remember(memo, out, fs, found, files, true);
  return { ...changes, written: write.map((f) => f.path) };
}

/**
 * Takes the identities of the files the write carried over unchanged (written ones are read at
 * the next look, then kept): only a file that is still the one the scan found (same inode, size
 * and modification time) and was modified long enough ago (RACY_MS). After a switch the change
 * time is the one the write's own links gave it, and an edit may have landed since the scan (an
 * edit during the run that set the modification time back): the file is read again, after an
 * lstat, and kept only if it holds specguard's text and a second lstat finds it untouched. That
 * read happens after the report, off the rebuild's path. With nothing written, the scan's look stands.
 */
async function remember(memo: WriteMemo, out: string, fs: FsLayer, found: Scan, files: readonly EmittedFile[], switched: boolean): Promise<void> {
  const carried = files.filter((f) => found.ours.get(f.path) === f.content);
  const taken = await mapLimit(carried, 64, async ({ path, content }) => {
    const before = found.identities?.get(path);
    if (before === undefined || before.mtimeMs >= Date.now() - RACY_MS) return undefined;
    if (!switched) return before;
    const full = join(out, ...path.split("/"));
    const first = await fs.lstat(full);
    if (first === undefined || !sameContentIdentity(identityOf(first), before)) return undefined;
    const text = await fs.readFile(full).then((b) => b.toString("utf8"), () => undefined);
    const second = await fs.lstat(full);
    return text === content && second !== undefined && sameIdentity(identityOf(first), identityOf(second)) ? identityOf(second) : undefined;
  });
  carried.forEach(({ path }, k) => {
    const identity = taken[k];
    if (identity !== undefined) memo.seen.set(path, identity);
  });
}

/** After a failed or refused write nothing is known of the folder: the next write reads it all. */
function forget(memo: WriteMemo | undefined): void {
  memo?.texts.clear();
  memo?.seen.clear();
}
