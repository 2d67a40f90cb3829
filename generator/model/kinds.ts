/**
 * Conversion per kind: what a schema says through `type` and its keywords (no combinators).
 * `const`, `enum` (string enums hoisted as declarations), each JSON type with its constraints,
 * tuples (`prefixItems`), and keywords of a kind without a `type` (they constrain only that
 * kind, so any other kind passes).
 */
import * as ptr from "../pointer.ts";
import { isCount, isNever } from "../normalize/normalize.ts";
import { unicodePattern } from "../normalize/pattern.ts";
import type { Schema } from "../resolve/resolve.ts";
import { checkedFormat, convert, enumDecl, hoist, intersect, invalid, norm, union, type Context, type Fixed, type Hint } from "./build.ts";
import { isIncompleteEnum, isUnixTime } from "./stripe.ts";
import type { Json, TypeExpr } from "./types.ts";

/** What a schema says through `type` and its keywords (no combinators); `undefined` when nothing. */
export function ownShape(s: Schema, at: string, hint: Hint, ctx: Context, isObjectField: Fixed): TypeExpr | undefined {
  const listed = Object.hasOwn(s, "const") ? { kind: "literal" as const, value: s["const"] as Json } : Array.isArray(s["enum"]) ? enumShape(s, s["enum"] as Json[], at, hint, ctx, isObjectField) : undefined;
  if (listed === undefined) return unlisted(s, at, hint, ctx);
  // Keywords that look inside objects and arrays (`properties`, `items` …) apply to the listed
  // values too: the listed values and that shape, both checked (they were dropped).
  // (A hoisted enum lists strings only, which those keywords never look into.)
  const inside = STRUCTURE.filter((k) => Object.hasOwn(s, k));
  if (inside.length === 0 || listed.kind === "ref") return listed;
  const structure: Schema = Object.fromEntries(["type", "required", ...inside].filter((k) => Object.hasOwn(s, k)).map((k) => [k, s[k]]));
  // Without a `type`, the listed values' own kinds: exact (nothing else can match), and a value
  // of another kind than the keywords look into passes them, as in JSON Schema.
  if (!Object.hasOwn(structure, "type")) {
    const kinds = [...new Set((Object.hasOwn(s, "const") ? [s["const"]] : (s["enum"] as unknown[])).map(jsonKind))];
    structure["type"] = kinds.length === 1 ? kinds[0] : kinds;
  }
  return intersect([listed, convert(structure, at, { ...hint, field: hint.field === "" ? "fields" : `${hint.field}_fields` }, ctx, false)]);
}

function jsonKind(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v === "number" ? "number" : typeof v;
}

/** Keywords about what is inside an object or an array, which `values-fit-siblings` cannot judge. */
const STRUCTURE = ["properties", "patternProperties", "additionalProperties", "items", "prefixItems"] as const;

/** `ownShape` of a schema that lists no values. */
function unlisted(s: Schema, at: string, hint: Hint, ctx: Context): TypeExpr | undefined {
  const t = s["type"];
  if (Array.isArray(t)) {
    const list = t.filter((x): x is string => typeof x === "string");
    return union(list.map((x) => typed(x, s, at, hint, ctx)), false);
  }
  if (typeof t === "string") return typed(t, s, at, hint, ctx);
  if (t !== undefined) return invalid(ctx, ptr.join(at, "type"), `type ${JSON.stringify(t)} is not a type name`);
  // No `type`: keywords of one JSON kind constrain only values of that kind (JSON Schema), so the
  // type is that kind, constrained, or any other kind.
  const implied = impliedKinds(s, ctx);
  if (implied.length === 0) {
    const ap = norm(s["additionalProperties"], ctx);
    if (ap && !isNever(ap) && Object.keys(ap).length > 0) {
      // As for `properties` without a type (build.ts objectDecl): read as an object, said so.
      if (ctx.objectContext === 0) ctx.warnings.add("unsupported", "`additionalProperties` without `type: object`: typed and checked as an object, though JSON Schema would accept any non-object value", at);
      return typed("object", s, at, hint, ctx);
    }
    return undefined;
  }
  // Keywords of several kinds (`minLength` and `minimum`) each constrain their own kind.
  const others = KINDS.filter((k) => !implied.includes(k)).map((k) => typed(k, {}, at, hint, ctx));
  return union([...implied.map((k) => typed(k, s, at, hint, ctx)), ...others], false);
}

const KINDS = ["null", "boolean", "string", "number", "array", "object"] as const;
const KIND_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  string: ["minLength", "maxLength", "pattern"],
  number: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
  array: ["items", "prefixItems", "minItems", "maxItems"],
};

/**
 * The kinds whose keywords a schema without `type` uses (string, number, array; in that order).
 * A `format` the guards check (the `formats` option) is a string keyword too.
 */
function impliedKinds(s: Schema, ctx: Context): string[] {
  return Object.keys(KIND_KEYWORDS).filter((kind) => KIND_KEYWORDS[kind]!.some((k) => Object.hasOwn(s, k)) || (kind === "string" && ctx.formats && checkedFormat(s) !== undefined));
}

function enumShape(s: Schema, values: readonly Json[], at: string, hint: Hint, ctx: Context, isObjectField: Fixed): TypeExpr {
  if (values.length === 0) return { kind: "never" };
  const single = values.length === 1 && !isIncompleteEnum(s);
  if (values.every((v) => typeof v === "string") && !(isObjectField === "literal" && single)) {
    // A component's own enum reaches here only when it admits null: the enum is hoisted beside
    // it (`<Name>Enum`) and the alias adds `| null`.
    return hoist(at, hint, ctx, "enum", (name) => enumDecl(s, at, name, values as string[], ctx, isObjectField === "closed" && single));
  }
  return union(
    values.map((value): TypeExpr => ({ kind: "literal", value })),
    false,
  );
}

function typed(type: string, s: Schema, at: string, hint: Hint, ctx: Context): TypeExpr {
  switch (type) {
    case "null":
      return { kind: "null" };
    case "boolean":
      return { kind: "boolean" };
    case "integer":
    case "number": {
      if (isUnixTime(s) && type === "integer") return { kind: "timestamp" };
      const n: { -readonly [K in keyof NumberExpr]: NumberExpr[K] } = { kind: "number", integer: type === "integer" };
      for (const k of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const) {
        if (typeof s[k] === "number") n[k] = s[k] as number;
      }
      return n;
    }
    case "string": {
      const str: { -readonly [K in keyof StringExpr]: StringExpr[K] } = { kind: "string" };
      if (isCount(s["maxLength"])) str.maxLength = s["maxLength"] as number;
      if (isCount(s["minLength"])) str.minLength = s["minLength"] as number;
      if (typeof s["format"] === "string") str.format = s["format"];
      if (typeof s["pattern"] === "string") {
        const p = checkPattern(s["pattern"], ptr.join(at, "pattern"), ctx);
        if (p !== undefined) str.pattern = p;
      }
      return str;
    }
    case "array":
      return arrayShape(s, at, hint, ctx);
    case "object": {
      const ap = norm(s["additionalProperties"], ctx);
      if (ap && Object.keys(ap).length > 0) {
        return { kind: "record", values: convert(s["additionalProperties"], ptr.join(at, "additionalProperties"), { ...hint, field: `${hint.field}_value` }, ctx, false) };
      }
      return { kind: "record", values: { kind: "unknown" } };
    }
    default:
      return invalid(ctx, ptr.join(at, "type"), `unknown type ${JSON.stringify(type)}`);
  }
}

type NumberExpr = Extract<TypeExpr, { kind: "number" }>;
type StringExpr = Extract<TypeExpr, { kind: "string" }>;
type ArrayExpr = Extract<TypeExpr, { kind: "array" }>;

function arrayShape(s: Schema, at: string, hint: Hint, ctx: Context): TypeExpr {
  const arr: { -readonly [K in keyof ArrayExpr]: ArrayExpr[K] } = { kind: "array", items: { kind: "unknown" } };
  if (Array.isArray(s["prefixItems"])) {
    arr.prefix = (s["prefixItems"] as unknown[]).map((m, i) => convert(m, ptr.join(at, "prefixItems", i), { ...hint, field: `${hint.field}_${i + 1}` }, ctx, false));
  }
  // A list under `items` (draft-07 tuples) is refused with a warning (refused.ts): items stay unknown.
  if (Object.hasOwn(s, "items") && !Array.isArray(s["items"])) arr.items = convert(s["items"], ptr.join(at, "items"), hint, ctx, false);
  if (isCount(s["maxItems"])) arr.maxItems = s["maxItems"] as number;
  if (isCount(s["minItems"])) arr.minItems = s["minItems"] as number;
  return arr;
}

/**
 * The pattern as the guards compile it (with `u`; normalize/pattern.ts), or `undefined` when it
 * cannot be. JSON Schema says a pattern SHOULD be an ECMA-262 regular expression; one that is not
 * (often a Java one: `\\p{Print}`, `\\A`, `[[:alnum:]]`, `{1-70}`) is ignored with a warning at
 * its pointer, like any keyword whose value is not of the kind required (an error under
 * `--strict`), rather than refusing the whole spec: 31 of AWS's specs carry one. A
 * `patternProperties` key (`keys`) is refused as before.
 */
export function checkPattern(pattern: string, at: string, ctx: Context, keys = false): string | undefined {
  const source = unicodePattern(pattern);
  if (source !== undefined) return source;
  let reason = "";
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    reason = (error as Error).message;
  }
  // A plain JavaScript RegExp reads unknown escapes and stray braces loosely (`\\p{Print}` as
  // `p{Print}`, `{1-70}` as text): guessing the author's meaning from it would check something else.
  let plain = false;
  try {
    new RegExp(pattern);
    plain = true;
  } catch {}
  const hint = plain ? "; a plain JavaScript RegExp accepts it only by reading escapes and braces loosely, JSON Schema patterns are Unicode regular expressions" : "";
  const why = `not a valid regular expression (${reason}${hint})`;
  // A `patternProperties` key has no safe reading: ignored, the keys it meant would be extra keys
  // (rejected under `additionalProperties: false`). It stays an error.
  if (keys) invalid(ctx, at, `property pattern ${JSON.stringify(pattern)} is ${why}`);
  else ctx.warnings.add("schema-invalid", `\`pattern\` is ${why}: ignored, the guard does not check it`, at);
  return undefined;
}

