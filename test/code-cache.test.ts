/**
 * The code cache for TypeScript's compiler and ts-morph (generator/code-cache.ts), in child
 * processes (the cache replaces a thread's CommonJS loader). A first run writes the entries, a
 * second compiles from them, and a damaged entry is a miss (its hash fails) or is rejected by
 * V8 (a well-formed entry of the wrong content) — never a crash, and ts-morph behaves the same
 * throughout.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ROOT } from "./support/generated.ts";
import { scratch } from "./support/safety.ts";

let dir: string;
let done: () => Promise<void>;

beforeAll(async () => {
  ({ dir, done } = await scratch("code-cache"));
});
afterAll(() => done());

interface ChildOutput {
  readonly events: string[];
  readonly printed: string;
  readonly parsed: string;
}

function run(cache: string): ChildOutput {
  const out = execFileSync(process.execPath, [join(ROOT, "bin/run-ts.js"), join(ROOT, "test/support/code-cache-child.ts"), cache], { encoding: "utf8" });
  return JSON.parse(out) as ChildOutput;
}

const EXPECTED = { printed: "interface A {\n    a: string;\n}\n", parsed: "const x: number = 1 + 2;" };

test("a first run writes one entry per script, later runs compile from them, damaged entries are misses", { timeout: 60_000 }, () => {
  const cache = join(dir, "v8");
  const first = run(cache);
  expect(first).toEqual({ events: ["miss ts-morph.js", "miss typescript.js"], ...EXPECTED });
  const entries = readdirSync(cache).sort();
  expect(entries).toHaveLength(2);
  expect(entries.every((name) => /^(ts-morph|typescript)-[0-9a-f]{32}\.bin$/.test(name))).toBe(true);

  expect(run(cache)).toEqual({ events: ["hit ts-morph.js", "hit typescript.js"], ...EXPECTED });

  // A flipped payload byte: the entry's own hash fails, so V8 never sees it; it is written again.
  const typescript = join(cache, entries.find((name) => name.startsWith("typescript-"))!);
  const bytes = readFileSync(typescript);
  bytes[bytes.length - 100]! ^= 0xff;
  writeFileSync(typescript, bytes);
  expect(run(cache)).toEqual({ events: ["hit ts-morph.js", "miss typescript.js"], ...EXPECTED });
  expect(run(cache).events).toEqual(["hit ts-morph.js", "hit typescript.js"]);

  // A well-formed entry holding another script's code (ts-morph's, hash recomputed): V8 rejects it.
  const tsMorph = readFileSync(join(cache, entries.find((name) => name.startsWith("ts-morph-"))!)).subarray(32);
  writeFileSync(typescript, Buffer.concat([createHash("sha256").update(tsMorph).digest(), tsMorph]));
  expect(run(cache)).toEqual({ events: ["hit ts-morph.js", "rejected typescript.js"], ...EXPECTED });
  expect(run(cache).events).toEqual(["hit ts-morph.js", "hit typescript.js"]);

  // A torn entry (shorter than its hash) and an unwritable cache folder (a file in its place).
  writeFileSync(typescript, "x");
  expect(run(cache).events).toEqual(["hit ts-morph.js", "miss typescript.js"]);
  const blocked = join(dir, "blocked");
  writeFileSync(blocked, "not a folder\n");
  expect(run(join(blocked, "v8"))).toEqual({ events: ["miss ts-morph.js", "miss typescript.js"], ...EXPECTED });
  expect(readFileSync(blocked, "utf8")).toBe("not a folder\n");
});
