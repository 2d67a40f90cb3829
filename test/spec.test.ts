/**
 * The vendored spec is the one its provenance note names: its sha256 matches the note, and the
 * committed output was generated from exactly these bytes.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { ROOT, SPEC } from "./support/generated.ts";

test("spec/stripe-2024-04-10.json matches the checksum in spec/PROVENANCE.md and in generated/manifest.json", async () => {
  const sha = createHash("sha256").update(await readFile(SPEC)).digest("hex");
  const provenance = await readFile(join(ROOT, "spec/PROVENANCE.md"), "utf8");
  expect(/sha256\s+([0-9a-f]{64})/.exec(provenance)?.[1]).toBe(sha);
  const manifest = JSON.parse(await readFile(join(ROOT, "generated/manifest.json"), "utf8")) as { spec: { sha256: string; version: string } };
  expect(manifest.spec).toMatchObject({ sha256: sha, version: "2024-04-10" });
});
