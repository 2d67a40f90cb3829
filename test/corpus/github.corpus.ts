/**
 * GitHub's REST API description (`@octokit/openapi`, OpenAPI 3.0.3, ~970 component schemas; a
 * devDependency) generated whole with closed enums, then:
 * - the warnings are exactly the constructs specguard approximates (listed below);
 * - the output type-checks under the strict flags;
 * - every response example whose schema is a component (or an array of one) gets the same
 *   verdict from the guard as from ajv (draft-07, `nullable` translated: test/support/ajv.ts);
 * - samples, mutants and random values per component schema agree with ajv, except the known
 *   differences, each matched precisely.
 * Run with `npm run test:corpus`.
 */
import { readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, type GenerateResult } from "../../generator/index.ts";
import { createOracle, type SpecOracle } from "../support/ajv.ts";
import { loadGenerated, ROOT } from "../support/generated.ts";
import { mutants, samplesFor, seedOf } from "../support/samples.ts";
import { describeDiagnostics, typecheck } from "../support/typecheck.ts";

const SPEC = join(ROOT, "node_modules/@octokit/openapi/generated/api.github.com.json");
const DIR = join(ROOT, "test/.tmp/corpus-github");
const P = "#/components/schemas/";

/** Schemas with object keywords but no `type: object`: warned, and checked as objects. */
const UNTYPED_OBJECTS = ["repository-rule-ruleset-info", "secret-scanning-custom-pattern-to-update"];

type Doc = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any>; responses: Record<string, any>; examples: Record<string, any> } };
let doc: Doc;
let result: GenerateResult;
let api: Record<string, unknown>;
let oracle: SpecOracle;
const counts = { examples: 0, compared: 0, skipped: 0, bothReject: 0, differential: 0, unsafeInteger: 0, untypedObject: 0 };

beforeAll(async () => {
  doc = JSON.parse(readFileSync(SPEC, "utf8")) as Doc;
  result = await generate({ spec: SPEC, all: true, enums: "closed", format: false, cacheDir: false });
  await rm(DIR, { recursive: true, force: true });
  for (const file of result.files) {
    await mkdir(dirname(join(DIR, file.path)), { recursive: true });
    await writeFile(join(DIR, file.path), file.content);
  }
  api = await loadGenerated(DIR);
  oracle = createOracle(SPEC);
});

afterAll(() => console.log(`github corpus: ${JSON.stringify(counts)}`));

const guard = (id: string): ((v: unknown) => boolean) => {
  const module = result.model.modules.find((m) => m.schemaId === id)!;
  return api[`is${module.main.name}`] as (v: unknown) => boolean;
};

describe("GitHub REST API (@octokit/openapi api.github.com.json)", () => {
  it("warns exactly about the approximated constructs", () => {
    expect(result.model.modules.length).toBeGreaterThan(900);
    expect(result.model.warnings.map((w) => w.pointer)).toEqual(UNTYPED_OBJECTS.map((id) => `/components/schemas/${id}`));
  });

  it("type-checks under the strict flags", () => {
    const { diagnostics } = typecheck([join(DIR, "index.ts")]);
    expect(describeDiagnostics(diagnostics)).toEqual([]);
  });

  it("every response example gets ajv's verdict", () => {
    const disagreements: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, raw] of Object.entries<any>(op?.responses ?? {})) {
          const resp = raw.$ref ? doc.components.responses[raw.$ref.split("/").pop()] : raw;
          const media = resp?.content?.["application/json"];
          if (!media?.schema) continue;
          for (const e of Object.values<any>(media.examples ?? {})) {
            const example = e.$ref ? doc.components.examples[e.$ref.split("/").pop()] : e;
            if (!example || !("value" in example)) continue;
            counts.examples++;
            const array = media.schema.type === "array" && typeof media.schema.items?.$ref === "string";
            const ref: unknown = array ? media.schema.items.$ref : media.schema.$ref;
            if (typeof ref !== "string" || !ref.startsWith(P)) {
              counts.skipped++; // an inline schema: no guard of its own
              continue;
            }
            const id = ref.slice(P.length);
            const values: unknown[] = array && Array.isArray(example.value) ? example.value : [example.value];
            const ours = values.every((v) => guard(id)(v));
            const theirs = values.every((v) => oracle.validator(id)(v) as boolean);
            counts.compared++;
            if (!ours && !theirs) counts.bothReject++;
            if (ours !== theirs) disagreements.push(`${method} ${path} ${status} (${id}): guard ${ours}, ajv ${theirs}`);
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(counts.compared).toBeGreaterThan(800);
  });

  it("samples, mutants and random values agree with ajv, but for the known differences", () => {
    const unsafe = (v: unknown): boolean =>
      typeof v === "number" ? Number.isInteger(v) && !Number.isSafeInteger(v) : typeof v === "object" && v !== null && Object.values(v).some(unsafe);
    const isPlainObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);
    const unexplained: string[] = [];
    let sampled = 0;
    for (const m of result.model.modules) {
      let samples: unknown[];
      try {
        samples = samplesFor(result.model, m.main.name, 2, seedOf(m.schemaId));
      } catch {
        continue; // the Stripe-built sampler has no generator for this shape (intersections, rules, some patterns)
      }
      sampled++;
      const inputs: unknown[] = [];
      samples.forEach((s, i) => {
        inputs.push(s);
        for (const mu of mutants(result.model, m.main.name, s, { perKind: 2, seed: i })) inputs.push(mu.value);
      });
      inputs.push(...fc.sample(fc.jsonValue({ maxDepth: 2 }), { seed: seedOf(m.schemaId), numRuns: 5 }));
      const is = guard(m.schemaId);
      const check = oracle.validator(m.schemaId);
      for (const v of inputs) {
        counts.differential++;
        const ours = is(v);
        const theirs = check(v) as boolean;
        if (ours === theirs) continue;
        // Known: integers past 2^53 (the guards accept only safe integers; whole-spec differential test).
        if (!ours && theirs && unsafe(v)) counts.unsafeInteger++;
        // Known: an untyped object schema (warned above) rejects the non-objects JSON Schema lets through.
        else if (!ours && theirs && UNTYPED_OBJECTS.includes(m.schemaId) && !isPlainObject(v)) counts.untypedObject++;
        else unexplained.push(`${m.schemaId}: guard ${ours}, ajv ${theirs}: ${JSON.stringify(v)?.slice(0, 200)}`);
      }
    }
    expect(unexplained.slice(0, 10)).toEqual([]);
    expect(sampled).toBeGreaterThan(900);
  });
});
