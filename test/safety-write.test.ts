/**
 * The output folder's promises under kills, failures and user files (README "Guarantees"):
 * whole or nothing at every step of the switch, recovery by the next run, durable-write failures
 * (ENOSPC, EACCES) that leave the folder as it was, and never a write over a file that is not
 * specguard's. All deterministic: kills are injected through the write stage's fault hook.
 */
import { chmod, chown, lstat, mkdir, readdir, readFile, rename, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { EnvironmentError } from "../generator/errors.ts";
import { mapLimit } from "../generator/fsx.ts";
import { generate, type EmittedFile } from "../generator/index.ts";
import { errnoError, realFs, type FsLayer } from "../generator/write/fs-layer.ts";
import { lockFile } from "../generator/write/lock.ts";
import { withOutput } from "../generator/write/output.ts";
import { SimulatedKill, WRITE_STEPS, type WriteStep } from "../generator/write/swap.ts";
import { diffOutput, writeOutput, WriteMemo } from "../generator/write/write.ts";
import { DEAD_PID, failingWrites, FIXTURE_SPEC, scratch, tree } from "./support/safety.ts";

let oldFiles: EmittedFile[];
let newFiles: EmittedFile[];
let dir: string;
let done: () => Promise<void>;
let out: string;

const USER_FILE = "notes/keep.md";
const USER_TEXT = "# my notes, not generated\n";

beforeAll(async () => {
  // Old: every schema, open enums. New: one schema's closure, closed enums — files change,
  // disappear (stale) and stay the same (runtime.ts), so every kind of entry is exercised.
  oldFiles = (await generate({ spec: FIXTURE_SPEC, all: true, format: false, cacheDir: false })).files;
  newFiles = (await generate({ spec: FIXTURE_SPEC, select: ["gelato_session_last_error"], enums: "closed", format: false, cacheDir: false })).files;
});

beforeEach(async () => {
  ({ dir, done } = await scratch("write"));
  out = join(dir, "out");
  await writeOutput(out, oldFiles, { cwd: dir });
  await mkdir(join(out, "notes"));
  await writeFile(join(out, USER_FILE), USER_TEXT);
});

afterEach(() => done());

const asTree = (files: readonly EmittedFile[]): Record<string, string> => ({
  ...Object.fromEntries(files.map((f) => [f.path, f.content])),
  [USER_FILE]: USER_TEXT,
});

const killAt = (step: WriteStep) => (s: WriteStep) => {
  if (s === step) throw new SimulatedKill(s);
};

describe("whole or nothing: a kill at every step of the switch", () => {
  test("the fixture exercises changed, removed and unchanged files", () => {
    const before = new Map(oldFiles.map((f) => [f.path, f.content]));
    const after = new Map(newFiles.map((f) => [f.path, f.content]));
    expect([...before.keys()].filter((p) => !after.has(p)).length).toBeGreaterThan(0);
    expect([...after].filter(([p, c]) => before.has(p) && before.get(p) !== c).length).toBeGreaterThan(0);
    expect([...after].filter(([p, c]) => before.get(p) === c).length).toBeGreaterThan(0);
  });

  test.each(WRITE_STEPS)("killed at %s: readers see the complete old or new folder; the next run settles it", async (step) => {
    const old = await tree(out);
    expect(old).toEqual(asTree(oldFiles));
    await expect(writeOutput(out, newFiles, { cwd: dir, faults: killAt(step) })).rejects.toBeInstanceOf(SimulatedKill);

    const committed = WRITE_STEPS.indexOf(step) >= WRITE_STEPS.indexOf("new-in-place");
    const seen = await tree(out);
    if (step === "old-moved-aside") expect(seen).toBeUndefined(); // the one instant between two renames (documented)
    else expect(seen).toEqual(committed ? asTree(newFiles) : old);

    // What a real kill leaves: the lock names a process that no longer runs.
    await writeFile(lockFile(out), `pid ${DEAD_PID} on ${hostname()}\n`);
    const notices: string[] = [];
    await withOutput(out, "read", { cwd: dir, notice: (m) => notices.push(m) }, async () => undefined);
    expect(notices.some((m) => m.includes("stale lock"))).toBe(true);
    expect(await tree(out)).toEqual(committed ? asTree(newFiles) : old);
    expect(await readdir(dir)).toEqual(["out"]); // no staging, backup, ready folder, lock or temp file left

    // And a full run afterwards lands on the new output.
    await writeOutput(out, newFiles, { cwd: dir });
    expect(await tree(out)).toEqual(asTree(newFiles));
    expect(await readdir(dir)).toEqual(["out"]);
  });
});

describe("what a write touches", () => {
  test("only changed files are written; unchanged ones and user files keep their inode", async () => {
    const inode = async (p: string) => (await stat(join(out, p))).ino;
    const before = { runtime: await inode("runtime.ts"), user: await inode(USER_FILE) };
    const report = await writeOutput(out, newFiles, { cwd: dir });
    const previous = new Map(oldFiles.map((f) => [f.path, f.content]));
    expect(report.written).toEqual(newFiles.filter((f) => previous.get(f.path) !== f.content).map((f) => f.path));
    expect(report.written).not.toContain("runtime.ts");
    expect(await inode("runtime.ts")).toBe(before.runtime);
    expect(await inode(USER_FILE)).toBe(before.user);
    expect(report.removed).toEqual(oldFiles.map((f) => f.path).filter((p) => !newFiles.some((f) => f.path === p)));
    const again = await writeOutput(out, newFiles, { cwd: dir });
    expect(again.written).toEqual([]);
  });

  test("an output folder that is a symbolic link stays one; user links and the folder's mode are kept", async () => {
    const link = join(dir, "link");
    await symlink(out, link);
    await symlink("keep.md", join(out, "notes/alias.md"));
    await chmod(out, 0o750);
    await writeOutput(link, newFiles, { cwd: dir });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await tree(link)).toEqual({ ...asTree(newFiles), "notes/alias.md": "-> keep.md" });
    expect((await stat(out)).mode & 0o777).toBe(0o750);
    expect((await readdir(dir)).sort()).toEqual(["link", "out"]);
  });

  test("the user's folders keep their permissions and owner (a private folder stays private)", async () => {
    await mkdir(join(out, "private"));
    await writeFile(join(out, "private/key.txt"), "secret\n");
    await chmod(join(out, "private"), 0o700);
    await chmod(join(out, "notes"), 0o1777);
    const root = process.getuid?.() === 0;
    if (root) await chown(join(out, "private"), 65534, 65534); // only root may give a folder away
    const owner = async (p: string) => ({ mode: (await stat(join(out, p))).mode & 0o7777, uid: (await stat(join(out, p))).uid, gid: (await stat(join(out, p))).gid });
    const before = { private: await owner("private"), notes: await owner("notes"), schemas: await owner("schemas") };
    expect(before.private.mode).toBe(0o700);
    const report = await writeOutput(out, newFiles, { cwd: dir });
    expect(report.written.length).toBeGreaterThan(0); // the folder really was switched
    expect({ private: await owner("private"), notes: await owner("notes"), schemas: await owner("schemas") }).toEqual(before);
    expect((await tree(out))!["private/key.txt"]).toBe("secret\n");
  });

  test("leftover *.tmp files of the old per-file writes are cleared", async () => {
    await writeFile(join(out, "schemas/identity.verification_session.ts.12345.tmp"), "half a file");
    await writeOutput(out, oldFiles, { cwd: dir });
    expect(await tree(out)).toEqual(asTree(oldFiles));
  });
});

describe("a writer that remembers the folder (watch mode's WriteMemo)", () => {
  /** Every file of the folder last modified ten seconds ago: past the racy window of the memo. */
  const age = async (): Promise<void> => {
    const past = new Date(Date.now() - 10_000);
    for (const path of Object.keys((await tree(out))!)) await utimes(join(out, path), past, past);
  };
  /** realFs, counting the files read until the switch (afterwards the old folder is disposed of). */
  const counting = (): { fs: FsLayer; reads: string[]; onSwitched: () => void } => {
    const reads: string[] = [];
    let switched = false;
    return { reads, onSwitched: () => (switched = true), fs: { ...realFs, readFile: (p) => (switched || reads.push(p), realFs.readFile(p)) } };
  };
  const victim = "schemas/gelato_session_last_error.ts";
  /** A memo that has seen the old files twice, aged past its racy window: it holds their identities. */
  const remembering = async (): Promise<WriteMemo> => {
    const memo = new WriteMemo();
    await age();
    await writeOutput(out, oldFiles, { cwd: dir, memo }); // remembers the texts
    await writeOutput(out, oldFiles, { cwd: dir, memo }); // and, with nothing to write, the identities
    return memo;
  };

  test("files unchanged since it last read them are not read again; the write is the one a fresh writer makes", async () => {
    const memo = await remembering();
    const expected = await diffOutput(out, newFiles);
    const { fs, reads, onSwitched } = counting();
    const report = await writeOutput(out, newFiles, { cwd: dir, memo, fs, onSwitched });
    expect(reads.filter((p) => p.startsWith(out + "/"))).toEqual([]);
    expect({ ...report, written: undefined }).toEqual({ ...expected, written: undefined });
    expect(expected.changed.length + expected.removed.length).toBeGreaterThan(0);
    expect(await tree(out)).toEqual(asTree(newFiles));
    // After a switch: the files carried over keep an identity (taken once the write was done);
    // the ones just written are read at the next look.
    const next = counting();
    expect((await writeOutput(out, newFiles, { cwd: dir, memo, fs: next.fs, onSwitched: next.onSwitched })).written).toEqual([]);
    expect(next.reads.filter((p) => p.startsWith(out + "/")).map((p) => p.slice(out.length + 1)).sort()).toEqual([...report.written].sort());
  });

  test("an edit during the run that sets the modification time back, landing after the switch, is not taken for specguard's text", async () => {
    const memo = await remembering();
    const target = join(out, "runtime.ts");
    let switched = false;
    let edited = "";
    const racing: FsLayer = {
      ...realFs,
      lstat: async (p) => {
        if (switched && p === target && edited === "") {
          const before = await stat(target);
          edited = "w".repeat(before.size);
          await writeFile(target, edited);
          await utimes(target, before.atime, before.mtime);
        }
        return realFs.lstat(p);
      },
    };
    await writeOutput(out, newFiles, { cwd: dir, memo, fs: racing, onSwitched: () => (switched = true) });
    expect(edited).not.toBe("");
    await expect(writeOutput(out, newFiles, { cwd: dir, memo })).rejects.toMatchObject({ kind: "out-in-the-way" });
    expect(await readFile(target, "utf8")).toBe(edited);
  });

  test("an edit in place after its last look is seen, even one that keeps the size: the write is refused as without a memo", async () => {
    const memo = await remembering();
    const size = (await stat(join(out, victim))).size;
    const mine = "x".repeat(size);
    await writeFile(join(out, victim), mine);
    expect((await stat(join(out, victim))).size).toBe(size);
    await expect(writeOutput(out, oldFiles, { cwd: dir, memo })).rejects.toMatchObject({ kind: "out-in-the-way" });
    expect(await readFile(join(out, victim), "utf8")).toBe(mine);
  });

  test("an edit that keeps the size and sets the modification time back (touch -d) is seen: the change time moved", async () => {
    const memo = await remembering();
    const before = await stat(join(out, victim));
    const mine = "z".repeat(before.size);
    await writeFile(join(out, victim), mine);
    await utimes(join(out, victim), before.atime, before.mtime);
    const after = await stat(join(out, victim));
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    await expect(writeOutput(out, oldFiles, { cwd: dir, memo })).rejects.toMatchObject({ kind: "out-in-the-way" });
    expect(await readFile(join(out, victim), "utf8")).toBe(mine);
  });

  test("a file modified within the racy window of its read gets no identity: an edit keeping its size and time is still seen", async () => {
    const memo = new WriteMemo();
    // Modified just now, to the millisecond (utimes sets the same time again below, exactly).
    const now = Math.floor(Date.now()) / 1000;
    await utimes(join(out, victim), now, now);
    await writeOutput(out, oldFiles, { cwd: dir, memo });
    await writeOutput(out, oldFiles, { cwd: dir, memo });
    const before = await stat(join(out, victim));
    const mine = "y".repeat(before.size);
    await writeFile(join(out, victim), mine);
    // The same size and the same modification time: what an edit within one clock tick looks like.
    await utimes(join(out, victim), now, now);
    expect((await stat(join(out, victim))).mtimeMs).toBe(before.mtimeMs);
    await expect(writeOutput(out, oldFiles, { cwd: dir, memo })).rejects.toMatchObject({ kind: "out-in-the-way" });
    expect(await readFile(join(out, victim), "utf8")).toBe(mine);
  });

  test("after a refused write it forgets the folder: the next write reads every file again", async () => {
    const memo = await remembering();
    const original = await readFile(join(out, victim), "utf8");
    await writeFile(join(out, victim), "not specguard's\n");
    await expect(writeOutput(out, oldFiles, { cwd: dir, memo })).rejects.toMatchObject({ kind: "out-in-the-way" });
    expect(memo.texts.size + memo.seen.size).toBe(0);
    await writeFile(join(out, victim), original);
    const { fs, reads, onSwitched } = counting();
    expect((await writeOutput(out, oldFiles, { cwd: dir, memo, fs, onSwitched })).written).toEqual([]);
    const read = new Set(reads.map((p) => p.slice(out.length + 1)));
    expect(oldFiles.filter((f) => !read.has(f.path))).toEqual([]);
  });
});

describe("failures of the file system leave the folder as it was", () => {
  test.each([
    { code: "ENOSPC", nth: 3, text: /no space left on device \(ENOSPC\)/ },
    { code: "EDQUOT", nth: 2, text: /disk quota exceeded \(EDQUOT\)/ },
    { code: "EACCES", nth: 4, text: /permission denied \(EACCES\)/ },
  ])("$code on a write: io-error naming the path, old folder intact, nothing left beside it", async ({ code, nth, text }) => {
    const old = await tree(out);
    // The first durable write is the lock file's; the ones after it build the new folder.
    const error = await writeOutput(out, newFiles, { cwd: dir, fs: failingWrites(code, nth) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).kind).toBe("io-error");
    expect((error as Error).message).toMatch(text);
    expect((error as Error).message).toMatch(/cannot write ".*specguard-staging-\d+\//);
    expect(await tree(out)).toEqual(old);
    expect(await readdir(dir)).toEqual(["out"]);
  });

  test.each(["EACCES", "EROFS"])("an output folder the process may not write (%s): refused before anything", async (code) => {
    const old = await tree(out);
    const fs: FsLayer = { ...realFs, checkWritable: async (p) => (p === out ? Promise.reject(errnoError(code, "access", p)) : realFs.checkWritable(p)) };
    const error = await writeOutput(out, newFiles, { cwd: dir, fs }).catch((e: unknown) => e);
    expect((error as EnvironmentError).kind).toBe("io-error");
    expect((error as Error).message).toContain(`cannot write ${JSON.stringify(out)}`);
    expect((error as Error).message).toContain(`(${code})`);
    expect(await tree(out)).toEqual(old);
    expect(await readdir(dir)).toEqual(["out"]);
  });

  test("a rename that fails mid-switch is undone: the old folder is back", async () => {
    const old = await tree(out);
    let failed = false;
    const fs: FsLayer = {
      ...realFs,
      // The first rename onto `out` (new folder into place) fails; putting the old one back works.
      rename: async (from, to) => {
        if (to === out && !failed) {
          failed = true;
          throw errnoError("EBUSY", "rename", to);
        }
        return realFs.rename(from, to);
      },
    };
    const error = await writeOutput(out, newFiles, { cwd: dir, fs }).catch((e: unknown) => e);
    expect((error as EnvironmentError).kind).toBe("io-error");
    expect(failed).toBe(true);
    expect(await tree(out)).toEqual(old);
    expect(await readdir(dir)).toEqual(["out"]);
  });
});

describe("parallel steps settle before the cleanup after a failure", () => {
  test("mapLimit: after a failure no item starts, and it rejects only once the items in flight have finished", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const error = await mapLimit([0, 1, 2, 3, 4, 5], 3, async (i) => {
      started.push(i);
      if (i === 0) throw errnoError("ENOSPC", "write", "x");
      await new Promise((r) => setTimeout(r, 30));
      finished.push(i);
    }).catch((e: unknown) => e);
    // A staging folder removed while writes were still going into it was left behind (seen under load).
    expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
    expect(finished.sort()).toEqual([1, 2]);
    expect(started.sort()).toEqual([0, 1, 2]);
  });
});

describe("files that are not specguard's", () => {
  test.each([
    { name: "index.ts without the header", path: "index.ts", content: "export const mine = 1;\n" },
    { name: "a manifest.json that is not specguard's", path: "manifest.json", content: '{"name": "my-app"}\n' },
    { name: "a user module at a generated module path", path: "schemas/gelato_session_last_error.ts", content: "// mine\nexport type X = 1;\n" },
  ])("$name at a path specguard writes: out-in-the-way naming it, nothing written", async ({ path, content }) => {
    await writeFile(join(out, path), content);
    const before = await tree(out);
    const error = await writeOutput(out, newFiles, { cwd: dir }).catch((e: unknown) => e);
    expect((error as EnvironmentError).kind).toBe("out-in-the-way");
    expect((error as Error).message).toContain(JSON.stringify(join(out, path)));
    expect(await tree(out)).toEqual(before);
    expect(await readdir(dir)).toEqual(["out"]);
  });

  test("a folder or a symbolic link at a file's path is said to be one (it said 'no specguard header')", async () => {
    await rm(join(out, "index.ts"));
    await mkdir(join(out, "index.ts"));
    let error = await writeOutput(out, newFiles, { cwd: dir }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/index\.ts" is not specguard's \(a folder\) but specguard would write there/);
    await rm(join(out, "index.ts"), { recursive: true });
    await symlink("notes/keep.md", join(out, "index.ts"));
    error = await writeOutput(out, newFiles, { cwd: dir }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/index\.ts" is not specguard's \(a symbolic link\) but specguard would write there/);
    expect(await readFile(join(out, USER_FILE), "utf8")).toBe(USER_TEXT);
  });

  test("a file where specguard needs a folder is in the way too", async () => {
    const fresh = join(dir, "fresh");
    await mkdir(fresh);
    await writeFile(join(fresh, "schemas"), "not a folder\n");
    const error = await writeOutput(fresh, newFiles, { cwd: dir }).catch((e: unknown) => e);
    expect((error as EnvironmentError).kind).toBe("out-in-the-way");
    expect(await tree(fresh)).toEqual({ schemas: "not a folder\n" });
  });

  test("a user file saved into the folder while a run builds is kept", async () => {
    const late = "saved during the run\n";
    await writeOutput(out, newFiles, {
      cwd: dir,
      faults: async (step) => {
        if (step === "staging-written") await writeFile(join(out, "notes/late.md"), late);
      },
    });
    expect(await tree(out)).toEqual({ ...asTree(newFiles), "notes/late.md": late });
    expect(await readdir(dir)).toEqual(["out"]);
  });

  // The run carried the user's file over (a hard link to the version it saw); a save by rename
  // meanwhile left the new folder with the older version and the newer one in a kept folder.
  test("a user file saved again (write and rename) while a run builds keeps its newer text, in place", async () => {
    const newer = "# my notes, edited during the run\n";
    await writeOutput(out, newFiles, {
      cwd: dir,
      notice: (m) => {
        throw new Error(`no notice expected: ${m}`);
      },
      faults: async (step) => {
        if (step !== "staging-written") return;
        await writeFile(join(out, "notes/keep.md.new"), newer);
        await rename(join(out, "notes/keep.md.new"), join(out, USER_FILE));
      },
    });
    expect(await tree(out)).toEqual({ ...asTree(newFiles), [USER_FILE]: newer });
    expect(await readdir(dir)).toEqual(["out"]);
  });

  test("a user file deleted while a run builds stays deleted (it came back from the carried copy)", async () => {
    await writeOutput(out, newFiles, {
      cwd: dir,
      faults: async (step) => {
        if (step === "staging-written") await rm(join(out, USER_FILE));
      },
    });
    const { [USER_FILE]: _gone, ...rest } = asTree(newFiles);
    expect(await tree(out)).toEqual(rest);
    expect(await readdir(dir)).toEqual(["out"]);
  });

  test("files deleted before the run carries them over: the user's is not carried, specguard's is written from its text (the run failed with ENOENT)", async () => {
    const carried = newFiles.find((f) => f.path === "runtime.ts")!;
    expect(oldFiles.find((f) => f.path === "runtime.ts")!.content).toBe(carried.content);
    await writeOutput(out, newFiles, {
      cwd: dir,
      faults: async (step) => {
        if (step !== "staging-created") return;
        await rm(join(out, USER_FILE));
        await rm(join(out, "runtime.ts"));
      },
    });
    const { [USER_FILE]: _gone, ...rest } = asTree(newFiles);
    expect(await tree(out)).toEqual(rest);
    expect(await readdir(dir)).toEqual(["out"]);
  });

  test("a save into the new folder after the switch is not replaced by the one made during the run", async () => {
    const during = "# saved during the run\n";
    const after = "# saved after the switch\n";
    const notices: string[] = [];
    await writeOutput(out, newFiles, {
      cwd: dir,
      notice: (m) => void notices.push(m),
      faults: async (step) => {
        if (step === "staging-written") {
          await writeFile(join(out, "notes/x.tmp"), during);
          await rename(join(out, "notes/x.tmp"), join(out, USER_FILE));
        }
        if (step === "switch-synced") {
          await writeFile(join(out, "notes/y.tmp"), after);
          await rename(join(out, "notes/y.tmp"), join(out, USER_FILE));
        }
      },
    });
    expect((await tree(out))?.[USER_FILE]).toBe(after);
    // The one saved during the run is not lost: kept beside the output, and said.
    expect(notices.join("\n")).toMatch(/collide with new output; kept in/);
  });
});
