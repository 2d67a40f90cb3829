/**
 * `specguard generate --watch` on a temporary spec copy: an edit shows up in the output; a
 * broken save prints the problem with line:column and the process keeps running with the last
 * good output untouched; the fix shows up again; the config is watched the same way; SIGINT
 * (Ctrl-C) ends it with exit code 0. And with the spec inside the output folder, which every run
 * switches whole, each edit is still seen.
 * Every wait is a bounded poll for an observable condition, never a fixed sleep.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ROOT } from "./support/generated.ts";

/** A `generate --watch` child: what it printed so far, and its exit code once it exited. */
interface Watcher {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: number | null | undefined;
}

function startWatch(cwd: string, args: readonly string[]): Watcher {
  const child = spawn(process.execPath, [join(ROOT, "bin/specguard.js"), "generate", "--watch", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const w: Watcher = { child, stdout: "", stderr: "", exit: undefined };
  child.stdout!.on("data", (d: Buffer) => (w.stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (w.stderr += d.toString()));
  child.on("exit", (code) => (w.exit = code));
  return w;
}

/** Polls `check` every 50 ms until it returns true, failing after `limitMs` with what `w` printed. */
async function waitFor(w: Watcher, what: string, check: () => boolean | Promise<boolean>, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstdout:\n${w.stdout}\nstderr:\n${w.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const dirs: string[] = [];
const watchers: Watcher[] = [];

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "specguard-watch-"));
  dirs.push(dir);
  await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

afterAll(async () => {
  for (const w of watchers) if (w.exit === undefined) w.child.kill("SIGKILL");
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const CONFIG = 'export default { spec: "spec.yaml", out: "out", cacheDir: "cache", enums: "open" };\n';
let work: string;
let w: Watcher;
const until = (what: string, check: () => boolean | Promise<boolean>) => waitFor(w, what, check);
const widget = () => readFile(join(work, "out/schemas/widget.ts"), "utf8").catch(() => "");

beforeAll(async () => {
  work = await project({ "specguard.config.ts": CONFIG });
  await cp(join(ROOT, "test/fixtures/incremental/spec.yaml"), join(work, "spec.yaml"));
  w = startWatch(work, ["--all"]);
  watchers.push(w);
});

test("watch: edit → output changes; broken save → error, still running, output kept; fix → output again; config edits apply; Ctrl-C → w.exit 0", async () => {
  await until("the first run and the watcher", () => w.stdout.includes("watching"));
  expect(await widget()).toContain("status: WidgetStatus;");
  expect(w.stdout).toContain("types: no earlier manifest");

  // 1. Edit a property: `status` gains a value.
  const spec = await readFile(join(work, "spec.yaml"), "utf8");
  const edited = spec.replace("enum: [active, retired]", "enum: [active, retired, archived]");
  await writeFile(join(work, "spec.yaml"), edited);
  await until("the edit in the output", async () => (await widget()).includes('Archived: "archived"'));
  await until("the change summary", () => w.stdout.includes('WidgetStatus gained "archived"'));
  // Only the module that declares the enum was emitted again (`part` came from the in-memory
  // module cache); the layout engine laid out its public file and the widget's internal file
  // (runtime.ts, internal/runtime.ts and index.ts printed the same text: their final text came
  // from the cache); prettier ran on none.
  expect(w.stdout.split("\n").filter((l) => l.includes(" schemas → ")).at(-1)).toContain(", laid out 2; files: 0 added, 2 changed, 0 removed");
  const good = await widget();

  // 2. A broken save: invalid YAML. The error names line:column; the process keeps running.
  await writeFile(join(work, "spec.yaml"), edited.replace("      required: [id, object, status]", "      required: [id, object, status"));
  await until("the YAML error", () => /spec\.yaml:\d+:\d+/.test(w.stderr));
  expect(w.stderr).toContain("spec-parse");
  expect(w.stderr).toContain("output left as it was");
  expect(w.exit).toBeUndefined();
  expect(await widget()).toBe(good);

  // 3. Fix it (with one more change), and the output follows again.
  await writeFile(join(work, "spec.yaml"), edited.replace("A widget.", "A widget, fixed."));
  await until("the fixed spec in the output", async () => (await widget()).includes("A widget, fixed."));
  expect(w.exit).toBeUndefined();

  // A generated file deleted behind the watcher's back comes back with the next run.
  await rm(join(work, "out/schemas/part.ts"));
  await writeFile(join(work, "spec.yaml"), edited.replace("A widget.", "A widget, fixed twice."));
  await until("the deleted module restored", () => existsSync(join(work, "out/schemas/part.ts")));
  await until("the second fix in the output", async () => (await widget()).includes("A widget, fixed twice."));

  // 4. The config is watched too: a broken save of it is reported, a good one applies.
  await writeFile(join(work, "specguard.config.ts"), "export default { spec: ");
  await until("the config error", () => w.stderr.includes("specguard.config.ts: the config does not load"));
  expect(w.exit).toBeUndefined();
  expect(await widget()).toContain("UnknownEnumValue");
  await writeFile(join(work, "specguard.config.ts"), CONFIG.replace('"open"', '"closed"'));
  await until("closed enums in the output", async () => !(await widget()).includes("UnknownEnumValue") && (await widget()).includes("A widget, fixed twice."));

  // A user's file where a generated one goes: said as a single run says it, and the watcher goes on.
  await rm(join(work, "out/schemas/part.ts"));
  await writeFile(join(work, "out/schemas/part.ts"), "// mine\n");
  await writeFile(join(work, "spec.yaml"), edited.replace("A widget.", "A widget, blocked."));
  await until("the file in the way", () => w.stderr.includes("out-in-the-way"));
  expect(w.stderr).not.toContain("unexpected error");
  expect(await readFile(join(work, "out/schemas/part.ts"), "utf8")).toBe("// mine\n");
  await rm(join(work, "out/schemas/part.ts"));
  await writeFile(join(work, "spec.yaml"), edited.replace("A widget.", "A widget, fixed twice."));
  await until("the module back after the user's file went", () => existsSync(join(work, "out/schemas/part.ts")));

  // 5. Ctrl-C exits cleanly.
  w.child.kill("SIGINT");
  await until("the process to w.exit", () => w.exit !== undefined);
  expect(w.exit).toBe(0);
  expect(w.stdout).toContain("stopped watching");
}, 120_000);

test("every edit of a spec that lives in the output folder is seen, not only the first", async () => {
  const dir = await project({ "specguard.config.ts": 'export default { spec: "api/spec.yaml", out: "api", cacheDir: "cache", all: true };\n' });
  await mkdir(join(dir, "api"));
  await cp(join(ROOT, "test/fixtures/incremental/spec.yaml"), join(dir, "api/spec.yaml"));
  const inOut = startWatch(dir, []);
  watchers.push(inOut);
  const schema = () => readFile(join(dir, "api/schemas/widget.ts"), "utf8").catch(() => "");
  await waitFor(inOut, "the first run", async () => inOut.stdout.includes("watching") && (await schema()).includes("A widget."));
  const spec = await readFile(join(dir, "api/spec.yaml"), "utf8");
  for (const [i, text] of ["A widget, once.", "A widget, twice.", "A widget, thrice."].entries()) {
    await writeFile(join(dir, "api/spec.yaml"), spec.replace("A widget.", text));
    await waitFor(inOut, `edit ${i + 1} in the output`, async () => (await schema()).includes(text));
  }
  expect(inOut.exit).toBeUndefined();
}, 120_000);

/** A `format: "prettier"` project with a watcher past its first run (two-space output). */
async function prettierWatch(): Promise<{ dir: string; pw: Watcher; part: () => Promise<string>; widget: () => Promise<string> }> {
  const dir = await project({ "specguard.config.ts": 'export default { spec: "spec.yaml", out: "out", cacheDir: "cache", all: true, format: "prettier" };\n' });
  await cp(join(ROOT, "test/fixtures/incremental/spec.yaml"), join(dir, "spec.yaml"));
  const pw = startWatch(dir, []);
  watchers.push(pw);
  const part = () => readFile(join(dir, "out/schemas/part.ts"), "utf8").catch(() => "");
  const widget = () => readFile(join(dir, "out/schemas/widget.ts"), "utf8").catch(() => "");
  await waitFor(pw, "the first run", async () => pw.stdout.includes("watching") && (await part()).includes("\n  "));
  return { dir, pw, part, widget };
}

test("with format: prettier, a changed .prettierrc reaches every module at the next run (the in-memory cache is not reused)", async () => {
  const { dir, pw, part, widget } = await prettierWatch();
  await writeFile(join(dir, ".prettierrc"), '{ "useTabs": true }\n');
  // Only the widget's text changes; the part module comes from the in-memory cache unless its key saw the new options.
  const spec = await readFile(join(dir, "spec.yaml"), "utf8");
  await writeFile(join(dir, "spec.yaml"), spec.replace("A widget.", "A widget, tabbed."));
  await waitFor(pw, "the edit in the output", async () => (await widget()).includes("A widget, tabbed."));
  expect(await part()).toMatch(/\n\t/);
  expect(await part()).not.toMatch(/\n  \S/);
  // The prettier config is watched too: editing it alone regenerates.
  await writeFile(join(dir, ".prettierrc"), '{ "useTabs": false }\n');
  await waitFor(pw, "the .prettierrc edit in the output", async () => /\n  \S/.test(await part()));
  expect(await part()).not.toMatch(/\n\t/);
}, 120_000);

test("with format: prettier and no prettier config yet, one that appears in the project folder is picked up", async () => {
  const { dir, pw, part } = await prettierWatch();
  expect(pw.stdout).toMatch(/a prettier config appearing in /);
  await writeFile(join(dir, ".prettierrc.json"), '{ "useTabs": true }\n');
  await waitFor(pw, "the new config in the output", async () => /\n\t/.test(await part()));
}, 120_000);
