/**
 * Type expression → the `expected` text of a validation issue, e.g. `string | null`,
 * `integer >= 0`, `IdentityVerificationReport`, `string of at most 5000 code points`.
 */
import type { TypeExpr } from "../../model/types.ts";
import { checkedFormat } from "./check.ts";
import type { GuardScope } from "./scope.ts";

export function expected(t: TypeExpr, s: GuardScope): string {
  switch (t.kind) {
    case "unknown":
      return "any value";
    case "never":
      return "nothing (no value is allowed here)";
    case "null":
    case "boolean":
      return t.kind;
    case "string": {
      const parts: string[] = [];
      if (t.minLength !== undefined && t.minLength === t.maxLength) parts.push(`of exactly ${codePoints(t.minLength)}`);
      else if (t.minLength !== undefined && t.maxLength !== undefined) parts.push(`of ${t.minLength} to ${codePoints(t.maxLength)}`);
      else if (t.maxLength !== undefined) parts.push(`of at most ${codePoints(t.maxLength)}`);
      else if (t.minLength !== undefined) parts.push(`of at least ${codePoints(t.minLength)}`);
      if (t.pattern !== undefined) parts.push(`matching /${t.pattern}/`);
      const format = checkedFormat(t, s);
      if (format !== undefined) parts.push(`in ${format} format`);
      return ["string", ...parts].join(" ");
    }
    case "number": {
      // The tighter bound on each side (`minimum: 5, exclusiveMinimum: 3` is ">= 5"), not both.
      const parts = [t.integer ? "integer" : "finite number"];
      const { minimum: min, exclusiveMinimum: xmin, maximum: max, exclusiveMaximum: xmax } = t;
      if (xmin !== undefined && (min === undefined || xmin >= min)) parts.push(`> ${xmin}`);
      else if (min !== undefined) parts.push(`>= ${min}`);
      if (xmax !== undefined && (max === undefined || xmax <= max)) parts.push(`< ${xmax}`);
      else if (max !== undefined) parts.push(`<= ${max}`);
      return parts.join(" ");
    }
    case "timestamp":
      return "integer (Unix time)";
    case "literal": {
      const text = JSON.stringify(t.value);
      return text.length > 80 ? text.slice(0, 77) + "..." : text;
    }
    case "ref": {
      const target = s.target(t.name);
      return target.kind === "enum" && target.open ? "string" : t.name;
    }
    case "array":
      if (t.prefix) return `[${[...t.prefix.map((m) => expected(m, s)), ...(t.items.kind === "never" ? [] : [`...${wrap(t.items, s)}`])].join(", ")}]`;
      return `array of ${wrap(t.items, s)}`;
    case "refine":
      return expected(t.base, s);
    case "record":
      return `object with ${wrap(t.values, s)} values`;
    case "expandable":
      return `${expected({ kind: "string", ...t.id }, s)} (id) | ${expected(t.target, s)}`;
    case "union": {
      const text = t.members.map((m) => wrap(m, s)).join(" | ");
      // A dispatched union is exclusive by construction: no need to say "exactly one".
      return s.exactlyOne(t) && !t.discriminator ? `exactly one of ${text}` : text;
    }
    case "intersection":
      return t.members.map((m) => wrap(m, s)).join(" & ");
    default: {
      const never: never = t;
      return never;
    }
  }
}

function wrap(t: TypeExpr, s: GuardScope): string {
  const text = expected(t, s);
  return t.kind === "union" || t.kind === "intersection" || t.kind === "expandable" ? `(${text})` : text;
}

/** `n code points`, singular for one. */
function codePoints(n: number): string {
  return n === 1 ? "1 code point" : `${n} code points`;
}
