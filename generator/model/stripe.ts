/**
 * The Stripe dialect, in one place: the `x-` extensions and conventions of Stripe's spec that
 * change what specguard generates. Everything else in the model is plain OpenAPI.
 *
 * - `x-expansionResources` beside `anyOf: [{ type: string }, ...refs]`: an expandable field
 *   (the id, or the expanded object).
 * - `format: unix-time` on an integer: the `Timestamp` alias.
 * - `x-stripeBypassValidation: true` on an enum: Stripe knows the set is incomplete.
 * - The `object` property whose one-value enum names the resource: always a literal, and the
 *   discriminant of unions of resources (found by the general rule in discriminator.ts).
 */
import type { Schema } from "../resolve/resolve.ts";

/** The property Stripe uses to name a resource's type. */
export const OBJECT_PROPERTY = "object";

export function isExpandable(s: Schema): boolean {
  return Object.hasOwn(s, "x-expansionResources");
}

export function isUnixTime(s: Schema): boolean {
  return s["format"] === "unix-time";
}

export function isIncompleteEnum(s: Schema): boolean {
  return s["x-stripeBypassValidation"] === true;
}

/** Extension keys the model reads (the rest of `x-*` is documentation for other tools). */
export const STRIPE_EXTENSIONS: readonly string[] = ["x-expansionResources", "x-stripeBypassValidation"];
