/**
 * What validateX says about a failed value (found by a probe of its issues):
 * - which member a failed union's issues come from (runtime `closest`): the member with the
 *   fewest issues, headers not counted. A dispatched union inside a member reports a header ("it
 *   must be an A") before the member's own issue, so one bad leaf weighed two, and a sibling
 *   member missing one key was reported instead: the wrong fix (Stripe's customer too);
 * - an extra key under `additionalProperties: false`: reported from its descriptor, so its
 *   getter is never called (validateX called it, and a throwing one became "could not be read").
 */
import { expect, test } from "vitest";
import { loadGenerated, writeScratch } from "./support/generated.ts";
import { generateInline, specWith } from "./support/inline.ts";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const obj = (properties: Record<string, unknown>, required: string[]) => ({ type: "object", properties, required });

test("one bad leaf under a dispatched union outweighs no sibling member that misses a key", async () => {
  const result = await generateInline(
    specWith({
      a: obj({ object: { type: "string", enum: ["a"] }, n: { type: "integer" } }, ["object", "n"]),
      b: obj({ object: { type: "string", enum: ["b"] } }, ["object"]),
      src: { anyOf: [ref("a"), ref("b")] },
      full: obj({ object: { type: "string", enum: ["c"] }, src: ref("src"), name: { type: "string" } }, ["object", "src", "name"]),
      deleted: obj({ object: { type: "string", enum: ["c"] }, deleted: { type: "boolean", enum: [true] } }, ["object", "deleted"]),
      outer: { anyOf: [ref("full"), ref("deleted")] },
    }),
    { enums: "closed" },
  );
  const api = await loadGenerated(await writeScratch("union-closest", result.files));
  const validate = api["validateOuter"] as (v: unknown) => { ok: boolean; issues: { path: string }[] };
  const issues = validate({ object: "c", name: "n", src: { object: "a", n: "x" } }).issues.map((i) => i.path);
  expect(issues).toContain("/src/n");
  expect(issues).not.toContain("/deleted");
  // A value that really is closer to the other member (full would miss src and name) gets its issues.
  expect(validate({ object: "c", deleted: false }).issues.map((i) => i.path)).toContain("/deleted");
});

test("an extra key under additionalProperties: false is reported without calling its getter, even one that throws (validateX called it; isX never did)", async () => {
  const result = await generateInline(specWith({ closed: { type: "object", properties: { a: { type: "string" } }, additionalProperties: false } }), { enums: "closed" });
  const api = await loadGenerated(await writeScratch("extra-getter", result.files));
  const validate = api["validateClosed"] as (v: unknown) => { ok: boolean; issues: { path: string; received: string; message: string }[] };
  let calls = 0;
  const value = Object.defineProperty({ a: "x" }, "b", {
    enumerable: true,
    get: () => {
      calls++;
      throw new Error("boom");
    },
  });
  expect(validate(value).issues).toEqual([{ path: "/b", expected: "no such property", received: "a property read through a getter (not called)", message: "property not allowed by the schema" }]);
  expect(calls).toBe(0);
  expect(validate({ a: "x", c: 5 }).issues).toEqual([{ path: "/c", expected: "no such property", received: "5", message: "property not allowed by the schema" }]);
});

test("a container's own rules are reported beside its members' issues, as each keyword is judged on its own (validateX said only the member's issue: maxProperties, minProperties, uniqueItems, propertyNames and contains went unsaid)", async () => {
  const result = await generateInline(
    specWith(
      {
        rec: { type: "object", maxProperties: 2, additionalProperties: { type: "integer" } },
        few: { type: "object", minProperties: 3, additionalProperties: { type: "integer" } },
        uniq: { type: "array", uniqueItems: true, items: { type: "integer", minimum: 0 } },
        names: { type: "object", propertyNames: { maxLength: 2 }, additionalProperties: { type: "integer" } },
        cont: { type: "array", contains: { type: "string" }, items: { type: ["integer", "string"] } },
      },
      "3.1.0",
    ),
    { enums: "closed" },
  );
  const api = await loadGenerated(await writeScratch("container-rules", result.files));
  const paths = (name: string, v: unknown): string[] => {
    const r = (api[`validate${name}`] as (v: unknown) => { ok: boolean; issues?: { path: string; expected: string }[] })(v);
    expect(r.ok).toBe(false);
    expect((api[`is${name}`] as (v: unknown) => boolean)(v)).toBe(false);
    return r.issues!.map((i) => `${i.path} ${i.expected}`);
  };
  expect(paths("Rec", { a: 1, b: 1, c: "x" })).toEqual(["/c integer", " object with at most 2 properties"]);
  expect(paths("Few", { a: "x" })).toEqual(["/a integer", " object with at least 3 properties"]);
  expect(paths("Uniq", [1, 1, -1])).toEqual(["/2 integer >= 0", " array of unique items"]);
  expect(paths("Names", { abc: "x" })).toEqual(["/abc integer", "/abc property names of string of at most 2 code points"]);
  expect(paths("Cont", [1.5, 2])).toEqual(["/0 integer | string", " array with at least 1 items of string"]);
  // A value of another JSON kind gets the kind's issue alone: the rules constrain objects and arrays only.
  expect(paths("Rec", "nope")).toEqual([" object with integer values"]);
  expect(paths("Uniq", 5)).toEqual([" array of integer >= 0"]);
});
