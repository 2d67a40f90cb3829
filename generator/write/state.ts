/**
 * The incremental-build record, like tsc's .tsbuildinfo: after a write, the cache folder keeps a
 * fingerprint of every input (the spec bytes the run generated from, options, generator source,
 * library versions, the user's prettier config when prettier formats) and a hash of every file written. When the fingerprint is unchanged and every
 * recorded file on disk (manifest.json included) still hashes the same, and the folder holds
 * nothing a write would remove, nothing can have changed and the pipeline need not run at all. Any doubt — no record, a damaged record, a different
 * input, an edited or missing file — means a full run.
 */
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { generatorHash, outputEnvironment, type OutputEnvironment } from "../cache.ts";
import type { Config } from "../config.ts";
import type { EmittedFile } from "../emit/index.ts";
import { readRegularFile, readVerified, sweepTemps, writeVerified } from "../fsx.ts";
import { ordinal } from "../resolve/resolve.ts";
import { MANIFEST } from "./owned.ts";
import { outputLeftovers } from "./write.ts";

interface State {
  readonly fingerprint: string;
  /** path → sha256 of the content written */
  readonly files: Record<string, string>;
  /** The run's warnings (refused constructs), one line each: replayed when nothing runs. */
  readonly warnings?: readonly string[];
}

/**
 * Hash of everything that decides the output (the user's prettier config included, for
 * `format: "prettier"`): `spec` must be the very bytes generated from;
 * `generator` is `generatorHash()` (passed in when the caller has it already).
 */
export async function fingerprint(config: Config, spec: Uint8Array, generator?: string, environment?: OutputEnvironment): Promise<string> {
  const hash = createHash("sha256");
  hash.update(spec);
  const { out: _out, cacheDir: _cache, ...options } = config;
  hash.update(JSON.stringify(options, Object.keys(options).sort(ordinal)));
  hash.update(generator ?? (await generatorHash()));
  // The user's prettier config, when prettier formats (read only then: the default never loads it).
  hash.update((environment ?? (await outputEnvironment(config))).key);
  return hash.digest("hex");
}

function stateFile(cacheDir: string, out: string): string {
  return join(cacheDir, "state", createHash("sha256").update(out).digest("hex").slice(0, 16) + ".json");
}

function isState(value: unknown): value is State {
  if (value === null || typeof value !== "object") return false;
  const { fingerprint: print, files, warnings } = value as Record<string, unknown>;
  if (typeof print !== "string" || files === null || typeof files !== "object" || Array.isArray(files)) return false;
  if (warnings !== undefined && !(Array.isArray(warnings) && warnings.every((w) => typeof w === "string"))) return false;
  return Object.values(files).every((h) => typeof h === "string");
}

/** Whether the output folder provably holds what a run with this fingerprint would write. */
export async function upToDate(
  cacheDir: string,
  out: string,
  print: string,
  notice?: (message: string) => void,
  onWarnings?: (lines: readonly string[]) => void,
): Promise<boolean> {
  const file = stateFile(cacheDir, out);
  const state = await readVerified(file, isState, notice);
  if (state === undefined || state.fingerprint !== print) return false;
  const expected = Object.keys(state.files);
  if (!expected.includes(MANIFEST)) return false;
  // One file after the other: `readRegularFile` reads synchronously (fsx.ts says why), so there
  // is no waiting to overlap; the first difference stops the check.
  for (const path of expected) {
    let content: Buffer | undefined;
    try {
      content = await readRegularFile(join(out, ...path.split("/"))); // a FIFO or link there is never read
    } catch {
      return false;
    }
    if (content === undefined || sha256(content) !== state.files[path]) return false;
  }
  // Nothing a write would remove or refuse over either (a stale runtime.js, an old temp file):
  // the uncached run would act on it, so the cached one may not call the folder up to date.
  if ((await outputLeftovers(out, new Set(expected))).length > 0) return false;
  // Refused constructs are said on every run, the ones that skip the pipeline included.
  onWarnings?.(state.warnings ?? []);
  return true;
}

export async function saveState(cacheDir: string, out: string, print: string, files: readonly EmittedFile[], warnings: readonly string[] = []): Promise<void> {
  const state: State = { fingerprint: print, files: Object.fromEntries(files.map((f) => [f.path, sha256(f.content)])), ...(warnings.length > 0 ? { warnings } : {}) };
  // Losing the record only costs a full run next time.
  const file = stateFile(cacheDir, out);
  await sweepTemps(dirname(file));
  await writeVerified(file, state).catch(() => undefined);
}

function sha256(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}
