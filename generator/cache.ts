/**
 * The module cache: a module's final body (emitted, and formatted when formatting is on), keyed
 * by a hash of the module's own declarations, and valid while every declaration its emitter
 * looked up elsewhere still hashes the same. After a one-property change to the spec, only the
 * modules that can see the change are emitted and formatted again; ts-morph is not even loaded
 * when nothing misses.
 *
 * The key also covers the options, the user's prettier config when prettier formats, and the
 * generator's own source, so neither editing the generator nor a .prettierrc serves stale output. Each entry file carries its own sha256 and is checked for its
 * shape and its key on read: a damaged entry is a miss (with one notice per run), never output.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "./config.ts";
import { mapLimit, readVerified, sweepTemps, writeVerified, type Notice } from "./fsx.ts";
import type { Decl, Model, Module } from "./model/types.ts";
import { ordinal } from "./resolve/resolve.ts";
import { parseShapeLines, type DeclShape } from "./diff/shape.ts";
import { hashHex } from "./hash.ts";

const GENERATOR_DIR = dirname(fileURLToPath(import.meta.url));

/** The libraries whose version can change the output: printer, its compiler, the parser, the formatter. */
export const OUTPUT_LIBRARIES = ["ts-morph", "@ts-morph/common", "yaml", "prettier"] as const;

/** Hash of the generator's source files and of the libraries that shape its output. */
export async function generatorHash(): Promise<string> {
  const hash = createHash("sha256");
  const require = createRequire(import.meta.url);
  for (const pkg of OUTPUT_LIBRARIES) hash.update(`${pkg}@${(require(`${pkg}/package.json`) as { version: string }).version}\0`);
  // Declaration files (the built package's `.d.ts`) change no output. Read synchronously: a few
  // hundred small files through the promise API cost ~20 ms more of every run, "up to date" too.
  const sources = (await readdir(GENERATOR_DIR, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.endsWith(".d.ts"))
    .map((e) => join(e.parentPath, e.name))
    .sort(ordinal);
  for (const file of sources) {
    hash.update(relative(GENERATOR_DIR, file).split(sep).join("/"));
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** The options that shape emitted text, in a fixed key order. */
export function outputOptions(config: Config): string {
  const { enums, strictObjects, maxDepth, maxIssues, docsBaseUrl, format, formats } = config;
  return JSON.stringify({ enums, strictObjects, maxDepth, maxIssues, docsBaseUrl: docsBaseUrl ?? null, format, formats });
}

/**
 * What outside the config decides the output text: with `format: "prettier"`, the user's prettier
 * options for the output folder (format.ts `userPrettierOptions`, found afresh each run (once), as
 * prettier finds them), so editing a .prettierrc changes every key that decides output. Empty
 * otherwise: the layout engine's options are fixed, and prettier is not loaded for them.
 */
export async function outputEnvironment(config: Config): Promise<OutputEnvironment> {
  if (config.format !== "prettier") return { key: "" };
  const { userPrettierOptions } = await import("./format/format.ts");
  const prettierOptions = await userPrettierOptions(config.out);
  return { key: `prettier\0${JSON.stringify(prettierOptions)}`, prettierOptions };
}

/**
 * `outputEnvironment`'s answer: found once per run and handed to every step that depends on it
 * (fingerprint, module cache key, formatter), so a .prettierrc saved mid-run cannot leave output
 * formatted one way under a key that says another.
 */
export interface OutputEnvironment {
  /** What goes into hashes: empty without `format: "prettier"`. */
  readonly key: string;
  /**
   * The options prettier formats with (only with `format: "prettier"`): prettier's `Options`,
   * kept structural here so the public declarations do not import prettier's types (stats.ts).
   */
  readonly prettierOptions?: Readonly<Record<string, unknown>>;
}

interface Entry {
  /** The key the entry was stored under (a file copied under another name is refused). */
  readonly key: string;
  /** declaration name → hash, for every declaration the emitter looked up */
  readonly deps: Record<string, string>;
  /** The final text: a module's public file, or a file that is not a module. */
  readonly body: string;
  /** A module's internal file; absent for other files. */
  readonly internal?: string;
  /**
   * A module's shape as the manifest records it (diff/shape.ts): declaration key → its compact
   * JSON. Computed with the module's texts, through the same recorded lookups (`deps`).
   */
  readonly shape?: Readonly<Record<string, string>>;
}

/** A module's two final texts (emit/layout.ts), and its shape. */
export interface ModuleTexts {
  readonly public: string;
  readonly internal: string;
  readonly shape: Readonly<Record<string, string>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isEntry(value: unknown): value is Entry {
  if (!isRecord(value) || typeof value["key"] !== "string" || typeof value["body"] !== "string" || !isRecord(value["deps"])) return false;
  if (value["internal"] !== undefined && typeof value["internal"] !== "string") return false;
  if (value["shape"] !== undefined && !(isRecord(value["shape"]) && Object.values(value["shape"]).every((line) => typeof line === "string"))) return false;
  return Object.values(value["deps"]).every((h) => typeof h === "string");
}

/** Entries written at once (each is a few kilobytes). Reads are synchronous inside `readRegularFile` (fsx.ts). */
const IO_LIMIT = 32;

/**
 * One file per entry, named by its key, in a folder per salt (`modules/<salt>/<key>`): a run
 * reads only the entries of the modules it has, and writes only the entries it made. (One JSON
 * file of every entry, ~10 MB for the whole Stripe spec, cost ~0.3 s to read and as much to
 * write back after every one-field change.)
 */
export class ModuleCache {
  private readonly used = new Map<string, Entry>();
  /** Entries this run made, not yet written. */
  private readonly made = new Map<string, Entry>();
  private readonly declHashes = new Map<string, string>();
  private readonly keys = new Map<Module, string>();

  private constructor(
    private readonly folder: string,
    private readonly entries: ReadonlyMap<string, Entry>,
    private readonly salt: string,
    private readonly model: Model,
    /** Whether `save` removes the entries this run did not use (a rebound cache keeps them). */
    private readonly prune = true,
    /** Told when an entry read on demand (`getText`) is damaged. */
    private readonly notice?: Notice,
    /**
     * Parsed shapes by entry key, with the lines they were parsed from: a rebound cache (watch
     * mode) hands the same objects to each run's report while the entry's lines stay the same
     * object (a module whose lookups changed is printed again under the same key, new lines).
     */
    private readonly parsedShapes = new Map<string, { readonly lines: Readonly<Record<string, string>>; readonly shape: Record<string, DeclShape> }>(),
  ) {}

  /** `generator` is `generatorHash()`, when the caller has it already (it reads every source file). */
  static async open(cacheDir: string, config: Config, model: Model, notice?: Notice, generator?: string, environment?: OutputEnvironment): Promise<ModuleCache> {
    const salt = createHash("sha256")
      .update(generator ?? (await generatorHash()))
      .update(outputOptions(config))
      .update((environment ?? (await outputEnvironment(config))).key)
      .digest("hex");
    const folder = join(cacheDir, "modules", salt.slice(0, 16));
    await sweepTemps(dirname(folder));
    await sweepTemps(folder);
    // Keys first (they need only the model), then every module's entry.
    const probe = new ModuleCache(folder, new Map(), salt, model);
    const keys = model.modules.map((m) => probe.key(m));
    const entries = new Map<string, Entry>();
    let damaged = 0;
    await mapLimit(keys, IO_LIMIT, async (key) => {
      const entry = await readVerified(join(folder, key), isEntry, () => damaged++);
      if (entry?.key === key) entries.set(key, entry);
      else if (entry) damaged++;
    });
    if (damaged > 0) notice?.(`ignored ${damaged} damaged entr${damaged === 1 ? "y" : "ies"} in the module cache ${JSON.stringify(folder)}; recomputing`);
    const cache = new ModuleCache(folder, entries, salt, model, true, notice);
    for (const [module, key] of probe.keys) cache.keys.set(module, key);
    for (const [name, hash] of probe.declHashes) cache.declHashes.set(name, hash);
    return cache;
  }

  /**
   * The entries this run used or made, bound to the next run's model: watch mode keeps one cache
   * in memory across runs instead of reading every entry again. Only for the same options and
   * generator source (the salt is not recomputed). New entries are still written (a later
   * `generate` finds them), but none is removed.
   */
  rebind(model: Model): ModuleCache {
    const parsed = new Map([...this.parsedShapes].filter(([key]) => this.used.has(key)));
    return new ModuleCache(this.folder, new Map(this.used), this.salt, model, false, undefined, parsed);
  }

  /**
   * The shape of the entry stored under `key` as objects (each line's JSON parsed once per
   * entry: a watch session's report compares unchanged schemas by identity).
   */
  parsedShape(key: string, lines: Readonly<Record<string, string>>): Record<string, DeclShape> {
    const known = this.parsedShapes.get(key);
    if (known?.lines === lines) return known.shape;
    const shape = parseShapeLines(lines);
    this.parsedShapes.set(key, { lines, shape });
    return shape;
  }

  /** The key of a module (both its files, emit/layout.ts): its own declarations (and which of them recurse). */
  key(module: Module): string {
    let key = this.keys.get(module);
    if (key === undefined) {
      const hash = createHash("sha256").update(this.salt).update(`module\0${module.file}\0`);
      for (const decl of module.decls) hash.update(this.declHash(decl.name));
      key = hash.digest("hex");
      this.keys.set(module, key);
    }
    return key;
  }

  declHash(name: string): string {
    let h = this.declHashes.get(name);
    if (h === undefined) {
      const decl = this.model.decls.get(name) as Decl;
      // One string, hashed in one call (hash.ts): the same bytes as the text and the flag hashed in turn.
      h = hashHex("sha1", JSON.stringify(decl) + (this.model.recursive.has(name) ? "r" : "-"));
      this.declHashes.set(name, h);
    }
    return h;
  }

  /** A module's cached texts, when the module and everything its emitter looked at are unchanged. */
  get(key: string): ModuleTexts | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.internal === undefined || entry.shape === undefined) return undefined;
    for (const [name, hash] of Object.entries(entry.deps)) {
      if (!this.model.decls.has(name) || this.declHash(name) !== hash) return undefined;
    }
    this.used.set(key, entry);
    return { public: entry.body, internal: entry.internal, shape: entry.shape };
  }

  /**
   * The key of a file that is not a schema module (runtime, walkers, barrel): its printed text,
   * which it is a function of. Its final body is cached like a module's, so a one-field change
   * does not lay out the 400 KB barrel and the runtimes again.
   */
  textKey(path: string, text: string): string {
    return createHash("sha256").update(this.salt).update(`file\0${path}\0`).update(text).digest("hex");
  }

  /** The cached body under a `textKey` (read on demand: the key is known only once the text is printed). */
  async getText(key: string): Promise<string | undefined> {
    let entry = this.entries.get(key) ?? this.used.get(key);
    if (entry === undefined) {
      let damaged = false;
      const read = await readVerified(join(this.folder, key), isEntry, () => (damaged = true));
      if (read?.key === key && Object.keys(read.deps).length === 0 && read.internal === undefined) entry = read;
      else if (read !== undefined || damaged) this.notice?.(`ignored a damaged entry in the module cache ${JSON.stringify(this.folder)}; recomputing`);
    }
    if (entry === undefined) return undefined;
    this.used.set(key, entry);
    return entry.body;
  }

  /** Stores a module's final texts (`internal` "" when it has no internal file). */
  put(key: string, lookedUp: Iterable<string>, texts: ModuleTexts): void {
    const deps: Record<string, string> = {};
    for (const name of [...lookedUp].sort(ordinal)) deps[name] = this.declHash(name);
    this.store({ key, deps, body: texts.public, internal: texts.internal, shape: texts.shape });
  }

  /** Stores the final text of a file that is not a module, under its `textKey`. */
  putText(key: string, body: string): void {
    this.store({ key, deps: {}, body });
  }

  private store(entry: Entry): void {
    this.used.set(entry.key, entry);
    this.made.set(entry.key, entry);
  }

  /**
   * Writes the entries this run made; then, when it made any, removes the ones it did not use
   * (so the folder does not grow with every spec update). A run that made none writes nothing.
   */
  async save(): Promise<void> {
    if (this.made.size === 0) return;
    try {
      const made = [...this.made.values()];
      this.made.clear();
      await mapLimit(made, IO_LIMIT, (entry) => writeVerified(join(this.folder, entry.key), entry, false));
      if (!this.prune) return;
      const stale = (await readdir(this.folder)).filter((name) => /^[0-9a-f]{64}$/.test(name) && !this.used.has(name));
      await mapLimit(stale, IO_LIMIT, (name) => rm(join(this.folder, name), { force: true }));
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
