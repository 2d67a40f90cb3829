import type { Problem } from "../errors.ts";

/**
 * The intermediate model: what the spec means, with every name decided, before any TypeScript
 * syntax exists. The emitters (types, enums, guards) read only this.
 */

/** Constraints on a string that guards enforce. */
export interface StringConstraints {
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly format?: string;
}

/** The string formats the guards check under the `formats` option (the runtime's `format()`). */
export const CHECKED_FORMATS: ReadonlySet<string> = new Set(["date-time", "date", "time", "email", "uuid", "uri", "ipv4", "ipv6"]);

/**
 * Whether an open enum is reachable from `root` (a type, a declaration, or a list of them):
 * through types, properties, extra keys, patterns and rules, following every reference with
 * `lookup`. With open enums a `oneOf` whose members reach one is checked like `anyOf` (any string
 * fits an open enum, so members told apart by their enums overlap by design).
 */
export function reachesOpenEnum(root: unknown, lookup: (name: string) => Decl): boolean {
  const seen = new Set<string>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const at = stack.pop();
    if (Array.isArray(at)) {
      stack.push(...at);
      continue;
    }
    if (typeof at !== "object" || at === null) continue;
    const node = at as { kind?: unknown; name?: unknown };
    if (node.kind === "ref" && typeof node.name === "string") {
      if (seen.has(node.name)) continue;
      seen.add(node.name);
      const decl = lookup(node.name);
      if (decl.kind === "enum" && decl.open) return true;
      stack.push(decl);
      continue;
    }
    for (const [key, value] of Object.entries(at)) if (key !== "doc") stack.push(value);
  }
  return false;
}

/**
 * Whether the guards check a union as "exactly one member" (`oneOf`): always with closed enums;
 * with open enums only when no open enum is reachable from its members (`reachesOpenEnum`).
 * The guards (emit/guards/scope.ts) and the change report's shapes (diff/shape.ts) both ask.
 */
export function checkedExactlyOne(u: Extract<TypeExpr, { kind: "union" }>, enums: "open" | "closed", lookup: (name: string) => Decl): boolean {
  return u.exclusive && (enums === "closed" || !reachesOpenEnum(u.members, lookup));
}

/** A type's members with nested unions flattened (a non-union is its own one member). */
export function unionMembers(e: TypeExpr): TypeExpr[] {
  return e.kind === "union" ? e.members.flatMap(unionMembers) : [e];
}

/** A JSON value, as a spec's `const` or `enum` can hold it. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/**
 * A validation keyword a guard checks beside a value's shape, where TypeScript cannot say it.
 * Each applies only to values of the JSON kind it is about (JSON Schema: `multipleOf` ignores
 * strings), so a rule never narrows the kinds a type accepts.
 */
export type Rule =
  | { readonly rule: "not"; readonly type: TypeExpr }
  | { readonly rule: "if"; readonly if: TypeExpr; readonly then?: TypeExpr; readonly else?: TypeExpr }
  | { readonly rule: "multipleOf"; readonly by: number }
  | { readonly rule: "uniqueItems" }
  | { readonly rule: "contains"; readonly type: TypeExpr; readonly min: number; readonly max?: number }
  | { readonly rule: "propertyCount"; readonly min?: number; readonly max?: number }
  | { readonly rule: "propertyNames"; readonly type: TypeExpr }
  | { readonly rule: "dependentRequired"; readonly map: readonly (readonly [string, readonly string[]])[] }
  | { readonly rule: "dependentSchemas"; readonly map: readonly (readonly [string, TypeExpr])[] };

/** A type expression. Named things (objects, enums, aliases) are referenced by declaration name. */
export type TypeExpr =
  | { readonly kind: "unknown" }
  /** The `false` schema (also `items: false`, `not: {}`): no value fits. */
  | { readonly kind: "never" }
  | { readonly kind: "null" }
  | { readonly kind: "boolean" }
  | ({ readonly kind: "string" } & StringConstraints)
  | {
      readonly kind: "number";
      readonly integer: boolean;
      readonly minimum?: number;
      readonly maximum?: number;
      readonly exclusiveMinimum?: number;
      readonly exclusiveMaximum?: number;
    }
  /** `format: unix-time`: an integer number of seconds, emitted as the `Timestamp` alias. */
  | { readonly kind: "timestamp" }
  /**
   * A literal, e.g. the single-value `object` enum of a resource, or a `const`. Always closed.
   * Object and array values (3.1 `const`) are compared by deep equality.
   */
  | { readonly kind: "literal"; readonly value: Json }
  /** A reference to a declaration (object, enum or alias), possibly in another module. */
  | { readonly kind: "ref"; readonly name: string }
  /**
   * `type: array`. `prefix` (3.1 `prefixItems`) types the first positions (a tuple); `items`
   * then types the rest (`never`: no more items).
   */
  | {
      readonly kind: "array";
      readonly items: TypeExpr;
      readonly prefix?: readonly TypeExpr[];
      readonly maxItems?: number;
      readonly minItems?: number;
    }
  /** Validation keywords a guard checks on top of `base` (whose type is all TypeScript sees). */
  | { readonly kind: "refine"; readonly base: TypeExpr; readonly rules: readonly Rule[] }
  /** `additionalProperties: T` on an object without properties. */
  | { readonly kind: "record"; readonly values: TypeExpr }
  /**
   * `anyOf` / `oneOf`. `exclusive` is true for `oneOf` (exactly one member must match).
   * `discriminator` is set when every member is a ref to an object declaring a distinct
   * literal for that property (Stripe: `object`), so guards can dispatch instead of trying.
   */
  | {
      readonly kind: "union";
      readonly members: readonly TypeExpr[];
      readonly exclusive: boolean;
      readonly discriminator?: Discriminator;
    }
  /** `allOf`. */
  | { readonly kind: "intersection"; readonly members: readonly TypeExpr[] }
  /** Stripe's expandable field: the id string, or the expanded object (`target`). */
  | { readonly kind: "expandable"; readonly target: TypeExpr; /** Constraints on the id string (guards enforce them). */ readonly id?: StringConstraints };

/**
 * How a union picks its member: the value of `property` names it. `declared` is set when the
 * spec's `discriminator` keyword says so (members need not fix the property themselves; the
 * type then adds the literal to each member so TypeScript narrows); otherwise every member
 * fixes the property to a distinct required literal (Stripe's `object`).
 */
export interface Discriminator {
  readonly property: string;
  /** Discriminant value → member declaration name, in member order. */
  readonly map: readonly (readonly [string, string])[];
  readonly declared?: boolean;
}

export interface Property {
  /** The exact wire name. */
  readonly name: string;
  readonly type: TypeExpr;
  readonly required: boolean;
  readonly doc: Doc;
  /** Pointer of the property's schema in the spec. */
  readonly pointer: string;
}

export interface Doc {
  readonly description?: string;
  readonly deprecated?: boolean;
  readonly readOnly?: boolean;
  readonly writeOnly?: boolean;
}

interface DeclBase {
  /** The TypeScript name, unique across the whole output. */
  readonly name: string;
  /** The module (output file, without extension) this declaration lives in. */
  readonly module: string;
  /** Pointer of the schema this declaration comes from. */
  readonly pointer: string;
  readonly doc: Doc;
}

export interface ObjectDecl extends DeclBase {
  readonly kind: "object";
  readonly properties: readonly Property[];
  /**
   * Extra keys: `false` forbids them (`additionalProperties: false`), `true` allows anything
   * (the default; Stripe adds fields), a type constrains their values.
   */
  readonly additional: boolean | TypeExpr;
  /** `patternProperties`: keys matching a pattern (and declared by no property) take that type; they are not extra keys. */
  readonly patterns?: readonly (readonly [string, TypeExpr])[];
  /** The schema also admits `null` (3.0 `nullable: true`, 3.1 `type: [object, null]`): refs to it are `X | null`. */
  readonly nullable?: boolean;
  /** Validation keywords on the object as a whole (`minProperties`, `not`, ...). */
  readonly rules?: readonly Rule[];
  /**
   * The object is one part of an intersection (beside `anyOf`/`oneOf` members, or an `allOf`
   * that could not be merged): the value's other keys belong to the other parts, so
   * `strictObjects` cannot reject them here.
   */
  readonly part?: boolean;
}

export interface EnumMember {
  /** Readable key, a valid identifier, unique within the enum. */
  readonly key: string;
  /** The exact wire value. */
  readonly value: string;
}

export interface EnumDecl extends DeclBase {
  readonly kind: "enum";
  readonly members: readonly EnumMember[];
  /** Open enums admit unknown string values in their type and guard. */
  readonly open: boolean;
  /** `x-stripeBypassValidation`: Stripe says the set is known to be incomplete. */
  readonly incomplete: boolean;
}

export interface AliasDecl extends DeclBase {
  readonly kind: "alias";
  readonly type: TypeExpr;
}

export type Decl = ObjectDecl | EnumDecl | AliasDecl;

/** One output module: one component schema and the inline declarations hoisted out of it. */
export interface Module {
  /** Module file stem, e.g. `identity.verification_session`. Unique case-insensitively. */
  readonly file: string;
  /** The component schema id. */
  readonly schemaId: string;
  /** The declaration named after the schema; always `decls[0]`. */
  readonly main: Decl;
  /** All declarations of the module, main first, then hoisted ones in spec order. */
  readonly decls: readonly Decl[];
}

export interface Model {
  readonly modules: readonly Module[];
  /** Declaration name → declaration, over all modules. */
  readonly decls: ReadonlyMap<string, Decl>;
  /**
   * Declarations of components that sit on a reference cycle (all of such a component's
   * declarations, its hoisted enums included: a superset of those that can reach themselves).
   */
  readonly recursive: ReadonlySet<string>;
  readonly enums: "open" | "closed";
  readonly spec: SpecInfo;
  /** Constructs not implemented (or implemented approximately), each at its pointer: the CLI prints them. */
  readonly warnings: readonly Problem[];
}

export interface SpecInfo {
  readonly title: string;
  readonly version: string;
  readonly sha256: string;
  /** The spec file as the user named it (relative paths kept relative). */
  readonly source: string;
}
