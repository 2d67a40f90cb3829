/**
 * The incremental-build record, like tsc's .tsbuildinfo: after a write, the cache folder keeps a
 * fingerprint of every input (spec bytes, options, generator source, prettier and ts-morph
 * versions) and a hash of every file written. When the fingerprint is unchanged and the files on
 * disk still hash the same, nothing can have changed and the pipeline need not run at all.
 * Any doubt (no record, a different input, an edited or missing file) means a full run.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { generatorHash } from "../cache.ts";
import type { Config } from "../config.ts";
import type { EmittedFile } from "../emit/index.ts";
import { writeAtomic } from "../fsx.ts";
import { ordinal } from "../resolve/resolve.ts";
import { listGenerated } from "./write.ts";

interface State {
  readonly fingerprint: string;
  /** path → sha256 of the content written */
  readonly files: Record<string, string>;
}

/** Hash of everything that decides the output. */
export async function fingerprint(config: Config): Promise<string> {
  const hash = createHash("sha256");
  hash.update(await readFile(config.spec));
  const { out: _out, cacheDir: _cache, ...options } = config;
  hash.update(JSON.stringify(options, Object.keys(options).sort(ordinal)));
  hash.update(await generatorHash());
  return hash.digest("hex");
}

function stateFile(cacheDir: string, out: string): string {
  return join(cacheDir, "state", createHash("sha256").update(out).digest("hex").slice(0, 16) + ".json");
}

/** Whether the output folder provably holds what a run with this fingerprint would write. */
export async function upToDate(cacheDir: string, out: string, print: string): Promise<boolean> {
  let state: State;
  try {
    state = JSON.parse(await readFile(stateFile(cacheDir, out), "utf8")) as State;
  } catch {
    return false;
  }
  if (state.fingerprint !== print) return false;
  const onDisk = await listGenerated(out);
  const expected = Object.keys(state.files);
  if (onDisk.size !== expected.length) return false;
  for (const path of expected) {
    const content = onDisk.get(path);
    if (content === undefined || sha256(content) !== state.files[path]) return false;
  }
  return true;
}

export async function saveState(cacheDir: string, out: string, print: string, files: readonly EmittedFile[]): Promise<void> {
  const state: State = { fingerprint: print, files: Object.fromEntries(files.map((f) => [f.path, sha256(f.content)])) };
  try {
    await writeAtomic(stateFile(cacheDir, out), JSON.stringify(state));
  } catch {
    // Losing the record only costs a full run next time.
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
