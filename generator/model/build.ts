/**
 * Stage 3, model: turn resolved schemas into declarations and type expressions. Every schema
 * node is first normalised (normalize/normalize.ts: one canonical form for 3.0 and 3.1), then
 * converted part by part: its own shape (`type` and its keywords: kinds.ts), its `allOf` (merged into one
 * object when every part is an object: allof.ts), its `anyOf`/`oneOf` (a union, discriminated
 * when it can be: discriminator.ts), and validation keywords TypeScript cannot say (rules.ts).
 * Parts present together are intersected, never dropped. Inline enums and objects are hoisted
 * out of their parents under provisional names; `names.ts` settles the final names afterwards.
 */
import { Problems } from "../errors.ts";
import type { EnumMode } from "../config.ts";
import { isNever, normalize, type OpenApiVersion } from "../normalize/normalize.ts";
import { unicodeRegExp } from "../normalize/pattern.ts";
import * as ptr from "../pointer.ts";
import { lookupRef, type ResolvedSpec, type Schema } from "../resolve/resolve.ts";
import { mergeObject, type ObjectShape } from "./allof.ts";
import { discriminate } from "./discriminator.ts";
import { enumKeys } from "./naming.ts";
import { malformedWarnings, refuseKeywords } from "./refused.ts";
import { checkPattern, ownShape } from "./kinds.ts";
import { rulesOf } from "./rules.ts";
import { isExpandable, isIncompleteEnum, OBJECT_PROPERTY } from "./stripe.ts";
import { CHECKED_FORMATS, type Decl, type Doc, type EnumDecl, type ObjectDecl, type Property, type Rule, type TypeExpr } from "./types.ts";

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

export interface Hint {
  /** Name (final or provisional) of the declaration being built. */
  readonly parent: string;
  readonly field: string;
  readonly depth: number;
}

export interface Context {
  readonly spec: ResolvedSpec;
  readonly version: OpenApiVersion;
  readonly enums: EnumMode;
  /** The `formats` option: guards check the formats in CHECKED_FORMATS. */
  readonly formats: boolean;
  readonly names: ReadonlyMap<string, string>;
  /** Component type name → schema id, to find the schemas behind union members. */
  readonly idByName: ReadonlyMap<string, string>;
  readonly problems: Problems;
  /** Constructs converted approximately or not at all: reported, never silent. */
  readonly warnings: Problems;
  readonly candidates: InlineCandidate[];
  /** Normalised schema per raw schema object (normalising is shallow, so each node once). */
  readonly normalized: WeakMap<object, Schema>;
  /** Declarations of the module being built. */
  decls: Decl[];
  file: string;
  /** Hoisted declarations of the module being built, by pointer: the same node hoists once. */
  hoisted: Map<string, TypeExpr>;
  /** Inline `$ref` targets being converted, to stop on cycles through non-component refs. */
  readonly inlineStack: Set<string>;
  /**
   * Above 0 while converting a rule's subschema (`not`, `if`, ...): enums there are exact in
   * both modes, since an open enum under `not` would reject every string.
   */
  exact: number;
  /** Above 0 while converting union members that sit beside an object (they only ever see objects). */
  objectContext: number;
  /**
   * While converting union members beside an object with properties: those properties' types. A
   * member that only makes some of them required (`oneOf: [{ required: [a] }, …]`) types them
   * the same (as `unknown` they read as `T | undefined` beside the object's optional `T`).
   */
  besides: ReadonlyMap<string, TypeExpr> | undefined;
}

/**
 * How a single-value enum converts: `literal` (Stripe's `object` property: a literal type),
 * `closed` (any other property, rule `one-value-enum`: the hoisted enum is closed in both modes,
 * so the property is the literal and unions narrow on it), or `false` (the enum mode decides:
 * values elsewhere, such as array items and additional properties).
 */
export type Fixed = false | "literal" | "closed";

/** Marks provisional names; no final name can contain this character. */
export const PROVISIONAL = "\u0000";

export function buildDraft(
  spec: ResolvedSpec,
  names: ReadonlyMap<string, string>,
  files: ReadonlyMap<string, string>,
  enums: EnumMode,
  problems: Problems,
  warnings: Problems,
  formats = false,
): Draft {
  const idByName = new Map([...names].map(([id, name]) => [name, id]));
  const ctx: Context = {
    spec,
    version: spec.loaded.openapi,
    enums,
    formats,
    names,
    idByName,
    problems,
    warnings,
    candidates: [],
    normalized: new WeakMap(),
    decls: [],
    file: "",
    hoisted: new Map(),
    inlineStack: new Set(),
    exact: 0,
    objectContext: 0,
    besides: undefined,
  };
  const modules: DraftModule[] = [];
  for (const id of spec.selected) {
    const schema = spec.schemas.get(id) as Schema;
    const name = names.get(id) as string;
    ctx.decls = [];
    ctx.hoisted = new Map();
    ctx.file = files.get(id) as string;
    const pointer = ptr.join("/components/schemas", id);
    legacyNullable(schema, pointer, ctx);
    malformedWarnings(schema, pointer, ctx);
    const main = declare(norm(schema, ctx)!, pointer, name, { parent: name, field: "", depth: 0 }, ctx);
    ctx.decls.unshift(main);
    modules.push({ schemaId: id, file: ctx.file, decls: ctx.decls });
  }
  return { modules, candidates: ctx.candidates };
}

/** Rule `nullable-31` (normalize.ts) said out loud: 3.1 reads `nullable: true` as 3.0 does, with a warning at its pointer. */
function legacyNullable(raw: unknown, at: string, ctx: Context): void {
  if (ctx.version !== "3.1" || raw === null || typeof raw !== "object" || !Object.hasOwn(raw, "nullable")) return;
  if (ctx.normalized.get(raw) === raw) return; // a canonical form: its `nullable` may come from `type: [T, "null"]`
  const honoured = (raw as Schema)["nullable"] === true;
  const what = honoured ? 'read as in 3.0, so null is allowed (write `type: [T, "null"]`)' : "ignored";
  ctx.warnings.add("unsupported", `\`nullable\` is not an OpenAPI 3.1 keyword (JSON Schema ignores it): ${what}`, ptr.join(at, "nullable"));
}

/** The canonical form of a raw schema node (memoised), or `undefined` if it is no schema. */
export function norm(raw: unknown, ctx: Context): Schema | undefined {
  if (raw !== null && typeof raw === "object") {
    const known = ctx.normalized.get(raw);
    if (known) return known;
    const s = normalize(raw, ctx.version);
    if (s) {
      ctx.normalized.set(raw, s);
      ctx.normalized.set(s, s); // canonical already
    }
    return s;
  }
  return normalize(raw, ctx.version);
}

/** Builds the declaration for a schema that gets a name of its own. */
function declare(s: Schema, at: string, name: string, hint: Hint, ctx: Context): Decl {
  refuseKeywords(s, at, ctx);
  const shape = hasUnion(s) ? undefined : mergeObject(s, at, ctx);
  if (shape) return objectDecl(shape, s, at, name, hint, ctx);
  if (isEnumSchema(s, ctx.formats)) return enumDecl(s, at, name, s["enum"] as string[], ctx);
  return { kind: "alias", name, module: ctx.file, pointer: at, doc: docOf(s), type: convert(s, at, hint, ctx, false, true) };
}

function objectDecl(shape: ObjectShape, s: Schema, at: string, name: string, hint: Hint, ctx: Context): ObjectDecl {
  if (!shape.typed && ctx.objectContext === 0) {
    ctx.warnings.add("unsupported", "object keywords without `type: object`: typed and checked as an object, though JSON Schema would accept any non-object value", at);
  }
  const outer = ctx.objectContext;
  const besides = ctx.besides;
  ctx.objectContext = 0; // the properties' values are not objects because this one is
  ctx.besides = undefined; // nor do they sit beside its sibling's properties
  try {
    return objectDeclBody(shape, s, at, name, hint, ctx, besides);
  } finally {
    ctx.objectContext = outer;
    ctx.besides = besides;
  }
}

function objectDeclBody(shape: ObjectShape, s: Schema, at: string, name: string, hint: Hint, ctx: Context, besides: ReadonlyMap<string, TypeExpr> | undefined): ObjectDecl {
  const properties: Property[] = [];
  const inner = { parent: name, depth: hint.depth + 1 };
  for (const [prop, parts] of shape.properties) {
    // Rule `one-value-enum`: a property with a single value is a literal in both enum modes: it
    // is what tells union members apart (Stripe's `object`, OpenAPI's `petType`). Enums the spec
    // marks incomplete (Stripe's `x-stripeBypassValidation`) keep the enum mode.
    const fixed: Fixed = prop === OBJECT_PROPERTY ? "literal" : "closed";
    const types = parts.map(([sub, pAt]) => convert(sub, pAt, { ...inner, field: prop }, ctx, fixed));
    const type = parts.length > 0 ? intersect(types) : (besides?.get(prop) ?? undeclared(prop, shape, { ...inner, field: prop }, ctx));
    const first = parts[0];
    const firstSchema = first ? norm(first[0], ctx) : undefined;
    const doc = firstSchema ? docOf(firstSchema) : {};
    const pointer = first ? first[1] : ptr.join(at, "required");
    properties.push({ name: prop, type, required: shape.required.has(prop), doc, pointer });
  }
  let additional: boolean | TypeExpr = true;
  if (shape.additional !== undefined) {
    const [ap, apAt] = shape.additional;
    additional = isNever(ap) ? false : Object.keys(ap).length === 0 ? true : convert(ap, apAt, { ...inner, field: "value" }, ctx, false);
  }
  const decl: { -readonly [K in keyof ObjectDecl]: ObjectDecl[K] } = { kind: "object", name, module: ctx.file, pointer: at, doc: docOf(s), properties, additional };
  if (shape.patterns.length > 0) {
    decl.patterns = shape.patterns.flatMap(([pattern, sub, pAt]) => {
      const source = checkPattern(pattern, pAt, ctx, true);
      return source === undefined ? [] : [[source, convert(sub, pAt, { ...inner, field: "value" }, ctx, false)] as const];
    });
  }
  if (shape.nullable) decl.nullable = true;
  for (const [part, pAt] of shape.rules) refuseKeywords(part, pAt, ctx); // merged parts are never converted on their own
  const rules = shape.rules.flatMap(([part, pAt]) => rulesOf(part, pAt, { ...hint, parent: name }, ctx, "object"));
  if (rules.length > 0) decl.rules = rules;
  return decl;
}

/**
 * A key only `required` names: JSON Schema validates it by the matching `patternProperties`,
 * else by `additionalProperties` (so `additionalProperties: false` makes the object impossible).
 */
function undeclared(prop: string, shape: ObjectShape, hint: Hint, ctx: Context): TypeExpr {
  // A pattern that does not compile is reported where it is converted: it matches nothing here.
  const matching = shape.patterns.filter(([pattern]) => unicodeRegExp(pattern)?.test(prop) ?? false);
  if (matching.length > 0) return intersect(matching.map(([, sub, pAt]) => convert(sub, pAt, hint, ctx, false)));
  if (shape.additional === undefined) return { kind: "unknown" };
  const [ap, apAt] = shape.additional;
  return isNever(ap) ? { kind: "never" } : convert(ap, apAt, hint, ctx, false);
}

/**
 * Whether a schema becomes an enum declaration of its own: a non-empty string enum, nothing
 * else beside it that constrains, and no null. Beside `not` or `if` the enum is hoisted instead
 * (`<Name>Enum`) and the schema is an alias that checks those rules too.
 */
export function isEnumSchema(s: Schema, formats: boolean): boolean {
  if (hasUnion(s) || Object.hasOwn(s, "allOf") || Object.hasOwn(s, "properties") || s["nullable"] === true) return false;
  if (Object.hasOwn(s, "not") || Object.hasOwn(s, "if") || (formats && checkedFormat(s) !== undefined)) return false;
  const values = s["enum"];
  return Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === "string");
}

/** The schema's `format`, when it is one the guards check (under the `formats` option). */
export function checkedFormat(s: Schema): string | undefined {
  return typeof s["format"] === "string" && CHECKED_FORMATS.has(s["format"]) ? s["format"] : undefined;
}

function hasUnion(s: Schema): boolean {
  return Array.isArray(s["anyOf"]) || Array.isArray(s["oneOf"]);
}

export function enumDecl(s: Schema, at: string, name: string, values: readonly string[], ctx: Context, closed = false): EnumDecl {
  const unique = [...new Set(values)];
  const keys = enumKeys(unique);
  const incomplete = isIncompleteEnum(s);
  return {
    kind: "enum",
    name,
    module: ctx.file,
    pointer: at,
    doc: docOf(s),
    members: unique.map((value, i) => ({ key: keys[i]!, value })),
    open: ctx.enums === "open" && !closed && ctx.exact === 0,
    incomplete,
  };
}

/** Hoists an inline schema into a declaration of its own and returns a ref to it. */
export function hoist(at: string, hint: Hint, ctx: Context, kind: Decl["kind"], build: (name: string) => Decl): TypeExpr {
  const known = ctx.hoisted.get(at);
  if (known) return known;
  const key = PROVISIONAL + ctx.file + PROVISIONAL + at;
  const ref: TypeExpr = { kind: "ref", name: key };
  ctx.hoisted.set(at, ref);
  ctx.candidates.push({ key, parent: hint.parent, field: hint.field, pointer: at, depth: hint.depth, kind });
  ctx.decls.push(build(key));
  return ref;
}

/**
 * Converts a raw schema in type position. `isObjectField` marks a property whose single-value
 * enum stays a literal (Stripe's `object`, or any required property: rule `one-value-enum`).
 * `top` is set for a component's own alias body, which must not hoist itself again.
 */
export function convert(raw: unknown, at: string, hint: Hint, ctx: Context, isObjectField: Fixed, top = false): TypeExpr {
  const s = norm(raw, ctx);
  if (!s) return invalid(ctx, at, "is not a schema");
  legacyNullable(raw, at, ctx);
  malformedWarnings(raw, at, ctx);
  refuseKeywords(s, at, ctx);
  const core = convertCore(s, at, hint, ctx, isObjectField, top);
  return s["nullable"] === true && nullPassesSiblings(s, ctx) ? union([core, { kind: "null" }], false) : core;
}

/**
 * Rule `nullable-applicators-31`: in 3.1, `type: [T, "null"]` beside `allOf`, `anyOf`, `oneOf`,
 * `not` or `if` (or a `$ref` with such siblings) lets null through only if null also passes
 * them (JSON Schema applies every keyword). In 3.0, `nullable: true` adds null to the whole
 * schema (`nullable: true` beside `allOf: [$ref]` is how a nullable reference is spelled).
 */
function nullPassesSiblings(s: Schema, ctx: Context): boolean {
  return ctx.version !== "3.1" || nullPassesApplicators(s, ctx, new Set());
}

/** Whether null passes a schema's applicators (allOf every, anyOf some, oneOf exactly one, not, if/then/else). */
export function nullPassesApplicators(s: Schema, ctx: Context, seen: Set<unknown> = new Set()): boolean {
  const list = (k: string): unknown[] | undefined => (Array.isArray(s[k]) ? (s[k] as unknown[]) : undefined);
  if (list("allOf") && !list("allOf")!.every((m) => acceptsNull(m, ctx, seen))) return false;
  if (list("anyOf") && !list("anyOf")!.some((m) => acceptsNull(m, ctx, seen))) return false;
  if (list("oneOf") && list("oneOf")!.filter((m) => acceptsNull(m, ctx, seen)).length !== 1) return false;
  if (Object.hasOwn(s, "not") && acceptsNull(s["not"], ctx, seen)) return false;
  if (Object.hasOwn(s, "if")) {
    const branch = acceptsNull(s["if"], ctx, seen) ? s["then"] : s["else"];
    if (branch !== undefined && !acceptsNull(branch, ctx, seen)) return false;
  }
  return true;
}

/** Whether null passes a schema (3.0: `nullable` admits it whatever the rest says). */
function acceptsNull(raw: unknown, ctx: Context, seen: Set<unknown>): boolean {
  const s = norm(raw, ctx);
  if (!s || seen.has(raw)) return true;
  seen.add(raw);
  try {
    if (Object.hasOwn(s, "$ref")) {
      const target = lookupRef(ctx.spec.loaded.document, s["$ref"] as string);
      if (!target) return true; // reported where the ref is converted
      // 3.1 applies a $ref's siblings too; 3.0 ignores them (normalize.ts keeps only `nullable`).
      if (!acceptsNull(target.kind === "component" ? ctx.spec.schemas.get(target.id) : target.schema, ctx, seen) && s["nullable"] !== true) return false;
      return ctx.version === "3.0" || nullPassesApplicators(s, ctx, seen);
    }
    if (s["nullable"] === true || s["type"] === "null") return ctx.version === "3.0" || nullPassesApplicators(s, ctx, seen);
    if (isNever(s) || s["type"] !== undefined || Array.isArray(s["enum"]) || Object.hasOwn(s, "const")) return false;
    // Object keywords without a type ignore null (`anyOf: [{ required: [a] }, …]` beside a
    // nullable object lets null through), though a component of only such keywords is read as an
    // object of its own (with a warning).
    return nullPassesApplicators(s, ctx, seen);
  } finally {
    seen.delete(raw);
  }
}

function convertCore(s: Schema, at: string, hint: Hint, ctx: Context, isObjectField: Fixed, top: boolean): TypeExpr {
  if (Object.hasOwn(s, "$ref")) return convertRef(s["$ref"] as string, at, hint, ctx, isObjectField);
  if (isNever(s) && Object.keys(s).every((k) => k === "not" || k === "nullable")) return { kind: "never" };

  const parts: TypeExpr[] = [];
  const shape = mergeObject(s, at, ctx);
  if (shape) {
    const field = top || hasUnion(s) ? { ...hint, field: top ? "fields" : `${hint.field}_fields` } : hint;
    parts.push(hoist(at, field, ctx, "object", (name) => objectDecl(shape, s, at, name, field, ctx)));
  } else {
    // An object beside `allOf` that could not be merged with it (it has its own
    // `additionalProperties`): its properties and `required` are a declaration of their own, one
    // part of the intersection (read as a plain record they were lost).
    const { allOf: _allOf, anyOf: _anyOf, oneOf: _oneOf, discriminator: _d, ...alone } = s;
    const ownObject = Array.isArray(s["allOf"]) && ["properties", "required", "patternProperties"].some((k) => Object.hasOwn(s, k)) ? mergeObject(alone, at, ctx) : undefined;
    if (ownObject) {
      const field = { ...hint, field: top ? "fields" : `${hint.field}_fields` };
      parts.push(hoist(at, field, ctx, "object", (name) => objectDecl(ownObject, alone, at, name, field, ctx)));
    } else {
      const own = ownShape(s, at, hint, ctx, isObjectField);
      if (own) parts.push(own);
    }
    if (Array.isArray(s["allOf"])) {
      (s["allOf"] as unknown[]).forEach((m, i) => parts.push(convert(m, ptr.join(at, "allOf", i), { ...hint, field: `${hint.field}_${i + 1}` }, ctx, false)));
    }
  }
  const anyOf = Array.isArray(s["anyOf"]) ? (s["anyOf"] as unknown[]) : undefined;
  const oneOf = Array.isArray(s["oneOf"]) ? (s["oneOf"] as unknown[]) : undefined;
  // Members beside an object (`type: object`, properties) only see objects: `{ required: [a] }` there is exact.
  const beside = shape !== undefined || s["type"] === "object" ? 1 : 0;
  ctx.objectContext += beside;
  const outerBesides = ctx.besides;
  if (shape !== undefined && (anyOf || oneOf)) ctx.besides = propertyTypes(parts[0], ctx);
  try {
    if (anyOf) parts.push(convertUnion(s, "anyOf", anyOf, at, hint, ctx, isObjectField));
    if (oneOf) parts.push(convertUnion(s, "oneOf", oneOf, at, hint, ctx, isObjectField));
  } finally {
    ctx.objectContext -= beside;
    ctx.besides = outerBesides;
  }
  const base = intersect(parts);
  if (shape) return base; // the object declaration carries the rules
  const rules: Rule[] = rulesOf(s, at, hint, ctx, "any");
  return rules.length > 0 ? { kind: "refine", base, rules } : base;
}

/** The property types of the object declaration `part` refers to (one hoisted in this module). */
function propertyTypes(part: TypeExpr | undefined, ctx: Context): ReadonlyMap<string, TypeExpr> | undefined {
  if (part?.kind !== "ref") return undefined;
  const decl = ctx.decls.find((d) => d.name === part.name);
  return decl?.kind === "object" ? new Map(decl.properties.map((p) => [p.name, p.type])) : undefined;
}

function convertUnion(s: Schema, key: "anyOf" | "oneOf", list: readonly unknown[], at: string, hint: Hint, ctx: Context, isObjectField: Fixed): TypeExpr {
  const members = list.map((m, i) => convert(m, ptr.join(at, key, i), list.length === 1 ? hint : { ...hint, field: `${hint.field}_${i + 1}` }, ctx, isObjectField));
  if (isExpandable(s)) {
    const targets = members.filter((m) => m.kind !== "string");
    if (targets.length > 0 && targets.length < members.length) {
      // The id member's constraints (Stripe: `maxLength: 5000`) stay with the expandable for the guards.
      const { kind: _string, ...id } = members.find((m) => m.kind === "string") as Extract<TypeExpr, { kind: "string" }>;
      const target = union(targets, false, ctx);
      return Object.keys(id).length > 0 ? { kind: "expandable", target, id } : { kind: "expandable", target };
    }
  }
  const exclusive = key === "oneOf" && members.length > 1;
  // An empty list is `never` (union()), with or without a `discriminator` beside it.
  const declared = members.length > 0 ? discriminate(s, members, at, ctx) : undefined;
  if (declared) return { kind: "union", members, exclusive, discriminator: declared };
  return union(members, exclusive, ctx);
}

function convertRef(ref: string, at: string, hint: Hint, ctx: Context, isObjectField: Fixed): TypeExpr {
  const target = lookupRef(ctx.spec.loaded.document, ref);
  if (!target) return invalid(ctx, ptr.join(at, "$ref"), `points at nothing (${JSON.stringify(ref)})`);
  if (target.kind === "component") {
    const name = ctx.names.get(target.id);
    if (name === undefined) return invalid(ctx, ptr.join(at, "$ref"), `points at a schema outside the selection`);
    return { kind: "ref", name };
  }
  if (ctx.inlineStack.has(target.pointer)) {
    // Back at a target being converted: an object there is already declared (hoisted before its
    // properties are converted), so the cycle closes on its name, as a component's would.
    const declared = ctx.hoisted.get(target.pointer);
    if (declared !== undefined) return declared;
    return invalid(ctx, ptr.join(at, "$ref"), "is a cycle through a non-component $ref that is not an object (move the target into components/schemas)");
  }
  ctx.inlineStack.add(target.pointer);
  try {
    return convert(target.schema, target.pointer, hint, ctx, isObjectField);
  } finally {
    ctx.inlineStack.delete(target.pointer);
  }
}

/**
 * `allOf` parts that could not be merged: an intersection. Unknowns add nothing, nested
 * intersections are flattened and a part equal to an earlier one is dropped (`A & A` is `A`:
 * allOf over schemas that each constrain the same property stacks up copies of it).
 */
export function intersect(parts: readonly TypeExpr[]): TypeExpr {
  // One part (every plain property): nothing to flatten or compare.
  if (parts.length === 1 && parts[0]!.kind !== "intersection") return parts[0]!;
  const useful: TypeExpr[] = [];
  const seen = new Set<string>();
  for (const part of parts.flatMap((p) => (p.kind === "intersection" ? p.members : [p]))) {
    if (part.kind === "unknown") continue;
    const key = JSON.stringify(part);
    if (seen.has(key)) continue;
    seen.add(key);
    useful.push(part);
  }
  if (useful.some((p) => p.kind === "never")) return { kind: "never" };
  if (useful.length === 0) return { kind: "unknown" };
  return useful.length === 1 ? useful[0]! : { kind: "intersection", members: useful };
}

/**
 * Flattens nested unions and drops duplicate `null`s. A union whose members each fix a
 * property to a distinct required literal records it as its discriminator.
 */
export function union(members: readonly TypeExpr[], exclusive: boolean, ctx?: Context): TypeExpr {
  const flat: TypeExpr[] = [];
  for (const m of members) {
    // Inside oneOf a member stays whole: `(A | null)` is one alternative, however many values it takes.
    if (m.kind === "union" && !m.exclusive && !m.discriminator && !exclusive) flat.push(...m.members);
    else if (m.kind !== "never") flat.push(m);
  }
  const out: TypeExpr[] = [];
  // A repeated null is dropped from anyOf; in oneOf each is an alternative null matches (so two reject it).
  for (const m of flat) if (!(m.kind === "null" && !exclusive && out.some((o) => o.kind === "null"))) out.push(m);
  if (out.length === 0) return { kind: "never" };
  if (out.length === 1) return out[0]!;
  const discriminator = ctx ? discriminate(undefined, out, "", ctx) : undefined;
  return discriminator ? { kind: "union", members: out, exclusive, discriminator } : { kind: "union", members: out, exclusive };
}

export function docOf(s: Schema): Doc {
  const doc: { -readonly [K in keyof Doc]: Doc[K] } = {};
  if (typeof s["description"] === "string" && s["description"].trim() !== "") doc.description = s["description"];
  else if (typeof s["title"] === "string" && s["title"].trim() !== "") doc.description = s["title"];
  if (s["deprecated"] === true) doc.deprecated = true;
  if (s["readOnly"] === true) doc.readOnly = true;
  if (s["writeOnly"] === true) doc.writeOnly = true;
  return doc;
}

export function invalid(ctx: Context, at: string, message: string): TypeExpr {
  ctx.problems.add("schema-invalid", `schema ${message}`, at);
  return { kind: "unknown" };
}
