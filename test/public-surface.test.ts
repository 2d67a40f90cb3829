/**
 * The public surface of the generated code (issue 11): the barrel, `runtime`, and every public
 * schema module export types, enums and `is`/`validate`/`assert` guards only (plus the public
 * runtime types), in both emit modes. The `check`/`collect` workers and the runtime helpers live
 * under `internal/` and are reachable from no public file: neither declared (read with the
 * TypeScript checker, which follows re-exports) nor at run time (the js-mode modules imported).
 */
import { readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, test } from "vitest";
import { PUBLIC_RUNTIME } from "../generator/emit/layout.ts";
import { guardNames } from "../generator/emit/guards.ts";
import type { GenerateResult } from "../generator/index.ts";
import type { Module } from "../generator/model/types.ts";
import { materialize, ROOT } from "./support/generated.ts";
import { STRICTEST } from "./support/strictest.ts";

const SPECS = join(ROOT, "test/fixtures/specs");
const CASES = readdirSync(SPECS)
  .sort()
  .flatMap((spec) => (["closed", "open"] as const).map((enums) => ({ spec, enums })));
type Emit = "ts" | "js";

const generated = new Map<string, { dir: string; result: GenerateResult }>();
const key = (spec: string, enums: string, emit: Emit): string => `${spec}/${enums}/${emit}`;

beforeAll(async () => {
  for (const { spec, enums } of CASES) {
    for (const emit of ["ts", "js"] as const) {
      const name = `public-surface/${spec.replace(/\.\w+$/, "")}-${enums}-${emit}`;
      generated.set(key(spec, enums, emit), await materialize(name, { spec: join(SPECS, spec), all: true, enums, emit }));
    }
  }
});

/** The names a schema module may export: its types, enum objects and `…Values`, and guards. */
function moduleNames(module: Module): string[] {
  return module.decls.flatMap((d) => [d.name, ...(d.kind === "enum" ? [`${d.name}Values`] : []), ...guardNames(d)]);
}

/** The value names among them (what a module exports at run time). */
function moduleValues(module: Module): string[] {
  return module.decls.flatMap((d) => [...(d.kind === "enum" ? [d.name, `${d.name}Values`] : []), ...guardNames(d)]);
}

const publicRuntime = [...PUBLIC_RUNTIME.types, ...PUBLIC_RUNTIME.values];

/** Each file's exported names, as the TypeScript checker resolves them (re-exports followed). */
function declaredExports(files: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram({ rootNames: [...files], options: STRICTEST.NodeNext });
  const checker = program.getTypeChecker();
  const out = new Map<string, string[]>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (symbol === undefined) throw new Error(`not a module: ${file}`);
    out.set(file, checker.getExportsOfModule(symbol).map((s) => s.getName()).sort());
  }
  return out;
}

/** The public files of an output folder: the barrel, the runtime and the schema modules. */
function publicFiles(dir: string, result: GenerateResult, emit: Emit): Map<string, string[]> {
  const ext = emit === "ts" ? ".ts" : ".d.ts";
  const expected = new Map<string, string[]>();
  const all = result.model.modules.flatMap(moduleNames);
  expected.set(join(dir, `index${ext}`), [...publicRuntime, ...all].sort());
  expected.set(join(dir, `runtime${ext}`), [...publicRuntime].sort());
  for (const module of result.model.modules) expected.set(join(dir, "schemas", `${module.file}${ext}`), moduleNames(module).sort());
  return expected;
}

const INTERNAL_NAME = /^(check|collect|known|pattern|expected|json)[A-Z_]/;

describe("the public surface", () => {
  test.each(CASES.flatMap((c) => (["ts", "js"] as const).map((emit) => ({ ...c, emit }))))(
    "$spec, $enums enums, $emit mode: public files export types, enums and is/validate/assert only",
    ({ spec, enums, emit }) => {
      const { dir, result } = generated.get(key(spec, enums, emit))!;
      const expected = publicFiles(dir, result, emit);
      const ext = emit === "ts" ? ".ts" : ".d.ts";
      const internalRuntime = join(dir, "internal", `runtime${ext}`);
      const exports = declaredExports([...expected.keys(), internalRuntime]);
      const helpers = exports.get(internalRuntime)!;
      // The vocabulary the assertions below look for is real: the internal runtime has the helpers.
      expect(helpers).toEqual(expect.arrayContaining(["record", "own", "report", "validated", "ensure", "Memo"]));
      for (const [file, names] of expected) {
        const found = exports.get(file)!;
        expect({ file, names: found }).toEqual({ file, names });
        expect(found.filter((n) => INTERNAL_NAME.test(n) || helpers.includes(n))).toEqual([]);
      }
    },
  );

  test.each(CASES)("$spec, $enums enums: the internal files hold the workers the public guards call", async ({ spec, enums }) => {
    const { dir, result } = generated.get(key(spec, enums, "ts"))!;
    const files = result.files.map((f) => f.path);
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as { schemas: Record<string, { module: string; internal?: string }> };
    const internals = result.model.modules.filter((m) => manifest.schemas[m.schemaId]!.internal !== undefined);
    const exports = declaredExports(internals.map((m) => join(dir, "internal", `${m.file}.ts`)));
    let without = 0;
    for (const module of result.model.modules) {
      const entry = manifest.schemas[module.schemaId]!;
      expect(entry.module).toBe(`schemas/${module.file}.ts`);
      const workers = module.decls.filter((d) => d.kind !== "enum" || !d.open);
      if (workers.length === 0) {
        without++;
        expect(entry.internal).toBeUndefined();
        expect(files).not.toContain(`internal/${module.file}.ts`);
        continue;
      }
      expect(entry.internal).toBe(`internal/${module.file}.ts`);
      const names = exports.get(join(dir, entry.internal!))!;
      for (const d of workers) expect(names).toContain(`check${d.name}`);
      // Only workers: nothing a user would import lives there.
      expect(names.filter((n) => !/^(check|collect)[A-Z_]/.test(n))).toEqual([]);
    }
    // Modules of open enums only have no internal file; with closed enums every module has one.
    if (enums === "closed") expect(without).toBe(0);
    if (spec === "weird-enums.json" && enums === "open") expect(without).toBeGreaterThan(0);
  });

  test.each(CASES)("$spec, $enums enums, js mode: the modules export exactly the public values at run time", async ({ spec, enums }) => {
    const { dir, result } = generated.get(key(spec, enums, "js"))!;
    const load = async (path: string) => Object.keys((await import(pathToFileURL(join(dir, path)).href)) as object).sort();
    expect(await load("index.js")).toEqual([...PUBLIC_RUNTIME.values, ...result.model.modules.flatMap(moduleValues)].sort());
    expect(await load("runtime.js")).toEqual([...PUBLIC_RUNTIME.values]);
    for (const module of result.model.modules) expect(await load(`schemas/${module.file}.js`)).toEqual(moduleValues(module).sort());
    // No public declaration file refers to an internal one (the guards' signatures need none).
    for (const file of result.files.filter((f) => f.path.endsWith(".d.ts") && !f.path.startsWith("internal/"))) {
      expect({ file: file.path, internal: file.content.includes("internal/") }).toEqual({ file: file.path, internal: false });
    }
  });

  test("the check can fail: a public module that re-exports a worker is caught", async () => {
    const { dir, result } = generated.get(key("verification-session.yaml", "closed", "ts"))!;
    const module = result.model.modules.find((m) => m.decls.some((d) => d.kind === "object"))!;
    const worker = `check${module.decls.find((d) => d.kind === "object")!.name}`;
    const leaky = join(dir, "schemas", "leaky.ts");
    await writeFile(leaky, `export * from "./${module.file}.js";\nexport { ${worker} } from "../internal/${module.file}.js";\n`);
    const found = declaredExports([leaky]).get(leaky)!;
    expect(found.filter((n) => INTERNAL_NAME.test(n))).toEqual([worker]);
    expect(found).not.toEqual(moduleNames(module).sort());
  });
});
