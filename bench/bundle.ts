/**
 * Line 5: what the guards add to a user's bundle. Two consumers of the generated index, bundled
 * and minified by esbuild (ESM, neutral platform), measured raw and gzipped (zlib level 9):
 *
 *   single  imports only isIdentityVerificationSession
 *   all     imports every guard the manifest lists
 *
 * The single-guard bundle must hold no code for schemas outside identity.verification_session's
 * closure (the closure specguard's model computes for `select: [that id]`). Two checks:
 *   modules   esbuild's metafile: generated modules outside the closure with bytes in the output
 *   names     a bundle minified except for identifiers: guard names of non-closure schemas
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type BuildOptions, type Metafile } from "esbuild";
import { ROOT, WORK } from "./paths.ts";
import type { Row } from "./report.ts";
import { allGuards, isFunction, type Workspace } from "./workspace.ts";

const DIR = join(WORK, "bundle");
const SINGLE = "isIdentityVerificationSession";

export interface BundleResult {
  readonly rows: Row[];
  /** Non-closure modules / guard names found in the single-guard bundle. */
  readonly leaks: { modules: string[]; names: string[] };
}

export async function benchBundle(ws: Workspace, log: (s: string) => void): Promise<BundleResult> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const guards = allGuards(ws.manifest).filter((g) => isFunction(ws.exports, g));
  const leaks = { modules: [] as string[], names: [] as string[] };

  if (!isFunction(ws.exports, SINGLE)) {
    const note = `${SINGLE} is not exported by the generated code (guard emitter not landed?): not measured`;
    return {
      rows: [
        { section: "5", line: `bundle: only ${SINGLE}, minified`, unit: "bytes", specguard: null, peer: null, note },
        { section: "5", line: `bundle: only ${SINGLE}, minified + gzip`, unit: "bytes", specguard: null, peer: null },
        { section: "5", line: "single-guard bundle: code from outside the schema's closure", unit: "count", specguard: null, peer: null, target: { check: "none" }, checkMet: null },
        { section: "5", line: "bundle: every guard, minified", unit: "bytes", specguard: null, peer: null, ...(guards.length === 0 ? { note: "none of the guards the manifest lists is exported" } : {}) },
        { section: "5", line: "bundle: every guard, minified + gzip", unit: "bytes", specguard: null, peer: null },
      ],
      leaks,
    };
  }

  const index = JSON.stringify("../gen-all/index.js");
  const single = join(DIR, "single.ts");
  writeFileSync(single, `import { ${SINGLE} } from ${index};\nexport const check = (input: unknown): boolean => ${SINGLE}(input);\n`);
  const all = join(DIR, "all.ts");
  writeFileSync(all, `import { ${guards.join(", ")} } from ${index};\nexport const guards = [${guards.join(", ")}];\n`);

  const singleMin = await bundle(single, { minify: true });
  const allMin = await bundle(all, { minify: true });
  const singleNamed = await bundle(single, { minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: false });

  // Closure check 1: which generated modules contributed bytes.
  const closureModules = new Set([...ws.identityClosure].map((id) => ws.manifest.schemas[id]?.module).filter((m): m is string => m !== undefined));
  for (const [input, info] of Object.entries(singleMin.metafile.outputs).flatMap(([, o]) => Object.entries(o.inputs))) {
    if (info.bytesInOutput === 0) continue;
    const rel = relative(ws.dir, join(ROOT, input)).split(sep).join("/");
    if (rel.startsWith("schemas/") && !closureModules.has(rel)) leaks.modules.push(`${rel} (${info.bytesInOutput} B)`);
  }
  // Closure check 2: guard names of schemas outside the closure, with identifiers kept.
  const foreign = new Set(Object.entries(ws.manifest.schemas).filter(([id]) => !ws.identityClosure.has(id)).flatMap(([, s]) => s.guards));
  const seen = new Set<string>();
  for (const m of singleNamed.text.matchAll(/\b(?:is|validate|assert)[A-Z]\w*/g)) if (foreign.has(m[0])) seen.add(m[0]);
  leaks.names.push(...[...seen].sort());

  const leakCount = leaks.modules.length + leaks.names.length;
  log(`  single: ${singleMin.bytes} B (${singleMin.gzip} gz), all ${guards.length} guards: ${allMin.bytes} B (${allMin.gzip} gz), closure ${ws.identityClosure.size} schemas, leaks ${leakCount}`);
  const leakNote =
    leakCount === 0
      ? `checked: no module outside the ${ws.identityClosure.size}-schema closure contributes bytes, and none of ${foreign.size} non-closure guard names appears`
      : `outside the closure: ${[...leaks.modules.slice(0, 8), ...leaks.names.slice(0, 8)].join(", ")}${leakCount > 16 ? ", …" : ""}`;
  return {
    rows: [
      { section: "5", line: `bundle: only ${SINGLE}, minified`, unit: "bytes", specguard: singleMin.bytes, peer: null },
      { section: "5", line: `bundle: only ${SINGLE}, minified + gzip`, unit: "bytes", specguard: singleMin.gzip, peer: null },
      { section: "5", line: "single-guard bundle: code from outside the schema's closure", unit: "count", specguard: leakCount, peer: null, target: { check: "none" }, checkMet: leakCount === 0, note: leakNote },
      { section: "5", line: `bundle: every guard (${guards.length}), minified`, unit: "bytes", specguard: allMin.bytes, peer: null },
      { section: "5", line: `bundle: every guard (${guards.length}), minified + gzip`, unit: "bytes", specguard: allMin.gzip, peer: null },
    ],
    leaks,
  };
}

async function bundle(entry: string, options: Pick<BuildOptions, "minify" | "minifyWhitespace" | "minifySyntax" | "minifyIdentifiers">): Promise<{ text: string; bytes: number; gzip: number; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    treeShaking: true,
    write: false,
    metafile: true,
    absWorkingDir: ROOT,
    outfile: join(DIR, "out.js"),
    logLevel: "silent",
    ...options,
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  const bytes = Buffer.from(file.contents);
  return { text: file.text, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, metafile: result.metafile };
}

