/**
 * Per-declaration state of guard emission: the names it may use and the module-level helpers
 * (array/record/union walkers, compiled patterns) it has asked for, deduplicated.
 *
 * Naming: every guard name is a lowercase prefix + a declaration name. Declaration names are
 * unique and start with an uppercase letter or `_` + digit (model/naming.ts), so no two prefixes
 * can spell the same identifier, none can spell a type name, and module-local helpers add a
 * `_<n>` suffix that no declaration name contains.
 */
import { checkedExactlyOne, type Decl, type EnumDecl, type ObjectDecl, type TypeExpr } from "../../model/types.ts";
import type { ModuleContext } from "../context.ts";
import { isLocalWalker, WALKER_PREFIX, walkerName } from "./walkers.ts";

export const PREFIX = {
  is: "is",
  validate: "validate",
  assert: "assert",
  /** `(v, d) => boolean`: the boolean guard at nesting depth `d` (a closed enum's: `(v) => boolean`). */
  check: "check",
  /** `(v, path, d, out) => void`: pushes the issues that make `check` fail. */
  collect: "collect",
  /** A `Set` of a large closed enum's values. */
  known: "known",
  /** A compiled `pattern`. */
  pattern: "pattern",
  /** The `expected` text of a long closed enum (its allowed values). */
  expected: "expected",
  /** A JSON constant (`const`/`enum` object or array value). */
  json: "json",
} as const;

/** Longest `expected` text written inline at a call site; longer ones get a module-level constant. */
const MAX_INLINE_TEXT = 120;

export const guardName = (prefix: keyof typeof PREFIX, declName: string): string => PREFIX[prefix] + declName;

/** A union member dispatched on a literal property (`object` in Stripe). */
export interface Dispatch {
  readonly property: string;
  readonly map: readonly (readonly [string, string])[];
}

export class GuardScope {
  /** Module-level statements this declaration's guards need, in creation order. */
  readonly helpers: string[] = [];
  private readonly memo = new Map<string, string>();
  private count = 0;

  constructor(
    readonly ctx: ModuleContext,
    readonly decl: Decl,
    /** Whether calls to walkers pass the memo `m` (true inside walkers themselves). */
    private readonly memoAlways = false,
    /** Whether this scope writes internal/walkers.ts, where every walker it calls is defined. */
    private readonly walkerFile = false,
  ) {}

  get maxDepth(): number {
    return this.ctx.options.maxDepth;
  }

  get maxIssues(): number {
    return this.ctx.options.maxIssues;
  }

  get closed(): boolean {
    return this.ctx.model.enums === "closed";
  }

  /**
   * Whether a union is checked as "exactly one member" (`oneOf`). With closed enums every
   * `oneOf` is. With open enums, members whose values an open enum decides may overlap by design
   * (any string fits an open enum, so `{kind: "a"}` would fit two members told apart by their
   * kinds): a `oneOf` from whose members an open enum is reachable is checked like `anyOf`, and
   * every other is exact, as in closed mode.
   */
  exactlyOne(t: Extract<TypeExpr, { kind: "union" }>): boolean {
    // Each declaration on the way is looked up through the context, so the module cache re-emits
    // this module when any of them changes.
    return checkedExactlyOne(t, this.ctx.model.enums, (name) => this.target(name));
  }

  /**
   * A module-local helper for `key`, built once per declaration: `build(suffix)` returns its
   * statements given its name suffix (`<Decl>_<n>`).
   */
  helper(key: string, build: (suffix: string) => string[]): string {
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const suffix = `${this.decl.name}_${++this.count}`;
    this.memo.set(key, suffix);
    this.helpers.push(...build(suffix));
    return suffix;
  }

  /** A worker exported by the internal file of the module declaring `declName` (imported as the side needs, see context.ts). */
  use(prefix: keyof typeof PREFIX, declName: string): string {
    return this.ctx.useValue(declName, guardName(prefix, declName));
  }

  /**
   * A string expression for the `expected` text listing `values` (a closed enum's, or a
   * dispatch's tags), computed here once: `"a" | "b"`. Long lists become a module-level constant
   * (a string literal, so bundlers still drop the module when unused) to keep call sites legible.
   */
  allowed(values: readonly string[]): string {
    const text = values.map((v) => JSON.stringify(v)).join(" | ");
    // Single quotes spare the escaped double quotes when nothing else would need escaping.
    const literal = /^[^'\\\u0000-\u001f\u2028\u2029]*$/.test(text) ? `'${text}'` : JSON.stringify(text);
    if (literal.length <= MAX_INLINE_TEXT) return literal;
    return PREFIX.expected + this.helper(`expected:${literal}`, (suffix) => [`const ${PREFIX.expected}${suffix} = ${literal};`]);
  }

  /** The structural name of the shared walker over `t` (guards/walkers.ts), or undefined when `t` has a local one. */
  shared(t: TypeExpr): string | undefined {
    return walkerName(t, (name) => this.target(name));
  }

  /**
   * A call of a shared walker's check (`valid…(x)`) or collector (`report…(x, path, out)`),
   * recorded for the module's imports. Declarations on a reference cycle pass their memo, so a
   * shared array met through many parents is walked once (its items count as steps).
   */
  walkerCall(kind: keyof typeof WALKER_PREFIX, name: string, t: TypeExpr, args: string): string {
    const memo = this.memoAlways || this.ctx.model.recursive.has(this.decl.name) ? ", m" : "";
    if (!this.walkerFile && isLocalWalker(name)) {
      // A copy in this file (module.ts prints it once per file), same name, not exported.
      if (!this.ctx.localWalkers.has(name)) this.ctx.localWalkers.set(name, t);
      return `${WALKER_PREFIX[kind] + name}(${args}${memo})`;
    }
    return `${this.ctx.useWalker(WALKER_PREFIX[kind] + name)}(${args}${memo})`;
  }

  rt(name: string): string {
    return this.ctx.runtimeValue(name);
  }

  /** The declaration behind a ref. */
  target(name: string): Decl {
    return this.ctx.decl(name);
  }

  /**
   * How to dispatch a union without trial: the model's discriminator, or (for unions the model
   * leaves undiscriminated, e.g. nullable ones) the same rule applied to the object-ref members.
   */
  dispatch(t: Extract<TypeExpr, { kind: "union" }>): Dispatch | undefined {
    const found = t.discriminator ?? this.objectDispatch(t);
    // Null carries no tag: the dispatch lets it through when a member admits it. A oneOf (checked
    // as such: exactlyOne) where two members admit null rejects it, which only trying
    // every member says: `oneOf: [NullableA, NullableB]` is not nullable.
    if (found && this.exactlyOne(t) && this.nullAlternatives(t, found) > 1) return undefined;
    return found;
  }

  /** How many alternatives of `t` null matches: its `null` members and the nullable objects the dispatch names. */
  private nullAlternatives(t: Extract<TypeExpr, { kind: "union" }>, d: Dispatch): number {
    const nullable = new Set(d.map.map(([, name]) => name).filter((name) => {
      const target = this.target(name);
      return target.kind === "object" && target.nullable === true;
    }));
    return t.members.filter((m) => m.kind === "null").length + nullable.size;
  }

  private objectDispatch(t: Extract<TypeExpr, { kind: "union" }>): Dispatch | undefined {
    const refs = t.members.filter((m) => m.kind === "ref" && this.target(m.name).kind === "object");
    if (refs.length < 2 || t.members.some((m) => m.kind !== "null" && !refs.includes(m))) return undefined;
    const map: [string, string][] = [];
    for (const m of refs) {
      const literal = objectLiteral(this.target((m as { name: string }).name) as ObjectDecl);
      if (literal === undefined || map.some(([v]) => v === literal)) return undefined;
      map.push([literal, (m as { name: string }).name]);
    }
    return { property: "object", map };
  }
}

/** The required string literal of an object's `object` property, when it has one. */
function objectLiteral(decl: ObjectDecl): string | undefined {
  const p = decl.properties.find((q) => q.name === "object");
  return p?.required && p.type.kind === "literal" && typeof p.type.value === "string" ? p.type.value : undefined;
}

/**
 * Keys of `Object.prototype` (ECMAScript's, Annex B's included): reading them finds inherited
 * values even on plain objects. Spelled out, not read from the generating engine, so the output
 * does not depend on it; a test checks the list against Node's.
 */
export const PROTO_KEYS: ReadonlySet<string> = new Set([
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf",
]);

/** JSON Pointer escaping (RFC 6901) of one key. */
export function escapeKey(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

/**
 * A property read `o["key"]`. Always bracketed: the guards read from `Record<string, unknown>`,
 * and users compile with `noPropertyAccessFromIndexSignature`, which rejects `o.key` there.
 */
export function access(o: string, key: string): string {
  return `${o}[${JSON.stringify(key)}]`;
}

/**
 * A helper whose body never reads the depth `d` (a walker over leaves), the memo `m` (a check
 * that is always false), the path `p` (a collector with nothing to report) or the value `v` (a
 * guard of `{}` or of `false`) names it `_d`/`_m`/`_p`/`_v`, so the output compiles under
 * `noUnusedParameters`. String literals are ignored when looking.
 */
export function markUnusedParams(fn: string): string {
  const open = fn.indexOf("{\n");
  const body = fn.slice(open).replace(/"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');
  let head = fn.slice(0, open);
  if (!/\bd\b/.test(body)) head = head.replace(/\bd: number/, "_d: number");
  if (!/\bm\b/.test(body)) head = head.replace(/\bm(\??): /, "_m$1: ");
  if (!/\bp\b/.test(body)) head = head.replace(/\bp: string/, "_p: string");
  if (!/\bfast\b/.test(body)) head = head.replace(/\bfast: boolean/, "_fast: boolean");
  // A guard that proves everything or nothing reads no value (its type predicate names it).
  if (!/\bv\b/.test(body)) head = head.replace(/\(v: unknown/, "(_v: unknown").replace(/\): v is /, "): _v is ");
  return head + fn.slice(open);
}

/** `d`, `d + 1`, …: the depth expression `k` levels below the current value. */
export function depth(k: number): string {
  return k === 0 ? "d" : `d + ${k}`;
}

export function isEnum(decl: Decl): decl is EnumDecl {
  return decl.kind === "enum";
}
