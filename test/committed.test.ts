/**
 * The committed generated/ folder is exactly what the default config (specguard.config.ts)
 * produces today: every file byte for byte, and nothing else generated on disk. This is the
 * test twin of `npx specguard generate --check`.
 */
import { readdir, readFile, rm } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { generate, type GenerateResult } from "../generator/index.ts";
import config from "../specguard.config.ts";
import { ROOT } from "./support/generated.ts";

let result: GenerateResult;
let onDisk: string[];

beforeAll(async () => {
  // In memory and formatted, with a cache folder of the test's own, emptied first: a warm module
  // cache would serve every module as it is (nothing laid out), and the test below counts what the
  // layout engine did.
  const cacheDir = join(ROOT, "test/.tmp/committed-format-cache");
  await rm(cacheDir, { recursive: true, force: true });
  result = await generate({ ...config, spec: join(ROOT, config.spec!), cacheDir });
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
