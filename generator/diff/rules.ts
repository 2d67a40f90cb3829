/**
 * How much each kind of spec change matters to code that *reads* API payloads through the
 * generated types and guards. Every rule has an id (used in reports and as a test title), a
 * severity per enum mode and the reason for it; the README's table is this table.
 */
import type { EnumMode } from "../config.ts";

export type Severity = "breaking" | "warning" | "safe";

export type ChangeKind =
  | "schema-added"
  | "schema-removed"
  | "property-added"
  | "property-removed"
  | "became-required"
  | "became-optional"
  | "became-nullable"
  | "became-non-nullable"
  | "type-changed"
  | "enum-value-added"
  | "enum-value-removed"
  | "constraint-changed"
  /** Description or deprecation only: counted apart, listed with `--verbose`. */
  | "description-changed";

export interface Rule {
  readonly id: string;
  readonly change: ChangeKind;
  readonly severity: Readonly<Record<EnumMode, Severity>>;
  readonly reason: string;
}

const both = (s: Severity): Record<EnumMode, Severity> => ({ open: s, closed: s });

export const RULES = [
  { id: "schema-added", change: "schema-added", severity: both("safe"), reason: "a new type and guards appear; no existing code refers to them" },
  { id: "schema-removed", change: "schema-removed", severity: both("breaking"), reason: "imports of the type and its guards no longer resolve" },
  { id: "property-added", change: "property-added", severity: both("safe"), reason: "object types and guards admit extra keys, so payloads carrying the new property still pass" },
  {
    id: "property-added-strict",
    change: "property-added",
    severity: both("breaking"),
    reason: "with `strictObjects` or `additionalProperties: false`, guards reject keys the schema does not declare, so guards generated before the change reject new payloads",
  },
  { id: "property-removed", change: "property-removed", severity: both("breaking"), reason: "code reading the property no longer compiles, and guards generated before the change reject payloads without it when it was required" },
  { id: "became-required", change: "became-required", severity: both("safe"), reason: "readers get a guarantee they did not have; checks for absence become redundant, not wrong" },
  { id: "became-optional", change: "became-optional", severity: both("breaking"), reason: "code that uses the value without checking for `undefined` no longer compiles, and older guards reject payloads without it" },
  { id: "became-nullable", change: "became-nullable", severity: both("breaking"), reason: "`null` now reaches code that did not handle it; older guards reject it" },
  { id: "became-non-nullable", change: "became-non-nullable", severity: both("safe"), reason: "readers see a subset of what they handled; `null` checks become redundant" },
  { id: "type-changed", change: "type-changed", severity: both("breaking"), reason: "values of another type (or another union member) reach code and guards written for the old one" },
  {
    id: "enum-value-added",
    change: "enum-value-added",
    severity: { open: "warning", closed: "breaking" },
    reason:
      "closed enums: older guards reject the new value and exhaustive switches miss it; open enums admit unknown values by design (the `default:` branch sees them), so it only deserves a look",
  },
  {
    id: "closed-enum-value-added",
    change: "enum-value-added",
    severity: both("breaking"),
    reason:
      "an enum that is closed in both enum modes (a property's single value, a string enum inside `then`, `else` or another rule): older guards reject the new value and exhaustive switches miss it",
  },
  {
    id: "literal-value-added",
    change: "enum-value-added",
    severity: both("breaking"),
    reason: "a union of literal values that are not strings (`1 | 2`, `true`) is closed in both enum modes: older guards reject the new value and exhaustive switches miss it",
  },
  {
    id: "enum-value-removed",
    change: "enum-value-removed",
    severity: both("warning"),
    reason: "payloads still validate, but a branch for the value becomes dead code (and in closed mode a comparison with it no longer type-checks)",
  },
  { id: "constraint-tightened", change: "constraint-changed", severity: both("safe"), reason: "payloads now satisfy a stricter rule, which older guards accept too" },
  {
    id: "constraint-loosened",
    change: "constraint-changed",
    severity: both("warning"),
    reason: "payloads may carry values older guards reject (a longer string, a larger number) and storage sized for the old limit may be too small",
  },
  { id: "constraint-changed", change: "constraint-changed", severity: both("warning"), reason: "a pattern or format changed: neither stricter nor looser can be decided, so check it by hand" },
  { id: "description-changed", change: "description-changed", severity: both("safe"), reason: "documentation only: the generated code's behaviour is the same" },
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]["id"];

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export function rule(id: RuleId): Rule {
  return BY_ID.get(id)!;
}

/**
 * Which way a constraint moved. Upper bounds tighten as they fall, lower bounds as they rise; a
 * bound that appears tightens, one that disappears loosens; `integer` appearing tightens.
 */
export type Direction = "tightened" | "loosened" | "changed";

const UPPER = new Set(["maxLength", "maxItems", "maximum", "exclusiveMaximum", "maxProperties"]);
const LOWER = new Set(["minLength", "minItems", "minimum", "exclusiveMinimum", "minProperties"]);

export function direction(key: string, from: unknown, to: unknown): Direction {
  const name = key.slice(key.lastIndexOf(".") + 1);
  if (name === "pattern" || name === "format") {
    if (from === undefined) return "tightened";
    if (to === undefined) return "loosened";
    return "changed";
  }
  if (from === undefined) return "tightened";
  if (to === undefined) return "loosened";
  if (name === "integer") return to === true ? "tightened" : "loosened";
  if (name === "multipleOf" && typeof from === "number" && typeof to === "number") {
    // A multiple of the new step is a multiple of the old one: fewer values pass. Decimal steps
    // divide inexactly in binary (0.3 / 0.1 is 2.9999999999999996): a whole ratio within 1e-9 counts.
    const whole = (x: number): boolean => Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, Math.abs(x));
    if (whole(to / from)) return "tightened";
    if (whole(from / to)) return "loosened";
    return "changed";
  }
  if (typeof from === "number" && typeof to === "number") {
    if (UPPER.has(name)) return to < from ? "tightened" : "loosened";
    if (LOWER.has(name)) return to > from ? "tightened" : "loosened";
  }
  return "changed";
}

export const DIRECTION_RULE: Readonly<Record<Direction, RuleId>> = {
  tightened: "constraint-tightened",
  loosened: "constraint-loosened",
  changed: "constraint-changed",
};
