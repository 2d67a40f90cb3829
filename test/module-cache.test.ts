/**
 * The module cache (generator/cache.ts): one entry file per module. A warm run must write
 * exactly what a cold run writes, byte for byte, while printing only the modules that can see a
 * change; entries the last run did not use are dropped; an entry filed under another key is
 * refused; watch mode's in-memory cache still writes its new entries for the next process.
 */
import { copyFile, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ModuleCache } from "../generator/cache.ts";
import { generate, type GenerateOptions, type GenerateResult } from "../generator/index.ts";
import { SPEC } from "./support/generated.ts";
import { specWith } from "./support/inline.ts";

let work: string;
let original: string;
let edited: string;
let cold: GenerateResult;
let coldEdited: GenerateResult;

/** identity.verification_session's closure (30 schemas), unformatted: quick, and the cache works the same. */
const base = { spec: "stripe-2024-04-10.json", select: ["identity.verification_session"], enums: "closed", format: false } as const satisfies GenerateOptions;
const asMap = (r: GenerateResult) => new Map(r.files.map((f) => [f.path, f.content]));
/** A module's files: its public `schemas/<id>.ts` and, when it has one, its `internal/<id>.ts`. */
const moduleFiles = (r: GenerateResult) => r.files.filter((f) => f.path.startsWith("schemas/") || (f.path.startsWith("internal/") && f.path !== "internal/runtime.ts" && f.path !== "internal/walkers.ts"));
/** `internal/x.ts` and `schemas/x.ts` → `x`. */
const stem = (path: string) => path.replace(/^(schemas|internal)\//, "");

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "specguard-module-cache-"));
  original = await readFile(SPEC, "utf8");
  const doc = JSON.parse(original) as { components: { schemas: Record<string, { properties: Record<string, { enum: string[] }> }> } };
  doc.components.schemas["identity.verification_session"]!.properties["status"]!.enum.push("expired");
  edited = JSON.stringify(doc);
  cold = await generate({ ...base, specText: original, cacheDir: false });
  coldEdited = await generate({ ...base, specText: edited, cacheDir: false });
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The entry files of the one salt folder under `cacheDir`. */
async function entries(cacheDir: string): Promise<string[]> {
  const salts = (await readdir(join(cacheDir, "modules"), { withFileTypes: true })).filter((e) => e.isDirectory());
  expect(salts).toHaveLength(1);
  const folder = join(cacheDir, "modules", salts[0]!.name);
  return (await readdir(folder)).filter((n) => /^[0-9a-f]{64}$/.test(n)).map((n) => join(folder, n));
}

describe("module cache", () => {
  test("after one added enum value, a warm run equals a cold run byte for byte and prints only the module that changed", async () => {
    const cacheDir = join(work, "warm");
    const fill = await generate({ ...base, specText: original, cacheDir });
    expect(asMap(fill)).toEqual(asMap(cold));
    expect([...fill.emitted].sort()).toEqual(moduleFiles(cold).map((f) => f.path).sort());

    const warm = await generate({ ...base, specText: edited, cacheDir });
    expect(asMap(warm)).toEqual(asMap(coldEdited));
    // Found independently of the cache: the schema modules whose text the edit changed.
    const before = asMap(cold);
    const changed = moduleFiles(coldEdited).filter((f) => before.get(f.path) !== f.content).map((f) => f.path);
    expect(changed.sort()).toEqual(["internal/identity.verification_session.ts", "schemas/identity.verification_session.ts"]);
    expect([...warm.emitted].sort()).toEqual(changed);

    // Nothing changed: nothing printed, same bytes.
    const again = await generate({ ...base, specText: edited, cacheDir });
    expect(again.emitted).toEqual([]);
    expect(asMap(again)).toEqual(asMap(coldEdited));
  });

  test("the folder keeps one entry per module (both its files) and one per other file, of the last run that made entries (no growth per spec update)", async () => {
    const cacheDir = join(work, "prune");
    await generate({ ...base, specText: original, cacheDir });
    await generate({ ...base, specText: edited, cacheDir });
    // runtime.ts, internal/runtime.ts, internal/walkers.ts, index.ts
    const others = coldEdited.files.filter((f) => f.path.endsWith(".ts") && !moduleFiles(coldEdited).includes(f));
    expect(others.map((f) => f.path).sort()).toEqual(["index.ts", "internal/runtime.ts", "internal/walkers.ts", "runtime.ts"]);
    expect(await entries(cacheDir)).toHaveLength(coldEdited.model.modules.length + others.length);
  });

  test("formatted, a warm run after one edit lays out only the changed module's two files (the barrel and runtimes come from the cache), same bytes as cold", async () => {
    const cacheDir = join(work, "formatted");
    const formatted = { ...base, format: true } as const;
    const coldFormatted = await generate({ ...formatted, specText: edited, cacheDir: false });
    expect(coldFormatted.format?.laidOut).toBe(coldFormatted.files.filter((f) => f.path.endsWith(".ts")).length);
    await generate({ ...formatted, specText: original, cacheDir });
    const warm = await generate({ ...formatted, specText: edited, cacheDir });
    expect(warm.format?.laidOut).toBe(2);
    expect(asMap(warm)).toEqual(asMap(coldFormatted));
    // Nothing changed: nothing laid out.
    const again = await generate({ ...formatted, specText: edited, cacheDir });
    expect(again.format?.laidOut).toBe(0);
    expect(asMap(again)).toEqual(asMap(coldFormatted));
  });

  test("an entry filed under another module's key is refused with a notice; the output stays right", async () => {
    const cacheDir = join(work, "misfiled");
    await generate({ ...base, specText: original, cacheDir });
    // Two module entries (the others, of runtime, walkers and barrel, have no internal text).
    const modules = [];
    for (const file of await entries(cacheDir)) if ("internal" in (JSON.parse((await readFile(file, "utf8")).slice(65)) as object)) modules.push(file);
    expect(modules).toHaveLength(cold.model.modules.length);
    await copyFile(modules[0]!, modules[1]!);
    const notices: string[] = [];
    const run = await generate({ ...base, specText: original, cacheDir, notice: (m) => notices.push(m) });
    expect(notices).toEqual([expect.stringMatching(/^ignored 1 damaged entry in the module cache .*; recomputing$/)]);
    // Only the module whose entry was overwritten is emitted again (both its files, or its public file).
    expect(new Set(run.emitted.map(stem)).size).toBe(1);
    expect(asMap(run)).toEqual(asMap(cold));
  });

  test("watch mode's in-memory cache writes the entries it makes: the next process starts warm", async () => {
    const cacheDir = join(work, "rebound");
    let memory: ModuleCache | undefined;
    const watchLike: GenerateOptions["moduleCache"] = async (config, model) => {
      memory = memory ? memory.rebind(model) : await ModuleCache.open(cacheDir, config, model);
      return memory;
    };
    await generate({ ...base, specText: original, cacheDir, moduleCache: watchLike });
    const rebuilt = await generate({ ...base, specText: edited, cacheDir, moduleCache: watchLike });
    expect([...rebuilt.emitted].sort()).toEqual(["internal/identity.verification_session.ts", "schemas/identity.verification_session.ts"]);
    const fresh = await generate({ ...base, specText: edited, cacheDir });
    expect(fresh.emitted).toEqual([]);
    expect(asMap(fresh)).toEqual(asMap(coldEdited));
  });

  // A module's shape (its manifest lines) reads other declarations: whether a referenced object
  // is nullable, whether an open enum can be reached through a oneOf's members. Cached with the
  // module's texts, it must change when only such a declaration does.
  const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
  const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "object", properties, ...extra });
  const ROW_EXACT = { a: obj({ k: { type: "string" } }, { required: ["k"] }), b: obj({ j: { type: "integer" } }, { required: ["j"] }), m: obj({ v: { oneOf: [ref("a"), ref("b")] } }) };
  test.each([
    {
      name: "a referenced object becomes nullable",
      older: { x: obj({ a: { type: "string" } }), m: obj({ x: ref("x") }) },
      newer: { x: obj({ a: { type: "string" } }, { nullable: true }), m: obj({ x: ref("x") }) },
    },
    {
      name: "a oneOf member gains an open enum (open mode checks it as anyOf from then on)",
      older: ROW_EXACT,
      newer: { a: obj({ k: { type: "string", enum: ["one", "two"] } }, { required: ["k"] }), b: obj({ j: { type: "integer" } }, { required: ["j"] }), m: obj({ v: { oneOf: [ref("a"), ref("b")] } }) },
    },
  ])("a module's cached shape follows what it reads elsewhere: $name", async ({ older, newer }) => {
    for (const enums of ["open", "closed"] as const) {
      const cacheDir = await mkdtemp(join(work, "shape-"));
      const run = (schemas: Record<string, unknown>, cache: string | false) =>
        generate({ spec: "inline.json", specText: JSON.stringify(specWith(schemas)), all: true, enums, format: false, cacheDir: cache });
      const manifest = (r: GenerateResult) => r.files.find((f) => f.path === "manifest.json")!.content;
      const before = await run(older, cacheDir);
      const warm = await run(newer, cacheDir);
      const cold = await run(newer, false);
      // The edit does change m's shape (in open mode the oneOf row only: closed mode checks it exactly either way).
      const mShape = (r: GenerateResult) => r.shapes().schemas["m"];
      if (enums === "open" || older !== ROW_EXACT) expect(mShape(cold)).not.toEqual(mShape(before));
      expect(manifest(warm)).toEqual(manifest(cold));
      expect(warm.shapes()).toEqual(cold.shapes());
      // As watch mode runs it: one cache in memory, rebound to each run's model, whose parsed
      // shapes are handed on while an entry's lines stay the same.
      let kept: ModuleCache | undefined;
      const watched = (schemas: Record<string, unknown>) =>
        generate({
          spec: "inline.json",
          specText: JSON.stringify(specWith(schemas)),
          all: true,
          enums,
          format: false,
          cacheDir: join(cacheDir, "watch"),
          moduleCache: async (cfg, model, env) => (kept = kept ? kept.rebind(model) : await ModuleCache.open(join(cacheDir, "watch"), cfg, model, undefined, undefined, env)),
        });
      expect((await watched(older)).shapes()).toEqual(before.shapes());
      expect((await watched(newer)).shapes()).toEqual(cold.shapes());
      expect((await watched(older)).shapes()).toEqual(before.shapes());
    }
  });
});
