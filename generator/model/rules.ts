/**
 * Validation keywords TypeScript cannot say, as rules the guards check beside a value's shape:
 * `not`, `if`/`then`/`else`, `multipleOf`, `uniqueItems`, `contains` (with `minContains`/
 * `maxContains`), `minProperties`/`maxProperties`, `propertyNames`, `dependentRequired`,
 * `dependentSchemas`. Each rule only constrains values of the JSON kind it is about.
 */
import * as ptr from "../pointer.ts";
import { isCount, isNever } from "../normalize/normalize.ts";
import type { Schema } from "../resolve/resolve.ts";
import { checkedFormat, convert, type Context, type Hint } from "./build.ts";
import type { Rule } from "./types.ts";

export function rulesOf(s: Schema, at: string, hint: Hint, ctx: Context, scope: "object" | "any"): Rule[] {
  const rules: Rule[] = [];
  // Subschemas of an object's rules (`if: { required: [a] }`) only ever see that object.
  const beside = scope === "object" || s["type"] === "object" ? 1 : 0;
  const sub = (key: string, field: string, raw: unknown = s[key], pAt = ptr.join(at, key)) => {
    ctx.exact++;
    ctx.objectContext += beside;
    try {
      return convert(raw, pAt, { ...hint, field: `${hint.field}_${field}`, depth: hint.depth + 1 }, ctx, false);
    } finally {
      ctx.exact--;
      ctx.objectContext -= beside;
    }
  };
  if (Object.hasOwn(s, "not") && !(isNever(s) && Object.keys(s).every((k) => k === "not" || k === "nullable"))) {
    rules.push({ rule: "not", type: sub("not", "not") });
  }
  if (Object.hasOwn(s, "if")) {
    const rule: { -readonly [K in keyof IfRule]: IfRule[K] } = { rule: "if", if: sub("if", "if") };
    if (Object.hasOwn(s, "then")) rule.then = sub("then", "then");
    if (Object.hasOwn(s, "else")) rule.else = sub("else", "else");
    if (rule.then || rule.else) rules.push(rule);
  }
  if (typeof s["multipleOf"] === "number" && s["multipleOf"] > 0 && Number.isFinite(s["multipleOf"])) rules.push({ rule: "multipleOf", by: s["multipleOf"] });
  if (s["uniqueItems"] === true) rules.push({ rule: "uniqueItems" });
  if (Object.hasOwn(s, "contains")) {
    const min = isCount(s["minContains"]) ? (s["minContains"] as number) : 1;
    const rule: { -readonly [K in keyof ContainsRule]: ContainsRule[K] } = { rule: "contains", type: sub("contains", "item"), min };
    if (isCount(s["maxContains"])) rule.max = s["maxContains"] as number;
    rules.push(rule);
  }
  const min = isCount(s["minProperties"]) ? (s["minProperties"] as number) : undefined;
  const max = isCount(s["maxProperties"]) ? (s["maxProperties"] as number) : undefined;
  if (min !== undefined || max !== undefined) rules.push({ rule: "propertyCount", ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) });
  if (Object.hasOwn(s, "propertyNames")) rules.push({ rule: "propertyNames", type: sub("propertyNames", "key") });
  // Listed values with a `format` the guards check: a listed string must be in that format too
  // (a string without `type` gets it from `typed`, not here).
  const format = ctx.formats && (Array.isArray(s["enum"]) || Object.hasOwn(s, "const")) ? checkedFormat(s) : undefined;
  if (format !== undefined) rules.push({ rule: "if", if: { kind: "string" }, then: { kind: "string", format } });
  const dr = s["dependentRequired"];
  if (dr !== null && typeof dr === "object" && !Array.isArray(dr)) {
    const map = Object.entries(dr as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []] as const);
    if (map.length > 0) rules.push({ rule: "dependentRequired", map });
  }
  const ds = s["dependentSchemas"];
  if (ds !== null && typeof ds === "object" && !Array.isArray(ds)) {
    const map = Object.entries(ds as Record<string, unknown>).map(([k, v]) => [k, sub("dependentSchemas", k, v, ptr.join(at, "dependentSchemas", k))] as const);
    if (map.length > 0) rules.push({ rule: "dependentSchemas", map });
  }
  return rules;
}

type IfRule = Extract<Rule, { rule: "if" }>;
type ContainsRule = Extract<Rule, { rule: "contains" }>;
