/**
 * Every construct of test/constructs/cases.ts, generated (one document per OpenAPI version, in
 * both enum modes) and checked three ways: the root module's text holds the wanted type; the
 * guard accepts the `valid` values and rejects the `invalid` ones; and on those values, on
 * mutants of them and on random JSON, `isX(v)` equals ajv's verdict (draft-07 with `nullable`
 * translated for 3.0, draft 2020-12 for 3.1; test/support/ajv.ts). `validateX` agrees with `isX`.
 */
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateResult } from "../generator/index.ts";
import { CASES, type Case } from "./constructs/cases.ts";
import { createDocOracle, type SpecOracle } from "./support/ajv.ts";
import { loadGenerated, ROOT, writeScratch } from "./support/generated.ts";
import { generateInline, specWith } from "./support/inline.ts";
import { describeDiagnostics, typecheck } from "./support/typecheck.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const RANDOM_PER_CASE = 40;

/** Single-step mutants: drop, retype or add a key; drop, duplicate or retype an item; two levels deep. */
export function mutantsOf(v: Json, depth = 2): Json[] {
  const out: Json[] = [];
  const swaps: Json[] = [null, "x", 1, 1.5, true, [], {}];
  if (Array.isArray(v)) {
    out.push([...v, ...v.slice(-1)], v.slice(1), [...v, null]);
    v.forEach((item, i) => {
      for (const s of swaps) out.push(v.map((x, j) => (j === i ? s : x)));
      if (depth > 0) for (const m of mutantsOf(item, depth - 1)) out.push(v.map((x, j) => (j === i ? m : x)));
    });
  } else if (v !== null && typeof v === "object") {
    out.push({ ...v, zz: 1 });
    for (const key of Object.keys(v)) {
      const { [key]: _dropped, ...rest } = v;
      out.push(rest);
      for (const s of swaps) out.push({ ...v, [key]: s });
      if (depth > 0) for (const m of mutantsOf(v[key]!, depth - 1)) out.push({ ...v, [key]: m });
    }
  } else for (const s of swaps) if (s !== v) out.push(s);
  return out;
}

interface Generated {
  readonly result: GenerateResult;
  readonly api: Record<string, unknown>;
  readonly oracle: SpecOracle;
}

const VERSIONS = ["3.0", "3.1"] as const;
const MODES = ["closed", "open"] as const;
const generated = new Map<string, Generated>();
const counts = { compared: 0, disagreements: 0 };

function docFor(version: "3.0" | "3.1"): Record<string, unknown> {
  const schemas: Record<string, Json> = {};
  for (const c of CASES) if (c.version === version) Object.assign(schemas, c.schemas);
  return specWith(schemas, version === "3.0" ? "3.0.3" : "3.1.0");
}

beforeAll(async () => {
  for (const version of VERSIONS) {
    const doc = docFor(version);
    const oracle = await createDocOracle(doc as never);
    for (const enums of MODES) {
      const result = await generateInline(doc, { enums });
      const dir = await writeScratch(`constructs-${version}-${enums}`, result.files);
      generated.set(`${version}/${enums}`, { result, api: await loadGenerated(dir), oracle });
    }
  }
});

afterAll(() => {
  console.log(`constructs: ${counts.compared} verdicts compared with ajv, ${counts.disagreements} disagreements`);
});

function guardsOf(g: Generated, c: Case) {
  const module = g.result.model.modules.find((m) => m.schemaId === c.root);
  if (!module) throw new Error(`no module for ${c.root}`);
  const name = module.main.name;
  const is = g.api[`is${name}`] as (v: unknown) => boolean;
  const validate = g.api[`validate${name}`] as (v: unknown) => { ok: boolean; issues?: { path: string }[] };
  const text = g.result.files.find((f) => f.path === `schemas/${module.file}.ts`)!.content.replace(/\s+/g, " ");
  return { name, is, validate, text };
}

describe("constructs: generated code", () => {
  it.each(VERSIONS.flatMap((v) => MODES.map((m) => [v, m] as const)))("OpenAPI %s, %s enums: type-checks under the strict flags", (version, enums) => {
    const { diagnostics } = typecheck([join(ROOT, "test/.tmp", `constructs-${version}-${enums}`, "index.ts")]);
    expect(describeDiagnostics(diagnostics)).toEqual([]);
  });

  it("nothing here is refused: no warnings", () => {
    for (const g of generated.values()) expect(g.result.model.warnings).toEqual([]);
  });
});

describe("union failures explain themselves", () => {
  const validate = (name: string, v: unknown) => {
    const api = generated.get("3.0/closed")!.api;
    return (api[`validate${name}`] as (v: unknown) => { ok: boolean; issues: { path: string; expected: string; message: string }[] })(v);
  };

  it("a discriminator picks the member: one issue naming the union, then the member's issues with their paths", () => {
    expect(validate("DmPet", { petType: "cat", livesLeft: 10 }).issues).toMatchObject([
      { path: "", expected: "DmCat | DmDog", message: 'expected DmCat | DmDog: "petType" is "cat", so it must be a DmCat' },
      { path: "/livesLeft", expected: "integer <= 9" },
    ]);
    expect(validate("DmPet", { petType: "dog" }).issues).toMatchObject([{ path: "" }, { path: "/barks", received: "nothing" }]);
    expect(validate("DmPet", { petType: "bird" }).issues).toMatchObject([{ path: "/petType", expected: '"cat" | "dog"', received: '"bird"' }]);
    // An absent tag is a missing property, said as any other is (it said "received undefined").
    expect(validate("DmPet", {}).issues).toEqual([{ path: "/petType", expected: '"cat" | "dog"', received: "nothing", message: 'required property is missing (expected "cat" | "dog")' }]);
  });

  it("an inferred discriminant (one-value enums) does the same", () => {
    expect(validate("DlPet", { petType: "cat", livesLeft: 10 }).issues).toMatchObject([{ path: "", message: expect.stringContaining("must be a DlCat") }, { path: "/livesLeft" }]);
  });

  it("without a discriminant, the closest member's issues follow the union's", () => {
    expect(validate("ClU", { a: 1, x: 2 }).issues).toMatchObject([{ path: "", expected: "ClA | ClB", message: expect.stringContaining("closest alternative") }, { path: "/x", expected: "string" }]);
    // ClA would need `a` and a string `x` (2 issues), ClB only a boolean `c` (1): ClB is reported.
    expect(validate("ClU", { b: true, c: 1, x: 5 }).issues).toMatchObject([{ path: "" }, { path: "/c", expected: "boolean" }]);
    expect(validate("ClU", { b: true, c: 1, x: 5 }).issues).toHaveLength(2);
  });
});

describe("oneOf with open enums", () => {
  it("a oneOf whose members reach an open enum is checked like anyOf in open mode (an unknown value fits both); one with no enum in reach stays exact", () => {
    const open = generated.get("3.0/open")!.api;
    const is = (name: string, v: unknown) => (open[`is${name}`] as (v: unknown) => boolean)(v);
    expect(is("OeOne", { kind: "zzz" })).toBe(true);
    expect(is("OeOne", { kind: "x" })).toBe(true);
    expect(is("OeOne", {})).toBe(false);
    expect(is("FzFizz", 15)).toBe(false);
    expect(is("FzAb", null)).toBe(false);
  });

  it("members that read the same in TypeScript are written once (it was `number | number`)", () => {
    const file = generated.get("3.0/open")!.result.files.find((f) => f.path === "schemas/fz_fizz.ts")!;
    expect(file.content).toContain("export type FzFizz = number;");
  });
});

describe("strict objects apply to the merged allOf", () => {
  it("an allOf of two objects accepts the keys of both halves and rejects others", async () => {
    const result = await generateInline(docFor("3.0"), { enums: "closed", strictObjects: true, select: ["am_derived"] });
    const dir = await writeScratch("constructs-strict", result.files);
    const is = (await loadGenerated(dir))["isAmDerived"] as (v: unknown) => boolean;
    expect(is({ id: 1, name: "x", note: "n" })).toBe(true);
    expect(is({ id: 1, name: "x", other: true })).toBe(false);
  });

  it("objects combined with anyOf/oneOf (an intersection) accept each other's keys, with a warning that strictness does not apply to them", async () => {
    const doc = specWith({
      sp_base: { type: "object", properties: { kind: { type: "string" } }, required: ["kind"] },
      sp_one: { type: "object", properties: { kind: { type: "string" } }, oneOf: [{ type: "object", properties: { a: { type: "integer" } }, required: ["a"] }, { type: "object", properties: { b: { type: "integer" } }, required: ["b"] }] },
      sp_any: { allOf: [{ $ref: "#/components/schemas/sp_base" }, { anyOf: [{ type: "object", properties: { a: { type: "integer" } } }, { type: "object", properties: { b: { type: "integer" } } }] }] },
      sp_merged: { allOf: [{ $ref: "#/components/schemas/sp_base" }, { type: "object", properties: { a: { type: "integer" } } }] },
    }, "3.1.0");
    const result = await generateInline(doc, { enums: "closed", strictObjects: true });
    const dir = await writeScratch("constructs-strict-parts", result.files);
    const api = await loadGenerated(dir);
    const is = (name: string, v: unknown) => (api[`is${name}`] as (v: unknown) => boolean)(v);
    // Every value of the combined type passes (each part used to reject the others' keys).
    expect(is("SpOne", { kind: "x", a: 1 })).toBe(true);
    expect(is("SpOne", { kind: "x", b: 1 })).toBe(true);
    expect(is("SpAny", { kind: "x", a: 1 })).toBe(true);
    expect(is("SpOne", { kind: "x" })).toBe(false);
    // A merged allOf stays strict over its merged key set.
    expect(is("SpMerged", { kind: "x", a: 1 })).toBe(true);
    expect(is("SpMerged", { kind: "x", a: 1, z: 1 })).toBe(false);
    expect(result.model.warnings.map((w) => w.message.split(":")[0])).toEqual(
      ["SpAny21", "SpAny22", "SpBase", "SpOneFields", "SpOne1", "SpOne2"].map((name) => `\`strictObjects\` does not apply to ${name}`),
    );
  });
});

describe.each(MODES)("constructs (%s enums)", (enums) => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    if (enums === "open" && c.closedOnly) return;
    const g = generated.get(`${c.version}/${enums}`)!;
    const { is, validate, text } = guardsOf(g, c);
    for (const t of c.types ?? []) expect(text).toContain(t);
    expect(c.valid.filter((v) => !is(v)), "valid values rejected").toEqual([]);
    expect(c.invalid.filter((v) => is(v)), "invalid values accepted").toEqual([]);
    const check = g.oracle.validator(c.root);
    const inputs: Json[] = [...c.valid, ...c.invalid, ...[...c.valid, ...c.invalid].flatMap((v) => mutantsOf(v))];
    inputs.push(...fc.sample(fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, { seed: c.name.length * 7919 + c.root.length, numRuns: RANDOM_PER_CASE }));
    const disagreements: string[] = [];
    for (const v of inputs) {
      counts.compared++;
      const ours = is(v);
      const theirs = check(v) as boolean;
      const result = validate(v);
      if (result.ok !== ours) disagreements.push(`validate says ${result.ok}, is says ${ours}: ${JSON.stringify(v)}`);
      if (ours !== theirs) {
        counts.disagreements++;
        disagreements.push(`guard ${ours}, ajv ${theirs}: ${JSON.stringify(v)} (${JSON.stringify(check.errors)})`);
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });
});
