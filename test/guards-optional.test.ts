/**
 * Optional properties after the compact pattern (generator/emit/guards.ts, `optionalCheck`): an
 * absent one passes, an own `undefined` fails (exactOptionalPropertyTypes) on plain and on
 * non-plain objects, and an inherited value, from a prototype or a polluted Object.prototype,
 * is never read as the property. Each case runs `isX` and `validateX`, which must agree.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROTO_KEYS } from "../generator/emit/guards/scope.ts";
import { loadGenerated, materialize } from "./support/generated.ts";
import { specWith } from "./support/inline.ts";

const SPEC = specWith({
  thing: {
    type: "object",
    required: ["id"],
    properties: {
      id: { type: "string" },
      note: { type: "string", nullable: true, maxLength: 5 },
      anything: {},
      not_null: { not: { type: "string", nullable: true } },
      a_very_long_optional_property_name_that_forces_the_block_form_of_the_check: { type: "string", nullable: true, maxLength: 5000 },
    },
  },
  // Required properties any value fits: declared with `{}`, or only named by `required`.
  any_required: { type: "object", required: ["must", "named"], properties: { must: {} } },
});

type Validate = (v: unknown) => { ok: boolean; issues?: { path: string; message: string }[] };
let is: (v: unknown) => boolean;
let validate: Validate;
let isAny: (v: unknown) => boolean;
let validateAny: Validate;

beforeAll(async () => {
  const { dir } = await materialize("guards-optional", { specText: JSON.stringify(SPEC), spec: "optional.json", all: true });
  const mod = await loadGenerated(dir);
  is = mod["isThing"] as typeof is;
  validate = mod["validateThing"] as Validate;
  isAny = mod["isAnyRequired"] as typeof is;
  validateAny = mod["validateAnyRequired"] as Validate;
});

const planted: string[] = [];
afterEach(() => {
  for (const key of planted.splice(0)) delete (Object.prototype as Record<string, unknown>)[key];
});
function plant(key: string, value: unknown): void {
  Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true, enumerable: false });
  planted.push(key);
}

const LONG = "a_very_long_optional_property_name_that_forces_the_block_form_of_the_check";
const withProto = (proto: object, own: object): object => Object.assign(Object.create(proto) as object, own);

/** [title, value, valid, the path of an issue when invalid] */
const CASES: [string, () => unknown, boolean, string?][] = [
  ["absent optionals pass", () => ({ id: "a" }), true],
  ["null passes a nullable optional", () => ({ id: "a", note: null, [LONG]: null }), true],
  ["a wrong value fails", () => ({ id: "a", note: "toolong" }), false, "/note"],
  ["an own undefined fails (plain object)", () => ({ id: "a", note: undefined }), false, "/note"],
  ["an own undefined fails (plain object, long key: the block form)", () => ({ id: "a", [LONG]: undefined }), false, `/${LONG}`],
  ["an own undefined fails (not a plain object: read through unset())", () => withProto({}, { id: "a", note: undefined }), false, "/note"],
  ["an own undefined fails where the type is unknown (plain)", () => ({ id: "a", anything: undefined }), false, "/anything"],
  ["an own undefined fails where the type is unknown (not plain: UNSET is rejected first)", () => withProto({}, { id: "a", anything: undefined }), false, "/anything"],
  ["an own undefined fails where the type is a `not` (not plain)", () => withProto({}, { id: "a", not_null: undefined }), false, "/not_null"],
  ["any value passes an unknown type", () => withProto({}, { id: "a", anything: Symbol("s") }), true],
  ["a prototype's value is not read as the property", () => withProto({ note: 42, anything: undefined }, { id: "a" }), true],
];

describe("required properties any value fits", () => {
  it.each([
    ["both present", () => ({ must: 0, named: null }), true],
    ["any value, even a function", () => ({ must: () => 1, named: Symbol("s") }), true],
    ["one missing", () => ({ must: 1 }), false],
    // It accepted an own undefined, which JSON.stringify drops: the key missing (and what an optional property rejects).
    ["an own undefined (declared {})", () => ({ must: undefined, named: 1 }), false],
    ["an own undefined (only named by required)", () => ({ must: 1, named: undefined }), false],
    ["an own undefined (not a plain object)", () => withProto({}, { must: undefined, named: 1 }), false],
  ] as const)("%s", (_title, make, valid) => {
    const value = make();
    expect(isAny(value)).toBe(valid);
    expect(validateAny(value).ok).toBe(valid);
  });
});

describe("optional properties", () => {
  for (const [title, make, valid, path] of CASES) {
    it(title, () => {
      const value = make();
      expect(is(value)).toBe(valid);
      const result = validate(value);
      expect(result.ok).toBe(valid);
      if (!valid) expect(result.issues?.map((i) => i.path)).toContain(path);
    });
  }

  it("a polluted Object.prototype is not read as an optional property, and a plain object's own value still is", () => {
    plant("note", 42);
    plant(LONG, undefined);
    expect(is({ id: "a" })).toBe(true);
    expect(validate({ id: "a" }).ok).toBe(true);
    expect(is({ id: "a", note: "ok" })).toBe(true);
    expect(is({ id: "a", note: 7 })).toBe(false);
    expect(is({ id: "a", note: undefined })).toBe(false);
    expect(validate({ id: "a", note: undefined }).issues?.map((i) => i.path)).toEqual(["/note"]);
  });

  it("a polluted Object.prototype does not supply the required property", () => {
    plant("id", "a");
    expect(is({})).toBe(false);
    expect(validate({}).issues?.map((i) => i.path)).toEqual(["/id"]);
  });
});

describe("the keys guards never read directly", () => {
  // The list is spelled out so the output does not depend on the generating engine; it must
  // still be this engine's, or a key on Object.prototype could be read as an own property.
  it("are exactly Object.prototype's own keys in this Node", () => {
    expect([...PROTO_KEYS].sort()).toEqual(Object.getOwnPropertyNames(Object.prototype).sort());
  });
});
