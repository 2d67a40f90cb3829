/**
 * `validateX` points at the property that fails, also when a union dispatches on the value's
 * JSON kind and a member's collector is itself an `if` (a `not` member): written without braces,
 * the dispatch's next `else` bound to that inner `if`, so an object failing the object member
 * got only the catch-all issue at the root (found by a hostile-value probe).
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { expect, test } from "vitest";
import { loadGenerated, ROOT } from "./support/generated.ts";
import { generateInline, specWith } from "./support/inline.ts";

test("an object failing the object member of a union with a `not` member is blamed at the property", async () => {
  const result = await generateInline(
    specWith(
      { u: { anyOf: [{ type: "object", required: ["v"], properties: { v: { type: "string" } } }, { type: "null" }, { not: { type: "object" } }] } },
      "3.1.0",
    ),
    { enums: "closed" },
  );
  const dir = join(ROOT, "test/.tmp/collect-paths");
  await rm(dir, { recursive: true, force: true });
  for (const file of result.files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.content);
  }
  const api = await loadGenerated(dir);
  const validate = api["validateU"] as (v: unknown) => { ok: boolean; issues?: { path: string; message: string }[] };
  const wrongType = validate({ v: 1 });
  expect(wrongType.ok).toBe(false);
  expect(wrongType.issues!.map((i) => i.path)).toContain("/v");
  const missing = validate({});
  expect(missing.issues!.find((i) => i.path === "/v")?.message).toMatch(/required property is missing/);
  // The other kinds still take their own branches: a number is an accepted `not object`.
  expect(validate(5).ok).toBe(true);
  expect(validate(null).ok).toBe(true);
});
