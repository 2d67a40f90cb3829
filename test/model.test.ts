/**
 * Stage 3, model: the TypeExpr each schema shape becomes. Each row puts the schema at
 * `parent.properties.field` (optionally next to helper components) and checks the field's type
 * and the declarations hoisted out of it.
 */
import { describe, expect, test } from "vitest";
import { unicodePattern } from "../generator/normalize/pattern.ts";
import { SpecError } from "../generator/errors.ts";
import type { Decl, TypeExpr } from "../generator/model/types.ts";
import { declNames, declOf, generateInline, specWith } from "./support/inline.ts";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const resource = (name: string) => ({
  type: "object",
  required: ["id", "object"],
  properties: { id: { type: "string" }, object: { type: "string", enum: [name] } },
});
const HELPERS = { target: resource("target"), deleted_target: { ...resource("target"), properties: { ...resource("target").properties, deleted: { type: "boolean", enum: [true] } } }, other: resource("other") };

async function fieldOf(schema: unknown, options: { openapi?: string; field?: string; enums?: "open" | "closed" } = {}) {
  const field = options.field ?? "field";
  const doc = specWith({ parent: { type: "object", properties: { [field]: schema } }, ...HELPERS }, options.openapi);
  const result = await generateInline(doc, { select: ["parent"], enums: options.enums ?? "open" });
  const parent = declOf(result, "Parent");
  if (parent.kind !== "object") throw new Error("parent is not an object");
  const hoisted = result.model.modules.find((m) => m.schemaId === "parent")!.decls.slice(1);
  return { type: parent.properties[0]!.type, hoisted, result };
}

const STR: TypeExpr = { kind: "string" };
const NULL: TypeExpr = { kind: "null" };

describe("model: type expressions", () => {
  test.each<{ name: string; schema: unknown; want: TypeExpr; openapi?: string; field?: string }>([
    { name: "string with constraints", schema: { type: "string", maxLength: 5000, minLength: 1, pattern: "^a", format: "email" }, want: { kind: "string", maxLength: 5000, minLength: 1, pattern: "^a", format: "email" } },
    { name: "integer with bounds", schema: { type: "integer", minimum: 0, maximum: 10 }, want: { kind: "number", integer: true, minimum: 0, maximum: 10 } },
    { name: "3.0 boolean exclusive bounds", schema: { type: "number", minimum: 0, exclusiveMinimum: true }, want: { kind: "number", integer: false, exclusiveMinimum: 0 } },
    { name: "3.1 numeric exclusive bounds", schema: { type: "number", exclusiveMaximum: 1 }, want: { kind: "number", integer: false, exclusiveMaximum: 1 }, openapi: "3.1.0" },
    { name: "boolean", schema: { type: "boolean" }, want: { kind: "boolean" } },
    { name: "nullable", schema: { type: "string", nullable: true }, want: { kind: "union", members: [STR, NULL], exclusive: false } },
    { name: "3.1 nullable: true, read as in 3.0", schema: { type: "string", nullable: true }, want: { kind: "union", members: [STR, NULL], exclusive: false }, openapi: "3.1.0" },
    { name: "3.1 nullable: false, ignored", schema: { type: "string", nullable: false }, want: STR, openapi: "3.1.0" },
    { name: "unix-time → timestamp", schema: { type: "integer", format: "unix-time" }, want: { kind: "timestamp" } },
    { name: "nullable unix-time", schema: { type: "integer", format: "unix-time", nullable: true }, want: { kind: "union", members: [{ kind: "timestamp" }, NULL], exclusive: false } },
    { name: "single-value `object` enum → literal", field: "object", schema: { type: "string", enum: ["parent"] }, want: { kind: "literal", value: "parent" } },
    { name: "boolean enum → literal", schema: { type: "boolean", enum: [true] }, want: { kind: "literal", value: true } },
    { name: "number enum → literal union", schema: { type: "integer", enum: [1, 2] }, want: { kind: "union", members: [{ kind: "literal", value: 1 }, { kind: "literal", value: 2 }], exclusive: false } },
    { name: "component ref", schema: ref("target"), want: { kind: "ref", name: "Target" } },
    {
      name: "anyOf + x-expansionResources → expandable",
      schema: { anyOf: [{ type: "string", maxLength: 5000 }, ref("target")], "x-expansionResources": { oneOf: [ref("target")] } },
      want: { kind: "expandable", target: { kind: "ref", name: "Target" }, id: { maxLength: 5000 } },
    },
    {
      name: "nullable expandable of a union (deleted variant)",
      schema: { anyOf: [{ type: "string" }, ref("target"), ref("deleted_target")], nullable: true, "x-expansionResources": { oneOf: [ref("target"), ref("deleted_target")] } },
      want: { kind: "union", exclusive: false, members: [{ kind: "expandable", target: { kind: "union", exclusive: false, members: [{ kind: "ref", name: "Target" }, { kind: "ref", name: "DeletedTarget" }] } }, NULL] },
    },
    { name: "anyOf without the extension → plain union", schema: { anyOf: [{ type: "string" }, ref("target")] }, want: { kind: "union", exclusive: false, members: [STR, { kind: "ref", name: "Target" }] } },
    { name: "oneOf → exclusive union", schema: { oneOf: [{ type: "string" }, { type: "boolean" }] }, want: { kind: "union", exclusive: true, members: [STR, { kind: "boolean" }] } },
    {
      name: "oneOf of resources → discriminator on `object`",
      schema: { oneOf: [ref("target"), ref("other")] },
      want: { kind: "union", exclusive: true, members: [{ kind: "ref", name: "Target" }, { kind: "ref", name: "Other" }], discriminator: { property: "object", map: [["target", "Target"], ["other", "Other"]] } },
    },
    {
      name: "two members sharing an `object` value → no discriminator",
      schema: { oneOf: [ref("target"), ref("deleted_target")] },
      want: { kind: "union", exclusive: true, members: [{ kind: "ref", name: "Target" }, { kind: "ref", name: "DeletedTarget" }] },
    },
    { name: "additionalProperties → record", schema: { type: "object", additionalProperties: { type: "string", maxLength: 500 } }, want: { kind: "record", values: { kind: "string", maxLength: 500 } } },
    { name: "bare object → record of unknown", schema: { type: "object" }, want: { kind: "record", values: { kind: "unknown" } } },
    { name: "no type at all → unknown", schema: {}, want: { kind: "unknown" } },
    { name: "array", schema: { type: "array", items: { type: "integer" }, maxItems: 3 }, want: { kind: "array", items: { kind: "number", integer: true }, maxItems: 3 } },
    { name: "array without items", schema: { type: "array" }, want: { kind: "array", items: { kind: "unknown" } } },
    { name: "3.1 type array with null", schema: { type: ["string", "null"] }, want: { kind: "union", exclusive: false, members: [STR, NULL] }, openapi: "3.1.0" },
    { name: "3.1 type array of two types", schema: { type: ["integer", "boolean"] }, want: { kind: "union", exclusive: false, members: [{ kind: "number", integer: true }, { kind: "boolean" }] }, openapi: "3.1.0" },
    { name: "const string", schema: { const: "fixed" }, want: { kind: "literal", value: "fixed" }, openapi: "3.1.0" },
    { name: "const null", schema: { const: null }, want: NULL, openapi: "3.1.0" },
    { name: "allOf of a scalar and a ref → intersection", schema: { allOf: [{ type: "string" }, ref("target")] }, want: { kind: "intersection", members: [STR, { kind: "ref", name: "Target" }] } },
    { name: "allOf of one → the member", schema: { allOf: [ref("target")] }, want: { kind: "ref", name: "Target" } },
    {
      name: "allOf nested in allOf, with repeats → one flat intersection, each part once",
      schema: { allOf: [{ allOf: [{ type: "string" }, ref("target")] }, ref("target"), { allOf: [{ type: "string" }, ref("other")] }] },
      want: { kind: "intersection", members: [STR, { kind: "ref", name: "Target" }, { kind: "ref", name: "Other" }] },
    },
    { name: "allOf of the same scalar twice → the scalar", schema: { allOf: [{ type: "string" }, { allOf: [{ type: "string" }] }] }, want: STR },
  ])("$name", async ({ schema, want, openapi, field }) => {
    const opts: { openapi?: string; field?: string } = {};
    if (openapi) opts.openapi = openapi;
    if (field) opts.field = field;
    const { type, hoisted } = await fieldOf(schema, opts);
    expect(type).toEqual(want);
    expect(hoisted).toEqual([]);
  });
});

describe("model: hoisted declarations", () => {
  test.each<{ name: string; schema: unknown; want: TypeExpr; decl: Partial<Decl> & Record<string, unknown>; enums?: "open" | "closed" }>([
    {
      name: "string enum → EnumDecl named Parent + Field",
      schema: { type: "string", enum: ["requires_input", "verified"] },
      want: { kind: "ref", name: "ParentField" },
      decl: { kind: "enum", name: "ParentField", members: [{ key: "RequiresInput", value: "requires_input" }, { key: "Verified", value: "verified" }], open: true, incomplete: false },
    },
    {
      name: "closed mode, bypass-validation marks the set incomplete",
      schema: { type: "string", enum: ["a"], "x-stripeBypassValidation": true },
      want: { kind: "ref", name: "ParentField" },
      decl: { kind: "enum", open: false, incomplete: true },
      enums: "closed",
    },
    {
      name: "nullable enum → ref | null, and the null is not a member",
      schema: { type: "string", enum: ["a", "b", null], nullable: true },
      want: { kind: "union", exclusive: false, members: [{ kind: "ref", name: "ParentField" }, NULL] },
      decl: { kind: "enum", members: [{ key: "A", value: "a" }, { key: "B", value: "b" }] },
    },
    {
      name: "duplicate values collapse",
      schema: { type: "string", enum: ["a", "a"] },
      want: { kind: "ref", name: "ParentField" },
      decl: { kind: "enum", members: [{ key: "A", value: "a" }] },
    },
    {
      name: "single-value enum on a field not named `object` still hoists",
      schema: { type: "string", enum: ["only"] },
      want: { kind: "ref", name: "ParentField" },
      decl: { kind: "enum", members: [{ key: "Only", value: "only" }] },
    },
    {
      name: "inline object → ObjectDecl named Parent + Field",
      schema: { type: "object", required: ["n"], properties: { n: { type: "integer" } }, description: "Inner." },
      want: { kind: "ref", name: "ParentField" },
      decl: { kind: "object", doc: { description: "Inner." }, additional: true, properties: [{ name: "n", type: { kind: "number", integer: true }, required: true, doc: {}, pointer: "/components/schemas/parent/properties/field/properties/n" }] },
    },
  ])("$name", async ({ schema, want, decl, enums }) => {
    const { type, hoisted } = await fieldOf(schema, enums ? { enums } : {});
    expect(type).toEqual(want);
    expect(hoisted).toHaveLength(1);
    expect(hoisted[0]).toMatchObject({ name: "ParentField", module: "parent", pointer: "/components/schemas/parent/properties/field", ...decl });
  });
});

describe("model: components", () => {
  test("top-level shapes: object, enum, alias; required and docs", async () => {
    const result = await generateInline(
      specWith({
        obj: { type: "object", required: ["a"], properties: { a: { type: "string" }, b: { type: "string", deprecated: true } }, additionalProperties: false },
        color: { type: "string", enum: ["red"], description: "A colour." },
        nullable_color: { type: "string", enum: ["red"], nullable: true },
        null_in_values: { type: ["string", "null"], enum: ["x", null] },
        titled: { type: "integer", title: "Only a title" },
      }),
    );
    expect(declOf(result, "Obj")).toMatchObject({ kind: "object", additional: false, properties: [{ name: "a", required: true }, { name: "b", required: false, doc: { deprecated: true } }] });
    expect(declOf(result, "Color")).toMatchObject({ kind: "enum", doc: { description: "A colour." } });
    // A nullable enum component is an alias of its hoisted enum, plus null (it used to lose its values: `unknown | null`).
    expect(declOf(result, "NullableColor")).toMatchObject({ kind: "alias", type: { kind: "union", members: [{ kind: "ref", name: "NullableColorEnum" }, NULL] } });
    expect(declOf(result, "NullableColorEnum")).toMatchObject({ kind: "enum", members: [{ key: "Red", value: "red" }] });
    expect(declOf(result, "NullInValues")).toMatchObject({ kind: "alias", type: { kind: "union", members: [{ kind: "ref", name: "NullInValuesEnum" }, NULL] } });
    expect(declOf(result, "Titled")).toMatchObject({ kind: "alias", type: { kind: "number", integer: true }, doc: { description: "Only a title" } });
    expect(declNames(result)).toEqual(["Color", "NullInValues", "NullInValuesEnum", "NullableColor", "NullableColorEnum", "Obj", "Titled"]);
  });

  test("recursive declarations are marked", async () => {
    const result = await generateInline(specWith({ tree: { type: "object", properties: { kids: { type: "array", items: ref("tree") } } }, leaf: { type: "string" } }));
    expect([...result.model.recursive]).toEqual(["Tree"]);
  });

  test("a cycle through an inline $ref ($defs, or a property's path) is a recursive declaration of its own, not an error", async () => {
    const node = { type: "object", required: ["v"], properties: { v: { type: "integer" }, kids: { type: "array", items: ref("defs/$defs/node") } } };
    const result = await generateInline(
      specWith(
        {
          defs: { type: "object", properties: { root: ref("defs/$defs/node") }, $defs: { node } },
          path: { type: "object", properties: { node: { type: "object", properties: { next: ref("path/properties/node") } } } },
        },
        "3.1.0",
      ),
    );
    expect(declOf(result, "DefsRoot")).toMatchObject({ kind: "object", properties: [{ name: "v" }, { name: "kids", type: { kind: "array", items: { kind: "ref", name: "DefsRoot" } } }] });
    expect(declOf(result, "PathNode")).toMatchObject({ kind: "object", properties: [{ name: "next", type: { kind: "ref", name: "PathNode" } }] });
    // Recursive, so their guards memoise verdicts (linear time on shared subtrees).
    expect([...result.model.recursive].sort()).toEqual(["Defs", "DefsRoot", "Path", "PathNode"]);
  });

  test.each([
    { name: "invalid pattern in patternProperties", schema: { type: "object", patternProperties: { "(": { type: "string" } } }, pointer: "/components/schemas/parent/properties/field/patternProperties/(" },
    { name: "unknown type", schema: { type: "date" }, pointer: "/components/schemas/parent/properties/field/type" },
    { name: "cycle through a non-component ref", schema: { $ref: "#/components/schemas/parent/properties/field" }, pointer: "/components/schemas/parent/properties/field/$ref" },
  ])("schema-invalid: $name", async ({ schema, pointer }) => {
    const error = await fieldOf(schema).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems.map((p) => [p.code, p.pointer])).toEqual([["schema-invalid", pointer]]);
  });

  test("a `pattern` that is no ECMA-262 regular expression (a Java one) is ignored with a warning at its pointer, saying when a plain RegExp reads it loosely; the rest of the spec is generated (the whole spec was refused: 31 of AWS's specs carry one)", async () => {
    for (const [pattern, loose] of [["\\p{Print}+", true], ["^[\\w-.+]+$", true], ["a{", true], ["(", false]] as const) {
      const { type, result } = await fieldOf({ type: "string", pattern, maxLength: 5 });
      // The pattern is dropped, the other keywords stay.
      expect(type, pattern).toEqual({ kind: "string", maxLength: 5 });
      const warning = result.model.warnings.find((w) => w.pointer === "/components/schemas/parent/properties/field/pattern");
      expect(warning?.code, pattern).toBe("schema-invalid");
      expect(warning?.message).toContain("not a valid regular expression");
      expect(warning?.message).toContain("ignored");
      expect(warning?.message.includes("plain JavaScript RegExp"), pattern).toBe(loose);
    }
  });

  test("a schema written where a type name belongs (`type: {…}`) is ignored with a warning, as other malformed keywords are (it refused the whole spec)", async () => {
    const { type, result } = await fieldOf({ type: { type: "string", enum: ["a"] } });
    expect(type).toEqual({ kind: "unknown" });
    expect(result.model.warnings.map((w) => [w.code, w.pointer])).toContainEqual(["schema-invalid", "/components/schemas/parent/properties/field/type"]);
  });
});

describe("patterns written for engines without the u flag (normalize/pattern.ts)", () => {
  // given → want: escaped punctuation that is not syntax means the bare character in both dialects.
  test.each([
    ["^\\d+(?:\\:\\d+)?$", "^\\d+(?::\\d+)?$"],
    ["^[\\w\\%\\-]+\\-x$", "^[\\w%\\-]+-x$"],
    ["\\'\\\"\\@\\#\\&\\=\\!\\<\\>\\,\\;\\~\\ ", "'\"@#&=!<>,;~ "],
    ["\\[\\:\\]", "\\[:\\]"],
    ["^\\.\\*\\/$", "^\\.\\*\\/$"],
  ])("%s → %s", (given, want) => {
    expect(unicodePattern(given)).toBe(want);
    // The same strings match before (without u) and after (with u).
    for (const text of ["12:34", "a%-b-x", "'\"@#&=!<>,;~ ", "[:]", ".*/", ":", "-"]) expect(new RegExp(want, "u").test(text), text).toBe(new RegExp(given).test(text));
  });

  test("valid u patterns are kept as written; what no rewrite saves stays refused", () => {
    expect(unicodePattern("^\\p{L}+$")).toBe("^\\p{L}+$");
    expect(unicodePattern("a{")).toBeUndefined();
    expect(unicodePattern("\\c")).toBeUndefined();
  });

  test("a spec with such patterns generates (it was refused whole), the pattern rewritten", async () => {
    const result = await generateInline(specWith({ stamp: { type: "string", pattern: "^\\d+(?:\\:\\d+)?$" } }));
    expect(declOf(result, "Stamp")).toMatchObject({ kind: "alias", type: { kind: "string", pattern: "^\\d+(?::\\d+)?$" } });
  });
});

describe("model: alias cycles", () => {
  // A component that is only a `$ref` chain back to itself (`a: {$ref: a}`, or `a → b → a`) would
  // be `export type A = A;`, which TypeScript rejects ("circularly references itself"): reported.
  test.each([
    { name: "self alias", schemas: { a: ref("a") } },
    { name: "mutual aliases", schemas: { a: ref("b"), b: ref("a") } },
  ])("$name is reported as schema-invalid", async ({ schemas }) => {
    const error = await generateInline(specWith(schemas)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems[0]).toMatchObject({ code: "schema-invalid", pointer: "/components/schemas/a/$ref" });
  });

  // A schema that applies itself to the very value it checks, through `not`, `if` or
  // `dependentSchemas`, has no meaning (ajv overflows its stack); the guard overflowed too, and
  // `isT(1)` and `validateT(1)` disagreed. Reported at the declaration (found by a probe).
  test.each([
    { name: "not", schemas: { t: { not: ref("t") } } },
    { name: "if", version: "3.1.0", schemas: { t: { if: ref("t"), then: { type: "string" } } } },
    { name: "dependentSchemas, on an object", version: "3.1.0", schemas: { t: { type: "object", dependentSchemas: { a: ref("t") }, properties: { b: { type: "integer" } } } } },
    { name: "not, through another schema", schemas: { t: { not: ref("u") }, u: { anyOf: [ref("t"), { type: "string" }] } } },
  ])("a schema applied to its own value through $name is reported as schema-invalid", async ({ schemas, version }) => {
    const error = await generateInline(specWith(schemas, version)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems[0]).toMatchObject({ code: "schema-invalid", pointer: "/components/schemas/t", message: expect.stringMatching(/applies itself to the value it checks/) });
  });

  test("the same keywords one level down are fine: a property's not, if or dependentSchemas may refer back", async () => {
    const result = await generateInline(
      specWith({ t: { type: "object", properties: { a: { not: ref("t") }, b: { if: ref("t"), then: { type: "object" } } }, dependentSchemas: { c: { properties: { d: ref("t") } } } } }, "3.1.0"),
    );
    expect(result.model.recursive.has("T")).toBe(true);
  });

  test("recursion through an object or array is fine (and marked recursive)", async () => {
    const result = await generateInline(specWith({ list: { type: "array", items: ref("list") }, box: { type: "object", properties: { inner: ref("box") } } }));
    expect([...result.model.recursive].sort()).toEqual(["Box", "List"]);
  });
});

describe("model: OpenAPI 3.1 specs that still write nullable", () => {
  // Not a 3.1 keyword (JSON Schema ignores it), but specs converted from 3.0 keep it, and their
  // APIs do send null: it is honoured, and said at its pointer (an error with --strict).
  test("a warning names each nullable, and says what was done", async () => {
    const { result } = await fieldOf({ type: "string", nullable: true }, { openapi: "3.1.0" });
    const warning = result.model.warnings.find((w) => w.pointer === "/components/schemas/parent/properties/field/nullable");
    expect(warning?.message).toContain("read as in 3.0, so null is allowed");
    const three = await fieldOf({ type: "string", nullable: true });
    expect(three.result.model.warnings.filter((w) => w.pointer.endsWith("/nullable"))).toEqual([]);
  });
});
