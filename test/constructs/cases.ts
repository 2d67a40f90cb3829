/**
 * Given/want tables per OpenAPI construct: the schemas (component ids unique across the table, so
 * every case of one OpenAPI version lives in one document), the root schema, text its module
 * must contain (the type TypeScript sees), and values the guard must accept and reject. The
 * guards are also compared with ajv on every value and on mutants of them
 * (test/constructs.test.ts).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Case {
  readonly name: string;
  readonly version: "3.0" | "3.1";
  readonly schemas: Record<string, Json>;
  readonly root: string;
  /** Substrings of the root module's text (whitespace collapsed). */
  readonly types?: readonly string[];
  readonly valid: readonly Json[];
  readonly invalid: readonly Json[];
  /** Open enums accept unknown strings by design: compared in closed mode only. */
  readonly closedOnly?: boolean;
}

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });
const obj = (properties: Record<string, Json>, required: string[] = [], extra: Record<string, Json> = {}): Json => ({ type: "object", properties, required, ...extra });

export const CASES: readonly Case[] = [
  {
    name: "3.0 nullable component referenced: `X | null`, guards accept null",
    version: "3.0",
    schemas: { nu_user: { ...(obj({ login: { type: "string" } }, ["login"]) as object), nullable: true }, nu_issue: obj({ assignee: ref("nu_user") }, ["assignee"]) },
    root: "nu_issue",
    types: ["assignee: NuUser | null;"],
    valid: [{ assignee: null }, { assignee: { login: "octocat" } }],
    invalid: [{}, { assignee: {} }, { assignee: "octocat" }],
  },
  {
    name: "3.1 type [object, null] component referenced",
    version: "3.1",
    schemas: { nu31_license: { type: ["object", "null"], properties: { key: { type: "string" } }, required: ["key"] }, nu31_repo: obj({ license: ref("nu31_license") }, ["license"]) },
    root: "nu31_repo",
    types: ["license: Nu31License | null;"],
    valid: [{ license: null }, { license: { key: "mit" } }],
    invalid: [{ license: {} }, { license: 1 }],
  },
  {
    name: "3.0 nullable $ref and nullable scalars",
    version: "3.0",
    schemas: { nr_target: obj({ a: { type: "integer" } }, ["a"]), nr_holder: obj({ t: { $ref: "#/components/schemas/nr_target", nullable: true } as Json, n: { type: "number", nullable: true } }, ["t"]) },
    root: "nr_holder",
    valid: [{ t: null }, { t: { a: 1 }, n: null }, { t: { a: 1 }, n: 2.5 }],
    invalid: [{ t: { a: "1" } }, { t: null, n: "x" }],
  },
  {
    name: "allOf of objects merges: the base's required keys are checked",
    version: "3.0",
    schemas: {
      am_base: obj({ id: { type: "integer" }, note: { type: "string" } }, ["id"]),
      am_derived: { allOf: [ref("am_base"), obj({ name: { type: "string" } }, ["name"])] },
    },
    root: "am_derived",
    types: ["export interface AmDerived {", "id: number;", "note?: string;", "name: string;"],
    valid: [{ id: 1, name: "x" }, { id: 1, name: "x", note: "n", other: true }],
    invalid: [{ name: "x" }, { id: 1 }, { id: "1", name: "x" }],
  },
  {
    name: "required naming a property another allOf branch declares",
    version: "3.0",
    schemas: { ar_base: obj({ opt: { type: "string" } }), ar_derived: { allOf: [ref("ar_base")], required: ["opt", "undeclared"] } },
    root: "ar_derived",
    types: ["opt: string;", "undeclared: unknown;"],
    valid: [{ opt: "a", undeclared: 0 }],
    invalid: [{ opt: "a" }, { undeclared: 1 }, { opt: 1, undeclared: 1 }],
  },
  {
    name: "required names a key only additionalProperties/patternProperties can validate",
    version: "3.1",
    schemas: {
      rq_closed: { type: "object", properties: { a: { type: "string" } }, required: ["b"], additionalProperties: false },
      rq_typed: { type: "object", required: ["n", "x-id"], additionalProperties: { type: "integer" }, patternProperties: { "^x-": { type: "string" } } },
    },
    root: "rq_closed",
    types: ["b: never;"],
    valid: [],
    invalid: [{}, { b: 1 }, { a: "x", b: "y" }],
  },
  {
    name: "required keys typed by additionalProperties and patternProperties",
    version: "3.1",
    schemas: {},
    root: "rq_typed",
    types: ["n: number;", '"x-id": string;'],
    valid: [{ n: 1, "x-id": "a" }, { n: 1, "x-id": "a", m: 2 }],
    invalid: [{ n: "1", "x-id": "a" }, { n: 1, "x-id": 2 }, { n: 1 }],
  },
  {
    name: "allOf beside properties: both kept",
    version: "3.0",
    schemas: { ap_base: obj({ id: { type: "integer" } }, ["id"]), ap_both: { type: "object", properties: { extra: { type: "boolean" } }, required: ["extra"], allOf: [ref("ap_base")] } },
    root: "ap_both",
    types: ["id: number;", "extra: boolean;"],
    valid: [{ id: 1, extra: true }],
    invalid: [{ extra: true }, { id: 1 }],
  },
  {
    name: "anyOf beside properties: an intersection, both checked",
    version: "3.0",
    schemas: { ao_obj: { type: "object", properties: { a: { type: "string" } }, required: ["a"], anyOf: [{ required: ["b"] }, { required: ["c"] }] } },
    root: "ao_obj",
    valid: [{ a: "x", b: 1 }, { a: "x", c: null }],
    invalid: [{ a: "x" }, { b: 1 }, { a: 1, b: 1 }],
  },
  {
    name: "allOf with a non-object part stays an intersection",
    version: "3.1",
    schemas: { ai_str: { allOf: [{ type: "string" }, { maxLength: 3 }] } },
    root: "ai_str",
    valid: ["abc", ""],
    invalid: ["abcd", 1],
  },
  {
    name: "discriminator with mapping: narrows, dispatches, reports the chosen member",
    version: "3.0",
    schemas: {
      dm_cat: obj({ petType: { type: "string" }, livesLeft: { type: "integer", maximum: 9 } }, ["petType"]),
      dm_dog: obj({ petType: { type: "string" }, barks: { type: "boolean" } }, ["petType", "barks"]),
      dm_pet: { oneOf: [ref("dm_cat"), ref("dm_dog")], discriminator: { propertyName: "petType", mapping: { cat: "#/components/schemas/dm_cat", dog: "dm_dog" } } },
    },
    root: "dm_pet",
    types: ['(DmCat & { petType: "cat" }) | (DmDog & { petType: "dog" })'],
    valid: [{ petType: "cat", livesLeft: 9 }, { petType: "dog", barks: true }, { petType: "cat" }],
    invalid: [{ petType: "cat", livesLeft: 10 }, { petType: "bird" }, { petType: "dog" }, {}, "cat"],
  },
  {
    name: "discriminator without mapping: schema ids are the values",
    version: "3.1",
    schemas: {
      di_a: obj({ kind: { type: "string" }, a: { type: "integer" } }, ["kind", "a"]),
      di_b: obj({ kind: { type: "string" }, b: { type: "integer" } }, ["kind", "b"]),
      di_u: { anyOf: [ref("di_a"), ref("di_b")], discriminator: { propertyName: "kind" } },
    },
    root: "di_u",
    types: ['(DiA & { kind: "di_a" }) | (DiB & { kind: "di_b" })'],
    valid: [{ kind: "di_a", a: 1 }, { kind: "di_b", b: 2 }],
    invalid: [{ kind: "di_a", b: 2 }, { kind: "A", a: 1 }],
  },
  {
    name: "members fixing a property to distinct values: inferred discriminated union, literals in both enum modes",
    version: "3.0",
    schemas: {
      dl_cat: obj({ petType: { type: "string", enum: ["cat"] }, livesLeft: { type: "integer", maximum: 9 } }, ["petType"]),
      dl_dog: obj({ petType: { type: "string", enum: ["dog"] } }, ["petType"]),
      dl_pet: { oneOf: [ref("dl_cat"), ref("dl_dog")] },
    },
    root: "dl_pet",
    types: ["export type DlPet = DlCat | DlDog;"],
    valid: [{ petType: "cat", livesLeft: 1 }, { petType: "dog" }],
    invalid: [{ petType: "cat", livesLeft: 10 }, { petType: "fish" }],
  },
  {
    name: "a union of objects without a discriminant",
    version: "3.0",
    schemas: {
      cl_a: obj({ a: { type: "integer" }, x: { type: "string" } }, ["a"]),
      cl_b: obj({ b: { type: "boolean" }, c: { type: "boolean" } }, ["b", "c"]),
      cl_u: { anyOf: [ref("cl_a"), ref("cl_b")] },
    },
    root: "cl_u",
    valid: [{ a: 1 }, { b: true, c: false }],
    invalid: [{ a: 1, x: 2 }, {}, { b: true }],
  },
  {
    name: "prefixItems: a tuple; items: false closes it",
    version: "3.1",
    schemas: { tu_pair: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false, minItems: 1 } },
    root: "tu_pair",
    types: ["export type TuPair = [string, number?];"],
    valid: [["a"], ["a", 1]],
    invalid: [[], ["a", 1, 2], [1], ["a", "b"]],
  },
  {
    name: "prefixItems with items for the rest",
    version: "3.1",
    schemas: { tu_rest: { type: "array", prefixItems: [{ type: "boolean" }], items: { type: "string" } } },
    root: "tu_rest",
    types: ["export type TuRest = [boolean?, ...string[]];"],
    valid: [[], [true], [false, "a", "b"]],
    invalid: [["a"], [true, 1]],
  },
  {
    name: "items: false alone: only the empty array",
    version: "3.1",
    schemas: { ne_empty: { type: "array", items: false } },
    root: "ne_empty",
    types: ["export type NeEmpty = never[];"],
    valid: [[]],
    invalid: [[1], [null]],
  },
  {
    name: "uniqueItems (deep equality)",
    version: "3.0",
    schemas: { ui_set: { type: "array", uniqueItems: true, items: {} } },
    root: "ui_set",
    valid: [[], [1, "1"], [{ a: 1 }, { a: 2 }], [[1], [2]]],
    invalid: [[1, 1], [{ a: 1 }, { a: 1 }], [[1, 2], [1, 2]]],
  },
  {
    name: "contains / minContains / maxContains",
    version: "3.1",
    schemas: { co_arr: { type: "array", contains: { type: "integer" }, minContains: 2, maxContains: 3 } },
    root: "co_arr",
    valid: [[1, 2], ["a", 1, 2, 3]],
    invalid: [[1], [], [1, 2, 3, 4], ["a", "b"]],
  },
  {
    name: "minProperties / maxProperties",
    version: "3.0",
    schemas: { pc_obj: { type: "object", minProperties: 1, maxProperties: 2, additionalProperties: { type: "integer" } } },
    root: "pc_obj",
    valid: [{ a: 1 }, { a: 1, b: 2 }],
    invalid: [{}, { a: 1, b: 2, c: 3 }, { a: "x" }],
  },
  {
    name: "propertyNames",
    version: "3.1",
    schemas: { pn_obj: { type: "object", propertyNames: { maxLength: 3, pattern: "^[a-z]+$" } } },
    root: "pn_obj",
    valid: [{}, { abc: 1 }],
    invalid: [{ abcd: 1 }, { A: 1 }],
  },
  {
    name: "dependentRequired / dependentSchemas",
    version: "3.1",
    schemas: {
      dr_obj: {
        type: "object",
        properties: { card: { type: "string" }, billing: { type: "string" }, coupon: { type: "string" } },
        dependentRequired: { card: ["billing"] },
        dependentSchemas: { coupon: { required: ["card"] } },
      },
    },
    root: "dr_obj",
    valid: [{}, { card: "x", billing: "y" }, { billing: "y" }, { coupon: "c", card: "x", billing: "y" }],
    invalid: [{ card: "x" }, { coupon: "c" }],
  },
  {
    name: "multipleOf (a real check)",
    version: "3.0",
    schemas: { mo_num: { type: "number", multipleOf: 0.5 }, mo_int: { type: "integer", multipleOf: 3 } },
    root: "mo_num",
    valid: [0, 1.5, -2, 10],
    invalid: [0.3, 1.25, "1"],
  },
  {
    name: "multipleOf on integers",
    version: "3.0",
    schemas: {},
    root: "mo_int",
    valid: [0, 3, -9],
    invalid: [1, 4.5, 10],
  },
  {
    // A tolerance relative to the quotient (once 1e-9·|x/by|) let every integer past 5e8 pass.
    name: "multipleOf: integers compare exactly, however large",
    version: "3.0",
    schemas: { mo_even: { type: "integer", multipleOf: 2 }, mo_hundred: { type: "integer", multipleOf: 100 }, mo_three: { type: "number", multipleOf: 3, minimum: -1e15, maximum: 1e15 } },
    root: "mo_even",
    valid: [0, -4, 1000000000, 900719925474098],
    invalid: [3, 1000000001, 900719925474099],
  },
  {
    name: "multipleOf: a large multiple of 100",
    version: "3.0",
    schemas: {},
    root: "mo_hundred",
    valid: [12345678900, -100],
    invalid: [12345678901, 50],
  },
  {
    name: "multipleOf a decimal step: large quotients are judged, not waved through",
    version: "3.0",
    schemas: { mo_cent: { type: "number", multipleOf: 0.01, minimum: -1e13, maximum: 1e13 } },
    root: "mo_cent",
    valid: [6000000000000.01, 12.34, 123456789.12, 0],
    invalid: [6000000000000.005, 12.345, 0.001],
  },
  {
    name: "multipleOf: a number a hair off a multiple is not one",
    version: "3.0",
    schemas: {},
    root: "mo_three",
    valid: [9, -3, 0, 1.5e10],
    invalid: [9.000000001, 1, 1.5e10 + 1],
  },
  {
    // `enum`/`const` beside `type` must fit it too (both keywords apply): a value of another type is no member.
    name: "enum beside type: values of another type are not members",
    version: "3.1",
    schemas: { et_mixed: { type: "string", enum: [1, "1"] }, et_null: { type: "string", enum: ["x", null] }, et_const_null: { type: "string", const: null } },
    root: "et_mixed",
    closedOnly: true, // open enums take any string
    valid: ["1"],
    invalid: [1, "2", null],
  },
  {
    name: "enum beside type: null is no member unless the type admits it",
    version: "3.1",
    schemas: {},
    root: "et_null",
    closedOnly: true, // open enums take any string
    valid: ["x"],
    invalid: [null, "y"],
  },
  {
    name: "const beside type: a null const under type string matches nothing",
    version: "3.1",
    schemas: {},
    root: "et_const_null",
    valid: [],
    invalid: [null, "null", ""],
  },
  {
    name: "enum beside type (3.0): null needs nullable",
    version: "3.0",
    schemas: { et30_null: { type: "string", enum: ["x", null] }, et30_nullable: { type: "string", nullable: true, enum: ["x", null] } },
    root: "et30_null",
    closedOnly: true, // open enums take any string
    valid: ["x"],
    invalid: [null, "y"],
  },
  {
    name: "enum beside type (3.0): nullable lets null in",
    version: "3.0",
    schemas: {},
    root: "et30_nullable",
    closedOnly: true, // open enums take any string
    valid: ["x", null],
    invalid: ["y"],
  },
  {
    // Internal files import the runtime's `Memo` beside the schema types: a schema named Memo is renamed, not duplicated.
    name: "a schema named like an internal runtime export (Memo)",
    version: "3.0",
    schemas: { Memo: { type: "object", properties: { a: { type: "string" } }, required: ["a"] } },
    root: "Memo",
    types: ["export interface MemoSchema {"],
    valid: [{ a: "x" }],
    invalid: [{ a: 1 }, {}],
  },
  {
    // Read as one type list, `properties` and `required` were lost: `{}` and `{ a: 1 }` passed.
    name: "a type list with object keeps the object's keywords, and each kind its own",
    version: "3.1",
    schemas: {
      to_obj_str: { type: ["object", "string"], properties: { a: { type: "string" } }, required: ["a"], maxLength: 3 },
      to_obj_null: { type: ["object", "string", "null"], properties: { a: { type: "integer" } } },
    },
    root: "to_obj_str",
    valid: [{ a: "x" }, { a: "long is fine here" }, "ab", ""],
    invalid: [{}, { a: 1 }, "abcd", 1, null, []],
  },
  {
    name: "a type list with object and null",
    version: "3.1",
    schemas: {},
    root: "to_obj_null",
    valid: [null, {}, { a: 1 }, "s"],
    invalid: [{ a: "x" }, true, 1.5],
  },
  {
    // 3.1: a $ref and its siblings both apply; `type: [string, null]` beside a ref to a plain string does not admit null.
    name: "a $ref sibling type with null admits null only if the target does (3.1)",
    version: "3.1",
    schemas: {
      ns_name: { type: "string" },
      ns_maybe: { type: ["string", "null"] },
      ns_holder: {
        type: "object",
        properties: {
          r: { $ref: "#/components/schemas/ns_name", type: ["string", "null"] },
          q: { $ref: "#/components/schemas/ns_maybe", type: ["string", "null"] },
        },
      },
    },
    root: "ns_holder",
    valid: [{}, { r: "x" }, { q: null }, { q: "y" }],
    invalid: [{ r: null }, { r: 1 }, { q: 1 }],
  },
  {
    // `{}` in type position is any non-nullish value: an empty object value is typed Record<string, never>.
    name: "an empty object among enum values is typed as one",
    version: "3.1",
    schemas: { lit_empty: { enum: [{}, 1, { a: {} }] } },
    root: "lit_empty",
    types: ['export type LitEmpty = Record<string, never> | 1 | {"a":Record<string, never>};'],
    valid: [{}, 1, { a: {} }],
    invalid: [{ a: 1 }, "s", { a: {}, b: 1 }],
  },
  {
    // prettier writes ES5 identifier names bare, Unicode letters included; so does the emitter.
    name: "a non-ASCII identifier key is written bare; a component of any value",
    version: "3.1",
    schemas: { any_value: {}, uni_keys: { type: "object", properties: { "é": { type: "string" }, "日本": { $ref: "#/components/schemas/any_value" } } } },
    root: "uni_keys",
    types: ["é?: string;", "日本?: AnyValue;"],
    valid: [{}, { "é": "x", "日本": [1] }],
    invalid: [{ "é": 1 }],
  },
  {
    // `required` beside a $ref ignores non-objects, so null still passes when the target admits it.
    name: "an object keyword beside a $ref to a nullable object keeps null (3.1)",
    version: "3.1",
    schemas: {
      rq_maybe: { type: ["object", "null"], properties: { z: { type: "string" } } },
      rq_holder: { type: "object", properties: { n: { $ref: "#/components/schemas/rq_maybe", required: ["z"] } } },
    },
    root: "rq_holder",
    valid: [{}, { n: null }, { n: { z: "a" } }],
    invalid: [{ n: {} }, { n: { z: 1 } }, { n: 1 }],
  },
  {
    // The alias is `unknown`: its collector once narrowed the value to never and failed the strict type-check.
    name: "if/then/else with typed branches at the top of a schema",
    version: "3.1",
    schemas: { if_typed: { if: { type: "string" }, then: { minLength: 2 }, else: { type: "integer", minimum: -1e15, maximum: 1e15 } } },
    root: "if_typed",
    valid: ["ab", 3, -1],
    invalid: ["a", 1.5, true, null],
  },
  {
    // An object with its own additionalProperties beside allOf is an intersection part: its properties and required were lost.
    name: "properties and required beside allOf, with their own additionalProperties",
    version: "3.0",
    schemas: {
      own_base: { type: "object", properties: { b: { type: "string" } } },
      own_ap: { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: { type: "string" }, allOf: [{ $ref: "#/components/schemas/own_base" }] },
      own_req: { type: "object", additionalProperties: { type: "string" }, allOf: [{ $ref: "#/components/schemas/own_base" }], required: ["b"] },
    },
    root: "own_ap",
    types: ["export type OwnAp = OwnApFields & OwnBase;"],
    valid: [{ a: "x" }, { a: "x", b: "y", c: "z" }],
    invalid: [{}, { a: 1 }, { a: "x", c: 1 }, { a: "x", b: 1 }],
  },
  {
    name: "required beside allOf, with additionalProperties and no properties of its own",
    version: "3.0",
    schemas: {},
    root: "own_req",
    valid: [{ b: "x" }, { b: "x", c: "y" }],
    invalid: [{}, { b: 1 }, { b: "x", c: 2 }],
  },
  {
    name: "a required property whose schema accepts any value is still required ($ref, not, if, union)",
    version: "3.1",
    schemas: {
      ru_any: { description: "any JSON value" },
      ru_holder: obj(
        {
          a: ref("ru_any"),
          b: { not: { type: "integer" } },
          c: { if: { type: "string" }, then: { minLength: 2 } },
          d: { anyOf: [ref("ru_any"), { type: "string" }] },
        },
        ["a", "b", "c", "d"],
      ),
    },
    root: "ru_holder",
    valid: [{ a: null, b: "x", c: 1, d: 2 }, { a: {}, b: null, c: "ab", d: "s" }],
    invalid: [{}, { b: "x", c: 1, d: 2 }, { a: 1, c: 1, d: 2 }, { a: 1, b: "x", d: 2 }, { a: 1, b: "x", c: 1 }, { a: 1, b: 1, c: 1, d: 1 }, { a: 1, b: "x", c: "a", d: 1 }],
  },
  {
    name: "not",
    version: "3.0",
    schemas: { no_str: { type: "string", not: { enum: ["forbidden"] } } },
    root: "no_str",
    valid: ["ok", ""],
    invalid: ["forbidden", 1],
  },
  {
    name: "if / then / else",
    version: "3.1",
    schemas: {
      it_addr: {
        type: "object",
        properties: { country: { type: "string" }, postal: { type: "string" } },
        if: { properties: { country: { const: "US" } }, required: ["country"] },
        then: { properties: { postal: { pattern: "^[0-9]{5}$" } } },
        else: { properties: { postal: { maxLength: 10 } } },
      },
    },
    root: "it_addr",
    valid: [{ country: "US", postal: "12345" }, { country: "FR", postal: "75001" }, {}],
    invalid: [{ country: "US", postal: "1234" }, { country: "FR", postal: "12345678901" }],
  },
  {
    name: "additionalProperties: false with no properties: only {}",
    version: "3.0",
    schemas: { ec_empty: { type: "object", additionalProperties: false } },
    root: "ec_empty",
    types: ["[key: string]: never;"],
    valid: [{}],
    invalid: [{ a: 1 }, [], null],
  },
  {
    name: "items without type: constrains arrays only",
    version: "3.1",
    schemas: { iw_any: { items: { type: "string" } } },
    root: "iw_any",
    valid: [["a"], "text", 1, null, { a: 1 }],
    invalid: [[1]],
  },
  {
    name: "patternProperties with additionalProperties: false accepts matching keys",
    version: "3.0",
    schemas: { pp_obj: { type: "object", properties: { id: { type: "string" } }, patternProperties: { "^x-": { type: "integer" } }, additionalProperties: false } },
    root: "pp_obj",
    valid: [{ id: "a" }, { id: "a", "x-rate": 1 }, { "x-a": 1, "x-b": 2 }],
    invalid: [{ id: "a", other: 1 }, { "x-rate": "1" }],
  },
  {
    name: "const and enum with object and array values (deep equality, literal types)",
    version: "3.1",
    schemas: { cj_obj: { type: "object", properties: { c: { const: { a: [1, 2] } }, e: { enum: [[1], { b: null }] } } } },
    root: "cj_obj",
    types: ['c?: {"a":[1,2]};', 'e?: [1] | {"b":null};'],
    valid: [{}, { c: { a: [1, 2] } }, { e: [1] }, { e: { b: null } }],
    invalid: [{ c: { a: [1] } }, { c: { a: [1, 2], x: 1 } }, { e: [2] }, { e: { b: 0 } }],
  },
  {
    name: "a const object with a __proto__ key compares it as an own key",
    version: "3.1",
    schemas: { cj_proto: { const: JSON.parse('{"__proto__": {"x": 1}}') as Json } },
    root: "cj_proto",
    valid: [JSON.parse('{"__proto__": {"x": 1}}') as Json],
    invalid: [{}, { x: 1 }, JSON.parse('{"__proto__": {"x": 2}}') as Json],
  },
  {
    name: "3.1 boolean schemas",
    version: "3.1",
    schemas: { bs_obj: { type: "object", properties: { any: true, none: false } }, bs_true: true, bs_false: false },
    root: "bs_obj",
    types: ["any?: unknown;", "none?: never;"],
    valid: [{}, { any: [1] }],
    invalid: [{ none: 1 }, { none: null }],
  },
  { name: "3.1 component `true`", version: "3.1", schemas: {}, root: "bs_true", valid: [1, null, {}], invalid: [] },
  { name: "3.1 component `false`", version: "3.1", schemas: {}, root: "bs_false", valid: [], invalid: [1, null, {}] },
  {
    name: "3.1 $ref siblings apply",
    version: "3.1",
    schemas: { rs_name: { type: "string" }, rs_obj: obj({ short: { $ref: "#/components/schemas/rs_name", maxLength: 3 } as Json }) },
    root: "rs_obj",
    valid: [{ short: "abc" }],
    invalid: [{ short: "abcd" }, { short: 1 }],
  },
  {
    name: "exclusive bounds: 3.0 booleans",
    version: "3.0",
    schemas: { eb30: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: false } },
    root: "eb30",
    valid: [0.5, 1],
    invalid: [0, 1.5],
  },
  {
    name: "exclusive bounds: 3.1 numbers",
    version: "3.1",
    schemas: { eb31: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 } },
    root: "eb31",
    valid: [0.5],
    invalid: [0, 1],
  },
  {
    name: "3.1 enum decides over type [string, null]",
    version: "3.1",
    schemas: { en31: { type: ["string", "null"], enum: ["a", "b"] } },
    root: "en31",
    closedOnly: true,
    valid: ["a"],
    invalid: [null, "c"],
  },
];
