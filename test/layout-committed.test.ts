/**
 * The fast fixed-point check (the whole-spec one is test/layout-fixed-point.test.ts, a slow
 * corpus): every committed generated file, which prettier leaves unchanged (format.test.ts), is
 * also left unchanged by the layout engine, with no fallback to prettier. Together with the
 * committed-output test (the engine's output from unformatted emit is these bytes), the engine
 * and prettier agree on the whole default output.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { layout } from "../generator/layout/layout.ts";
import { ROOT } from "./support/generated.ts";

it("the layout engine leaves every committed generated file as it is", async () => {
  const dir = join(ROOT, "generated");
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => join(e.parentPath, e.name));
  expect(files.length).toBeGreaterThan(700);
  const refused: string[] = [];
  const changed: string[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8");
    const result = layout(text, file);
    if (!result.ok) refused.push(`${file}: ${result.reason}`);
    else if (result.text !== text) changed.push(file);
  }
  expect(refused).toEqual([]);
  expect(changed).toEqual([]);
});
