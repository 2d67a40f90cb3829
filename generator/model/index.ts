/**
 * Stage 3, model: resolved spec → named declarations grouped into modules.
 */
import type { EnumMode } from "../config.ts";
import { Problems, SpecError } from "../errors.ts";
import { normalize } from "../normalize/normalize.ts";
import type { ResolvedSpec } from "../resolve/resolve.ts";
import * as ptr from "../pointer.ts";
import { buildDraft, isEnumSchema } from "./build.ts";
import { moduleFiles, nameComponents } from "./naming.ts";
import { renameDecl, settleNames } from "./names.ts";
import type { Decl, Model, Module, TypeExpr } from "./types.ts";

export interface ModelOptions {
  readonly enums: EnumMode;
  /** Unsupported constructs fail the run instead of warning. */
  readonly strict?: boolean;
}

export function buildModel(spec: ResolvedSpec, options: ModelOptions): Model {
  const problems = new Problems();
  const warnings = new Problems();
  const names = nameComponents(spec.selected, (id) => isEnumSchema(normalize(spec.schemas.get(id)!, spec.loaded.openapi)!));
  const files = moduleFiles(spec.selected);
  const draft = buildDraft(spec, names, files, options.enums, problems, warnings);
  problems.throwIfAny(spec.loaded.locate);
  const located = warnings.list.length === 0 ? [] : warnings.located(spec.loaded.locate);
  if (options.strict && located.length > 0) throw new SpecError(located);

  const final = settleNames(draft, draft.modules.map((m) => m.decls[0]!));
  const rename = (name: string): string => final.get(name) ?? name;
  const nullable = nullableObjects(draft.modules.flatMap((m) => m.decls));
  const decls = new Map<string, Decl>();
  const recursive = new Set<string>();
  const modules: Module[] = draft.modules.map((m) => {
    const renamed = m.decls.map((d) => renameDecl(d, rename, nullable));
    for (const d of renamed) {
      decls.set(d.name, d);
      if (spec.recursive.has(m.schemaId)) recursive.add(d.name);
    }
    return { file: m.file, schemaId: m.schemaId, main: renamed[0]!, decls: renamed };
  });
  aliasCycles(decls, spec, problems);
  problems.throwIfAny(spec.loaded.locate);
  return {
    modules,
    decls,
    recursive,
    enums: options.enums,
    warnings: located,
    spec: { title: spec.loaded.title, version: spec.loaded.version, sha256: spec.loaded.sha256, source: spec.loaded.source },
  };
}

/** Names (provisional or final) of object declarations that admit null: refs to them become `X | null`. */
function nullableObjects(decls: readonly Decl[]): ReadonlySet<string> {
  return new Set(decls.filter((d) => d.kind === "object" && d.nullable === true).map((d) => d.name));
}

/**
 * A type alias may refer to itself only through an object, array or record: `type A = A`, or
 * `A = B | null` with `B = A`, is circular for TypeScript. Such specs are reported, at the
 * alias's `$ref` when it is a bare one.
 */
function aliasCycles(decls: ReadonlyMap<string, Decl>, spec: ResolvedSpec, problems: Problems): void {
  const direct = (expr: TypeExpr, out: Set<string>): void => {
    if (expr.kind === "ref") {
      if (decls.get(expr.name)?.kind === "alias") out.add(expr.name);
    } else if (expr.kind === "union" || expr.kind === "intersection") for (const m of expr.members) direct(m, out);
    else if (expr.kind === "expandable") direct(expr.target, out);
    else if (expr.kind === "refine") direct(expr.base, out);
  };
  const edges = new Map<string, Set<string>>();
  for (const decl of decls.values()) {
    if (decl.kind !== "alias") continue;
    const out = new Set<string>();
    direct(decl.type, out);
    edges.set(decl.name, out);
  }
  // An alias is on a cycle when it can reach itself; alias chains are short, so a walk per alias is cheap.
  for (const [name, decl] of decls) {
    if (decl.kind !== "alias") continue;
    const seen = new Set<string>();
    const stack = [...(edges.get(name) ?? [])];
    let cyclic = false;
    while (stack.length > 0 && !cyclic) {
      const next = stack.pop()!;
      if (next === name) cyclic = true;
      else if (!seen.has(next)) {
        seen.add(next);
        stack.push(...(edges.get(next) ?? []));
      }
    }
    if (!cyclic) continue;
    const schema = ptr.get(spec.loaded.document, ptr.parse(decl.pointer)) as Record<string, unknown> | undefined;
    const at = schema && Object.hasOwn(schema, "$ref") ? ptr.join(decl.pointer, "$ref") : decl.pointer;
    problems.add("schema-invalid", `${decl.name} refers to itself with no object or array in between`, at);
  }
}
