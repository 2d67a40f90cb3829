/**
 * `specguard generate --watch` on a temporary spec copy: an edit shows up in the output; a
 * broken save prints the problem with line:column and the process keeps running with the last
 * good output untouched; the fix shows up again; the config is watched the same way; SIGINT
 * (Ctrl-C) ends it with exit code 0.
 * Every wait is a bounded poll for an observable condition, never a fixed sleep.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ROOT } from "./support/generated.ts";

let work: string;
let child: ChildProcess;
let stdout = "";
let stderr = "";
let exit: number | null | undefined;

/** Polls `check` every 50 ms until it returns true, failing after `limitMs`. */
async function until(what: string, check: () => boolean | Promise<boolean>, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const CONFIG = 'export default { spec: "spec.yaml", out: "out", cacheDir: "cache", enums: "open" };\n';
const widget = () => readFile(join(work, "out/schemas/widget.ts"), "utf8").catch(() => "");

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "specguard-watch-"));
  await cp(join(ROOT, "test/fixtures/incremental/spec.yaml"), join(work, "spec.yaml"));
  await writeFile(join(work, "package.json"), '{ "type": "module" }\n');
  await writeFile(join(work, "specguard.config.ts"), CONFIG);
  const args = [join(ROOT, "bin/specguard.js"), "generate", "--watch", "--all"];
  child = spawn(process.execPath, args, { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  child.on("exit", (code) => (exit = code));
});

afterAll(async () => {
  if (exit === undefined) child.kill("SIGKILL");
  await rm(work, { recursive: true, force: true });
});

test("watch: edit → output changes; broken save → error, still running, output kept; fix → output again; config edits apply; Ctrl-C → exit 0", async () => {
  await until("the first run and the watcher", () => stdout.includes("watching"));
  expect(await widget()).toContain("status: WidgetStatus;");
  expect(stdout).toContain("types: no earlier manifest");

  // 1. Edit a property: `status` gains a value.
  const spec = await readFile(join(work, "spec.yaml"), "utf8");
  const edited = spec.replace("enum: [active, retired]", "enum: [active, retired, archived]");
  await writeFile(join(work, "spec.yaml"), edited);
  await until("the edit in the output", async () => (await widget()).includes('Archived: "archived"'));
  await until("the change summary", () => stdout.includes('WidgetStatus gained "archived"'));
  // Only the module that declares the enum was emitted again (`part` came from the in-memory
  // module cache); the layout engine laid out its public file and the widget's internal file
  // (runtime.ts, internal/runtime.ts and index.ts printed the same text: their final text came
  // from the cache); prettier ran on none.
  expect(stdout.split("\n").filter((l) => l.includes(" schemas → ")).at(-1)).toContain(", laid out 2; files: 0 added, 2 changed, 0 removed");
  const good = await widget();

  // 2. A broken save: invalid YAML. The error names line:column; the process keeps running.
  await writeFile(join(work, "spec.yaml"), edited.replace("      required: [id, object, status]", "      required: [id, object, status"));
  await until("the YAML error", () => /spec\.yaml:\d+:\d+/.test(stderr));
  expect(stderr).toContain("spec-parse");
  expect(stderr).toContain("output left as it was");
  expect(exit).toBeUndefined();
  expect(await widget()).toBe(good);

  // 3. Fix it (with one more change), and the output follows again.
  await writeFile(join(work, "spec.yaml"), edited.replace("A widget.", "A widget, fixed."));
  await until("the fixed spec in the output", async () => (await widget()).includes("A widget, fixed."));
  expect(exit).toBeUndefined();

  // A generated file deleted behind the watcher's back comes back with the next run.
  await rm(join(work, "out/schemas/part.ts"));
  await writeFile(join(work, "spec.yaml"), edited.replace("A widget.", "A widget, fixed twice."));
  await until("the deleted module restored", () => existsSync(join(work, "out/schemas/part.ts")));
  await until("the second fix in the output", async () => (await widget()).includes("A widget, fixed twice."));

  // 4. The config is watched too: a broken save of it is reported, a good one applies.
  await writeFile(join(work, "specguard.config.ts"), "export default { spec: ");
  await until("the config error", () => stderr.includes("specguard.config.ts: the config does not load"));
  expect(exit).toBeUndefined();
  expect(await widget()).toContain("UnknownEnumValue");
  await writeFile(join(work, "specguard.config.ts"), CONFIG.replace('"open"', '"closed"'));
  await until("closed enums in the output", async () => !(await widget()).includes("UnknownEnumValue") && (await widget()).includes("A widget, fixed twice."));

  // 5. Ctrl-C exits cleanly.
  child.kill("SIGINT");
  await until("the process to exit", () => exit !== undefined);
  expect(exit).toBe(0);
  expect(stdout).toContain("stopped watching");
}, 120_000);
