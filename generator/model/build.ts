/**
 * Stage 3, model: turn resolved schemas into declarations and type expressions. Inline enums and
 * objects are hoisted out of their parents under provisional names; `names.ts` settles the final
 * names afterwards, so no name depends on the order in which schemas were visited.
 */
import { Problems } from "../errors.ts";
import type { EnumMode } from "../config.ts";
import * as ptr from "../pointer.ts";
import { lookupRef, type ResolvedSpec, type Schema } from "../resolve/resolve.ts";
import { enumKeys } from "./naming.ts";
import type { Decl, Doc, EnumDecl, Property, TypeExpr } from "./types.ts";

/** A hoisted declaration waiting for its final name. */
export interface InlineCandidate {
  /** The provisional name used in refs until names are settled. */
  readonly key: string;
  /** The provisional name (or final component name) of the declaration it was hoisted from. */
  readonly parent: string;
  /** The field (or other step) it sits at inside the parent. */
  readonly field: string;
  readonly pointer: string;
  readonly depth: number;
  readonly kind: Decl["kind"];
}

export interface DraftModule {
  readonly schemaId: string;
  readonly file: string;
  readonly decls: Decl[];
}

export interface Draft {
  readonly modules: DraftModule[];
  readonly candidates: InlineCandidate[];
}

interface Hint {
  /** Name (final or provisional) of the declaration being built. */
  readonly parent: string;
  readonly field: string;
  readonly depth: number;
}

interface Context {
  readonly spec: ResolvedSpec;
  readonly enums: EnumMode;
  readonly names: ReadonlyMap<string, string>;
  /** Component type name → schema id, to find the schemas behind union members. */
  readonly idByName: ReadonlyMap<string, string>;
  readonly problems: Problems;
  readonly candidates: InlineCandidate[];
  /** Declarations of the module being built. */
  decls: Decl[];
  file: string;
  /** Inline `$ref` targets being converted, to stop on cycles through non-component refs. */
  readonly inlineStack: Set<string>;
}

/** Marks provisional names; no final name can contain this character. */
export const PROVISIONAL = "\u0000";

export function buildDraft(
  spec: ResolvedSpec,
  names: ReadonlyMap<string, string>,
  files: ReadonlyMap<string, string>,
  enums: EnumMode,
  problems: Problems,
): Draft {
  const idByName = new Map([...names].map(([id, name]) => [name, id]));
  const ctx: Context = { spec, enums, names, idByName, problems, candidates: [], decls: [], file: "", inlineStack: new Set() };
  const modules: DraftModule[] = [];
  for (const id of spec.selected) {
    const schema = spec.schemas.get(id) as Schema;
    const name = names.get(id) as string;
    ctx.decls = [];
    ctx.file = files.get(id) as string;
    const pointer = ptr.join("/components/schemas", id);
    const main = declare(schema, pointer, name, { parent: name, field: "", depth: 0 }, ctx);
    ctx.decls.unshift(main);
    modules.push({ schemaId: id, file: ctx.file, decls: ctx.decls });
  }
  return { modules, candidates: ctx.candidates };
}

/** Builds the declaration for a schema that gets a name of its own. */
function declare(s: Schema, at: string, name: string, hint: Hint, ctx: Context): Decl {
  const doc = docOf(s);
  if (isObjectLike(s)) {
    const required = new Set(Array.isArray(s["required"]) ? (s["required"] as unknown[]).filter((r) => typeof r === "string") : []);
    const props = (s["properties"] ?? {}) as Record<string, unknown>;
    const properties: Property[] = [];
    for (const [prop, sub] of Object.entries(props)) {
      const pAt = ptr.join(at, "properties", prop);
      if (!isSchema(sub)) {
        ctx.problems.add("schema-invalid", `property ${JSON.stringify(prop)} is not a schema`, pAt);
        continue;
      }
      const type = convert(sub, pAt, { parent: name, field: prop, depth: hint.depth + 1 }, ctx, prop === "object");
      properties.push({ name: prop, type, required: required.has(prop), doc: docOf(sub), pointer: pAt });
    }
    const ap = s["additionalProperties"];
    let additional: boolean | TypeExpr = true;
    if (ap === false) additional = false;
    else if (isSchema(ap) && Object.keys(ap).length > 0) {
      additional = convert(ap, ptr.join(at, "additionalProperties"), { parent: name, field: "value", depth: hint.depth + 1 }, ctx, false);
    }
    return { kind: "object", name, module: ctx.file, pointer: at, doc, properties, additional };
  }
  if (isEnumSchema(s)) return enumDecl(s, at, name, enumValues(s)!.list as string[], ctx);
  return { kind: "alias", name, module: ctx.file, pointer: at, doc, type: convert(s, at, hint, ctx, false, true) };
}

/** Whether a schema becomes an enum declaration of its own: a non-empty string enum without null. */
export function isEnumSchema(s: Schema): boolean {
  if (isObjectLike(s)) return false;
  const values = enumValues(s);
  return values !== undefined && values.strings && values.list.length > 0 && s["nullable"] !== true && !values.hasNull;
}

function enumDecl(s: Schema, at: string, name: string, values: string[], ctx: Context): EnumDecl {
  const unique = [...new Set(values)];
  const keys = enumKeys(unique);
  return {
    kind: "enum",
    name,
    module: ctx.file,
    pointer: at,
    doc: docOf(s),
    members: unique.map((value, i) => ({ key: keys[i]!, value })),
    open: ctx.enums === "open",
    incomplete: s["x-stripeBypassValidation"] === true,
  };
}

/** Hoists an inline schema into a declaration of its own and returns a ref to it. */
function hoist(s: Schema, at: string, hint: Hint, ctx: Context, build: (name: string) => Decl): TypeExpr {
  const key = PROVISIONAL + at;
  const decl = build(key);
  ctx.candidates.push({ key, parent: hint.parent, field: hint.field, pointer: at, depth: hint.depth, kind: decl.kind });
  ctx.decls.push(decl);
  return { kind: "ref", name: key };
}

/**
 * Converts a schema in type position. `isObjectField` marks the `object` property, whose
 * single-value enum stays a literal. `top` is set for a component's own alias body, which must
 * not hoist itself again.
 */
function convert(s: Schema, at: string, hint: Hint, ctx: Context, isObjectField: boolean, top = false): TypeExpr {
  const core = convertCore(s, at, hint, ctx, isObjectField, top);
  return s["nullable"] === true ? union([core, { kind: "null" }], false) : core;
}

function convertCore(s: Schema, at: string, hint: Hint, ctx: Context, isObjectField: boolean, top: boolean): TypeExpr {
  if (Object.hasOwn(s, "$ref")) return convertRef(s["$ref"] as string, at, hint, ctx, isObjectField);

  const anyOf = Array.isArray(s["anyOf"]) ? (s["anyOf"] as unknown[]) : undefined;
  const oneOf = Array.isArray(s["oneOf"]) ? (s["oneOf"] as unknown[]) : undefined;
  if (anyOf || oneOf) {
    const key = anyOf ? "anyOf" : "oneOf";
    const list = (anyOf ?? oneOf) as unknown[];
    const members = list.map((m, i) =>
      isSchema(m)
        ? convert(m, ptr.join(at, key, i), list.length === 1 ? hint : { ...hint, field: `${hint.field}_${i + 1}` }, ctx, isObjectField)
        : invalid(ctx, ptr.join(at, key, i), "is not a schema"),
    );
    if (Object.hasOwn(s, "x-expansionResources")) {
      const targets = members.filter((m) => m.kind !== "string");
      if (targets.length > 0 && targets.length < members.length) {
        // The id member's constraints (Stripe: `maxLength: 5000`) stay with the expandable for the guards.
        const { kind: _string, ...id } = members.find((m) => m.kind === "string") as Extract<TypeExpr, { kind: "string" }>;
        const target = union(targets, false, ctx);
        return Object.keys(id).length > 0 ? { kind: "expandable", target, id } : { kind: "expandable", target };
      }
    }
    return union(members, key === "oneOf" && members.length > 1, ctx);
  }
  if (Array.isArray(s["allOf"])) {
    const members = (s["allOf"] as unknown[]).map((m, i) =>
      isSchema(m) ? convert(m, ptr.join(at, "allOf", i), { ...hint, field: `${hint.field}_${i + 1}` }, ctx, false) : invalid(ctx, ptr.join(at, "allOf", i), "is not a schema"),
    );
    return members.length === 1 ? members[0]! : { kind: "intersection", members };
  }
  if (Object.hasOwn(s, "const")) {
    const value = s["const"];
    if (value === null) return { kind: "null" };
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return { kind: "literal", value };
    return invalid(ctx, ptr.join(at, "const"), "only string, number, boolean and null constants are supported");
  }
  const values = enumValues(s);
  if (values) {
    const withNull = values.hasNull ? [{ kind: "null" } as const] : [];
    if (values.list.length === 0) return withNull.length ? { kind: "null" } : invalid(ctx, ptr.join(at, "enum"), "is empty");
    if (values.strings && !(isObjectField && values.list.length === 1)) {
      // A component's own enum reaches here only when it admits null (`nullable`, or null among
      // the values): the enum is hoisted beside it (`<Name>Enum`) and the alias adds `| null`.
      const ref: TypeExpr = hoist(s, at, hint, ctx, (name) => enumDecl(s, at, name, values.list as string[], ctx));
      return withNull.length ? union([ref, ...withNull], false) : ref;
    }
    const literals: TypeExpr[] = values.list.map((value) => ({ kind: "literal", value }));
    return union([...literals, ...withNull], false);
  }

  const types = typeList(s);
  if (types.length > 1) {
    return union(
      types.map((t) => convertCore({ ...s, type: t }, at, hint, ctx, isObjectField, top)),
      false,
    );
  }
  const type = types[0];
  switch (type) {
    case "null":
      return { kind: "null" };
    case "boolean":
      return { kind: "boolean" };
    case "integer":
    case "number": {
      if (s["format"] === "unix-time") return { kind: "timestamp" };
      const n: { -readonly [K in keyof Extract<TypeExpr, { kind: "number" }>]: Extract<TypeExpr, { kind: "number" }>[K] } = {
        kind: "number",
        integer: type === "integer",
      };
      for (const k of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const) {
        if (typeof s[k] === "number") n[k] = s[k] as number;
      }
      // OpenAPI 3.0 spells exclusive bounds as booleans next to minimum/maximum.
      if (s["exclusiveMinimum"] === true && n.minimum !== undefined) {
        n.exclusiveMinimum = n.minimum;
        delete n.minimum;
      }
      if (s["exclusiveMaximum"] === true && n.maximum !== undefined) {
        n.exclusiveMaximum = n.maximum;
        delete n.maximum;
      }
      return n;
    }
    case "string": {
      const str: { -readonly [K in keyof Extract<TypeExpr, { kind: "string" }>]: Extract<TypeExpr, { kind: "string" }>[K] } = { kind: "string" };
      if (isCount(s["maxLength"])) str.maxLength = s["maxLength"] as number;
      if (isCount(s["minLength"])) str.minLength = s["minLength"] as number;
      if (typeof s["format"] === "string") str.format = s["format"];
      if (typeof s["pattern"] === "string") {
        try {
          new RegExp(s["pattern"], "u");
          str.pattern = s["pattern"];
        } catch (error) {
          invalid(ctx, ptr.join(at, "pattern"), `is not a valid regular expression: ${(error as Error).message}`);
        }
      }
      return str;
    }
    case "array": {
      const items = s["items"];
      const arr: { -readonly [K in keyof Extract<TypeExpr, { kind: "array" }>]: Extract<TypeExpr, { kind: "array" }>[K] } = {
        kind: "array",
        items: isSchema(items) ? convert(items, ptr.join(at, "items"), hint, ctx, false) : { kind: "unknown" },
      };
      if (isCount(s["maxItems"])) arr.maxItems = s["maxItems"] as number;
      if (isCount(s["minItems"])) arr.minItems = s["minItems"] as number;
      return arr;
    }
    case "object":
    case undefined: {
      if (isObjectLike(s) && Object.hasOwn(s, "properties")) {
        if (top) return { kind: "unknown" }; // unreachable: top-level objects become object declarations
        return hoist(s, at, hint, ctx, (name) => declare(s, at, name, hint, ctx));
      }
      const ap = s["additionalProperties"];
      if (isSchema(ap) && Object.keys(ap).length > 0) {
        return { kind: "record", values: convert(ap, ptr.join(at, "additionalProperties"), { ...hint, field: `${hint.field}_value` }, ctx, false) };
      }
      if (type === "object") return { kind: "record", values: { kind: "unknown" } };
      return { kind: "unknown" };
    }
    default:
      return invalid(ctx, ptr.join(at, "type"), `unknown type ${JSON.stringify(type)}`);
  }
}

function convertRef(ref: string, at: string, hint: Hint, ctx: Context, isObjectField: boolean): TypeExpr {
  const target = lookupRef(ctx.spec.loaded.document, ref);
  if (!target) return invalid(ctx, ptr.join(at, "$ref"), `points at nothing (${JSON.stringify(ref)})`);
  if (target.kind === "component") {
    const name = ctx.names.get(target.id);
    if (name === undefined) return invalid(ctx, ptr.join(at, "$ref"), `points at a schema outside the selection`);
    return { kind: "ref", name };
  }
  if (ctx.inlineStack.has(target.pointer)) {
    return invalid(ctx, ptr.join(at, "$ref"), "is a cycle through a non-component $ref (move the target into components/schemas)");
  }
  ctx.inlineStack.add(target.pointer);
  try {
    return convert(target.schema, target.pointer, hint, ctx, isObjectField);
  } finally {
    ctx.inlineStack.delete(target.pointer);
  }
}

/**
 * Flattens nested unions and drops duplicate `null`s. With the spec at hand, a union whose
 * members are all refs to components carrying distinct single-value `object` enums records
 * that property as its discriminator.
 */
function union(members: readonly TypeExpr[], exclusive: boolean, ctx?: Context): TypeExpr {
  const flat: TypeExpr[] = [];
  for (const m of members) {
    if (m.kind === "union" && !m.exclusive) flat.push(...m.members);
    else flat.push(m);
  }
  const out: TypeExpr[] = [];
  for (const m of flat) if (!(m.kind === "null" && out.some((o) => o.kind === "null"))) out.push(m);
  if (out.length === 1) return out[0]!;
  const discriminator = ctx ? discriminate(out, ctx) : undefined;
  return discriminator ? { kind: "union", members: out, exclusive, discriminator } : { kind: "union", members: out, exclusive };
}

function discriminate(members: readonly TypeExpr[], ctx: Context): Extract<TypeExpr, { kind: "union" }>["discriminator"] {
  if (members.length < 2) return undefined;
  const map: [string, string][] = [];
  for (const m of members) {
    if (m.kind !== "ref") return undefined;
    const id = ctx.idByName.get(m.name);
    if (id === undefined) return undefined;
    const literal = objectLiteral(ctx.spec.schemas.get(id));
    if (literal === undefined || map.some(([v]) => v === literal)) return undefined;
    map.push([literal, m.name]);
  }
  return { property: "object", map };
}

/** The single value of a schema's `object` enum, when it is required and has exactly one. */
function objectLiteral(s: Schema | undefined): string | undefined {
  if (!s) return undefined;
  const props = s["properties"] as Record<string, Schema> | undefined;
  const obj = props?.["object"];
  const req = Array.isArray(s["required"]) && (s["required"] as unknown[]).includes("object");
  const values = obj && Array.isArray(obj["enum"]) ? (obj["enum"] as unknown[]) : undefined;
  return req && values?.length === 1 && typeof values[0] === "string" ? values[0] : undefined;
}

function enumValues(s: Schema): { list: (string | number | boolean)[]; strings: boolean; hasNull: boolean } | undefined {
  if (!Array.isArray(s["enum"])) return undefined;
  const raw = s["enum"] as unknown[];
  const list = raw.filter((v): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean");
  return { list, strings: list.length > 0 && list.every((v) => typeof v === "string"), hasNull: raw.includes(null) };
}

function typeList(s: Schema): (string | undefined)[] {
  const t = s["type"];
  if (Array.isArray(t)) {
    const list = t.filter((x): x is string => typeof x === "string");
    return list.length > 0 ? list : [undefined];
  }
  return [typeof t === "string" ? t : undefined];
}

function isObjectLike(s: Schema): boolean {
  return Object.hasOwn(s, "properties");
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function docOf(s: Schema): Doc {
  const doc: { description?: string; deprecated?: boolean } = {};
  if (typeof s["description"] === "string" && s["description"].trim() !== "") doc.description = s["description"];
  else if (typeof s["title"] === "string" && s["title"].trim() !== "") doc.description = s["title"];
  if (s["deprecated"] === true) doc.deprecated = true;
  return doc;
}

function invalid(ctx: Context, at: string, message: string): TypeExpr {
  ctx.problems.add("schema-invalid", `schema ${message}`, at);
  return { kind: "unknown" };
}
