/**
 * The public surface of the generated code (issue 11): the barrel, `runtime`, and every public
 * schema module export types, enums and `is`/`validate`/`assert` guards only (plus the public
 * runtime types), in both emit modes. The guards are written in `internal/` and re-exported by
 * name; the `check`/`collect` workers and the runtime helpers beside them are reachable from no
 * public file: neither declared (read with the TypeScript checker, which follows re-exports)
 * nor at run time (the js-mode modules imported).
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

  test.each(CASES)("$spec, $enums enums: the internal files hold the guards and the workers they call", async ({ spec, enums }) => {
    const { dir, result } = generated.get(key(spec, enums, "ts"))!;
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as { schemas: Record<string, { module: string; internal?: string }> };
    const exports = declaredExports(result.model.modules.map((m) => join(dir, "internal", `${m.file}.ts`)));
    for (const module of result.model.modules) {
      const entry = manifest.schemas[module.schemaId]!;
      expect(entry.module).toBe(`schemas/${module.file}.ts`);
      // Every module has one: it holds the guards the public file re-exports.
      expect(entry.internal).toBe(`internal/${module.file}.ts`);
      const names = exports.get(join(dir, entry.internal!))!;
      for (const d of module.decls) expect(names).toEqual(expect.arrayContaining(guardNames(d)));
      // Objects, aliases and closed enums have a `check` worker; open enums are tested inline.
      for (const d of module.decls.filter((d) => d.kind !== "enum" || !d.open)) expect(names).toContain(`check${d.name}`);
      // Only the guards and workers: no type, enum object or helper of another kind is exported.
      expect(names.filter((n) => !/^(check|collect|is|validate|assert)[A-Z_]/.test(n))).toEqual([]);
    }
  });

  test.each(CASES)("$spec, $enums enums, js mode: the modules export exactly the public values at run time", async ({ spec, enums }) => {
    const { dir, result } = generated.get(key(spec, enums, "js"))!;
    const load = async (path: string) => Object.keys((await import(pathToFileURL(join(dir, path)).href)) as object).sort();
    expect(await load("index.js")).toEqual([...PUBLIC_RUNTIME.values, ...result.model.modules.flatMap(moduleValues)].sort());
    expect(await load("runtime.js")).toEqual([...PUBLIC_RUNTIME.values]);
    for (const module of result.model.modules) expect(await load(`schemas/${module.file}.js`)).toEqual(moduleValues(module).sort());
    // A public declaration file refers to internal ones only to re-export its own guards.
    for (const module of result.model.modules) {
      const file = result.files.find((f) => f.path === `schemas/${module.file}.d.ts`)!;
      const refs = [...file.content.matchAll(/from "([^"]*internal\/[^"]*)"/g)].map((m) => m[1]);
      expect({ file: file.path, refs }).toEqual({ file: file.path, refs: [`../internal/${module.file}.js`] });
      const reexport = /export \{([^}]*)\} from "\.\.\/internal\//.exec(file.content)?.[1]?.split(",").map((n) => n.trim()).filter(Boolean);
      expect(reexport?.sort()).toEqual(module.decls.flatMap(guardNames).sort());
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
