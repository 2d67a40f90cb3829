/** Stage 2, resolve: closure, cycles, and the problems a `$ref` or a selection can have. */
import { describe, expect, test } from "vitest";
import { SpecError, type Problem } from "../generator/errors.ts";
import { loadText } from "../generator/load/load.ts";
import { resolve } from "../generator/resolve/resolve.ts";
import { specWith } from "./support/inline.ts";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const obj = (properties: Record<string, unknown>) => ({ type: "object", properties });

function run(schemas: Record<string, unknown>, select: string[] | "all") {
  const loaded = loadText(JSON.stringify(specWith(schemas)), "inline.json");
  return resolve(loaded, select === "all" ? { select: [], all: true } : { select, all: false });
}

function problemsOf(fn: () => unknown): Problem[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof SpecError) return [...error.problems];
    throw error;
  }
  throw new Error("expected a SpecError");
}

const GRAPH = {
  root: obj({ a: ref("b"), list: { type: "array", items: ref("c") } }),
  b: obj({ more: { anyOf: [{ type: "string" }, ref("d")] } }),
  c: { type: "string" },
  d: obj({ deep: { additionalProperties: ref("e") } }),
  e: { oneOf: [ref("c"), { allOf: [ref("c")] }] },
  unrelated: obj({ x: ref("root") }),
  via_inline: obj({ x: { $ref: "#/components/schemas/root/properties/list" } }),
};

describe("closure", () => {
  test.each([
    { name: "follows properties, items, anyOf, additionalProperties, oneOf, allOf", select: ["root"], want: ["b", "c", "d", "e", "root"] },
    { name: "a leaf selects itself only", select: ["c"], want: ["c"] },
    { name: "several roots merge, ordinal order", select: ["e", "b"], want: ["b", "c", "d", "e"] },
    { name: "a ref into another component's inside pulls what that inside references", select: ["via_inline"], want: ["c", "via_inline"] },
    { name: "--all selects everything", select: "all" as const, want: ["b", "c", "d", "e", "root", "unrelated", "via_inline"] },
  ])("$name", ({ select, want }) => {
    expect(run(GRAPH, select).selected).toEqual(want);
  });
});

describe("cycles", () => {
  test.each([
    {
      name: "two-schema cycle, self loop, and a bystander that only points in",
      schemas: { a: obj({ b: ref("b") }), b: obj({ a: ref("a") }), self: obj({ me: { type: "array", items: ref("self") } }), leaf: obj({ a: ref("a") }) },
      want: ["a", "b", "self"],
    },
    { name: "no cycle", schemas: { a: obj({ b: ref("b") }), b: { type: "string" } }, want: [] },
    {
      name: "three-schema cycle through anyOf",
      schemas: { x: obj({ y: { anyOf: [{ type: "string" }, ref("y")] } }), y: obj({ z: ref("z") }), z: obj({ x: ref("x") }) },
      want: ["x", "y", "z"],
    },
  ])("$name", ({ schemas, want }) => {
    expect([...run(schemas, "all").recursive].sort()).toEqual(want);
  });
});

describe("problems", () => {
  test.each([
    {
      name: "missing ref",
      schemas: { a: obj({ b: ref("nope") }) },
      select: ["a"],
      want: [{ code: "ref-missing", pointer: "/components/schemas/a/properties/b/$ref", message: /"#\/components\/schemas\/nope" points at nothing/ }],
    },
    {
      name: "missing ref into a component's inside",
      schemas: { a: obj({ b: { $ref: "#/components/schemas/a/properties/zzz" } }) },
      select: ["a"],
      want: [{ code: "ref-missing", pointer: "/components/schemas/a/properties/b/$ref", message: /points at nothing/ }],
    },
    {
      name: "a plain-name fragment ($anchor) says anchors are not supported",
      schemas: { a: obj({ b: { $ref: "#short" } }), s: { $anchor: "short", type: "string" } },
      select: ["a"],
      want: [{ code: "ref-missing", pointer: "/components/schemas/a/properties/b/$ref", message: /"#short" points at nothing \(a plain-name fragment names an `\$anchor`, which is not supported/ }],
    },
    {
      name: "a ref under a schema with an $id says $id does not make it relative",
      schemas: { a: { $id: "https://example.com/a", ...(obj({ b: { $ref: "#/$defs/s" } }) as object), $defs: { s: { type: "integer" } } } },
      select: ["a"],
      want: [{ code: "ref-missing", pointer: "/components/schemas/a/properties/b/$ref", message: /`\$id`, at \/components\/schemas\/a, is not supported/ }],
    },
    {
      name: "external ref",
      schemas: { a: obj({ b: { $ref: "other.yaml#/components/schemas/b" } }) },
      select: ["a"],
      want: [{ code: "ref-external", pointer: "/components/schemas/a/properties/b/$ref", message: /external \$ref "other\.yaml#.*bundle the spec/ }],
    },
    {
      name: "$ref that is not a string",
      schemas: { a: obj({ b: { $ref: 42 } }) },
      select: ["a"],
      want: [{ code: "schema-invalid", pointer: "/components/schemas/a/properties/b/$ref", message: /must be a string/ }],
    },
    {
      name: "unknown select id with a suggestion",
      schemas: { "identity.verification_session": { type: "string" }, "identity.verification_report": { type: "string" } },
      select: ["verification_session"],
      want: [{ code: "select-unknown", pointer: "/components/schemas/verification_session", message: /no component schema "verification_session" \(did you mean "identity\.verification_session"\?\)/ }],
    },
    {
      name: "unknown select id without any near name",
      schemas: { a: { type: "string" } },
      select: ["zzz"],
      want: [{ code: "select-unknown", pointer: "/components/schemas/zzz", message: /^no component schema "zzz"$/ }],
    },
    {
      name: "problems are collected, not thrown one at a time",
      schemas: { a: obj({ b: ref("x"), c: ref("y") }), d: { type: "string" } },
      select: ["a", "nope"],
      want: [
        { code: "select-unknown", pointer: "/components/schemas/nope", message: /nope/ },
        { code: "ref-missing", pointer: "/components/schemas/a/properties/b/$ref", message: /x/ },
        { code: "ref-missing", pointer: "/components/schemas/a/properties/c/$ref", message: /y/ },
      ],
    },
    {
      name: "refs outside the selection's closure are not checked",
      schemas: { a: { type: "string" }, broken: obj({ b: ref("nope") }) },
      select: ["a"],
      want: [],
    },
  ])("$name", ({ schemas, select, want }) => {
    const problems = want.length === 0 ? (run(schemas, select), []) : problemsOf(() => run(schemas, select));
    expect(problems.map((p) => ({ code: p.code, pointer: p.pointer }))).toEqual(want.map((w) => ({ code: w.code, pointer: w.pointer })));
    problems.forEach((p, i) => expect(p.message).toMatch(want[i]!.message));
  });

  test("problems in a YAML spec carry the $ref's line and column", () => {
    const yaml = "openapi: 3.0.0\ncomponents:\n  schemas:\n    a:\n      properties:\n        b:\n          $ref: '#/components/schemas/gone'\n";
    const [p] = problemsOf(() => resolve(loadText(yaml, "s.yaml"), { select: ["a"], all: false }));
    expect(p).toMatchObject({ code: "ref-missing", pointer: "/components/schemas/a/properties/b/$ref", line: 7, column: 17, file: "s.yaml" });
  });
});
