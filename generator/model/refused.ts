/**
 * Refused out loud: JSON Schema keywords specguard does not implement. Each one found on a schema
 * the model converts is a warning naming its pointer (printed on every run; an error under
 * `--strict`), never a silent drop. The table is the README's list.
 */
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
