/**
 * The one adapter between the intermediate model and the change report: `Model` → a neutral,
 * JSON-serialisable shape of each selected schema (its declarations, their properties, enum
 * values, nullability, constraints and a type text). Everything under generator/diff/ except this
 * file reads only the shape, so a change to the model's types touches this file alone. The
 * manifest stores the same shape, which lets `generate` say what changed since the last run.
 */
import { hashHex } from "../hash.ts";
import { checkedExactlyOne, unionMembers, type Decl, type Model, type Module, type Rule, type TypeExpr } from "../model/types.ts";
import * as ptr from "../pointer.ts";
import { ordinal } from "../resolve/resolve.ts";

/** A value's type as generated code sees it. */
export interface ValueShape {
  /** TypeScript-like text without `| null` and without constraints, e.g. `Expandable<Customer>`. */
  readonly type: string;
  /** The members of a union (without `null`), when the type is one. */
  readonly members?: readonly string[];
  readonly nullable?: true;
  /** Constraints guards enforce, keyed by a short path (`maxLength`, `items.maxLength`, `id.maxLength`). */
  readonly constraints?: Readonly<Record<string, string | number | boolean>>;
  /** A union with a declared `discriminator`: its tag property and each tag value with its member. */
  readonly tags?: { readonly property: string; readonly map: readonly (readonly [value: string, member: string])[] };
}

export interface PropertyShape extends ValueShape {
  readonly required?: true;
  /** The property's own pointer, when it is not under its object's `properties` (declared in an `allOf` part). */
  readonly at?: string;
  /** Digest of the description (and deprecation): description changes are counted, not shown. */
  readonly doc?: string;
}

export interface DeclShape {
  /** The generated type name. */
  readonly name: string;
  readonly kind: "object" | "enum" | "alias";
  readonly doc?: string;
  /** Enum: the wire values, in spec order. */
  readonly values?: readonly string[];
  /** Enum: closed although the run's enums are open (a property's single value, an enum under `not`/`if`). */
  readonly closed?: true;
  /** Object: wire name → property. */
  readonly properties?: Readonly<Record<string, PropertyShape>>;
  /** Object: the component itself admits null (its guard proves `X | null`); schema-level declarations only. */
  readonly nullable?: true;
  /** Object: extra keys (`true` anything, `false` none, or their value type). */
  readonly additional?: boolean | ValueShape;
  /** Alias: the aliased type. */
  readonly alias?: ValueShape;
}

export interface SchemaShape {
  /** The generated type name of the schema. */
  readonly type: string;
  /**
   * The schema's declarations keyed by their JSON pointer relative to the schema (`""` for the
   * schema's own, `/properties/status` for a hoisted enum; `#` + the whole pointer for one hoisted
   * from elsewhere): keys are stable across spec versions even when names are not.
   */
  readonly decls: Readonly<Record<string, DeclShape>>;
}

export interface SpecShape {
  readonly title: string;
  readonly version: string;
  /** Schema id → shape, in ordinal order of ids. */
  readonly schemas: Readonly<Record<string, SchemaShape>>;
}

/**
 * A record keyed by spec text (schema ids, property names): no prototype, so `__proto__` is a key
 * like any other and `constructor` is not found where nothing put it.
 */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `r[key]` when `key` is its own: a record parsed from JSON still has Object.prototype's names. */
export function own<T>(r: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(r, key) ? r[key] : undefined;
}

/**
 * The version of the shapes a manifest records. A manifest with other shapes (an earlier
 * specguard's) is not compared with: its differences would be the generator's, not the spec's.
 */
export const SHAPE_FORMAT = 3;

/** The pointer of a component schema. */
export function schemaPointer(id: string): string {
  return ptr.join("/components/schemas", id);
}

export function specShape(model: Model): SpecShape {
  const schemas = record<SchemaShape>();
  const ctx = shapeContext(model, (name) => model.decls.get(name)!);
  for (const module of [...model.modules].sort((a, b) => ordinal(a.schemaId, b.schemaId))) schemas[module.schemaId] = moduleShape(module, ctx, model.enums);
  return { title: model.spec.title, version: model.spec.version, schemas };
}

/**
 * What a module's shape reads of the model besides its own declarations, through `lookup`: a
 * caller that records the names looked up (the module cache) knows what the shape depends on.
 */
export function shapeContext(model: Model, lookup: (name: string) => Decl): ShapeContext {
  return {
    // A ref to a nullable object declaration reads as `X | null` in the generated types.
    nullable: (name) => {
      const decl = lookup(name);
      return decl.kind === "object" && decl.nullable === true;
    },
    // Which unions the guards check as "exactly one" (emit/guards/scope.ts `exactlyOne`).
    exact: (u) => checkedExactlyOne(u, model.enums, lookup),
  };
}

/** One module's schema shape (its declarations keyed by their pointer inside the schema). */
export function moduleShape(module: Module, ctx: ShapeContext, enums: Model["enums"]): SchemaShape {
  const base = schemaPointer(module.schemaId);
  const decls = record<DeclShape>();
  for (const decl of module.decls) {
    // Declarations hoisted from outside the schema (an inline `$ref`) keep their whole pointer, marked `#`.
    let key = decl.pointer.startsWith(base + "/") || decl.pointer === base ? decl.pointer.slice(base.length) : "#" + decl.pointer;
    // A nullable component enum is an alias plus an enum hoisted at the same pointer.
    if (Object.hasOwn(decls, key)) key += `~${decl.kind}`;
    decls[key] = declShape(decl, decl === module.main, ctx, enums === "open");
  }
  return { type: module.main.name, decls };
}

/** A module's shape as the manifest's lines: each declaration's shape as compact JSON. */
export function shapeLines(shape: SchemaShape): Record<string, string> {
  const lines = record<string>();
  for (const [key, decl] of Object.entries(shape.decls)) lines[key] = JSON.stringify(decl);
  return lines;
}

/** The inverse of `shapeLines`: a module's lines as objects, as the manifest's reader gets them. */
export function parseShapeLines(lines: Readonly<Record<string, string>>): Record<string, DeclShape> {
  const shape = record<DeclShape>();
  for (const [key, line] of Object.entries(lines)) shape[key] = JSON.parse(line) as DeclShape;
  return shape;
}

/**
 * A hoisted declaration's description is its property's, which the property's shape carries
 * already: only the schema's own declaration keeps a `doc`, so an edit is counted once.
 */
function declShape(decl: Decl, main: boolean, ctx: ShapeContext, openMode: boolean): DeclShape {
  const doc = main ? digest(decl.doc) : undefined;
  const base = { name: decl.name, kind: decl.kind, ...(doc ? { doc } : {}) };
  switch (decl.kind) {
    case "enum":
      return { ...base, values: decl.members.map((m) => m.value), ...(!decl.open && openMode ? { closed: true as const } : {}) };
    case "alias":
      return { ...base, alias: valueShape(decl.type, ctx) };
    case "object": {
      const properties = record<PropertyShape>();
      for (const p of decl.properties) {
        const pdoc = digest(p.doc);
        // Where the property is declared, when that is not `<object>/properties/<name>` (an allOf part).
        const at = p.pointer === `${decl.pointer}/properties/${ptr.escapeToken(p.name)}` ? {} : { at: p.pointer };
        properties[p.name] = { ...valueShape(p.type, ctx), ...(p.required ? { required: true as const } : {}), ...(pdoc ? { doc: pdoc } : {}), ...at };
      }
      const additional = typeof decl.additional === "boolean" ? decl.additional : valueShape(decl.additional, ctx);
      // Pattern properties and object-level rules are compared as constraints of the object.
      const constraints = record<string | number | boolean>();
      for (const [pattern, type] of decl.patterns ?? []) constraints[`patternProperties.${pattern}`] = text(type);
      for (const rule of decl.rules ?? []) Object.assign(constraints, ruleConstraint(rule, ""));
      return {
        ...base,
        // An inline object's nullability is its property's, which says it already.
        ...(main && decl.nullable ? { nullable: true as const } : {}),
        properties,
        additional,
        ...(Object.keys(constraints).length > 0 ? { alias: { type: "object", constraints } } : {}),
      };
    }
    default:
      // A declaration kind this adapter does not know yet: compare it by its JSON.
      return { ...base, alias: { type: JSON.stringify(decl) } };
  }
}

/** What a value's shape needs from the model: nullable objects, and which unions are exact. */
export interface ShapeContext {
  readonly nullable: (name: string) => boolean;
  readonly exact: (u: Extract<TypeExpr, { kind: "union" }>) => boolean;
}

/**
 * Splits `T | null` into T and nullability, and collects constraints. A union the guards check
 * as "exactly one" (`oneOf`) carries the constraint `oneOf`: `oneOf` → `anyOf` admits values
 * older guards reject (a loosening), and back a tightening.
 */
function valueShape(expr: TypeExpr, ctx: ShapeContext): ValueShape {
  // A union inside a union (3.0's `nullable` on a `oneOf`) reads as one list of members.
  let core: readonly TypeExpr[] = unionMembers(expr);
  const nullable = (core.length > 1 && core.some((m) => m.kind === "null")) || core.some((m) => m.kind === "ref" && ctx.nullable(m.name));
  if (nullable) core = core.filter((m) => m.kind !== "null");
  const members = core.map(text);
  const constraints = record<string | number | boolean>();
  for (const m of core) collect(m, core.length > 1 ? `${memberKey(m)}.` : "", constraints);
  // The exact union may sit inside the one that adds null (3.0's `nullable` on a `oneOf`).
  const exactIn = (e: TypeExpr): boolean => e.kind === "union" && (ctx.exact(e) || e.members.some(exactIn));
  if (exactIn(expr)) constraints["oneOf"] = true;
  const d = expr.kind === "union" && expr.discriminator?.declared === true ? expr.discriminator : undefined;
  return {
    type: members.join(" | "),
    ...(members.length > 1 ? { members } : {}),
    ...(nullable ? { nullable: true as const } : {}),
    ...(Object.keys(constraints).length > 0 ? { constraints } : {}),
    ...(d ? { tags: { property: d.property, map: d.map } } : {}),
  };
}

/** The type as text, ignoring constraints (they are compared apart). */
function text(expr: TypeExpr): string {
  switch (expr.kind) {
    case "unknown":
    case "null":
    case "boolean":
    case "string":
    case "number":
      return expr.kind;
    case "timestamp":
      return "Timestamp";
    case "literal":
      return JSON.stringify(expr.value);
    case "ref":
      return expr.name;
    case "array":
      return expr.prefix ? `[${[...expr.prefix.map(text), `...Array<${text(expr.items)}>`].join(", ")}]` : `Array<${text(expr.items)}>`;
    case "never":
      return "never";
    case "refine":
      return text(expr.base);
    case "record":
      return `{ [key: string]: ${text(expr.values)} }`;
    case "union":
      return expr.members.map(text).join(" | ");
    case "intersection":
      return expr.members.map((m) => (m.kind === "union" ? `(${text(m)})` : text(m))).join(" & ");
    case "expandable":
      return `Expandable<${text(expr.target)}>`;
    default:
      return JSON.stringify(expr);
  }
}

const STRING_KEYS = ["maxLength", "minLength", "pattern", "format"] as const;
const ZERO_NO_OP: ReadonlySet<string> = new Set(["minLength", "minItems", "id.minLength"]);
const NUMBER_KEYS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const;

function collect(expr: TypeExpr, prefix: string, out: Record<string, string | number | boolean>): void {
  const put = (key: string, value: string | number | boolean | undefined): void => {
    // A lower count of 0 (`minLength: 0`, `minItems: 0`) admits every value: no constraint.
    if (value !== undefined && !(value === 0 && ZERO_NO_OP.has(key))) out[prefix + key] = value;
  };
  switch (expr.kind) {
    case "string":
      for (const k of STRING_KEYS) put(k, expr[k]);
      break;
    case "number":
      if (expr.integer) put("integer", true);
      for (const k of NUMBER_KEYS) put(k, expr[k]);
      break;
    case "timestamp":
      // An integer to generated code and guards (`Timestamp` is `number`): compared as one.
      put("integer", true);
      break;
    case "array":
      put("maxItems", expr.maxItems);
      put("minItems", expr.minItems);
      expr.prefix?.forEach((m, i) => collectNested(m, `${prefix}prefixItems.${i}.`, out));
      collectNested(expr.items, `${prefix}items.`, out);
      break;
    case "record":
      collectNested(expr.values, `${prefix}values.`, out);
      break;
    case "expandable":
      for (const k of STRING_KEYS) put(`id.${k}`, expr.id?.[k]);
      break;
    case "refine":
      collect(expr.base, prefix, out);
      for (const rule of expr.rules) Object.assign(out, ruleConstraint(rule, prefix));
      break;
    default:
      break;
  }
}

/**
 * A rule as a constraint: `multipleOf`, `uniqueItems` and the property counts by their values
 * (so a bound can tighten or loosen, and reads as a number), others as their JSON.
 */
function ruleConstraint(rule: Rule, prefix: string): Record<string, string | number | boolean> {
  if (rule.rule === "multipleOf") return { [`${prefix}multipleOf`]: rule.by };
  if (rule.rule === "uniqueItems") return { [`${prefix}uniqueItems`]: true };
  if (rule.rule === "propertyCount") {
    return { ...(rule.min !== undefined && rule.min > 0 ? { [`${prefix}minProperties`]: rule.min } : {}), ...(rule.max !== undefined ? { [`${prefix}maxProperties`]: rule.max } : {}) };
  }
  return { [`${prefix}rule.${rule.rule}`]: JSON.stringify(rule) };
}

function collectNested(expr: TypeExpr, prefix: string, out: Record<string, string | number | boolean>): void {
  const members = expr.kind === "union" ? expr.members.filter((m) => m.kind !== "null") : [expr];
  for (const m of members) collect(m, members.length > 1 ? `${prefix}${memberKey(m)}.` : prefix, out);
}

/** A union member's part of a constraint key: its type text, `Timestamp` read as the `number` it is. */
function memberKey(m: TypeExpr): string {
  return m.kind === "timestamp" ? "number" : text(m);
}

/** What the generated doc comment says: the description and the deprecated, read-only and write-only lines. */
function digest(doc: { readonly description?: string; readonly deprecated?: boolean; readonly readOnly?: boolean; readonly writeOnly?: boolean }): string | undefined {
  if (doc.description === undefined && !doc.deprecated && !doc.readOnly && !doc.writeOnly) return undefined;
  const text = (doc.description ?? "") + (doc.deprecated ? "\u0000deprecated" : "") + (doc.readOnly ? "\u0000readOnly" : "") + (doc.writeOnly ? "\u0000writeOnly" : "");
  return hashHex("sha1", text).slice(0, 12);
}
