/**
 * The whole pinned spec (`--all`) with open enums, materialized unformatted, type-checks with
 * zero diagnostics under strict + noUncheckedIndexedAccess + exactOptionalPropertyTypes, NodeNext.
 * (Closed enums: whole-spec.test.ts, which shares that output with the oracle.)
 */
import { join } from "node:path";
import { expect, test } from "vitest";
import { materialize } from "./support/generated.ts";
import { describeDiagnostics, typecheck } from "./support/typecheck.ts";
import { STRICTEST } from "./support/strictest.ts";

test("compile --all, open enums: zero diagnostics", async () => {
  const open = await materialize("compile-open", { all: true, enums: "open" });
  expect(open.result.model.modules).toHaveLength(979);
  expect(open.result.model.enums).toBe("open");
  const { program, diagnostics } = typecheck([join(open.dir, "index.ts")], STRICTEST.NodeNext);
  // Every module's public and internal file (no schema of this spec is an open enum alone), the
  // barrel, both runtime files and the shared walkers.
  expect(program.getSourceFiles().filter((f) => f.fileName.startsWith(open.dir))).toHaveLength(979 * 2 + 4);
  expect(describeDiagnostics(diagnostics)).toEqual([]);
});
