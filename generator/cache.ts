/**
 * The module cache: a module's final body (emitted, and formatted when formatting is on), keyed
 * by a hash of the module's own declarations, and valid while every declaration its emitter
 * looked up elsewhere still hashes the same. After a one-property change to the spec, only the
 * modules that can see the change are emitted and formatted again; ts-morph is not even loaded
 * when nothing misses.
 *
 * The key also covers the options and the generator's own source, so editing the generator
 * never serves stale output. The cache file carries its own sha256 and every entry is checked
 * for its shape on read: a damaged file or entry is a miss (with a notice), never output.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "./config.ts";
import { readVerified, sweepTemps, writeVerified, type Notice } from "./fsx.ts";
import type { Decl, Model, Module } from "./model/types.ts";
import { ordinal } from "./resolve/resolve.ts";

const GENERATOR_DIR = dirname(fileURLToPath(import.meta.url));

/** The libraries whose version can change the output: printer, its compiler, the parser, the formatter. */
export const OUTPUT_LIBRARIES = ["ts-morph", "@ts-morph/common", "yaml", "prettier"] as const;

/** Hash of the generator's source files and of the libraries that shape its output. */
export async function generatorHash(): Promise<string> {
  const hash = createHash("sha256");
  const require = createRequire(import.meta.url);
  for (const pkg of OUTPUT_LIBRARIES) hash.update(`${pkg}@${(require(`${pkg}/package.json`) as { version: string }).version}\0`);
  const sources = (await readdir(GENERATOR_DIR, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort(ordinal);
  for (const file of sources) {
    hash.update(relative(GENERATOR_DIR, file).split(sep).join("/"));
    hash.update(await readFile(file));
  }
  return hash.digest("hex");
}

/** The options that shape emitted text, in a fixed key order. */
export function outputOptions(config: Config): string {
  const { enums, strictObjects, maxDepth, maxIssues, docsBaseUrl, format, formats } = config;
  return JSON.stringify({ enums, strictObjects, maxDepth, maxIssues, docsBaseUrl: docsBaseUrl ?? null, format, formats });
}

interface Entry {
  /** declaration name → hash, for every declaration the emitter looked up */
  readonly deps: Record<string, string>;
  readonly body: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isEntry(value: unknown): value is Entry {
  if (!isRecord(value) || typeof value["body"] !== "string" || !isRecord(value["deps"])) return false;
  return Object.values(value["deps"]).every((h) => typeof h === "string");
}

export class ModuleCache {
  private readonly used = new Map<string, Entry>();
  private readonly declHashes = new Map<string, string>();

  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, Entry>,
    private readonly salt: string,
    private readonly model: Model,
    /** Whether `save` writes the file (a rebound, in-memory cache does not). */
    private readonly persist = true,
  ) {}

  static async open(cacheDir: string, config: Config, model: Model, notice?: Notice): Promise<ModuleCache> {
    const salt = createHash("sha256").update(await generatorHash()).update(outputOptions(config)).digest("hex");
    const file = join(cacheDir, "modules", salt.slice(0, 16) + ".json");
    await sweepTemps(dirname(file));
    const stored = await readVerified(file, isRecord, notice);
    const entries = new Map<string, Entry>();
    let damaged = 0;
    for (const [key, entry] of Object.entries(stored ?? {})) {
      if (isEntry(entry)) entries.set(key, entry);
      else damaged++;
    }
    if (damaged > 0) notice?.(`ignored ${damaged} damaged entr${damaged === 1 ? "y" : "ies"} in the module cache ${JSON.stringify(file)}; recomputing`);
    return new ModuleCache(file, entries, salt, model);
  }

  /**
   * The entries this run used or made, bound to the next run's model: watch mode keeps one cache
   * in memory across runs instead of reading and writing the file each time (serialising ~7 MB
   * took ~0.3 s of a ~1 s rebuild). Only for the same options and generator source (the salt is
   * not recomputed). The rebound cache never writes the file.
   */
  rebind(model: Model): ModuleCache {
    return new ModuleCache(this.file, new Map(this.used), this.salt, model, false);
  }

  /** The key of one of a module's files (emit/layout.ts): its own declarations (and which of them recurse). */
  key(module: Module, side: "public" | "internal" = "public"): string {
    const hash = createHash("sha256").update(this.salt).update(side === "public" ? module.file : `${module.file}\0internal`);
    for (const decl of module.decls) hash.update(this.declHash(decl.name));
    return hash.digest("hex");
  }

  declHash(name: string): string {
    let h = this.declHashes.get(name);
    if (h === undefined) {
      const decl = this.model.decls.get(name) as Decl;
      h = createHash("sha1")
        .update(JSON.stringify(decl))
        .update(this.model.recursive.has(name) ? "r" : "-")
        .digest("hex");
      this.declHashes.set(name, h);
    }
    return h;
  }

  /** The cached body, when the module and everything its emitter looked at are unchanged. */
  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    for (const [name, hash] of Object.entries(entry.deps)) {
      if (!this.model.decls.has(name) || this.declHash(name) !== hash) return undefined;
    }
    this.used.set(key, entry);
    return entry.body;
  }

  put(key: string, lookedUp: Iterable<string>, body: string): void {
    const deps: Record<string, string> = {};
    for (const name of [...lookedUp].sort(ordinal)) deps[name] = this.declHash(name);
    this.used.set(key, { deps, body });
  }

  /** Keeps the entries this run used or made (so the file does not grow without bound). */
  async save(): Promise<void> {
    if (!this.persist) return;
    try {
      await writeVerified(this.file, Object.fromEntries(this.used));
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
