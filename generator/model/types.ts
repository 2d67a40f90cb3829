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

/** A type expression. Named things (objects, enums, aliases) are referenced by declaration name. */
export type TypeExpr =
  | { readonly kind: "unknown" }
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
  /** A literal, e.g. the single-value `object` enum of a resource. Always closed. */
  | { readonly kind: "literal"; readonly value: string | number | boolean }
  /** A reference to a declaration (object, enum or alias), possibly in another module. */
  | { readonly kind: "ref"; readonly name: string }
  | { readonly kind: "array"; readonly items: TypeExpr; readonly maxItems?: number; readonly minItems?: number }
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
      readonly discriminator?: { readonly property: string; readonly map: readonly (readonly [string, string])[] };
    }
  /** `allOf`. */
  | { readonly kind: "intersection"; readonly members: readonly TypeExpr[] }
  /** Stripe's expandable field: the id string, or the expanded object (`target`). */
  | { readonly kind: "expandable"; readonly target: TypeExpr; /** Constraints on the id string (guards enforce them). */ readonly id?: StringConstraints };

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
}

export interface SpecInfo {
  readonly title: string;
  readonly version: string;
  readonly sha256: string;
  /** The spec file as the user named it (relative paths kept relative). */
  readonly source: string;
}
