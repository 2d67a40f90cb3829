/**
 * Which member a failed union's issues come from (runtime `closest`): the member with the fewest
 * issues, headers not counted. A dispatched union inside a member reports a header ("it must be
 * an A") before the member's own issue, so one bad leaf weighed two, and a sibling member missing
 * one key was reported instead: the wrong fix (found by a probe, on Stripe's customer too).
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
