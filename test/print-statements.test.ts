/**
 * Internal files are printed by `printStatements` (emit/module.ts): the imports are texts
 * (`importOf`), the guard functions are joined by the rule ts-morph applies to text statements,
 * without its code writer. These tests hold both to ts-morph's own printer of the structures,
 * statement list by statement list, so a ts-morph upgrade that changes either fails here instead
 * of changing output.
 */
import fc from "fast-check";
import { printStructure, StructureKind, type ImportDeclarationStructure } from "ts-morph";
import { expect, test } from "vitest";
import { importOf as importText, PRINT_OPTIONS, printStatements } from "../generator/emit/module.ts";

function viaTsMorph(imports: ImportDeclarationStructure[], body: readonly string[]): string {
  return printStructure({ kind: StructureKind.SourceFile, statements: [...imports, ...body] }, PRINT_OPTIONS);
}

function importOf(specifier: string, names: string[]): ImportDeclarationStructure {
  return { kind: StructureKind.ImportDeclaration, isTypeOnly: names.length % 2 === 0, moduleSpecifier: specifier, namedImports: names.map((name) => ({ kind: StructureKind.ImportSpecifier, name })) };
}

/** The same import as the text the emitter writes (names sorted and unique, as it records them). */
function textOf(specifier: string, names: string[]): string {
  return importText(specifier, new Set(names), names.length % 2 === 0);
}

// Statement texts of the shapes the guard emitter produces, and a few it does not.
const statement = fc.constantFrom(
  "function a(v: unknown): boolean {\n  return true;\n}",
  "/** @internal Doc. */\nexport function b(v: unknown, d: number): boolean {\n  if (d > 1) {\n    return false;\n  }\n  return true;\n}",
  "const p_1 = /* @__PURE__ */ new RegExp(\"^a$\", \"u\");",
  "const k = new Set([\"a\", \"b\"]);\n",
  "function c() {}\n\n",
  "/** A comment that ends a statement list. */",
  "let x = { a: 1 };  ",
  "",
  "\n",
);

test("the join equals ts-morph's printer on generated-like statement lists", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom("./a.js", "../b.js"), fc.array(fc.constantFrom("x", "y", "z"), { minLength: 1, maxLength: 3 })), { maxLength: 3 }), fc.array(statement, { maxLength: 8 }), (specs, body) => {
      // Names as the emitter records them: a sorted set.
      const sorted = specs.map(([from, names]) => [from, [...new Set(names)].sort()] as const);
      const imports = sorted.map(([from, names]) => importOf(from, names));
      expect(printStatements(sorted.map(([from, names]) => textOf(from, names)), body)).toBe(viaTsMorph(imports, body));
    }),
    { numRuns: 400 },
  );
});

test("the join would be caught if it changed: a list where a blank line is required", () => {
  const body = ["function a() {\n  return 1;\n}", "const b = 2;"];
  expect(printStatements([], body)).toBe("function a() {\n  return 1;\n}\n\nconst b = 2;\n");
  expect(printStatements([], body)).toBe(viaTsMorph([], body));
});
