/**
 * Stage 2½, normalise: one schema node of OpenAPI 3.0 or 3.1 → the one canonical form the model
 * reads. Shallow (a node at a time: the model normalises each subschema as it visits it), pure,
 * and memoised by the caller. Each rule has a name (the tests use them as titles):
 *
 * - `boolean-schema`: `true` → `{}`; `false` → `{ not: {} }` (nothing matches).
 * - `type-array-null`: `type: [T, "null"]` → `type: T, nullable: true` (3.0's spelling is the
 *   canonical one: every later stage already reads `nullable`).
 * - `enum-null`: a `null` among `enum` values → `nullable: true` and the rest of the values
 *   (an enum of only `null` is `type: "null"`).
 * - `const-null`: `const: null` → `type: "null"`.
 * - `values-of-type` (before the two above): beside `type`, `enum` keeps only the values of that
 *   type and a `const` of another type matches nothing (JSON Schema applies both keywords): the
 *   schema is `never` (its type too), or only `null` beside 3.0's `nullable`.
 * - `exclusive-bound-boolean`: 3.0's `exclusiveMinimum: true` beside `minimum` → the 3.1
 *   number form; a `false` one is dropped.
 * - `type-array-object`: a type list with `object` and other types → an `anyOf` of the object
 *   and the rest, each with its own keywords (see `objectOrOthers`).
 * - `nullable-31`: `nullable` is not a 3.1 keyword (JSON Schema ignores it), yet specs written
 *   for 3.0 keep using it to mean "or null": `nullable: true` is read as in 3.0 (the model warns
 *   at its pointer), any other value is dropped.
 * - `ref-siblings-30`: in 3.0 a `$ref`'s siblings are ignored, except `nullable` (how people
 *   spell a nullable reference) and the annotations.
 * - `ref-siblings-31`: in 3.1 a `$ref` applies beside its siblings: `{ $ref, ...rest }` →
 *   `{ ...rest, allOf: [{ $ref }, ...allOf] }`, unless the siblings are only annotations.
 * - `later-keywords-30`: 2019-09/2020-12 keywords (`prefixItems`, `dependentRequired`, …) are
 *   dropped from 3.0 schemas, with a warning (see LATER_KEYWORDS).
 * - `enum-with-const` (after `values-of-type`): both apply, so a `const` the `enum` lists stands
 *   alone, and one it does not list matches nothing.
 * - `values-fit-siblings`: `enum`/`const` values that break a sibling keyword (`maximum`,
 *   `maxLength`, `pattern`, `minItems`, `required`, … see VALUE_SIBLINGS) are dropped.
 * - `malformed-keyword` (first): a keyword whose value is not of the kind JSON Schema requires
 *   (`maxLength: "3"`, `required: a`, `allOf: {…}`, see KEYWORD_VALUES) is dropped, and the
 *   model warns at its pointer (an error under `--strict`); `enum` values and a `const` that
 *   are no JSON value (a YAML `.inf`, a JSON `1e400`) are dropped the same way, so they match
 *   nothing instead of turning into `null`.
 */
import type { Schema } from "../resolve/resolve.ts";
import { unicodeRegExp } from "./pattern.ts";

export type OpenApiVersion = "3.0" | "3.1";

/** Keywords that only document: they never change what a schema accepts. */
export const ANNOTATIONS: ReadonlySet<string> = new Set([
  "title",
  "description",
  "deprecated",
  "readOnly",
  "writeOnly",
  "example",
  "examples",
  "default",
  "externalDocs",
  "xml",
  "$comment",
  "$schema",
  "$id",
  "$anchor",
  "contentMediaType",
  "contentEncoding",
  "contentSchema",
]);

/** A never-matching schema (`false`). */
export const NEVER: Schema = Object.freeze({ not: Object.freeze({}) }) as Schema;

export function isNever(s: Schema): boolean {
  const not = s["not"];
  return not !== null && typeof not === "object" && !Array.isArray(not) && Object.keys(not).length === 0;
}

/** The canonical form of one schema node, or `undefined` when `raw` is not a schema at all. */
export function normalize(raw: unknown, version: OpenApiVersion): Schema | undefined {
  if (raw === true) return {};
  if (raw === false) return NEVER;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const s: Schema = { ...(raw as Schema) };

  for (const key of malformedKeywords(s, version)) delete s[key];
  if (version === "3.0") for (const key of LATER_KEYWORDS) delete s[key];
  if (Array.isArray(s["enum"]) && !(s["enum"] as unknown[]).every(isJsonValue)) s["enum"] = (s["enum"] as unknown[]).filter(isJsonValue);
  if (Object.hasOwn(s, "const") && !isJsonValue(s["const"])) return NEVER;
  if (version === "3.1" && s["nullable"] !== true) delete s["nullable"];
  if (Object.hasOwn(s, "$ref")) return refSiblings(s, version);

  const type = s["type"];
  // Nothing listed matches: only null is left, when the schema admits it (3.0's `nullable`).
  if (!valuesOfType(s, type) || !enumWithConst(s)) return s["nullable"] === true ? { type: "null" } : NEVER;
  // In 3.1 `enum`/`const` decide alone: `type: [string, null]` with `enum: [a]` rejects null.
  const valuesDecide = (Array.isArray(s["enum"]) && !(s["enum"] as unknown[]).includes(null)) || (Object.hasOwn(s, "const") && s["const"] !== null);
  if (Array.isArray(type) && type.includes("null")) {
    const rest = type.filter((t) => t !== "null");
    if (rest.length === 0) s["type"] = "null";
    else {
      s["type"] = rest.length === 1 ? rest[0] : rest;
      if (!valuesDecide) s["nullable"] = true;
    }
  } else if (Array.isArray(type) && type.length === 1) s["type"] = type[0];

  if (Array.isArray(s["enum"]) && (s["enum"] as unknown[]).includes(null)) {
    const rest = (s["enum"] as unknown[]).filter((v) => v !== null);
    if (rest.length === 0) {
      delete s["enum"];
      s["type"] = "null";
      delete s["nullable"];
    } else {
      s["enum"] = rest;
      s["nullable"] = true;
    }
  }
  if (Object.hasOwn(s, "const") && s["const"] === null) {
    delete s["const"];
    s["type"] = "null";
  }

  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof s[flag] !== "boolean") continue;
    if (s[flag] === true && typeof s[bound] === "number") {
      s[flag] = s[bound];
      delete s[bound];
    } else delete s[flag];
  }
  if (!valuesFitSiblings(s)) return s["nullable"] === true ? { type: "null" } : NEVER;
  if (Array.isArray(s["type"]) && s["type"].length > 1 && s["type"].includes("object")) return objectOrOthers(s, s["type"] as unknown[]);
  return s;
}

/**
 * Sibling keywords an `enum`/`const` value must satisfy, each about values of one JSON kind
 * (others pass it), as `(value, keyword's value) → fits`. See `valuesFitSiblings`.
 */
const VALUE_SIBLINGS: Readonly<Record<string, (v: unknown, k: number | readonly unknown[] | string) => boolean>> = {
  minimum: (v, k) => typeof v !== "number" || v >= (k as number),
  maximum: (v, k) => typeof v !== "number" || v <= (k as number),
  exclusiveMinimum: (v, k) => typeof v !== "number" || v > (k as number),
  exclusiveMaximum: (v, k) => typeof v !== "number" || v < (k as number),
  minLength: (v, k) => typeof v !== "string" || [...v].length >= (k as number),
  maxLength: (v, k) => typeof v !== "string" || [...v].length <= (k as number),
  pattern: (v, k) => typeof v !== "string" || matches(k as string, v),
  minItems: (v, k) => !Array.isArray(v) || v.length >= (k as number),
  maxItems: (v, k) => !Array.isArray(v) || v.length <= (k as number),
  minProperties: (v, k) => !isMap(v) || Object.keys(v).length >= (k as number),
  maxProperties: (v, k) => !isMap(v) || Object.keys(v).length <= (k as number),
  required: (v, k) => !isMap(v) || (k as readonly unknown[]).every((name) => typeof name !== "string" || Object.hasOwn(v, name)),
};

/** Whether `text` matches `pattern` (a pattern that does not compile is the model's to report: it passes here). */
function matches(pattern: string, text: string): boolean {
  return unicodeRegExp(pattern)?.test(text) ?? true;
}

/**
 * Rule `values-fit-siblings`: an `enum`/`const` value that breaks a sibling keyword
 * (`maximum: 2` beside `enum: [1, 3.5]`, `required: [b]` beside `enum: [{ a: 1 }]`) can never
 * validate, so it is dropped (a `const` that breaks one matches nothing: false, and the schema is
 * `never`, as for `values-of-type`). The listed values are
 * what the type and the guard check, so without this the sibling went unchecked.
 */
function valuesFitSiblings(s: Schema): boolean {
  // Every schema node is normalised: most have no listed values, and pay nothing here.
  if (!Array.isArray(s["enum"]) && !Object.hasOwn(s, "const")) return true;
  const checks = Object.keys(VALUE_SIBLINGS).filter((k) => Object.hasOwn(s, k));
  if (checks.length === 0) return true;
  const fits = (v: unknown): boolean => checks.every((k) => VALUE_SIBLINGS[k]!(v, s[k] as number));
  if (Array.isArray(s["enum"]) && !(s["enum"] as unknown[]).every(fits)) s["enum"] = (s["enum"] as unknown[]).filter(fits);
  return !Object.hasOwn(s, "const") || fits(s["const"]);
}

/**
 * Rule `enum-with-const`: JSON Schema applies both, so a value must be the `const` and be listed.
 * A listed `const` stands alone (the `enum` is dropped); false when it is not listed (nothing
 * matches). Without this one of them was dropped: `enum: [1, 2], const: 3` accepted 3.
 */
function enumWithConst(s: Schema): boolean {
  if (!Array.isArray(s["enum"]) || !Object.hasOwn(s, "const")) return true;
  if (!(s["enum"] as unknown[]).some((v) => sameJson(v, s["const"]))) return false;
  delete s["enum"];
  return true;
}

/** JSON equality of two values read from a spec: same kind, same members (key order aside). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!(a !== null && typeof a === "object" && b !== null && typeof b === "object") || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameJson(x, (b as unknown[])[i]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Rule `later-keywords-30`: keywords JSON Schema gained after draft-07 (2019-09, 2020-12) mean
 * nothing in a 3.0 schema (OpenAPI 3.0's dialect predates them; draft-07 validators ignore
 * them), so they are dropped there, and the model warns at each.
 */
export const LATER_KEYWORDS: readonly string[] = ["prefixItems", "dependentRequired", "dependentSchemas", "minContains", "maxContains"];

/** A non-negative safe integer: what `maxLength`, `minItems` … must be. */
export function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** A JSON object (not null, not an array). */
export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const isNumber = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v);
const isSchema = (v: unknown): boolean => typeof v === "boolean" || isMap(v);

/**
 * What each keyword's value must be (JSON Schema 2020-12 and OpenAPI 3.0), as a test and the
 * words a warning uses: the keywords a wrong kind of value used to slip past unnoticed. Not here:
 * annotations; \`type\` and \`$ref\`, which earlier stages refuse on their own; and what the model
 * reads as a schema (\`not\`, \`items\`, \`if\` …, the members of \`properties\` and \`allOf\`),
 * where anything else is already an error at its own pointer ("is not a schema"), so only the
 * containers' own kind is checked here.
 */
export const KEYWORD_VALUES: Readonly<Record<string, { readonly test: (v: unknown) => boolean; readonly want: string }>> = {
  ...Object.fromEntries(
    ["maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties", "maxContains", "minContains"].map((k) => [k, { test: isCount, want: "a non-negative integer" }]),
  ),
  ...Object.fromEntries(["maximum", "minimum"].map((k) => [k, { test: isNumber, want: "a number" }])),
  // 3.0's boolean form is read in a 3.0 spec only (malformedKeywords): in 3.1 it must be a number.
  ...Object.fromEntries(["exclusiveMaximum", "exclusiveMinimum"].map((k) => [k, { test: (v: unknown) => isNumber(v) || typeof v === "boolean", want: "a number (a boolean only in OpenAPI 3.0)" }])),
  multipleOf: { test: (v) => isNumber(v) && (v as number) > 0, want: "a number greater than 0" },
  ...Object.fromEntries(["pattern", "format"].map((k) => [k, { test: (v: unknown) => typeof v === "string", want: "a string" }])),
  ...Object.fromEntries(["uniqueItems", "nullable"].map((k) => [k, { test: (v: unknown) => typeof v === "boolean", want: "a boolean" }])),
  required: { test: (v) => Array.isArray(v) && v.every((k) => typeof k === "string"), want: "a list of property names (strings)" },
  // A schema written where its type belongs (`type: {type: string, enum: […]}`): the type name is
  // not known, so the keyword is ignored like any other malformed one. A string that names no
  // type (`type: strin`) stays an error (model/kinds.ts): it is a name, only a wrong one.
  type: { test: (v) => typeof v === "string" || (Array.isArray(v) && v.every((t) => typeof t === "string")), want: "a type name or a list of them" },
  enum: { test: Array.isArray, want: "a list of values" },
  // An empty list is read as written (`anyOf: []` matches nothing, `allOf: []` anything), with a
  // warning (model/refused.ts): JSON Schema requires at least one schema.
  ...Object.fromEntries(["allOf", "anyOf", "oneOf", "prefixItems"].map((k) => [k, { test: Array.isArray, want: "a list of schemas" }])),
  ...Object.fromEntries(["properties", "patternProperties", "dependentSchemas"].map((k) => [k, { test: isMap, want: "an object of schemas" }])),
  dependentRequired: { test: (v) => isMap(v) && Object.values(v as object).every((l) => Array.isArray(l) && l.every((k) => typeof k === "string")), want: "an object of lists of property names" },
  additionalProperties: { test: isSchema, want: "a schema (an object or a boolean)" },
  discriminator: { test: isMap, want: "an object" },
};

/** The keywords of `s` whose values are not what KEYWORD_VALUES requires (rule `malformed-keyword`). */
export function malformedKeywords(s: Schema, version: OpenApiVersion): string[] {
  return Object.keys(s).filter((k) => {
    if (!Object.hasOwn(KEYWORD_VALUES, k)) return false;
    if (version === "3.1" && (k === "exclusiveMinimum" || k === "exclusiveMaximum")) return !isNumber(s[k]);
    return !KEYWORD_VALUES[k]!.test(s[k]);
  });
}

/** A value JSON can carry: no `Infinity`/`NaN` (a YAML `.inf`, a JSON `1e400`), and so inside. */
export function isJsonValue(v: unknown): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJsonValue);
  if (v !== null && typeof v === "object") return Object.values(v).every(isJsonValue);
  return true;
}

/** Keywords about objects only (JSON Schema ignores them for other kinds of value). */
const OBJECT_KEYWORDS: ReadonlySet<string> = new Set([
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "propertyNames",
  "minProperties",
  "maxProperties",
  "dependentRequired",
  "dependentSchemas",
  "unevaluatedProperties",
  "discriminator",
]);

/** Keywords about strings, numbers or arrays only. */
const OTHER_KIND_KEYWORDS: ReadonlySet<string> = new Set([
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "items",
  "prefixItems",
  "minItems",
  "maxItems",
  "uniqueItems",
  "contains",
  "minContains",
  "maxContains",
  "unevaluatedItems",
]);

/**
 * Rule `type-array-object`: `type: [object, string]` → `anyOf: [{ type: object, … }, { type:
 * string, … }]`, each member with the keywords of its kinds (and those about every kind), the
 * annotations staying outside and `null` (or `nullable`) going with the other kinds. The model
 * builds an object's properties only for `type: object`; read as one type list, `properties`
 * and `required` were lost.
 */
function objectOrOthers(s: Schema, types: readonly unknown[]): Schema {
  const outer: Schema = {};
  const object: Schema = { type: "object" };
  // Null from the type list is one of the other kinds: beside it, the shared keywords (`not`,
  // `allOf`, ...) still apply to null, as they would to the whole list.
  const rest = [...types.filter((t) => t !== "object"), ...(s["nullable"] === true ? ["null"] : [])];
  const others: Schema = { type: rest.length === 1 ? rest[0] : rest };
  for (const [k, v] of Object.entries(s)) {
    if (k === "type" || k === "nullable") continue;
    if (ANNOTATIONS.has(k) || k.startsWith("x-")) outer[k] = v;
    else if (OBJECT_KEYWORDS.has(k)) object[k] = v;
    else if (OTHER_KIND_KEYWORDS.has(k)) others[k] = v;
    else object[k] = others[k] = v;
  }
  outer["anyOf"] = [object, others];
  return outer;
}

/** Whether JSON value `v` is of JSON Schema type `t`. */
function ofType(v: unknown, t: unknown): boolean {
  switch (t) {
    case "null":
      return v === null;
    case "boolean":
      return typeof v === "boolean";
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number";
    case "integer":
      return Number.isInteger(v);
    case "array":
      return Array.isArray(v);
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    default:
      return true; // not a type name: the model reports it
  }
}

/**
 * Rule `values-of-type`: beside `type`, `enum` and `const` still have to fit it (both keywords
 * apply), so values of another type are dropped, and a `const` of another type matches nothing.
 * `nullable: true` lets `null` through. Runs before the null rules, which then see only
 * values the type admits (`type: string, enum: [a, null]` rejects null).
 */
function valuesOfType(s: Schema, type: unknown): boolean {
  const types = typeof type === "string" ? [type] : Array.isArray(type) ? [...type] : undefined;
  if (types === undefined) return true;
  if (s["nullable"] === true) types.push("null");
  const fits = (v: unknown): boolean => types.some((t) => ofType(v, t));
  if (Array.isArray(s["enum"])) s["enum"] = (s["enum"] as unknown[]).filter(fits);
  return !Object.hasOwn(s, "const") || fits(s["const"]);
}

function refSiblings(s: Schema, version: OpenApiVersion): Schema {
  const ref = s["$ref"];
  const out: Schema = { $ref: ref };
  const rest: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === "$ref") continue;
    if (ANNOTATIONS.has(k) || k.startsWith("x-")) out[k] = v;
    else if (k === "nullable" && (version === "3.0" || v === true)) out[k] = v;
    else rest[k] = v;
  }
  if (version === "3.0" || Object.keys(rest).length === 0) return out;
  const allOf = Array.isArray(rest["allOf"]) ? (rest["allOf"] as unknown[]) : [];
  const merged: Schema = { ...rest, allOf: [{ $ref: ref }, ...allOf] };
  for (const [k, v] of Object.entries(out)) if (k !== "$ref") merged[k] = v;
  return normalize(merged, version)!;
}
