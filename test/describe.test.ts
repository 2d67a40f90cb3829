/**
 * The `expected` texts of issues (emit/guards/describe.ts), given a schema, want the words: a
 * length range whose bounds are equal reads "exactly N", and one code point is singular.
 */
import { expect, test } from "vitest";
import { generateInline, specWith } from "./support/inline.ts";

test("string length bounds: exactly N when both bounds are equal, N to M otherwise", async () => {
  const result = await generateInline(
    specWith({
      code: {
        type: "object",
        required: ["exact", "range", "most", "least", "one"],
        properties: {
          exact: { type: "string", minLength: 34, maxLength: 34 },
          range: { type: "string", minLength: 2, maxLength: 4 },
          most: { type: "string", maxLength: 5 },
          least: { type: "string", minLength: 1 },
          one: { type: "string", maxLength: 1 },
        },
      },
    }),
  );
  const internal = result.files.find((f) => f.path === "internal/code.ts")!.content;
  expect(internal).toContain('"string of exactly 34 code points"');
  expect(internal).toContain('"string of 2 to 4 code points"');
  expect(internal).toContain('"string of at most 5 code points"');
  expect(internal).toContain('"string of at least 1 code point"');
  expect(internal).toContain('"string of at most 1 code point"');
  expect(internal).not.toContain("34 to 34");
});

test("number bounds: the tighter bound on each side, not both joined", async () => {
  const result = await generateInline(
    specWith({
      n: {
        type: "object",
        required: ["upper", "lower", "loose", "one"],
        properties: {
          upper: { type: "number", maximum: 0, exclusiveMaximum: 0 },
          lower: { type: "integer", minimum: 5, exclusiveMinimum: 3 },
          loose: { type: "number", minimum: 1, exclusiveMinimum: 2, maximum: 9, exclusiveMaximum: 10 },
          one: { type: "integer", minimum: 0 },
        },
      },
    }),
  );
  const internal = result.files.find((f) => f.path === "internal/n.ts")!.content;
  expect(internal).toContain('"finite number < 0"');
  expect(internal).toContain('"integer >= 5"');
  expect(internal).toContain('"finite number > 2 <= 9"');
  expect(internal).toContain('"integer >= 0"');
  expect(internal).not.toMatch(/<= 0 < 0|>= 5 > 3/);
});

test("property names: only the string part of a rule over every kind is named (names are strings)", async () => {
  const result = await generateInline(specWith({ pn: { type: "object", propertyNames: { maxLength: 2 } } }));
  const internal = result.files.find((f) => f.path === "internal/pn.ts")!.content;
  expect(internal).toContain('"property names of string of at most 2 code points"');
  expect(internal).not.toMatch(/property names of string of at most 2 code points \|/);
});
