/**
 * `emit: "js"`: each TypeScript module becomes an ES module (`.js`) and its declarations
 * (`.d.ts`), both derived from the same emitted TypeScript, so the two modes cannot drift: the
 * `.js` is TypeScript's own type erasure (`transpileModule`), the `.d.ts` its isolated
 * declaration emit (`transpileDeclaration`, which needs no program because every export of the
 * generated code has an explicit type). Both run per file, with no type-checking.
 */
import { ts } from "ts-morph";
import type { EmittedFile } from "./index.ts";

const JS_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  removeComments: false,
  newLine: ts.NewLineKind.LineFeed,
};
// stripInternal: the `@internal` helpers (check*/collect*, runtime internals) stay exports of
// the `.js` (other generated modules import them) but are not part of the declared API.
const DTS_OPTIONS: ts.CompilerOptions = { ...JS_OPTIONS, declaration: true, isolatedDeclarations: true, stripInternal: true };

/** The `.ts` files as `.js` + `.d.ts` pairs; other files (the manifest) pass through, adjusted. */
export function toJavaScript(files: readonly EmittedFile[]): EmittedFile[] {
  const out: EmittedFile[] = [];
  for (const file of files) {
    if (file.path === "manifest.json") {
      out.push({ ...file, content: file.content.replace(/("module": "[^"]*)\.ts"/g, '$1.js"') });
      continue;
    }
    if (!file.path.endsWith(".ts")) {
      out.push(file);
      continue;
    }
    const stem = file.path.slice(0, -".ts".length);
    const js = ts.transpileModule(file.content, { compilerOptions: JS_OPTIONS, fileName: file.path, reportDiagnostics: true });
    const dts = ts.transpileDeclaration(file.content, { compilerOptions: DTS_OPTIONS, fileName: file.path, reportDiagnostics: true });
    const problems = [...(js.diagnostics ?? []), ...(dts.diagnostics ?? [])];
    if (problems.length > 0) {
      const text = ts.flattenDiagnosticMessageText(problems[0]!.messageText, " ");
      throw new Error(`internal: ${file.path} does not lower to JavaScript (${problems.length} diagnostics; first: ${text})`);
    }
    out.push({ ...file, path: `${stem}.js`, content: spaced(js.outputText), format: true });
    out.push({ ...file, path: `${stem}.d.ts`, content: spaced(dts.outputText), format: true });
  }
  return out;
}

/**
 * TypeScript's printer drops the blank lines between statements (prettier keeps blank lines but
 * never adds any): put one back before every top-level statement but consecutive imports.
 */
function spaced(text: string): string {
  const source = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, false);
  const cuts: number[] = [];
  source.statements.forEach((statement, i) => {
    const previous = source.statements[i - 1];
    if (previous === undefined) return;
    if (ts.isImportDeclaration(previous) && ts.isImportDeclaration(statement)) return;
    cuts.push(statement.pos);
  });
  let out = "";
  let from = 0;
  for (const cut of cuts) {
    out += text.slice(from, cut) + "\n";
    from = cut;
  }
  return out + text.slice(from);
}
