/**
 * The two emit modes declare the same API and behave the same. For every fixture spec, the
 * output of `emit: "ts"` and of `emit: "js"` (its `.d.ts` beside each `.js`) are generated side
 * by side; a checker file asserts every type and every exported value's type is assignable both
 * ways between the two, and that both export the same value names; it must compile with zero
 * diagnostics under the strictest settings (NodeNext, Bundler, and the lowest lib/target). Then
 * the guards of both run on the same valid samples and single-point mutants and must agree on
 * every `is` answer and every `validate` result.
 */
import fc from "fast-check";
import { readdirSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { generate, type GenerateResult } from "../generator/index.ts";
import { loadGenerated, materialize, ROOT } from "./support/generated.ts";
import { mutants, samplesFor, seedOf } from "./support/samples.ts";
import { LOWEST, STRICTEST } from "./support/strictest.ts";
import { describeDiagnostics, typecheck } from "./support/typecheck.ts";
import { JS_PRAGMA } from "../generator/emit/header.ts";

const SPECS = join(ROOT, "test/fixtures/specs");
const fixtures = readdirSync(SPECS).sort();

interface Pair {
  readonly ts: { dir: string; result: GenerateResult };
  readonly js: { dir: string; result: GenerateResult };
  readonly checker: string;
}

const pairs = new Map<string, Pair>();

/** The checker: both-ways assignability of every declared type and every exported value. */
function checkerText(result: GenerateResult): string {
  const lines = [
    'import type * as T from "./ts/index.js";',
    'import type * as J from "./js/index.js";',
    "",
    "type Both<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
    "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
    "",
    "export const sameValueNames: Same<keyof typeof T, keyof typeof J> = true;",
  ];
  let n = 0;
  for (const decl of result.model.decls.values()) {
    lines.push(`export const type${n}: Both<T.${decl.name}, J.${decl.name}> = true;`);
    const values = [`is${decl.name}`, `validate${decl.name}`, `assert${decl.name}`];
    if (decl.kind === "enum") values.push(decl.name, `${decl.name}Values`);
    for (const v of values) lines.push(`export const value${n}_${v}: Both<typeof T.${v}, typeof J.${v}> = true;`);
    n++;
  }
  return lines.join("\n") + "\n";
}

beforeAll(async () => {
  for (const fixture of fixtures) {
    const base = { spec: join(SPECS, fixture), all: true } as const;
    const name = `emit-modes/${fixture.replace(/\.\w+$/, "")}`;
    const ts = await materialize(`${name}/ts`, { ...base, emit: "ts" });
    const js = await materialize(`${name}/js`, { ...base, emit: "js" });
    const checker = join(ROOT, "test/.tmp", name, "checker.ts");
    await writeFile(checker, checkerText(ts.result));
    pairs.set(fixture, { ts, js, checker });
  }
});

describe("the same API", () => {
  test.each(Object.entries({ ...STRICTEST, lowest: LOWEST }))("every type and value assignable both ways, zero diagnostics (%s)", (_mode, options) => {
    const roots = [...pairs.values()].map((p) => p.checker);
    const { program, diagnostics } = typecheck(roots, options);
    expect(describeDiagnostics(diagnostics)).toEqual([]);
    // The js side was read from declarations only.
    const read = program.getSourceFiles().map((f) => f.fileName);
    for (const pair of pairs.values()) {
      expect(read).toContain(join(pair.js.dir, "index.d.ts").split("\\").join("/"));
      expect(read.filter((f) => f.startsWith(pair.js.dir.split("\\").join("/")) && !f.endsWith(".d.ts"))).toEqual([]);
    }
  });

  test("the checker can fail: a different type is caught", () => {
    const pair = pairs.get("verification-session.yaml")!;
    const wrong = join(pair.ts.dir, "..", "wrong.ts");
    return writeFile(
      wrong,
      'import type * as T from "./ts/index.js";\nimport type * as J from "./js/index.js";\ntype Both<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;\nexport const x: Both<T.IdentityVerificationSession, J.GelatoSessionLastError> = true;\n',
    ).then(() => {
      expect(describeDiagnostics(typecheck([wrong], STRICTEST.NodeNext).diagnostics).join("\n")).toMatch(/Type 'true' is not assignable to type 'false'/);
    });
  });

  test("js mode writes a .js and a .d.ts for every .ts of ts mode, and the same manifest but for module paths", async () => {
    for (const { ts, js } of pairs.values()) {
      const tsPaths = ts.result.files.map((f) => f.path).filter((p) => p.endsWith(".ts"));
      const jsPaths = js.result.files.map((f) => f.path);
      for (const p of tsPaths) expect(jsPaths).toEqual(expect.arrayContaining([p.replace(/\.ts$/, ".js"), p.replace(/\.ts$/, ".d.ts")]));
      expect(jsPaths.filter((p) => p.endsWith(".ts") && !p.endsWith(".d.ts"))).toEqual([]);
      const manifest = (dir: string) => readFile(join(dir, "manifest.json"), "utf8");
      expect((await manifest(js.dir)).replaceAll('.js"', '.ts"')).toBe(await manifest(ts.dir));
      // A project that type-checks its JavaScript (checkJs) leaves the output alone: its types are the .d.ts.
      const untyped = js.result.files.filter((f) => f.path.endsWith(".js") && f.content.split("\n")[2] !== JS_PRAGMA);
      expect(untyped.map((f) => f.path)).toEqual([]);
    }
  });

  test("the lowering cache changes nothing: a warm run writes the same files as a cold one", async () => {
    const cacheDir = join(ROOT, "test/.tmp/emit-modes/lower-cache");
    await rm(cacheDir, { recursive: true, force: true });
    const options = { spec: join(SPECS, "verification-session.yaml"), all: true, emit: "js", format: false, cacheDir } as const;
    const cold = await generate(options);
    expect(readdirSync(join(cacheDir, "js")).length).toBeGreaterThan(0);
    const warm = await generate(options);
    expect(warm.files).toEqual(cold.files);
    expect(cold.files).toEqual(pairs.get("verification-session.yaml")!.js.result.files);
  });

  test("internal helpers are not part of the declared API (see public-surface.test.ts for the whole surface)", async () => {
    for (const { js } of pairs.values()) {
      for (const file of js.result.files.filter((f) => f.path.endsWith(".d.ts") && !f.path.startsWith("internal/"))) {
        expect(file.content).not.toMatch(/export declare function (check|collect)[A-Z]/);
        expect(file.content).not.toMatch(/export declare function (record|own|str|report|failure|validated)\(/);
      }
    }
  });
});

describe("the same behaviour", () => {
  test.each(fixtures)("%s: is and validate agree on valid samples and their mutants", async (fixture) => {
    const { ts, js } = pairs.get(fixture)!;
    const tsMod = await loadGenerated(ts.dir);
    const jsMod = (await import(pathToFileURL(join(js.dir, "index.js")).href)) as Record<string, unknown>;
    expect(Object.keys(jsMod).sort()).toEqual(Object.keys(tsMod).sort());
    const model = ts.result.model;
    let compared = 0;
    let invalid = 0;
    for (const decl of model.decls.values()) {
      const inputs: unknown[] = [];
      const seed = seedOf(`modes:${fixture}:${decl.name}`);
      let samples: unknown[] | undefined;
      try {
        samples = samplesFor(model, decl.name, 5, seed);
      } catch {
        // The model-driven sampler knows Stripe's constructs; for the rest (never, refinements:
        // test/constructs.test.ts proves those against ajv) the two modes are compared on random JSON.
        inputs.push(...fc.sample(fc.jsonValue({ maxDepth: 3 }), { seed, numRuns: 20 }));
      }
      for (const [i, sample] of (samples ?? []).entries()) {
        inputs.push(sample);
        for (const m of mutants(model, decl.name, sample, { perKind: 2, seed: i })) inputs.push(m.value);
      }
      inputs.push(null, "x", 1.5, [], {});
      type Guard = (v: unknown) => unknown;
      const [isT, isJ] = [tsMod[`is${decl.name}`] as Guard, jsMod[`is${decl.name}`] as Guard];
      const [valT, valJ] = [tsMod[`validate${decl.name}`] as Guard, jsMod[`validate${decl.name}`] as Guard];
      for (const input of inputs) {
        const answer = isT(input);
        expect(isJ(input)).toBe(answer);
        expect(valJ(input)).toEqual(valT(input));
        compared++;
        if (answer === false) invalid++;
      }
    }
    expect(compared).toBeGreaterThan(20);
    expect(invalid).toBeGreaterThan(0);
  });
});
