/**
 * `generate --watch` with the spec inside the output folder (`out: api`, `spec: api/spec.yaml`):
 * every run switches the output folder whole (a new folder takes its name), so the watcher must
 * follow the new folder; before, the second edit went unseen while it still said "watching".
 * Every wait is a bounded poll for an observable condition, never a fixed sleep.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ROOT } from "./support/generated.ts";

let work: string;
let child: ChildProcess;
let stdout = "";
let stderr = "";
let exit: number | null | undefined;

async function until(what: string, check: () => Promise<boolean>, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const widget = () => readFile(join(work, "api/schemas/widget.ts"), "utf8").catch(() => "");

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "specguard-watch-in-out-"));
  await mkdir(join(work, "api"));
  await cp(join(ROOT, "test/fixtures/incremental/spec.yaml"), join(work, "api/spec.yaml"));
  await writeFile(join(work, "package.json"), '{ "type": "module" }\n');
  await writeFile(join(work, "specguard.config.ts"), 'export default { spec: "api/spec.yaml", out: "api", cacheDir: "cache", all: true };\n');
  child = spawn(process.execPath, [join(ROOT, "bin/specguard.js"), "generate", "--watch"], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  child.on("exit", (code) => (exit = code));
});

afterAll(async () => {
  if (exit === undefined) child.kill("SIGKILL");
  await rm(work, { recursive: true, force: true });
});

test("every edit of a spec that lives in the output folder is seen, not only the first", async () => {
  await until("the first run", async () => stdout.includes("watching") && (await widget()).includes("A widget."));
  const spec = await readFile(join(work, "api/spec.yaml"), "utf8");
  for (const [i, text] of ["A widget, once.", "A widget, twice.", "A widget, thrice."].entries()) {
    await writeFile(join(work, "api/spec.yaml"), spec.replace("A widget.", text));
    await until(`edit ${i + 1} in the output`, async () => (await widget()).includes(text));
  }
  expect(await readFile(join(work, "api/spec.yaml"), "utf8")).toContain("A widget, thrice.");
  expect(exit).toBeUndefined();
}, 120_000);
