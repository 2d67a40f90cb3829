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
