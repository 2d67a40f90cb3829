/**
 * `emit: "js"`: each TypeScript module becomes an ES module (`.js`) and its declarations
 * (`.d.ts`), both derived from the same emitted TypeScript, so the two modes cannot drift: the
 * `.js` is TypeScript's own type erasure (`transpileModule`), the `.d.ts` its isolated
 * declaration emit (`transpileDeclaration`, which needs no program because every export of the
 * generated code has an explicit type). Both run per file, with no type-checking.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ts } from "../ts-morph.ts";
import type { ts as TS } from "ts-morph";
import { generatorHash } from "../cache.ts";
import { mapLimit, writeAtomic } from "../fsx.ts";
import type { EmittedFile } from "./index.ts";
import { INTERNAL_DIR } from "./layout.ts";
import { OWN_PACKAGE, PACKAGE_MARK } from "../write/owned.ts";

const JS_OPTIONS: TS.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  removeComments: false,
  newLine: ts.NewLineKind.LineFeed,
};
// The public files export no `@internal` declaration (the workers and runtime helpers live in
// internal/, see layout.ts); stripInternal is a second fence for them. The internal files'
// declarations describe their `.js` in full, `@internal` tags and all.
const DTS_OPTIONS: TS.CompilerOptions = { ...JS_OPTIONS, declaration: true, isolatedDeclarations: true, stripInternal: true };
const INTERNAL_DTS_OPTIONS: TS.CompilerOptions = { ...DTS_OPTIONS, stripInternal: false };

/**
 * The `.ts` files as `.js` + `.d.ts` pairs; other files (the manifest) pass through, adjusted.
 * Lowering costs ~10 ms a module (TypeScript sets up a program per call), so pairs are cached
 * by the hash of the module's body (headers are kept apart, so a spec change that leaves a
 * module alone leaves its key alone), salted with the generator's own source and the versions
 * of the libraries that shape its output (so editing this file never serves a stale pair).
 */
export async function toJavaScript(files: readonly EmittedFile[], cacheDir: string | false): Promise<EmittedFile[]> {
  const salt = cacheDir === false ? "" : await generatorHash();
  const lowered = await mapLimit(files, 16, async (file): Promise<EmittedFile[]> => {
    if (file.path === "manifest.json") return [{ ...file, content: file.content.replace(/("(?:module|internal)": "[^"]*)\.ts"/g, '$1.js"') }];
    if (!file.path.endsWith(".ts")) return [file];
    const stem = file.path.slice(0, -".ts".length);
    const side = file.path.startsWith(`${INTERNAL_DIR}/`) ? "internal" : "public";
    const { js, dts } = await cached(cacheDir, `${salt}\0${side}`, file.content, () => lower(file, side));
    return [
      { ...file, path: `${stem}.js`, content: js, format: true },
      { ...file, path: `${stem}.d.ts`, content: dts, format: true },
    ];
  });
  return [...lowered.flat(), { path: OWN_PACKAGE, content: OWN_PACKAGE_TEXT, format: false }];
}

/**
 * The output folder's own package.json in js mode: its `.js` files are ES modules, and without
 * this Node reads them by the project's package.json, which in a CommonJS project (`npm init`'s
 * default) made every import of them a SyntaxError. `sideEffects: false` lets bundlers drop the
 * modules a program does not use. write/owned.ts knows it as specguard's by its `//` line.
 */
export const OWN_PACKAGE_TEXT =
  JSON.stringify({ "//": `${PACKAGE_MARK} ES modules, whatever the project's own package.json says. DO NOT EDIT.`, type: "module", sideEffects: false }, null, 2) + "\n";

interface Lowered {
  readonly js: string;
  readonly dts: string;
}

function lower(file: EmittedFile, side: "public" | "internal"): Lowered {
  const js = ts.transpileModule(file.content, { compilerOptions: JS_OPTIONS, fileName: file.path, reportDiagnostics: true });
  const dts = ts.transpileDeclaration(file.content, { compilerOptions: side === "internal" ? INTERNAL_DTS_OPTIONS : DTS_OPTIONS, fileName: file.path, reportDiagnostics: true });
  const problems = [...(js.diagnostics ?? []), ...(dts.diagnostics ?? [])];
  if (problems.length > 0) {
    const text = ts.flattenDiagnosticMessageText(problems[0]!.messageText, " ");
    throw new Error(`internal: ${file.path} does not lower to JavaScript (${problems.length} diagnostics; first: ${text})`);
  }
  return { js: spaced(js.outputText), dts: spaced(dts.outputText) };
}

async function cached(cacheDir: string | false, salt: string, body: string, make: () => Lowered): Promise<Lowered> {
  if (cacheDir === false) return make();
  const key = createHash("sha256").update(`lower\0${salt}\0`).update(body).digest("hex");
  const file = join(cacheDir, "js", key.slice(0, 2), key);
  try {
    const hit = JSON.parse(await readFile(file, "utf8")) as Lowered;
    if (typeof hit.js === "string" && typeof hit.dts === "string") return hit;
  } catch {
    // a miss
  }
  const made = make();
  try {
    await writeAtomic(file, JSON.stringify(made));
  } catch {
    // A cache that cannot be written only costs speed.
  }
  return made;
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
