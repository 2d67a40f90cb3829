/**
 * `diff` on small spec pairs, one change each (given/want): what an audit of the report found
 * it got wrong. Each row names the change, gives the older and newer schemas, and lists exactly
 * what must be reported (`change type property value → severity`, closed enums), nothing else.
 */
import { describe, expect, test } from "vitest";
import { diffLoaded } from "../generator/diff/index.ts";
import { loadText } from "../generator/load/load.ts";
import { reportSince } from "../generator/diff/since.ts";
import { generateInline, specWith } from "./support/inline.ts";

type Schemas = Record<string, unknown>;

function doc(schemas: Schemas, openapi = "3.0.3"): string {
  return JSON.stringify({ openapi, info: { title: "T", version: "1" }, paths: {}, components: { schemas } });
}

function report(older: Schemas, newer: Schemas, openapi?: string, enums: "open" | "closed" = "closed", strictObjects = false): string[] {
  const r = diffLoaded(loadText(doc(older, openapi), "old.json"), loadText(doc(newer, openapi), "new.json"), { select: [], all: true, enums, strictObjects });
  return r.changes.map((c) => [c.change, c.type, c.property ?? "", c.value ?? "", "→", c.severity].join(" ").replace(/ {2,}/g, " ")).sort();
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "object", properties, ...extra });

/** Inline members of a union, told apart by a one-value `kind` enum. */
const rule = (kind: string, properties: Record<string, unknown>) => ({ type: "object", required: ["kind"], properties: { kind: { type: "string", enum: [kind] }, ...properties } });
const RULE_A = rule("a", { size: { type: "integer" } });
const RULE_B = rule("b", { name: { type: "string" } });
const RULE_C = rule("c", { flag: { type: "boolean" } });
const INNER = { anyOf: [obj({ p: { type: "string", enum: ["x"] } }), obj({ q: { type: "string", enum: ["y"] } })] };

/** Two cycles of the same shape but one property's type (a.z string, aa.z number), and a copy of `a`. */
const CYCLES = {
  a: obj({ next: { $ref: "#/components/schemas/c" }, z: { type: "string" } }, { required: ["next", "z"] }),
  c: obj({ back: { $ref: "#/components/schemas/a" } }, { required: ["back"] }),
  aa: obj({ next: { $ref: "#/components/schemas/d_aa" }, z: { type: "number" } }, { required: ["next", "z"] }),
  d_aa: obj({ back: { $ref: "#/components/schemas/aa" } }, { required: ["back"] }),
  z: obj({ next: { $ref: "#/components/schemas/c" }, z: { type: "string" } }, { required: ["next", "z"] }),
};

const ROWS: readonly { name: string; older: Schemas; newer: Schemas; want: string[]; openapi?: string; enums?: "open" | "closed"; strictObjects?: boolean }[] = [
  // Found by a probe on real spec pairs (GitHub Enterprise releases, Stripe 2019 → 2023).
  {
    name: "a schema id that Object.prototype has (constructor) is a schema like any other (diff exited 3)",
    older: { t: { type: "string" } },
    newer: { t: { type: "string" }, constructor: obj({ a: { type: "string" } }) },
    want: ["schema-added Constructor → safe"],
  },
  {
    name: "a property named constructor or toString added is a property added (it was a type change from undefined)",
    older: { t: obj({ a: { type: "string" } }) },
    newer: { t: obj({ a: { type: "string" }, constructor: { type: "string" }, toString: { type: "string" } }) },
    want: ["property-added T constructor → safe", "property-added T toString → safe"],
  },
  {
    name: "a schema and a property named __proto__ are compared (they were dropped: 0 schemas)",
    // Computed keys: a literal `__proto__:` would set the prototype instead of a key.
    older: { ["__proto__"]: obj({ a: { type: "string" } }) },
    newer: { ["__proto__"]: obj({ a: { type: "string" }, ["__proto__"]: { type: "string" } }) },
    want: ["property-added Proto __proto__ → safe"],
  },
  {
    name: "an integer property gaining format: unix-time (Timestamp, a number the guard checks the same): nothing",
    older: { t: obj({ created: { type: "integer" }, list: { type: "array", items: { type: "integer" } }, u: { anyOf: [{ type: "integer" }, { type: "string" }] } }) },
    newer: { t: obj({ created: { type: "integer", format: "unix-time" }, list: { type: "array", items: { type: "integer", format: "unix-time" } }, u: { anyOf: [{ type: "integer", format: "unix-time" }, { type: "string" }] } }) },
    want: [],
  },
  {
    name: "a number property becoming a Timestamp gains the integer check: a tightening",
    older: { t: obj({ created: { type: "number" } }) },
    newer: { t: obj({ created: { type: "integer", format: "unix-time" } }) },
    want: ["constraint-changed T created → safe"],
  },
  {
    name: "open enums: a property's one-value enum is closed, so a value added to it is breaking",
    older: { pet: obj({ petType: { type: "string", enum: ["dog"] }, color: { type: "string", enum: ["red", "blue"] } }) },
    newer: { pet: obj({ petType: { type: "string", enum: ["dog", "cat"] }, color: { type: "string", enum: ["red", "blue", "green"] } }) },
    want: ["enum-value-added PetPetType petType cat → breaking", "enum-value-added PetColor color green → warning"],
    enums: "open",
  },
  {
    name: "3.0 nullable on a oneOf keeps its members' constraints (they read as dropped: two spurious loosenings)",
    older: { t: obj({ h: { oneOf: [{ type: "string", maxLength: 5 }, { type: "integer" }] } }) },
    newer: { t: obj({ h: { oneOf: [{ type: "string", maxLength: 5 }, { type: "integer" }], nullable: true } }) },
    want: ["became-nullable T h → breaking"],
  },
  {
    name: "3.0 nullable oneOf on both sides: a member's constraint change is seen",
    older: { t: obj({ h: { oneOf: [{ type: "string", maxLength: 5 }, { type: "integer" }], nullable: true } }) },
    newer: { t: obj({ h: { oneOf: [{ type: "string", maxLength: 50 }, { type: "integer" }], nullable: true } }) },
    want: ["constraint-changed T h → warning"],
  },
  {
    name: "patternProperties retyped is a type change, as retyped extra keys are (it was a warning)",
    older: { pp: { type: "object", patternProperties: { "^x-": { type: "string" } } } },
    newer: { pp: { type: "object", patternProperties: { "^x-": { type: "integer" } } } },
    want: ["type-changed Pp → breaking"],
    openapi: "3.1.0",
  },
  {
    name: "an object that declared no properties declaring some loses its index signature: a type change beside the property added",
    older: { link: { type: "object", properties: {} } },
    newer: { link: obj({ country: { type: "string" } }) },
    want: ["property-added Link country → safe", "type-changed Link → breaking"],
  },
  {
    name: "a discriminator mapping's tag renamed (the guard's dispatch changes): a tag added and one removed",
    older: {
      cat: obj({ kind: { type: "string" } }, { required: ["kind"] }),
      dog: obj({ kind: { type: "string" } }, { required: ["kind"] }),
      pet: { oneOf: [{ $ref: "#/components/schemas/cat" }, { $ref: "#/components/schemas/dog" }], discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/cat", dog: "#/components/schemas/dog" } } },
    },
    newer: {
      cat: obj({ kind: { type: "string" } }, { required: ["kind"] }),
      dog: obj({ kind: { type: "string" } }, { required: ["kind"] }),
      pet: { oneOf: [{ $ref: "#/components/schemas/cat" }, { $ref: "#/components/schemas/dog" }], discriminator: { propertyName: "kind", mapping: { kitty: "#/components/schemas/cat", dog: "#/components/schemas/dog" } } },
    },
    want: ["enum-value-added Pet kitty → breaking", "enum-value-removed Pet cat → warning"],
  },
  {
    name: "an inline object wrapped in a one-part allOf (renamed TOpts → TOpts1): the value added inside still shows",
    older: { t: obj({ opts: obj({ mode: { type: "string", enum: ["a", "b"] } }) }) },
    newer: { t: obj({ opts: { description: "wrapped", allOf: [obj({ mode: { type: "string", enum: ["a", "b", "c"] } })] } }) },
    want: ["description-changed T opts → safe", "enum-value-added TOpts1Mode opts.mode c → breaking", "type-changed T opts → breaking", "type-changed TOpts1 opts.mode → breaking"],
  },
  {
    name: "a schema renamed by a collision with a new one is a breaking type change",
    older: { foo_bar: obj({ a: { type: "string" } }) },
    newer: { foo_bar: obj({ a: { type: "string" } }), "foo.bar": obj({ b: { type: "string" } }) },
    want: ["schema-added FooBar → safe", "type-changed FooBar2 → breaking"],
  },
  {
    name: "an inline union member inserted first: the members after it are renamed (PolicyRule1 → PolicyRule2), not changed into their neighbours",
    older: { policy: obj({ rule: { oneOf: [RULE_A, RULE_B] } }) },
    newer: { policy: obj({ rule: { oneOf: [RULE_C, RULE_A, RULE_B] } }) },
    want: [
      "type-changed Policy rule → breaking",
      "type-changed PolicyRule2 rule → breaking",
      "type-changed PolicyRule2Kind rule.kind → breaking",
      "type-changed PolicyRule3 rule → breaking",
      "type-changed PolicyRule3Kind rule.kind → breaking",
    ],
  },
  {
    name: "an inline union member inserted first while another changes: the change is reported on the member it happened in",
    older: { policy: obj({ rule: { oneOf: [RULE_A, RULE_B] } }) },
    newer: { policy: obj({ rule: { oneOf: [RULE_C, { ...RULE_A, properties: { ...RULE_A.properties, extra: { type: "string" } } }, RULE_B] } }) },
    want: [
      "property-added PolicyRule2 rule.extra → safe",
      "type-changed Policy rule → breaking",
      "type-changed PolicyRule2 rule → breaking",
      "type-changed PolicyRule2Kind rule.kind → breaking",
      "type-changed PolicyRule3 rule → breaking",
      "type-changed PolicyRule3Kind rule.kind → breaking",
    ],
  },
  {
    name: "nested inline unions: a member inserted at each level, a value added deep inside, reported where each happened",
    older: { policy: obj({ rule: { oneOf: [rule("a", { inner: INNER }), RULE_B] } }) },
    newer: { policy: obj({ rule: { oneOf: [RULE_C, rule("a", { inner: { anyOf: [obj({ r: { type: "string", enum: ["z"] } }), INNER.anyOf[0], obj({ q: { type: "string", enum: ["y", "w"] } })] } }), RULE_B] } }) },
    want: [
      "enum-value-added PolicyRule2Inner3Q rule.inner.q w → breaking",
      "type-changed Policy rule → breaking",
      "type-changed PolicyRule2 rule → breaking",
      "type-changed PolicyRule2 rule.inner → breaking",
      "type-changed PolicyRule2Inner2 rule.inner → breaking",
      "type-changed PolicyRule2Inner2P rule.inner.p → breaking",
      "type-changed PolicyRule2Inner3 rule.inner → breaking",
      "type-changed PolicyRule2Inner3Q rule.inner.q → breaking",
      "type-changed PolicyRule2Kind rule.kind → breaking",
      "type-changed PolicyRule3 rule → breaking",
      "type-changed PolicyRule3Kind rule.kind → breaking",
    ],
  },
  {
    name: "the first inline union member removed: the union lost it, the others are renamed back",
    older: { policy: obj({ rule: { oneOf: [RULE_C, RULE_A, RULE_B] } }) },
    newer: { policy: obj({ rule: { oneOf: [RULE_A, RULE_B] } }) },
    want: [
      "type-changed Policy rule → breaking",
      "type-changed PolicyRule1 rule → breaking",
      "type-changed PolicyRule1Kind rule.kind → breaking",
      "type-changed PolicyRule2 rule → breaking",
      "type-changed PolicyRule2Kind rule.kind → breaking",
    ],
  },
  {
    name: "a property switching from a plain alias ($ref alias_user, AliasUser = User) to what it names: nothing",
    older: { user: obj({ id: { type: "string" } }), alias_user: { $ref: "#/components/schemas/user" }, t: obj({ owner: { $ref: "#/components/schemas/alias_user" }, tag: { type: "string", enum: ["User", "x"] } }) },
    newer: { user: obj({ id: { type: "string" } }), alias_user: { $ref: "#/components/schemas/user" }, t: obj({ owner: { $ref: "#/components/schemas/user" }, tag: { type: "string", enum: ["User", "x"] } }) },
    want: [],
  },
  {
    name: "a property switching to a plain alias of another type: a type change all the same",
    older: { user: obj({ id: { type: "string" } }), admin: obj({ id: { type: "string" }, root: { type: "boolean" } }), alias_user: { $ref: "#/components/schemas/admin" }, t: obj({ owner: { $ref: "#/components/schemas/user" } }) },
    newer: { user: obj({ id: { type: "string" } }), admin: obj({ id: { type: "string" }, root: { type: "boolean" } }), alias_user: { $ref: "#/components/schemas/admin" }, t: obj({ owner: { $ref: "#/components/schemas/alias_user" } }) },
    want: ["type-changed T owner → breaking"],
  },
  {
    name: "a property moving from $ref to an identical inline object (a nested one too): nothing (the type's name changed, not its structure)",
    older: { user: obj({ id: { type: "string" }, address: obj({ city: { type: "string" } }) }, { required: ["id"] }), t: obj({ owner: { $ref: "#/components/schemas/user" } }) },
    newer: { user: obj({ id: { type: "string" }, address: obj({ city: { type: "string" } }) }, { required: ["id"] }), t: obj({ owner: obj({ id: { type: "string" }, address: obj({ city: { type: "string" } }) }, { required: ["id"] }) }) },
    want: [],
  },
  {
    name: "an inline object extracted into a component (an array's items, a oneOf member): nothing",
    older: { t: obj({ items: { type: "array", items: obj({ n: { type: "integer" } }) }, pick: { oneOf: [obj({ a: { type: "string" } }, { required: ["a"] }), { type: "string" }] } }) },
    newer: {
      item: obj({ n: { type: "integer" } }),
      choice: obj({ a: { type: "string" } }, { required: ["a"] }),
      t: obj({ items: { type: "array", items: { $ref: "#/components/schemas/item" } }, pick: { oneOf: [{ $ref: "#/components/schemas/choice" }, { type: "string" }] } }),
    },
    want: ["schema-added Choice → safe", "schema-added Item → safe"],
  },
  {
    name: "a property moving from $ref to an inline object that differs (a requiredness, a nested enum value): a type change",
    older: { user: obj({ id: { type: "string" }, role: { type: "string", enum: ["a"] } }, { required: ["id"] }), t: obj({ owner: { $ref: "#/components/schemas/user" }, admin: { $ref: "#/components/schemas/user" } }) },
    newer: {
      user: obj({ id: { type: "string" }, role: { type: "string", enum: ["a"] } }, { required: ["id"] }),
      t: obj({ owner: obj({ id: { type: "string" }, role: { type: "string", enum: ["a"] } }), admin: obj({ id: { type: "string" }, role: { type: "string", enum: ["a", "b"] } }, { required: ["id"] }) }),
    },
    want: ["type-changed T owner → breaking", "type-changed T admin → breaking"],
  },
  {
    name: "an inline object replaced by a component of the same generated name but another structure: a type change (the same name hid it)",
    older: { user: obj({ address: obj({ city: { type: "string" } }, { required: ["city"] }) }, { required: ["address"] }) },
    newer: { user: obj({ address: { $ref: "#/components/schemas/user_address" } }, { required: ["address"] }), user_address: obj({ zip: { type: "integer" } }, { required: ["zip"] }) },
    want: ["schema-added UserAddress → safe", "type-changed User address → breaking"],
  },
  {
    name: "an inline enum replaced by a component enum of the same generated name with one value more: the value added is reported",
    older: { user: obj({ status: { type: "string", enum: ["a", "b"] } }) },
    newer: { user: obj({ status: { $ref: "#/components/schemas/user_status" } }), user_status: { type: "string", enum: ["a", "b", "c"] } },
    want: ["enum-value-added User status c → breaking", "schema-added UserStatus → safe"],
  },
  {
    name: "an identical inline copy that reads the same nested types another way: `Timestamp` for integer, a plain alias, union members in another order: nothing",
    older: {
      user: obj({ id: { type: "string" }, created: { type: "integer" }, friend: { $ref: "#/components/schemas/user" }, u: { oneOf: [{ $ref: "#/components/schemas/user" }, { type: "string" }] } }),
      plain_alias: { $ref: "#/components/schemas/user" },
      account: obj({ owner: { $ref: "#/components/schemas/user" } }),
    },
    newer: {
      user: obj({ id: { type: "string" }, created: { type: "integer" }, friend: { $ref: "#/components/schemas/user" }, u: { oneOf: [{ $ref: "#/components/schemas/user" }, { type: "string" }] } }),
      plain_alias: { $ref: "#/components/schemas/user" },
      account: obj({ owner: obj({ id: { type: "string" }, created: { type: "integer", format: "unix-time" }, friend: { $ref: "#/components/schemas/plain_alias" }, u: { oneOf: [{ type: "string" }, { $ref: "#/components/schemas/user" }] } }) }),
    },
    want: [],
  },
  {
    name: "…but an inline copy whose nested value differs (a string for the integer) is a type change",
    older: { user: obj({ created: { type: "integer" } }), account: obj({ owner: { $ref: "#/components/schemas/user" } }) },
    newer: { user: obj({ created: { type: "integer" } }), account: obj({ owner: obj({ created: { type: "string" } }) }) },
    want: ["type-changed Account owner → breaking"],
  },
  {
    name: "with strictObjects, an inline copy without the component's `additionalProperties: false` is the same (the guards reject extra keys either way)",
    older: { user: obj({ id: { type: "string" } }, { additionalProperties: false }), account: obj({ owner: { $ref: "#/components/schemas/user" } }) },
    newer: { user: obj({ id: { type: "string" } }, { additionalProperties: false }), account: obj({ owner: obj({ id: { type: "string" } }) }) },
    strictObjects: true,
    want: [],
  },
  {
    name: "cycles compared by structure: a pair assumed equal under a pairing that failed is not kept (holder.q C → DAa was lost)",
    older: {
      ...CYCLES,
      holder: obj({ e: { anyOf: [{ $ref: "#/components/schemas/a" }, { $ref: "#/components/schemas/aa" }] }, q: { $ref: "#/components/schemas/c" } }, { required: ["e", "q"] }),
    },
    newer: {
      ...CYCLES,
      holder: obj({ e: { anyOf: [{ $ref: "#/components/schemas/aa" }, { $ref: "#/components/schemas/z" }] }, q: { $ref: "#/components/schemas/d_aa" } }, { required: ["e", "q"] }),
    },
    openapi: "3.1.0",
    want: ["type-changed Holder q → breaking"],
  },
  {
    name: "property names with `%` are names (a `%2F` is no `/`): the report read them as URI escapes and stopped (URIError), or found a `not`",
    older: { rate: obj({ "discount%": { type: "string", enum: ["low", "high"] }, "x%2Fnot": { type: "string", enum: ["low", "high"] } }) },
    newer: { rate: obj({ "discount%": { type: "string", enum: ["low", "high", "max"] }, "x%2Fnot": { type: "string", enum: ["low", "high", "max"] } }) },
    want: ["enum-value-added RateDiscount discount% max → breaking", "enum-value-added RateX2Fnot x%2Fnot max → breaking"],
  },
  // Found by re-reading the previous round's leftovers (session 24).
  {
    name: "a nullable component replaced by its identical inline copy (nullable at the use): nothing (it was a breaking `Person → ThingOwner`)",
    older: { person: obj({ name: { type: "string" } }, { nullable: true }), thing: obj({ owner: { $ref: "#/components/schemas/person" }, many: { type: "array", items: { $ref: "#/components/schemas/person" } } }) },
    newer: {
      person: obj({ name: { type: "string" } }, { nullable: true }),
      thing: obj({ owner: obj({ name: { type: "string" } }, { nullable: true }), many: { type: "array", items: obj({ name: { type: "string" } }, { nullable: true }) } }),
    },
    want: [],
  },
  {
    name: "…but a nullable component replaced by a copy that is not nullable is the nullability change alone",
    older: { person: obj({ name: { type: "string" } }, { nullable: true }), thing: obj({ owner: { $ref: "#/components/schemas/person" } }) },
    newer: { person: obj({ name: { type: "string" } }, { nullable: true }), thing: obj({ owner: obj({ name: { type: "string" } }) }) },
    want: ["became-non-nullable Thing owner → safe"],
  },
  {
    name: "an inline enum replaced by a component enum with one more value: that value added, by enum mode (it was a breaking `ThingStatus → ThingStatus`)",
    older: { thing: obj({ status: { type: "string", enum: ["a", "b"] } }, { required: ["status"] }) },
    newer: { thing: obj({ status: { $ref: "#/components/schemas/thing_status" } }, { required: ["status"] }), thing_status: { type: "string", enum: ["a", "b", "c"] } },
    enums: "open",
    want: ["enum-value-added Thing status c → warning", "schema-added ThingStatus → safe"],
  },
  {
    name: "…the same in closed mode, and back from the component to an inline enum with a value fewer",
    older: { thing: obj({ status: { $ref: "#/components/schemas/state" } }), state: { type: "string", enum: ["a", "b", "c"] } },
    newer: { thing: obj({ status: { type: "string", enum: ["a", "b", "d"] } }), state: { type: "string", enum: ["a", "b", "c"] } },
    want: ["enum-value-added Thing status d → breaking", "enum-value-removed Thing status c → warning"],
  },
  {
    name: "an object's typed extra keys are compared as values: a component replaced by an identical copy is nothing, an enum value added is that, a retype is a type change",
    older: {
      tag: obj({ n: { type: "string" } }),
      a: obj({ id: { type: "string" } }, { additionalProperties: { $ref: "#/components/schemas/tag" } }),
      b: obj({ id: { type: "string" } }, { additionalProperties: { type: "string", enum: ["x", "y"] } }),
      c: obj({ id: { type: "string" } }, { additionalProperties: { type: "string" } }),
    },
    newer: {
      tag: obj({ n: { type: "string" } }),
      a: obj({ id: { type: "string" } }, { additionalProperties: obj({ n: { type: "string" } }) }),
      b: obj({ id: { type: "string" } }, { additionalProperties: { type: "string", enum: ["x", "y", "z"] } }),
      c: obj({ id: { type: "string" } }, { additionalProperties: { type: "integer" } }),
    },
    want: ["enum-value-added BValue {} z → breaking", "type-changed C → breaking"],
  },
  {
    name: "a schema that did not change names a type another schema declares now (`foo_bar` gone, `FooBar` new, both `FooBar`): its property's retype shows (it was hidden by the equal-shape skip)",
    older: { thing: obj({ x: { $ref: "#/components/schemas/foo_bar" } }), foo_bar: obj({ a: { type: "string" } }) },
    newer: { thing: obj({ x: { $ref: "#/components/schemas/FooBar" } }), FooBar: obj({ a: { type: "integer" } }) },
    want: ["schema-added FooBar → safe", "schema-removed FooBar → breaking", "type-changed Thing x → breaking"],
  },
  {
    name: "…and nothing when the schema that took the name declares the same structure",
    older: { thing: obj({ x: { $ref: "#/components/schemas/foo_bar" } }), foo_bar: obj({ a: { type: "string" } }) },
    newer: { thing: obj({ x: { $ref: "#/components/schemas/FooBar" } }), FooBar: obj({ a: { type: "string" } }) },
    want: ["schema-added FooBar → safe", "schema-removed FooBar → breaking"],
  },
  {
    name: "a new sibling property takes an inline type's name (`aB` beside `a_b`: `ThingAB` becomes aB's): a type change at a_b's declaration (it was only a property added)",
    older: { thing: obj({ a_b: { type: "string", enum: ["x", "y"] } }) },
    newer: { thing: obj({ aB: { type: "string", enum: ["p", "q"] }, a_b: { type: "string", enum: ["x", "y"] } }) },
    want: ["property-added Thing aB → safe", "type-changed ThingAB2 a_b → breaking"],
  },
  {
    name: "a discriminator's propertyName changed: a type change (the guards dispatch on another property)",
    older: {
      cat: obj({ kind: { type: "string" }, type: { type: "string" } }, { required: ["kind", "type"] }),
      dog: obj({ kind: { type: "string" }, type: { type: "string" } }, { required: ["kind", "type"] }),
      pet: { oneOf: [{ $ref: "#/components/schemas/cat" }, { $ref: "#/components/schemas/dog" }], discriminator: { propertyName: "kind", mapping: { c: "#/components/schemas/cat", d: "#/components/schemas/dog" } } },
    },
    newer: {
      cat: obj({ kind: { type: "string" }, type: { type: "string" } }, { required: ["kind", "type"] }),
      dog: obj({ kind: { type: "string" }, type: { type: "string" } }, { required: ["kind", "type"] }),
      pet: { oneOf: [{ $ref: "#/components/schemas/cat" }, { $ref: "#/components/schemas/dog" }], discriminator: { propertyName: "type", mapping: { c: "#/components/schemas/cat", d: "#/components/schemas/dog" } } },
    },
    openapi: "3.1.0",
    want: ["type-changed Pet → breaking"],
  },
  {
    name: "a discriminator declared or dropped: a type change each way (the guards dispatch on the tag, or stop doing so)",
    older: {
      cat: obj({ kind: { type: "string" } }, { required: ["kind"] }),
      dog: obj({ kind: { type: "string" }, bark: { type: "string" } }, { required: ["kind"] }),
      pet: { oneOf: [{ $ref: "#/components/schemas/cat" }, { $ref: "#/components/schemas/dog" }] },
      pet2: { oneOf: [{ $ref: "#/components/schemas/cat" }, { $ref: "#/components/schemas/dog" }], discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/cat", dog: "#/components/schemas/dog" } } },
    },
    newer: {
      cat: obj({ kind: { type: "string" } }, { required: ["kind"] }),
      dog: obj({ kind: { type: "string" }, bark: { type: "string" } }, { required: ["kind"] }),
      pet: { oneOf: [{ $ref: "#/components/schemas/cat" }, { $ref: "#/components/schemas/dog" }], discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/cat", dog: "#/components/schemas/dog" } } },
      pet2: { oneOf: [{ $ref: "#/components/schemas/cat" }, { $ref: "#/components/schemas/dog" }] },
    },
    openapi: "3.1.0",
    want: ["type-changed Pet → breaking", "type-changed Pet2 → breaking"],
  },
  {
    name: "an alias's target becoming nullable is said at the target and the alias, not as `OwnerAlias → OwnerAlias` at each property naming the alias",
    older: { user: obj({ id: { type: "string" } }), owner_alias: { $ref: "#/components/schemas/user" }, t: obj({ owner: { $ref: "#/components/schemas/owner_alias" } }) },
    newer: { user: obj({ id: { type: "string" } }, { nullable: true }), owner_alias: { $ref: "#/components/schemas/user" }, t: obj({ owner: { $ref: "#/components/schemas/owner_alias" } }) },
    want: ["became-nullable OwnerAlias → breaking", "became-nullable User → breaking"],
  },
  {
    name: "a value added to an enum under `not` is a tightening, one removed a loosening (it was a breaking enum-value-added)",
    older: { t: obj({ v: { type: "string", not: { enum: ["a", "c"] } } }) },
    newer: { t: obj({ v: { type: "string", not: { enum: ["a", "b"] } } }) },
    want: ["constraint-changed TVNot v b → safe", "constraint-changed TVNot v c → warning"],
  },
  {
    name: "under `not` twice, and under `then`, an enum keeps its closed-enum reading; a property named `not` is a property",
    older: { t: obj({ v: { type: "string", not: { not: { enum: ["a"] } } }, not: { type: "string", enum: ["a"] }, k: { type: "string" } }, { if: { required: ["k"] }, then: { properties: { k: { enum: ["x"] } } } }) },
    newer: { t: obj({ v: { type: "string", not: { not: { enum: ["a", "b"] } } }, not: { type: "string", enum: ["a", "b"] }, k: { type: "string" } }, { if: { required: ["k"] }, then: { properties: { k: { enum: ["x", "y"] } } } }) },
    want: ["enum-value-added TVNotNot v b → breaking", "enum-value-added TNot not b → breaking", "enum-value-added TThenK k y → breaking"],
  },
  {
    name: "a value added to an enum inside `if` changes which branch applies: constraint-changed, a warning",
    older: { t: obj({ k: { type: "string" }, v: { type: "string" } }, { if: { properties: { k: { enum: ["x"] } } }, then: { required: ["v"] } }) },
    newer: { t: obj({ k: { type: "string" }, v: { type: "string" } }, { if: { properties: { k: { enum: ["x", "y"] } } }, then: { required: ["v"] } }) },
    openapi: "3.1.0",
    want: ["constraint-changed TIfK k y → warning"],
  },
  {
    name: "a plain alias retargeted: reported once, at the alias (a property naming it has the same type name, as for any declaration that changed)",
    older: { user: obj({ id: { type: "string" } }), admin: obj({ id: { type: "string" }, root: { type: "boolean" } }), alias_user: { $ref: "#/components/schemas/user" }, t: obj({ owner: { $ref: "#/components/schemas/alias_user" } }) },
    newer: { user: obj({ id: { type: "string" } }), admin: obj({ id: { type: "string" }, root: { type: "boolean" } }), alias_user: { $ref: "#/components/schemas/admin" }, t: obj({ owner: { $ref: "#/components/schemas/alias_user" } }) },
    want: ["type-changed AliasUser → breaking"],
  },
  {
    name: "array items becoming nullable are became-nullable at `tags[]` (it was a type change), and the way back became-non-nullable",
    older: { t: obj({ tags: { type: "array", items: { type: "string" } }, grid: { type: "array", items: { type: "array", items: { type: "integer", nullable: true } } } }) },
    newer: { t: obj({ tags: { type: "array", items: { type: "string", nullable: true } }, grid: { type: "array", items: { type: "array", items: { type: "integer" } } } }) },
    want: ["became-nullable T tags[] → breaking", "became-non-nullable T grid[][] → safe"],
  },
  {
    name: "oneOf → anyOf admits values older guards reject (exactly one): a loosening (it was no change)",
    older: { p: obj({ w: { oneOf: [obj({ a: { type: "string" } }), obj({ b: { type: "string" } })] } }) },
    newer: { p: obj({ w: { anyOf: [obj({ a: { type: "string" } }), obj({ b: { type: "string" } })] } }) },
    want: ["constraint-changed P w → warning"],
  },
  {
    name: "anyOf → oneOf with no enum in reach: a tightening, in open mode too",
    older: { p: obj({ w: { anyOf: [obj({ a: { type: "string" } }), obj({ b: { type: "string" } })] } }) },
    newer: { p: obj({ w: { oneOf: [obj({ a: { type: "string" } }), obj({ b: { type: "string" } })] } }) },
    want: ["constraint-changed P w → safe"],
    enums: "open",
  },
  {
    name: "oneOf → anyOf where an open enum is in reach: open mode checks both as anyOf, so nothing",
    older: { p: obj({ w: { oneOf: [obj({ z: { type: "string", enum: ["x", "y"] } }), obj({ b: { type: "string" } })] } }) },
    newer: { p: obj({ w: { anyOf: [obj({ z: { type: "string", enum: ["x", "y"] } }), obj({ b: { type: "string" } })] } }) },
    want: [],
    enums: "open",
  },
  {
    name: "decimal multipleOf steps: 0.1 → 0.3 is a tightening (0.3 / 0.1 is 2.9999999999999996 in binary: it was 'changed')",
    older: { p: obj({ n: { type: "number", multipleOf: 0.1 } }) },
    newer: { p: obj({ n: { type: "number", multipleOf: 0.3 } }) },
    want: ["constraint-changed P n → safe"],
  },
  {
    name: "minLength: 0 and minItems: 0 admit every value: nothing (they were tightenings)",
    older: { p: obj({ s: { type: "string" }, l: { type: "array", items: { type: "string" } } }) },
    newer: { p: obj({ s: { type: "string", minLength: 0 }, l: { type: "array", items: { type: "string" }, minItems: 0 } }) },
    want: [],
  },
  {
    name: "readOnly added changes the doc comment: description-only (it was not counted)",
    older: { p: obj({ r: { type: "string" } }) },
    newer: { p: obj({ r: { type: "string", readOnly: true } }) },
    want: ["description-changed P r → safe"],
  },
  {
    name: "a union member inserted while a later member's property is retyped: paired by the property's name, the retype reported on it",
    older: { p: obj({ u: { oneOf: [obj({ a: { type: "string" } }), obj({ b: { type: "string" } })] } }) },
    newer: { p: obj({ u: { oneOf: [obj({ c: { type: "string" } }), obj({ a: { type: "string" } }), obj({ b: { type: "integer" } })] } }) },
    want: ["type-changed P u → breaking", "type-changed PU2 u → breaking", "type-changed PU3 u → breaking", "type-changed PU3 u.b → breaking"],
  },
  {
    name: "union members reordered: nothing",
    older: { a: obj({ u: { anyOf: [{ type: "string" }, { type: "number" }, { $ref: "#/components/schemas/b" }] } }), b: obj({ x: { type: "string" } }) },
    newer: { a: obj({ u: { anyOf: [{ $ref: "#/components/schemas/b" }, { type: "number" }, { type: "string" }] } }), b: obj({ x: { type: "string" } }) },
    want: [],
  },
  {
    name: "object-level constraints are compared (minProperties)",
    older: { a: obj({ x: { type: "string" } }) },
    newer: { a: obj({ x: { type: "string" } }, { minProperties: 1 }) },
    want: ["constraint-changed A → safe"],
  },
  {
    name: "tuple positions are compared",
    older: { a: { type: "array", prefixItems: [{ type: "string", maxLength: 3 }] } },
    newer: { a: { type: "array", prefixItems: [{ type: "string", maxLength: 5 }] } },
    want: ["constraint-changed A → warning"],
    openapi: "3.1.0",
  },
  {
    name: "an integer value added to a literal union is an enum value added, breaking in every mode",
    older: { a: obj({ n: { type: "integer", enum: [1, 2] } }) },
    newer: { a: obj({ n: { type: "integer", enum: [1, 2, 3] } }) },
    want: ["enum-value-added A n 3 → breaking"],
  },
  {
    name: "a string const that changes: the wire values, bare, as enums give them",
    older: { a: obj({ kind: { const: "x" } }) },
    newer: { a: obj({ kind: { const: "y" } }) },
    want: ["enum-value-added A kind y → breaking", "enum-value-removed A kind x → warning"],
    openapi: "3.1.0",
  },
  {
    name: "3.0's exclusiveMaximum: true beside the same maximum is one tightening",
    older: { a: obj({ n: { type: "number", maximum: 10 } }) },
    newer: { a: obj({ n: { type: "number", maximum: 10, exclusiveMaximum: true } }) },
    want: ["constraint-changed A n → safe"],
  },
  {
    name: "an exclusive lower bound made inclusive is one loosening",
    older: { a: obj({ n: { type: "number", minimum: 0, exclusiveMinimum: true } }) },
    newer: { a: obj({ n: { type: "number", minimum: 0 } }) },
    want: ["constraint-changed A n → warning"],
  },
  {
    name: "multipleOf 2 → 4 tightens; 4 → 2 loosens",
    older: { a: obj({ n: { type: "integer", multipleOf: 2 } }), b: obj({ n: { type: "integer", multipleOf: 4 } }) },
    newer: { a: obj({ n: { type: "integer", multipleOf: 4 } }), b: obj({ n: { type: "integer", multipleOf: 2 } }) },
    want: ["constraint-changed A n → safe", "constraint-changed B n → warning"],
  },
  {
    name: "an inline object moved into allOf: the changes inside it still show",
    older: { a: obj({ o: obj({ m: { type: "string" }, k: { type: "string", enum: ["a"] } }) }) },
    newer: { a: { allOf: [obj({ x: { type: "string" } }), obj({ o: obj({ k: { type: "string", enum: ["a", "b"] } }) })] } },
    want: ["property-added A x → safe", "property-removed AO o.m → breaking", "enum-value-added AOK o.k b → breaking"],
  },
  {
    // The component's own guard now proves `B | null`, and every property typed `B` reads `B | null`.
    name: "a component object that becomes nullable: at the component, and where its type text changes",
    older: { a: obj({ b: { $ref: "#/components/schemas/b" }, c: { type: "array", items: { $ref: "#/components/schemas/b" } } }), b: obj({ x: { type: "string" } }) },
    newer: { a: obj({ b: { $ref: "#/components/schemas/b" }, c: { type: "array", items: { $ref: "#/components/schemas/b" } } }), b: obj({ x: { type: "string" } }, { nullable: true }) },
    want: ["became-nullable B → breaking", "became-nullable A b → breaking", "became-nullable A c[] → breaking"],
  },
  {
    name: "additionalProperties: false added: readers see a subset (tightened)",
    older: { a: obj({ x: { type: "string" } }) },
    newer: { a: obj({ x: { type: "string" } }, { additionalProperties: false }) },
    want: ["constraint-changed A → safe"],
  },
];

describe("diff: one change per spec pair", () => {
  test.each(ROWS)("$name", ({ older, newer, want, openapi, enums, strictObjects }) => {
    expect(report(older, newer, openapi, enums, strictObjects)).toEqual([...want].sort());
  });

  test("a property declared in an allOf part is pointed at where it is, in the newer spec (or the older, once removed)", () => {
    const older = { a: { allOf: [obj({ x: { type: "string" } }), obj({ y: { type: "string" }, z: { type: "string" } })] } };
    const newer = { a: { allOf: [obj({ x: { type: "string" } }), obj({ y: { type: "string", maxLength: 3 }, w: { type: "string" } })] } };
    const r = diffLoaded(loadText(doc(older), "old.json"), loadText(doc(newer), "new.json"), { select: [], all: true, enums: "closed", strictObjects: false });
    const at = Object.fromEntries(r.changes.map((c) => [`${c.change} ${c.property}`, c.pointer]));
    expect(at).toEqual({
      "constraint-changed y": "#/components/schemas/a/allOf/1/properties/y",
      "property-added w": "#/components/schemas/a/allOf/1/properties/w",
      "property-removed z": "#/components/schemas/a/allOf/1/properties/z",
    });
  });

  test("generate's summary reads a manifest with a schema and a property named constructor (generate exited 3 over an earlier output)", async () => {
    const manifestOf = async (schemas: Schemas): Promise<string> => (await generateInline(specWith(schemas), { enums: "closed" })).files.find((f) => f.path === "manifest.json")!.content;
    const older = await manifestOf({ t: { type: "string" }, constructor: obj({ a: { type: "string" } }) });
    const newer = await manifestOf({ t: { type: "string" }, constructor: obj({ a: { type: "string" }, constructor: { type: "integer" } }) });
    const r = reportSince(older, newer, { enums: "closed", strictObjects: false })!;
    expect(r.changes.map((c) => [c.change, c.type, c.property])).toEqual([["property-added", "Constructor", "constructor"]]);
  });

  test("with strictObjects, additionalProperties: false removed or added is nothing: the guards reject extra keys either way (it was a breaking type change)", () => {
    const run = (o: Schemas, n: Schemas) => diffLoaded(loadText(doc(o), "old.json"), loadText(doc(n), "new.json"), { select: [], all: true, enums: "closed", strictObjects: true }).changes;
    expect(run({ c: obj({ a: { type: "string" } }, { additionalProperties: false }) }, { c: obj({ a: { type: "string" } }) })).toEqual([]);
    expect(run({ c: obj({ a: { type: "string" } }) }, { c: obj({ a: { type: "string" } }, { additionalProperties: false }) })).toEqual([]);
  });

  test("a multipleOf change carries the steps as numbers", () => {
    const r = diffLoaded(
      loadText(doc({ a: obj({ n: { type: "integer", multipleOf: 2 } }) }), "old.json"),
      loadText(doc({ a: obj({ n: { type: "integer", multipleOf: 4 } }) }), "new.json"),
      { select: [], all: true, enums: "closed", strictObjects: false },
    );
    expect(r.changes).toMatchObject([{ constraint: "multipleOf", from: 2, to: 4, direction: "tightened" }]);
  });

  test("property counts are compared as numbers, each bound with its direction (they were a JSON text, 'changed')", () => {
    const r = diffLoaded(
      loadText(doc({ a: obj({ m: { type: "object", minProperties: 1, maxProperties: 5 } }) }), "old.json"),
      loadText(doc({ a: obj({ m: { type: "object", minProperties: 2, maxProperties: 6 } }) }), "new.json"),
      { select: [], all: true, enums: "closed", strictObjects: false },
    );
    expect(r.changes.map((c) => [c.constraint, c.from, c.to, c.direction, c.severity])).toEqual([
      ["maxProperties", 5, 6, "loosened", "warning"],
      ["minProperties", 1, 2, "tightened", "safe"],
    ]);
  });
});
