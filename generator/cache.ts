/**
 * The module cache: a module's final body (emitted, and formatted when formatting is on), keyed
 * by a hash of the module's own declarations, and valid while every declaration its emitter
 * looked up elsewhere still hashes the same. After a one-property change to the spec, only the
 * modules that can see the change are emitted and formatted again; ts-morph is not even loaded
 * when nothing misses.
 *
 * The key also covers the options and the generator's own source, so editing the generator
 * never serves stale output.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "./config.ts";
import { writeAtomic } from "./fsx.ts";
import type { Decl, Model, Module } from "./model/types.ts";
import { ordinal } from "./resolve/resolve.ts";

const GENERATOR_DIR = dirname(fileURLToPath(import.meta.url));

/** Hash of the generator's source files and of the libraries that shape its output. */
export async function generatorHash(): Promise<string> {
  const hash = createHash("sha256");
  const require = createRequire(import.meta.url);
  for (const pkg of ["prettier/package.json", "ts-morph/package.json"]) {
    hash.update((require(pkg) as { version: string }).version);
  }
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

export class ModuleCache {
  private readonly used = new Map<string, Entry>();
  private readonly declHashes = new Map<string, string>();

  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, Entry>,
    private readonly salt: string,
    private readonly model: Model,
  ) {}

  static async open(cacheDir: string, config: Config, model: Model): Promise<ModuleCache> {
    const salt = createHash("sha256").update(await generatorHash()).update(outputOptions(config)).digest("hex");
    const file = join(cacheDir, "modules", salt.slice(0, 16) + ".json");
    let entries = new Map<string, Entry>();
    try {
      entries = new Map(Object.entries(JSON.parse(await readFile(file, "utf8")) as Record<string, Entry>));
    } catch {
      // no cache yet
    }
    return new ModuleCache(file, entries, salt, model);
  }

  /** The key of a module: its own declarations (and which of them recurse). */
  key(module: Module): string {
    const hash = createHash("sha256").update(this.salt).update(module.file);
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
    try {
      await writeAtomic(this.file, JSON.stringify(Object.fromEntries(this.used)));
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
