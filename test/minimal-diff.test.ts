/**
 * Minimal diffs (issue 9, section 1): file headers name the spec by title and version, not by
 * checksum, so replacing the pinned spec by a copy where `identity.verification_session.status`
 * gains one value rewrites only the modules that declare or can see that enum, plus the
 * manifest (which carries the sha256, so `--check` still notices any spec change).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { generate, writeOutput, type WriteReport } from "../generator/index.ts";
import config from "../specguard.config.ts";
import { SPEC } from "./support/generated.ts";

let work: string;
let before: Map<string, string>;
let changes: WriteReport;
let after: Map<string, string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "specguard-minimal-"));
  const doc = JSON.parse(await readFile(SPEC, "utf8")) as { components: { schemas: Record<string, { properties: Record<string, { enum: string[] }> }> } };
  doc.components.schemas["identity.verification_session"]!.properties["status"]!.enum.push("expired");
  const edited = join(work, "stripe-2024-04-10.json");
  await writeFile(edited, JSON.stringify(doc));
  const out = join(work, "out");
  // Unformatted keeps the test quick; which files differ does not depend on prettier.
  const options = { ...config, out, format: false, cacheDir: false as const };
  const first = await generate({ ...options, spec: SPEC });
  await writeOutput(out, first.files, { cwd: work });
  before = new Map(first.files.map((f) => [f.path, f.content]));
  const second = await generate({ ...options, spec: edited });
  changes = await writeOutput(out, second.files, { cwd: work });
  after = new Map(second.files.map((f) => [f.path, f.content]));
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test("adding one status value rewrites exactly the module declaring the enum and the manifest", () => {
  expect(changes.added).toEqual([]);
  expect(changes.removed).toEqual([]);
  expect([...changes.changed].sort()).toEqual(["manifest.json", "schemas/identity.verification_session.ts"]);
  // What the writer really wrote (every other file is carried over as a hard link).
  expect([...changes.written].sort()).toEqual(["manifest.json", "schemas/identity.verification_session.ts"]);
  expect(changes.unchanged).toBe(before.size - 2);
});

test("the changed set is every module that spells the enum's values, found independently of the writer", () => {
  // Files naming the enum without its values (the barrel, the internal file whose guards only
  // name the type: open enums are not checked value by value) cannot change with a new value.
  const sees = [...before].filter(([path, text]) => /\bIdentityVerificationSessionStatus\b/.test(text) && text.includes('"requires_input"')).map(([p]) => p);
  expect(sees.sort()).toEqual(["manifest.json", "schemas/identity.verification_session.ts"]);
  // …and every other file is byte-identical.
  for (const [path, text] of before) if (!sees.includes(path)) expect(after.get(path), path).toBe(text);
});

test("the changed module gained the value; headers carry no checksum, the manifest does", () => {
  expect(after.get("schemas/identity.verification_session.ts")).toContain('Expired: "expired"');
  const beforeManifest = JSON.parse(before.get("manifest.json")!) as { spec: { sha256: string } };
  const afterManifest = JSON.parse(after.get("manifest.json")!) as { spec: { sha256: string } };
  expect(afterManifest.spec.sha256).not.toBe(beforeManifest.spec.sha256);
  for (const [path, text] of after) if (path.endsWith(".ts")) expect(text, path).not.toContain(afterManifest.spec.sha256);
});
