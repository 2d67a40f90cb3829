/**
 * The CLI's refusals and errors (README "Guarantees"): output folders it must never write, one
 * run per output folder, and every input that used to crash — each now exit 2 with one catalogued
 * line and the output folder byte-identical; a bug is exit 3 with a request to report it.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generate } from "../generator/index.ts";
import { errnoError, realFs, type FsLayer } from "../generator/write/fs-layer.ts";
import { acquireLock, lockFile } from "../generator/write/lock.ts";
import { writeOutput } from "../generator/write/write.ts";
import { DEAD_PID, failingWrites, FIXTURE_SPEC, readOnlyFs, runCli, scratch, spawnCli, tree } from "./support/safety.ts";
import { ROOT } from "./support/generated.ts";

let dir: string;
let done: () => Promise<void>;
const TEMPLATE = "template";
const GOOD = ["--spec", "good.yaml", "--all", "--no-format", "--no-cache"];

beforeAll(async () => {
  ({ dir, done } = await scratch("cli"));
  await cp(FIXTURE_SPEC, join(dir, "good.yaml"));
  const setup = await runCli(["generate", ...GOOD, "--out", TEMPLATE], dir);
  expect(setup.code).toBe(0);
});

afterAll(() => done());

/** A copy of a good generation plus a user file, at `name`; returns its bytes. */
async function populated(name: string): Promise<Record<string, string>> {
  await cp(join(dir, TEMPLATE), join(dir, name), { recursive: true });
  await mkdir(join(dir, name, "extra"), { recursive: true });
  await writeFile(join(dir, name, "extra/keep.txt"), "user data\n");
  return (await tree(join(dir, name)))!;
}

/** No stack trace: every stderr line is one of specguard's. */
const oneLiners = (stderr: string) => stderr.trimEnd().split("\n").every((line) => line.startsWith("specguard: "));

describe("output folders specguard refuses (exit 2, nothing touched)", () => {
  // Through a file-system layer that cannot write at all: even a broken refusal writes nothing.
  test.each([
    { name: "the file-system root", out: () => "/", why: /it is the file-system root/ },
    { name: "the home folder", out: () => join(dir, "home"), why: /it is your home folder/ },
    { name: "an ancestor of the home folder", out: () => dir, why: /it contains your home folder/ },
    { name: "a file", out: () => join(dir, "good.yaml"), why: /it is a file, not a folder/ },
    { name: "a path below a file", out: () => join(dir, "good.yaml", "sub"), why: /it lies below a file/ },
  ])("$name", async ({ out, why }) => {
    const home = process.env["HOME"];
    process.env["HOME"] = join(dir, "home"); // os.homedir() reads it; the real home is never involved
    try {
      await mkdir(join(dir, "home"), { recursive: true });
      const before = await tree(dir);
      const rootBefore = (await readdir("/")).sort();
      const result = await runCli(["generate", ...GOOD, "--out", out()], dir, { fs: readOnlyFs });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^specguard: out-refused: refusing to write the output folder /);
      expect(result.stderr).toMatch(why);
      expect(oneLiners(result.stderr)).toBe(true);
      expect(await tree(dir)).toEqual(before);
      expect((await readdir("/")).sort()).toEqual(rootBefore);
    } finally {
      process.env["HOME"] = home;
    }
  });

  test.each([
    { name: "the project root (package.json)", cwd: "proj", out: ".", why: /it is the project root \(it holds package\.json\)/ },
    { name: "the project root from a subfolder", cwd: "proj/sub", out: "..", why: /it is the project root/ },
    { name: "an ancestor of the project root", cwd: "proj/sub", out: "../..", why: /it contains the project root/ },
    { name: "the config file's folder", cwd: ".", out: "conf", why: /it is the project root \(it holds the config file\)/, config: "conf/specguard.config.mjs" },
  ])("$name", async ({ cwd, out, why, config }) => {
    await mkdir(join(dir, "proj/sub"), { recursive: true });
    await writeFile(join(dir, "proj/package.json"), '{"name": "proj"}\n');
    await mkdir(join(dir, "conf"), { recursive: true });
    await writeFile(join(dir, "conf/specguard.config.mjs"), "export default {};\n");
    const before = await tree(dir);
    const args = ["generate", "--spec", join(dir, "good.yaml"), "--all", "--no-format", "--no-cache", "--out", out, ...(config ? ["--config", config] : [])];
    const result = await runCli(args, join(dir, cwd), { fs: readOnlyFs });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(why);
    expect(await tree(dir)).toEqual(before);
  });

  test.each([
    { name: "the cache folder at the project root", args: ["--cache-dir", "."], why: /refusing to write the cache folder "[^"]*": it is the project root/ },
    { name: "the cache folder inside the output folder", args: ["--cache-dir", "out/cache"], why: /refusing to write the cache folder .*: it overlaps the output folder/ },
    { name: "the output folder inside the cache folder", args: ["--cache-dir", "sub"], out: "sub/out", why: /it overlaps the output folder/ },
  ])("$name", async ({ args, why, out }) => {
    await mkdir(join(dir, "proj2"), { recursive: true });
    await writeFile(join(dir, "proj2/package.json"), '{"name": "proj2"}\n');
    const before = await tree(dir);
    const result = await runCli(["generate", "--spec", join(dir, "good.yaml"), "--all", "--no-format", "--out", out ?? "out", ...args], join(dir, "proj2"), { fs: readOnlyFs });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(why);
    expect(await tree(dir)).toEqual(before);
  });
});

describe("folders specguard refuses that only a look inside (or at the current folder) reveals", () => {
  // Through the real file system: the lock is taken, then the scan finds the project. Bytes alone
  // cannot show a switch (it keeps them), so the folders' inodes must be unchanged too.
  test.each([
    { name: "a project given from outside it (package.json)", cwd: ".", out: "ext/proj", marker: "ext/proj/package.json", why: /it holds a project \(".*package\.json"\)/ },
    { name: "a folder above a project, from outside", cwd: ".", out: "ext", marker: "ext/proj/package.json", why: /it holds a project \(".*proj\/package\.json"\)/ },
    { name: "a repository given from outside it (.git)", cwd: ".", out: "ext/repo", marker: "ext/repo/.git/HEAD", why: /it holds a project \(".*\.git"\)/ },
    { name: "the folder specguard runs in", cwd: "ext/plain", out: ".", why: /it is the folder specguard runs in/ },
    { name: "an ancestor of the folder specguard runs in", cwd: "ext/plain/sub", out: "..", why: /it contains the folder specguard runs in/ },
  ])("$name", async ({ cwd, out, marker, why }) => {
    await rm(join(dir, "ext"), { recursive: true, force: true });
    await mkdir(join(dir, "ext/plain/sub"), { recursive: true });
    await writeFile(join(dir, "ext/plain/sub/notes.txt"), "mine\n");
    if (marker) {
      await mkdir(dirname(join(dir, marker)), { recursive: true });
      await writeFile(join(dir, marker), "{}\n");
    }
    const target = join(dir, cwd, out);
    const before = { files: await tree(dir), inode: (await stat(target)).ino, sub: (await stat(join(dir, "ext/plain"))).ino };
    const result = await runCli(["generate", "--spec", join(dir, "good.yaml"), "--all", "--no-format", "--no-cache", "--out", out], join(dir, cwd));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^specguard: out-refused: refusing to write the output folder /);
    expect(result.stderr).toMatch(why);
    expect(oneLiners(result.stderr)).toBe(true);
    expect({ files: await tree(dir), inode: (await stat(target)).ino, sub: (await stat(join(dir, "ext/plain"))).ino }).toEqual(before);
  });

  test("js mode writes the output folder's own package.json (type: module) and ts mode removes it; a user's package.json there is still a project, in both modes", async () => {
    const args = ["generate", "--spec", join(dir, "good.yaml"), "--all", "--no-format", "--no-cache", "--out", "pkg-out"];
    expect((await runCli([...args, "--emit", "js"], dir)).code).toBe(0);
    const own = JSON.parse(await readFile(join(dir, "pkg-out/package.json"), "utf8")) as Record<string, unknown>;
    expect(own).toMatchObject({ type: "module", sideEffects: false });
    expect((await runCli([...args, "--emit", "js", "--check"], dir)).code).toBe(0);
    expect((await runCli([...args, "--quiet"], dir)).code).toBe(0);
    expect(existsSync(join(dir, "pkg-out/package.json"))).toBe(false);
    await writeFile(join(dir, "pkg-out/package.json"), '{ "name": "mine" }\n');
    for (const mode of ["js", "ts"]) {
      const before = await tree(join(dir, "pkg-out"));
      const result = await runCli([...args, "--emit", mode], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/it holds a project \(".*pkg-out\/package\.json"\)/);
      expect(await tree(join(dir, "pkg-out"))).toEqual(before);
    }
  });

  test("an output folder inside another specguard output is refused, nothing written (--out A/internal replaced A's runtime.ts, which has specguard's header)", async () => {
    const args = ["generate", "--spec", join(dir, "good.yaml"), "--all", "--no-format", "--no-cache"];
    expect((await runCli([...args, "--out", "outer"], dir)).code).toBe(0);
    const before = await tree(join(dir, "outer"));
    for (const inner of ["outer/internal", "outer/new/deeper"]) {
      const result = await runCli([...args, "--enums", "closed", "--out", inner], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/out-refused: refusing to write the output folder ".*": it lies inside another specguard output folder \(".*outer"\)/);
      expect(await tree(join(dir, "outer"))).toEqual(before);
    }
  });

  test("run from a folder deleted meanwhile: exit 2, one line, no stack trace", async () => {
    await mkdir(join(dir, "gone"), { recursive: true });
    // The shell enters the folder, removes it, then starts specguard there (a real process: cwd is per process).
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      execFile("sh", ["-c", 'cd "$1" && rmdir "$1" && exec "$2" "$3" generate --spec "$4" --all --no-format --no-cache --out "$5"', "sh", join(dir, "gone"), process.execPath, join(ROOT, "bin/specguard.js"), join(dir, "good.yaml"), join(dir, "gone-out")], (error, _stdout, stderr) =>
        done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stderr }),
      );
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^specguard: io-error: the current folder no longer exists \(ENOENT\)/);
    expect(oneLiners(result.stderr)).toBe(true);
    expect(await readdir(dir)).not.toContain("gone-out");
  });

  test("a cache folder that is a project, given from outside it: refused, nothing written", async () => {
    await rm(join(dir, "ext"), { recursive: true, force: true });
    await mkdir(join(dir, "ext/proj"), { recursive: true });
    await writeFile(join(dir, "ext/proj/package.json"), "{}\n");
    const before = await tree(dir);
    const result = await runCli(["generate", "--spec", join(dir, "good.yaml"), "--all", "--no-format", "--out", "ext/out", "--cache-dir", "ext/proj"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^specguard: out-refused: refusing to write the cache folder ".*": it holds a project \(".*package\.json"\)\n$/);
    expect(await tree(dir)).toEqual(before);
  });

  test.each([
    { option: "--out", why: /--out must be a folder path, got ""/ },
    { option: "--cache-dir", why: /--cache-dir must be a folder path or false, got ""/ },
  ])("an empty $option is a configuration error, not the current folder", async ({ option, why }) => {
    await mkdir(join(dir, "empty-cwd"), { recursive: true });
    const before = await tree(dir);
    const args = ["generate", "--spec", join(dir, "good.yaml"), "--all", "--no-format", "--out", "o", option, ""];
    const result = await runCli(args, join(dir, "empty-cwd"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(why);
    expect(await tree(dir)).toEqual(before);
  });
});

describe("one run per output folder", () => {
  test("a folder locked by a live run: exit 2 naming the pid, nothing touched", async () => {
    const before = await populated("locked");
    const lock = await acquireLock(join(dir, "locked"));
    try {
      // Another process (a real one) tries the same folder while this one holds it.
      const result = await spawnCli(["generate", ...GOOD, "--out", "locked"], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^specguard: out-locked: another specguard run \\(pid ${process.pid}\\) is writing`));
      expect(await tree(join(dir, "locked"))).toEqual(before);
    } finally {
      await lock.release();
    }
  });

  test("a lock left by a dead run is taken over with a notice", async () => {
    await populated("stale");
    await writeFile(lockFile(join(dir, "stale")), `pid ${DEAD_PID} on ${hostname()}\n`);
    const result = await runCli(["generate", ...GOOD.filter((a) => a !== "--all"), "--select", "gelato_session_last_error", "--out", "stale"], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`notice: removed a stale lock .* left by pid ${DEAD_PID}, which is no longer running`));
    expect(await readdir(dir)).not.toContain(".stale.specguard-lock");
  });

  test("two runs with different specs: the second is refused while the first writes; each result is complete", async () => {
    await populated("race");
    const out = join(dir, "race");
    const first = (await generate({ spec: FIXTURE_SPEC, select: ["gelato_session_last_error"], format: false, cacheDir: false })).files;
    let reached!: () => void;
    let resume!: () => void;
    const atStaging = new Promise<void>((r) => (reached = r));
    const go = new Promise<void>((r) => (resume = r));
    const running = writeOutput(out, first, {
      cwd: dir,
      faults: async (step) => {
        if (step === "staging-written") {
          reached();
          await go;
        }
      },
    });
    await atStaging;
    const second = await runCli(["generate", ...GOOD, "--enums", "closed", "--out", "race"], dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/out-locked/);
    resume();
    await running;
    const afterFirst = await tree(out);
    expect(Object.keys(afterFirst!).filter((p) => p.startsWith("schemas/"))).toEqual(["schemas/gelato_session_last_error.ts"]);
    const again = await runCli(["generate", ...GOOD, "--enums", "closed", "--out", "race"], dir);
    expect(again.code).toBe(0);
    const afterSecond = await tree(out);
    expect(Object.keys(afterSecond!).filter((p) => p.startsWith("schemas/")).length).toBe(4);
    expect(afterSecond!["manifest.json"]).toContain('"enums": "closed"');
  });
});

const BOMB = `openapi: 3.0.0
info: { title: bomb, version: "1" }
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
`;
const nestedSchema = (levels: number): string => {
  let schema: Record<string, unknown> = { type: "string" };
  for (let i = 0; i < levels; i++) schema = { type: "object", properties: { a: schema } };
  return JSON.stringify({ openapi: "3.0.0", info: { title: "deep", version: "1" }, components: { schemas: { deep: schema } } });
};
const MINIMAL = { openapi: "3.0.0", info: { title: "t", version: "1" }, components: { schemas: { a: { type: "string" } } } };

describe("inputs that used to crash: exit 2, one catalogued line, output untouched", () => {
  test.each([
    { name: "a YAML alias bomb", file: "bomb.yaml", text: BOMB, kind: /spec-alias-limit: YAML aliases expand past 1000 nodes/ },
    { name: "100,000-level nesting (JSON)", file: "deep.json", text: `{"openapi":"3.0.0","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, kind: /spec-too-deep: the document nests deeper than 200 levels at #\/x\/0\/0/ },
    { name: "1,000-level schema nesting", file: "nested.json", text: nestedSchema(500), kind: /spec-too-deep: .* at #\/components\/schemas\/deep\/properties\/a\/properties/ },
    { name: "1,000-level nesting (YAML flow)", file: "deep.yaml", text: `openapi: 3.0.0\nx: ${"[".repeat(1000)}${"]".repeat(1000)}\n`, kind: /spec-too-deep: / },
    {
      name: "a malformed percent-escape in a $ref",
      file: "pct.yaml",
      text: 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\ncomponents:\n  schemas:\n    a:\n      $ref: "#/components/schemas/b%ZZ"\n',
      kind: /ref-invalid: \$ref "#\/components\/schemas\/b%ZZ" has a malformed percent-escape at #\/components\/schemas\/a\/\$ref \(\S*pct\.yaml:6:13\)/,
    },
    { name: "duplicate keys in JSON", file: "dup.json", text: '{"openapi": "3.0.0",\n "info": {"title": "a", "version": "1",\n  "title": "b"}}', kind: /spec-duplicate-key: key "title" appears twice \(first at line 2, column 11\) at #\/info\/title \(\S*dup\.json:3:3\)/ },
    { name: "duplicate keys in YAML", file: "dup.yaml", text: "openapi: 3.0.0\ninfo:\n  title: a\n  version: '1'\n  title: b\n", kind: /spec-duplicate-key: key "title" appears twice \(first at line 3, column 3\) at #\/info\/title \(\S*dup\.yaml:5:3\)/ },
    { name: "a spec over --max-spec-bytes", file: "big.json", text: JSON.stringify(MINIMAL), args: ["--max-spec-bytes", "20"], kind: /spec-too-large: .* is larger than the limit of 20 bytes/ },
  ])("$name", async ({ file, text, kind, args }) => {
    await writeFile(join(dir, file), text);
    const out = "out-" + file.replace(/\W/g, "-");
    const before = await populated(out);
    const result = await runCli(["generate", "--spec", file, "--all", "--no-format", "--no-cache", "--out", out, ...(args ?? [])], dir);
    expect(result.stderr).toMatch(kind);
    expect(result.code).toBe(2);
    expect(oneLiners(result.stderr)).toBe(true);
    expect(await tree(join(dir, out))).toEqual(before);
  });

  test.each([{ extra: [] }, { extra: ["--watch"] }])("a bad --max-spec-bytes is refused before anything runs ($extra)", async ({ extra }) => {
    const result = await runCli(["generate", ...GOOD, "--out", "out-limit", "--max-spec-bytes", "lots", ...extra], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/`--max-spec-bytes` must be a positive integer/);
    expect(existsSync(join(dir, "out-limit"))).toBe(false);
  });

  test.each([
    { name: "/dev/zero", spec: () => "/dev/zero", kind: /spec-not-file: "\/dev\/zero" is a character device, not a regular file/ },
    {
      name: "a FIFO (would block forever)",
      spec: () => {
        execFileSync("mkfifo", [join(dir, "fifo.json")]);
        return join(dir, "fifo.json");
      },
      kind: /spec-not-file: .*fifo\.json" is a named pipe \(FIFO\), not a regular file/,
    },
    { name: "a folder", spec: () => dir, kind: /spec-not-file: .* is a folder, not a regular file/ },
  ])("$name as the spec", async ({ spec, kind }) => {
    const before = await populated("out-special");
    const result = await runCli(["generate", "--spec", spec(), "--all", "--no-format", "--no-cache", "--out", "out-special"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(kind);
    expect(await tree(join(dir, "out-special"))).toEqual(before);
  });

  test("a JSON spec with a byte-order mark is read", async () => {
    await writeFile(join(dir, "bom.json"), "\ufeff" + JSON.stringify(MINIMAL));
    const result = await runCli(["generate", "--spec", "bom.json", "--all", "--no-format", "--no-cache", "--out", "out-bom"], dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect((await tree(join(dir, "out-bom")))!["schemas/a.ts"]).toContain("export type A = string;");
  });

  test.each([
    { code: "ENOSPC", text: /io-error: cannot write ".*": no space left on device \(ENOSPC\)/ },
    { code: "EROFS", text: /io-error: cannot write ".*": read-only file system \(EROFS\)/ },
  ])("$code while writing: exit 2 naming the path, output untouched", async ({ code, text }) => {
    const before = await populated(`out-${code}`);
    const result = await runCli(["generate", ...GOOD, "--enums", "closed", "--out", `out-${code}`], dir, { fs: failingWrites(code, 2) });
    expect(result.stderr).toMatch(text);
    expect(result.code).toBe(2);
    expect(await tree(join(dir, `out-${code}`))).toEqual(before);
    expect((await readdir(dir)).filter((n) => n.includes("specguard-"))).toEqual([]);
  });

  test("a full disk: --check still reads (exit 0, or 1 when stale), a write is exit 2, no lock file left", async () => {
    const before = await populated("out-full");
    // Like a real ENOSPC: the file is created, then its bytes do not fit.
    const full: FsLayer = {
      ...realFs,
      writeFileDurable: async (p) => {
        await writeFile(p, "");
        throw errnoError("ENOSPC", "write", p);
      },
    };
    const check = await runCli(["generate", ...GOOD, "--out", "out-full", "--check"], dir, { fs: full });
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    expect((await runCli(["generate", ...GOOD, "--enums", "closed", "--out", "out-full", "--check"], dir, { fs: full })).code).toBe(1);
    const write = await runCli(["generate", ...GOOD, "--enums", "closed", "--out", "out-full"], dir, { fs: full });
    expect(write.code).toBe(2);
    expect(write.stderr).toMatch(/io-error: cannot write ".*": no space left on device \(ENOSPC\)/);
    expect(await tree(join(dir, "out-full"))).toEqual(before);
    expect((await readdir(dir)).filter((n) => n.includes("specguard-"))).toEqual([]);
  });

  test("a bug is exit 3 with a request to report it; the stack only with --debug", async () => {
    const before = await populated("out-bug");
    const buggy: FsLayer = { ...realFs, readdirRecursive: () => Promise.reject(new TypeError("cannot read properties of undefined")) };
    const plain = await runCli(["generate", ...GOOD, "--enums", "closed", "--out", "out-bug"], dir, { fs: buggy });
    expect(plain.code).toBe(3);
    expect(plain.stderr).toMatch(/^specguard: internal error, please report it .*: TypeError: cannot read properties of undefined\n/);
    expect(oneLiners(plain.stderr)).toBe(true);
    const debug = await runCli(["generate", ...GOOD, "--enums", "closed", "--out", "out-bug", "--debug"], dir, { fs: buggy });
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(await tree(join(dir, "out-bug"))).toEqual(before);
  });

  test.each([
    { name: "a FIFO", make: (path: string) => void execFileSync("mkfifo", [path]) },
    { name: "/dev/zero", make: (path: string) => symlink("/dev/zero", path) },
    { name: "a folder", make: (path: string) => mkdir(path) },
  ])("a config file that is $name is a config error (exit 2), never read", async ({ name, make }) => {
    const config = join(dir, `config-${name.replace(/\W/g, "")}.mjs`);
    await make(config);
    const result = await runCli(["generate", ...GOOD, "--out", "config-special", "--config", config], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^specguard: .*config-\w+\.mjs: the config is not a regular file\n$/);
    expect(await readdir(dir)).not.toContain("config-special");
  });

  test("a config file that does not load is a config error (exit 2), not a crash", async () => {
    await writeFile(join(dir, "broken.config.mjs"), "export default {;\n");
    const result = await runCli(["generate", "--config", "broken.config.mjs", ...GOOD, "--out", "out-config"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^specguard: broken\.config\.mjs: the config does not load: /);
    expect(oneLiners(result.stderr)).toBe(true);
  });

  test("an errno the environment explains is never mistaken for a bug", async () => {
    const fs: FsLayer = { ...realFs, readdirRecursive: (p) => Promise.reject(errnoError("EACCES", "scandir", p)) };
    await populated("out-eacces");
    const result = await runCli(["generate", ...GOOD, "--enums", "closed", "--out", "out-eacces"], dir, { fs });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/io-error: cannot write .*out-eacces.*: permission denied \(EACCES\)/);
    expect(oneLiners(result.stderr)).toBe(true);
  });
});

describe("--quiet and files set aside", () => {
  test("a file the user saved over generated output during the run is kept aside and said even under --quiet; the user's earlier notes stay in place", async () => {
    await populated("out-quiet");
    const out = join(dir, "out-quiet");
    let saved = false;
    // The user replaces a generated file (by write and rename) while the new tree is being written.
    const fs: FsLayer = {
      ...realFs,
      writeFileDurable: async (path, data) => {
        if (!saved && path.includes(".out-quiet.specguard-staging-")) {
          saved = true;
          await writeFile(join(out, "index.ts.mine"), "// my edit\n");
          await realFs.rename(join(out, "index.ts.mine"), join(out, "index.ts"));
        }
        return realFs.writeFileDurable(path, data);
      },
    };
    const result = await runCli(["generate", ...GOOD, "--enums", "closed", "--out", "out-quiet", "--quiet"], dir, { fs });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^specguard: notice: 1 file\(s\) saved into .*out-quiet.* during the run collide with new output; kept in .*\.out-quiet\.specguard-kept-\d+/);
    const kept = (await readdir(dir)).find((name) => name.startsWith(".out-quiet.specguard-kept-"))!;
    expect((await tree(join(dir, kept)))?.["index.ts"]).toBe("// my edit\n");
    expect((await tree(out))?.["extra/keep.txt"]).toBe("user data\n");
  });
});
