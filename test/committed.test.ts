/**
 * The committed generated/ folder is exactly what the default config (specguard.config.ts)
 * produces today: every file byte for byte, and nothing else generated on disk. This is the
 * test twin of `npx specguard generate --check`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { generate, type GenerateResult } from "../generator/index.ts";
import config from "../specguard.config.ts";
import { ROOT } from "./support/generated.ts";

let result: GenerateResult;
let onDisk: string[];

beforeAll(async () => {
  // In memory and formatted. The formatting cache is the test's own (keyed by the unformatted
  // text and prettier's version), not the CLI's: warm on a second run, never fed by the CLI.
  result = await generate({ ...config, spec: join(ROOT, config.spec!), cacheDir: join(ROOT, "test/.tmp/committed-format-cache") });
  const dir = join(ROOT, config.out!);
  onDisk = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
});

test("the default config selects the six session resources, formatted, open enums", () => {
  expect(result.config.select).toEqual([
    "identity.verification_session",
    "checkout.session",
    "billing_portal.session",
    "financial_connections.session",
    "account_session",
    "customer_session",
  ]);
  expect(result.config.enums).toBe("open");
  // All but manifest.json laid out by the engine, none handed to prettier.
  expect(result.format?.laidOut).toBe(result.files.length - 1);
  expect(result.format?.fallbacks).toEqual([]);
});

test("generated/ holds exactly the files the default config produces", () => {
  expect(onDisk).toEqual(result.files.map((f) => f.path).sort());
});

test("every committed file is byte-identical to a fresh generation", async () => {
  const stale: string[] = [];
  for (const file of result.files) {
    const committed = await readFile(join(ROOT, config.out!, file.path), "utf8").catch(() => undefined);
    if (committed !== file.content) stale.push(file.path);
  }
  // On failure: run `npx specguard generate` and review the diff.
  expect(stale).toEqual([]);
});
