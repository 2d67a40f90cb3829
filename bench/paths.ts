/** Where things are: the repository, the pinned spec, the scratch folder (bench/.work, gitignored). */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SPEC = join(ROOT, "spec/stripe-2024-04-10.json");
/** GitHub's REST spec (devDependency @octokit/openapi): the large non-Stripe spec of line 1. */
export const GITHUB_SPEC = join(ROOT, "node_modules/@octokit/openapi/generated/api.github.com.json");
export const WORK = join(ROOT, "bench/.work");
export const PAYLOADS = join(ROOT, "bench/payloads");
export const SPECGUARD_BIN = join(ROOT, "bin/specguard.js");
export const OT_BIN = join(ROOT, "node_modules/openapi-typescript/bin/cli.js");
export const TSC_BIN = join(ROOT, "node_modules/typescript/bin/tsc");
