/**
 * The generated code lines 3–5 run against: `--all --enums closed`, generated in this process
 * through the programmatic API into bench/.work/gen-all/ (unformatted: formatting changes neither
 * the type-check nor the bundle nor the guards' speed), loaded through one esbuild bundle as
 * test/support/generated.ts does.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { generate } from "../generator/index.ts";
import { SPEC, WORK } from "./paths.ts";

export const GEN_DIR = join(WORK, "gen-all");

/** The first-listed session resource and its guard, the subject of lines 3–5. */
export const IDENTITY = "identity.verification_session";

export interface Manifest {
  readonly schemas: Record<string, { type: string; module: string; declarations: string[]; guards: string[] }>;
}

export interface Workspace {
  readonly dir: string;
  readonly manifest: Manifest;
  /** Every export of the generated code. */
  readonly exports: Record<string, unknown>;
  /** Schema ids in identity.verification_session's closure, as specguard's model computes it. */
  readonly identityClosure: ReadonlySet<string>;
  readonly generateMs: number;
}

export async function prepareWorkspace(): Promise<Workspace> {
  const started = performance.now();
  const result = await generate({ spec: SPEC, out: GEN_DIR, all: true, enums: "closed", format: false, cacheDir: false });
  const generateMs = performance.now() - started;
  await rm(GEN_DIR, { recursive: true, force: true });
  for (const file of result.files) {
    const target = join(GEN_DIR, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
  const manifestFile = result.files.find((f) => f.path === "manifest.json");
  if (!manifestFile) throw new Error("generate() produced no manifest.json");
  const manifest = JSON.parse(manifestFile.content) as Manifest;

  const outfile = join(WORK, "gen-all.bundle.mjs");
  await build({ entryPoints: [join(GEN_DIR, "index.ts")], bundle: true, format: "esm", platform: "neutral", outfile, logLevel: "silent" });
  const exports = (await import(pathToFileURL(outfile).href + `?t=${Date.now()}`)) as Record<string, unknown>;

  // The closure the model computes for a selection of just this schema (same options otherwise).
  const selected = await generate({ spec: SPEC, out: GEN_DIR, select: [IDENTITY], enums: "closed", format: false, cacheDir: false });
  const identityClosure = new Set(selected.model.modules.map((m) => m.schemaId));
  return { dir: GEN_DIR, manifest, exports, identityClosure, generateMs };
}

/** Every guard name in the manifest. */
export function allGuards(manifest: Manifest): string[] {
  return Object.values(manifest.schemas).flatMap((s) => s.guards);
}

export function isFunction(exports: Record<string, unknown>, name: string): boolean {
  return typeof exports[name] === "function";
}
