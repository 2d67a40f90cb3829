/**
 * Test support: valid samples and single-point invalid mutants for any declaration of the
 * intermediate model, for property and differential tests of the generated guards.
 *
 * - `arbitraryFor(model, name)` is a fast-check arbitrary of VALID JSON values for a declaration.
 *   Past `maxDepth` nested objects it switches to "minimal" generation (optional properties
 *   omitted, expandables as ids, the shallowest union member, empty arrays and records), which
 *   terminates because every choice strictly lowers the precomputed minimal height.
 * - `conforms(model, expr, value)` is an independent, deliberately plain reference checker over
 *   the model (no depth cap), used to make sure every mutant really is invalid.
 * - `mutants(model, name, sample)` lists single-point mutants, each with the RFC 6901 pointer of
 *   the spot it changed, its kind, and the pointers a guard may report it at (see `Mutant`).
 */
import fc from "fast-check";
import type { Decl, Model, ObjectDecl, TypeExpr } from "../../generator/model/types.ts";

export interface SampleOptions {
  /** Object nesting depth after which generation turns minimal. Default 3. */
  readonly maxDepth?: number;
  /** Open enums: relative weight of unknown strings against listed values (4). Default 1. */
  readonly unknownEnumWeight?: number;
  /** Occasionally add undeclared properties to objects that admit them. Default true. */
  readonly extraProperties?: boolean;
}

/** Strings whose `pattern` we sample with `fc.stringMatching` (all five in the pinned spec). */
export const SAMPLED_PATTERNS = [
  "^/v1/file_links",
  "^/v1/financial_connections/accounts",
  "^/v1/tax/calculations/[^/]+/line_items",
  "^/v1/tax/transactions/[^/]+/line_items",
  "^/v1/treasury/transaction_entries",
] as const;

/** Keys that trip naive guards (`in`, `obj[k]`, prototype lookups) or pointer escaping. */
export const TRICKY_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "a/b", "~0", "~1x", "a~b/c", ""] as const;

/** Code-point length, as JSON Schema counts `maxLength`. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** RFC 6901 pointer step. */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => "/" + escapeToken(t)).join("");
}

/** Sets an own, enumerable data property even for `__proto__` (plain assignment would not). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** FNV-1a: a stable seed per schema, so each schema's samples don't depend on test order. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * `JSON.parse` of `object` with `extra` keys written first: how a payload carrying `__proto__`,
 * `constructor` or `toString` keys really arrives (own properties, ordinary prototype).
 */
export function parseWithKeys(object: object, extra: readonly (readonly [string, unknown])[]): unknown {
  const parts = extra.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  for (const [k, v] of Object.entries(object)) if (!extra.some(([e]) => e === k)) parts.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return JSON.parse(`{${parts.join(",")}}`);
}

/** The constraints on an expandable's id string (`anyOf: [{ type: string, maxLength }, ...]`). */
export function idConstraints(e: Extract<TypeExpr, { kind: "expandable" }>): Omit<Extract<TypeExpr, { kind: "string" }>, "kind"> {
  const id = (e as { readonly id?: Omit<Extract<TypeExpr, { kind: "string" }>, "kind"> }).id;
  return id ?? {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function declOf(model: Model, name: string): Decl {
  const decl = model.decls.get(name);
  if (!decl) throw new Error(`no declaration named ${name}`);
  return decl;
}

// ---------------------------------------------------------------------------------------------
// Minimal heights: how deep a value must at least nest. Objects cost 1 plus their deepest
// required property; everything that can be a leaf (null, id string, empty array/record) is 0.

const heightCache = new WeakMap<Model, Map<string, number>>();

function heights(model: Model): Map<string, number> {
  let h = heightCache.get(model);
  if (h) return h;
  h = new Map<string, number>();
  for (const name of model.decls.keys()) h.set(name, Infinity);
  const table = h;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, decl] of model.decls) {
      const value = declHeight(decl, table);
      if (value < (table.get(name) as number)) {
        table.set(name, value);
        changed = true;
      }
    }
  }
  heightCache.set(model, h);
  return h;
}

function declHeight(decl: Decl, table: Map<string, number>): number {
  switch (decl.kind) {
    case "enum":
      return 0;
    case "alias":
      return exprHeight(decl.type, table);
    case "object": {
      let max = 0;
      for (const p of decl.properties) if (p.required) max = Math.max(max, exprHeight(p.type, table));
      return 1 + max;
    }
  }
}

function exprHeight(e: TypeExpr, table: Map<string, number>): number {
  switch (e.kind) {
    case "ref":
      return table.get(e.name) ?? Infinity;
    case "array":
      return (e.minItems ?? 0) > 0 ? 1 + exprHeight(e.items, table) : 0;
    case "union":
      return Math.min(...e.members.map((m) => exprHeight(m, table)));
    case "intersection":
      return Math.max(...e.members.map((m) => exprHeight(m, table)));
    default:
      return 0; // leaves, records (empty), expandables (id string)
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const arbCache = new WeakMap<Model, Map<string, fc.Arbitrary<unknown>>>();

/**
 * Valid JSON values for declaration `declName`. Values are plain JSON (ordinary prototypes, own
 * `__proto__` keys where generated, as `JSON.parse` would create them); no -0, NaN or undefined.
 */
export function arbitraryFor(model: Model, declName: string, options: SampleOptions = {}): fc.Arbitrary<unknown> {
  const opts = { maxDepth: options.maxDepth ?? 3, unknownEnumWeight: options.unknownEnumWeight ?? 1, extraProperties: options.extraProperties ?? true };
  let cache = arbCache.get(model);
  if (!cache) arbCache.set(model, (cache = new Map()));
  const gen = new Generator(model, opts, cache);
  return gen.decl(declName, 0).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
}

/** A few reproducible valid samples. */
export function samplesFor(model: Model, declName: string, count: number, seed: number, options: SampleOptions = {}): unknown[] {
  return fc.sample(arbitraryFor(model, declName, options), { seed, numRuns: count });
}

const ID_STRING = fc.oneof(
  fc.stringMatching(/^[a-z]{2,5}_[A-Za-z0-9]{8,24}$/),
  fc.string({ unit: "binary", maxLength: 12 }),
);
const DECIMAL = fc.tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.nat(999_999)).map(([i, f]) => `${i}.${f}`);
const EXTRA_KEYS = fc.oneof(fc.constantFrom(...TRICKY_KEYS, "future_field"), fc.string({ maxLength: 8 }));

class Generator {
  constructor(
    readonly model: Model,
    readonly opts: Required<SampleOptions>,
    readonly cache: Map<string, fc.Arbitrary<unknown>>,
  ) {}

  /** `depth` = objects entered so far; `Infinity` = minimal mode. */
  decl(name: string, depth: number): fc.Arbitrary<unknown> {
    const minimal = depth > this.opts.maxDepth;
    const key = `${minimal ? "min" : depth}|${this.opts.maxDepth}|${this.opts.unknownEnumWeight}|${this.opts.extraProperties}|${name}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    // Placeholder breaks cycles within one depth level (aliases referencing themselves).
    let built: fc.Arbitrary<unknown> | undefined;
    this.cache.set(
      key,
      fc.constant(null).chain(() => built as fc.Arbitrary<unknown>),
    );
    built = this.build(declOf(this.model, name), minimal ? Infinity : depth);
    this.cache.set(key, built);
    return built;
  }

  build(decl: Decl, depth: number): fc.Arbitrary<unknown> {
    switch (decl.kind) {
      case "enum": {
        const listed = fc.constantFrom(...decl.members.map((m) => m.value));
        if (!decl.open) return listed;
        const values = new Set(decl.members.map((m) => m.value));
        const unknown = fc.oneof(fc.constantFrom("added_later", "UNKNOWN", ""), fc.string({ unit: "binary", maxLength: 10 })).filter((s) => !values.has(s));
        return fc.oneof({ arbitrary: listed, weight: 4 }, { arbitrary: unknown, weight: this.opts.unknownEnumWeight });
      }
      case "alias":
        return this.expr(decl.type, depth);
      case "object":
        return this.object(decl, depth);
    }
  }

  object(decl: ObjectDecl, depth: number): fc.Arbitrary<unknown> {
    const minimal = depth === Infinity;
    const next = minimal ? Infinity : depth + 1;
    const props = decl.properties.filter((p) => p.required || !minimal);
    const parts: fc.Arbitrary<[string, unknown] | undefined>[] = props.map((p) => {
      const value = this.expr(p.type, next).map((v) => [p.name, v] as [string, unknown]);
      return p.required ? value : fc.option(value, { nil: undefined, freq: 2 });
    });
    const declared = new Set(decl.properties.map((p) => p.name));
    let extras: fc.Arbitrary<[string, unknown][]> = fc.constant([]);
    if (!minimal && this.opts.extraProperties && decl.additional !== false) {
      const values = decl.additional === true ? fc.jsonValue({ maxDepth: 1 }) : this.expr(decl.additional, next);
      extras = fc.oneof(
        { arbitrary: fc.constant([] as [string, unknown][]), weight: 4 },
        { arbitrary: fc.array(fc.tuple(EXTRA_KEYS.filter((k) => !declared.has(k)), values), { maxLength: 2 }), weight: 1 },
      );
    }
    return fc.tuple(fc.tuple(...parts), extras).map(([entries, more]) => {
      const out: Record<string, unknown> = {};
      for (const e of entries) if (e) setOwn(out, e[0], e[1]);
      for (const [k, v] of more) setOwn(out, k, v);
      return out;
    });
  }

  expr(e: TypeExpr, depth: number): fc.Arbitrary<unknown> {
    const minimal = depth === Infinity;
    switch (e.kind) {
      case "unknown":
        return minimal ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
      case "never":
      case "refine":
        // Not in the Stripe spec these samplers serve; the construct tables cover them (test/constructs.test.ts).
        throw new Error(`samples: no sampler for ${e.kind}`);
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "literal":
        return fc.constant(e.value);
      case "timestamp":
        return fc.oneof({ arbitrary: fc.integer({ min: 0, max: 4_102_444_800 }), weight: 4 }, fc.maxSafeInteger(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER));
      case "number":
        return numberArb(e);
      case "string":
        return stringArb(e);
      case "ref":
        return this.decl(e.name, depth);
      case "array": {
        const min = e.minItems ?? 0;
        if (minimal) return fc.array(this.expr(e.items, depth), { minLength: min, maxLength: min });
        return fc.array(this.expr(e.items, depth), { minLength: min, maxLength: Math.max(min, Math.min(e.maxItems ?? 3, 3)) });
      }
      case "record": {
        if (minimal) return fc.constant({});
        const keys = fc.oneof({ arbitrary: fc.string({ maxLength: 10 }), weight: 3 }, fc.constantFrom(...TRICKY_KEYS));
        return fc.uniqueArray(fc.tuple(keys, this.expr(e.values, depth)), { maxLength: 3, selector: ([k]) => k }).map((entries) => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of entries) setOwn(out, k, v);
          return out;
        });
      }
      case "expandable": {
        const c = idConstraints(e);
        const id = c.maxLength === undefined && c.minLength === undefined && c.pattern === undefined ? ID_STRING : stringArb({ kind: "string", ...c });
        return minimal ? id : fc.oneof(id, this.expr(e.target, depth));
      }
      case "union": {
        let members = e.members;
        if (minimal) {
          const table = heights(this.model);
          const hs = members.map((m) => exprHeight(m, table));
          const least = Math.min(...hs);
          members = members.filter((_, i) => hs[i] === least);
        }
        if (e.exclusive) {
          // oneOf: keep only values matching exactly one member.
          const all = e.members;
          return fc.oneof(...members.map((m) => this.expr(m, depth))).filter((v) => all.filter((m) => conforms(this.model, m, v)).length === 1);
        }
        return fc.oneof(...members.map((m) => this.expr(m, depth)));
      }
      case "intersection":
        throw new Error("samples: intersections (allOf) are not supported (none in the pinned spec)");
    }
  }
}

function numberArb(e: Extract<TypeExpr, { kind: "number" }>): fc.Arbitrary<unknown> {
  const lo = e.minimum ?? (e.exclusiveMinimum !== undefined ? e.exclusiveMinimum : undefined);
  const hi = e.maximum ?? (e.exclusiveMaximum !== undefined ? e.exclusiveMaximum : undefined);
  const ok = (n: number): boolean =>
    (e.minimum === undefined || n >= e.minimum) &&
    (e.maximum === undefined || n <= e.maximum) &&
    (e.exclusiveMinimum === undefined || n > e.exclusiveMinimum) &&
    (e.exclusiveMaximum === undefined || n < e.exclusiveMaximum);
  if (e.integer) {
    const min = lo === undefined ? Number.MIN_SAFE_INTEGER : Math.ceil(lo);
    const max = hi === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(hi);
    const small = fc.integer({ min: Math.max(min, -1000), max: Math.min(max, 100_000) });
    return fc.oneof({ arbitrary: small, weight: 3 }, fc.integer({ min, max }), fc.constantFrom(min, max)).filter(ok);
  }
  const d = fc.double({ noNaN: true, noDefaultInfinity: true, min: lo ?? -1e12, max: hi ?? 1e12 }).filter((n) => !Object.is(n, -0));
  return fc.oneof(d, fc.integer({ min: -1000, max: 1000 })).filter(ok);
}

function stringArb(e: Extract<TypeExpr, { kind: "string" }>): fc.Arbitrary<unknown> {
  const min = e.minLength ?? 0;
  const max = e.maxLength;
  const fits = (s: string): boolean => {
    const n = codePoints(s);
    return n >= min && (max === undefined || n <= max);
  };
  if (e.pattern !== undefined) {
    if (!(SAMPLED_PATTERNS as readonly string[]).includes(e.pattern)) {
      throw new Error(`samples: no sampler for pattern ${JSON.stringify(e.pattern)}`);
    }
    return fc.stringMatching(new RegExp(e.pattern, "u")).filter(fits);
  }
  if (e.format === "decimal") return DECIMAL.filter(fits);
  const cap = max ?? 40;
  const plain = fc.string({ unit: "grapheme-ascii", minLength: min, maxLength: Math.min(cap, Math.max(min, 20)) });
  const astral = fc.string({ unit: "binary", minLength: min, maxLength: Math.min(cap, Math.max(min, 12)) });
  const arbs: fc.Arbitrary<string>[] = [plain, plain, astral];
  if (max !== undefined) {
    // At the limit, in code points, with astral characters (2 UTF-16 units each): a guard that
    // counts `.length` rejects these.
    arbs.push(fc.constantFrom("😀", "𝄞", "a", "é").map((c) => c.repeat(Math.max(max, min))));
  }
  return fc.oneof(...arbs).filter(fits);
}

// ---------------------------------------------------------------------------------------------
// Reference checker

export interface ConformsOptions {
  /**
   * Accept any finite integral number where the model says integer/timestamp, as JSON Schema
   * (and ajv) do, instead of only safe integers (|n| <= 2^53 - 1) as the guards do.
   */
  readonly anyInteger?: boolean;
}

/** Does `value` belong to type `e`? Plain recursive checker over the model, no depth cap. */
export function conforms(model: Model, e: TypeExpr, value: unknown, options: ConformsOptions = {}): boolean {
  const integer = options.anyInteger ? (v: unknown): boolean => Number.isInteger(v) : Number.isSafeInteger;
  const conforms_ = (e2: TypeExpr, v: unknown): boolean => conforms(model, e2, v, options);
  switch (e.kind) {
    case "unknown":
      return value !== undefined;
    case "never":
      return false;
    case "refine":
      throw new Error("conforms: refine is not in the Stripe spec (see test/constructs.test.ts)");
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "literal":
      return value === e.value;
    case "timestamp":
      return integer(value);
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return false;
      if (e.integer && !integer(value)) return false;
      if (e.minimum !== undefined && value < e.minimum) return false;
      if (e.maximum !== undefined && value > e.maximum) return false;
      if (e.exclusiveMinimum !== undefined && value <= e.exclusiveMinimum) return false;
      if (e.exclusiveMaximum !== undefined && value >= e.exclusiveMaximum) return false;
      return true;
    }
    case "string": {
      if (typeof value !== "string") return false;
      const n = codePoints(value);
      if (e.maxLength !== undefined && n > e.maxLength) return false;
      if (e.minLength !== undefined && n < e.minLength) return false;
      if (e.pattern !== undefined && !new RegExp(e.pattern, "u").test(value)) return false;
      return true;
    }
    case "ref":
      return declConforms(model, declOf(model, e.name), value, options);
    case "array":
      return (
        Array.isArray(value) &&
        (e.minItems === undefined || value.length >= e.minItems) &&
        (e.maxItems === undefined || value.length <= e.maxItems) &&
        value.every((v) => conforms_(e.items, v))
      );
    case "record":
      return isObject(value) && Object.keys(value).every((k) => conforms_(e.values, value[k]));
    case "union": {
      // Members that cannot match (wrong required literal, e.g. `object`) are ruled out before
      // the full check: trying every member in full is exponential in the nesting depth.
      const candidates = e.members.filter((m) => !ruledOut(model, m, value));
      if (e.exclusive) return candidates.filter((m) => conforms_(m, value)).length === 1;
      return candidates.some((m) => conforms_(m, value));
    }
    case "intersection":
      return e.members.every((m) => conforms_(m, value));
    case "expandable":
      return typeof value === "string" ? conforms_({ kind: "string", ...idConstraints(e) }, value) : conforms_(e.target, value);
  }
}

/** A cheap sufficient test that `value` is not a `member`: a required literal property differs. */
function ruledOut(model: Model, member: TypeExpr, value: unknown): boolean {
  if (member.kind !== "ref") return false;
  const d = declOf(model, member.name);
  if (d.kind !== "object") return false;
  if (!isObject(value)) return true;
  for (const p of d.properties) {
    if (p.required && p.type.kind === "literal" && (!Object.hasOwn(value, p.name) || value[p.name] !== p.type.value)) return true;
  }
  return false;
}

export function declConforms(model: Model, decl: Decl, value: unknown, options: ConformsOptions = {}): boolean {
  switch (decl.kind) {
    case "enum":
      return typeof value === "string" && (decl.open || decl.members.some((m) => m.value === value));
    case "alias":
      return conforms(model, decl.type, value, options);
    case "object": {
      if (!isObject(value)) return false;
      for (const p of decl.properties) {
        if (Object.hasOwn(value, p.name)) {
          if (!conforms(model, p.type, value[p.name], options)) return false;
        } else if (p.required) return false;
      }
      if (decl.additional === true) return true;
      const declared = new Set(decl.properties.map((p) => p.name));
      for (const k of Object.keys(value)) {
        if (declared.has(k)) continue;
        if (decl.additional === false || !conforms(model, decl.additional, value[k], options)) return false;
      }
      return true;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Mutants

export type MutantKind =
  | "wrong-type"
  | "null"
  | "missing-required"
  | "unknown-enum"
  | "wrong-literal"
  | "too-long"
  | "too-short"
  | "pattern"
  | "nan"
  | "infinity"
  | "fraction"
  | "unsafe-integer"
  | "out-of-range"
  | "array-for-object";

export interface Mutant {
  readonly kind: MutantKind;
  /** Pointer of the changed (or removed) member. */
  readonly path: string;
  readonly value: unknown;
  /** What now sits at `path` (`undefined` when removed). */
  readonly replacement: unknown;
  /**
   * Pointers at which a guard may report this mutant: `path` itself, plus the pointer of every
   * enclosing union or expandable value between the root and `path` whose member was chosen by
   * trial (a guard that tries members can only say "matches none"). Not accepted: ancestors that
   * are plain objects or arrays, and unions with a discriminator (the guard dispatches on it, so
   * it knows the member) — except when the mutation hits the discriminator property itself.
   */
  readonly accepted: readonly string[];
  /**
   * Pointers of the enclosing dispatched unions: each may carry the one issue that names the
   * union and the member its discriminator chose, beside the member's own issues (which must
   * still be at an `accepted` pointer).
   */
  readonly context: readonly string[];
}

interface Ancestor {
  readonly path: string;
  readonly discriminator?: string;
}

interface Spot {
  readonly tokens: readonly string[];
  /** The type at this position as declared (outermost), and the member chain the value matched. */
  readonly outer: TypeExpr;
  readonly chain: readonly TypeExpr[];
  readonly value: unknown;
  readonly ancestors: readonly Ancestor[];
}

/** JSON types a type admits (after resolving refs), for picking a wrong-type replacement. */
function jsonTypes(model: Model, e: TypeExpr, seen = new Set<string>()): Set<string> {
  const all = new Set(["string", "number", "boolean", "null", "array", "object"]);
  switch (e.kind) {
    case "unknown":
      return all;
    case "never":
      return new Set();
    case "refine":
      return jsonTypes(model, e.base, seen);
    case "null":
      return new Set(["null"]);
    case "boolean":
      return new Set(["boolean"]);
    case "string":
      return new Set(["string"]);
    case "number":
    case "timestamp":
      return new Set(["number"]);
    case "literal":
      return new Set([typeof e.value]);
    case "array":
      return new Set(["array"]);
    case "record":
      return new Set(["object"]);
    case "expandable":
      return new Set(["string", ...jsonTypes(model, e.target, seen)]);
    case "union":
    case "intersection": {
      const out = new Set<string>();
      for (const m of e.members) for (const t of jsonTypes(model, m, seen)) out.add(t);
      return out;
    }
    case "ref": {
      if (seen.has(e.name)) return new Set();
      seen.add(e.name);
      const d = declOf(model, e.name);
      if (d.kind === "enum") return new Set(["string"]);
      if (d.kind === "object") return new Set(["object"]);
      return jsonTypes(model, d.type, seen);
    }
  }
}

const WRONG_VALUES: Record<string, unknown> = { string: "42", number: 42, boolean: true, null: null, array: [], object: {} };
/** Preferred wrong type per admitted type: the confusions a sloppy guard lets through. */
const PREFERRED_WRONG: Record<string, string[]> = {
  string: ["number", "object", "boolean", "array", "null", "string"],
  number: ["string", "boolean", "array", "object", "null", "number"],
  boolean: ["string", "number", "null", "array", "object", "boolean"],
  object: ["array", "string", "number", "null", "boolean", "object"],
  array: ["object", "string", "number", "null", "boolean", "array"],
  null: ["object", "string", "number", "boolean", "array", "null"],
};

function jsonTypeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Resolves refs to aliases and returns the decl for a ref, if any. */
function refDecl(model: Model, e: TypeExpr): Decl | undefined {
  return e.kind === "ref" ? declOf(model, e.name) : undefined;
}

function collectSpots(model: Model, root: TypeExpr, value: unknown): Spot[] {
  const spots: Spot[] = [];
  const visit = (e: TypeExpr, v: unknown, tokens: string[], ancestors: Ancestor[], outer: TypeExpr | undefined, chain: TypeExpr[]): void => {
    const out = outer ?? e;
    const here = [...chain, e];
    const record = (): void => {
      spots.push({ tokens, outer: out, chain: here, value: v, ancestors });
    };
    switch (e.kind) {
      case "ref": {
        const d = declOf(model, e.name);
        if (d.kind === "alias") return visit(d.type, v, tokens, ancestors, out, here);
        record();
        if (d.kind === "object" && isObject(v)) {
          for (const p of d.properties) {
            if (!Object.hasOwn(v, p.name)) continue;
            visit(p.type, v[p.name], [...tokens, p.name], ancestors, undefined, []);
          }
          if (typeof d.additional === "object") {
            const declared = new Set(d.properties.map((p) => p.name));
            for (const k of Object.keys(v)) if (!declared.has(k)) visit(d.additional, v[k], [...tokens, k], ancestors, undefined, []);
          }
        }
        return;
      }
      case "union": {
        const m = e.members.find((x) => conforms(model, x, v));
        if (!m) throw new Error(`mutants: sample does not conform at ${pointer(tokens)}`);
        const here2: Ancestor = e.discriminator ? { path: pointer(tokens), discriminator: e.discriminator.property } : { path: pointer(tokens) };
        const nested = m.kind === "null" || m.kind === "literal" || m.kind === "string" || m.kind === "boolean" ? ancestors : [...ancestors, here2];
        return visit(m, v, tokens, nested, out, here);
      }
      case "expandable": {
        if (typeof v === "string") return record();
        return visit(e.target, v, tokens, [...ancestors, { path: pointer(tokens) }], out, here);
      }
      case "array":
        record();
        if (Array.isArray(v)) v.forEach((item, i) => visit(e.items, item, [...tokens, String(i)], ancestors, undefined, []));
        return;
      case "record":
        record();
        if (isObject(v)) for (const k of Object.keys(v)) visit(e.values, v[k], [...tokens, k], ancestors, undefined, []);
        return;
      default:
        return record();
    }
  };
  visit(root, value, [], [], undefined, []);
  return spots;
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(out, k, clone(v[k]));
    return out;
  }
  return v;
}

/** Replaces (or with `remove`, deletes) the member at `tokens` in a deep copy of `root`. */
function edit(root: unknown, tokens: readonly string[], replacement: unknown, remove = false): unknown {
  if (tokens.length === 0) return replacement;
  const copy = clone(root);
  let at = copy as Record<string, unknown>;
  for (const t of tokens.slice(0, -1)) at = at[t] as Record<string, unknown>;
  const last = tokens[tokens.length - 1] as string;
  if (remove) delete at[last];
  else if (Array.isArray(at)) at[Number(last)] = replacement;
  else setOwn(at, last, replacement);
  return copy;
}

export interface MutantOptions {
  /** Keep at most this many mutants of each kind (a deterministic, seeded spread). */
  readonly perKind?: number;
  readonly seed?: number;
}

interface Candidate {
  readonly kind: MutantKind;
  readonly tokens: readonly string[];
  readonly replacement: unknown;
  readonly remove: boolean;
  readonly ancestors: readonly Ancestor[];
}

/**
 * Single-point mutants of `sample` (a valid value of `declName`), each confirmed invalid by the
 * reference checker (a candidate that another union member accepts is dropped). Without
 * `perKind`, all of them; deterministic for a given sample and seed.
 */
export function mutants(model: Model, declName: string, sample: unknown, options: MutantOptions = {}): Mutant[] {
  const root: TypeExpr = { kind: "ref", name: declName };
  if (!conforms(model, root, sample)) throw new Error(`mutants: the sample is not a valid ${declName}`);
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const spot of collectSpots(model, root, sample)) {
    const add = (kind: MutantKind, replacement: unknown, tokens = spot.tokens, remove = false): void => {
      const key = `${kind}|${pointer(tokens)}`;
      if (seen.has(key)) return;
      seen.add(key);
      candidates.push({ kind, tokens, replacement, remove, ancestors: spot.ancestors });
    };
    const admitted = jsonTypes(model, spot.outer);
    const actual = jsonTypeOf(spot.value);
    for (const t of PREFERRED_WRONG[actual] ?? []) {
      if (!admitted.has(t)) {
        add("wrong-type", clone(WRONG_VALUES[t]));
        break;
      }
    }
    if (!admitted.has("null")) add("null", null);
    if (actual === "object" && !admitted.has("array") && isObject(spot.value)) add("array-for-object", Object.values(spot.value));
    const leaf = spot.chain[spot.chain.length - 1] as TypeExpr;
    const decl = refDecl(model, leaf);
    if (decl?.kind === "object" && isObject(spot.value)) {
      for (const p of decl.properties) {
        if (p.required && Object.hasOwn(spot.value, p.name)) add("missing-required", undefined, [...spot.tokens, p.name], true);
      }
    }
    if (decl?.kind === "enum" && !decl.open) add("unknown-enum", "__specguard_unknown_value__");
    if (leaf.kind === "literal") add("wrong-literal", typeof leaf.value === "string" ? leaf.value + "_x" : typeof leaf.value === "number" ? leaf.value + 1 : !leaf.value);
    if (leaf.kind === "expandable" && typeof spot.value === "string") {
      const c = idConstraints(leaf);
      if (c.maxLength !== undefined) add("too-long", "x".repeat(c.maxLength) + "😀");
    }
    if (leaf.kind === "string" && typeof spot.value === "string") {
      if (leaf.maxLength !== undefined) add("too-long", "x".repeat(leaf.maxLength) + "😀");
      if (leaf.minLength !== undefined && leaf.minLength > 0) add("too-short", "😀".repeat(leaf.minLength - 1));
      if (leaf.pattern !== undefined) add("pattern", "no/match");
    }
    if ((leaf.kind === "number" || leaf.kind === "timestamp") && typeof spot.value === "number") {
      add("nan", NaN);
      add("infinity", Infinity);
      if (leaf.kind === "timestamp" || leaf.integer) {
        add("fraction", 1.5);
        add("unsafe-integer", 2 ** 53);
      }
      if (leaf.kind === "number") {
        if (leaf.minimum !== undefined) add("out-of-range", leaf.minimum - 1);
        if (leaf.exclusiveMinimum !== undefined) add("out-of-range", leaf.exclusiveMinimum);
        if (leaf.maximum !== undefined) add("out-of-range", leaf.maximum + 1);
        if (leaf.exclusiveMaximum !== undefined) add("out-of-range", leaf.exclusiveMaximum);
      }
    }
  }
  const chosen = options.perKind === undefined ? candidates : pick(candidates, options.perKind, options.seed ?? 1);
  const out: Mutant[] = [];
  for (const c of chosen) {
    const value = edit(sample, c.tokens, c.replacement, c.remove);
    if (conforms(model, root, value)) continue; // another union member took it: not a mutant
    const p = pointer(c.tokens);
    const accepted = [p];
    const context: string[] = [];
    for (const a of c.ancestors) {
      if (a.path === p) continue;
      if (a.discriminator !== undefined && p !== `${a.path}/${escapeToken(a.discriminator)}`) {
        if (!context.includes(a.path)) context.push(a.path);
        continue;
      }
      if (!accepted.includes(a.path)) accepted.push(a.path);
    }
    out.push({ kind: c.kind, path: p, value, replacement: c.remove ? undefined : c.replacement, accepted, context });
  }
  return out;
}

/** At most `perKind` of each kind, spread over the list by a seeded xorshift. */
function pick<T extends { readonly kind: string }>(list: readonly T[], perKind: number, seed: number): T[] {
  const byKind = new Map<string, T[]>();
  for (const m of list) {
    const l = byKind.get(m.kind);
    if (l) l.push(m);
    else byKind.set(m.kind, [m]);
  }
  const out: T[] = [];
  let state = seed >>> 0 || 1;
  const rnd = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  for (const l of byKind.values()) {
    if (l.length <= perKind) {
      out.push(...l);
      continue;
    }
    const idx = new Set<number>();
    while (idx.size < perKind) idx.add(Math.floor(rnd() * l.length));
    for (const i of [...idx].sort((a, b) => a - b)) out.push(l[i] as T);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Deep nesting along a recursion of the model

export type RecursionStep = { readonly prop: string; readonly into?: string } | { readonly index: true; readonly into?: string };

export interface Recursion {
  /**
   * Property/index steps from a value of the declaration down to a nested value of it; `into`
   * names the object declaration a step enters (the last step enters the declaration itself).
   */
  readonly steps: readonly RecursionStep[];
}

/**
 * Finds a way for `declName` to contain itself: a chain of properties (through unions,
 * expandables and arrays) leading back to a value of the same declaration. Undefined if none.
 */
export function findRecursion(model: Model, declName: string): Recursion | undefined {
  const start = declOf(model, declName);
  if (start.kind !== "object") return undefined;
  const queue: { name: string; steps: RecursionStep[] }[] = [{ name: declName, steps: [] }];
  const visited = new Set<string>([declName]);
  while (queue.length > 0) {
    const { name, steps } = queue.shift()!;
    const d = declOf(model, name);
    if (d.kind !== "object") continue;
    for (const p of d.properties) {
      const targets: { name: string; indexes: number }[] = [];
      const walk = (e: TypeExpr, indexes: number): void => {
        switch (e.kind) {
          case "ref": {
            const t = declOf(model, e.name);
            if (t.kind === "alias") walk(t.type, indexes);
            else if (t.kind === "object") targets.push({ name: e.name, indexes });
            return;
          }
          case "union":
            e.members.forEach((m) => walk(m, indexes));
            return;
          case "expandable":
            walk(e.target, indexes);
            return;
          case "array":
            walk(e.items, indexes + 1);
            return;
          default:
            return;
        }
      };
      walk(p.type, 0);
      for (const t of targets) {
        const seg: RecursionStep[] = [{ prop: p.name }];
        for (let i = 0; i < t.indexes; i++) seg.push({ index: true });
        const last = seg.pop()!;
        const path = [...steps, ...seg, { ...last, into: t.name }];
        if (t.name === declName) return { steps: path };
        if (!visited.has(t.name)) {
          visited.add(t.name);
          queue.push({ name: t.name, steps: path });
        }
      }
    }
  }
  return undefined;
}

/**
 * Nests `levels` copies of a minimal valid `declName` along `recursion`, iteratively (so
 * 100,000 levels are cheap to build). Declarations entered on the way get minimal valid values
 * too, so the result is valid at any depth (as far as the schema goes).
 */
export function nestAlong(model: Model, declName: string, recursion: Recursion, levels: number, seed = 1): unknown {
  const minimal = new Map<string, unknown>();
  const minimalOf = (name: string): unknown => {
    if (!minimal.has(name)) minimal.set(name, fc.sample(arbitraryFor(model, name, { maxDepth: -1, extraProperties: false }), { seed, numRuns: 1 })[0]);
    return minimal.get(name);
  };
  // Only the spine (the objects and arrays on the recursion path) is copied per level; the
  // minimal values hanging off it are shared, which guards cannot tell from copies.
  const shallow = (v: unknown): unknown => (Array.isArray(v) ? [...v] : { ...(v as object) });
  let inner: unknown = clone(minimalOf(declName));
  for (let i = 0; i < levels; i++) {
    const outer = shallow(minimalOf(declName));
    let at: unknown = outer;
    const steps = recursion.steps;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s]!;
      const last = s === steps.length - 1;
      const next = last ? inner : step.into !== undefined ? shallow(minimalOf(step.into)) : [];
      if ("index" in step) (at as unknown[])[0] = next;
      else setOwn(at as Record<string, unknown>, step.prop, next);
      at = next;
    }
    inner = outer;
  }
  return inner;
}

/** Token paths of the expandable fields of `sample` that hold an id string. */
export function expandableIds(model: Model, declName: string, sample: unknown): string[][] {
  return collectSpots(model, { kind: "ref", name: declName }, sample)
    .filter((s) => typeof s.value === "string" && s.chain[s.chain.length - 1]?.kind === "expandable")
    .map((s) => [...s.tokens]);
}

/** `sample` (JSON values) with `replacement` at `tokens`, as a deep copy. */
export function replaced(sample: unknown, tokens: readonly string[], replacement: unknown): unknown {
  return edit(sample, tokens, replacement);
}
