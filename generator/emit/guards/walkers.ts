/**
 * Shared walkers: the array and record walkers whose items are leaves (strings, numbers,
 * booleans, open enums, and arrays/records of those) do not depend on any declaration, so they
 * are emitted once for the whole output in `internal/walkers.ts` and named after what they check
 * (`validRecordOfStringMax500`: an object whose values are strings of at most 500 code points,
 * Stripe's `metadata`), instead of once per parent declaration as `check<Parent>_<n>`.
 *
 * Naming rule (`walkerName`): a fixed vocabulary, one token per construct (`LEAF_TOKENS` and
 * `ArrayOf`/`RecordOf`), so a name spells its structure and parses back to exactly one
 * structure: two walkers share a name only when their checks and issues are the same. The
 * check is `valid<Name>(v)` and the issue collector `report<Name>(v, p, out)`; `valid`/`report`
 * followed by `ArrayOf`/`RecordOf` can spell neither a declaration's guard (`is`, `check`, …
 * followed by its name) nor a runtime helper (`report`, `reportEnum`).
 *
 * Shared walkers take no depth (leaves do not recurse). They take the memo only as an optional
 * last argument, which declarations on a reference cycle pass (see `GuardScope.walkerCall`):
 * then the walk counts its items as steps and its verdict is remembered per value, as a local
 * walker's would be, so a leaf array shared by many parents is still walked once.
 *
 * Record walkers are the exception: each file that needs one keeps its own copy, under the same
 * structural name, not exported (`isLocalWalker`). A record walker's `for…in` learns the shapes
 * of the objects it walks; one copy shared by every caller sees every caller's `metadata` shapes
 * and goes megamorphic. Measured with bench/guards-only.ts on a quiet machine, back to back
 * (ratio to ajv, two runs each): one shared `validRecordOfStringMax500` made
 * isIdentityVerificationSession 3.03x/3.54x against 3.69x/4.16x with a copy per caller
 * (~15–20% slower), isCheckoutSession 5.21x/5.02x against 5.81x/5.28x. Array walkers over
 * leaves (elements kinds, no shapes) stay shared.
 */
import { CHECKED_FORMATS, type Decl, type TypeExpr } from "../../model/types.ts";

/** The structural token of each leaf, or undefined when the leaf is not shared (bounds, patterns, formats). */
export const LEAF_TOKENS: Readonly<Record<string, (t: TypeExpr, decl: (name: string) => Decl) => string | undefined>> = {
  // maxLength is part of the name; minLength, pattern and a checked format are not shared.
  // A format the runtime never checks (Stripe's `decimal`) changes neither the test nor the text.
  string: (t) => (t.kind === "string" && t.minLength === undefined && t.pattern === undefined && (t.format === undefined || !CHECKED_FORMATS.has(t.format)) ? `String${t.maxLength !== undefined ? `Max${t.maxLength}` : ""}` : undefined),
  number: (t) => (t.kind === "number" && t.minimum === undefined && t.maximum === undefined && t.exclusiveMinimum === undefined && t.exclusiveMaximum === undefined ? (t.integer ? "Integer" : "Number") : undefined),
  // The same test as Integer, another `expected` text.
  timestamp: () => "UnixTime",
  boolean: () => "Boolean",
  // An open enum is checked (and described) as any string; a closed one needs its module's `is`.
  ref: (t, decl) => {
    if (t.kind !== "ref") return undefined;
    const target = decl(t.name);
    return target.kind === "enum" && target.open ? "String" : undefined;
  },
};

/** The constructors a walker name is made of. */
export const WALKER_TOKENS = { array: "ArrayOf", record: "RecordOf" } as const;

/** Prefixes of a shared walker's two functions. */
export const WALKER_PREFIX = { check: "valid", collect: "report" } as const;

/**
 * The structural name of a shared walker over `t`, or undefined when `t` gets no shared walker:
 * an array (no length bounds, no tuple prefix) or record whose items are a leaf or another
 * shared walker. `decl` looks up a ref's declaration.
 */
export function walkerName(t: TypeExpr, decl: (name: string) => Decl): string | undefined {
  if (t.kind === "array") {
    if (t.prefix !== undefined || t.minItems !== undefined || t.maxItems !== undefined) return undefined;
    const item = itemName(t.items, decl);
    return item === undefined ? undefined : WALKER_TOKENS.array + item;
  }
  if (t.kind === "record") {
    const item = itemName(t.values, decl);
    return item === undefined ? undefined : WALKER_TOKENS.record + item;
  }
  return undefined;
}

function itemName(t: TypeExpr, decl: (name: string) => Decl): string | undefined {
  if (t.kind === "array" || t.kind === "record") {
    // Items of unknown type need no walker (`Array.isArray`/`record` inline): not shared either.
    if ((t.kind === "array" ? t.items : t.values).kind === "unknown") return undefined;
    return walkerName(t, decl);
  }
  return LEAF_TOKENS[t.kind]?.(t, decl);
}

/** Whether the walker `name` is copied into each file that calls it rather than shared (see above). */
export function isLocalWalker(name: string): boolean {
  return name.startsWith(WALKER_TOKENS.record);
}

/** Every shared walker type met anywhere in `decls` (nested ones too), by name. */
export function sharedWalkers(decls: Iterable<Decl>, decl: (name: string) => Decl): Map<string, TypeExpr> {
  const found = new Map<string, TypeExpr>();
  const visit = (t: TypeExpr): void => {
    const name = walkerName(t, decl);
    if (name !== undefined && !found.has(name)) found.set(name, t);
    for (const child of children(t)) visit(child);
  };
  for (const d of decls) {
    if (d.kind === "alias") visit(d.type);
    if (d.kind !== "object") continue;
    for (const p of d.properties) visit(p.type);
    if (typeof d.additional === "object") visit(d.additional);
    for (const [, t] of d.patterns ?? []) visit(t);
    for (const r of d.rules ?? []) for (const t of ruleTypes(r)) visit(t);
  }
  return found;
}

function children(t: TypeExpr): TypeExpr[] {
  switch (t.kind) {
    case "array":
      return [...(t.prefix ?? []), t.items];
    case "record":
      return [t.values];
    case "union":
    case "intersection":
      return [...t.members];
    case "expandable":
      return [t.target];
    case "refine":
      return [t.base, ...t.rules.flatMap(ruleTypes)];
    default:
      return [];
  }
}

function ruleTypes(r: Extract<TypeExpr, { kind: "refine" }>["rules"][number]): TypeExpr[] {
  switch (r.rule) {
    case "not":
    case "contains":
    case "propertyNames":
      return [r.type];
    case "if":
      return [r.if, ...(r.then ? [r.then] : []), ...(r.else ? [r.else] : [])];
    case "dependentSchemas":
      return r.map.map(([, t]) => t);
    default:
      return [];
  }
}
