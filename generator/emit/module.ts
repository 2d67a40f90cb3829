/**
 * One model module → one TypeScript source text (without the header, which `emit/index.ts`
 * attaches): imports, then for each declaration its types and guards. Structures are printed once per file (never statement by statement:
 * ts-morph re-parses on every manipulation, which made 600 statements take 35 s).
 */
import { printStructure, StructureKind, type ImportDeclarationStructure, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Model, Module } from "../model/types.ts";
import { ordinal } from "../resolve/resolve.ts";
import { ModuleContext, type EmitOptions } from "./context.ts";
import { guardStatements } from "./guards.ts";
import { RUNTIME_FILE } from "./runtime.ts";
import { typeStatements } from "./types.ts";

export const PRINT_OPTIONS = { indentNumberOfSpaces: 2, useSingleQuote: false } as const;

/** The module's text, and the declarations its emitters looked up (what the text depends on). */
export function moduleSource(model: Model, module: Module, options: EmitOptions): { text: string; lookedUp: ReadonlySet<string> } {
  const ctx = new ModuleContext(model, module, options);
  const body: (StatementStructures | string)[] = [];
  for (const decl of module.decls) {
    body.push(...typeStatements(decl, ctx));
    body.push(...guardStatements(decl, ctx));
  }
  const imports: ImportDeclarationStructure[] = [];
  const runtime = `../${RUNTIME_FILE}.js`;
  if (ctx.runtimeTypes.size > 0) imports.push(importOf(runtime, ctx.runtimeTypes, true));
  if (ctx.runtimeValues.size > 0) imports.push(importOf(runtime, ctx.runtimeValues, false));
  const files = new Set([...ctx.typeImports.keys(), ...ctx.valueImports.keys()]);
  for (const file of [...files].sort(ordinal)) {
    const types = ctx.typeImports.get(file);
    const values = ctx.valueImports.get(file);
    if (types) imports.push(importOf(`./${file}.js`, types, true));
    if (values) imports.push(importOf(`./${file}.js`, values, false));
  }
  const structure: SourceFileStructure = {
    kind: StructureKind.SourceFile,
    statements: [...imports, ...body.map(separated)],
  };
  return { text: printStructure(structure, PRINT_OPTIONS), lookedUp: ctx.lookedUp };
}

/**
 * ts-morph separates interfaces and functions by a blank line but not consecutive `const` and
 * `type` statements; give those one too, so every declaration stands apart.
 */
function separated(statement: StatementStructures | string): StatementStructures | string {
  if (typeof statement === "string") return statement;
  if (statement.kind === StructureKind.VariableStatement || statement.kind === StructureKind.TypeAlias) {
    return { ...statement, leadingTrivia: "\n" };
  }
  return statement;
}

function importOf(specifier: string, names: ReadonlySet<string>, typeOnly: boolean): ImportDeclarationStructure {
  return {
    kind: StructureKind.ImportDeclaration,
    isTypeOnly: typeOnly,
    moduleSpecifier: specifier,
    namedImports: [...names].sort(ordinal).map((name) => ({ kind: StructureKind.ImportSpecifier, name })),
  };
}
