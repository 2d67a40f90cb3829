/**
 * Stage 3, model: resolved spec → named declarations grouped into modules.
 */
import type { EnumMode } from "../config.ts";
import { Problems } from "../errors.ts";
import type { ResolvedSpec } from "../resolve/resolve.ts";
import { buildDraft } from "./build.ts";
import { moduleFiles, nameComponents } from "./naming.ts";
import { renameDecl, settleNames } from "./names.ts";
import type { Decl, Model, Module } from "./types.ts";

export interface ModelOptions {
  readonly enums: EnumMode;
}

export function buildModel(spec: ResolvedSpec, options: ModelOptions): Model {
  const problems = new Problems();
  const names = nameComponents(spec.selected);
  const files = moduleFiles(spec.selected);
  const draft = buildDraft(spec, names, files, options.enums, problems);
  problems.throwIfAny(spec.loaded.locate);

  const final = settleNames(draft, draft.modules.map((m) => m.decls[0]!));
  const rename = (name: string): string => final.get(name) ?? name;
  const decls = new Map<string, Decl>();
  const recursive = new Set<string>();
  const modules: Module[] = draft.modules.map((m) => {
    const renamed = m.decls.map((d) => renameDecl(d, rename));
    for (const d of renamed) {
      decls.set(d.name, d);
      if (spec.recursive.has(m.schemaId)) recursive.add(d.name);
    }
    return { file: m.file, schemaId: m.schemaId, main: renamed[0]!, decls: renamed };
  });
  return {
    modules,
    decls,
    recursive,
    enums: options.enums,
    spec: { title: spec.loaded.title, version: spec.loaded.version, sha256: spec.loaded.sha256, source: spec.loaded.source },
  };
}
