/**
 * Stage 4, emit: model → file texts (not yet formatted), plus the manifest.
 */
import type { Model, Module } from "../model/types.ts";
import { ordinal } from "../resolve/resolve.ts";
import type { EmitOptions } from "./context.ts";
import { guardNames } from "./guards.ts";
import type { ModuleCache } from "../cache.ts";
import { moduleShape, parseShapeLines, record, SHAPE_FORMAT, shapeContext, shapeLines, type SchemaShape, type SpecShape } from "../diff/shape.ts";
import { bannerFor, header } from "./header.ts";
import { internalStem, PUBLIC_RUNTIME, publicStem } from "./layout.ts";
import { INTERNAL_RUNTIME, internalRuntimeSource, RUNTIME_FILE, runtimeSource } from "./runtime.ts";
import { WALKERS_FILE, walkersSource } from "./walkers.ts";

export interface EmittedFile {
  /** Path relative to the output folder, `/`-separated. */
  readonly path: string;
  /** The file's text. Until `attachHeaders` runs, TypeScript files hold only their body. */
  readonly content: string;
  /** Whether prettier should format it (TypeScript sources) or it is final (JSON). */
  readonly format: boolean;
  /**
   * The banner naming the spec (title and version). Kept apart from the body until the end so
   * the formatting cache, keyed by the body, is independent of it.
   */
  readonly header?: string;
}

export { SCHEMA_DIR } from "./layout.ts";

/** A module the cache missed: its key, what its emitter and its shape looked up, its two files' paths and its shape. */
export interface ModuleMiss {
  readonly key: string;
  readonly lookedUp: ReadonlySet<string>;
  readonly public: string;
  readonly internal: string;
  readonly shape: Readonly<Record<string, string>>;
}

/**
 * Emits every file. With a module cache, a module whose declarations (and everything its
 * emitter looked up) are unchanged comes back final from the cache (`format: false`), and
 * ts-morph is loaded only when some module has to be printed. Each module is two files (see
 * layout.ts), cached together.
 */
export async function emit(
  model: Model,
  options: EmitOptions,
  cache?: ModuleCache,
  onModule: (done: number, total: number) => void = () => {},
  onPrinted: (file: EmittedFile) => void = () => {},
): Promise<{ files: EmittedFile[]; misses: Map<string, ModuleMiss>; textMisses: Map<string, string>; shapes: () => SpecShape }> {
  const banner = header(model);
  const files: EmittedFile[] = [];
  /** Schema files printed this run (the module cache missed), by path; both files of a module share one miss. */
  const misses = new Map<string, ModuleMiss>();
  /** Files other than schema modules whose final text was not cached: path → textKey. */
  const textMisses = new Map<string, string>();
  // A file other than a schema module: its final text from the cache when its printed text is
  // unchanged (the caller puts it there after formatting otherwise).
  const other = async (path: string, content: string): Promise<void> => {
    const key = cache?.textKey(path, content);
    const hit = key === undefined ? undefined : await cache!.getText(key);
    if (hit !== undefined) return void files.push({ path, content: hit, format: false, header: banner });
    if (key !== undefined) textMisses.set(path, key);
    files.push({ path, content, format: true, header: banner });
  };
  await other(`${RUNTIME_FILE}.ts`, runtimeSource());
  await other(`${INTERNAL_RUNTIME}.ts`, internalRuntimeSource());
  let print: typeof import("./module.ts").moduleSource | undefined;
  // Each module's shape for the manifest (diff/shape.ts), as compact JSON per declaration: from
  // the cache with its texts, or computed beside them through lookups the cache entry records.
  const shapes = new Map<Module, { readonly key: string | undefined; readonly lines: Readonly<Record<string, string>> }>();
  for (const [done, module] of model.modules.entries()) {
    onModule(done, model.modules.length);
    const paths = { public: `${publicStem(module.file)}.ts`, internal: `${internalStem(module.file)}.ts` };
    const key = cache?.key(module);
    const hit = key === undefined ? undefined : cache!.get(key);
    if (hit !== undefined) {
      files.push({ path: paths.public, content: hit.public, format: false, header: banner });
      files.push({ path: paths.internal, content: hit.internal, format: false, header: banner });
      shapes.set(module, { key, lines: hit.shape });
      continue;
    }
    print ??= (await import("./module.ts")).moduleSource;
    const texts = print(model, module, options);
    const lookedUp = new Set(texts.lookedUp);
    const lines = shapeLines(moduleShape(module, shapeContext(model, (name) => (lookedUp.add(name), model.decls.get(name)!)), model.enums));
    shapes.set(module, { key, lines });
    const publicFile: EmittedFile = { path: paths.public, content: texts.public, format: true, header: banner };
    files.push(publicFile);
    onPrinted(publicFile);
    const internalFile: EmittedFile = { path: paths.internal, content: texts.internal, format: true, header: banner };
    files.push(internalFile);
    onPrinted(internalFile);
    if (key !== undefined) {
      // The cache stores final (formatted) texts: the caller puts them once formatted.
      const miss: ModuleMiss = { key, lookedUp, public: paths.public, internal: paths.internal, shape: lines };
      misses.set(paths.public, miss);
      misses.set(paths.internal, miss);
    }
  }
  onModule(model.modules.length, model.modules.length);
  const walkers = walkersSource(model, options);
  if (walkers !== undefined) await other(`${WALKERS_FILE}.ts`, walkers);
  await other("index.ts", barrel(model));
  files.push({ path: "manifest.json", content: manifest(model, options, (m) => shapes.get(m)!.lines), format: false });
  let spec: SpecShape | undefined;
  // The shapes as objects, parsed from the same lines the manifest holds (what the next run reads back).
  const specOf = (): SpecShape => {
    if (spec !== undefined) return spec;
    const schemas = record<SchemaShape>();
    for (const module of [...model.modules].sort((a, b) => ordinal(a.schemaId, b.schemaId))) {
      const { key, lines } = shapes.get(module)!;
      schemas[module.schemaId] = { type: module.main.name, decls: key !== undefined && cache ? cache.parsedShape(key, lines) : parseShapeLines(lines) };
    }
    return (spec = { title: model.spec.title, version: model.spec.version, schemas });
  };
  return { files: files.sort((a, b) => ordinal(a.path, b.path)), misses, textMisses, shapes: specOf };
}

/**
 * The barrel: the public surface only — the public runtime's names, and every type, enum (its
 * object and `…Values` array) and `is`/`validate`/`assert` guard, named one by one from the
 * public schema files (the internal files are never re-exported).
 */
function barrel(model: Model): string {
  const lines = [`export type { ${PUBLIC_RUNTIME.types.join(", ")} } from "./${RUNTIME_FILE}.js";`, `export { ${PUBLIC_RUNTIME.values.join(", ")} } from "./${RUNTIME_FILE}.js";`];
  for (const module of [...model.modules].sort((a, b) => ordinal(a.file, b.file))) {
    const types: string[] = [];
    const values: string[] = [];
    for (const decl of module.decls) {
      if (decl.kind === "enum") values.push(decl.name, `${decl.name}Values`);
      else types.push(decl.name);
      values.push(...guardNames(decl));
    }
    const from = `"./${publicStem(module.file)}.js"`;
    if (types.length > 0) lines.push(`export type { ${types.sort(ordinal).join(", ")} } from ${from};`);
    lines.push(`export { ${values.sort(ordinal).join(", ")} } from ${from};`);
  }
  return lines.join("\n") + "\n";
}

/** Puts each file's header in front of its (formatted) body; prettier leaves such a header as is. */
export function attachHeaders(files: readonly EmittedFile[]): EmittedFile[] {
  return files.map(({ header: banner, ...file }) => (banner === undefined ? file : { ...file, content: `${bannerFor(file.path, banner)}\n\n${file.content}` }));
}

/**
 * A machine-readable map of what was emitted, for tools and tests. It is the one file that names
 * the spec's file and sha256 (so `--check` sees any spec change), and it keeps each schema's
 * neutral shape (generator/diff/shape.ts), from which the next `generate` reports what changed.
 */
export function manifest(model: Model, options: EmitOptions, linesOf: (module: Module) => Readonly<Record<string, string>>): string {
  // No prototype: a schema id "__proto__" is a key like any other, not a prototype change.
  const schemas = record<unknown>();
  const inline: string[] = [];
  for (const module of [...model.modules].sort((a, b) => ordinal(a.schemaId, b.schemaId))) {
    schemas[module.schemaId] = {
      type: module.main.name,
      module: `${publicStem(module.file)}.ts`,
      internal: `${internalStem(module.file)}.ts`,
      declarations: module.decls.map((d) => d.name),
      enums: module.decls.filter((d) => d.kind === "enum").map((d) => d.name),
      guards: module.decls.flatMap((d) => guardNames(d)),
      shape: compact(linesOf(module), inline),
    };
  }
  const doc = {
    generator: "specguard",
    shapes: SHAPE_FORMAT,
    spec: { title: model.spec.title, version: model.spec.version, sha256: model.spec.sha256, source: model.spec.source },
    options: { enums: options.enums, strictObjects: options.strictObjects, maxDepth: options.maxDepth, maxIssues: options.maxIssues },
    schemas,
  };
  // Each declaration's shape on one line: a third of the size, and a spec change shows in a
  // review as the lines of the declarations it touched.
  return JSON.stringify(doc, null, 2).replace(/"\\u0000(\d+)"/g, (_, k: string) => inline[Number(k)]!) + "\n";
}

/** Replaces each line by a placeholder; the line (compact JSON) is kept in `inline`. */
function compact(lines: Readonly<Record<string, string>>, inline: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, line] of Object.entries(lines)) {
    out[key] = `\u0000${inline.length}`;
    inline.push(line);
  }
  return out;
}
