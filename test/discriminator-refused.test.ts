/**
 * Discriminators over members the dispatch has to treat with care (found by a construct probe):
 * - a nullable member: the type said `(NullCat | null) | (Dog & …)` but the dispatch, which
 *   reads the tag of an object, rejected `null`. Null now passes before the tag is read, and
 *   the dispatch stays (stream-io's spec has a catch-all nullable member that only the tag
 *   keeps apart from the others: checked member by member, its `oneOf` would reject everything);
 * - a tag property that is an integer: mapping keys are strings, so the type was
 *   `(IntTag1 & { code: "1" }) | …`, which no value has, and the guard rejected everything. That
 *   discriminator is ignored out loud, and the union checked member by member;
 * - no member at all (`oneOf: []`, which JSON Schema's meta-schema refuses, so ajv has no verdict
 *   to compare with): the union is `never`, as without a discriminator; it used to be printed as
 *   an empty union, `()`, which stopped the run with an internal error.
 */
import { expect, test } from "vitest";
import { loadGenerated, writeScratch } from "./support/generated.ts";
import { generateInline, specWith } from "./support/inline.ts";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

test("a nullable member lets null through the dispatch; a non-string tag is warned about and checked member by member", async () => {
  const result = await generateInline(
    specWith({
      null_cat: { type: "object", nullable: true, required: ["kind"], properties: { kind: { type: "string" } } },
      dog: { type: "object", required: ["kind"], properties: { kind: { type: "string" }, bark: { type: "boolean" } } },
      nullable_member: { oneOf: [ref("null_cat"), ref("dog")], discriminator: { propertyName: "kind" } },
      int_tag_1: { type: "object", required: ["code"], properties: { code: { type: "integer" }, a: { type: "string" } } },
      int_tag_2: { type: "object", required: ["code"], properties: { code: { type: "integer" }, b: { type: "string" } } },
      int_tag: { oneOf: [ref("int_tag_1"), ref("int_tag_2")], discriminator: { propertyName: "code", mapping: { "1": "int_tag_1", "2": "int_tag_2" } } },
    }),
    { enums: "closed" },
  );
  expect(result.model.warnings.map((w) => [w.pointer, w.message])).toEqual([["/components/schemas/int_tag/discriminator", expect.stringMatching(/"code" is not a string in member IntTag1/)]]);
  const text = (path: string) => result.files.find((f) => f.path === path)!.content;
  expect(text("schemas/nullable_member.ts")).toContain('export type NullableMember = (NullCat | null) | (Dog & { kind: "dog" });');
  expect(text("schemas/int_tag.ts")).toContain("export type IntTag = IntTag1 | IntTag2;");
  const api = await loadGenerated(await writeScratch("discriminator-refused", result.files));
  const is = (name: string) => api[`is${name}`] as (v: unknown) => boolean;
  const validate = (name: string) => api[`validate${name}`] as (v: unknown) => { ok: boolean };
  for (const [name, value, want] of [
    ["NullableMember", null, true],
    // The tag decides (a bare `kind` fits both members, which `oneOf` alone would reject).
    ["NullableMember", { kind: "null_cat" }, true],
    ["NullableMember", { kind: "dog", bark: true }, true],
    ["NullableMember", { kind: "dog", bark: 1 }, false],
    ["NullableMember", { kind: "x" }, false],
    ["NullableMember", { kind: 1 }, false],
    ["IntTag", { code: 1, a: "x", b: 2 }, true],
    ["IntTag", { code: 2 }, false],
    ["IntTag", { code: "1", b: 2 }, false],
  ] as const) {
    expect(is(name)(value), `${name} ${JSON.stringify(value)}`).toBe(want);
    expect(validate(name)(value).ok, `${name} ${JSON.stringify(value)}`).toBe(want);
  }
});

test("a discriminator beside an empty oneOf/anyOf: the type is never and the guards reject everything", async () => {
  const result = await generateInline(
    specWith({
      ed_one: { discriminator: { propertyName: "k" }, oneOf: [] },
      ed_any: { type: "object", discriminator: { propertyName: "k" }, anyOf: [] },
    }),
    { enums: "closed" },
  );
  const text = (path: string) => result.files.find((f) => f.path === path)!.content;
  expect(text("schemas/ed_one.ts")).toContain("export type EdOne = never;");
  expect(text("schemas/ed_any.ts")).toContain("export type EdAny = never;");
  const api = await loadGenerated(await writeScratch("discriminator-empty", result.files));
  for (const name of ["EdOne", "EdAny"]) {
    for (const value of [null, {}, { k: "x" }, "x", 1]) {
      expect((api[`is${name}`] as (v: unknown) => boolean)(value), `${name} ${JSON.stringify(value)}`).toBe(false);
      expect((api[`validate${name}`] as (v: unknown) => { ok: boolean })(value).ok).toBe(false);
    }
  }
});

test("an implicit tag (the member's schema id) that the member's own enum or const rules out is warned about: no value could match that member (found by a probe: no warning, even under --strict)", async () => {
  const schemas = {
    Cat: { type: "object", required: ["petType"], properties: { petType: { type: "string", enum: ["cat"] } } },
    Dog: { type: "object", required: ["petType"], properties: { petType: { type: "string", const: "dog" } } },
    Pet: { oneOf: [ref("Cat"), ref("Dog")], discriminator: { propertyName: "petType" } },
    // With a mapping to the values the members fix, nothing to say.
    MappedPet: { oneOf: [ref("Cat"), ref("Dog")], discriminator: { propertyName: "petType", mapping: { cat: "Cat", dog: "Dog" } } },
  };
  const result = await generateInline(specWith(schemas, "3.1.0"), { enums: "closed" });
  expect(result.model.warnings.map((w) => [w.pointer, w.message])).toEqual([
    ["/components/schemas/Pet/discriminator", '`discriminator`: member Cat fixes "petType" to "cat", but its tag is "Cat": no value can match it (add a `mapping`)'],
    ["/components/schemas/Pet/discriminator", '`discriminator`: member Dog fixes "petType" to "dog", but its tag is "Dog": no value can match it (add a `mapping`)'],
  ]);
  await expect(generateInline(specWith(schemas, "3.1.0"), { enums: "closed", strict: true })).rejects.toThrow(/no value can match it/);
});
