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
import type { Decl, Model, Module, Rule, TypeExpr } from "./types.ts";

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
  const circular = aliasCycles(decls, spec, problems);
  sameValueCycles(decls, circular, problems);
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
 * alias's `$ref` when it is a bare one. Returns the aliases reported.
 */
function aliasCycles(decls: ReadonlyMap<string, Decl>, spec: ResolvedSpec, problems: Problems): Set<string> {
  const circular = new Set<string>();
  const edges = new Map<string, Set<string>>();
  for (const decl of decls.values()) if (decl.kind === "alias") edges.set(decl.name, sameValueRefs(decl.type, decls, false));
  for (const [name, decl] of decls) {
    if (decl.kind !== "alias" || !reaches(name, edges)) continue;
    circular.add(name);
    const schema = ptr.get(spec.loaded.document, ptr.parse(decl.pointer)) as Record<string, unknown> | undefined;
    const at = schema && Object.hasOwn(schema, "$ref") ? ptr.join(decl.pointer, "$ref") : decl.pointer;
    problems.add("schema-invalid", `${decl.name} refers to itself with no object or array in between`, at);
  }
  return circular;
}

/**
 * The declarations whose checks run on the same value as a check of `expr`: referenced aliases,
 * through unions, intersections, expandables and refinements. With `rules`, also referenced
 * objects (an object checks its own rules on the value before reading properties one level
 * down) and what the rules `not`, `if`/`then`/`else` and `dependentSchemas` apply.
 */
function sameValueRefs(expr: TypeExpr, decls: ReadonlyMap<string, Decl>, rules: boolean, out = new Set<string>()): Set<string> {
  if (expr.kind === "ref") {
    const kind = decls.get(expr.name)?.kind;
    if (kind === "alias" || (rules && kind === "object")) out.add(expr.name);
  } else if (expr.kind === "union" || expr.kind === "intersection") for (const m of expr.members) sameValueRefs(m, decls, rules, out);
  else if (expr.kind === "expandable") sameValueRefs(expr.target, decls, rules, out);
  else if (expr.kind === "refine") {
    sameValueRefs(expr.base, decls, rules, out);
    if (rules) ruleRefs(expr.rules, decls, out);
  }
  return out;
}

/** What the rules that apply to the value itself (`not`, `if`, `dependentSchemas`) refer to. */
function ruleRefs(list: readonly Rule[], decls: ReadonlyMap<string, Decl>, out: Set<string>): Set<string> {
  for (const r of list) {
    if (r.rule === "not") sameValueRefs(r.type, decls, true, out);
    else if (r.rule === "if") {
      for (const t of [r.if, r.then, r.else]) if (t !== undefined) sameValueRefs(t, decls, true, out);
    } else if (r.rule === "dependentSchemas") for (const [, t] of r.map) sameValueRefs(t, decls, true, out);
  }
  return out;
}

/** Whether `name` can reach itself along `edges`; chains are short, so a walk per name is cheap. */
function reaches(name: string, edges: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const seen = new Set<string>();
  const stack = [...(edges.get(name) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === name) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(edges.get(next) ?? []));
  }
  return false;
}

/**
 * A declaration that reaches itself through checks on the same value (`t: { not: { $ref: t } }`,
 * see `sameValueRefs`) would call itself on that value forever; JSON Schema gives such a schema
 * no meaning either (ajv overflows its stack). Reported at the declaration, unless
 * `aliasCycles` already did.
 */
function sameValueCycles(decls: ReadonlyMap<string, Decl>, reported: ReadonlySet<string>, problems: Problems): void {
  const edges = new Map<string, Set<string>>();
  for (const decl of decls.values()) {
    if (decl.kind === "alias") edges.set(decl.name, sameValueRefs(decl.type, decls, true));
    else if (decl.kind === "object") edges.set(decl.name, ruleRefs(decl.rules ?? [], decls, new Set()));
  }
  for (const [name, decl] of decls) {
    if (reported.has(name) || !reaches(name, edges)) continue;
    problems.add("schema-invalid", `${name} applies itself to the value it checks (through \`not\`, \`if\` or \`dependentSchemas\`), with no object or array in between`, decl.pointer);
  }
}
