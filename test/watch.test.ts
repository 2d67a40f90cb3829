/**
 * `specguard generate --watch` on a temporary spec copy: an edit shows up in the output; a
 * broken save prints the problem with line:column and the process keeps running with the last
 * good output untouched; the fix shows up again; the config is watched the same way; SIGINT
 * (Ctrl-C) ends it with exit code 0. And with the spec inside the output folder, which every run
 * switches whole, each edit is still seen. Edits of an .mjs config apply (Node's module cache
 * does not answer for it); a spec or config that is a symbolic link is watched where it leads; a
 * cache or output folder a single run refuses is refused by every watch run too.
 * Every wait is a bounded poll for an observable condition, never a fixed sleep.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runWatch } from "../generator/commands/watch.ts";
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
  // The config says cacheDir: "cache": its compiled text is not kept in the default folder.
  expect(existsSync(join(work, "node_modules"))).toBe(false);
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
  const line = w.stdout.split("\n").filter((l) => l.includes(" schemas → ")).at(-1)!;
  expect(line).toContain(", laid out 2; files: 0 added, 2 changed, 0 removed (");
  // Where the run's time went, step by step, as a single run says it.
  expect(line).toMatch(/\(config \d+ ms, (?:[a-z]+ \d+ ms, )*write \d+ ms\)$/);
  expect(line).toMatch(/, load \d+ ms, resolve \d+ ms, model \d+ ms, /);
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
  expect(existsSync(join(work, "node_modules"))).toBe(false);

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

/** A project whose config is `specguard.config.mjs` with `text`, and the fixture spec. */
async function mjsProject(text: string): Promise<{ dir: string; widget: () => Promise<string> }> {
  const dir = await project({ "specguard.config.mjs": text });
  await cp(join(ROOT, "test/fixtures/incremental/spec.yaml"), join(dir, "spec.yaml"));
  return { dir, widget: () => readFile(join(dir, "out/schemas/widget.ts"), "utf8").catch(() => "") };
}

const mjs = (enums: string, cacheDir = "cache", out = "out") => `export default { spec: "spec.yaml", out: "${out}", cacheDir: "${cacheDir}", all: true, enums: "${enums}" };\n`;

test.each([
  ["an .mjs config", "specguard.config.mjs", '{ "type": "module" }\n', (enums: string) => mjs(enums)],
  ["a CommonJS .js config (Node's require cache)", "specguard.config.js", "{}\n", (enums: string) => mjs(enums).replace("export default", "module.exports =")],
])("edits of %s apply, each version evaluated as saved (not Node's first import of it)", async (_name, name, pkg, text) => {
  const { dir, widget } = await mjsProject("");
  await rm(join(dir, "specguard.config.mjs"));
  await writeFile(join(dir, "package.json"), pkg);
  await writeFile(join(dir, name), text("open"));
  const mw = startWatch(dir, []);
  watchers.push(mw);
  await waitFor(mw, "the first run", async () => mw.stdout.includes("watching") && (await widget()).includes("UnknownEnumValue"));
  await writeFile(join(dir, name), text("closed"));
  await waitFor(mw, "closed enums in the output", async () => (await widget()).includes("status: WidgetStatus;") && !(await widget()).includes("UnknownEnumValue"));
  // Back to a text imported before.
  await writeFile(join(dir, name), text("open"));
  await waitFor(mw, "open enums again", async () => (await widget()).includes("UnknownEnumValue"));
  expect(mw.exit).toBeUndefined();
}, 120_000);

test("a spec and a config that are symbolic links into other folders: edits where they lead are seen, and a link moved to another file", async () => {
  const { dir, widget } = await mjsProject("");
  const elsewhere = await mkdtemp(join(tmpdir(), "specguard-watch-links-"));
  dirs.push(elsewhere);
  await Promise.all(["a", "b", "links", "config"].map((d) => mkdir(join(elsewhere, d))));
  const spec = await readFile(join(dir, "spec.yaml"), "utf8");
  // spec.yaml → links/api.yaml → a/api.yaml (two hops); specguard.config.mjs → config/c.mjs.
  await writeFile(join(elsewhere, "a/api.yaml"), spec);
  await symlink(join(elsewhere, "a/api.yaml"), join(elsewhere, "links/api.yaml"));
  await rm(join(dir, "spec.yaml"));
  await symlink(join(elsewhere, "links/api.yaml"), join(dir, "spec.yaml"));
  await writeFile(join(elsewhere, "config/c.mjs"), mjs("open"));
  await rm(join(dir, "specguard.config.mjs"));
  await symlink(join(elsewhere, "config/c.mjs"), join(dir, "specguard.config.mjs"));
  const lw = startWatch(dir, []);
  watchers.push(lw);
  await waitFor(lw, "the first run", async () => lw.stdout.includes("watching") && (await widget()).includes("A widget."));

  await writeFile(join(elsewhere, "a/api.yaml"), spec.replace("A widget.", "A widget, edited where the links lead."));
  await waitFor(lw, "the edit of the linked spec", async () => (await widget()).includes("A widget, edited where the links lead."));

  // The middle link moved to another file (a new link renamed over it: the retarget is atomic).
  await writeFile(join(elsewhere, "b/api.yaml"), spec.replace("A widget.", "A widget, in b."));
  await symlink(join(elsewhere, "b/api.yaml"), join(elsewhere, "links/api.yaml.new"));
  await rename(join(elsewhere, "links/api.yaml.new"), join(elsewhere, "links/api.yaml"));
  await waitFor(lw, "the retargeted link", async () => (await widget()).includes("A widget, in b."));
  await writeFile(join(elsewhere, "b/api.yaml"), spec.replace("A widget.", "A widget, edited in b."));
  await waitFor(lw, "the edit of the new target", async () => (await widget()).includes("A widget, edited in b."));

  await writeFile(join(elsewhere, "config/c.mjs"), mjs("closed"));
  await waitFor(lw, "the edit of the linked config", async () => (await widget()).includes("A widget, edited in b.") && !(await widget()).includes("UnknownEnumValue"));
  expect(lw.exit).toBeUndefined();
}, 120_000);

test("a cache or output folder a single run refuses is refused by every watch run (nothing written), which goes on watching", async () => {
  const { dir, widget } = await mjsProject(mjs("open", "out/cache"));
  const before = (await readdir(dir)).sort();
  const rw = startWatch(dir, []);
  watchers.push(rw);
  await waitFor(rw, "the refused cache inside the output", () => rw.stdout.includes("watching") && /out-refused: refusing to write the cache folder "[^"]*out\/cache": it overlaps the output folder/.test(rw.stderr));
  expect(rw.stderr).toContain("waiting for the next save");
  expect((await readdir(dir)).sort()).toEqual(before);

  // A config edit names another refused folder: each run checks again.
  await writeFile(join(dir, "specguard.config.mjs"), mjs("open", "."));
  await waitFor(rw, "the refused project root as cache", () => /refusing to write the cache folder "[^"]*": it is the project root/.test(rw.stderr));
  expect((await readdir(dir)).sort()).toEqual(before);
  await writeFile(join(dir, "specguard.config.mjs"), mjs("open", "cache", "."));
  await waitFor(rw, "the refused project root as output", () => /refusing to write the output folder "[^"]*": it is the project root/.test(rw.stderr));
  expect((await readdir(dir)).sort()).toEqual(before);

  await writeFile(join(dir, "specguard.config.mjs"), mjs("open"));
  await waitFor(rw, "the output once the config is fixed", async () => (await widget()).includes("A widget."));
  expect(existsSync(join(dir, "cache"))).toBe(true);
  expect(rw.stderr).not.toContain("unexpected error");
  expect(rw.exit).toBeUndefined();
}, 120_000);

test("a save that lands while a run reads the spec: that run neither writes nor reports; the run it queued does, with both edits", async () => {
  const dir = await project({ "specguard.config.ts": 'export default { spec: "spec.yaml", out: "out", cacheDir: "cache", all: true };\n' });
  await cp(join(ROOT, "test/fixtures/incremental/spec.yaml"), join(dir, "spec.yaml"));
  const spec = await readFile(join(dir, "spec.yaml"), "utf8");
  const stop = new AbortController();
  const out = { stdout: "", stderr: "" };
  const sink = (key: "stdout" | "stderr") => ({ write: (text: string) => ((out[key] += text), true) }) as unknown as NodeJS.WritableStream;
  let overtaken: boolean | undefined;
  const done = runWatch({
    cwd: dir,
    flags: {},
    quiet: false,
    signal: stop.signal,
    stdout: sink("stdout"),
    stderr: sink("stderr"),
    // Run 2 (the first edit's) sees a second save arrive before it writes, as a save still being
    // written when a run starts would.
    beforeWrite: async (run, isOvertaken) => {
      if (run !== 2) return;
      await writeFile(join(dir, "spec.yaml"), spec.replace("enum: [active, retired]", "enum: [active, retired, archived, lost]"));
      const deadline = Date.now() + 20_000;
      while (!isOvertaken() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      overtaken = isOvertaken();
    },
  });
  const w: Watcher = { child: undefined as unknown as ChildProcess, get stdout() { return out.stdout; }, get stderr() { return out.stderr; }, exit: undefined };
  try {
    await waitFor(w, "the first run", () => out.stdout.includes("watching"));
    await writeFile(join(dir, "spec.yaml"), spec.replace("enum: [active, retired]", "enum: [active, retired, archived]"));
    await waitFor(w, "the second save's report", () => out.stdout.includes('gained "lost"'));
    expect(overtaken).toBe(true);
    const reports = out.stdout.split("\n").filter((l) => l.includes(" schemas → "));
    // The first run's and the queued run's: the overtaken run said nothing.
    expect(reports).toHaveLength(2);
    expect(out.stdout).toContain('WidgetStatus gained "archived"');
    expect(out.stderr).toBe("");
    expect(await readFile(join(dir, "out/schemas/widget.ts"), "utf8")).toContain('Lost: "lost"');
  } finally {
    stop.abort();
    await done;
  }
}, 60_000);
