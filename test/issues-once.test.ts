/**
 * `validateX` never reports the same issue twice. Two parts of a schema can check one thing: here
 * a property declared beside a discriminated `oneOf` lists the tags again, so both the property's
 * enum and the dispatch reject an unknown tag (found on a held-out spec, readmeio's
 * discriminators examples). `failure()` keeps the first of equal issues.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { expect, test } from "vitest";
import { loadGenerated, ROOT } from "./support/generated.ts";
import { generateInline, specWith } from "./support/inline.ts";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

test("a tag rejected by a property beside the union and by the dispatch is one issue", async () => {
  const result = await generateInline(
    specWith({
      opt_one: { type: "object", properties: { kind: { type: "string" }, one: { type: "string" } } },
      opt_two: { type: "object", properties: { kind: { type: "string" }, two: { type: "integer" } } },
      tagged: {
        type: "object",
        properties: { kind: { type: "string", enum: ["one", "two"] } },
        oneOf: [ref("opt_one"), ref("opt_two")],
        discriminator: { propertyName: "kind", mapping: { one: ref("opt_one").$ref, two: ref("opt_two").$ref } },
      },
    }),
    { enums: "closed" },
  );
  const dir = join(ROOT, "test/.tmp/issues-once");
  await rm(dir, { recursive: true, force: true });
  for (const file of result.files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.content);
  }
  const api = await loadGenerated(dir);
  const validate = api["validateTagged"] as (v: unknown) => { ok: boolean; issues?: { path: string; expected: string; message: string }[] };
  for (const value of [{ kind: "four" }, { kind: 5 }, { kind: "four", one: "x" }]) {
    const r = validate(value);
    expect(r.ok).toBe(false);
    const keys = r.issues!.map((i) => `${i.path} ${i.expected} ${i.message}`);
    expect(keys.filter((k) => k.startsWith("/kind ")).length, JSON.stringify(keys)).toBeGreaterThan(0);
    expect(new Set(keys).size, JSON.stringify(keys)).toBe(keys.length);
  }
  // Different issues at one path stay: both are reported.
  const two = validate({ kind: "two", two: "x" });
  expect(two.ok).toBe(false);
  expect(two.issues!.some((i) => i.path === "/two")).toBe(true);
});
