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
import type { Decl, Property, TypeExpr } from "./types.ts";

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

/** Returns the declaration with its name and every ref inside it passed through `rename`. */
export function renameDecl(decl: Decl, rename: (name: string) => string): Decl {
  const name = rename(decl.name);
  switch (decl.kind) {
    case "object":
      return {
        ...decl,
        name,
        properties: decl.properties.map((p): Property => ({ ...p, type: renameExpr(p.type, rename) })),
        additional: typeof decl.additional === "boolean" ? decl.additional : renameExpr(decl.additional, rename),
      };
    case "alias":
      return { ...decl, name, type: renameExpr(decl.type, rename) };
    case "enum":
      return { ...decl, name };
  }
}

export function renameExpr(expr: TypeExpr, rename: (name: string) => string): TypeExpr {
  switch (expr.kind) {
    case "ref":
      return { kind: "ref", name: rename(expr.name) };
    case "array":
      return { ...expr, items: renameExpr(expr.items, rename) };
    case "record":
      return { kind: "record", values: renameExpr(expr.values, rename) };
    case "expandable":
      return { ...expr, target: renameExpr(expr.target, rename) };
    case "intersection":
      return { kind: "intersection", members: expr.members.map((m) => renameExpr(m, rename)) };
    case "union": {
      const members = expr.members.map((m) => renameExpr(m, rename));
      if (!expr.discriminator) return { ...expr, members };
      const map = expr.discriminator.map.map(([v, n]) => [v, rename(n)] as const);
      return { ...expr, members, discriminator: { property: expr.discriminator.property, map } };
    }
    default:
      return expr;
  }
}
