/**
 * The change classifier as given/want tables: a hand-written spec pair
 * (test/fixtures/diff/{old,new}.yaml) holds one instance of every change kind, and the table
 * below is the complete list of what `diff` must report for it, with the severity in each enum
 * mode. The exact-set tests make sure nothing spurious appears; the row tests name each kind.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { diffLoaded, RULES, type Change, type DiffReport } from "../generator/diff/index.ts";
import { direction } from "../generator/diff/rules.ts";
import { loadText } from "../generator/load/load.ts";
import { ROOT } from "./support/generated.ts";

const DIR = join(ROOT, "test/fixtures/diff");
const older = loadText(await readFile(join(DIR, "old.yaml"), "utf8"), "old.yaml");
const newer = loadText(await readFile(join(DIR, "new.yaml"), "utf8"), "new.yaml");

type Row = readonly [change: Change["change"], type: string, property: string | undefined, value: string | undefined, open: Change["severity"], closed: Change["severity"]];

/** Every change in the fixture pair. */
const WANT: readonly Row[] = [
  ["schema-added", "Fresh", undefined, undefined, "safe", "safe"],
  ["schema-removed", "Gone", undefined, undefined, "breaking", "breaking"],
  ["property-added", "Thing", "added_prop", undefined, "safe", "safe"],
  ["property-added", "ThingNested", "nested.inner", undefined, "safe", "safe"],
  ["property-added", "ClosedObj", "extra", undefined, "breaking", "breaking"],
  ["property-removed", "Thing", "removed_prop", undefined, "breaking", "breaking"],
  ["became-required", "Thing", "req_now", undefined, "safe", "safe"],
  ["became-optional", "Thing", "opt_now", undefined, "breaking", "breaking"],
  ["became-nullable", "Thing", "null_now", undefined, "breaking", "breaking"],
  ["became-non-nullable", "Thing", "nonnull_now", undefined, "safe", "safe"],
  ["type-changed", "Thing", "retyped", undefined, "breaking", "breaking"],
  ["type-changed", "Thing", "union", undefined, "breaking", "breaking"],
  ["enum-value-added", "ThingStatus", "status", "archived", "warning", "breaking"],
  ["enum-value-removed", "ThingStatus", "status", "stopped", "warning", "warning"],
  ["constraint-changed", "Thing", "name", undefined, "safe", "safe"],
  ["constraint-changed", "Thing", "code", undefined, "warning", "warning"],
  ["constraint-changed", "Thing", "slug", undefined, "warning", "warning"],
  ["constraint-changed", "Thing", "count", undefined, "safe", "safe"],
  ["description-changed", "Thing", "described", undefined, "safe", "safe"],
];

function run(enums: "open" | "closed", strictObjects = false): DiffReport {
  return diffLoaded(older, newer, { select: [], all: true, enums, strictObjects });
}

const key = (c: { change: string; type: string; property?: string | undefined; value?: string | undefined }) =>
  [c.change, c.type, c.property ?? "", c.value ?? ""].join(" ");

describe.each(["open", "closed"] as const)("enums %s", (enums) => {
  const report = run(enums);
  const sev = enums === "open" ? 4 : 5;

  test("reports exactly the changes of the table, nothing else", () => {
    const got = report.changes.map((c) => `${key(c)} → ${c.severity}`).sort();
    const want = WANT.map((r) => `${key({ change: r[0], type: r[1], property: r[2], value: r[3] })} → ${r[sev]}`).sort();
    expect(got).toEqual(want);
  });

  test.each(WANT.map((r) => [r[0], r[2] ?? r[1], r] as const))("%s (%s)", (_kind, _where, row) => {
    const found = report.changes.filter((c) => key(c) === key({ change: row[0], type: row[1], property: row[2], value: row[3] }));
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe(row[sev]);
    expect(found[0]!.schema).toMatch(/^(fresh|gone|thing|closed_obj)$/);
    expect(found[0]!.pointer).toMatch(/^#\/components\/schemas\//);
  });

  test("summary counts agree with the list; description changes are counted apart", () => {
    const s = report.summary;
    const count = (x: Change["severity"]) => report.changes.filter((c) => c.severity === x && c.change !== "description-changed").length;
    expect([s.breaking, s.warning, s.safe, s.descriptions]).toEqual([count("breaking"), count("warning"), count("safe"), 1]);
    expect(s.from.version).toBe("1");
    expect(s.to.version).toBe("2");
  });
});

describe("details", () => {
  const report = run("open");
  const find = (change: string, property: string) => report.changes.find((c) => c.change === change && c.property === property)!;

  test("pointers name the newer spec, or the older one for removals", () => {
    expect(find("property-added", "nested.inner").pointer).toBe("#/components/schemas/thing/properties/nested/properties/inner");
    expect(find("property-removed", "removed_prop").pointer).toBe("#/components/schemas/thing/properties/removed_prop");
    expect(find("enum-value-added", "status").pointer).toBe("#/components/schemas/thing/properties/status/enum");
  });

  test("union changes name the members added; constraints carry direction and values", () => {
    expect(find("type-changed", "union").message).toContain("members added: B");
    expect(find("constraint-changed", "name")).toMatchObject({ constraint: "maxLength", from: 100, to: 50, direction: "tightened", rule: "constraint-tightened" });
    expect(find("constraint-changed", "code")).toMatchObject({ constraint: "maxLength", from: 10, to: 20, direction: "loosened" });
    expect(find("constraint-changed", "slug")).toMatchObject({ constraint: "pattern", direction: "changed" });
  });

  test("--strict-objects makes every added property breaking", () => {
    const strict = run("open", true).changes.filter((c) => c.change === "property-added");
    expect(strict.map((c) => [c.property, c.severity, c.rule])).toEqual([
      ["extra", "breaking", "property-added-strict"],
      ["added_prop", "breaking", "property-added-strict"],
      ["nested.inner", "breaking", "property-added-strict"],
    ]);
  });

  test("a spec compared with itself has no changes", () => {
    const same = diffLoaded(newer, newer, { select: [], all: true, enums: "closed", strictObjects: false });
    expect(same.changes).toEqual([]);
  });

  test("the selection's closure on each side: a selected schema only one side has is added or removed", () => {
    const r = diffLoaded(older, newer, { select: ["gone", "fresh"], all: false, enums: "open", strictObjects: false });
    expect(r.changes.map((c) => `${c.change} ${c.schema}`)).toEqual(["schema-added fresh", "schema-removed gone"]);
  });
});

describe("rule table", () => {
  test("every rule has a reason and a severity per enum mode", () => {
    for (const r of RULES) {
      expect(r.reason.length, r.id).toBeGreaterThan(20);
      expect(["breaking", "warning", "safe"]).toContain(r.severity.open);
      expect(["breaking", "warning", "safe"]).toContain(r.severity.closed);
    }
  });

  test("the README documents every rule with its severities", async () => {
    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    for (const r of RULES) expect(readme, r.id).toContain(`| \`${r.id}\` | \`${r.change}\` | ${r.severity.open} | ${r.severity.closed} |`);
  });

  test.each([
    ["maxLength", 10, 5, "tightened"],
    ["maxLength", 5, 10, "loosened"],
    ["minimum", 0, 1, "tightened"],
    ["minItems", 2, 1, "loosened"],
    ["maxItems", undefined, 3, "tightened"],
    ["exclusiveMaximum", 3, undefined, "loosened"],
    ["integer", undefined, true, "tightened"],
    ["items.maxLength", 10, 20, "loosened"],
    ["pattern", "a", "b", "changed"],
    ["format", "date", "date-time", "changed"],
  ] as const)("direction of %s %s → %s is %s", (k, from, to, want) => {
    expect(direction(k, from, to)).toBe(want);
  });
});

describe("edge pair: nullable component enum, enum in array items, kind change, extra keys", () => {
  const dir = join(ROOT, "test/fixtures/diff");
  const load = async (f: string) => loadText(await readFile(join(dir, f), "utf8"), f);
  const EDGE: readonly Row[] = [
    ["became-nullable", "Box", "kind", undefined, "breaking", "breaking"],
    ["constraint-changed", "Box", "list", undefined, "safe", "safe"],
    // additionalProperties: false added: payloads carry only declared keys, a subset of what readers handled.
    ["constraint-changed", "Box", undefined, undefined, "safe", "safe"],
    ["enum-value-added", "BoxListTag", "list[].tag", "c", "warning", "breaking"],
    ["enum-value-added", "ColorEnum", undefined, "blue", "warning", "breaking"],
    ["type-changed", "Shape", undefined, undefined, "breaking", "breaking"],
  ];
  test.each(["open", "closed"] as const)("enums %s: exactly the table", async (enums) => {
    const report = diffLoaded(await load("edge-old.yaml"), await load("edge-new.yaml"), { select: [], all: true, enums, strictObjects: false });
    const col = enums === "open" ? 4 : 5;
    expect(report.changes.map((c) => `${key(c)} → ${c.severity}`).sort()).toEqual(
      EDGE.map((r) => `${key({ change: r[0], type: r[1], property: r[2], value: r[3] })} → ${r[col]}`).sort(),
    );
    const extra = report.changes.find((c) => c.type === "Box" && c.constraint === "additionalProperties")!;
    expect(extra).toMatchObject({ from: "any", to: "none", direction: "tightened", pointer: "#/components/schemas/box/additionalProperties" });
  });
});

describe("OpenAPI 3.1", () => {
  const spec = (status: string, note: string) => `openapi: 3.1.0
info: { title: Three one, version: "1" }
paths: {}
components:
  schemas:
    note:
      type: object
      required: [status]
      properties:
        status: ${status}
        text: ${note}
`;
  test("type arrays with null and enums compare like their 3.0 spellings", () => {
    const older = loadText(spec("{ type: string, enum: [open, done] }", "{ type: string }"), "a.yaml");
    const newer = loadText(spec("{ type: string, enum: [open, done, lost] }", '{ type: [string, "null"], maxLength: 10 }'), "b.yaml");
    const r = diffLoaded(older, newer, { select: ["note"], all: false, enums: "closed", strictObjects: false });
    expect(r.changes.map((c) => `${c.change} ${c.property} ${c.value ?? ""} ${c.severity}`).sort()).toEqual([
      "became-nullable text  breaking",
      "constraint-changed text  safe",
      "enum-value-added status lost breaking",
    ]);
  });
});
