/**
 * A TypeScript config's compiled text is cached in specguard's cache folder (`config/`), so
 * jiti's babel step runs once per config source, not once per `generate`. The entry is verified
 * like every other cache entry: damaged or unreadable is a miss, and an edited config is never
 * answered by the entry of its previous text.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadConfig } from "../generator/config/discover.ts";

let dir: string;
const config = (enums: string) => `const enums: "open" | "closed" = "${enums}";\nexport default { spec: "spec.yaml", enums };\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "specguard-config-cache-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function entries(cache: string): Promise<string[]> {
  return (await readdir(join(cache, "config"))).filter((n) => /^[0-9a-f]{64}$/.test(n)).map((n) => join(cache, "config", n));
}

test("compiled once, then served from the cache; an edit compiles again", async () => {
  const file = join(dir, "a.config.ts");
  const cache = join(dir, "cache-a");
  await writeFile(file, config("closed"));
  expect((await loadConfig(file, dir, cache)).values).toEqual({ spec: "spec.yaml", enums: "closed" });
  const [entry] = await entries(cache);
  expect(await readFile(entry!, "utf8")).toMatch(/^[0-9a-f]{64}\n/);
  expect((await loadConfig(file, dir, cache)).values).toEqual({ spec: "spec.yaml", enums: "closed" });
  expect(await entries(cache)).toHaveLength(1);
  await writeFile(file, config("open"));
  expect((await loadConfig(file, dir, cache)).values).toEqual({ spec: "spec.yaml", enums: "open" });
  expect(await entries(cache)).toHaveLength(2);
});

test.each([
  ["an edited body (hash mismatch)", async (entry: string) => writeFile(entry, (await readFile(entry, "utf8")).replace('"closed"', '"open"'))],
  ["a truncated entry", async (entry: string) => writeFile(entry, (await readFile(entry, "utf8")).slice(0, 70))],
  ["a FIFO", async (entry: string) => (await rm(entry), void execFileSync("mkfifo", [entry]))],
  ["a link to /dev/zero", async (entry: string) => (await rm(entry), await symlink("/dev/zero", entry))],
])("%s is a miss: the config's own values come back", async (name, damage) => {
  const file = join(dir, `b-${name.replace(/\W+/g, "-")}.config.ts`);
  const cache = join(dir, `cache-${name.replace(/\W+/g, "-")}`);
  await writeFile(file, config("closed"));
  await loadConfig(file, dir, cache);
  const [entry] = await entries(cache);
  await damage(entry!);
  expect((await loadConfig(file, dir, cache)).values).toEqual({ spec: "spec.yaml", enums: "closed" });
});

test("without a cache folder nothing is written", async () => {
  const file = join(dir, "c.config.ts");
  await writeFile(file, config("closed"));
  expect((await loadConfig(file, dir, false)).values).toEqual({ spec: "spec.yaml", enums: "closed" });
  expect((await readdir(dir)).filter((n) => n.startsWith("c.") || n === "config")).toEqual(["c.config.ts"]);
});
