/** Stage 1, load: JSON and YAML, OpenAPI 3.0 and 3.1, and the problems it reports. */
import { describe, expect, test } from "vitest";
import { SpecError, type Problem } from "../generator/errors.ts";
import { loadText } from "../generator/load/load.ts";

function problemsOf(fn: () => unknown): Problem[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof SpecError) return [...error.problems];
    throw error;
  }
  throw new Error("expected a SpecError");
}

const YAML_31 = `openapi: 3.1.0
info:
  title: Mini
  version: "7"
components:
  schemas:
    pet:
      type: [string, "null"]
`;

describe("load: accepted documents", () => {
  test.each([
    { name: "JSON 3.0", source: "s.json", text: '{"openapi":"3.0.0","info":{"title":"T","version":"1"}}', openapi: "3.0", title: "T" },
    { name: "JSON 3.0.3", source: "s.json", text: '{"openapi":"3.0.3","info":{"title":"T","version":"1"}}', openapi: "3.0", title: "T" },
    { name: "JSON 3.1", source: "s.json", text: '{"openapi":"3.1.0","info":{"title":"T","version":"1"}}', openapi: "3.1", title: "T" },
    { name: "YAML 3.1", source: "s.yaml", text: YAML_31, openapi: "3.1", title: "Mini" },
    { name: "YAML 3.0 under a .yml name", source: "s.yml", text: "openapi: 3.0.1\ninfo: {title: Y, version: '2'}\n", openapi: "3.0", title: "Y" },
    { name: "JSON text under a .txt name is sniffed", source: "s.txt", text: ' {"openapi":"3.0.0"}', openapi: "3.0", title: "untitled" },
  ])("$name", ({ source, text, openapi, title }) => {
    const loaded = loadText(text, source);
    expect(loaded.openapi).toBe(openapi);
    expect(loaded.title).toBe(title);
    expect(loaded.source).toBe(source);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test("YAML keeps scalar types (the version stays a string, type arrays stay arrays)", () => {
    const loaded = loadText(YAML_31, "s.yaml");
    expect(loaded.version).toBe("7");
    expect(loaded.document).toMatchObject({ components: { schemas: { pet: { type: ["string", "null"] } } } });
  });

  test("a numeric info.version (YAML `version: 2.5`) is said as that number, not as \"0\"", () => {
    expect(loadText("openapi: 3.0.3\ninfo: {title: N, version: 2.5}\n", "n.yaml").version).toBe("2.5");
    expect(loadText('{"openapi":"3.0.3","info":{"title":"N","version":3}}', "n.json").version).toBe("3");
    expect(loadText('{"openapi":"3.0.3","info":{"title":"N"}}', "n.json").version).toBe("0");
  });

  test("YAML keys are their text, as in JSON: `null:` is the key \"null\" (it and `~:` both became \"\", one value lost), `1.50:` stays \"1.50\"", () => {
    const text = "openapi: 3.0.3\ninfo: {title: K, version: '1'}\ncomponents:\n  schemas:\n    r:\n      properties:\n        null: {type: string}\n        ~: {type: integer}\n        true: {type: boolean}\n        1.50: {type: number}\n";
    const loaded = loadText(text, "k.yaml");
    const properties = (loaded.document as { components: { schemas: { r: { properties: Record<string, unknown> } } } }).components.schemas.r.properties;
    expect(Object.keys(properties)).toEqual(["null", "~", "true", "1.50"]);
    expect(loaded.locate("/components/schemas/r/properties/null")).toEqual({ line: 7, column: 15, file: "k.yaml" });
  });

  test("YAML merge keys are resolved (with keys read as their text)", () => {
    const loaded = loadText("openapi: 3.0.3\ninfo: {title: M, version: '1'}\nx-base: &base\n  type: string\ncomponents:\n  schemas:\n    m:\n      <<: *base\n      maxLength: 3\n", "m.yaml");
    expect((loaded.document as { components: { schemas: Record<string, unknown> } }).components.schemas["m"]).toEqual({ type: "string", maxLength: 3 });
  });

  test("locate maps a pointer to line:column in YAML and JSON", () => {
    expect(loadText(YAML_31, "s.yaml").locate("/components/schemas/pet/type")).toEqual({ line: 8, column: 13, file: "s.yaml" });
    const json = '{\n  "openapi": "3.0.0",\n  "components": {\n    "schemas": { "a~b/c": { "type": "string" } }\n  }\n}';
    expect(loadText(json, "s.json").locate("/components/schemas/a~0b~1c")).toEqual({ line: 4, column: 27, file: "s.json" });
  });

  test("JSON is located by a scan along the pointer, at the same line:column the YAML parser gives", async () => {
    // The same text read as YAML (a `.yaml` name) is located through the YAML parser: the reference.
    const json = JSON.stringify(
      {
        openapi: "3.0.0",
        info: { title: "t \"quoted\" {braces} [brackets]", version: "1" },
        components: {
          schemas: {
            "a~b/c": { type: "string", enum: ["x", "y, z", "]", "}"] },
            "esc\"aped": { type: "object", properties: { n: { type: ["number", "null"], minimum: -1.5e3 }, t: { const: true } } },
            list: { allOf: [{ $ref: "#/components/schemas/a~0b~1c" }, { description: "back\\slash\\" }, { nullable: false }] },
          },
        },
      },
      null,
      Math.random() < 2 ? 2 : 0,
    );
    const asJson = loadText(json, "s.json");
    const asYaml = loadText(json, "s.yaml");
    const pointers = [
      "",
      "/info/title",
      "/components/schemas/a~0b~1c",
      "/components/schemas/a~0b~1c/enum/2",
      "/components/schemas/a~0b~1c/enum/3",
      '/components/schemas/esc"aped/properties/n/minimum',
      '/components/schemas/esc"aped/properties/t/const',
      "/components/schemas/list/allOf/1/description",
      "/components/schemas/list/allOf/2/nullable",
      // Off the document: the deepest value that exists, as the YAML lookup answers.
      "/components/schemas/missing/type",
      "/components/schemas/list/allOf/7",
      "/components/schemas/list/allOf/01",
      "/info/title/deeper",
    ];
    for (const pointer of pointers) expect(asJson.locate(pointer), pointer).toEqual({ ...asYaml.locate(pointer), file: "s.json" });
    // And compact JSON (one line) too.
    const compact = JSON.stringify(JSON.parse(json));
    for (const pointer of pointers) expect(loadText(compact, "c.json").locate(pointer), pointer).toEqual({ ...loadText(compact, "c.yaml").locate(pointer), file: "c.json" });
  });

  test("the fingerprint depends on the bytes only", () => {
    const a = loadText('{"openapi":"3.0.0"}', "a.json");
    const b = loadText('{"openapi":"3.0.0"}', "b.json");
    const c = loadText('{"openapi": "3.0.0"}', "a.json");
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).not.toBe(c.sha256);
  });
});

describe("load: problems", () => {
  test.each([
    { name: "Swagger 2.0 (named as such)", source: "s.json", text: '{"swagger":"2.0"}', code: "spec-not-openapi", pointer: "/swagger", at: [1, 12] },
    { name: "OpenAPI 2.0 version", source: "s.json", text: '{\n"openapi": "2.0"\n}', code: "spec-version", pointer: "/openapi", at: [2, 12] },
    { name: "OpenAPI 4.0", source: "s.yaml", text: "openapi: 4.0.0\n", code: "spec-version", pointer: "/openapi", at: [1, 10] },
    { name: "version is a number", source: "s.yaml", text: "openapi: 3.0\n", code: "spec-not-openapi", pointer: "/openapi", at: [1, 10] },
    { name: "not an object", source: "s.json", text: "[1, 2]", code: "spec-not-openapi", pointer: "", at: [1, 1] },
    { name: "schemas is a list", source: "s.yaml", text: "openapi: 3.0.0\ncomponents:\n  schemas: [a]\n", code: "schema-invalid", pointer: "/components/schemas", at: [3, 12] },
    { name: "broken JSON", source: "s.json", text: '{\n  "openapi": "3.0.0",\n  "info": {,\n}', code: "spec-parse", pointer: "", at: [3, 12] },
    { name: "broken YAML", source: "s.yaml", text: "openapi: 3.0.0\ninfo:\n  title: [unclosed\n", code: "spec-parse", pointer: "", at: [4, 1] },
    // It was read as the key "[ a, b ]", with a warning from the YAML library on stderr.
    { name: "a sequence as a YAML key", source: "s.yaml", text: "openapi: 3.0.0\ncomponents:\n  schemas:\n    ? [a, b]\n    : {type: string}\n", code: "spec-parse", pointer: "", at: [4, 7] },
  ])("$name → $code", ({ source, text, code, pointer, at }) => {
    const problems = problemsOf(() => loadText(text, source));
    expect(problems).toHaveLength(1);
    const p = problems[0]!;
    expect(p.code).toBe(code);
    expect(p.pointer).toBe(pointer);
    if (at) expect([p.line, p.column]).toEqual(at);
  });

  test("an empty file says so and names the file, though it has no line to point at", () => {
    expect(() => loadText("", "empty.yaml")).toThrow(/^spec-not-openapi: the document is empty at # \(empty\.yaml\)$/);
    expect(() => loadText("# only a comment\n", "c.yaml")).toThrow(/^spec-not-openapi: the document is empty at # \(c\.yaml\)$/);
  });

  test("the error message ends with the pointer and the file position", () => {
    expect(() => loadText('{\n"openapi": "2.0"\n}', "s.json")).toThrow(/^spec-version: .* at #\/openapi \(s\.json:2:12\)$/);
  });
});
