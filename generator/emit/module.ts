/**
 * One model module → two TypeScript source texts (without the header, which `emit/index.ts`
 * attaches): the public file (imports, the re-export of the guards, then each declaration's
 * types) and the internal file (the guards and their workers). Structures are printed once per
 * file (never statement by statement: ts-morph re-parses on every manipulation, which made 600
 * statements take 35 s).
 */
import type { SourceFileStructure, StatementStructures } from "ts-morph";
import { printStructure, StructureKind } from "../ts-morph.ts";
import type { ModuleTexts as CachedTexts } from "../cache.ts";
import type { Model, Module } from "../model/types.ts";
import { ordinal } from "../resolve/resolve.ts";
import { ModuleContext, type EmitOptions } from "./context.ts";
import { guardNames, guardStatements } from "./guards.ts";
import { internalStem, publicStem } from "./layout.ts";
import { INTERNAL_RUNTIME, RUNTIME_FILE } from "./runtime.ts";
import { typeStatements } from "./types.ts";
import { localWalkerSource, WALKERS_FILE } from "./walkers.ts";

export const PRINT_OPTIONS = { indentNumberOfSpaces: 2, useSingleQuote: false } as const;

/** A module's two texts (see layout.ts), and the declarations its emitters looked up (what they depend on). */
export interface ModuleTexts extends Omit<CachedTexts, "shape"> {
  readonly lookedUp: ReadonlySet<string>;
}

/** The module's public and internal texts. */
export function moduleSource(model: Model, module: Module, options: EmitOptions): ModuleTexts {
  const pub = new ModuleContext(model, module, options, "public");
  const int = new ModuleContext(model, module, options, "internal");
  const pubBody: (StatementStructures | string)[] = [];
  const intBody: string[] = [];
  for (const decl of module.decls) {
    pubBody.push(...typeStatements(decl, pub));
    intBody.push(...guardStatements(decl, int));
  }
  // Record walkers are copied into each file that calls them (guards/walkers.ts says why).
  intBody.push(...localWalkerSource(int));
  const lookedUp = new Set([...pub.lookedUp, ...int.lookedUp]);
  return { public: print([...imports(pub), reexportedGuards(module)], pubBody), internal: printStatements(imports(int), intBody), lookedUp };
}

/**
 * The public file's guards, re-exported from the internal file where they are written. A
 * user's compiler checks every public file in full but only reads the internal ones' signatures
 * (their banner turns checking off; the suite checks them under strict flags): checking the
 * guards' bodies (generic calls into the runtime) was ~60% of tsc's check time for a program
 * importing one session guard (0.21 → 0.08 s).
 */
function reexportedGuards(module: Module): string {
  return `export { ${module.decls.flatMap((decl) => guardNames(decl)).join(", ")} } from ${JSON.stringify(`../${internalStem(module.file)}.js`)};`;
}

/**
 * The imports a side recorded. Both files sit one folder below the output folder. Public files
 * take types from their sibling public files and values from internal files; internal files take
 * types from public files and values from their sibling internal files (see layout.ts).
 */
function imports(ctx: ModuleContext): string[] {
  const out: string[] = [];
  const internal = ctx.side === "internal";
  const runtime = `../${RUNTIME_FILE}.js`;
  const internalRuntime = internal ? `./${RUNTIME_FILE}.js` : `../${INTERNAL_RUNTIME}.js`;
  if (ctx.runtimeTypes.size > 0) out.push(importOf(runtime, ctx.runtimeTypes, true));
  if (ctx.internalRuntimeTypes.size > 0) out.push(importOf(internalRuntime, ctx.internalRuntimeTypes, true));
  if (ctx.runtimeValues.size > 0) out.push(importOf(internalRuntime, ctx.runtimeValues, false));
  // Shared walkers are called from internal files only (check/collect workers live there).
  if (ctx.walkerValues.size > 0) out.push(importOf(internal ? `./${walkersStem()}.js` : `../${WALKERS_FILE}.js`, ctx.walkerValues, false));
  const typesFrom = (file: string): string => (internal ? `../${publicStem(file)}.js` : `./${file}.js`);
  const valuesFrom = (file: string): string => (internal ? `./${file}.js` : `../${internalStem(file)}.js`);
  // Types first, then values: on each side they come from the other folder's files.
  for (const [file, types] of [...ctx.typeImports].sort(([a], [b]) => ordinal(a, b))) out.push(importOf(typesFrom(file), types, true));
  for (const [file, values] of [...ctx.valueImports].sort(([a], [b]) => ordinal(a, b))) out.push(importOf(valuesFrom(file), values, false));
  return out;
}

/** The walkers' module as seen from a sibling internal file. */
function walkersStem(): string {
  return WALKERS_FILE.slice(WALKERS_FILE.lastIndexOf("/") + 1);
}

function print(imports: readonly string[], body: readonly (StatementStructures | string)[]): string {
  const structure: SourceFileStructure = {
    kind: StructureKind.SourceFile,
    statements: [...imports, ...body.map(separated)],
  };
  return printStructure(structure, PRINT_OPTIONS);
}

/**
 * A file of imports and statements given as text (the internal file: guard functions only).
 * ts-morph prints the imports; the text statements are joined by the rule ts-morph's statement
 * printer applies to text (after a statement whose last non-blank character is `}`, a blank
 * line; otherwise a line break; one final line break), without passing megabytes of guard code
 * through its code writer, which inspects every character (~1 s of a cold Stripe `--all`).
 */
export function printStatements(imports: readonly string[], body: readonly string[]): string {
  const parts: string[] = [];
  // The code writer's view of what it has written: nothing yet / on its first line, how many line
  // breaks end it (carriage returns aside) and its last non-blank character.
  let first = true;
  let breaks = 0;
  let last = "";
  const write = (text: string): void => {
    if (text === "") return;
    parts.push(text);
    if (text.includes("\n")) first = false;
    let i = text.length - 1;
    let n = 0;
    for (; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c === 10) n++;
      else if (c !== 13) break;
    }
    breaks = i < 0 ? breaks + n : n;
    for (; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
        last = text[i]!;
        break;
      }
    }
  };
  const atStart = (): boolean => first && (parts.length === 0 || breaks > 0);
  if (imports.length > 0) write(printStructure({ kind: StructureKind.SourceFile, statements: [...imports] }, PRINT_OPTIONS));
  for (const statement of body) {
    if (last === "}") write(breaks >= 2 ? "" : breaks === 1 ? "\n" : "\n\n");
    else if (!atStart()) write(breaks > 0 ? "" : "\n");
    write(statement);
  }
  if (!atStart() && breaks === 0) write("\n");
  return parts.join("");
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

/**
 * An import statement, as the text ts-morph prints for its structure: written as text because
 * its printer makes a code writer (a ~20-field object) for every import and every name, ~0.4 s
 * of a cold Stripe `--all` (the layout engine lays the statement out like any other).
 */
export function importOf(specifier: string, names: ReadonlySet<string>, typeOnly: boolean): string {
  return `import ${typeOnly ? "type " : ""}{ ${[...names].sort(ordinal).join(", ")} } from ${JSON.stringify(specifier)};`;
}
