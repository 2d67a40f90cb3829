/**
 * Behaviour of the emitted guards (`isX` / `validateX` / `assertX`): on the default output and on
 * the whole spec in both enum modes (agreement of the three guards over many inputs), and on a
 * small fixture spec (`fixtureSpec` below) for each rule: own properties, finite and
 * integer numbers, lengths in code points, patterns, depth cap, strictObjects, additional
 * properties, discriminated unions, oneOf, issue cap and JSON Pointer escaping.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadGenerated, materialize, ROOT, SESSION_IDS } from "./support/generated.ts";

type Exports = Record<string, unknown>;
type Issue = { path: string; expected: string; received: string; message: string };
type Result = { ok: true; value: unknown } | { ok: false; issues: Issue[] };
type Guards = { is: (v: unknown) => boolean; validate: (v: unknown) => Result; assert: (v: unknown) => void };

/** A small spec with one schema per rule under test. */
const ref = (id: string): { $ref: string } => ({ $ref: `#/components/schemas/${id}` });
const fixtureSpec = {
  openapi: "3.0.0",
  info: { title: "Guard behaviour fixture", version: "1" },
  paths: {},
  components: {
    schemas: {
      // Recursive through a nullable ref and through an array: deep-nesting and depth-cap cases.
      tree_node: {
        type: "object",
        required: ["name"],
        properties: {
          name: { type: "string", maxLength: 10 },
          parent: { anyOf: [ref("tree_node")], nullable: true },
          children: { type: "array", maxItems: 5, items: ref("tree_node") },
          label: { type: "string", minLength: 2, pattern: "^[a-z]+$" },
          count: { type: "integer", minimum: 0, maximum: 10 },
          ratio: { type: "number", exclusiveMinimum: true, minimum: 0 },
          "a/b~c": { type: "string" },
          constructor: { type: "string" },
          tags: { type: "object", additionalProperties: { type: "string", maxLength: 3 } },
        },
      },
      closed_box: {
        type: "object",
        additionalProperties: false,
        required: ["id"],
        properties: { id: { type: "string" }, size: { type: "integer" } },
      },
      // additionalProperties with a schema next to declared properties
      typed_extras: { type: "object", properties: { id: { type: "string" } }, additionalProperties: { type: "integer" } },
      cat: {
        type: "object",
        required: ["object", "lives"],
        properties: { object: { type: "string", enum: ["cat"] }, lives: { type: "integer", maximum: 9 } },
      },
      dog: {
        type: "object",
        required: ["object", "good"],
        properties: { object: { type: "string", enum: ["dog"] }, good: { type: "boolean" } },
      },
      // A discriminated union (distinct `object` literals) and an expandable field.
      pet_owner: {
        type: "object",
        required: ["pet"],
        properties: {
          pet: { anyOf: [ref("cat"), ref("dog")] },
          best_friend: {
            anyOf: [{ type: "string", maxLength: 50 }, ref("dog")],
            nullable: true,
            "x-expansionResources": { oneOf: [ref("dog")] },
          },
          mood: { type: "string", enum: ["happy", "sleepy"] },
          moods: { type: "array", items: { type: "string", enum: ["happy", "sleepy"] } },
        },
      },
      // oneOf whose members overlap: "alpha" is both a `word` and a `code`.
      token: { oneOf: [ref("word"), ref("code")] },
      word: { type: "string", enum: ["alpha", "beta"] },
      code: { type: "string", enum: ["alpha", "gamma"] },
      many: { type: "array", items: { type: "integer" } },
    },
  },
};
const fixtureText = JSON.stringify(fixtureSpec);
const sessionPayload = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, "test/fixtures/payloads/requires_input.document.json"), "utf8")) as Record<string, unknown>;

function guards(mod: Exports, name: string): Guards {
  const is = mod[`is${name}`];
  const validate = mod[`validate${name}`];
  const assert = mod[`assert${name}`];
  if (typeof is !== "function" || typeof validate !== "function" || typeof assert !== "function") throw new Error(`no guards for ${name}`);
  return { is, validate, assert } as Guards;
}

function issues(g: Guards, value: unknown): Issue[] {
  const r = g.validate(value);
  return r.ok ? [] : r.issues;
}

/** is, validate and assert agree on `value`; returns the verdict. */
function agree(g: Guards, value: unknown): boolean {
  const verdict = g.is(value);
  const result = g.validate(value);
  expect(result.ok).toBe(verdict);
  if (result.ok) expect(result.value).toBe(value);
  else expect(result.issues.length).toBeGreaterThan(0);
  let threw: unknown;
  try {
    g.assert(value);
  } catch (error) {
    threw = error;
  }
  expect(threw === undefined).toBe(verdict);
  if (threw !== undefined) {
    expect((threw as Error).name).toBe("ValidationError");
    expect((threw as { issues: Issue[] }).issues).toEqual(result.ok ? [] : result.issues);
  }
  return verdict;
}

/** Inputs every guard must survive: wrong kinds, edge numbers, hostile keys, near misses. */
function probes(): unknown[] {
  return [
    undefined,
    null,
    0,
    -0,
    1.5,
    NaN,
    Infinity,
    2 ** 53,
    "",
    "x",
    "😀".repeat(3),
    true,
    [],
    [1, "a", null],
    {},
    Object.create(null) as object,
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1, "toString": "x"}') as unknown,
    { object: "identity.verification_session" },
    sessionPayload(),
    { ...sessionPayload(), status: "done" },
    new Date(0),
    () => 1,
  ];
}

function manifestGuards(result: { files: { path: string; content: string }[] }): string[] {
  const manifest = JSON.parse(result.files.find((f) => f.path === "manifest.json")!.content) as {
    schemas: Record<string, { declarations: string[]; guards: string[] }>;
  };
  return Object.values(manifest.schemas).flatMap((s) => s.declarations);
}

describe("default output and whole spec", () => {
  const variants = [
    { name: "guards-default-open", options: { select: [...SESSION_IDS], enums: "open" as const } },
    { name: "guards-default-closed", options: { select: [...SESSION_IDS], enums: "closed" as const } },
    { name: "guards-all-open", options: { all: true, enums: "open" as const } },
    { name: "guards-all-closed", options: { all: true, enums: "closed" as const } },
  ];
  const loaded = new Map<string, { mod: Exports; decls: string[] }>();

  beforeAll(async () => {
    for (const v of variants) {
      const { dir, result } = await materialize(v.name, v.options);
      loaded.set(v.name, { mod: await loadGenerated(dir), decls: manifestGuards(result) });
    }
  });

  it.each(variants.map((v) => v.name))("%s: every declaration's is/validate/assert exist and agree on probes", (name) => {
    const { mod, decls } = loaded.get(name)!;
    expect(decls.length).toBeGreaterThan(name.includes("-all-") ? 1500 : 1000);
    let accepted = 0;
    for (const decl of decls) {
      const g = guards(mod, decl);
      for (const value of probes()) if (agree(g, value)) accepted++;
    }
    expect(accepted).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("the manifest lists the three guards of every declaration", () => {
    const { mod } = loaded.get("guards-default-open")!;
    const manifest = JSON.parse(readFileSync(join(ROOT, "test/.tmp/guards-default-open/manifest.json"), "utf8")) as {
      schemas: Record<string, { declarations: string[]; guards: string[] }>;
    };
    const session = manifest.schemas["identity.verification_session"]!;
    expect(session.guards.slice(0, 3)).toEqual(["isIdentityVerificationSession", "validateIdentityVerificationSession", "assertIdentityVerificationSession"]);
    for (const s of Object.values(manifest.schemas)) {
      expect(s.guards).toEqual(s.declarations.flatMap((d) => [`is${d}`, `validate${d}`, `assert${d}`]));
      for (const g of s.guards) expect(typeof mod[g]).toBe("function");
    }
  });

  it("never throw and always agree, on arbitrary values at the root and inside a real payload", () => {
    const anything = fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSparseArray: true, withObjectString: true });
    const keys = Object.keys(sessionPayload());
    for (const name of ["guards-default-open", "guards-all-closed"]) {
      const mod = loaded.get(name)!.mod;
      for (const decl of ["IdentityVerificationSession", "CheckoutSession", "IdentityVerificationReport", "GelatoVerifiedOutputs"]) {
        const g = guards(mod, decl);
        fc.assert(
          fc.property(anything, fc.nat(), (value, n) => {
            agree(g, value);
            agree(g, { ...sessionPayload(), [keys[n % keys.length]!]: value });
          }),
          { seed: 42, numRuns: 300 },
        );
      }
    }
  });

  it("a real session payload passes in both modes; status \"done\" fails closed with one issue at /status", () => {
    const open = guards(loaded.get("guards-default-open")!.mod, "IdentityVerificationSession");
    const closed = guards(loaded.get("guards-default-closed")!.mod, "IdentityVerificationSession");
    expect(agree(open, sessionPayload())).toBe(true);
    expect(agree(closed, sessionPayload())).toBe(true);
    const done = { ...sessionPayload(), status: "done" };
    expect(agree(open, done)).toBe(true);
    expect(agree(closed, done)).toBe(false);
    const found = issues(closed, done);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: "/status", received: '"done"' });
    for (const value of ["canceled", "processing", "requires_input", "verified"]) expect(found[0]!.expected).toContain(JSON.stringify(value));
    expect(found[0]!.message).toContain("requires_input");
    expect(() => closed.assert(done)).toThrow(/\/status/);
  });

  it("reports nested issues at JSON Pointers into the value", () => {
    const g = guards(loaded.get("guards-default-closed")!.mod, "IdentityVerificationSession");
    const bad = { ...sessionPayload(), last_error: { code: "nope", reason: 5 }, metadata: { "a/b~c": 1 } };
    expect(issues(g, bad).map((i) => i.path).sort()).toEqual(["/last_error/code", "/last_error/reason", "/metadata/a~1b~0c"]);
  });

  it("numbers must be finite, integers and timestamps safe integers", () => {
    const g = guards(loaded.get("guards-default-open")!.mod, "IdentityVerificationSession");
    for (const created of [NaN, Infinity, -Infinity, 1.5, 2 ** 53, "1712761523", null]) {
      expect(agree(g, { ...sessionPayload(), created })).toBe(false);
      expect(issues(g, { ...sessionPayload(), created }).map((i) => i.path)).toEqual(["/created"]);
    }
    expect(agree(g, { ...sessionPayload(), created: 0 })).toBe(true);
  });

  it("keys named __proto__ / constructor are ordinary keys: no crash, no verdict change, no pollution", () => {
    const g = guards(loaded.get("guards-default-open")!.mod, "IdentityVerificationSession");
    const text = JSON.stringify(sessionPayload()).replace(/^\{/, '{"__proto__": {"status": 5, "polluted": 1}, "constructor": null, "hasOwnProperty": 3,');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.hasOwn(parsed, "__proto__")).toBe(true);
    expect(agree(g, parsed)).toBe(true);
    const meta = JSON.parse('{"__proto__": "x", "constructor": "y"}') as unknown;
    expect(agree(g, { ...sessionPayload(), metadata: meta })).toBe(true);
    const badMeta = JSON.parse('{"__proto__": 1}') as unknown;
    expect(issues(g, { ...sessionPayload(), metadata: badMeta }).map((i) => i.path)).toEqual(["/metadata/__proto__"]);
    // Required properties must be own: an inherited `id` does not count.
    const inherited = Object.assign(Object.create({ id: "vs_1" }) as object, { ...sessionPayload(), id: undefined });
    delete (inherited as Record<string, unknown>)["id"];
    expect(agree(g, inherited)).toBe(false);
    expect(issues(g, inherited)).toMatchObject([{ path: "/id", received: "nothing" }]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("an optional property present with the value undefined is invalid; absent is fine", () => {
    const g = guards(loaded.get("guards-default-open")!.mod, "IdentityVerificationSession");
    const absent = sessionPayload();
    delete absent["url"];
    expect(agree(g, absent)).toBe(true);
    expect(agree(g, { ...sessionPayload(), url: undefined })).toBe(false);
    expect(issues(g, { ...sessionPayload(), url: undefined })).toMatchObject([{ path: "/url", received: "undefined" }]);
  });

  it("maxLength counts code points (metadata values: at most 500)", () => {
    const g = guards(loaded.get("guards-default-open")!.mod, "IdentityVerificationSession");
    const emoji = "😀".repeat(500); // 1000 UTF-16 units, 500 code points
    expect(agree(g, { ...sessionPayload(), metadata: { k: emoji } })).toBe(true);
    expect(agree(g, { ...sessionPayload(), metadata: { k: emoji + "a" } })).toBe(false);
    expect(agree(g, { ...sessionPayload(), metadata: { k: "a".repeat(501) } })).toBe(false);
  });

  it("the default issue cap is 100", () => {
    const g = guards(loaded.get("guards-default-open")!.mod, "IdentityVerificationSession");
    const metadata = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    const found = issues(g, { ...sessionPayload(), metadata });
    expect(found).toHaveLength(100);
    expect(found[0]).toMatchObject({ path: "/metadata/k0", expected: "string of at most 500 code points", received: "0" });
  });

  it("a long received string is cut at a character boundary, never inside a surrogate pair", () => {
    const g = guards(loaded.get("guards-default-open")!.mod, "IdentityVerificationSession");
    const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    // The cut falls after 37 UTF-16 units: odd, so after 36 ASCII units a pair would straddle it.
    for (const prefix of ["", "a"]) {
      const found = issues(g, { ...sessionPayload(), metadata: { k: prefix + "\u{1F600}".repeat(600) } });
      expect(found).toHaveLength(1);
      const received = JSON.parse(found[0]!.received) as string;
      expect(received.endsWith("...")).toBe(true);
      expect(received.length).toBeGreaterThanOrEqual(39);
      expect(lone.test(received), JSON.stringify(found[0]!.received)).toBe(false);
    }
  });

  it("closed enums reject unknown values, open enums admit any string, both reject non-strings", () => {
    const open = guards(loaded.get("guards-all-open")!.mod, "IdentityVerificationSessionStatus");
    const closed = guards(loaded.get("guards-all-closed")!.mod, "IdentityVerificationSessionStatus");
    expect(agree(open, "requires_review")).toBe(true);
    expect(agree(closed, "requires_review")).toBe(false);
    expect(issues(closed, "requires_review")).toMatchObject([{ path: "", received: '"requires_review"' }]);
    for (const v of ["verified", "canceled"]) expect(agree(closed, v) && agree(open, v)).toBe(true);
    for (const v of [1, null, undefined, ["verified"]]) expect(agree(open, v) || agree(closed, v)).toBe(false);
  });
});

describe("fixture spec", () => {
  const mods = new Map<string, Exports>();
  const variants = {
    closed: { enums: "closed" as const },
    open: { enums: "open" as const },
    strict: { enums: "closed" as const, strictObjects: true },
    small: { enums: "closed" as const, maxIssues: 3, maxDepth: 5 },
  };

  beforeAll(async () => {
    for (const [name, options] of Object.entries(variants)) {
      const { dir } = await materialize(`guards-fixture-${name}`, { specText: fixtureText, spec: "guards-fixture.json", all: true, ...options });
      mods.set(name, await loadGenerated(dir));
    }
  });

  const g = (variant: keyof typeof variants, name: string): Guards => guards(mods.get(variant)!, name);

  it("strings: maxLength in code points, minLength, pattern", () => {
    const t = g("closed", "TreeNode");
    expect(agree(t, { name: "😀".repeat(10) })).toBe(true); // 20 UTF-16 units
    expect(agree(t, { name: "😀".repeat(11) })).toBe(false);
    expect(agree(t, { name: "a".repeat(11) })).toBe(false);
    expect(agree(t, { name: "n", label: "ab" })).toBe(true);
    expect(agree(t, { name: "n", label: "a" })).toBe(false); // minLength 2
    expect(agree(t, { name: "n", label: "AB" })).toBe(false); // pattern
    expect(issues(t, { name: "n", label: "AB" })).toMatchObject([{ path: "/label", expected: "string of at least 2 code points matching /^[a-z]+$/" }]);
  });

  it("numbers: bounds, exclusive bounds, integers", () => {
    const t = g("closed", "TreeNode");
    expect(agree(t, { name: "n", count: 10, ratio: 0.5 })).toBe(true);
    for (const bad of [{ count: 11 }, { count: -1 }, { count: 1.5 }, { count: NaN }, { ratio: 0 }, { ratio: Infinity }, { ratio: NaN }]) {
      expect(agree(t, { name: "n", ...bad })).toBe(false);
      expect(issues(t, { name: "n", ...bad })).toHaveLength(1);
    }
  });

  it("a declared property named constructor is checked only when own", () => {
    const t = g("closed", "TreeNode");
    expect(agree(t, { name: "n" })).toBe(true); // inherited Object.prototype.constructor ignored
    expect(agree(t, JSON.parse('{"name": "n", "constructor": "c"}'))).toBe(true);
    expect(issues(t, JSON.parse('{"name": "n", "constructor": 1}'))).toMatchObject([{ path: "/constructor" }]);
  });

  it("JSON Pointer escaping of keys with / and ~", () => {
    const t = g("closed", "TreeNode");
    expect(issues(t, { name: "n", "a/b~c": 1 })).toMatchObject([{ path: "/a~1b~0c" }]);
    expect(issues(t, { name: "n", tags: { "~/": "long" } })).toMatchObject([{ path: "/tags/~0~1" }]);
  });

  it("recursion: valid trees pass, issues point into nested children", () => {
    const t = g("closed", "TreeNode");
    const tree = { name: "root", children: [{ name: "a", children: [{ name: "b" }] }, { name: "c", parent: { name: "root" } }] };
    expect(agree(t, tree)).toBe(true);
    const bad = { name: "root", children: [{ name: "a", children: [{ name: 5 }] }, { name: "c", parent: { name: "root", count: "1" } }] };
    expect(issues(t, bad).map((i) => i.path)).toEqual(["/children/0/children/0/name", "/children/1/parent/count"]);
    expect(agree(t, { name: "r", children: Array.from({ length: 6 }, () => ({ name: "x" })) })).toBe(false); // maxItems 5
  });

  it("input nested 100,000 levels deep is rejected at the depth cap without overflowing the stack", () => {
    const t = g("closed", "TreeNode");
    let deep: Record<string, unknown> = { name: "leaf" };
    for (let i = 0; i < 100_000; i++) deep = { name: "n", parent: deep };
    expect(agree(t, deep)).toBe(false);
    const found = issues(t, deep);
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toBe("/parent".repeat(65));
    expect(found[0]!.message).toMatch(/deeper than 64/);
    let arrays: Record<string, unknown> = { name: "leaf" };
    for (let i = 0; i < 100_000; i++) arrays = { name: "n", children: [arrays] };
    expect(agree(t, arrays)).toBe(false);
    // JSON.parse builds nesting just as deep from ~1 MB of text.
    const text = '{"name":"n","parent":'.repeat(50_000) + '{"name":"x"}' + "}".repeat(50_000);
    expect(agree(t, JSON.parse(text))).toBe(false);
  });

  it("exactly maxDepth levels pass; one more is rejected (maxDepth 5)", () => {
    const t = g("small", "TreeNode");
    const chain = (levels: number): unknown => {
      let v: Record<string, unknown> = { name: "leaf" };
      for (let i = 0; i < levels; i++) v = { name: "n", parent: v };
      return v;
    };
    expect(agree(t, chain(5))).toBe(true);
    expect(agree(t, chain(6))).toBe(false);
    expect(issues(t, chain(6))).toMatchObject([{ path: "/parent".repeat(6), received: "deeper nesting" }]);
  });

  it("additionalProperties: false rejects extra keys, in every mode", () => {
    for (const variant of ["closed", "open"] as const) {
      const box = g(variant, "ClosedBox");
      expect(agree(box, { id: "b", size: 1 })).toBe(true);
      expect(agree(box, { id: "b", extra: 1 })).toBe(false);
      expect(issues(box, { id: "b", "x/y": 1 })).toMatchObject([{ path: "/x~1y", message: "property not allowed by the schema" }]);
      expect(agree(box, JSON.parse('{"id": "b", "__proto__": null}'))).toBe(false);
    }
  });

  it("additionalProperties with a schema checks the values of extra keys", () => {
    const t = g("closed", "TypedExtras");
    expect(agree(t, { id: "x", n: 1, m: 2 })).toBe(true);
    expect(issues(t, { id: "x", n: "1" })).toMatchObject([{ path: "/n", expected: "integer" }]);
    expect(issues(t, { id: 1 })).toMatchObject([{ path: "/id" }]); // declared keys keep their own type
  });

  it("strictObjects rejects undeclared keys where the schema allows them", () => {
    const tree = { name: "n", children: [{ name: "c", extra: true }] };
    expect(agree(g("closed", "TreeNode"), tree)).toBe(true);
    expect(agree(g("strict", "TreeNode"), tree)).toBe(false);
    expect(issues(g("strict", "TreeNode"), tree)).toMatchObject([{ path: "/children/0/extra" }]);
    // Record-like values (additionalProperties schemas) keep their keys.
    expect(agree(g("strict", "TreeNode"), { name: "n", tags: { any: "a" } })).toBe(true);
  });

  it("discriminated unions dispatch on `object` and report inside the chosen member", () => {
    const owner = g("closed", "PetOwner");
    expect(agree(owner, { pet: { object: "cat", lives: 9 } })).toBe(true);
    expect(agree(owner, { pet: { object: "dog", good: true } })).toBe(true);
    // One issue naming the union and the member the discriminant chose, then that member's issues.
    expect(issues(owner, { pet: { object: "dog", lives: 9 } })).toMatchObject([
      { path: "/pet", expected: "Cat | Dog", message: 'expected Cat | Dog: "object" is "dog", so it must be a Dog' },
      { path: "/pet/good", received: "nothing" },
    ]);
    expect(issues(owner, { pet: { object: "cat", lives: 10 } })).toMatchObject([{ path: "/pet" }, { path: "/pet/lives", expected: "integer <= 9" }]);
    expect(issues(owner, { pet: { object: "cow" } })).toMatchObject([{ path: "/pet/object", received: '"cow"' }]);
    expect(issues(owner, { pet: "cat" })).toMatchObject([{ path: "/pet", expected: "Cat | Dog" }]);
  });

  it("expandable fields take an id or the expanded object", () => {
    const owner = g("closed", "PetOwner");
    const base = { pet: { object: "cat", lives: 1 } };
    for (const best_friend of ["dog_123", { object: "dog", good: false }, null]) expect(agree(owner, { ...base, best_friend })).toBe(true);
    expect(issues(owner, { ...base, best_friend: { object: "dog", good: "yes" } })).toMatchObject([{ path: "/best_friend/good" }]);
    expect(issues(owner, { ...base, best_friend: { object: "dog", good: "yes" } })).toHaveLength(1);
    expect(issues(owner, { ...base, best_friend: 7 })).toMatchObject([{ path: "/best_friend", received: "7" }]);
    // The id keeps the constraints of the spec's string member (maxLength 50 here).
    expect(agree(owner, { ...base, best_friend: "d".repeat(50) })).toBe(true);
    expect(issues(owner, { ...base, best_friend: "d".repeat(51) })).toMatchObject([
      { path: "/best_friend", expected: "string of at most 50 code points (id) | Dog" },
    ]);
  });

  it("enums: arrays of closed enum values report each bad item with the allowed values", () => {
    const owner = g("closed", "PetOwner");
    const found = issues(owner, { pet: { object: "dog", good: true }, moods: ["happy", "angry", 3] });
    expect(found.map((i) => i.path)).toEqual(["/moods/1", "/moods/2"]);
    expect(found[0]!.expected).toBe('"happy" | "sleepy"');
    expect(agree(g("open", "PetOwner"), { pet: { object: "dog", good: true }, moods: ["happy", "angry"] })).toBe(true);
  });

  it("oneOf means exactly one member with closed enums, any member with open ones", () => {
    expect(agree(g("closed", "Token"), "beta")).toBe(true);
    expect(agree(g("closed", "Token"), "alpha")).toBe(false); // both Word and Code
    expect(issues(g("closed", "Token"), "alpha")[0]!.message).toMatch(/more than one/);
    expect(agree(g("closed", "Token"), "delta")).toBe(false);
    expect(agree(g("open", "Token"), "alpha")).toBe(true);
    expect(agree(g("open", "Token"), 5)).toBe(false);
  });

  it("the issue cap (maxIssues 3) bounds what validate reports and the error message", () => {
    const many = g("small", "Many");
    const found = issues(many, Array.from({ length: 50 }, (_, i) => `bad${i}`));
    expect(found.map((i) => i.path)).toEqual(["/0", "/1", "/2"]);
    expect(issues(g("closed", "Many"), Array.from({ length: 50 }, () => "x"))).toHaveLength(50);
    let error: Error | undefined;
    try {
      many.assert(["a", "b", "c", "d"]);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe(
      'invalid Many: /0: expected integer, received "a"; /1: expected integer, received "b"; /2: expected integer, received "c"',
    );
  });

  it("received values are described briefly, never serialised whole", () => {
    const t = g("closed", "TreeNode");
    const long = "y".repeat(10_000);
    const [issue] = issues(t, { name: long });
    expect(issue!.received.length).toBeLessThan(50);
    expect(issues(t, { name: { deep: { deeper: 1 } } })[0]!.received).toBe("object");
    expect(issues(t, [])[0]).toMatchObject({ path: "", received: "array", expected: "TreeNode" });
  });
});
