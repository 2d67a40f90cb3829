/**
 * Property tests of the generated guards over the WHOLE pinned spec (`all: true`), with closed
 * and with open enums.
 *
 * For every component schema X (its main declaration):
 * - valid samples (fast-check, fixed seeds) pass `isX`, `validateX` (ok, same value) and `assertX`;
 * - single-point mutants fail all three, and `validateX` reports an issue exactly where the
 *   mutant was made. Accepted report paths (`Mutant.accepted`, test/support/samples.ts): the
 *   mutated pointer itself, or the pointer of an enclosing union / expandable value whose member
 *   the guard must find by trial (it can only say "none of the members"); a union WITH a
 *   discriminator is not accepted (the guard dispatches on the discriminator, so it knows the
 *   member and must report inside it) unless the discriminator itself was mutated. Every issue
 *   must lie inside the outermost accepted pointer (nothing reported elsewhere);
 * - `isX(v) === validateX(v).ok`, and both agree with the independent reference checker
 *   `conforms` (test/support/samples.ts) on JSON values injected anywhere in a sample;
 * - `isX` never throws: on fc.anything() (null prototypes, boxed values, Maps, sparse arrays...),
 *   fc.jsonValue(), keys `__proto__`/`constructor`/`toString` (also as JSON.parse makes them),
 *   and on input nested 100,000 levels deep (at the root, injected into samples, and along the
 *   model's own recursions, where the depth cap must reject it).
 * Every enum declaration: listed values pass; in closed mode unknown strings fail (at path ""),
 * in open mode they pass; non-strings fail in both.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Decl, Model } from "../generator/model/types.ts";
import { loadGenerated, materialize, SPEC } from "./support/generated.ts";
import {
  arbitraryFor,
  conforms,
  findRecursion,
  mutants,
  nestAlong,
  parseWithKeys,
  pointer,
  replaced,
  samplesFor,
  seedOf,
  setOwn,
  TRICKY_KEYS,
  type Mutant,
} from "./support/samples.ts";

const SCHEMA_IDS = Object.keys((JSON.parse(readFileSync(SPEC, "utf8")) as { components: { schemas: object } }).components.schemas);
const SAMPLES_PER_SCHEMA = 3;
const MUTANTS_PER_KIND = 3;
const DEEP = 100_000;
/** How many recursive declarations get the 100,000-level test. */
const DEEP_RECURSIONS = 8;

interface Issue {
  path: string;
  expected: string;
  received: string;
  message: string;
}
type Result = { ok: true; value: unknown } | { ok: false; issues: Issue[] };
interface Guards {
  is: (v: unknown) => boolean;
  validate: (v: unknown) => Result;
  assert: (v: unknown) => void;
}

function guardsOf(api: Record<string, unknown>, decl: Decl): Guards {
  const is = api[`is${decl.name}`];
  const validate = api[`validate${decl.name}`];
  const assert = api[`assert${decl.name}`];
  expect(typeof is, `is${decl.name}`).toBe("function");
  expect(typeof validate, `validate${decl.name}`).toBe("function");
  expect(typeof assert, `assert${decl.name}`).toBe("function");
  return { is, validate, assert } as Guards;
}

function show(v: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : typeof x === "number" && !Number.isFinite(x) ? String(x) : x));
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    try {
      text = String(v);
    } catch {
      text = Object.prototype.toString.call(v);
    }
  }
  return text.length > 400 ? text.slice(0, 400) + "…" : text;
}

/** Is pointer `p` equal to `base` or inside it? */
function within(p: string, base: string): boolean {
  return p === base || p.startsWith(base + "/");
}

/** Problems with a valid sample, as text (empty when all is well). */
function checkValid(g: Guards, v: unknown): string[] {
  const problems: string[] = [];
  if (g.is(v) !== true) problems.push(`is() rejected a valid value`);
  const r = g.validate(v);
  if (!r.ok) problems.push(`validate() rejected a valid value: ${show(r.issues.slice(0, 3))}`);
  else if (r.value !== v) problems.push(`validate().value is not the input`);
  try {
    g.assert(v);
  } catch (error) {
    problems.push(`assert() threw on a valid value: ${(error as Error).message}`);
  }
  return problems;
}

/** Problems with a mutant, as text (empty when all is well). */
function checkMutant(g: Guards, m: Mutant): string[] {
  const problems: string[] = [];
  const where = `${m.kind} at ${JSON.stringify(m.path)}`;
  if (g.is(m.value) !== false) problems.push(`${where}: is() accepted it`);
  const r = g.validate(m.value);
  if (r.ok) problems.push(`${where}: validate() accepted it`);
  else {
    const paths = r.issues.map((i) => i.path);
    const outermost = m.accepted[m.accepted.length - 1] as string;
    const bad = r.issues.filter((i) => typeof i.path !== "string" || typeof i.expected !== "string" || typeof i.received !== "string" || typeof i.message !== "string" || i.message === "");
    if (r.issues.length === 0) problems.push(`${where}: validate() failed with no issues`);
    if (bad.length > 0) problems.push(`${where}: malformed issues ${show(bad)}`);
    if (!paths.some((p) => m.accepted.includes(p))) problems.push(`${where}: issues at ${show(paths)}, expected one at ${show(m.accepted)}`);
    const stray = paths.filter((p) => !m.accepted.some((a) => within(p, a)) && !within(p, outermost) && !m.context.includes(p));
    if (stray.length > 0) problems.push(`${where}: issues outside the mutated spot: ${show(stray)}`);
  }
  let thrown: unknown;
  try {
    g.assert(m.value);
  } catch (error) {
    thrown = error ?? "falsy";
  }
  if (thrown === undefined) problems.push(`${where}: assert() did not throw`);
  else if (!(thrown instanceof Error) || (!r.ok && JSON.stringify((thrown as { issues?: unknown }).issues) !== JSON.stringify(r.issues)))
    problems.push(`${where}: assert() threw ${String(thrown)} without validate()'s issues`);
  return problems;
}

function deepArray(n: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < n; i++) v = [v];
  return v;
}
function deepObject(n: number, key: string): unknown {
  let v: unknown = {};
  for (let i = 0; i < n; i++) {
    const o: Record<string, unknown> = {};
    setOwn(o, key, v);
    v = o;
  }
  return v;
}
const DEEP_INPUTS: readonly [string, unknown][] = [
  ["array", deepArray(DEEP)],
  ["object", deepObject(DEEP, "a")],
  ["object (key data)", deepObject(DEEP, "data")],
  ["JSON.parse arrays", JSON.parse("[".repeat(DEEP) + "]".repeat(DEEP))],
  ["JSON.parse objects", JSON.parse('{"__proto__":'.repeat(DEEP) + "{}" + "}".repeat(DEEP))],
];

/** JSON text with `__proto__`, `constructor`, `toString` keys, parsed (own properties). */
const PROTO_PAYLOADS: readonly unknown[] = [
  JSON.parse('{"__proto__": {"id": "x", "object": "x"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "toString": "x", "valueOf": 1, "hasOwnProperty": null}'),
  JSON.parse('{"__proto__": null, "constructor": null, "toString": null}'),
  JSON.parse('[{"__proto__": []}]'),
  Object.assign(Object.create(null) as object, { toString: 1 }),
];

const ANYTHING = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
  key: fc.oneof(fc.string(), fc.constantFrom(...TRICKY_KEYS)),
});

/** Paths (token lists) of every member of a JSON-ish value, root first. */
function spotsOf(v: unknown, tokens: string[] = [], out: string[][] = []): string[][] {
  out.push(tokens);
  if (Array.isArray(v)) v.forEach((x, i) => spotsOf(x, [...tokens, String(i)], out));
  else if (typeof v === "object" && v !== null) for (const k of Object.keys(v)) spotsOf((v as Record<string, unknown>)[k], [...tokens, k], out);
  return out;
}

/** A deep copy of `v` (JSON values) with `replacement` at `tokens`. */
function replaceAt(v: unknown, tokens: readonly string[], replacement: unknown): unknown {
  if (tokens.length === 0) return replacement;
  const [head, ...rest] = tokens as [string, ...string[]];
  if (Array.isArray(v)) return v.map((x, i) => (String(i) === head ? replaceAt(x, rest, replacement) : x));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v as object)) setOwn(out, k, k === head ? replaceAt((v as Record<string, unknown>)[k], rest, replacement) : (v as Record<string, unknown>)[k]);
  return out;
}

for (const mode of ["closed", "open"] as const) {
  describe(`guards over the whole spec, ${mode} enums`, () => {
    let model: Model;
    let api: Record<string, unknown>;
    const mainOf = new Map<string, Decl>();

    beforeAll(async () => {
      const { dir, result } = await materialize(`guards-property-${mode}`, { all: true, enums: mode });
      model = result.model;
      api = await loadGenerated(dir);
      for (const m of model.modules) mainOf.set(m.schemaId, m.main);
    });

    it("emits the three guards for every declaration", () => {
      const missing = [...model.decls.keys()].filter((n) => ["is", "validate", "assert"].some((p) => typeof api[p + n] !== "function"));
      expect(missing).toEqual([]);
      expect(mainOf.size).toBe(SCHEMA_IDS.length);
    });

    it.each(SCHEMA_IDS)("%s: samples pass; mutants fail, reported where they were made", (id) => {
      const decl = mainOf.get(id) as Decl;
      const g = guardsOf(api, decl);
      const seed = seedOf(`${mode}:${id}`);
      const samples = samplesFor(model, decl.name, SAMPLES_PER_SCHEMA, seed);
      const problems: string[] = [];
      let mutantCount = 0;
      samples.forEach((sample, i) => {
        for (const p of checkValid(g, sample)) problems.push(`sample ${i} ${show(sample)}: ${p}`);
        const list = mutants(model, decl.name, sample, { perKind: MUTANTS_PER_KIND, seed: seed + i });
        mutantCount += list.length;
        for (const m of list) for (const p of checkMutant(g, m)) problems.push(`sample ${i}: ${p}; value ${show(m.value)}`);
      });
      expect(problems).toEqual([]);
      expect(samples.length).toBe(SAMPLES_PER_SCHEMA);
      // Every schema's main declaration admits at least a wrong type or a missing property.
      expect(mutantCount).toBeGreaterThan(0);
    });

    it.each(SCHEMA_IDS)("%s: never throws, and agrees with the reference checker on injected values", (id) => {
      const decl = mainOf.get(id) as Decl;
      const g = guardsOf(api, decl);
      const seed = seedOf(`inject:${mode}:${id}`);
      const root = { kind: "ref", name: decl.name } as const;
      const problems: string[] = [];
      const sample = samplesFor(model, decl.name, 1, seed)[0];
      const spots = spotsOf(sample);
      const safe = (label: string | (() => string), v: unknown): boolean | undefined => {
        const text = (): string => (typeof label === "string" ? label : label());
        try {
          const is = g.is(v);
          const r = g.validate(v);
          if (is !== r.ok) problems.push(`${text()}: is() ${is} but validate().ok ${r.ok}`);
          return is;
        } catch (error) {
          problems.push(`${text()}: threw ${String(error)}`);
          return undefined;
        }
      };
      // Anything at the root and anywhere inside a sample: never throws, is() === validate().ok.
      const injections = fc.sample(fc.tuple(fc.nat(), ANYTHING), { seed, numRuns: 15 });
      for (const [n, v] of injections) {
        safe(() => `anything at the root ${show(v)}`, v);
        const at = spots[n % spots.length] as string[];
        safe(() => `anything ${show(v)} at ${pointer(at)}`, replaceAt(sample, at, v));
      }
      // JSON values anywhere inside a sample: the verdict matches the reference checker.
      for (const [n, v] of fc.sample(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 })), { seed: seed + 1, numRuns: 15 })) {
        const at = spots[n % spots.length] as string[];
        const value = replaceAt(sample, at, v);
        const is = safe(`JSON at ${pointer(at)}`, value);
        if (is !== undefined && is !== conforms(model, root, value)) problems.push(`JSON ${show(v)} at ${pointer(at)}: is() ${is}, reference checker ${!is}`);
      }
      // Prototype-ish keys, at the root and at every object spot of the sample.
      for (const p of PROTO_PAYLOADS) safe(() => `proto payload ${show(p)}`, p);
      const objectSpots = spots.filter((at) => {
        const t = at.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], sample);
        return typeof t === "object" && t !== null && !Array.isArray(t);
      });
      const step = Math.max(1, Math.ceil(objectSpots.length / 8));
      for (const at of objectSpots.filter((_, i) => i % step === 0)) {
        const target = at.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], sample);
        if (typeof target !== "object" || target === null || Array.isArray(target)) continue;
        const parsed = replaceAt(sample, at, parseWithKeys(target, [["__proto__", { x: 1 }], ["constructor", "c"], ["toString", "t"]]));
        const is = safe(`__proto__/constructor/toString keys at ${pointer(at)}`, parsed);
        if (is !== undefined && is !== conforms(model, root, parsed)) problems.push(`__proto__/constructor/toString keys at ${pointer(at)}: is() ${is}, reference checker ${!is}`);
      }
      // 100,000 levels deep, at the root and injected at a few spots.
      for (const [label, deep] of DEEP_INPUTS) {
        if (safe(`${label} nested ${DEEP} deep at the root`, deep) === true && !conforms(model, root, deep)) problems.push(`${label}: deep input accepted at the root`);
        for (const at of [spots[spots.length - 1] as string[], spots[Math.floor(spots.length / 2)] as string[]]) safe(`${label} nested ${DEEP} deep at ${pointer(at)}`, replaceAt(sample, at, deep));
      }
      expect(problems).toEqual([]);
    });

    it("issue paths escape `/` and `~` in keys (RFC 6901)", () => {
      const problems: string[] = [];
      let checked = 0;
      const key = "a/b~c";
      for (const id of SCHEMA_IDS) {
        const decl = mainOf.get(id) as Decl;
        if (decl.kind !== "object") continue;
        for (const p of decl.properties) {
          const t = p.type.kind === "union" ? p.type.members.find((m) => m.kind === "record") : p.type;
          if (t?.kind !== "record" || t.values.kind === "unknown") continue;
          const g = guardsOf(api, decl);
          const sample = samplesFor(model, decl.name, 1, seedOf(`escape:${mode}:${id}`))[0] as Record<string, unknown>;
          const wrong = conforms(model, t.values, 42) ? "not a number" : 42;
          if (conforms(model, t.values, wrong)) continue;
          const value = replaced(sample, [p.name], JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(wrong)}}`));
          checked++;
          const r = g.validate(value);
          const want = pointer([p.name, key]);
          if (want !== `/${p.name.replace(/~/g, "~0").replace(/\//g, "~1")}/a~1b~0c`) throw new Error("harness: pointer()");
          if (r.ok || !r.issues.some((i) => i.path === want)) problems.push(`${id}: expected an issue at ${want}, got ${show(r)}`);
        }
      }
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(50);
    });

    it("required properties must be own: inherited ones and __proto__ keys don't count", () => {
      const problems: string[] = [];
      let checked = 0;
      for (const id of SCHEMA_IDS) {
        const decl = mainOf.get(id) as Decl;
        if (decl.kind !== "object") continue;
        const g = guardsOf(api, decl);
        const required = decl.properties.filter((p) => p.required);
        if (required.length === 0) continue;
        const sample = samplesFor(model, decl.name, 1, seedOf(`own:${mode}:${id}`))[0] as Record<string, unknown>;
        const p = required[0]!;
        const without = JSON.parse(JSON.stringify(sample)) as Record<string, unknown>;
        delete without[p.name];
        // (a) The property arrives under a JSON `__proto__` key (an own property named "__proto__").
        const viaProtoKey = parseWithKeys(without, [["__proto__", { [p.name]: sample[p.name] }]]);
        // (b) The property is inherited from the prototype.
        const inherited = Object.assign(Object.create({ [p.name]: sample[p.name] }) as object, without);
        for (const [label, v] of [["under a __proto__ key", viaProtoKey], ["inherited", inherited]] as const) {
          checked++;
          let is: boolean | string;
          try {
            is = g.is(v);
          } catch (error) {
            is = `threw ${(error as Error).message}`;
          }
          if (is !== false) problems.push(`${id}: required ${JSON.stringify(p.name)} ${label}: is() ${is}`);
          const r = g.validate(v);
          if (r.ok || !r.issues.some((i) => i.path === pointer([p.name]))) problems.push(`${id}: required ${JSON.stringify(p.name)} ${label}: validate() ${show(r)}`);
        }
      }
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(1000);
    });

    // NOTES ("Guards: pitfalls"): presence is an own-property test. A guard that reads `v.key` on
    // "plain" objects lets anything that polluted Object.prototype (a common gadget elsewhere in
    // an app) stand in for a missing required field. The pollution is non-enumerable and undone
    // right after each call.
    it("a polluted Object.prototype does not supply missing required properties", () => {
      const problems: string[] = [];
      let checked = 0;
      for (const id of SCHEMA_IDS) {
        const decl = mainOf.get(id) as Decl;
        if (decl.kind !== "object") continue;
        const required = decl.properties.filter((p) => p.required);
        if (required.length === 0) continue;
        const g = guardsOf(api, decl);
        const sample = samplesFor(model, decl.name, 1, seedOf(`pollute:${mode}:${id}`))[0] as Record<string, unknown>;
        const p = required[0]!;
        if (Object.hasOwn(Object.prototype, p.name)) continue;
        const without = JSON.parse(JSON.stringify(sample)) as Record<string, unknown>;
        delete without[p.name];
        checked++;
        Object.defineProperty(Object.prototype, p.name, { value: sample[p.name], configurable: true, writable: true, enumerable: false });
        try {
          if (g.is(without) !== false) problems.push(`${id}: missing ${JSON.stringify(p.name)} supplied by Object.prototype: is() true`);
        } finally {
          delete (Object.prototype as Record<string, unknown>)[p.name];
        }
      }
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(500);
    });

    it("deep recursion: recursive declarations nest validly within the cap and are rejected, not overflowed, past it", () => {
      const problems: string[] = [];
      let checked = 0;
      let deepChecked = 0;
      const recursive = [...model.recursive].sort().filter((name) => findRecursion(model, name) !== undefined);
      // 100,000 levels for an evenly spread selection (building them costs ~0.1 s each).
      const deepSelection = new Set(recursive.filter((_, i) => i % Math.ceil(recursive.length / DEEP_RECURSIONS) === 0));
      for (const name of recursive) {
        const decl = model.decls.get(name) as Decl;
        const recursion = findRecursion(model, name);
        if (!recursion) continue; // enums (and one list object) the model lists as recursive
        checked++;
        const g = guardsOf(api, decl);
        const root = { kind: "ref", name } as const;
        // Shallow: nesting well inside the cap (64) is valid and accepted.
        const levels = Math.max(1, Math.floor(40 / (recursion.steps.length + 1)));
        const shallow = nestAlong(model, name, recursion, levels, seedOf(name));
        if (!conforms(model, root, shallow)) problems.push(`${name}: harness built an invalid nested value`);
        else if (jsonDepth(shallow) <= 60 && !g.is(shallow)) problems.push(`${name}: ${levels} levels (JSON depth ${jsonDepth(shallow)}) rejected: ${show((g.validate(shallow) as { issues?: unknown }).issues)}`);
        // 100,000 levels: rejected by the depth cap, no stack overflow from any of the three.
        if (!deepSelection.has(name)) continue;
        deepChecked++;
        const deep = nestAlong(model, name, recursion, DEEP, seedOf(name));
        try {
          if (g.is(deep) !== false) problems.push(`${name}: ${DEEP} levels accepted`);
          const r = g.validate(deep);
          if (r.ok || r.issues.length === 0) problems.push(`${name}: validate() of ${DEEP} levels: ${show(r)}`);
        } catch (error) {
          problems.push(`${name}: ${DEEP} levels threw ${(error as Error).message}`);
        }
        let error: unknown;
        try {
          g.assert(deep);
        } catch (e) {
          error = e;
        }
        if (!(error instanceof Error) || error instanceof RangeError) problems.push(`${name}: assert() of ${DEEP} levels: ${String(error)}`);
      }
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(100);
      expect(deepChecked).toBeGreaterThanOrEqual(DEEP_RECURSIONS - 1);
    });

    it("enum guards: listed values pass, others per mode", () => {
      const problems: string[] = [];
      let enums = 0;
      for (const decl of model.decls.values()) {
        if (decl.kind !== "enum") continue;
        enums++;
        const g = guardsOf(api, decl);
        for (const m of decl.members) if (checkValid(g, m.value).length > 0) problems.push(`${decl.name}: ${JSON.stringify(m.value)} rejected`);
        for (const other of ["__unknown__", "", decl.members[0]!.value.toUpperCase() + "_X"]) {
          // Each enum's own `open` flag: a one-value enum on a required property is closed in both
          // modes (rule `one-value-enum`, so unions narrow on it).
          if (decl.open) {
            if (checkValid(g, other).length > 0) problems.push(`${decl.name} (open): ${JSON.stringify(other)} rejected`);
          } else {
            const issues = checkMutant(g, { kind: "unknown-enum", path: "", value: other, replacement: other, accepted: [""], context: [] });
            for (const i of issues) problems.push(`${decl.name} (closed): ${i}`);
          }
        }
        for (const bad of [42, null, true, [], {}, new String(decl.members[0]!.value), undefined]) {
          for (const i of checkMutant(g, { kind: "wrong-type", path: "", value: bad, replacement: bad, accepted: [""], context: [] })) problems.push(`${decl.name}: ${i}`);
        }
      }
      expect(problems).toEqual([]);
      expect(enums).toBeGreaterThan(500);
    });

    it("valid samples are reproducible (fixed seeds)", () => {
      const decl = mainOf.get("identity.verification_session") as Decl;
      const a = samplesFor(model, decl.name, 3, seedOf(`${mode}:identity.verification_session`));
      const b = samplesFor(model, decl.name, 3, seedOf(`${mode}:identity.verification_session`));
      expect(a).toEqual(b);
      expect(fc.sample(arbitraryFor(model, decl.name), { seed: 1, numRuns: 1 })).toEqual(fc.sample(arbitraryFor(model, decl.name), { seed: 1, numRuns: 1 }));
    });
  });
}

function jsonDepth(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (typeof x !== "object" || x === null) continue;
    max = Math.max(max, d);
    for (const y of Object.values(x)) stack.push([y, d + 1]);
  }
  return max;
}
