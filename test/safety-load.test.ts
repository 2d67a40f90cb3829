/**
 * The loader's guards (README "Guarantees"): nesting bounded before any recursive stage runs,
 * duplicate keys found in JSON (by a linear scan) and YAML with both positions, a byte-order mark
 * accepted, malformed percent-escapes reported with their pointer.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { generate } from "../generator/index.ts";
import { checkTree, jsonDuplicateKeys, jsonHasDuplicateKeys, MAX_NESTING } from "../generator/load/checks.ts";
import { loadText } from "../generator/load/load.ts";
import { resolve } from "../generator/resolve/resolve.ts";
import { problemsOf } from "./support/problems.ts";

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 1; i < depth; i++) value = [value];
  return value;
};

describe("nesting", () => {
  test(`exactly ${MAX_NESTING} levels pass, one more is spec-too-deep at the first node too deep`, () => {
    expect(checkTree(nested(MAX_NESTING + 1))).toEqual([]); // the innermost value is a number, not a level
    const [problem] = checkTree(nested(MAX_NESTING + 2));
    expect(problem?.code).toBe("spec-too-deep");
    expect(problem?.pointer).toBe("/0".repeat(MAX_NESTING));
  });

  test("schemas nested as deep as the limit allows go through every stage, prettier included", async () => {
    let schema: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < (MAX_NESTING - 4) / 2; i++) schema = { type: "object", properties: { a: schema } };
    const spec = JSON.stringify({ openapi: "3.0.0", info: { title: "deep", version: "1" }, components: { schemas: { deep: schema } } });
    const { files } = await generate({ spec: "deep.json", specText: spec, all: true, format: true, cacheDir: false });
    expect(files.find((f) => f.path === "schemas/deep.ts")?.content).toContain("export interface Deep {");
  });

  test("pointers escape `~` and `/` in keys", () => {
    const doc = { "a/b": { "c~d": nested(MAX_NESTING) } };
    // root (1), "a/b" (2), "c~d" (3) and its arrays: level MAX_NESTING + 1 sits MAX_NESTING - 2 indexes in.
    expect(checkTree(doc)[0]?.pointer).toBe("/a~1b/c~0d" + "/0".repeat(MAX_NESTING - 2));
  });
});

describe("duplicate keys", () => {
  test.each([
    { name: "plain", text: '{"a": 1, "b": {"x": 1, "x": 2}}', key: "x", object: "/b" },
    { name: "spelled with an escape", text: '{"ab": 1, "a\\u0062": 2}', key: "ab", object: "" },
    { name: "inside an array", text: '{"list": [{"k": 1}, {"k": 1, "k": 2}]}', key: "k", object: "/list/1" },
    { name: "after strings with quotes and brackets", text: '{"s": "a\\"{[", "t": "\\\\", "s": 3}', key: "s", object: "" },
  ])("JSON, $name", ({ text, key, object }) => {
    JSON.parse(text); // valid JSON: the scan runs only on what JSON.parse accepted
    const [found] = jsonDuplicateKeys(text);
    expect(found).toMatchObject({ key, object });
    expect(text.slice(found!.first, found!.first + 1)).toBe('"');
    expect(found!.second).toBeGreaterThan(found!.first);
  });

  test("JSON without duplicates: none, even with the same key in sibling objects", () => {
    expect(jsonDuplicateKeys('{"a": {"k": 1}, "b": {"k": 1}, "c": [{"k": 1}, {"k": 2}]}')).toEqual([]);
  });

  test("the counting check agrees with the full scan, and with the text, on random JSON with and without repeated keys", () => {
    // Objects as lists of entries, so a key may repeat; keys include escapes that spell the same
    // key two ways ("a" and "\\u0061"), `__proto__` and quotes.
    const keys = fc.constantFrom('"a"', '"\\u0061"', '"b"', '"__proto__"', '"q\\"x"', '"k,"', '"{["');
    const { tree } = fc.letrec<{ tree: string; array: string; object: string }>((tie) => ({
      tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constantFrom("1", "null", '"s"', '"}"', '"a"'), tie("array"), tie("object")),
      array: fc.array(tie("tree"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
      object: fc.array(fc.tuple(keys, tie("tree")), { maxLength: 4 }).map((entries) => `{${entries.map(([k, v]) => `${k}: ${v}`).join(",\n ")}}`),
    }));
    let withRepeats = 0;
    fc.assert(
      fc.property(tree, (text) => {
        const parsed: unknown = JSON.parse(text);
        const scan = jsonDuplicateKeys(text).length > 0;
        if (scan) withRepeats++;
        expect(jsonHasDuplicateKeys(text, parsed)).toBe(scan);
      }),
      { numRuns: 2000 },
    );
    expect(withRepeats).toBeGreaterThan(100);
  });

  test("YAML: both positions", () => {
    const [p] = problemsOf(() => loadText("openapi: 3.0.0\ncomponents:\n  schemas:\n    a: {type: string}\n    a: {type: number}\n", "s.yaml"));
    expect(p).toMatchObject({ code: "spec-duplicate-key", pointer: "/components/schemas/a", line: 5, column: 5 });
    expect(p!.message).toContain("first at line 4, column 5");
  });
});

describe("text", () => {
  test.each(["s.json", "s.yaml"])("a byte-order mark is not content (%s)", (source) => {
    const loaded = loadText('\ufeff{"openapi": "3.0.0", "info": {"title": "T", "version": "1"}}', source);
    expect(loaded.title).toBe("T");
  });

  test("a malformed percent-escape in a $ref is ref-invalid at its pointer, well-formed ones pass", () => {
    const doc = (ref: string) => JSON.stringify({ openapi: "3.0.0", components: { schemas: { a: { $ref: ref }, b: { type: "string" } } } });
    expect(() => loadText(doc("#/components/schemas/%62"), "s.json")).not.toThrow();
    const [p] = problemsOf(() => loadText(doc("#/components/schemas/%E0%A4%A"), "s.json"));
    expect(p).toMatchObject({ code: "ref-invalid", pointer: "/components/schemas/a/$ref" });
  });
});

describe("$ref chains (recursion that the document's nesting does not bound)", () => {
  const chain = (n: number, inline: boolean): string => {
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const next = i + 1 < n;
      schemas[`s${i}`] = inline
        ? { type: "object", properties: { p: next ? { $ref: `#/components/schemas/s${i + 1}/properties/p` } : { type: "string" } } }
        : next ? { $ref: `#/components/schemas/s${i + 1}` } : { type: "string" };
    }
    return JSON.stringify({ openapi: "3.0.0", info: { title: "t", version: "1" }, components: { schemas } });
  };

  test("50,000 components, each an alias of the next, resolve (cycle detection is iterative)", () => {
    const resolved = resolve(loadText(chain(50_000, false), "s.json"), { select: ["s0"], all: false });
    expect(resolved.selected).toHaveLength(50_000);
    expect(resolved.recursive.size).toBe(0);
  });

  test("a chain of $refs into inline schemas past the limit is spec-too-deep at the $ref", () => {
    const [p] = problemsOf(() => resolve(loadText(chain(3_000, true), "s.json"), { select: ["s0"], all: false }));
    expect(p).toMatchObject({ code: "spec-too-deep", pointer: "/components/schemas/s200/properties/p/$ref" });
  });

  test("a chain of inline $refs just under the limit goes through every stage, prettier included", async () => {
    const { files } = await generate({ spec: "s.json", specText: chain(195, true), select: ["s0"], format: true, cacheDir: false });
    expect(files.find((f) => f.path === "schemas/s0.ts")?.content).toContain("export interface S0 {");
  });

  test("cycles are still found: a ring of aliases through an object", () => {
    const spec = JSON.stringify({
      openapi: "3.0.0",
      components: { schemas: { a: { $ref: "#/components/schemas/b" }, b: { type: "object", properties: { c: { $ref: "#/components/schemas/c" } } }, c: { $ref: "#/components/schemas/a" }, d: { type: "string" } } },
    });
    const resolved = resolve(loadText(spec, "s.json"), { select: [], all: true });
    expect([...resolved.recursive].sort()).toEqual(["a", "b", "c"]);
  });
});
