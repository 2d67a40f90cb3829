/**
 * Objects and `allOf`. Rule `allof-merge`: when a schema's own object keywords and every part
 * of its `allOf` (through `$ref`s, nested `allOf`s flattened) describe objects, they become ONE
 * object: every part's properties (a property declared by several parts takes all their types),
 * `required` from every part (a name declared by no part is still required: a property of any
 * value), and the parts' other keywords as rules on the whole. Strictness (`additionalProperties:
 * false`, `--strict-objects`) then applies to the merged set, so two halves never reject each
 * other's keys. Rule `allof-intersect`: when a part is not an object (a union, an enum, a
 * scalar), or a part closes itself (`additionalProperties`/`patternProperties`, which JSON Schema
 * applies to that part's own keys only), the parts stay an intersection, checked part by part.
 */
import { malformedWarnings } from "./refused.ts";
import * as ptr from "../pointer.ts";
import { isMap, isNever } from "../normalize/normalize.ts";
import { lookupRef, type Schema } from "../resolve/resolve.ts";
import { norm, nullPassesApplicators, type Context } from "./build.ts";

export interface ObjectShape {
  /** Property → its schemas (raw) and their pointers, one per part that declares it. */
  readonly properties: Map<string, [unknown, string][]>;
  readonly required: Set<string>;
  /** `additionalProperties` (normalised) of the single part that has one. */
  readonly additional?: readonly [Schema, string];
  readonly patterns: (readonly [string, unknown, string])[];
  /** Every part admits null (so the object does). */
  readonly nullable: boolean;
  /** Some part says `type: object`; without one, JSON Schema would let non-objects through. */
  readonly typed: boolean;
  /** The parts, whose validation keywords (minProperties, not, ...) apply to the whole object. */
  readonly rules: (readonly [Schema, string])[];
}

/** The merged object a schema describes, or `undefined` when it is not (only) an object. */
export function mergeObject(s: Schema, at: string, ctx: Context): ObjectShape | undefined {
  const parts: [Schema, string][] = [];
  // A union beside the object keywords is the caller's part (an intersection with this object).
  const { anyOf: _anyOf, oneOf: _oneOf, discriminator: _d, ...own } = s;
  if (!flatten(own, at, ctx, parts, new Set())) return undefined;
  if (!parts.some(([p]) => objectish(p))) return undefined;
  if (!objectish(s) && !Array.isArray(s["allOf"])) return undefined;
  // `allOf: [X]` alone (3.0's way to put a description or `nullable` on a ref) stays X.
  if (!objectish(s) && (s["allOf"] as unknown[]).length === 1) return undefined;
  const closing = parts.filter(([p]) => closes(p));
  if (parts.length > 1 && closing.length > 0) return undefined;

  const properties = new Map<string, [unknown, string][]>();
  const required = new Set<string>();
  const patterns: (readonly [string, unknown, string])[] = [];
  let additional: readonly [Schema, string] | undefined;
  for (const [p, pAt] of parts) {
    const props = p["properties"];
    if (isMap(props)) {
      for (const [name, sub] of Object.entries(props)) {
        const list = properties.get(name);
        const entry: [unknown, string] = [sub, ptr.join(pAt, "properties", name)];
        if (list) list.push(entry);
        else properties.set(name, [entry]);
      }
    }
    if (Array.isArray(p["required"])) for (const r of p["required"] as unknown[]) if (typeof r === "string") required.add(r);
    const pp = p["patternProperties"];
    if (isMap(pp)) for (const [pattern, sub] of Object.entries(pp)) patterns.push([pattern, sub, ptr.join(pAt, "patternProperties", pattern)]);
    const ap = norm(p["additionalProperties"], ctx);
    if (ap) additional = [ap, ptr.join(pAt, "additionalProperties")];
  }
  for (const r of required) if (!properties.has(r)) properties.set(r, []);
  // Null passes a part that admits it and a part with no `type` (its object keywords ignore
  // non-objects): `{ required: [z], allOf: [{ $ref: NullableObject }] }` accepts null. Parts with
  // no type at all are the typeless object (typed as an object, with a warning): not nullable.
  // In 3.0 the schema's own `nullable: true` admits null whatever its parts say (it adds null to
  // the whole schema: `{ nullable: true, allOf: [A, B] }` is "A and B, or null").
  // And null must pass every part's `not` and `if` (3.0: unless that part says `nullable` itself).
  const ownNull = ctx.version === "3.0" && s["nullable"] === true;
  const nullable =
    ownNull ||
    (parts.every(([p]) => p["nullable"] === true || p["type"] === undefined) &&
      parts.some(([p]) => p["nullable"] === true) &&
      parts.every(([p]) => (ctx.version === "3.0" && p["nullable"] === true) || nullPassesApplicators(p, ctx)));
  const typed = parts.some(([p]) => p["type"] === "object");
  const shape: ObjectShape = { properties, required, patterns, nullable, typed, rules: parts };
  return additional ? { ...shape, additional } : shape;
}

/** Collects the object parts of `s` (itself and its `allOf`, recursively); false when one is not an object. */
function flatten(s: Schema, at: string, ctx: Context, out: [Schema, string][], seen: Set<string>): boolean {
  if (Object.hasOwn(s, "$ref")) {
    const ref = s["$ref"];
    if (typeof ref !== "string") return false;
    const target = lookupRef(ctx.spec.loaded.document, ref);
    if (!target || seen.has(ref)) return false;
    const raw = target.kind === "component" ? ctx.spec.schemas.get(target.id) : target.schema;
    const t = norm(raw, ctx);
    if (!t) return false;
    const tAt = target.kind === "component" ? ptr.join("/components/schemas", target.id) : target.pointer;
    seen.add(ref);
    const ok = flatten(s["nullable"] === true ? { ...t, nullable: true } : t, tAt, ctx, out, seen);
    seen.delete(ref);
    return ok;
  }
  if (Array.isArray(s["anyOf"]) || Array.isArray(s["oneOf"]) || Object.hasOwn(s, "enum") || Object.hasOwn(s, "const")) return false;
  if (s["type"] !== undefined && s["type"] !== "object") return false;
  if (isNever(s) && !objectish(s)) return false;
  const { allOf, ...own } = s;
  out.push([own, at]);
  if (Array.isArray(allOf)) {
    for (let i = 0; i < allOf.length; i++) {
      malformedWarnings(allOf[i], ptr.join(at, "allOf", i), ctx);
      const part = norm(allOf[i], ctx);
      if (!part || !flatten(part, ptr.join(at, "allOf", i), ctx, out, seen)) return false;
    }
  }
  return true;
}

/** Whether a schema node says "object with these keys". */
function objectish(s: Schema): boolean {
  if (isMap(s["properties"]) || isMap(s["patternProperties"])) return true;
  if (Array.isArray(s["required"]) && (s["required"] as unknown[]).length > 0) return true;
  const ap = s["additionalProperties"];
  return ap === false || (isMap(ap) && isNever(ap as Schema));
}

/** Whether a part restricts keys by its own property list (JSON Schema applies that per part). */
function closes(s: Schema): boolean {
  const ap = s["additionalProperties"];
  if (isMap(s["patternProperties"]) && Object.keys(s["patternProperties"] as object).length > 0) return true;
  return ap !== undefined && ap !== true && !(isMap(ap) && Object.keys(ap as object).length === 0);
}

