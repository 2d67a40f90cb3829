/**
 * A TypeScript config's compiled text is cached in specguard's cache folder (`config/`), so
 * jiti's babel step runs once per config source, not once per `generate`. The entry is verified
 * like every other cache entry: damaged, unreadable or stored under another key is a miss, and an
 * edited config is never answered by the entry of its previous text. It is written only by
 * `keep()` (once the run has accepted the folder), and only for a run that uses that folder: a
 * config saying `cacheDir: false` or naming another folder neither gets an entry in the default
 * folder nor is answered by one there. A JavaScript config is evaluated afresh whenever its text
 * changed (Node keeps what it imported).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_CACHE } from "../generator/config.ts";
import { configCacheFor, loadConfig, type ConfigCache } from "../generator/config/discover.ts";

let dir: string;
const config = (enums: string) => `const enums: "open" | "closed" = "${enums}";\nexport default { spec: "spec.yaml", enums };\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "specguard-config-cache-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function entries(cache: string): Promise<string[]> {
  if (!existsSync(join(cache, "config"))) return [];
  return (await readdir(join(cache, "config"))).filter((n) => /^[0-9a-f]{64}$/.test(n)).map((n) => join(cache, "config", n));
}

/** Loads and keeps (as a run does once it has accepted the cache folder). */
async function load(file: string, cache: string | false | ConfigCache) {
  const loaded = await loadConfig(file, dir, cache);
  loaded.keep();
  return loaded.values;
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

test("compiled once, then served from the cache; an edit compiles again", async () => {
  const file = join(dir, "a.config.ts");
  const cache = join(dir, "cache-a");
  await writeFile(file, config("closed"));
  // Nothing is written before keep().
  const first = await loadConfig(file, dir, cache);
  expect(first.values).toEqual({ spec: "spec.yaml", enums: "closed" });
  expect(await entries(cache)).toHaveLength(0);
  first.keep();
  const [entry] = await entries(cache);
  // Its key (its name), then the sha256 of the code.
  expect(await readFile(entry!, "utf8")).toMatch(new RegExp(`^${entry!.slice(-64)}\n[0-9a-f]{64}\n`));
  expect(await load(file, cache)).toEqual({ spec: "spec.yaml", enums: "closed" });
  expect(await entries(cache)).toHaveLength(1);
  await writeFile(file, config("open"));
  expect(await load(file, cache)).toEqual({ spec: "spec.yaml", enums: "open" });
  expect(await entries(cache)).toHaveLength(2);
});

test.each([
  ["an edited body (hash mismatch)", async (entry: string) => writeFile(entry, (await readFile(entry, "utf8")).replace('"closed"', '"open"'))],
  ["a truncated entry", async (entry: string) => writeFile(entry, (await readFile(entry, "utf8")).slice(0, 70))],
  ["a FIFO", async (entry: string) => (await rm(entry), void execFileSync("mkfifo", [entry]))],
  ["a link to /dev/zero", async (entry: string) => (await rm(entry), await symlink("/dev/zero", entry))],
])("%s is a miss: the config's own values come back", async (name, damage) => {
  const file = join(dir, `b-${name.replace(/\W+/g, "-")}.config.ts`);
  const cache = join(dir, `cache-${name.replace(/\W+/g, "-")}`);
  await writeFile(file, config("closed"));
  await load(file, cache);
  const [entry] = await entries(cache);
  await damage(entry!);
  expect(await load(file, cache)).toEqual({ spec: "spec.yaml", enums: "closed" });
});

test("an entry copied under another config's key is a miss, not that config's text", async () => {
  const cache = join(dir, "cache-copied");
  const [closed, open] = [join(dir, "copied-closed.config.ts"), join(dir, "copied-open.config.ts")];
  await writeFile(closed, config("closed"));
  await load(closed, cache);
  const [closedEntry] = await entries(cache);
  await writeFile(open, config("open"));
  await load(open, cache);
  const openEntry = (await entries(cache)).find((e) => e !== closedEntry)!;
  // A whole entry, its own hash line intact, under the other config's name.
  await copyFile(closedEntry!, openEntry);
  expect(await load(open, cache)).toEqual({ spec: "spec.yaml", enums: "open" });
  // The miss wrote the right entry back.
  expect(await readFile(openEntry, "utf8")).toMatch(new RegExp(`^${openEntry.slice(-64)}\n`));
});

test("without a cache folder nothing is written", async () => {
  const file = join(dir, "c.config.ts");
  await writeFile(file, config("closed"));
  expect((await loadConfig(file, dir, false)).values).toEqual({ spec: "spec.yaml", enums: "closed" });
  expect((await readdir(dir)).filter((n) => n.startsWith("c.") || n === "config")).toEqual(["c.config.ts"]);
});

describe("a config that sets its own cacheDir (configCacheFor: the default folder beside it)", () => {
  /** A project folder with a TypeScript config; its default cache folder. */
  async function project(name: string, text: string): Promise<{ file: string; cache: string }> {
    const base = join(dir, name);
    await mkdir(base, { recursive: true });
    const file = join(base, "specguard.config.ts");
    await writeFile(file, text);
    return { file, cache: join(base, DEFAULT_CACHE) };
  }

  test("cacheDir unset: kept in the default folder and served from it", async () => {
    const { file, cache } = await project("default", config("closed"));
    expect(await load(file, configCacheFor(file, undefined))).toEqual({ spec: "spec.yaml", enums: "closed" });
    expect(await entries(cache)).toHaveLength(1);
  });

  test("cacheDir: false: nothing written", async () => {
    const { file, cache } = await project("off", 'const off: false = false;\nexport default { spec: "spec.yaml", cacheDir: off };\n');
    expect(await load(file, configCacheFor(file, undefined))).toEqual({ spec: "spec.yaml", cacheDir: false });
    expect(existsSync(join(file, "..", "node_modules"))).toBe(false);
    expect(await entries(cache)).toHaveLength(0);
  });

  test("cacheDir naming another folder: nothing written, neither in the default folder nor in that one", async () => {
    const { file, cache } = await project("elsewhere", 'const where: string = "my-cache";\nexport default { spec: "spec.yaml", cacheDir: where };\n');
    expect(await load(file, configCacheFor(file, undefined))).toEqual({ spec: "spec.yaml", cacheDir: "my-cache" });
    expect(await entries(cache)).toHaveLength(0);
    expect(existsSync(join(file, "..", "my-cache"))).toBe(false);
  });

  test("cacheDir: false: an entry left in the default folder is not taken for it", async () => {
    const text = 'const off: false = false;\nconst enums: string = "closed";\nexport default { spec: "spec.yaml", enums, cacheDir: off };\n';
    const { file, cache } = await project("stale", text);
    // An entry for this very source (kept by a run told to use that folder), whose text then
    // says something else, with hash lines that match it.
    await load(file, cache);
    const [entry] = await entries(cache);
    const [key, , ...code] = (await readFile(entry!, "utf8")).split("\n");
    const other = code.join("\n").replace('"closed"', '"open"');
    expect(other).toContain('"open"');
    await writeFile(entry!, `${key}\n${sha256(other)}\n${other}`);
    expect(await load(file, cache)).toMatchObject({ enums: "open" });
    // The run the config asks for compiles it afresh.
    expect(await load(file, configCacheFor(file, undefined))).toMatchObject({ enums: "closed", cacheDir: false });
  });

  test("the --cache-dir folder is used whatever the config says (the flag wins); --no-cache: none", async () => {
    const { file, cache } = await project("flag", 'const off: false = false;\nexport default { spec: "spec.yaml", cacheDir: off };\n');
    const flagged = join(dir, "flag-cache");
    await load(file, configCacheFor(file, flagged));
    expect(await entries(flagged)).toHaveLength(1);
    expect(configCacheFor(file, false)).toBe(false);
    expect(await entries(cache)).toHaveLength(0);
  });
});

describe("a JavaScript config is evaluated afresh when its text changed", () => {
  test.each([
    ["an .mjs config", "d.config.mjs", (enums: string) => `export default { spec: "spec.yaml", enums: "${enums}" };\n`],
    ["a CommonJS .js config", "cjs/d.config.js", (enums: string) => `module.exports = { spec: "spec.yaml", enums: "${enums}" };\n`],
  ])("%s", async (_name, path, text) => {
    const file = join(dir, path);
    await mkdir(join(file, ".."), { recursive: true });
    if (path.startsWith("cjs/")) await writeFile(join(dir, "cjs/package.json"), "{}\n");
    await writeFile(file, text("open"));
    expect((await loadConfig(file, dir)).values).toEqual({ spec: "spec.yaml", enums: "open" });
    await writeFile(file, text("closed"));
    expect((await loadConfig(file, dir)).values).toEqual({ spec: "spec.yaml", enums: "closed" });
    await writeFile(file, text("open"));
    expect((await loadConfig(file, dir)).values).toEqual({ spec: "spec.yaml", enums: "open" });
  });
});
