/**
 * The naming pass: gives every hoisted declaration its final name and rewrites references.
 * Rule `inline-name`: Parent + Field in PascalCase. Rule `inline-collision`: a name already held
 * by a component schema (or a shallower inline declaration) makes every claimant add its kind
 * (`Enum`, `Object`, `Type`); claimants that still share a name are numbered `2`, `3`, … in
 * ordinal order of their spec pointers. The first claimant in that order keeps the plain name.
 */
import { ordinal } from "../resolve/resolve.ts";
import type { Draft, InlineCandidate } from "./build.ts";
import { inlineTypeName } from "./naming.ts";
import type { Decl, ObjectDecl, Property, Rule, TypeExpr } from "./types.ts";

const KIND_SUFFIX: Record<Decl["kind"], string> = { enum: "Enum", object: "Object", alias: "Type" };

/** Names a declaration claims besides its own: an enum also exports `<Name>Values`. */
function claims(name: string, kind: Decl["kind"]): string[] {
  return kind === "enum" ? [name, name + "Values"] : [name];
}

export function settleNames(draft: Draft, componentDecls: readonly Decl[]): Map<string, string> {
  const taken = new Set<string>();
  for (const d of componentDecls) for (const c of claims(d.name, d.kind)) taken.add(c);
  const final = new Map<string, string>();
  const byDepth = new Map<number, InlineCandidate[]>();
  for (const c of draft.candidates) {
    const list = byDepth.get(c.depth);
    if (list) list.push(c);
    else byDepth.set(c.depth, [c]);
  }
  const free = (name: string, kind: Decl["kind"]): boolean => claims(name, kind).every((c) => !taken.has(c));
  const take = (name: string, kind: Decl["kind"]): void => {
    for (const c of claims(name, kind)) taken.add(c);
  };
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    const groups = new Map<string, InlineCandidate[]>();
    for (const c of byDepth.get(depth)!) {
      const parent = final.get(c.parent) ?? c.parent;
      const base = inlineTypeName(parent, c.field);
      const group = groups.get(base);
      if (group) group.push(c);
      else groups.set(base, [c]);
    }
    for (const base of [...groups.keys()].sort(ordinal)) {
      const group = groups.get(base)!.sort((a, b) => ordinal(a.pointer, b.pointer));
      const clash = group.some((c) => !free(base, c.kind));
      for (const c of group) {
        const stem = clash ? base + KIND_SUFFIX[c.kind] : base;
        let name = stem;
        for (let n = 2; !free(name, c.kind); n++) name = stem + n;
        take(name, c.kind);
        final.set(c.key, name);
      }
    }
  }
  return final;
}

/**
 * Returns the declaration with its name and every ref inside it passed through `rename`. Rule
 * `nullable-ref`: a ref to an object declaration that admits null (`nullable` names them, by
 * their names before renaming) becomes `X | null`.
 */
export function renameDecl(decl: Decl, rename: (name: string) => string, nullable: ReadonlySet<string> = new Set()): Decl {
  const name = rename(decl.name);
  const expr = (e: TypeExpr): TypeExpr => renameExpr(e, rename, nullable);
  switch (decl.kind) {
    case "object": {
      const out: { -readonly [K in keyof ObjectDecl]: ObjectDecl[K] } = {
        ...decl,
        name,
        properties: decl.properties.map((p): Property => ({ ...p, type: expr(p.type) })),
        additional: typeof decl.additional === "boolean" ? decl.additional : expr(decl.additional),
      };
      if (decl.patterns) out.patterns = decl.patterns.map(([p, t]) => [p, expr(t)] as const);
      if (decl.rules) out.rules = decl.rules.map((r) => renameRule(r, expr));
      return out;
    }
    case "alias":
      return { ...decl, name, type: expr(decl.type) };
    case "enum":
      return { ...decl, name };
    default: {
      const never: never = decl;
      return never;
    }
  }
}

function renameRule(r: Rule, expr: (e: TypeExpr) => TypeExpr): Rule {
  switch (r.rule) {
    case "not":
    case "propertyNames":
      return { ...r, type: expr(r.type) };
    case "contains":
      return { ...r, type: expr(r.type) };
    case "if": {
      const out: { -readonly [K in keyof typeof r]: (typeof r)[K] } = { rule: "if", if: expr(r.if) };
      if (r.then) out.then = expr(r.then);
      if (r.else) out.else = expr(r.else);
      return out;
    }
    case "dependentSchemas":
      return { ...r, map: r.map.map(([k, t]) => [k, expr(t)] as const) };
    case "multipleOf":
    case "uniqueItems":
    case "propertyCount":
    case "dependentRequired":
      return r;
    default: {
      const never: never = r;
      return never;
    }
  }
}

export function renameExpr(expr: TypeExpr, rename: (name: string) => string, nullable: ReadonlySet<string> = new Set()): TypeExpr {
  const again = (e: TypeExpr): TypeExpr => renameExpr(e, rename, nullable);
  switch (expr.kind) {
    case "ref": {
      const ref: TypeExpr = { kind: "ref", name: rename(expr.name) };
      return nullable.has(expr.name) ? { kind: "union", members: [ref, { kind: "null" }], exclusive: false } : ref;
    }
    case "array": {
      const out = { ...expr, items: again(expr.items) };
      return expr.prefix ? { ...out, prefix: expr.prefix.map(again) } : out;
    }
    case "record":
      return { kind: "record", values: again(expr.values) };
    case "expandable":
      return { ...expr, target: again(expr.target) };
    case "intersection":
      return { kind: "intersection", members: expr.members.map(again) };
    case "refine":
      return { kind: "refine", base: again(expr.base), rules: expr.rules.map((r) => renameRule(r, again)) };
    case "union": {
      // Members that became `X | null` share one `null` at the end (the union stays flat).
      const members: TypeExpr[] = [];
      let addNull = false;
      for (const m of expr.members) {
        if (m.kind === "ref" && nullable.has(m.name) && expr.exclusive) {
          // oneOf counts alternatives: the nullable member stays one, `(X | null)`.
          members.push(again(m));
        } else if (m.kind === "ref" && nullable.has(m.name)) {
          members.push({ kind: "ref", name: rename(m.name) });
          addNull = true;
        } else members.push(again(m));
      }
      if (addNull && !members.some((m) => m.kind === "null")) members.push({ kind: "null" });
      if (!expr.discriminator) return { ...expr, members };
      const map = expr.discriminator.map.map(([v, n]) => [v, rename(n)] as const);
      return { ...expr, members, discriminator: { ...expr.discriminator, map } };
    }
    case "unknown":
    case "never":
    case "null":
    case "boolean":
    case "string":
    case "number":
    case "timestamp":
    case "literal":
      return expr;
    default: {
      const never: never = expr;
      return never;
    }
  }
}
