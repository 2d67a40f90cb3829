/**
 * prettier is the judge of the layout engine (a slow corpus: `npm run test:corpus`). Whole-spec
 * runs — Stripe's pinned spec with `--all` in both enum modes, and GitHub's REST spec — are laid
 * out by the engine with no file handed to prettier, and prettier (the project's fixed options)
 * changes none of the files.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatTexts } from "../generator/format/format.ts";
import { generate, type UserConfig } from "../generator/index.ts";
import { ROOT, SPEC } from "./support/generated.ts";

const GITHUB = join(ROOT, "node_modules/@octokit/openapi/generated/api.github.com.json");

const RUNS: readonly { readonly name: string; readonly options: UserConfig }[] = [
  { name: "Stripe --all, open enums", options: { spec: SPEC, all: true, enums: "open" } },
  { name: "Stripe --all, closed enums", options: { spec: SPEC, all: true, enums: "closed" } },
  { name: "GitHub REST API --all, closed enums", options: { spec: GITHUB, all: true, enums: "closed" } },
];

describe("the layout engine's output is a fixed point of prettier", () => {
  it("GitHub's spec is installed (the devDependency @octokit/openapi)", () => {
    expect(existsSync(GITHUB)).toBe(true);
  });

  for (const run of RUNS) {
    it(run.name, async () => {
      const result = await generate({ ...run.options, cacheDir: false });
      expect(result.format?.fallbacks).toEqual([]);
      const files = result.files.filter((f) => f.path.endsWith(".ts"));
      expect(result.format?.laidOut).toBe(files.length);
      expect(files.length).toBeGreaterThan(900);
      const judged = await formatTexts(files.map((f) => f.content));
      const changed = files.filter((f, i) => judged[i] !== f.content).map((f) => f.path);
      expect(changed).toEqual([]);
    });
  }
});
