/**
 * Determinism: the output is a function of the spec text and the options only — not of run
 * count, of object key order in components.schemas, and the stages never mutate their input.
 */
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, test } from "vitest";
import { resolveConfig } from "../generator/config.ts";
import { emit } from "../generator/emit/index.ts";
import { generate, type EmittedFile, type GenerateOptions } from "../generator/index.ts";
import { loadText } from "../generator/load/load.ts";
import { buildModel } from "../generator/model/index.ts";
import { resolve } from "../generator/resolve/resolve.ts";
import { SPEC, SESSION_IDS } from "./support/generated.ts";

let text: string;
let document: Record<string, unknown>;

beforeAll(async () => {
  text = await readFile(SPEC, "utf8");
  document = JSON.parse(text) as Record<string, unknown>;
});

const asMap = (files: readonly EmittedFile[]) => new Map(files.map((f) => [f.path, f.content]));

/** Freezes an object graph in place (strict-mode writes to it then throw). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** A seeded permutation (mulberry32), so a failure reproduces. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Headers and the manifest carry the spec text's sha256, which reordering changes by design. */
const withoutHash = (content: string) => content.replace(/[0-9a-f]{64}/g, "<sha256>");

describe("determinism", () => {
  const base = { spec: "stripe-2024-04-10.json", all: true, enums: "closed", format: false, cacheDir: false } as const;
  let first: EmittedFile[];

  beforeAll(async () => {
    first = (await generate({ ...base, specText: text })).files;
  });

  test("generating twice gives byte-identical files (--all)", async () => {
    const second = (await generate({ ...base, specText: text })).files;
    expect(first).toHaveLength(979 * 2 + 5); // public + internal per module, barrel, two runtimes, shared walkers, manifest
    expect(second.map((f) => f.path)).toEqual(first.map((f) => f.path));
    expect(asMap(second)).toEqual(asMap(first));
  });

  test("formatted output is identical twice (identity.verification_session and its closure)", async () => {
    // Small on purpose: prettier is the slow stage; committed.test.ts formats the full default set.
    const options: GenerateOptions = { spec: "stripe-2024-04-10.json", specText: text, select: ["identity.verification_session"], format: true, cacheDir: false };
    const [a, b] = [await generate(options), await generate(options)];
    expect(asMap(b.files)).toEqual(asMap(a.files));
  });

  test("the stages do not mutate the input document (deep-frozen) and leave it equal to a copy", async () => {
    const loaded = loadText(text, "stripe-2024-04-10.json");
    const before = structuredClone(loaded.document);
    deepFreeze(loaded.document);
    const config = resolveConfig({ spec: "stripe-2024-04-10.json", all: true, enums: "closed" });
    const model = buildModel(resolve(loaded, { select: [], all: true }), { enums: "closed" });
    const { files } = await emit(model, config);
    expect(files.length).toBe(979 * 2 + 5);
    expect(loaded.document).toEqual(before);
  });

  test.each([1, 2])("output is identical when components.schemas keys are reordered (seed %i)", async (seed) => {
    const schemas = (document["components"] as { schemas: Record<string, unknown> }).schemas;
    const reordered = Object.fromEntries(shuffled(Object.keys(schemas), seed).map((k) => [k, schemas[k]]));
    expect(Object.keys(reordered)).not.toEqual(Object.keys(schemas));
    const doc = { ...document, components: { ...(document["components"] as object), schemas: reordered } };
    const again = (await generate({ ...base, specText: JSON.stringify(doc) })).files;
    expect(again.map((f) => f.path)).toEqual(first.map((f) => f.path));
    const differing = first.filter((f, i) => withoutHash(f.content) !== withoutHash(again[i]!.content)).map((f) => f.path);
    expect(differing).toEqual([]);
  });

  test("the selection order does not matter", async () => {
    const options = { spec: "stripe-2024-04-10.json", specText: text, format: false, cacheDir: false } as const;
    const a = await generate({ ...options, select: [...SESSION_IDS] });
    const b = await generate({ ...options, select: [...SESSION_IDS].reverse() });
    expect(asMap(b.files)).toEqual(asMap(a.files));
  });
});
