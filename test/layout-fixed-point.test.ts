/**
 * prettier is the judge of the layout engine (a slow corpus: `npm run test:corpus`). Whole-spec
 * runs — Stripe's pinned spec with `--all` in both enum modes, GitHub's REST spec and Rebilly's
 * combined API (rebilly.corpus.ts) — and the
 * default selection with `emit: "js"` (its `.js` and `.d.ts` are laid out by the engine too) are
 * laid out with no file handed to prettier, and prettier (the project's fixed options) changes
 * none of the files.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatTexts } from "../generator/format/format.ts";
import { generate, type UserConfig } from "../generator/index.ts";
import { ROOT, SPEC } from "./support/generated.ts";

const GITHUB = join(ROOT, "node_modules/@octokit/openapi/generated/api.github.com.json");
const REBILLY = join(ROOT, "node_modules/@redocly/openapi-core/src/benchmark/benches/rebilly.yaml");

const SESSIONS = ["identity.verification_session", "checkout.session", "billing_portal.session", "financial_connections.session", "account_session", "customer_session"];

const RUNS: readonly { readonly name: string; readonly options: UserConfig; readonly ext: RegExp }[] = [
  { name: "Stripe --all, open enums", options: { spec: SPEC, all: true, enums: "open" }, ext: /\.ts$/ },
  { name: "Stripe --all, closed enums", options: { spec: SPEC, all: true, enums: "closed" }, ext: /\.ts$/ },
  { name: "GitHub REST API --all, closed enums", options: { spec: GITHUB, all: true, enums: "closed" }, ext: /\.ts$/ },
  { name: "Rebilly combined API --all (YAML), closed enums", options: { spec: REBILLY, all: true, enums: "closed" }, ext: /\.ts$/ },
  { name: "Stripe sessions, emit js (.js and .d.ts)", options: { spec: SPEC, select: SESSIONS, emit: "js" }, ext: /\.(js|d\.ts)$/ },
];

describe("the layout engine's output is a fixed point of prettier", () => {
  it("GitHub's spec is installed (the devDependency @octokit/openapi)", () => {
    expect(existsSync(GITHUB)).toBe(true);
  });

  for (const run of RUNS) {
    it(run.name, async () => {
      const result = await generate({ ...run.options, cacheDir: false });
      expect(result.format?.fallbacks).toEqual([]);
      const files = result.files.filter((f) => run.ext.test(f.path));
      expect(result.format?.laidOut).toBeGreaterThanOrEqual(files.length);
      expect(files.length).toBeGreaterThan(700);
      const judged = await formatTexts(files.map((f) => f.content));
      const changed = files.filter((f, i) => judged[i] !== f.content).map((f) => f.path);
      expect(changed).toEqual([]);
    });
  }
});
