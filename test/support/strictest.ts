/**
 * Test support: the strictest compiler settings people use, which generated code (and a
 * consumer importing it) must satisfy with zero diagnostics, in both module resolutions. The
 * lowest supported lib is ES2022 (`Object.hasOwn`); the lowest tested target ES2015.
 */
import ts from "typescript";

const COMMON: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  types: [],
  noEmit: true,
  skipLibCheck: true,
};

export const STRICTEST: Readonly<Record<"NodeNext" | "Bundler", ts.CompilerOptions>> = {
  NodeNext: { ...COMMON, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  Bundler: { ...COMMON, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
};

/** The lowest settings the output supports: lib ES2022 with target ES2015. */
export const LOWEST: ts.CompilerOptions = { ...STRICTEST.NodeNext, target: ts.ScriptTarget.ES2015 };
