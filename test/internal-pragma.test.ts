/**
 * Internal files carry `// @ts-nocheck` (emit/header.ts): a consumer's compiler reads their
 * signatures but does not check their bodies again. These tests show the three halves of that
 * promise: where the line is (and is not), that the suite still checks every body (its compiler
 * host blanks the line), and that a consumer's program still gets full types through the guards.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";
import { INTERNAL_PRAGMA } from "../generator/emit/header.ts";
import { materialize } from "./support/generated.ts";
import { STRICTEST } from "./support/strictest.ts";
import { describeDiagnostics, typecheck } from "./support/typecheck.ts";
import { JS_PRAGMA } from "../generator/emit/header.ts";

const ID = "identity.verification_session";

test("the pragma is the third line of every internal .ts file and of no public file", async () => {
  const { result } = await materialize("internal-pragma-lines", { select: [ID] });
  const internal = result.files.filter((f) => f.path.startsWith("internal/"));
  const others = result.files.filter((f) => !f.path.startsWith("internal/"));
  expect(internal.length).toBeGreaterThan(10);
  for (const file of internal) expect(file.content.split("\n")[2], file.path).toBe(INTERNAL_PRAGMA);
  for (const file of others) expect(file.content, file.path).not.toContain("@ts-nocheck");
});

test("JavaScript output: the .d.ts files, which compilers read, have no pragma; each .js has one, so a project with checkJs does not check untyped output (it reported 208 errors)", async () => {
  const { result } = await materialize("internal-pragma-js", { select: [ID], emit: "js" });
  expect(result.files.some((f) => f.path.startsWith("internal/") && f.path.endsWith(".d.ts"))).toBe(true);
  for (const file of result.files.filter((f) => !f.path.endsWith(".js"))) expect(file.content, file.path).not.toContain("@ts-nocheck");
  for (const file of result.files.filter((f) => f.path.endsWith(".js"))) expect(file.content.split("\n")[2], file.path).toBe(JS_PRAGMA);
});

test("the suite checks internal bodies; a consumer's compiler skips them but keeps every type", async () => {
  const { dir } = await materialize("internal-pragma-check", { select: [ID] });
  const file = join(dir, `internal/${ID}.ts`);
  const text = readFileSync(file, "utf8");
  // A type error inside a guard body.
  const planted = text.replace("let x: unknown;", 'let x: unknown;\n    const planted: number = "not a number";');
  expect(planted).not.toBe(text);
  writeFileSync(file, planted);
  // A consumer that narrows through the guard and misuses the narrowed type.
  const consumer = join(dir, "consumer.ts");
  writeFileSync(
    consumer,
    `import { isIdentityVerificationSession } from "./schemas/${ID}.js";\n` +
      `export function idOf(input: unknown): number | undefined {\n` +
      `  if (isIdentityVerificationSession(input)) return input.id;\n` +
      `  return undefined;\n` +
      `}\n`,
  );

  // The suite's host reads the file without the pragma: the planted error is found.
  const suite = describeDiagnostics(typecheck([consumer], STRICTEST.NodeNext).diagnostics, 50);
  expect(suite.some((d) => d.includes(`internal/${ID}.ts`) && d.includes("Type 'string' is not assignable to type 'number'"))).toBe(true);

  // A plain compiler (what a user runs) honours the pragma: nothing in the internal file is
  // reported, yet the guard still narrows `input` to the session type (its `id` is a string).
  const program = ts.createProgram({ rootNames: [consumer], options: STRICTEST.NodeNext });
  const plain = describeDiagnostics(ts.getPreEmitDiagnostics(program), 50);
  expect(plain.filter((d) => d.includes("/internal/"))).toEqual([]);
  expect(plain).toHaveLength(1);
  expect(plain[0]).toContain("consumer.ts");
  expect(plain[0]).toContain("Type 'string' is not assignable to type 'number'");
});
