/**
 * Objects with hundreds of properties (found by a sweep of real specs: Google's contentwarehouse
 * has one of 533 long-named `$ref` properties, DocuSign one of 674). One guard body for all of
 * them was too large for TypeScript's control-flow analysis (TS2563) when the internal files are
 * checked without their pragma, as the suite checks them; the checks and collectors now run in
 * parts (PART_SIZE in emit/guards.ts). These tests hold both halves: the output type-checks under
 * the strictest flags, and the guards still judge every property, in every part.
 */
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { loadGenerated, writeScratch } from "./support/generated.ts";
import { generateInline, specWith } from "./support/inline.ts";
import { STRICTEST } from "./support/strictest.ts";
import { describeDiagnostics, typecheck } from "./support/typecheck.ts";

const N = 533;
const name = (i: number): string => `someRatherLongPropertyName${String(i).padStart(4, "0")}`;
/**
 * Mostly optional refs, as in the real spec (their long names make the longest checks), every
 * fourth a nullable string of at most 10 code points, and every 50th required.
 */
const properties = Object.fromEntries(Array.from({ length: N }, (_, i) => [name(i), i % 4 === 1 ? { type: "string", nullable: true, maxLength: 10 } : { $ref: "#/components/schemas/Info" }]));
const required = Array.from({ length: N }, (_, i) => name(i)).filter((_, i) => i % 50 === 0);

let dir: string;
let api: Record<string, unknown>;

beforeAll(async () => {
  const result = await generateInline(
    specWith({
      Info: { type: "object", required: ["a"], properties: { a: { type: "string" } } },
      Wide: { type: "object", required, properties, additionalProperties: false },
      Open: { type: "object", required, properties },
    }),
    { enums: "closed" },
  );
  dir = await writeScratch("guards-wide", result.files);
  api = await loadGenerated(dir);
}, 120_000);

function valid(): Record<string, unknown> {
  return Object.fromEntries(required.map((k) => [k, { a: "x" }]));
}

test("the guards of an object with 533 long-named properties type-check under the strictest flags, pragma or not (TS2563 before)", () => {
  const { diagnostics } = typecheck([join(dir, "index.ts")], STRICTEST.NodeNext);
  expect(describeDiagnostics(diagnostics, 5)).toEqual([]);
}, 120_000);

test("every part of the object is checked: a bad value or a missing key in the first, middle or last part fails, at its path", () => {
  const is = api["isWide"] as (v: unknown) => boolean;
  const validate = api["validateWide"] as (v: unknown) => { ok: boolean; issues?: { path: string }[] };
  expect(is(valid())).toBe(true);
  expect(validate(valid()).ok).toBe(true);
  for (const i of [1, 249, 529]) {
    // i % 4 === 1: a nullable string of at most 10 code points.
    const bad = { ...valid(), [name(i)]: "far too long for it" };
    expect(is(bad), name(i)).toBe(false);
    expect(validate(bad).issues?.map((x) => x.path)).toEqual([`/${name(i)}`]);
  }
  for (const i of [0, 300, 500]) {
    const missing = valid();
    delete missing[name(i)];
    expect(is(missing), name(i)).toBe(false);
    expect(validate(missing).issues?.map((x) => x.path)).toEqual([`/${name(i)}`]);
  }
  // A key no part declares is refused once (additionalProperties: false), and all issues add up.
  const many = { ...valid(), extra: 1, [name(2)]: 1.5, [name(530)]: { a: 1 } };
  expect(is(many)).toBe(false);
  expect(validate(many).issues?.map((x) => x.path).sort()).toEqual([`/${name(2)}`, `/${name(530)}/a`, "/extra"].sort());
  // Without additionalProperties: false, extra keys pass.
  expect((api["isOpen"] as (v: unknown) => boolean)({ ...valid(), extra: 1 })).toBe(true);
});
