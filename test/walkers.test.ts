/**
 * Shared walkers (generator/emit/guards/walkers.ts): the naming rule as a given/want table, the
 * rule's promise on the whole Stripe spec (one name, one walker text), and where the output
 * calls them. Their behaviour (verdicts, issues) is covered through the modules that call them
 * by the guard suites (guards*.test.ts).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { isLocalWalker, walkerName } from "../generator/emit/guards/walkers.ts";
import { walkersSource, walkerText } from "../generator/emit/walkers.ts";
import type { Decl, TypeExpr } from "../generator/model/types.ts";
import { generateInline } from "./support/inline.ts";
import { SPEC } from "./support/generated.ts";

const open: Decl = { kind: "enum", name: "Open", open: true, members: [{ value: "a" }] } as unknown as Decl;
const closed: Decl = { kind: "enum", name: "Closed", open: false, members: [{ value: "a" }] } as unknown as Decl;
const object: Decl = { kind: "object", name: "Thing", properties: [], additional: true } as unknown as Decl;
const lookup = (name: string): Decl => ({ Open: open, Closed: closed, Thing: object })[name]!;

const str = (extra: object = {}): TypeExpr => ({ kind: "string", ...extra }) as TypeExpr;
const array = (items: TypeExpr, extra: object = {}): TypeExpr => ({ kind: "array", items, ...extra }) as TypeExpr;
const record = (values: TypeExpr): TypeExpr => ({ kind: "record", values });

const NAMES: [string, TypeExpr, string | undefined][] = [
  ["Stripe's metadata: a record of strings of at most 500 code points", record(str({ maxLength: 500 })), "RecordOfStringMax500"],
  ["an array of strings", array(str()), "ArrayOfString"],
  ["an unchecked format changes nothing", array(str({ format: "decimal" })), "ArrayOfString"],
  ["a checked format is not shared", array(str({ format: "date-time" })), undefined],
  ["minLength is not shared", array(str({ minLength: 1 })), undefined],
  ["a pattern is not shared", array(str({ pattern: "^a" })), undefined],
  ["integers", array({ kind: "number", integer: true }), "ArrayOfInteger"],
  ["finite numbers", record({ kind: "number", integer: false }), "RecordOfNumber"],
  ["bounded numbers are not shared", array({ kind: "number", integer: true, minimum: 0 } as TypeExpr), undefined],
  ["Unix times (same test as Integer, another expected text)", array({ kind: "timestamp" }), "ArrayOfUnixTime"],
  ["booleans", array({ kind: "boolean" }), "ArrayOfBoolean"],
  ["an open enum is checked as any string", array({ kind: "ref", name: "Open" }), "ArrayOfString"],
  ["a closed enum needs its module's guard", array({ kind: "ref", name: "Closed" }), undefined],
  ["an object needs its module's guard", array({ kind: "ref", name: "Thing" }), undefined],
  ["nested walkers", array(record(array(str({ maxLength: 10 })))), "ArrayOfRecordOfArrayOfStringMax10"],
  ["items of any value need no walker", array({ kind: "unknown" }), undefined],
  ["nor do nested ones", array(array({ kind: "unknown" })), undefined],
  ["length bounds are not shared", array(str(), { maxItems: 3 }), undefined],
  ["tuples are not shared", array(str(), { prefix: [str()] }), undefined],
  ["not an array or a record", str(), undefined],
];

describe("walker names (rule: one token per construct, a name spells one structure)", () => {
  for (const [title, t, want] of NAMES) {
    it(title, () => {
      expect(walkerName(t, lookup)).toBe(want);
    });
  }
});

describe("shared walkers on the whole Stripe spec", async () => {
  const result = await generateInline(JSON.parse(readFileSync(SPEC, "utf8")));
  const { model } = result;
  const options = result.config;
  const file = (path: string): string => result.files.find((f) => f.path === path)!.content;

  it("every type given one name gets the same walker text (sharing is safe), and the file holds each once", () => {
    const byName = new Map<string, Set<string>>();
    const visit = (t: TypeExpr): void => {
      const name = walkerName(t, (n) => model.decls.get(n)!);
      if (name !== undefined) {
        const texts = byName.get(name) ?? new Set<string>();
        texts.add(walkerText(model, options, name, t));
        byName.set(name, texts);
      }
      for (const v of Object.values(t)) {
        if (Array.isArray(v)) for (const c of v) if (c && typeof c === "object" && "kind" in c) visit(c as TypeExpr);
        if (v && typeof v === "object" && "kind" in v) visit(v as TypeExpr);
      }
    };
    for (const d of model.decls.values()) {
      if (d.kind === "object") for (const p of d.properties) visit(p.type);
      if (d.kind === "alias") visit(d.type);
    }
    expect(byName.get("RecordOfStringMax500")?.size).toBe(1);
    for (const [name, texts] of byName) expect([name, texts.size]).toEqual([name, 1]);
    // The shared file holds each array walker once; record walkers are copied into their callers.
    const source = walkersSource(model, options)!;
    for (const name of byName.keys()) {
      if (isLocalWalker(name)) expect(source).not.toContain(`function valid${name}(`);
      else expect(source.split(`export function valid${name}(`).length - 1).toBe(1);
    }
  });

  it("modules call the metadata walker by its structural name, one copy per file, never numbered", () => {
    // The guards' workers live in the module's internal file.
    const session = file("internal/identity.verification_session.ts");
    expect(session).toContain("validRecordOfStringMax500(x)");
    expect(session).not.toMatch(/function checkIdentityVerificationSession_\d/);
    expect(file("schemas/identity.verification_session.ts")).not.toContain("validRecordOf");
    const callers = result.files.filter((f) => /validRecordOfStringMax500\(x(, m)?\)/.test(f.content));
    expect(callers.length).toBeGreaterThanOrEqual(49); // 49 modules had a numbered copy
    // Each calling file defines it exactly once (not exported), and no file defines it without calling it.
    for (const f of callers) expect([f.path, f.content.split("\nfunction validRecordOfStringMax500(").length - 1]).toEqual([f.path, 1]);
    const defining = result.files.filter((f) => f.content.includes("function validRecordOfStringMax500("));
    expect(defining.map((f) => f.path).sort()).toEqual(callers.map((f) => f.path).sort());
    expect(result.files.some((f) => f.content.includes("export function validRecordOf"))).toBe(false);
  });

  it("array walkers are shared: defined once in internal/walkers.ts and imported", () => {
    const walkers = file("internal/walkers.ts");
    expect(walkers).toMatch(/export function validArrayOfString\(v: unknown, m\?: Memo\): boolean/);
    const importers = result.files.filter((f) => /import \{[^}]*\bvalidArrayOfString\b[^}]*\} from "\.\/walkers\.js"/.test(f.content));
    expect(importers.length).toBeGreaterThan(10);
    expect(result.files.filter((f) => f.content.includes("function validArrayOfString(")).map((f) => f.path)).toEqual(["internal/walkers.ts"]);
  });

  it("walkers take no depth (leaves do not recurse) and name no unused parameter", () => {
    const source = file("internal/walkers.ts");
    expect(source).toMatch(/export function validArrayOfString\(v: unknown, m\?: Memo\): boolean/);
    // The copy in a caller's file has the same signature.
    expect(file("internal/identity.verification_session.ts")).toMatch(/\nfunction validRecordOfStringMax500\(v: unknown, m\?: Memo\): boolean/);
    expect(source).not.toMatch(/\b_?d: number|\b_m\??: Memo/);
  });
});
