/**
 * Cached and uncached runs agree (README "Guarantees"): the fast path's "up to date" and the
 * module cache answer for the user's prettier config and for stale files in the output folder;
 * only specguard's own temporary files are cleared; two `--check` runs never block each other.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { outputEnvironment } from "../generator/cache.ts";
import type { Config } from "../generator/config.ts";
import { generate } from "../generator/index.ts";
import { lockFile } from "../generator/write/lock.ts";
import { withOutput } from "../generator/write/output.ts";
import { DEAD_PID, FIXTURE_SPEC, runCli, scratch, spawnCli, tree } from "./support/safety.ts";

let dir: string;
let done: () => Promise<void>;
const SPEC = ["--spec", "good.yaml", "--select", "gelato_session_last_error"];

beforeAll(async () => {
  ({ dir, done } = await scratch("verdicts"));
  await cp(FIXTURE_SPEC, join(dir, "good.yaml"));
});

afterAll(() => done());

/** A project folder of its own (its own cache, its own prettier config). */
async function project(name: string): Promise<string> {
  const root = join(dir, name);
  await mkdir(root, { recursive: true });
  await cp(join(dir, "good.yaml"), join(root, "good.yaml"));
  return root;
}

describe("the user's prettier config decides the output of format: prettier", () => {
  test("a changed .prettierrc makes --check stale and regenerates; the module cache never serves the old formatting", async () => {
    const root = await project("prettierrc");
    const args = [...SPEC, "--prettier", "--out", "out"];
    expect((await runCli(["generate", ...args], root)).code).toBe(0);
    await writeFile(join(root, ".prettierrc"), '{"useTabs":true,"singleQuote":true}\n');
    const check = await runCli(["generate", ...args, "--check"], root);
    expect(check.stderr).toMatch(/is stale/);
    expect(check.code).toBe(1);
    // Without the state record, the module cache answers: it must not hold the old formatting.
    await rm(join(root, "node_modules/.cache/specguard/state"), { recursive: true, force: true });
    expect((await runCli(["generate", ...args], root)).code).toBe(0);
    expect((await runCli(["generate", ...SPEC, "--prettier", "--out", "fresh", "--no-cache"], root)).code).toBe(0);
    const cached = await tree(join(root, "out"));
    expect(cached).toEqual(await tree(join(root, "fresh")));
    expect(cached!["runtime.ts"]).toMatch(/^\t/m); // the config applied: tabs
    // And back: the fast path and the cache follow the config the other way too.
    await rm(join(root, ".prettierrc"));
    expect((await runCli(["generate", ...args, "--check"], root)).code).toBe(1);
    expect((await runCli(["generate", ...args], root)).code).toBe(0);
    expect((await tree(join(root, "out")))!["runtime.ts"]).not.toMatch(/^\t/m);
  });
});

describe("the user's prettier options are found once per run", () => {
  test("a .prettierrc saved after the CLI read it (mid-run) decides neither the text nor the module cache entry of that run", async () => {
    const root = await project("prettierrc-once");
    const config = { spec: join(root, "good.yaml"), select: ["gelato_session_last_error"], format: "prettier" as const, out: join(root, "out"), cacheDir: join(root, "cache") };
    // What the CLI found before the run (no .prettierrc: double quotes) …
    const before = await outputEnvironment(config as Config);
    // … then the user saves one while the run goes on.
    await writeFile(join(root, ".prettierrc"), '{"singleQuote":true}\n');
    const first = await generate({ ...config, environment: before });
    const runtime = (r: typeof first): string => r.files.find((f) => f.path === "runtime.ts")!.content;
    expect(runtime(first)).toContain(`this.name = "ValidationError";`);
    // The next run finds the new options: its cache key differs, so nothing double-quoted is served.
    const second = await generate(config);
    expect(runtime(second)).toContain(`this.name = 'ValidationError';`);
    expect(second.emitted.length).toBe(first.emitted.length);
  });
});

describe("the fast path sees files the write would remove", () => {
  test("a stale generated file (runtime.js beside runtime.ts): cached --check and generate agree with --no-cache", async () => {
    const root = await project("stale-file");
    const args = [...SPEC, "--out", "out"];
    expect((await runCli(["generate", ...args], root)).code).toBe(0);
    await cp(join(root, "out/runtime.ts"), join(root, "out/runtime.js"));
    const uncached = await runCli(["generate", ...args, "--check", "--no-cache"], root);
    expect(uncached.code).toBe(1);
    const cached = await runCli(["generate", ...args, "--check"], root);
    expect(cached.stderr).toMatch(/removed 1:\s+runtime\.js/);
    expect(cached.code).toBe(1);
    const write = await runCli(["generate", ...args], root);
    expect(write.code).toBe(0);
    expect(write.stdout).not.toMatch(/up to date/);
    expect(Object.keys((await tree(join(root, "out")))!)).not.toContain("runtime.js");
    expect((await runCli(["generate", ...args, "--check"], root)).code).toBe(0);
  });
});

describe("only specguard's own temporary files are cleared", () => {
  test("a user's *.json.<digits>.tmp or *.ts.<digits>.tmp away from specguard's files is kept; a killed old run's temp beside its file goes", async () => {
    const root = await project("user-tmp");
    const args = [...SPEC, "--out", "out"];
    expect((await runCli(["generate", ...args], root)).code).toBe(0);
    await mkdir(join(root, "out/mydata"), { recursive: true });
    const kept = {
      "mydata/export.json.20261127.tmp": "precious\n",
      "mydata/notes.ts.17.tmp": "mine\n",
      // Beside a generated file, but no pid: its digits are a date above every system's pid limit.
      "runtime.ts.20261127.tmp": "also mine\n",
    };
    for (const [path, text] of Object.entries(kept)) await writeFile(join(root, "out", path), text);
    await writeFile(join(root, "out", "manifest.json.12345.tmp"), "{ half"); // specguard 0.1's, killed
    const result = await runCli(["generate", ...args, "--enums", "closed"], root);
    expect(result.code).toBe(0);
    const after = (await tree(join(root, "out")))!;
    for (const [path, text] of Object.entries(kept)) expect(after[path]).toBe(text);
    expect(Object.keys(after)).not.toContain("manifest.json.12345.tmp");
  });

  test("a killed old run's temp file that generate would remove makes --check stale (cached or not), and generate says it removed it", async () => {
    const root = await project("own-tmp-check");
    const args = [...SPEC, "--out", "out"];
    expect((await runCli(["generate", ...args], root)).code).toBe(0);
    await writeFile(join(root, "out", "runtime.ts.4242.tmp"), "half\n");
    for (const extra of [[], ["--no-cache"]]) {
      const check = await runCli(["generate", ...args, "--check", ...extra], root);
      expect(check.stderr).toMatch(/removed 1:\s+runtime\.ts\.4242\.tmp/);
      expect(check.code).toBe(1);
    }
    const write = await runCli(["generate", ...args], root);
    expect(write.code).toBe(0);
    expect(write.stdout).toMatch(/removed 1:\s+runtime\.ts\.4242\.tmp/);
    expect(Object.keys((await tree(join(root, "out")))!)).not.toContain("runtime.ts.4242.tmp");
    expect((await runCli(["generate", ...args, "--check"], root)).code).toBe(0);
  });
});

describe("--check never blocks another --check", () => {
  test("a second --check (another process) runs while the first is reading; a write waits its turn", async () => {
    const root = await project("checks");
    const args = [...SPEC, "--no-format", "--out", "out"];
    expect((await runCli(["generate", ...args], root)).code).toBe(0);
    const before = await tree(join(root, "out"));
    let reading!: () => void;
    let resume!: () => void;
    const paused = new Promise<void>((r) => (reading = r));
    const go = new Promise<void>((r) => (resume = r));
    const first = runCli(["generate", ...args, "--check"], root, {
      afterSpecRead: async () => {
        reading();
        await go;
      },
    });
    await paused;
    try {
      const second = await spawnCli(["generate", ...args, "--check"], root);
      expect(second.stderr).toBe("");
      expect(second.code).toBe(0);
      // A write must not switch the folder under a reader.
      const write = await spawnCli(["generate", ...args, "--enums", "closed"], root);
      expect(write.stderr).toMatch(/out-locked: .*--check/);
      expect(write.code).toBe(2);
      expect(await tree(join(root, "out"))).toEqual(before);
    } finally {
      resume();
    }
    expect((await first).code).toBe(0);
    expect((await runCli(["generate", ...args, "--enums", "closed"], root)).code).toBe(0);
    expect(await readFile(join(root, "out/manifest.json"), "utf8")).toContain('"enums": "closed"');
    expect((await readdir(root)).filter((n) => n.includes("specguard-"))).toEqual([]);
  });

  test("a check finding a killed run's lock settles the folder, then shares it; a check waits for that instead of failing", async () => {
    const root = await project("settle");
    const args = [...SPEC, "--no-format", "--out", "out"];
    expect((await runCli(["generate", ...args], root)).code).toBe(0);
    await writeFile(lockFile(join(root, "out")), `pid ${DEAD_PID} on ${hostname()}\n`);
    await mkdir(join(root, `.out.specguard-staging-${DEAD_PID}`));
    const check = await runCli(["generate", ...args, "--check"], root);
    expect(check.code).toBe(0);
    expect(check.stderr).toMatch(/removed the temporary folder/);
    expect((await readdir(root)).filter((n) => n.includes("specguard-"))).toEqual([]);
    // Another check (this process) settling: a second check waits for it, then reads.
    await writeFile(lockFile(join(root, "out")), `pid ${process.pid} on ${hostname()}\nsettling for --check\n`);
    let read = false;
    const waiting = withOutput(join(root, "out"), "read", { cwd: root }, async () => (read = true));
    await new Promise((r) => setTimeout(r, 300)); // a few ms would do: it waits, it does not fail
    expect(read).toBe(false);
    await rm(lockFile(join(root, "out")));
    await waiting;
    expect(read).toBe(true);
    // Several checks at once after a killed run: one settles, all read, none fails.
    await writeFile(lockFile(join(root, "out")), `pid ${DEAD_PID} on ${hostname()}\n`);
    await mkdir(join(root, `.out.specguard-staging-${DEAD_PID}`));
    const reads = await Promise.all(Array.from({ length: 6 }, () => withOutput(join(root, "out"), "read", { cwd: root }, async () => tree(join(root, "out")))));
    for (const seen of reads) expect(seen).toEqual(reads[0]);
    expect((await readdir(root)).filter((n) => n.includes("specguard-"))).toEqual([]);
  });
});
