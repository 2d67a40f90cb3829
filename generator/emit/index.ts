/**
 * Stage 4, emit: model → file texts (not yet formatted), plus the manifest.
 */
import type { Model } from "../model/types.ts";
import { ordinal } from "../resolve/resolve.ts";
import type { EmitOptions } from "./context.ts";
import { guardNames } from "./guards.ts";
import { header, moduleSource } from "./module.ts";
import { RUNTIME_FILE, runtimeSource } from "./runtime.ts";

export interface EmittedFile {
  /** Path relative to the output folder, `/`-separated. */
  readonly path: string;
  readonly content: string;
  /** Whether prettier should format it (TypeScript sources) or it is final (JSON). */
  readonly format: boolean;
}

export const SCHEMA_DIR = "schemas";

export function emit(model: Model, options: EmitOptions): EmittedFile[] {
  const files: EmittedFile[] = [];
  files.push({ path: `${RUNTIME_FILE}.ts`, content: `${header(model)}\n\n${runtimeSource()}`, format: true });
  for (const module of model.modules) {
    files.push({ path: `${SCHEMA_DIR}/${module.file}.ts`, content: moduleSource(model, module, options), format: true });
  }
  const index = [
    header(model),
    "",
    `export * from "./${RUNTIME_FILE}.js";`,
    ...[...model.modules].sort((a, b) => ordinal(a.file, b.file)).map((m) => `export * from "./${SCHEMA_DIR}/${m.file}.js";`),
    "",
  ].join("\n");
  files.push({ path: "index.ts", content: index, format: true });
  files.push({ path: "manifest.json", content: manifest(model, options), format: false });
  return files.sort((a, b) => ordinal(a.path, b.path));
}

/** A machine-readable map of what was emitted, for tools and tests. */
export function manifest(model: Model, options: EmitOptions): string {
  const schemas: Record<string, unknown> = {};
  for (const module of [...model.modules].sort((a, b) => ordinal(a.schemaId, b.schemaId))) {
    schemas[module.schemaId] = {
      type: module.main.name,
      module: `${SCHEMA_DIR}/${module.file}.ts`,
      declarations: module.decls.map((d) => d.name),
      enums: module.decls.filter((d) => d.kind === "enum").map((d) => d.name),
      guards: module.decls.flatMap((d) => guardNames(d)),
    };
  }
  const doc = {
    generator: "specguard",
    spec: { title: model.spec.title, version: model.spec.version, sha256: model.spec.sha256, source: model.spec.source },
    options: { enums: options.enums, strictObjects: options.strictObjects, maxDepth: options.maxDepth, maxIssues: options.maxIssues },
    schemas,
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
