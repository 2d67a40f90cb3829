/**
 * The output folder's promises under permissions a non-root runner meets (README "Guarantees"):
 * a user's file that cannot be hard-linked (Linux's protected_hardlinks, another file system) is
 * never replaced by a copy — the run is refused before anything is switched in — and read-only
 * folders inside the output folder (a user's `chmod 555`, generated folders protected with
 * `chmod a-w`) neither fail the run after its switch nor any run after it. The suite runs as root
 * in CI, which ignores permissions: the refusals are simulated through the file-system layer
 * (test/support/safety.ts › `unlinkable`, `asUnprivileged`), on a real folder with real modes.
 */
import { chmod, lstat, mkdir, readdir, rename, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join, sep } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { EnvironmentError } from "../generator/errors.ts";
import { generate, type EmittedFile } from "../generator/index.ts";
import { errnoError, realFs, type FsLayer } from "../generator/write/fs-layer.ts";
import { lockFile } from "../generator/write/lock.ts";
import { withOutput } from "../generator/write/output.ts";
import { SimulatedKill, type WriteStep } from "../generator/write/swap.ts";
import { writeOutput } from "../generator/write/write.ts";
import { asUnprivileged, DEAD_PID, FIXTURE_SPEC, runCli, scratch, tree, unlinkable } from "./support/safety.ts";

let oldFiles: EmittedFile[];
let newFiles: EmittedFile[];
let dir: string;
let done: () => Promise<void>;
let out: string;
let notices: string[];
const notice = (message: string): void => void notices.push(message);

const USER_FILE = "notes/keep.md";
const USER_TEXT = "# my notes, not generated\n";
const DOCS_FILE = "docs/notes.md";
const DOCS_TEXT = "read-only notes\n";

beforeAll(async () => {
  oldFiles = (await generate({ spec: FIXTURE_SPEC, all: true, format: false, cacheDir: false })).files;
  newFiles = (await generate({ spec: FIXTURE_SPEC, select: ["gelato_session_last_error"], enums: "closed", format: false, cacheDir: false })).files;
});

beforeEach(async () => {
  ({ dir, done } = await scratch("perms"));
  out = join(dir, "out");
  notices = [];
  await writeOutput(out, oldFiles, { cwd: dir });
  await mkdir(join(out, "notes"));
  await writeFile(join(out, USER_FILE), USER_TEXT);
});

// Folders left read-only would stop the scratch folder's removal for a non-root runner.
afterEach(async () => {
  const open = async (folder: string): Promise<void> => {
    await chmod(folder, 0o755);
    for (const e of await readdir(folder, { withFileTypes: true })) if (e.isDirectory()) await open(join(folder, e.name));
  };
  await open(dir).catch(() => undefined);
  await done();
});

const asTree = (files: readonly EmittedFile[], extra: Record<string, string> = {}): Record<string, string> => ({
  ...Object.fromEntries(files.map((f) => [f.path, f.content])),
  [USER_FILE]: USER_TEXT,
  ...extra,
});

const mode = async (path: string): Promise<number> => (await stat(join(out, path))).mode & 0o7777;
const inode = async (path: string): Promise<number> => (await stat(join(out, path))).ino;
const besideOut = async (): Promise<string[]> => (await readdir(dir)).sort();

/** A user's read-only folder in the output folder: `mkdir docs && … && chmod 555 docs`. */
async function readOnlyDocs(): Promise<void> {
  await mkdir(join(out, "docs"));
  await writeFile(join(out, DOCS_FILE), DOCS_TEXT);
  await chmod(join(out, "docs"), 0o555);
}

describe("a file that is not specguard's and cannot be hard-linked is never replaced by a copy", () => {
  test.each([
    { code: "EPERM", why: "not yours to hard-link (operation not permitted (EPERM)); move it out of the output folder or run as its owner" },
    { code: "EACCES", why: "not yours to hard-link (permission denied (EACCES)); move it out of the output folder or run as its owner" },
    { code: "EXDEV", why: "it cannot be hard-linked there (crosses file systems (EXDEV)), and specguard never replaces a file that is not its own by a copy; move it out of the output folder" },
  ])("$code on its link: refused before the switch, the folder as it was, nothing beside it", async ({ code, why }) => {
    const old = await tree(out);
    const before = { user: await inode(USER_FILE), runtime: await inode("runtime.ts") };
    const fs = unlinkable((p) => p === join(out, USER_FILE), code);
    const error = await writeOutput(out, newFiles, { cwd: dir, fs, notice }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).kind).toBe("io-error");
    expect((error as Error).message).toBe(`io-error: cannot carry over ${JSON.stringify(join(out, USER_FILE))}: ${why}`);
    expect(await tree(out)).toEqual(old);
    expect({ user: await inode(USER_FILE), runtime: await inode("runtime.ts") }).toEqual(before);
    expect(await besideOut()).toEqual(["out"]);
    expect(notices).toEqual([]); // no word of "an interrupted run": it was this run, and the error says why
  });

  test("the CLI: exit 2 with that one line, and nothing else on stderr", async () => {
    const old = await tree(out);
    const fs = unlinkable((p) => p === join(out, USER_FILE));
    const run = await runCli(["generate", "--spec", FIXTURE_SPEC, "--all", "--enums", "closed", "--no-format", "--no-cache", "--out", out], dir, { fs });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`specguard: io-error: cannot carry over ${JSON.stringify(join(out, USER_FILE))}: not yours to hard-link (operation not permitted (EPERM)); move it out of the output folder or run as its owner\n`);
    expect(await tree(out)).toEqual(old);
    expect(await besideOut()).toEqual(["out"]);
  });

  test("no file can be hard-linked (a colleague ran specguard last): the user's file stops the run; without it specguard's own files are copied", async () => {
    const fs = unlinkable((p) => p.startsWith(out + sep)); // every file of the output folder (the lock's own link is beside it)
    const old = await tree(out);
    const error = await writeOutput(out, newFiles, { cwd: dir, fs, notice }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`cannot carry over ${JSON.stringify(join(out, USER_FILE))}: not yours to hard-link`);
    expect(await tree(out)).toEqual(old);
    expect(await besideOut()).toEqual(["out"]);

    await rename(join(out, USER_FILE), join(dir, "keep.md")); // the user moves it away
    await writeOutput(out, newFiles, { cwd: dir, fs, notice });
    expect(await tree(out)).toEqual({ ...Object.fromEntries(newFiles.map((f) => [f.path, f.content])) });
    expect(await besideOut()).toEqual(["keep.md", "out"]);
    expect(notices).toEqual([]); // the originals of the copies are specguard's: nothing "kept" aside
  });
});

describe("read-only folders inside the output folder", () => {
  test("a user's chmod 555 folder: the old copy is emptied after the switch, the folder stays read-only, every later run succeeds", async () => {
    await readOnlyDocs();
    const fs = asUnprivileged();
    const user = await inode(DOCS_FILE);
    await writeOutput(out, newFiles, { cwd: dir, fs, notice });
    expect(await tree(out)).toEqual(asTree(newFiles, { [DOCS_FILE]: DOCS_TEXT }));
    expect(await besideOut()).toEqual(["out"]);
    expect(await mode("docs")).toBe(0o555);
    expect(await inode(DOCS_FILE)).toBe(user);
    expect(notices).toEqual([]);

    await withOutput(out, "read", { cwd: dir, fs, notice }, async () => undefined); // a --check
    await writeOutput(out, oldFiles, { cwd: dir, fs, notice });
    expect(await tree(out)).toEqual(asTree(oldFiles, { [DOCS_FILE]: DOCS_TEXT }));
    expect(await besideOut()).toEqual(["out"]);
    expect(await mode("docs")).toBe(0o555);
    expect(notices).toEqual([]);
  });

  test("generated folders made read-only (chmod a-w schemas internal) stay read-only; every run succeeds", async () => {
    const folders = ["schemas", "internal"];
    for (const folder of folders) await chmod(join(out, folder), 0o555);
    const fs = asUnprivileged();
    for (const files of [newFiles, oldFiles, newFiles]) {
      await writeOutput(out, files, { cwd: dir, fs, notice });
      expect(await tree(out)).toEqual(asTree(files));
      expect(await besideOut()).toEqual(["out"]);
      for (const folder of folders) expect(await mode(folder)).toBe(0o555);
    }
    expect(notices).toEqual([]);
  });

  test("a non-empty folder neither writable nor the runner's (so not its to chmod): refused before the switch", async () => {
    await readOnlyDocs();
    const docs = join(out, "docs");
    const fs = asUnprivileged(new Set([docs]));
    const old = await tree(out);
    const error = await writeOutput(out, newFiles, { cwd: dir, fs, notice }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toBe(
      `io-error: cannot replace the folder ${JSON.stringify(docs)}: it is not writable and not yours to make writable (permission denied (EACCES)), so its old entries could not be removed after the switch; give the runner write access to it, move it out of the output folder, or run as its owner`,
    );
    expect(await tree(out)).toEqual(old);
    expect(await besideOut()).toEqual(["out"]);
    expect(notices).toEqual([]);
  });

  const killAt = (step: WriteStep) => (s: WriteStep) => {
    if (s === step) throw new SimulatedKill(s);
  };

  test.each(["staging-synced", "staged", "new-in-place", "backup-partly-removed"] as const)(
    "killed at %s with a read-only folder: the next run (a --check) settles what the kill left",
    async (step) => {
      await readOnlyDocs();
      const fs = asUnprivileged();
      await expect(writeOutput(out, newFiles, { cwd: dir, fs, faults: killAt(step) })).rejects.toBeInstanceOf(SimulatedKill);
      await writeFile(lockFile(out), `pid ${DEAD_PID} on ${hostname()}\n`);
      await withOutput(out, "read", { cwd: dir, fs, notice }, async () => undefined);
      expect(await besideOut()).toEqual(["out"]);
      const committed = step === "new-in-place" || step === "backup-partly-removed";
      expect(await tree(out)).toEqual(asTree(committed ? newFiles : oldFiles, { [DOCS_FILE]: DOCS_TEXT }));
      await writeOutput(out, newFiles, { cwd: dir, fs });
      expect(await tree(out)).toEqual(asTree(newFiles, { [DOCS_FILE]: DOCS_TEXT }));
      expect(await besideOut()).toEqual(["out"]);
    },
  );
});

describe("a backup that cannot be removed after the switch", () => {
  // A file the runner may not remove whatever it chmods (someone else's file in a sticky folder).
  const stuck = (backup: (path: string) => boolean): FsLayer => ({
    ...realFs,
    remove: async (p) => (backup(p) ? Promise.reject(errnoError("EPERM", "rm", p)) : realFs.remove(p)),
  });
  const inBackup = (p: string): boolean => p === join(dir, ".out.specguard-backup", USER_FILE);

  test("neither fails the committed run nor any later one: it is moved aside with a notice naming it", async () => {
    const kept = join(dir, `.out.specguard-kept-${process.pid}`);
    await writeOutput(out, newFiles, { cwd: dir, fs: stuck(inBackup), notice });
    expect(await tree(out)).toEqual(asTree(newFiles));
    expect(await besideOut()).toEqual([".out.specguard-kept-" + process.pid, "out"]);
    expect(notices).toEqual([
      `could not remove the previous output of ${JSON.stringify(out)} (cannot remove ${JSON.stringify(join(dir, ".out.specguard-backup", USER_FILE))}: operation not permitted (EPERM)); it is kept in ${JSON.stringify(kept)} — the new output is complete; remove that folder when you no longer need it`,
    ]);
    expect((await tree(kept))![USER_FILE]).toBe(USER_TEXT); // nothing lost: the user's file is in both

    notices = [];
    await withOutput(out, "read", { cwd: dir, fs: stuck(inBackup), notice }, async () => undefined);
    await writeOutput(out, oldFiles, { cwd: dir, fs: stuck(inBackup), notice });
    expect(await tree(out)).toEqual(asTree(oldFiles));
    expect(notices).toHaveLength(1); // that run's backup, kept aside beside the first
    expect((await besideOut()).filter((n) => !n.startsWith(".out.specguard-kept-"))).toEqual(["out"]);
  });

  test("one an earlier run left that still cannot be removed: the next run (a --check) moves it aside instead of failing", async () => {
    // A run killed after its commit point, before it removed its backup.
    const killed = (s: WriteStep): void => {
      if (s === "switch-synced") throw new SimulatedKill(s);
    };
    await expect(writeOutput(out, newFiles, { cwd: dir, faults: killed })).rejects.toBeInstanceOf(SimulatedKill);
    await writeFile(lockFile(out), `pid ${DEAD_PID} on ${hostname()}\n`);
    expect((await lstat(join(dir, ".out.specguard-backup"))).isDirectory()).toBe(true);

    await withOutput(out, "read", { cwd: dir, fs: stuck(inBackup), notice }, async () => undefined);
    expect(notices.filter((m) => !m.includes("stale lock"))).toEqual([expect.stringMatching(/^could not remove the previous output of .* \(cannot remove .*: operation not permitted \(EPERM\)\); it is kept in /)]);
    expect(await besideOut()).toEqual([`.out.specguard-kept-${process.pid}`, "out"]);
    expect(await tree(out)).toEqual(asTree(newFiles));
    await writeOutput(out, oldFiles, { cwd: dir, fs: stuck(inBackup) });
    expect(await tree(out)).toEqual(asTree(oldFiles));
  });
});
