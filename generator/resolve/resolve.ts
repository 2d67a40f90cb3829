/**
 * Stage 2, resolve: index the component schemas, check every local `$ref` reachable from the
 * selection, compute the selection's transitive closure and which components sit on a cycle.
 * Nothing is inlined: the model refers to components by id, so cycles cost nothing here.
 */
import { nearest } from "../suggest.ts";
import { Problems } from "../errors.ts";
import type { LoadedSpec } from "../load/load.ts";
import * as ptr from "../pointer.ts";

export type Schema = Record<string, unknown>;

export interface ResolvedSpec {
  readonly loaded: LoadedSpec;
  /** Every component schema, in spec order. */
  readonly schemas: ReadonlyMap<string, Schema>;
  /** The ids to emit: the selection and everything it references, in ordinal order. */
  readonly selected: readonly string[];
  /** Component ids that can reach themselves. */
  readonly recursive: ReadonlySet<string>;
}

/** Where a `$ref` points. */
export type RefTarget =
  | { readonly kind: "component"; readonly id: string }
  | { readonly kind: "inline"; readonly pointer: string; readonly schema: Schema };

const COMPONENT_PREFIX = "#/components/schemas/";

/**
 * `$ref`s into inline schemas (`#/components/schemas/a/properties/b`) are followed in place, so a
 * chain of them nests every stage's recursion however flat the document is: bounded like the
 * document's own nesting (load/checks.ts).
 */
const MAX_INLINE_REF_CHAIN = 200;

/** Keywords whose values are schemas, lists of schemas, or maps of schemas. */
const SUBSCHEMA_ONE = ["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"] as const;
const SUBSCHEMA_LIST = ["anyOf", "oneOf", "allOf", "prefixItems"] as const;
const SUBSCHEMA_MAP = ["properties", "patternProperties", "$defs", "definitions"] as const;

/** Decodes a `$ref` string against the document. `undefined` when it does not resolve. */
export function lookupRef(doc: Record<string, unknown>, ref: string): RefTarget | undefined {
  if (ref.startsWith(COMPONENT_PREFIX)) {
    const rest = ref.slice(COMPONENT_PREFIX.length);
    if (!rest.includes("/")) {
      const id = ptr.unescapeToken(decodeURIComponent(rest));
      const schemas = ptr.get(doc, ["components", "schemas"]) as Record<string, unknown> | undefined;
      if (schemas && Object.hasOwn(schemas, id)) return { kind: "component", id };
      return undefined;
    }
  }
  if (!ref.startsWith("#")) return undefined;
  let tokens: string[];
  try {
    tokens = ptr.parse(ref);
  } catch {
    return undefined;
  }
  const schema = ptr.get(doc, tokens);
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return undefined;
  return { kind: "inline", pointer: ptr.join("", ...tokens), schema: schema as Schema };
}

/**
 * Why a local `$ref` may point at nothing although its author meant something: a plain-name
 * fragment names an `$anchor`, and a schema with an `$id` above the `$ref` makes it relative to
 * that `$id`. specguard resolves neither (every `$ref` is a JSON Pointer from the document root).
 */
function missingRefHint(doc: Record<string, unknown>, ref: string, at: string): string {
  if (ref.length > 1 && !ref.startsWith("#/")) return " (a plain-name fragment names an `$anchor`, which is not supported: write a JSON Pointer, #/components/schemas/…)";
  const tokens = ptr.parse(at);
  for (let i = tokens.length; i >= 0; i--) {
    const node = ptr.get(doc, tokens.slice(0, i));
    if (node !== null && typeof node === "object" && Object.hasOwn(node, "$id")) {
      return ` (it is read from the document's root: \`$id\`, at ${ptr.join("", ...tokens.slice(0, i))}, is not supported, so it does not change where a \`$ref\` points)`;
    }
  }
  return "";
}

/** Calls `visit` for every subschema (and the schema itself) with its pointer. */
export function walkSchema(schema: unknown, pointer: string, visit: (schema: Schema, pointer: string) => void): void {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return;
  const s = schema as Schema;
  visit(s, pointer);
  for (const key of SUBSCHEMA_ONE) if (Object.hasOwn(s, key)) walkSchema(s[key], ptr.join(pointer, key), visit);
  for (const key of SUBSCHEMA_LIST) {
    const list = s[key];
    if (Object.hasOwn(s, key) && Array.isArray(list)) list.forEach((m, i) => walkSchema(m, ptr.join(pointer, key, i), visit));
  }
  for (const key of SUBSCHEMA_MAP) {
    const map = s[key];
    if (Object.hasOwn(s, key) && map !== null && typeof map === "object" && !Array.isArray(map)) {
      for (const [name, sub] of Object.entries(map)) walkSchema(sub, ptr.join(pointer, key, name), visit);
    }
  }
}

export interface ResolveOptions {
  readonly select: readonly string[];
  readonly all: boolean;
}

export function resolve(loaded: LoadedSpec, options: ResolveOptions): ResolvedSpec {
  const problems = new Problems();
  const doc = loaded.document;
  const raw = (ptr.get(doc, ["components", "schemas"]) ?? {}) as Record<string, unknown>;
  const schemas = new Map<string, Schema>();
  for (const [id, schema] of Object.entries(raw)) {
    const at = ptr.join("/components/schemas", id);
    // 3.1 boolean schemas: `true` accepts anything, `false` nothing (normalize.ts spells them out).
    if (schema === true || schema === false) {
      schemas.set(id, schema ? {} : { not: {} });
      continue;
    }
    if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
      problems.add("schema-invalid", `schema ${JSON.stringify(id)} is not an object`, at);
      continue;
    }
    schemas.set(id, schema as Schema);
  }

  const roots: string[] = [];
  if (options.all) roots.push(...schemas.keys());
  else {
    for (const id of options.select) {
      if (schemas.has(id)) roots.push(id);
      else problems.add("select-unknown", `no component schema ${JSON.stringify(id)}${suggest(id, schemas)}`, ptr.join("/components/schemas", id));
    }
  }

  // Breadth-first closure over component refs; edges double as the graph for cycle detection.
  const edges = new Map<string, Set<string>>();
  const seen = new Set<string>(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const out = new Set<string>();
    edges.set(id, out);
    const inlineSeen = new Set<string>();
    // Inline targets being walked: a ref back to one is a cycle inside this component, which
    // makes it recursive (its guards then memoise, as a component cycle's do).
    const walking = new Set<string>();
    let inlineDepth = 0;
    const visit = (s: Schema, at: string): void => {
      if (!Object.hasOwn(s, "$ref")) return;
      const ref = s["$ref"];
      if (typeof ref !== "string") {
        problems.add("schema-invalid", "`$ref` must be a string", ptr.join(at, "$ref"));
        return;
      }
      if (!ref.startsWith("#")) {
        problems.add("ref-external", `external $ref ${JSON.stringify(ref)} is not supported (bundle the spec first)`, ptr.join(at, "$ref"));
        return;
      }
      const target = lookupRef(doc, ref);
      if (!target) {
        problems.add("ref-missing", `$ref ${JSON.stringify(ref)} points at nothing${missingRefHint(doc, ref, at)}`, ptr.join(at, "$ref"));
        return;
      }
      if (target.kind === "component") {
        out.add(target.id);
        if (!seen.has(target.id)) {
          seen.add(target.id);
          queue.push(target.id);
        }
      } else if (walking.has(target.pointer) || at.startsWith(target.pointer + "/")) {
        out.add(id);
      } else if (!inlineSeen.has(target.pointer)) {
        inlineSeen.add(target.pointer);
        if (inlineDepth >= MAX_INLINE_REF_CHAIN) {
          problems.add("spec-too-deep", `$refs into inline schemas chain deeper than ${MAX_INLINE_REF_CHAIN}`, ptr.join(at, "$ref"));
          return;
        }
        inlineDepth++;
        walking.add(target.pointer);
        walkSchema(target.schema, target.pointer, visit);
        walking.delete(target.pointer);
        inlineDepth--;
      }
    };
    walkSchema(schemas.get(id), ptr.join("/components/schemas", id), visit);
  }
  problems.throwIfAny(loaded.locate);

  const selected = [...seen].sort(ordinal);
  return { loaded, schemas, selected, recursive: cyclic(selected, edges) };
}

/** Ordinal (code unit) comparison: the same order on every machine and locale. */
export function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Tarjan's strongly connected components; members of non-trivial ones (or self-loops) are cyclic.
 * Iterative, with an explicit stack of frames: a chain of 20,000 aliases overflows a recursive one.
 */
function cyclic(nodes: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Set<string>();
  let counter = 0;
  const frames: { v: string; next: Iterator<string> }[] = [];
  const enter = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    frames.push({ v, next: (edges.get(v) ?? new Set<string>()).values() });
  };
  for (const root of nodes) {
    if (index.has(root)) continue;
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        continue;
      }
      frames.pop();
      const v = frame.v;
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(v)!));
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || edges.get(v)?.has(v)) for (const c of component) result.add(c);
      }
    }
  }
  return result;
}

function suggest(id: string, schemas: ReadonlyMap<string, Schema>): string {
  // A type name passed for a schema id (`IdentityVerificationSession` for
  // `identity.verification_session`): the two agree once case and separators are dropped.
  const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const typeOf = [...schemas.keys()].filter((k) => squash(k) === squash(id)).sort(ordinal);
  if (typeOf.length > 0) return ` (${JSON.stringify(id)} looks like a type name; select takes schema ids: ${typeOf.map((n) => JSON.stringify(n)).join(", ")})`;
  const near = new Set(nearest(id, schemas.keys(), 3));
  for (const k of [...schemas.keys()].filter((k) => k.includes(id) || id.includes(k)).sort(ordinal)) if (near.size < 3) near.add(k);
  return near.size > 0 ? ` (did you mean ${[...near].map((n) => JSON.stringify(n)).join(", ")}?)` : "";
}
