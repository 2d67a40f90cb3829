/**
 * Real kills (README "Guarantees"): a child process sends itself SIGKILL at a step of the switch
 * (chosen through the write stage's fault hook, not by timing). The output folder is then the
 * complete old or the complete new one, and the next run settles everything the kill left: the
 * lock of a dead process, the staging, ready and backup folders.
 */
import { spawn } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generate, type EmittedFile } from "../generator/index.ts";
import { withOutput } from "../generator/write/output.ts";
import { WRITE_STEPS, type WriteStep } from "../generator/write/swap.ts";
import { writeOutput } from "../generator/write/write.ts";
import { ROOT } from "./support/generated.ts";
import { FIXTURE_SPEC, scratch, tree } from "./support/safety.ts";

let dir: string;
let done: () => Promise<void>;
let oldTree: Record<string, string>;
let newTree: Record<string, string>;
let oldFiles: EmittedFile[];

beforeAll(async () => {
  ({ dir, done } = await scratch("kill"));
  oldFiles = (await generate({ spec: FIXTURE_SPEC, all: true, format: false, cacheDir: false })).files;
  const newFiles = (await generate({ spec: FIXTURE_SPEC, select: ["gelato_session_last_error"], enums: "closed", format: false, cacheDir: false })).files;
  const user = { "notes/keep.md": "mine\n" };
  oldTree = { ...Object.fromEntries(oldFiles.map((f) => [f.path, f.content])), ...user };
  newTree = { ...Object.fromEntries(newFiles.map((f) => [f.path, f.content])), ...user };
});

afterAll(() => done());

function killedAt(out: string, step: WriteStep): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/run-ts.js"), join(ROOT, "test/support/kill-at.ts"), out, step, dir], { stdio: "ignore" });
    child.on("error", reject);
    child.on("close", (_code, signal) => resolve(signal));
  });
}

describe("SIGKILL during the switch", () => {
  const steps: WriteStep[] = ["staging-partly-written", "staged", "old-moved-aside", "new-in-place", "backup-partly-removed"];
  test.each(steps)("killed at %s", async (step) => {
    const parent = join(dir, step);
    const out = join(parent, "out");
    await writeOutput(out, oldFiles, { cwd: dir });
    await mkdir(join(out, "notes"));
    await writeFile(join(out, "notes/keep.md"), "mine\n");

    expect(await killedAt(out, step)).toBe("SIGKILL");
    const committed = WRITE_STEPS.indexOf(step) >= WRITE_STEPS.indexOf("new-in-place");
    const seen = await tree(out);
    if (step === "old-moved-aside") expect(seen).toBeUndefined();
    else expect(seen).toEqual(committed ? newTree : oldTree);
    expect((await readdir(parent)).some((n) => n.endsWith(".specguard-lock"))).toBe(true); // the dead run's lock

    const notices: string[] = [];
    await withOutput(out, "read", { cwd: dir, notice: (m) => notices.push(m) }, async () => undefined);
    expect(notices.join("\n")).toMatch(/removed a stale lock .* left by pid \d+, which is no longer running/);
    expect(await tree(out)).toEqual(committed ? newTree : oldTree);
    expect(await readdir(parent)).toEqual(["out"]);
  });
});
