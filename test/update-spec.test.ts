/**
 * `specguard update-spec FILE` in a temporary project: the new spec is pinned under the old
 * one's name with the new version, the config points at it, PROVENANCE.md records source,
 * version, sha256 and date, the output is regenerated, and the change report is printed. A spec
 * that does not load changes nothing and exits 2.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { pinnedName } from "../generator/commands/update-spec.ts";
import { ROOT } from "./support/generated.ts";

let work: string;
/** Every scratch project made, removed after the file's tests. */
const scratches: string[] = [];

function cli(args: string[], cwd = work): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/specguard.js"), ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[relative(dir, join(e.parentPath, e.name)).split(sep).join("/")] = await readFile(join(e.parentPath, e.name), "utf8");
  }
  return out;
}

const CONFIG = `export default {\n  spec: "spec/fixture-1.yaml",\n  out: "generated",\n  all: true,\n  format: false,\n  cacheDir: false,\n};\n`;

/** A fresh project in a temporary folder: the version-1 fixture pinned, `incoming.yaml` beside it, not generated yet. */
async function scratch(configName = "specguard.config.ts", config = CONFIG): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "specguard-update-"));
  scratches.push(dir);
  await mkdir(join(dir, "spec"));
  await copyFile(join(ROOT, "test/fixtures/diff/old.yaml"), join(dir, "spec/fixture-1.yaml"));
  await writeFile(join(dir, "spec/PROVENANCE.md"), "# Pinned spec\n\nThe first fixture.\n\n    sha256  " + "0".repeat(64) + "\n");
  await writeFile(join(dir, configName), config);
  // A folder without package.json makes tsx load the config as CommonJS, which fails; a real
  // project has one.
  await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
  await copyFile(join(ROOT, "test/fixtures/diff/new.yaml"), join(dir, "incoming.yaml"));
  return dir;
}

beforeAll(async () => {
  work = await scratch();
  await writeFile(join(work, "broken.yaml"), "openapi: 3.0.0\ninfo: { title: x, version: '9' }\ncomponents: [\n");
  expect((await cli(["generate", "--quiet"])).code).toBe(0);
});

afterAll(async () => {
  for (const dir of scratches) await rm(dir, { recursive: true, force: true });
});

test("a spec that does not load changes nothing and exits 2", async () => {
  const before = await tree(work);
  const r = await cli(["update-spec", "broken.yaml"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+/);
  expect(r.stderr).toContain("nothing was changed");
  expect(await tree(work)).toEqual(before);
});

test("update-spec pins the new file, repoints the config, records provenance, regenerates and reports", async () => {
  const r = await cli(["update-spec", "incoming.yaml", "--source", "hand-written fixture, version 2"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(existsSync(join(work, "spec/fixture-1.yaml"))).toBe(false);
  const pinned = await readFile(join(work, "spec/fixture-2.yaml"), "utf8");
  expect(pinned).toBe(await readFile(join(work, "incoming.yaml"), "utf8"));
  expect(await readFile(join(work, "specguard.config.ts"), "utf8")).toBe(CONFIG.replace("spec/fixture-1.yaml", "spec/fixture-2.yaml"));

  const sha = createHash("sha256").update(pinned).digest("hex");
  const provenance = await readFile(join(work, "spec/PROVENANCE.md"), "utf8");
  expect(/sha256\s+([0-9a-f]{64})/.exec(provenance)?.[1]).toBe(sha);
  expect(provenance).toContain("| source | hand-written fixture, version 2 |");
  expect(provenance).toContain("| API version | 2 |");
  expect(provenance).toMatch(/\| pinned on \| \d{4}-\d{2}-\d{2} \|/);
  expect(provenance).toContain("| replaces | fixture-1.yaml (API version 1) |");
  expect(provenance).toContain("## Earlier pins");
  expect(provenance).toContain("The first fixture.");

  const manifest = JSON.parse(await readFile(join(work, "generated/manifest.json"), "utf8")) as { spec: { sha256: string; source: string; version: string } };
  expect(manifest.spec).toEqual({ title: "Diff fixture", version: "2", sha256: sha, source: "fixture-2.yaml" });
  expect(existsSync(join(work, "generated/schemas/fresh.ts"))).toBe(true);
  expect(existsSync(join(work, "generated/schemas/gone.ts"))).toBe(false);

  expect(r.stdout).toContain("pinned spec/fixture-2.yaml (API version 2)");
  expect(r.stdout).toContain('ThingStatus gained "archived"');
  expect(r.stdout).toContain("7 breaking, 4 warnings, 7 safe");

  // The project is consistent afterwards: generate --check agrees.
  expect((await cli(["generate", "--check", "--quiet"])).code).toBe(0);
});

test.each(["specguard.config.mjs", "specguard.config.js", "specguard.config.mts"])("a %s config is found and repointed like a .ts one", async (name) => {
  const dir = await scratch(name);
  const r = await cli(["update-spec", "incoming.yaml"], dir);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`${name} now points at it`);
  expect(await readFile(join(dir, name), "utf8")).toBe(CONFIG.replace("spec/fixture-1.yaml", "spec/fixture-2.yaml"));
  expect(existsSync(join(dir, "spec/fixture-1.yaml"))).toBe(false);
  expect((await cli(["generate", "--check", "--quiet"], dir)).code).toBe(0);
});

test("a config whose spec path is computed is refused before anything changes", async () => {
  const dir = await scratch("specguard.config.mjs", 'const folder = "spec";\n' + CONFIG.replace('"spec/fixture-1.yaml"', "`${folder}/fixture-1.yaml`"));
  const before = await tree(dir);
  const r = await cli(["update-spec", "incoming.yaml"], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("specguard.config.mjs");
  expect(r.stderr).toContain("by hand");
  expect(r.stderr).toContain('"spec/fixture-2.yaml"');
  expect(r.stderr).toContain("nothing was changed");
  expect(await tree(dir)).toEqual(before);
});

// The output write fails after the spec checked out: a user's file where specguard would write
// (found while writing), a folder another run holds, a folder that holds a project.
test.each([
  ["a user's file at a generated path", "generated/index.ts", "hand\n", "not specguard's"],
  ["a folder another run holds", ".generated.specguard-lock", `pid ${process.pid} on ${hostname()}\n`, "out-locked"],
  ["an output folder holding a project", "generated/package.json", "{}\n", "out-refused"],
])("%s: exit 2 and spec, config, PROVENANCE and output stay as they were", async (_, path, content, why) => {
  const dir = await scratch();
  await mkdir(join(dir, "generated"), { recursive: true });
  await writeFile(join(dir, path), content);
  const before = await tree(dir);
  const r = await cli(["update-spec", "incoming.yaml"], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(why);
  expect(r.stderr).toContain("nothing was changed");
  expect(await tree(dir)).toEqual(before);
});

test("run from a sub-folder, the config's paths resolve against the config's folder", async () => {
  const dir = await scratch();
  await mkdir(join(dir, "sub"));
  const r = await cli(["update-spec", "../incoming.yaml"], join(dir, "sub"));
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(await readdir(join(dir, "sub"))).toEqual([]);
  expect(existsSync(join(dir, "spec/fixture-2.yaml"))).toBe(true);
  expect(existsSync(join(dir, "spec/fixture-1.yaml"))).toBe(false);
  expect(await readFile(join(dir, "specguard.config.ts"), "utf8")).toBe(CONFIG.replace("spec/fixture-1.yaml", "spec/fixture-2.yaml"));
  expect((await cli(["generate", "--check", "--quiet"], dir)).code).toBe(0);
});

test("a pinned spec's folder that does not exist is named, and nothing changes", async () => {
  const dir = await scratch("specguard.config.ts", CONFIG.replace("spec/fixture-1.yaml", "specs/api.yaml"));
  const before = await tree(dir);
  const r = await cli(["update-spec", "incoming.yaml"], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(JSON.stringify(join(dir, "specs")));
  expect(r.stderr).not.toContain("incoming.yaml");
  expect(r.stderr).toContain("nothing was changed");
  expect(await tree(dir)).toEqual(before);
});

test("a file already at the new name that is not the new spec is kept: exit 2, nothing changed", async () => {
  const dir = await scratch();
  await writeFile(join(dir, "spec/fixture-2.yaml"), "a user's notes\n");
  const before = await tree(dir);
  const r = await cli(["update-spec", "incoming.yaml"], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--name");
  expect(r.stderr).toContain("nothing was changed");
  expect(await tree(dir)).toEqual(before);
});

test.each([["the pinned file itself", "spec/fixture-1.yaml"], ["a copy of it", "copy.yaml"]])("updating to %s says it is already pinned and changes nothing", async (_, file) => {
  const dir = await scratch();
  await copyFile(join(dir, "spec/fixture-1.yaml"), join(dir, "copy.yaml"));
  const before = await tree(dir);
  const r = await cli(["update-spec", file], dir);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("spec/fixture-1.yaml is already pinned");
  expect(await tree(dir)).toEqual(before);
});

test("an update killed after it repointed the config is finished by the same update-spec (it said 'already pinned; nothing was changed' over stale output)", async () => {
  const dir = await scratch();
  expect((await cli(["generate", "--quiet"], dir)).code).toBe(0);
  // What a SIGKILL after the config switch leaves: the new spec pinned and named by the config,
  // the previous one still there, the output generated from the previous one.
  await copyFile(join(dir, "incoming.yaml"), join(dir, "spec/fixture-2.yaml"));
  await writeFile(join(dir, "specguard.config.ts"), CONFIG.replace("spec/fixture-1.yaml", "spec/fixture-2.yaml"));
  expect((await cli(["generate", "--check", "--quiet"], dir)).code).toBe(1);
  const r = await cli(["update-spec", "incoming.yaml"], dir);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("spec/fixture-2.yaml is already pinned (incoming.yaml has the same bytes), but generated was generated from fixture-1.yaml: finished the update");
  expect(r.stdout).toContain("removed the previous spec spec/fixture-1.yaml");
  expect(existsSync(join(dir, "spec/fixture-1.yaml"))).toBe(false);
  expect((await cli(["generate", "--check", "--quiet"], dir)).code).toBe(0);
  // Once finished, it is the plain "already pinned" again.
  const again = await cli(["update-spec", "incoming.yaml"], dir);
  expect(again.stdout).toContain("is already pinned (incoming.yaml has the same bytes); nothing was changed");
});

test("a problem in the new spec names FILE, not the name it would be pinned under", async () => {
  const dir = await scratch();
  await writeFile(join(dir, "bad-ref.yaml"), "openapi: 3.0.0\ninfo: {title: t, version: '2'}\npaths: {}\ncomponents:\n  schemas:\n    a:\n      $ref: '#/components/schemas/nope'\n");
  const r = await cli(["update-spec", "bad-ref.yaml"], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`(${join(dir, "bad-ref.yaml")}:7:13)`);
  expect(r.stderr).not.toContain("fixture-2.yaml");
});

test.each([
  ["stripe-2024-04-10.json", "2024-04-10", "2025-01-27", ".json", "stripe-2025-01-27.json"],
  ["stripe-2024-04-10.json", "2024-04-10", "2023-08-16", ".yaml", "stripe-2023-08-16.yaml"],
  ["api.json", "1", "2", ".json", "api-2.json"],
  ["api.json", undefined, "v/3 beta", ".yml", "api-v-3-beta.yml"],
] as const)("pinnedName(%s, %s → %s, %s) = %s", (name, from, to, ext, want) => {
  expect(pinnedName(name, from, to, ext)).toBe(want);
});

test.each([
  ["PROVENANCE.md", /is "PROVENANCE\.md", which update-spec writes itself/],
  ["provenance.MD", /is "PROVENANCE\.md", which update-spec writes itself/],
  ["../elsewhere.yaml", /must be a file name \(no folders\)/],
])("--name %s is refused before anything changes (the spec written there was lost)", async (name, message) => {
  const dir = await scratch("specguard.config.mjs", CONFIG);
  expect((await cli(["generate", "--quiet"], dir)).code).toBe(0);
  const before = await tree(dir);
  const r = await cli(["update-spec", "incoming.yaml", "--name", name], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toContain("nothing was changed");
  expect(await tree(dir)).toEqual(before);
});

test("Ctrl-C between the files of an update waits for it to finish: spec, config, PROVENANCE.md and output move together (exit 130)", async () => {
  const dir = await scratch("specguard.config.mjs", CONFIG);
  expect((await cli(["generate", "--quiet"], dir)).code).toBe(0);
  // A child that sends itself a real SIGINT just after the new spec is written, and waits for it to land.
  const r = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/run-ts.js"), join(ROOT, "test/support/update-spec-signal.ts"), "incoming.yaml"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, stderr }));
  });
  expect(r.stderr).toMatch(/SIGINT: finishing the update first/);
  expect([r.code, r.signal]).toEqual([130, null]);
  const config = await readFile(join(dir, "specguard.config.mjs"), "utf8");
  expect(config).toContain('spec: "spec/fixture-2.yaml"');
  expect(existsSync(join(dir, "spec/fixture-1.yaml"))).toBe(false);
  expect(await readFile(join(dir, "spec/PROVENANCE.md"), "utf8")).toContain("fixture-2.yaml");
  expect((await cli(["generate", "--check"], dir)).code).toBe(0);
});
