/**
 * `generate` ends with what changed, by type, relative to what was generated before: the
 * manifest records each schema's neutral shape, and the next run compares with it.
 */
import { spawn } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { shapeFromManifest } from "../generator/diff/since.ts";
import { ROOT } from "./support/generated.ts";

let work: string;

function generate(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const args = [join(ROOT, "bin/specguard.js"), "generate", "--spec", "spec.yaml", "--all", "--out", "out", "--no-format", "--no-cache"];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "specguard-since-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test("the first run has nothing to compare with; the next one lists the changes by type", async () => {
  await copyFile(join(ROOT, "test/fixtures/diff/old.yaml"), join(work, "spec.yaml"));
  const first = await generate();
  expect(first.code).toBe(0);
  expect(first.stdout).toContain("types: no earlier manifest with shapes to compare with");

  const manifest = await readFile(join(work, "out/manifest.json"), "utf8");
  expect(Object.keys(shapeFromManifest(manifest)!.schemas)).toEqual(["a", "b", "closed_obj", "gone", "thing"]);

  await copyFile(join(ROOT, "test/fixtures/diff/new.yaml"), join(work, "spec.yaml"));
  const second = await generate();
  expect(second.code).toBe(0);
  expect(second.stdout).toContain("types changed since the last generation (Diff fixture 1 → 2):");
  expect(second.stdout).toContain("  Thing (thing)\n");
  expect(second.stdout).toContain('ThingStatus gained "archived"');
  expect(second.stdout).toContain("Thing lost property removed_prop");
  expect(second.stdout).toContain("7 breaking, 4 warnings, 7 safe; 1 description-only change");
});
