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
import type { Decl, Model, Module, ObjectDecl, Rule, TypeExpr } from "./types.ts";

export interface ModelOptions {
  readonly enums: EnumMode;
  /** Unsupported constructs fail the run instead of warning. */
  readonly strict?: boolean;
  /** Guards will reject undeclared keys (`strictObjects`): objects where they cannot are warned about. */
  readonly strictObjects?: boolean;
  /** Guards will check string formats (`formats`): a `format` without `type` then constrains strings. */
  readonly formats?: boolean;
}

export function buildModel(spec: ResolvedSpec, options: ModelOptions): Model {
  const problems = new Problems();
  const warnings = new Problems();
  const names = nameComponents(spec.selected, (id) => isEnumSchema(normalize(spec.schemas.get(id)!, spec.loaded.openapi)!, options.formats === true));
  const files = moduleFiles(spec.selected);
  const draft = buildDraft(spec, names, files, options.enums, problems, warnings, options.formats === true);
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
  const parts = markParts(modules, decls);
  const partWarnings = options.strictObjects ? strictPartWarnings(parts, spec) : [];
  if (options.strict && partWarnings.length > 0) throw new SpecError(partWarnings);
  return {
    modules: parts.modules,
    decls,
    recursive,
    enums: options.enums,
    warnings: [...located, ...partWarnings],
    spec: { title: spec.loaded.title, version: spec.loaded.version, sha256: spec.loaded.sha256, source: spec.loaded.source },
  };
}

/**
 * Marks the object declarations that are one part of an intersection (`part`, see types.ts):
 * a direct member, a member of a union that is one, and what aliases there refer to. `decls` is
 * updated in place; the modules are returned with the marked declarations.
 */
function markParts(modules: readonly Module[], decls: Map<string, Decl>): { modules: Module[]; marked: ObjectDecl[] } {
  const names = new Set<string>();
  const seen = new Set<string>();
  const mark = (expr: TypeExpr): void => {
    if (expr.kind === "ref") {
      const decl = decls.get(expr.name);
      if (decl?.kind === "object") names.add(decl.name);
      else if (decl?.kind === "alias" && !seen.has(decl.name)) {
        seen.add(decl.name);
        mark(decl.type);
      }
    } else if (expr.kind === "union" || expr.kind === "intersection") expr.members.forEach(mark);
    else if (expr.kind === "refine") mark(expr.base);
  };
  for (const decl of decls.values()) eachExpr(decl, (expr) => expr.kind === "intersection" && expr.members.forEach(mark));
  if (names.size === 0) return { modules: [...modules], marked: [] };
  const marked: ObjectDecl[] = [];
  const out = modules.map((m) => {
    const list = m.decls.map((d) => {
      if (d.kind !== "object" || !names.has(d.name)) return d;
      const part: ObjectDecl = { ...d, part: true };
      decls.set(d.name, part);
      marked.push(part);
      return part;
    });
    return { ...m, main: list[0]!, decls: list };
  });
  return { modules: out, marked };
}

/** Calls `visit` on every type expression of a declaration, nested ones included. */
function eachExpr(decl: Decl, visit: (expr: TypeExpr) => void): void {
  const walk = (expr: TypeExpr): void => {
    visit(expr);
    switch (expr.kind) {
      case "array":
        walk(expr.items);
        expr.prefix?.forEach(walk);
        break;
      case "refine":
        walk(expr.base);
        rulesOf(expr.rules);
        break;
      case "record":
        walk(expr.values);
        break;
      case "union":
      case "intersection":
        expr.members.forEach(walk);
        break;
      case "expandable":
        walk(expr.target);
        break;
    }
  };
  const rulesOf = (rules: readonly Rule[]): void => {
    for (const r of rules) {
      if (r.rule === "not" || r.rule === "contains" || r.rule === "propertyNames") walk(r.type);
      else if (r.rule === "if") [r.if, r.then, r.else].forEach((t) => t && walk(t));
      else if (r.rule === "dependentSchemas") r.map.forEach(([, t]) => walk(t));
    }
  };
  if (decl.kind === "alias") walk(decl.type);
  else if (decl.kind === "object") {
    decl.properties.forEach((p) => walk(p.type));
    if (typeof decl.additional !== "boolean") walk(decl.additional);
    decl.patterns?.forEach(([, t]) => walk(t));
    rulesOf(decl.rules ?? []);
  }
}

/** Under `strictObjects`, one warning per object that takes part in an intersection. */
function strictPartWarnings(parts: { marked: readonly ObjectDecl[] }, spec: ResolvedSpec) {
  const warnings = new Problems();
  for (const d of parts.marked) {
    if (d.additional !== true || d.properties.length === 0) continue;
    warnings.add("unsupported", `\`strictObjects\` does not apply to ${d.name}: it is one part of a combination (with \`anyOf\`/\`oneOf\`, or an \`allOf\` that cannot be merged) whose other parts declare other keys, so its guard allows undeclared keys`, d.pointer);
  }
  return warnings.list.length === 0 ? [] : warnings.located(spec.loaded.locate);
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
