/**
 * A V8 code cache for the two large scripts every printing run loads: TypeScript's compiler
 * (`typescript.js` in @ts-morph/common, 9 MB) and ts-morph itself (1 MB). Without it each
 * process (and the layout lane's worker thread) reads typescript.js as UTF-8 and compiles both
 * from scratch: ~0.6 s of a run whose printing is often a few files. Measured on this 2-core
 * machine (user CPU for loading ts-morph and parsing one module, 7 runs each, interleaved):
 * 0.73–1.05 s without the cache, 0.49–0.68 s with it.
 *
 * Node 20 has no built-in compile cache for CommonJS (`module.enableCompileCache` came in 22.1),
 * so this thread's loader for those two files only is replaced: the file is read as bytes
 * (decoded as Latin-1 when it is pure ASCII — the same string, ~1 ms instead of ~100 ms for
 * typescript.js), compiled with the cached code when an entry matches, and run as Node runs a
 * CommonJS module. Every other file loads as before.
 *
 * An entry is keyed by the script's bytes and the exact Node/V8 build, so a changed script or
 * Node never meets an old entry; V8 checks it again and may reject it (`cachedDataRejected`),
 * and the entry is then written anew. Entries carry the sha256 of their payload, checked before
 * V8 sees them: a torn or damaged entry is a miss, never a crash. Writes are a temporary file
 * renamed into place, without fsync (a lost entry is only a miss). Any failure to read or write
 * the cache costs only the time it would have saved.
 */
import { isAscii } from "node:buffer";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script, constants as vmConstants } from "node:vm";
import { threadId } from "node:worker_threads";

/** Node's CommonJS loader internals this file relies on (stable since Node 0.x, untyped in @types/node). */
interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
}
interface CjsStatics {
  _extensions: Record<string, (module: CjsModule, filename: string) => void>;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _cache: unknown;
  wrap(source: string): string;
}

/** Marks a loader installed by `useCodeCache` (per thread: each worker has its own loaders). */
const INSTALLED = Symbol.for("specguard.codeCache");

const HASH_BYTES = 32;

/** The code cache's folder inside the cache folder. */
export const CODE_CACHE_DIR = "v8";

/** The scripts worth caching: ts-morph's entry and the TypeScript build it loads. */
export function cachedScripts(): string[] {
  const require = createRequire(import.meta.url);
  const tsMorph = require.resolve("ts-morph");
  const common = dirname(require.resolve("@ts-morph/common", { paths: [dirname(tsMorph)] }));
  return [tsMorph, join(common, "typescript.js")];
}

/**
 * Loads `cachedScripts()` through the code cache in `dir` from now on, in this thread. Idempotent.
 * `onEvent` (tests) hears each load: `hit` (compiled from a cache entry), `miss` (no usable entry;
 * one is written), `rejected` (V8 refused a matching entry; it is written anew).
 */
export function useCodeCache(dir: string, onEvent: (event: "hit" | "miss" | "rejected", file: string) => void = () => {}): void {
  const cjs = Module as unknown as CjsStatics;
  const previous = cjs._extensions[".js"]!;
  if ((previous as unknown as Record<symbol, unknown>)[INSTALLED] !== undefined) return;
  const scripts = new Set(cachedScripts());
  const loader = (module: CjsModule, filename: string): void => {
    if (!scripts.has(filename)) return previous(module, filename);
    const bytes = readFileSync(filename);
    const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
    const key = createHash("sha256").update(`${process.version} ${process.arch} ${process.versions.v8}\0`).update(bytes).digest("hex").slice(0, 32);
    const entry = join(dir, `${basename(filename, ".js")}-${key}.bin`);
    const cached = readEntry(entry);
    const script = new Script(cjs.wrap(source), {
      filename,
      ...(cached ? { cachedData: cached } : {}),
      // Node 20.x before 20.12 has no such constant (then dynamic import() fails, as neither script uses it).
      ...(vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
    } as ConstructorParameters<typeof Script>[1]);
    const hit = cached !== undefined && script.cachedDataRejected !== true;
    onEvent(hit ? "hit" : cached === undefined ? "miss" : "rejected", filename);
    const wrapper = script.runInThisContext() as (exports: unknown, require: unknown, module: CjsModule, filename: string, dirname: string) => void;
    wrapper.call(module.exports, module.exports, requireFor(cjs, module), module, filename, dirname(filename));
    // Created after the top level ran, so the entry holds what loading compiled.
    if (!hit) writeEntry(dir, entry, script.createCachedData());
  };
  (loader as unknown as Record<symbol, unknown>)[INSTALLED] = true;
  cjs._extensions[".js"] = loader;
}

/** The `require` a CommonJS module gets, as Node builds it. */
function requireFor(cjs: CjsStatics, module: CjsModule): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  require.resolve = ((request: string, options?: unknown) => cjs._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  require.cache = cjs._cache as NodeJS.Require["cache"];
  require.main = process.mainModule;
  require.extensions = cjs._extensions as unknown as NodeJS.Require["extensions"];
  return require;
}

/** An entry's payload, or undefined when it is absent, unreadable or fails its hash. */
function readEntry(path: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (bytes.length <= HASH_BYTES) return undefined;
  const payload = bytes.subarray(HASH_BYTES);
  return createHash("sha256").update(payload).digest().equals(bytes.subarray(0, HASH_BYTES)) ? payload : undefined;
}

/** Writes an entry whole or not at all, and drops this script's entries for other builds. */
function writeEntry(dir: string, path: string, payload: Buffer): void {
  const tmp = `${path}.${process.pid}-${threadId}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, Buffer.concat([createHash("sha256").update(payload).digest(), payload]));
    renameSync(tmp, path);
    const stem = basename(path).replace(/-[0-9a-f]{32}\.bin$/, "-");
    for (const name of readdirSync(dir)) {
      if (name.startsWith(stem) && name.endsWith(".bin") && name !== basename(path)) rmSync(join(dir, name), { force: true });
    }
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // No folder to leave a temporary file in.
    }
  }
}
