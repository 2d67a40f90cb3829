/**
 * Naming rules, one table per named rule of generator/model/naming.ts and names.ts (the rule
 * names are the describe titles, so a failure points at the rule's documentation).
 */
import { describe, expect, test } from "vitest";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeOutput } from "../generator/index.ts";
import { enumKeys, moduleFiles, nameComponents, pascalCase, schemaTypeName } from "../generator/model/naming.ts";
import { declNames, declOf, generateInline, specWith } from "./support/inline.ts";

const stringEnum = (...values: string[]) => ({ type: "string", enum: values });

describe("pascal-case", () => {
  test.each([
    { name: "snake_case id", given: "gelato_session_last_error", want: "GelatoSessionLastError" },
    { name: "dotted id", given: "identity.verification_session", want: "IdentityVerificationSession" },
    { name: "kebab case", given: "payment-method", want: "PaymentMethod" },
    { name: "camel case keeps inner capitals", given: "camelCase_id", want: "CamelCaseId" },
    { name: "runs of separators", given: "a__b..c--d", want: "ABCD" },
    { name: "non-ASCII letters separate words", given: "caf\u00e9_menu", want: "CafMenu" },
  ])("$name: $given → $want", ({ given, want }) => {
    expect(pascalCase(given)).toBe(want);
    expect(schemaTypeName(given)).toBe(want);
  });
});

describe("leading-digit", () => {
  test.each([
    { name: "type name", given: "3d_secure", want: "_3dSecure" },
    { name: "all digits", given: "2024", want: "_2024" },
    { name: "digit after a separator is fine", given: "_3d", want: "_3d" },
  ])("$name: $given → $want", ({ given, want }) => {
    expect(schemaTypeName(given)).toBe(want);
  });
  test("enum keys get the same prefix", () => {
    expect(enumKeys(["3ds", "4xx_error"])).toEqual(["_3ds", "_4xxError"]);
  });
});

describe("reserved-name (RESERVED_TYPE_NAMES → `Schema` suffix)", () => {
  test.each([
    { name: "ECMAScript global", given: "error", want: "ErrorSchema" },
    { name: "utility type", given: "record", want: "RecordSchema" },
    { name: "web global", given: "file", want: "FileSchema" },
    { name: "runtime export Expandable", given: "expandable", want: "ExpandableSchema" },
    { name: "runtime export Timestamp", given: "timestamp", want: "TimestampSchema" },
    { name: "runtime export UnknownEnumValue", given: "unknown_enum_value", want: "UnknownEnumValueSchema" },
    { name: "internal runtime export Memo (internal files import both)", given: "memo", want: "MemoSchema" },
    { name: "near miss is not reserved", given: "errors", want: "Errors" },
    { name: "id without any word", given: "---", want: "Schema" },
  ])("$name: $given → $want", ({ given, want }) => {
    expect(schemaTypeName(given)).toBe(want);
  });

  test("an inline Parent+Field that spells a reserved name gets the suffix too", async () => {
    const result = await generateInline(specWith({ data: { type: "object", properties: { view: stringEnum("a", "b") } } }));
    expect(declNames(result)).toEqual(["Data", "DataViewSchema"]);
  });
});

describe("component-collision", () => {
  test.each([
    {
      name: "ordinal order of ids decides who keeps the name",
      given: ["foo_bar", "foo.bar", "fooBar"],
      want: { "foo.bar": "FooBar", fooBar: "FooBar2", foo_bar: "FooBar3" },
    },
    {
      name: "numbered names skip names already taken by other ids",
      given: ["foo_bar", "foo.bar", "foo_bar2"],
      want: { "foo.bar": "FooBar", foo_bar: "FooBar3", foo_bar2: "FooBar2" },
    },
    {
      name: "reserved suffix collides with a real id",
      given: ["error", "error_schema"],
      want: { error: "ErrorSchema", error_schema: "ErrorSchema2" },
    },
    { name: "no collision, no change", given: ["a", "b"], want: { a: "A", b: "B" } },
  ])("$name", ({ given, want }) => {
    expect(Object.fromEntries(nameComponents(given))).toEqual(want);
    // Input order must not matter.
    expect(Object.fromEntries(nameComponents([...given].reverse()))).toEqual(want);
  });

  // Was a bug: nameComponents did not reserve `<Name>Values` for enum components, so
  // `color` (enum → const ColorValues) and `color_values` (interface ColorValues) both export
  // `ColorValues` and `export *` in index.ts became ambiguous.
  test("an enum component's `<Name>Values` constant does not clash with a component named <Name>Values", async () => {
    const result = await generateInline(
      specWith({ color: stringEnum("red", "blue"), color_values: { type: "object", properties: { n: { type: "integer" } } } }),
    );
    const exported = result.model.modules.flatMap((m) => m.decls.flatMap((d) => (d.kind === "enum" ? [d.name, d.name + "Values"] : [d.name])));
    expect(new Set(exported).size).toBe(exported.length);
  });
});

describe("inline-name", () => {
  test("an inline enum is named Parent + Field", async () => {
    const result = await generateInline(
      specWith({ "identity.verification_session": { type: "object", properties: { status: stringEnum("canceled", "verified") } } }),
    );
    expect(declOf(result, "IdentityVerificationSessionStatus").kind).toBe("enum");
  });
  test("nested inline declarations chain their parents' final names", async () => {
    const result = await generateInline(
      specWith({ a: { type: "object", properties: { b: { type: "object", properties: { c: stringEnum("x") } } } } }),
    );
    expect(declNames(result)).toEqual(["A", "AB", "ABC"]);
  });
});

describe("inline-collision", () => {
  test.each([
    {
      name: "a component holding the name makes the inline add its kind",
      schemas: { foo: { type: "object", properties: { status: stringEnum("a") } }, foo_status: { type: "object", properties: { x: { type: "string" } } } },
      want: ["Foo", "FooStatus", "FooStatusEnum"],
    },
    {
      name: "a component holding the enum's `Values` name counts as a clash",
      schemas: { foo: { type: "object", properties: { status: stringEnum("a") } }, foo_status_values: { type: "string" } },
      want: ["Foo", "FooStatusEnum", "FooStatusValues"],
    },
    {
      name: "two inline claimants: the ordinally first pointer keeps the plain name",
      schemas: { a: { type: "object", properties: { "b.c": stringEnum("x"), b_c: stringEnum("y") } } },
      want: ["A", "ABC", "ABC2"],
    },
    {
      name: "an inline object and an inline enum clashing with a component both add their kind",
      schemas: {
        p: { type: "object", properties: { q: { type: "object", properties: { r: { type: "string" } } }, "q-": stringEnum("z") } },
        p_q: { type: "string" },
      },
      want: ["P", "PQ", "PQEnum", "PQObject"],
    },
    {
      name: "inline collides with a shallower inline declaration",
      schemas: {
        x: { type: "object", properties: { y_z: stringEnum("a"), y: { type: "object", properties: { z: stringEnum("b") } } } },
      },
      want: ["X", "XY", "XYZ", "XYZEnum"],
    },
  ])("$name", async ({ schemas, want }) => {
    const result = await generateInline(specWith(schemas));
    expect(declNames(result)).toEqual(want);
  });

  test("the winner of a collision depends on pointers, not on spec order", async () => {
    const a = { "b.c": stringEnum("x"), b_c: stringEnum("y") };
    const b = { b_c: stringEnum("y"), "b.c": stringEnum("x") };
    const first = await generateInline(specWith({ a: { type: "object", properties: a } }));
    const second = await generateInline(specWith({ a: { type: "object", properties: b } }));
    const valuesOf = (r: typeof first, n: string) => {
      const d = declOf(r, n);
      return d.kind === "enum" ? d.members.map((m) => m.value) : [];
    };
    expect(valuesOf(first, "ABC")).toEqual(["x"]);
    expect(valuesOf(second, "ABC")).toEqual(["x"]);
  });
});

describe("module-file", () => {
  test.each([
    { name: "dotted id keeps its dots", given: ["identity.verification_session"], want: { "identity.verification_session": "identity.verification_session" } },
    { name: "case-insensitive collision gets _2", given: ["foo", "Foo"], want: { Foo: "foo", foo: "foo_2" } },
    // Ordinal order of ids decides, even against an id that spells the suffixed stem itself.
    { name: "suffix skips a stem already taken", given: ["a_2", "A", "a"], want: { A: "a", a: "a_2", a_2: "a_2_2" } },
    { name: "reserved stem index", given: ["index"], want: { index: "_index" } },
    { name: "reserved stem runtime", given: ["runtime"], want: { runtime: "_runtime" } },
    { name: "reserved device name, dotted", given: ["con.fig"], want: { "con.fig": "_con.fig" } },
    { name: "leading dot", given: [".hidden"], want: { ".hidden": "_.hidden" } },
    { name: "slashes, spaces and quotes become _", given: ['a/b c"d'], want: { 'a/b c"d': "a_b_c_d" } },
  ])("$name", ({ given, want }) => {
    expect(Object.fromEntries(moduleFiles(given))).toEqual(want);
  });

  test("a long id keeps its start and a hash of the whole id (file names are capped at 255 bytes)", async () => {
    const long = (end: string) => "a".repeat(300) + end;
    const files = moduleFiles([long("x"), long("y")]);
    const [x, y] = [files.get(long("x"))!, files.get(long("y"))!];
    expect(x).toMatch(/^a{191}_[0-9a-f]{8}$/);
    expect(y).toMatch(/^a{191}_[0-9a-f]{8}$/);
    expect(x).not.toBe(y);
    // And a whole run writes them (it stopped at ENAMETOOLONG on a staging path).
    const result = await generateInline(specWith({ [long("x")]: { type: "string" } }));
    const dir = await mkdtemp(join(tmpdir(), "specguard-long-"));
    try {
      await writeOutput(join(dir, "out"), result.files, { cwd: dir });
      expect(existsSync(join(dir, "out", "schemas", `${x}.ts`))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("enum-key", () => {
  test.each([
    { name: "snake case value", given: ["requires_input", "verified"], want: ["RequiresInput", "Verified"] },
    { name: "empty string", given: [""], want: ["Empty"] },
    { name: "no ASCII word at all", given: ["+", "-"], want: ["Value", "Value_2"] },
    { name: "values that spell the same key are numbered in spec order", given: ["a-b", "a_b", "A B"], want: ["AB", "AB_2", "AB_3"] },
    { name: "a numbered key that a later value spells itself", given: ["x", "X", "x_2"], want: ["X", "X_2", "X2"] },
    { name: "leading digit", given: ["3d_secure"], want: ["_3dSecure"] },
  ])("$name", ({ given, want }) => {
    expect(enumKeys(given)).toEqual(want);
  });

  test("every key is a distinct identifier and the wire values are kept exactly", async () => {
    const values = ["", "a-b", "a_b", "3ds", "*/", 'quo"te', "back\\slash", "\u2028"];
    const result = await generateInline(specWith({ weird: stringEnum(...values) }));
    const decl = declOf(result, "Weird");
    if (decl.kind !== "enum") throw new Error("expected an enum");
    expect(decl.members.map((m) => m.value)).toEqual(values);
    const keys = decl.members.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
  });
});
