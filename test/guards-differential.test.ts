/**
 * Differential test: the generated guards (closed enums) against ajv 8 compiling the spec's own
 * `components.schemas` (OpenAPI 3.0 translated by test/support/ajv.ts), over every schema of the
 * pinned spec. Inputs per schema: valid samples, single-point mutants (test/support/samples.ts)
 * and random JSON values injected at random spots of a sample. For every input,
 * `isX(v) === ajv(v)`, except for the KNOWN_DIFFERENCES below — each justified, each matched
 * precisely, and each required to still occur (so the list can neither hide a new disagreement
 * nor go stale).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Decl, Model, TypeExpr } from "../generator/model/types.ts";
import { createOracle, type SpecOracle } from "./support/ajv.ts";
import { loadGenerated, materialize, SPEC } from "./support/generated.ts";
import { conforms, expandableIds, mutants, pointer, replaced, samplesFor, seedOf } from "./support/samples.ts";

const SCHEMA_IDS = Object.keys((JSON.parse(readFileSync(SPEC, "utf8")) as { components: { schemas: object } }).components.schemas);
const SAMPLES_PER_SCHEMA = 3;
const MUTANTS_PER_KIND = 3;
const INJECTIONS_PER_SCHEMA = 20;

interface Disagreement {
  readonly schema: string;
  /** `sample`, a mutant kind, or `inject`. */
  readonly kind: string;
  readonly path: string;
  readonly value: unknown;
  readonly ours: boolean;
  readonly ajv: boolean;
  readonly ajvErrors: unknown;
}

interface KnownDifference {
  readonly id: string;
  readonly why: string;
  readonly matches: (d: Disagreement, model: Model, root: TypeExpr) => boolean;
}

/**
 * Semantic differences that are NOT bugs. A disagreement must match one of these exactly.
 */
const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: "unsafe-integer",
    why:
      "JSON Schema `integer` (ajv: `!(x % 1) && isFinite(x)`) admits integral numbers beyond 2^53; " +
      "specguard's guards accept only safe integers for `integer` and `unix-time` (NOTES: integer " +
      "means Number.isSafeInteger), because a JSON number past 2^53 has already lost precision when " +
      "JSON.parse returns it (an amount or timestamp silently changed). Matched exactly: the guard " +
      "says no, ajv says yes, and the model's own checker agrees with ajv once integers may be unsafe " +
      "and with the guard otherwise — i.e. the unsafe integer is the whole difference.",
    matches: (d, model, root) =>
      !d.ours && d.ajv && !conforms(model, root, d.value) && conforms(model, root, d.value, { anyInteger: true }) && containsUnsafeInteger(d.value),
  },
];

function containsUnsafeInteger(v: unknown): boolean {
  if (typeof v === "number") return Number.isInteger(v) && !Number.isSafeInteger(v);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsUnsafeInteger);
  return false;
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
  return text.length > 300 ? text.slice(0, 300) + "…" : text;
}

function spotsOf(v: unknown, tokens: string[] = [], out: string[][] = []): string[][] {
  out.push(tokens);
  if (Array.isArray(v)) v.forEach((x, i) => spotsOf(x, [...tokens, String(i)], out));
  else if (typeof v === "object" && v !== null) for (const k of Object.keys(v)) spotsOf((v as Record<string, unknown>)[k], [...tokens, k], out);
  return out;
}

describe("guards agree with ajv on the whole spec (closed enums)", () => {
  let model: Model;
  let api: Record<string, unknown>;
  let oracle: SpecOracle;
  const mainOf = new Map<string, Decl>();
  const seenKnown = new Map<string, number>();
  let compared = 0;

  beforeAll(async () => {
    const { dir, result } = await materialize("guards-differential-closed", { all: true, enums: "closed" });
    model = result.model;
    api = await loadGenerated(dir);
    for (const m of model.modules) mainOf.set(m.schemaId, m.main);
    oracle = createOracle(SPEC);
    for (const id of SCHEMA_IDS) oracle.validator(id); // compile up front (~3 s), not inside a test
  });

  afterAll(() => {
    // Visible in the run log: how much was compared and which known differences occurred.
    console.log(`guards-differential: ${compared} inputs compared; known differences seen: ${show(Object.fromEntries(seenKnown))}`);
  });

  it("ajv compiles every component schema", () => {
    expect(oracle.ids).toEqual(SCHEMA_IDS);
    expect(mainOf.size).toBe(SCHEMA_IDS.length);
  });

  it.each(SCHEMA_IDS)("%s", (id) => {
    const decl = mainOf.get(id) as Decl;
    const is = api[`is${decl.name}`] as (v: unknown) => boolean;
    expect(typeof is).toBe("function");
    const validate = oracle.validator(id);
    const root: TypeExpr = { kind: "ref", name: decl.name };
    const seed = seedOf(`differential:${id}`);
    const inputs: { kind: string; path: string; value: unknown }[] = [];
    const samples = samplesFor(model, decl.name, SAMPLES_PER_SCHEMA, seed);
    samples.forEach((sample, i) => {
      inputs.push({ kind: "sample", path: "", value: sample });
      for (const m of mutants(model, decl.name, sample, { perKind: MUTANTS_PER_KIND, seed: seed + i })) inputs.push({ kind: m.kind, path: m.path, value: m.value });
    });
    const spots = spotsOf(samples[0]);
    for (const [n, v] of fc.sample(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })), { seed, numRuns: INJECTIONS_PER_SCHEMA })) {
      const at = spots[n % spots.length] as string[];
      inputs.push({ kind: "inject", path: pointer(at), value: replaced(samples[0], at, v) });
    }
    const unexplained: string[] = [];
    for (const input of inputs) {
      compared++;
      const ours = is(input.value);
      const theirs = validate(input.value) as boolean;
      if (ours === theirs) continue;
      const d: Disagreement = { schema: id, ...input, ours, ajv: theirs, ajvErrors: validate.errors };
      const known = KNOWN_DIFFERENCES.filter((k) => k.matches(d, model, root));
      if (known.length === 1) seenKnown.set(known[0]!.id, (seenKnown.get(known[0]!.id) ?? 0) + 1);
      else
        unexplained.push(
          `${d.kind} at ${JSON.stringify(d.path)}: guard ${ours}, ajv ${theirs}${known.length > 1 ? " (matches several known differences)" : ""}; ajv errors ${show(d.ajvErrors)}; value ${show(d.value)}`,
        );
    }
    expect(unexplained).toEqual([]);
    expect(inputs.length).toBeGreaterThan(SAMPLES_PER_SCHEMA + INJECTIONS_PER_SCHEMA);
  });

  it("every listed known difference actually occurred (the list is exact, not a blanket excuse)", () => {
    for (const k of KNOWN_DIFFERENCES) expect(seenKnown.get(k.id) ?? 0, k.id).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(50_000);
  });

  it("expandable ids: the spec's `maxLength: 5000` on the id string holds for guards as for ajv", () => {
    // `anyOf: [{ type: string, maxLength: 5000 }, { $ref }]` + x-expansionResources: both branches
    // are the spec's; an id of 5001 code points is invalid. Checked at every expandable id of
    // the samples of every schema.
    const problems: string[] = [];
    let checked = 0;
    for (const id of SCHEMA_IDS) {
      const decl = mainOf.get(id) as Decl;
      const is = api[`is${decl.name}`] as (v: unknown) => boolean;
      const validate = oracle.validator(id);
      const sample = samplesFor(model, decl.name, 1, seedOf(`differential:${id}`))[0];
      for (const at of expandableIds(model, decl.name, sample)) {
        const value = replaced(sample, at, "x".repeat(5001));
        checked++;
        const ours = is(value);
        const theirs = validate(value) as boolean;
        if (ours !== theirs) problems.push(`${id} ${pointer(at)}: guard ${ours}, ajv ${theirs}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(problems.slice(0, 10)).toEqual([]);
  });
});
