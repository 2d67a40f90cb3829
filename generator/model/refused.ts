/**
 * Refused out loud: JSON Schema keywords specguard does not implement. Each one found on a schema
 * the model converts is a warning naming its pointer (printed on every run; an error under
 * `--strict`), never a silent drop. The table is the README's list.
 */
import { isJsonValue, KEYWORD_VALUES, LATER_KEYWORDS, malformedKeywords } from "../normalize/normalize.ts";
import * as ptr from "../pointer.ts";
import type { Schema } from "../resolve/resolve.ts";
import type { Context } from "./build.ts";

export const REFUSED: Readonly<Record<string, string>> = {
  unevaluatedProperties: "needs annotation tracking across applicators; the guard does not check it",
  unevaluatedItems: "needs annotation tracking across applicators; the guard does not check it",
  $dynamicRef: "dynamic scopes are not resolved",
  $dynamicAnchor: "dynamic scopes are not resolved",
  $recursiveRef: "recursive scopes are not resolved",
  dependencies: "the draft-07 keyword is not read (use dependentRequired/dependentSchemas)",
  additionalItems: "the draft-07 tuple keyword is not read (use prefixItems and items)",
};

export function refuseKeywords(s: Schema, at: string, ctx: Context): void {
  for (const key of Object.keys(s)) {
    const why = REFUSED[key];
    if (why !== undefined) ctx.warnings.add("unsupported", `\`${key}\` is not supported: ${why}`, ptr.join(at, key));
  }
  if (s["discriminator"] !== undefined && !Array.isArray(s["oneOf"]) && !Array.isArray(s["anyOf"])) {
    ctx.warnings.add("unsupported", "`discriminator` without `oneOf`/`anyOf` beside it is ignored (put the union where the discriminator is)", ptr.join(at, "discriminator"));
  }
  if (Array.isArray(s["items"])) ctx.warnings.add("unsupported", "`items` as a list (draft-07 tuples) is not supported: use prefixItems", ptr.join(at, "items"));
}

/**
 * Rule `malformed-keyword` (normalize.ts) said out loud: a keyword whose value is not of the
 * kind JSON Schema requires is ignored, and so is a value no JSON document can hold; each is a
 * warning at its pointer (an error under `--strict`). `raw` is the schema as the spec wrote it.
 */
export function malformedWarnings(raw: unknown, at: string, ctx: Context): void {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
  if (ctx.normalized.get(raw) === raw) return; // a canonical form, checked when it was normalised
  const s = raw as Schema;
  for (const key of malformedKeywords(s, ctx.version)) {
    ctx.warnings.add("schema-invalid", `\`${key}\` must be ${KEYWORD_VALUES[key]!.want} (found ${describe(s[key])}): ignored`, ptr.join(at, key));
  }
  for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
    if (!Array.isArray(s[key]) || (s[key] as unknown[]).length > 0) continue;
    const reading = key === "anyOf" || key === "oneOf" ? "no value matches it" : "it constrains nothing";
    ctx.warnings.add("schema-invalid", `\`${key}\` is empty (JSON Schema requires at least one schema): read as written, ${reading}`, ptr.join(at, key));
  }
  if (Array.isArray(s["enum"])) {
    (s["enum"] as unknown[]).forEach((v, i) => {
      if (!isJsonValue(v)) ctx.warnings.add("schema-invalid", "an `enum` value no JSON document can hold (Infinity or NaN): it matches nothing", ptr.join(at, "enum", i));
    });
  }
  if (ctx.version === "3.0") {
    for (const key of LATER_KEYWORDS) {
      if (Object.hasOwn(s, key)) ctx.warnings.add("unsupported", `\`${key}\` is not an OpenAPI 3.0 keyword (JSON Schema added it in 2019-09/2020-12): ignored`, ptr.join(at, key));
    }
  }
  if (Object.hasOwn(s, "const") && !isJsonValue(s["const"])) {
    ctx.warnings.add("schema-invalid", "a `const` no JSON document can hold (Infinity or NaN): the schema matches nothing", ptr.join(at, "const"));
  }
}

/** A keyword's value in a warning: short JSON, or its kind when long. */
function describe(value: unknown): string {
  const json = typeof value === "number" && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  return json === undefined ? typeof value : json.length <= 40 ? json : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : typeof value;
}
