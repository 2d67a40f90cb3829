/**
 * The file-system operations the write stage uses, behind one interface, so tests can make any
 * of them fail the way a full disk or a read-only folder does (ENOSPC, EACCES) without needing
 * such a disk, and without root privileges getting in the way.
 */
import { linkSync, lstatSync, readFileSync, rmSync, type Dirent, type Stats } from "node:fs";
import * as fsp from "node:fs/promises";

export interface FsLayer {
  mkdir(path: string): Promise<void>;
  /** The names in a folder. */
  readdir(path: string): Promise<string[]>;
  /** Every entry below `path` (recursive), without following symbolic links. */
  readdirRecursive(path: string): Promise<Dirent[]>;
  readFile(path: string): Promise<Buffer>;
  /** Creates `path` (it must not exist), writes `data` and flushes it to the disk. */
  writeFileDurable(path: string, data: string | Buffer): Promise<void>;
  link(existing: string, path: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a whole folder; no error when it is absent. */
  remove(path: string): Promise<void>;
  /** `lstat`, or `undefined` when nothing is there. */
  lstat(path: string): Promise<Stats | undefined>;
  chmod(path: string, mode: number): Promise<void>;
  chown(path: string, uid: number, gid: number): Promise<void>;
  /** Flushes a folder's entries (new names, renames) to the disk. */
  syncDir(path: string): Promise<void>;
  /** Throws EACCES/EROFS when the calling process may not create entries in `path`. */
  checkWritable(path: string): Promise<void>;
}

/**
 * The real file system. Reads, links, lstats and removals, done by the thousand per run on small files, go
 * through the synchronous calls (inside async functions, so failures still reject): through the
 * promise API each cost thread-pool round trips that added up to ~0.2 s of main-thread time
 * per ~1,960-file run.
 */
export const realFs: FsLayer = {
  async mkdir(path) {
    await fsp.mkdir(path, { recursive: true });
  },
  readdir: (path) => fsp.readdir(path),
  readdirRecursive: (path) => fsp.readdir(path, { recursive: true, withFileTypes: true }),
  readFile: async (path) => readFileSync(path),
  async writeFileDurable(path, data) {
    const handle = await fsp.open(path, "wx");
    try {
      await handle.writeFile(data);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  },
  link: async (existing, path) => linkSync(existing, path),
  copyFile: (from, to) => fsp.copyFile(from, to),
  rename: (from, to) => fsp.rename(from, to),
  chmod: (path, mode) => fsp.chmod(path, mode),
  chown: (path, uid, gid) => fsp.chown(path, uid, gid),
  remove: async (path) => rmSync(path, { recursive: true, force: true }),
  async lstat(path) {
    return lstatSync(path, { throwIfNoEntry: false });
  },
  async syncDir(path) {
    const handle = await fsp.open(path, "r");
    try {
      await handle.sync();
    } catch (error) {
      // Some file systems cannot fsync a folder (EINVAL); their renames are as durable as they get.
      if ((error as NodeJS.ErrnoException).code !== "EINVAL") throw error;
    } finally {
      await handle.close();
    }
  },
  checkWritable: (path) => fsp.access(path, fsp.constants.W_OK),
};

/** An errno-style error, as Node's own calls throw them (for fault injection in tests). */
export function errnoError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: ${syscall} '${path}'`) as NodeJS.ErrnoException;
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  return error;
}
