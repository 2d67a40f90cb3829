/** RFC 6901 JSON Pointers: escaping, joining, parsing and lookup. */
import { describe, expect, test } from "vitest";
import { escapeToken, get, join, parse, unescapeToken } from "../generator/pointer.ts";

describe("escapeToken / unescapeToken", () => {
  test.each([
    { name: "plain", token: "properties", escaped: "properties" },
    { name: "slash", token: "a/b", escaped: "a~1b" },
    { name: "tilde", token: "a~b", escaped: "a~0b" },
    { name: "tilde before 1 is not a slash", token: "~1", escaped: "~01" },
    { name: "both, in order", token: "~/", escaped: "~0~1" },
    { name: "empty token", token: "", escaped: "" },
    { name: "quotes and spaces untouched", token: 'k "q" ', escaped: 'k "q" ' },
  ])("$name", ({ token, escaped }) => {
    expect(escapeToken(token)).toBe(escaped);
    expect(unescapeToken(escaped)).toBe(token);
  });
  test("numbers become their decimal text", () => {
    expect(escapeToken(12)).toBe("12");
  });
});

describe("join / parse", () => {
  test.each([
    { name: "root", base: "", tokens: [], pointer: "" },
    { name: "schema property", base: "/components/schemas", tokens: ["a.b", "properties", "x"], pointer: "/components/schemas/a.b/properties/x" },
    { name: "escaped tokens", base: "", tokens: ["a/b", "c~d"], pointer: "/a~1b/c~0d" },
    { name: "array index", base: "/x", tokens: ["anyOf", 1], pointer: "/x/anyOf/1" },
    { name: "empty key", base: "", tokens: [""], pointer: "/" },
  ])("$name", ({ base, tokens, pointer }) => {
    expect(join(base, ...tokens)).toBe(pointer);
    expect(parse(pointer)).toEqual([...(base === "" ? [] : parse(base)), ...tokens.map(String)]);
  });

  test.each([
    { name: "fragment", given: "#/components/schemas/a~1b", want: ["components", "schemas", "a/b"] },
    { name: "percent-encoded fragment", given: "#/components/schemas/a%20b", want: ["components", "schemas", "a b"] },
    { name: "whole document", given: "#", want: [] },
  ])("parse $name", ({ given, want }) => {
    expect(parse(given)).toEqual(want);
  });

  test("a pointer without a leading slash is rejected", () => {
    expect(() => parse("components/schemas")).toThrow(/not a JSON pointer/);
  });
});

describe("get", () => {
  const doc = JSON.parse('{"a":{"b/c":[10,{"d":true}]},"__proto__":{"polluted":1}}') as unknown;
  test.each([
    { name: "nested", tokens: ["a", "b/c", "1", "d"], want: true },
    { name: "array item", tokens: ["a", "b/c", "0"], want: 10 },
    { name: "missing step", tokens: ["a", "x", "y"], want: undefined },
    { name: "inherited names are not own properties", tokens: ["a", "constructor"], want: undefined },
    { name: "an own __proto__ key from JSON is found", tokens: ["__proto__", "polluted"], want: 1 },
    { name: "through a scalar", tokens: ["a", "b/c", "0", "x"], want: undefined },
  ])("$name", ({ tokens, want }) => {
    expect(get(doc, tokens)).toEqual(want);
  });
});
