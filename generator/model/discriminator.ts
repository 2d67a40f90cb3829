/**
 * Discriminated unions. Rule `discriminator-keyword`: OpenAPI's `discriminator` beside
 * `oneOf`/`anyOf` of component refs: `mapping` values name members (`#/components/schemas/X` or
 * `X`), and a member no mapping names answers to its schema id (implicit mapping). Rule
 * `discriminator-inferred`: members that each fix one property (Stripe's `object` first, then
 * the first member's properties in order) to a distinct required single string value.
 * Guards dispatch on the property; validation reports the chosen member's issues.
 */
import * as ptr from "../pointer.ts";
import { lookupRef, type Schema } from "../resolve/resolve.ts";
import { mergeObject } from "./allof.ts";
import { norm, type Context } from "./build.ts";
import { OBJECT_PROPERTY } from "./stripe.ts";
import type { Discriminator, TypeExpr } from "./types.ts";

export function discriminate(s: Schema | undefined, members: readonly TypeExpr[], at: string, ctx: Context): Discriminator | undefined {
  const keyword = s?.["discriminator"];
  if (keyword !== undefined) {
    const declared = fromKeyword(keyword, members, ptr.join(at, "discriminator"), ctx);
    if (declared) return declared;
  }
  return inferred(members, ctx);
}

function fromKeyword(keyword: unknown, members: readonly TypeExpr[], at: string, ctx: Context): Discriminator | undefined {
  const d = keyword as { propertyName?: unknown; mapping?: unknown };
  if (typeof d?.propertyName !== "string") {
    ctx.warnings.add("unsupported", "`discriminator` without a string `propertyName` is ignored", at);
    return undefined;
  }
  const refused = (why: string): undefined => {
    ctx.warnings.add("unsupported", `\`discriminator\` ignored: ${why}; the union is checked member by member`, at);
    return undefined;
  };
  const names = members.map((m) => (m.kind === "ref" ? m.name : undefined));
  if (names.some((n) => n === undefined || !ctx.idByName.has(n))) return refused("every member must be a $ref to a component schema");
  for (const name of names as string[]) {
    const shape = mergeObject(norm(ctx.spec.schemas.get(ctx.idByName.get(name)!), ctx) ?? {}, "", ctx);
    // A tag that is not a string never equals a mapping key. (A nullable member is fine: the
    // dispatch lets null through before it reads the tag, see emit/guards/check.ts.)
    for (const [tag] of shape?.properties.get(d.propertyName) ?? []) {
      const type = norm(tag, ctx)?.["type"];
      if (type !== undefined && type !== "string" && !(Array.isArray(type) && type.includes("string"))) {
        return refused(`${JSON.stringify(d.propertyName)} is not a string in member ${name}, and tags are strings`);
      }
    }
  }
  const map: [string, string][] = [];
  const mapping = d.mapping !== null && typeof d.mapping === "object" ? (d.mapping as Record<string, unknown>) : {};
  const named = new Set<string>();
  for (const [value, target] of Object.entries(mapping)) {
    if (typeof target !== "string") return refused(`mapping ${JSON.stringify(value)} is not a string`);
    const ref = target.startsWith("#") ? target : `#/components/schemas/${target}`;
    const hit = lookupRef(ctx.spec.loaded.document, ref);
    const name = hit?.kind === "component" ? ctx.names.get(hit.id) : undefined;
    if (name === undefined || !names.includes(name)) return refused(`mapping ${JSON.stringify(value)} names no member of the union`);
    map.push([value, name]);
    named.add(name);
  }
  for (const name of names as string[]) if (!named.has(name)) map.push([ctx.idByName.get(name)!, name]);
  if (new Set(map.map(([v]) => v)).size !== map.length) return refused("two members answer to the same value");
  // A member whose own schema fixes the property to values none of its tags is can never match
  // (an implicit tag is the schema's id: `Cat` fixing `petType: cat` wants "cat", the tag says "Cat").
  for (const name of names as string[]) {
    const shape = mergeObject(norm(ctx.spec.schemas.get(ctx.idByName.get(name)!), ctx) ?? {}, "", ctx);
    const tags = map.filter(([, member]) => member === name).map(([value]) => value);
    for (const [raw] of shape?.properties.get(d.propertyName) ?? []) {
      const p = norm(raw, ctx);
      const values = p === undefined ? undefined : Object.hasOwn(p, "const") ? [p["const"]] : Array.isArray(p["enum"]) ? (p["enum"] as unknown[]) : undefined;
      if (values === undefined || tags.some((t) => values.includes(t))) continue;
      ctx.warnings.add(
        "schema-invalid",
        `\`discriminator\`: member ${name} fixes ${JSON.stringify(d.propertyName)} to ${values.map((v) => JSON.stringify(v)).join(" | ")}, but its tag${tags.length === 1 ? " is" : "s are"} ${tags.map((t) => JSON.stringify(t)).join(", ")}: no value can match it (add a \`mapping\`)`,
        at,
      );
      break;
    }
  }
  // Member order, so the dispatch reads like the union.
  map.sort((a, b) => names.indexOf(a[1]) - names.indexOf(b[1]));
  return { property: d.propertyName, map, declared: true };
}

function inferred(members: readonly TypeExpr[], ctx: Context): Discriminator | undefined {
  if (members.length < 2) return undefined;
  const schemas: Schema[] = [];
  for (const m of members) {
    if (m.kind !== "ref") return undefined;
    const id = ctx.idByName.get(m.name);
    const s = id === undefined ? undefined : norm(ctx.spec.schemas.get(id), ctx);
    if (!s) return undefined;
    schemas.push(s);
  }
  const first = mergeObject(schemas[0]!, "", ctx);
  if (!first) return undefined;
  const candidates = [OBJECT_PROPERTY, ...[...first.properties.keys()].filter((k) => k !== OBJECT_PROPERTY)];
  for (const property of candidates) {
    const map: [string, string][] = [];
    for (let i = 0; i < schemas.length; i++) {
      const value = fixedValue(schemas[i]!, property, ctx);
      if (value === undefined || map.some(([v]) => v === value)) break;
      map.push([value, (members[i] as { name: string }).name]);
    }
    if (map.length === members.length) return { property, map };
  }
  return undefined;
}

/** The one string a schema's (required) property can hold, if it is fixed. */
export function fixedValue(s: Schema, property: string, ctx: Context): string | undefined {
  const shape = mergeObject(s, "", ctx);
  if (!shape || !shape.required.has(property)) return undefined;
  for (const [raw] of shape.properties.get(property) ?? []) {
    const p = norm(raw, ctx);
    if (!p) continue;
    const values = Object.hasOwn(p, "const") ? [p["const"]] : Array.isArray(p["enum"]) ? (p["enum"] as unknown[]) : undefined;
    if (values?.length === 1 && typeof values[0] === "string" && p["nullable"] !== true) return values[0];
  }
  return undefined;
}
