/**
 * Test support: type-check files with the TypeScript compiler API under the strictest options
 * the generated code promises to satisfy (strict + noUncheckedIndexedAccess +
 * exactOptionalPropertyTypes, NodeNext modules).
 *
 * Generated internal files start with `// @ts-nocheck` (emit/header.ts: a consumer's compiler
 * reads only their signatures). The suite's compiler host reads every file with that line
 * blanked out, so every guard body is still checked here under those options.
 */
import ts from "typescript";
import { INTERNAL_PRAGMA } from "../../generator/emit/header.ts";

export const STRICT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  types: [],
  noEmit: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
};

export interface Checked {
  readonly program: ts.Program;
  readonly diagnostics: readonly ts.Diagnostic[];
}

/**
 * Type-checks the given root files (and everything they import). Passing the `Checked` of an
 * earlier call with the same options reuses its unchanged source files.
 */
export function typecheck(roots: readonly string[], options: ts.CompilerOptions = STRICT_OPTIONS, reuse?: Checked): Checked {
  const program = typecheckProgram(roots, reuse, options);
  return { program, diagnostics: ts.getPreEmitDiagnostics(program) };
}

/** A program over the root files, without checking anything yet (for per-file diagnostics). */
export function typecheckProgram(roots: readonly string[], reuse?: Checked, options: ts.CompilerOptions = STRICT_OPTIONS): ts.Program {
  return ts.createProgram({ rootNames: [...roots], options, host: checkingHost(options), ...(reuse ? { oldProgram: reuse.program } : {}) });
}

/** The text the suite's compiler reads: the internal files' `@ts-nocheck` line blanked (same line count). */
export function withoutPragma(text: string): string {
  return text.replace(`\n${INTERNAL_PRAGMA}\n`, "\n//\n");
}

/** A compiler host that reads files through `withoutPragma`. */
export function checkingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (file) => {
    const text = read(file);
    return text === undefined ? undefined : withoutPragma(text);
  };
  return host;
}

/** `file:line:col message` for each diagnostic, the first `limit` of them. */
export function describeDiagnostics(diagnostics: readonly ts.Diagnostic[], limit = 10): string[] {
  return diagnostics.slice(0, limit).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n  ");
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}:${line + 1}:${character + 1} ${text}`;
  });
}
