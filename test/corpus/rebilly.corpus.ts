/**
 * A third real spec, unlike Stripe's and GitHub's: Rebilly's combined API (OpenAPI 3.0.3, YAML,
 * 544 component schemas, polymorphism through `discriminator` on base schemas and `allOf` in the
 * children). It ships with @redocly/openapi-core (a dependency of openapi-typescript) as a
 * benchmark input; the lockfile pins it. Generated whole from the YAML, closed enums, then:
 * - the only warnings are the 48 base-schema discriminators specguard ignores (named below);
 * - the output type-checks under the strict flags;
 * - samples, mutants and random values per component schema get ajv's verdict, but for integers
 *   past 2^53 (the guards accept safe integers only), and `isX` always agrees with `validateX`.
 * Run with `npm run test:corpus`.
 */
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, type GenerateResult } from "../../generator/index.ts";
import { createOracle, type SpecOracle } from "../support/ajv.ts";
import { loadGenerated, ROOT } from "../support/generated.ts";
import { mutants, samplesFor, seedOf } from "../support/samples.ts";
import { describeDiagnostics, typecheck } from "../support/typecheck.ts";

const SPEC = join(ROOT, "node_modules/@redocly/openapi-core/src/benchmark/benches/rebilly.yaml");
const DIR = join(ROOT, "test/.tmp/corpus-rebilly");
const IGNORED_DISCRIMINATOR = "`discriminator` without `oneOf`/`anyOf` beside it is ignored (put the union where the discriminator is)";

let result: GenerateResult;
let api: Record<string, unknown>;
let oracle: SpecOracle;
const counts = { sampled: 0, unsampled: 0, differential: 0, unsafeInteger: 0 };

beforeAll(async () => {
  if (!existsSync(SPEC)) throw new Error(`${SPEC} is missing: @redocly/openapi-core no longer ships its benchmark spec; pin it or vendor another spec`);
  result = await generate({ spec: SPEC, all: true, enums: "closed", format: false, cacheDir: false });
  await rm(DIR, { recursive: true, force: true });
  for (const file of result.files) {
    await mkdir(dirname(join(DIR, file.path)), { recursive: true });
    await writeFile(join(DIR, file.path), file.content);
  }
  api = await loadGenerated(DIR);
  oracle = createOracle(SPEC);
});

afterAll(() => console.log(`rebilly corpus: ${JSON.stringify(counts)}`));

describe("Rebilly combined API (YAML, allOf polymorphism)", () => {
  it("warns only about base-schema discriminators, each at its pointer", () => {
    expect(result.model.modules).toHaveLength(544);
    const warnings = result.model.warnings;
    expect(warnings).toHaveLength(48);
    for (const w of warnings) {
      expect(w.message).toBe(IGNORED_DISCRIMINATOR);
      expect(w.pointer).toMatch(/^\/components\/schemas\/[^/]+\/discriminator$/);
    }
  });

  it("type-checks under the strict flags", () => {
    const { diagnostics } = typecheck([join(DIR, "index.ts")]);
    expect(describeDiagnostics(diagnostics)).toEqual([]);
  });

  it("samples, mutants and random values agree with ajv, and isX with validateX", () => {
    const unsafe = (v: unknown): boolean =>
      typeof v === "number" ? Number.isInteger(v) && !Number.isSafeInteger(v) : typeof v === "object" && v !== null && Object.values(v).some(unsafe);
    const unexplained: string[] = [];
    for (const m of result.model.modules) {
      let samples: unknown[];
      try {
        samples = samplesFor(result.model, m.main.name, 2, seedOf(m.schemaId));
      } catch {
        counts.unsampled++; // the Stripe-built sampler has no generator for this shape; random values below still run
        samples = [];
      }
      if (samples.length > 0) counts.sampled++;
      const inputs: unknown[] = [];
      samples.forEach((s, i) => {
        inputs.push(s);
        for (const mu of mutants(result.model, m.main.name, s, { perKind: 2, seed: i })) inputs.push(mu.value);
      });
      inputs.push(...fc.sample(fc.jsonValue({ maxDepth: 2 }), { seed: seedOf(m.schemaId), numRuns: 5 }));
      const is = api[`is${m.main.name}`] as (v: unknown) => boolean;
      const validate = api[`validate${m.main.name}`] as (v: unknown) => { ok: boolean };
      const check = oracle.validator(m.schemaId);
      for (const v of inputs) {
        counts.differential++;
        const ours = is(v);
        if (validate(v).ok !== ours) unexplained.push(`${m.schemaId}: isX ${ours}, validateX ${!ours}: ${JSON.stringify(v)?.slice(0, 200)}`);
        const theirs = check(v) as boolean;
        if (ours === theirs) continue;
        if (!ours && theirs && unsafe(v)) counts.unsafeInteger++;
        else unexplained.push(`${m.schemaId}: guard ${ours}, ajv ${theirs}: ${JSON.stringify(v)?.slice(0, 200)}`);
      }
    }
    expect(unexplained.slice(0, 10)).toEqual([]);
    expect(counts.sampled).toBeGreaterThan(350);
    expect(counts.differential).toBeGreaterThan(10_000);
  });
});
