/**
 * Test support: type-check files with the TypeScript compiler API under the strictest options
 * the generated code promises to satisfy (strict + noUncheckedIndexedAccess +
 * exactOptionalPropertyTypes, NodeNext modules).
 */
import ts from "typescript";

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
  const program = ts.createProgram({ rootNames: [...roots], options, ...(reuse ? { oldProgram: reuse.program } : {}) });
  return { program, diagnostics: ts.getPreEmitDiagnostics(program) };
}

/** A program over the root files, without checking anything yet (for per-file diagnostics). */
export function typecheckProgram(roots: readonly string[], reuse?: Checked, options: ts.CompilerOptions = STRICT_OPTIONS): ts.Program {
  return ts.createProgram({ rootNames: [...roots], options, ...(reuse ? { oldProgram: reuse.program } : {}) });
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
