/** The normalisation rules (generator/normalize/normalize.ts), one row per rule name. */
import { describe, expect, test } from "vitest";
import { normalize, type OpenApiVersion } from "../generator/normalize/normalize.ts";

const ROWS: { rule: string; version: OpenApiVersion; given: unknown; want: unknown }[] = [
  { rule: "boolean-schema: true", version: "3.1", given: true, want: {} },
  { rule: "boolean-schema: false", version: "3.1", given: false, want: { not: {} } },
  { rule: "type-array-null", version: "3.1", given: { type: ["string", "null"] }, want: { type: "string", nullable: true } },
  { rule: "type-array-null: several types stay a list", version: "3.1", given: { type: ["string", "integer", "null"] }, want: { type: ["string", "integer"], nullable: true } },
  { rule: "type-array-null: only null", version: "3.1", given: { type: ["null"] }, want: { type: "null" } },
  { rule: "type-array-null: an enum without null decides (3.1)", version: "3.1", given: { type: ["string", "null"], enum: ["a"] }, want: { type: "string", enum: ["a"] } },
  { rule: "enum-null", version: "3.0", given: { type: "string", nullable: true, enum: ["a", null] }, want: { type: "string", enum: ["a"], nullable: true } },
  { rule: "enum-null: no type", version: "3.1", given: { enum: ["a", null] }, want: { enum: ["a"], nullable: true } },
  { rule: "values-of-type: null is no string (3.0 without nullable)", version: "3.0", given: { type: "string", enum: ["a", null] }, want: { type: "string", enum: ["a"] } },
  { rule: "values-of-type: values of another type are dropped", version: "3.1", given: { type: "string", enum: [1, "1", true] }, want: { type: "string", enum: ["1"] } },
  { rule: "values-of-type: integer admits whole numbers only", version: "3.1", given: { type: "integer", enum: [1, 1.5, 2.0] }, want: { type: "integer", enum: [1, 2] } },
  { rule: "values-of-type: a const of another type matches nothing", version: "3.1", given: { type: "string", const: null }, want: { not: {} } },
  { rule: "type-array-object", version: "3.1", given: { type: ["object", "string", "null"], properties: { a: {} }, required: ["a"], maxLength: 3, not: { const: "x" }, description: "d" }, want: { description: "d", anyOf: [{ type: "object", properties: { a: {} }, required: ["a"], not: { const: "x" } }, { type: ["string", "null"], maxLength: 3, not: { const: "x" } }] } },
  { rule: "values-fit-siblings: listed values that break a sibling are dropped", version: "3.1", given: { type: "number", maximum: 2, exclusiveMinimum: 0, enum: [0, 1, 2, 3.5] }, want: { type: "number", maximum: 2, exclusiveMinimum: 0, enum: [1, 2] } },
  { rule: "values-fit-siblings: a const that breaks one matches nothing", version: "3.1", given: { type: "object", required: ["b"], const: { a: 1 } }, want: { not: {} } },
  { rule: "enum-with-const: a listed const stands alone", version: "3.1", given: { enum: [1, { a: [2] }], const: { a: [2] } }, want: { const: { a: [2] } } },
  { rule: "enum-with-const: a const the enum does not list matches nothing", version: "3.0", given: { enum: [1, 2], const: 3 }, want: { not: {} } },
  { rule: "enum-with-const: beside 3.0's nullable, only null is left", version: "3.0", given: { type: "string", nullable: true, enum: ["a"], const: "b" }, want: { type: "null" } },
  { rule: "enum-null: only null", version: "3.0", given: { enum: [null] }, want: { type: "null" } },
  { rule: "const-null", version: "3.1", given: { const: null }, want: { type: "null" } },
  { rule: "exclusive-bound-boolean", version: "3.0", given: { type: "number", minimum: 1, exclusiveMinimum: true, maximum: 2, exclusiveMaximum: false }, want: { type: "number", exclusiveMinimum: 1, maximum: 2 } },
  { rule: "nullable-31: true is read as in 3.0", version: "3.1", given: { type: "string", nullable: true }, want: { type: "string", nullable: true } },
  { rule: "nullable-31: false is dropped", version: "3.1", given: { type: "string", nullable: false }, want: { type: "string" } },
  { rule: "nullable-31: beside a bare $ref, as in 3.0", version: "3.1", given: { $ref: "#/x", nullable: true }, want: { $ref: "#/x", nullable: true } },
  { rule: "ref-siblings-30", version: "3.0", given: { $ref: "#/x", nullable: true, maxLength: 3, description: "d" }, want: { $ref: "#/x", nullable: true, description: "d" } },
  { rule: "ref-siblings-31", version: "3.1", given: { $ref: "#/x", maxLength: 3, description: "d" }, want: { maxLength: 3, allOf: [{ $ref: "#/x" }], description: "d" } },
  { rule: "ref-siblings-31: annotations only keep the bare ref", version: "3.1", given: { $ref: "#/x", description: "d" }, want: { $ref: "#/x", description: "d" } },
  { rule: "malformed-keyword: counts, numbers, lists of names", version: "3.0", given: { type: "string", maxLength: "3", minLength: 2.5, required: "a", maximum: "9", pattern: 5 }, want: { type: "string" } },
  { rule: "malformed-keyword: a numeric name in required (unquoted YAML)", version: "3.1", given: { type: "object", required: [200], properties: { "200": {} } }, want: { type: "object", properties: { "200": {} } } },
  { rule: "malformed-keyword: containers of schemas", version: "3.1", given: { allOf: { type: "string" }, additionalProperties: "false", properties: 5 }, want: {} },
  { rule: "malformed-keyword: 3.0's boolean exclusive bound in a 3.1 spec (it was read the 3.0 way, silently)", version: "3.1", given: { type: "number", minimum: 1, exclusiveMinimum: true, exclusiveMaximum: 5 }, want: { type: "number", minimum: 1, exclusiveMaximum: 5 } },
  { rule: "malformed-keyword: a schema's own kind is left to the model (its error names the member)", version: "3.1", given: { not: 1, allOf: [5], properties: { a: null } }, want: { not: 1, allOf: [5], properties: { a: null } } },
  { rule: "malformed-keyword: multipleOf must be positive; bounds finite", version: "3.1", given: { type: "number", multipleOf: 0, maximum: Infinity, minimum: 1 }, want: { type: "number", minimum: 1 } },
  { rule: "malformed-keyword: enum values no JSON can hold are dropped", version: "3.1", given: { enum: [Infinity, 1, NaN] }, want: { enum: [1] } },
  { rule: "malformed-keyword: a const no JSON can hold matches nothing", version: "3.1", given: { const: -Infinity }, want: { not: {} } },
  { rule: "malformed-keyword: well-formed values stay", version: "3.1", given: { type: "array", maxItems: 0, uniqueItems: true, items: true, prefixItems: [{}] }, want: { type: "array", maxItems: 0, uniqueItems: true, items: true, prefixItems: [{}] } },
  { rule: "not a schema", version: "3.0", given: [1], want: undefined },
];

describe("normalize", () => {
  test.each(ROWS)("$rule", ({ version, given, want }) => {
    expect(normalize(given, version)).toEqual(want);
  });

  test("the input is never changed", () => {
    const given = Object.freeze({ type: Object.freeze(["string", "null"]), enum: Object.freeze(["a", null]) });
    expect(() => normalize(given, "3.1")).not.toThrow();
    expect(given).toEqual({ type: ["string", "null"], enum: ["a", null] });
  });
});
