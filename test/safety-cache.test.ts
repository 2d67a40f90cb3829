/**
 * A cache that cannot lie (README "Guarantees"): every damaged shape of every cache file is a
 * miss with a notice — never output, never a false "up to date" — and the fingerprint is taken
 * from the very bytes generated from, even when the spec is saved while a run starts.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OUTPUT_LIBRARIES } from "../generator/cache.ts";
import { DEAD_PID, FIXTURE_SPEC, runCli, scratch, tree } from "./support/safety.ts";

let dir: string;
let done: () => Promise<void>;
let reference: Record<string, string>;
const ARGS = ["--spec", "good.yaml", "--select", "gelato_session_last_error", "--out", "out"];

beforeAll(async () => {
  ({ dir, done } = await scratch("cache"));
  await cp(FIXTURE_SPEC, join(dir, "good.yaml"));
  const clean = await runCli(["generate", ...ARGS, "--no-cache", "--out", "reference"], dir);
  expect(clean.code).toBe(0);
  reference = (await tree(join(dir, "reference")))!;
});

afterAll(() => done());

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** A well-formed entry (correct hash) around `payload`: only the shape check can refuse it. */
const sealed = (payload: unknown) => `${sha256(JSON.stringify(payload))}\n${JSON.stringify(payload)}`;

type Damage = (content: string) => string;
const SHAPES: Record<string, Damage> = {
  truncated: (c) => c.slice(0, Math.floor(c.length / 2)),
  zero: () => "",
  garbage: () => "\u0000\u00ff not a cache entry {",
  "edited body": (c) => c.replace(/.$/s, "X"),
};
const TYPED_SHAPES: Record<string, Record<string, Damage>> = {
  state: { "wrong type": () => sealed(["not", "a", "record"]), "null fields": () => sealed({ fingerprint: null, files: null }) },
  modules: {
    "wrong type": () => sealed("a string"),
    "null fields": (c) => sealed(Object.fromEntries(Object.keys(JSON.parse(c.slice(65)) as object).map((k) => [k, { deps: null, body: "export type Lie = 1;" }]))),
  },
  format: {},
};

/** Every cache file of one kind under `cache`. */
async function cacheFiles(cache: string, kind: string): Promise<string[]> {
  const all = (await readdir(cache, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const rel = (f: string) => f.slice(cache.length + 1);
  if (kind === "state") return all.filter((f) => rel(f).startsWith("state/"));
  if (kind === "modules") return all.filter((f) => rel(f).startsWith("modules/"));
  return all.filter((f) => /^[0-9a-f]{2}\//.test(rel(f)));
}

/**
 * The prettier cache is read only where prettier runs: with `--prettier` (the layout engine,
 * the default, needs no cache), so its cases run that way.
 */
const engineArgs = (kind: string): string[] => (kind === "format" ? ["--prettier"] : []);

/**
 * Removes the caches that would answer before the damaged one is read: the state record (the fast
 * path) unless it is the one damaged, and for prettier's cache also the module cache, which holds
 * every file's final text (prettier's cache is read only for files the module cache misses).
 */
async function hideOthers(cache: string, kind: string): Promise<void> {
  if (kind !== "state") await rm(join(cache, "state"), { recursive: true, force: true });
  if (kind === "format") await rm(join(cache, "modules"), { recursive: true, force: true });
}

const cases = ["state", "modules", "format"].flatMap((kind) =>
  Object.entries({ ...SHAPES, ...TYPED_SHAPES[kind] }).map(([shape, damage]) => ({ kind, shape, damage })),
);

describe("damaged cache entries are misses, never output", () => {
  test.each(cases)("$kind cache, $shape: correct output, --check right, one-line notice", async ({ kind, damage }) => {
    const cache = join(dir, `cache-${kind}`);
    await rm(cache, { recursive: true, force: true });
    await rm(join(dir, "out"), { recursive: true, force: true });
    const fill = await runCli(["generate", ...ARGS, ...engineArgs(kind), "--cache-dir", cache], dir);
    expect(fill.code).toBe(0);
    const files = await cacheFiles(cache, kind);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await writeFile(file, damage(await readFile(file, "utf8")));
    // Other caches must not hide the damage: without a state record the pipeline runs and reads them.
    await hideOthers(cache, kind);

    const check = await runCli(["generate", ...ARGS, ...engineArgs(kind), "--cache-dir", cache, "--check"], dir);
    expect(check.code).toBe(0);
    expect(check.stderr).toMatch(/^specguard: notice: ignored .*damaged .*recomputing\n$/m);
    expect(check.stderr.split("\n").filter(Boolean).every((l) => l.startsWith("specguard: notice: "))).toBe(true);

    // Damage again (the run above rewrote the caches) and regenerate from nothing.
    for (const file of await cacheFiles(cache, kind)) await writeFile(file, damage(await readFile(file, "utf8")));
    await hideOthers(cache, kind);
    await rm(join(dir, "out"), { recursive: true, force: true });
    const again = await runCli(["generate", ...ARGS, ...engineArgs(kind), "--cache-dir", cache], dir);
    expect(again.code).toBe(0);
    expect(await tree(join(dir, "out"))).toEqual(reference);

    // And with the damage in place, an edited output file is still caught.
    for (const file of await cacheFiles(cache, kind)) await writeFile(file, damage(await readFile(file, "utf8")));
    const edited = join(dir, "out/schemas/gelato_session_last_error.ts");
    await writeFile(edited, (await readFile(edited, "utf8")) + "// edited\n");
    const stale = await runCli(["generate", ...ARGS, ...engineArgs(kind), "--cache-dir", cache, "--check"], dir);
    expect(stale.code).toBe(1);
  });
});

describe("an entry copied over another (its hash still matches its bytes) is a miss, never another file's output", () => {
  test.each(["modules", "format"])("%s cache: every entry replaced by another one's copy: output as without a cache, and a notice", async (kind) => {
    const cache = join(dir, `cache-copied-${kind}`);
    await rm(cache, { recursive: true, force: true });
    await rm(join(dir, "out"), { recursive: true, force: true });
    expect((await runCli(["generate", ...ARGS, ...engineArgs(kind), "--cache-dir", cache], dir)).code).toBe(0);
    const files = (await cacheFiles(cache, kind)).sort();
    expect(files.length).toBeGreaterThan(1);
    // Each entry takes the bytes of the next one (a rotation: no entry keeps its own).
    const bytes = await Promise.all(files.map((f) => readFile(f)));
    await Promise.all(files.map((f, i) => writeFile(f, bytes[(i + 1) % files.length]!)));
    await hideOthers(cache, kind);
    await rm(join(dir, "out"), { recursive: true, force: true });
    const run = await runCli(["generate", ...ARGS, ...engineArgs(kind), "--cache-dir", cache], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/notice: ignored .*damaged/);
    const fresh = await runCli(["generate", ...ARGS, ...engineArgs(kind), "--no-cache", "--out", `fresh-${kind}`], dir);
    expect(fresh.code).toBe(0);
    expect(await tree(join(dir, "out"))).toEqual(await tree(join(dir, `fresh-${kind}`)));
  });
});

describe("cache entries and output files that are not regular files are never read", () => {
  // A FIFO would block the read forever; a link to /dev/zero would read until memory runs out.
  const SPECIAL: Record<string, (path: string) => Promise<void>> = {
    fifo: async (path) => void execFileSync("mkfifo", [path]),
    "link to /dev/zero": (path) => symlink("/dev/zero", path),
  };
  test.each(Object.keys(SPECIAL).flatMap((special) => ["state", "modules", "format"].map((kind) => ({ special, kind }))))(
    "$kind cache entry replaced by a $special: a miss with a notice",
    async ({ special, kind }) => {
      const cache = join(dir, `cache-special-${kind}`);
      await rm(cache, { recursive: true, force: true });
      expect((await runCli(["generate", ...ARGS, ...engineArgs(kind), "--out", "out-special", "--cache-dir", cache], dir)).code).toBe(0);
      for (const file of await cacheFiles(cache, kind)) {
        await rm(file);
        await SPECIAL[special]!(file);
      }
      await hideOthers(cache, kind);
      const check = await runCli(["generate", ...ARGS, ...engineArgs(kind), "--out", "out-special", "--cache-dir", cache, "--check"], dir);
      expect(check.code).toBe(0);
      expect(check.stderr).toMatch(/notice: ignored the damaged cache file .* \(not a regular file\); recomputing|notice: ignored .*damaged/);
      expect(await tree(join(dir, "out-special"))).toEqual(reference);
    },
  );

  test.each(Object.keys(SPECIAL))("a generated file replaced by a %s: not up to date; --check refuses as generate does (exit 2)", async (special) => {
    const cache = join(dir, "cache-special-out");
    const args = ["generate", ...ARGS, "--out", "out-special-file", "--cache-dir", cache];
    await rm(join(dir, "out-special-file"), { recursive: true, force: true });
    expect((await runCli(args, dir)).code).toBe(0);
    expect((await runCli(args, dir)).stdout).toMatch(/up to date \(inputs unchanged/);
    await rm(join(dir, "out-special-file/index.ts"));
    await SPECIAL[special]!(join(dir, "out-special-file/index.ts"));
    // Not "added": generate would refuse it, so the check says what generate would.
    const check = await runCli([...args, "--check"], dir);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/out-in-the-way: .*index\.ts/);
    const write = await runCli(args, dir);
    expect(write.code).toBe(2); // not specguard's file: in the way, left as it is
    expect(write.stderr).toMatch(/out-in-the-way: .*index\.ts/);
  });
});

describe("the fast path", () => {
  test("a spec saved between reading and generating: output and fingerprint agree; the next run sees the change", async () => {
    const cache = join(dir, "cache-race");
    await writeFile(join(dir, "race.yaml"), await readFile(FIXTURE_SPEC, "utf8"));
    const args = ["--spec", "race.yaml", "--select", "gelato_session_last_error", "--out", "out-race", "--cache-dir", cache];
    const edited = (await readFile(FIXTURE_SPEC, "utf8")).replace("title: ", "title: Renamed ");
    expect(edited).not.toBe(await readFile(FIXTURE_SPEC, "utf8"));
    const first = await runCli(["generate", ...args], dir, { afterSpecRead: () => writeFile(join(dir, "race.yaml"), edited) });
    expect(first.code).toBe(0);
    // The output is the spec as read (the old title), not a mix.
    expect((await tree(join(dir, "out-race")))!).toEqual(Object.fromEntries(Object.entries(reference).map(([p, c]) => [p, c.replaceAll("good.yaml", "race.yaml")])));
    const check = await runCli(["generate", ...args, "--check"], dir);
    expect(check.code).toBe(1); // never "up to date" over output of another spec
    const second = await runCli(["generate", ...args], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/up to date/);
    expect((await tree(join(dir, "out-race")))!["manifest.json"]).toContain('"title": "Renamed ');
    const third = await runCli(["generate", ...args], dir);
    expect(third.stdout).toMatch(/up to date \(inputs unchanged/);
  });

  test("an edited or missing manifest.json is not up to date", async () => {
    const cache = join(dir, "cache-manifest");
    const args = ["generate", ...ARGS, "--out", "out-manifest", "--cache-dir", cache];
    expect((await runCli(args, dir)).code).toBe(0);
    expect((await runCli(args, dir)).stdout).toMatch(/up to date \(inputs unchanged/);
    const manifest = join(dir, "out-manifest/manifest.json");
    await writeFile(manifest, (await readFile(manifest, "utf8")).replace('"enums": "open"', '"enums": "closed"'));
    const check = await runCli([...args, "--check"], dir);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/changed 1:\n\s+manifest\.json/);
    await rm(manifest);
    expect((await runCli([...args, "--check"], dir)).code).toBe(1);
    expect((await runCli(args, dir)).code).toBe(0);
    expect(await tree(join(dir, "out-manifest"))).toEqual(reference);
  });

  test("temporary files of killed runs are found and removed; a live run's are left alone", async () => {
    const cache = join(dir, "cache-temps");
    const dead = (folder: string, name: string) => join(folder, `.${name}.${DEAD_PID}.specguard-tmp`);
    const live = join(cache, "state", `.x.json.${process.pid}.specguard-tmp`);
    const leftovers = [dead(join(cache, "state"), "x.json"), dead(join(cache, "modules"), "y.json"), dead(join(cache, "ab"), "ab12"), join(dir, `.out-temps.specguard-lock.${DEAD_PID}.specguard-tmp`)];
    for (const file of [...leftovers, live]) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, "half");
    }
    const result = await runCli(["generate", ...ARGS, "--out", "out-temps", "--cache-dir", cache], dir);
    expect(result.code).toBe(0);
    for (const file of leftovers) await expect(readFile(file)).rejects.toThrow(/ENOENT/);
    expect(await readFile(live, "utf8")).toBe("half");
  });

  test("the cache key names every library that shapes the output", () => {
    expect([...OUTPUT_LIBRARIES].sort()).toEqual(["@ts-morph/common", "prettier", "ts-morph", "yaml"]);
    const require = createRequire(import.meta.url);
    for (const pkg of OUTPUT_LIBRARIES) expect((require(`${pkg}/package.json`) as { version: string }).version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
