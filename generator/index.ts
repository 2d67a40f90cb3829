/**
 * specguard's programmatic API. `generate` runs the stages in order and returns the files in
 * memory; writing them is the caller's choice (`writeOutput`, or the CLI).
 *
 *   load → resolve → model → emit → format   (write: generator/write)
 */
import { basename } from "node:path";
import { resolveConfig, type Config, type UserConfig } from "./config.ts";
import type { ModuleCache, OutputEnvironment } from "./cache.ts";
import type { EmittedFile } from "./emit/index.ts";
import type { FormatOptions } from "./format/format.ts";
import type { FormatStats } from "./format/stats.ts";
import type { LaneResults } from "./layout/lane.ts";
import type { LoadedSpec } from "./load/load.ts";
import type { OnProgress } from "./progress.ts";
import type { Model } from "./model/types.ts";
import type { SpecShape } from "./diff/shape.ts";
import type { Notice } from "./fsx.ts";

export { ConfigError, defineConfig, resolveConfig, type Config, type EmitMode, type EnumMode, type UserConfig } from "./config.ts";
export { EnvironmentError, SpecError, formatProblem, type Problem } from "./errors.ts";
export type { EmittedFile } from "./emit/index.ts";
export { diffOutput, writeOutput, WriteMemo, type Changes, type WriteOptions, type WriteReport } from "./write/write.ts";
export { withOutput, type OutputOptions } from "./write/output.ts";
export { WRITE_STEPS, SimulatedKill, type Faults, type WriteStep } from "./write/swap.ts";
export type { FsLayer } from "./write/fs-layer.ts";
export type { OnProgress, ProgressEvent } from "./progress.ts";

export interface GenerateOptions extends UserConfig {
  /**
   * Spec text to use instead of reading `spec` from disk (`spec` still names it). The CLI reads
   * the file once and passes the same bytes here and to its fingerprint.
   */
  specText?: string;
  /** Largest spec file read from disk, in bytes (default 64 MiB). */
  maxSpecBytes?: number;
  /** One-line notices: damaged cache entries ignored, and the like. */
  notice?: Notice;
  /** Called as stages start and as modules are emitted and formatted (the CLI's progress line). */
  onProgress?: OnProgress;
  /** `generatorHash()`, when the caller computed it already (the CLI does, for its fingerprint). */
  generatorHash?: string;
  /**
   * The second layout thread (layout/lane.ts): `false` never starts it; otherwise it starts when
   * the run will print at least `threshold` files (default LANE_THRESHOLD). Output is the same either way.
   */
  layoutLane?: false | { readonly threshold: number };
  /**
   * Code cache folder (code-cache.ts) for the layout lane's worker thread, which loads TypeScript's
   * compiler on its own. The caller installs it for its own thread (the CLI does).
   */
  codeCache?: string;
  /** Supplies the module cache for this run's model (watch mode keeps one in memory). */
  moduleCache?: (config: Config, model: Model, environment: OutputEnvironment) => Promise<ModuleCache | undefined>;
  /**
   * `outputEnvironment(config)` (the user's prettier options, with `format: "prettier"`), when
   * the caller found it already for its fingerprint; otherwise found here, once.
   */
  environment?: OutputEnvironment;
}

export interface GenerateResult {
  readonly config: Config;
  readonly files: EmittedFile[];
  readonly model: Model;
  readonly timings: Readonly<Record<string, number>>;
  readonly format?: FormatStats;
  /** The schema modules printed this run (the others came from the module cache), by path. */
  readonly emitted: readonly string[];
  /**
   * The schemas' neutral shapes, as the manifest records them (diff/shape.ts): what the change
   * report compares. Parsed on the first call (a watch session's cache hands back the same
   * objects for unchanged modules).
   */
  readonly shapes: () => SpecShape;
}

/**
 * Files to print from which a second thread lays out files too (layout/lane.ts). The worker costs
 * ~1 s of CPU to load TypeScript's parser and the engine, paid back only after several hundred
 * files; smaller runs (a selection, a regeneration after a spec edit) never start it.
 */
const LANE_THRESHOLD = 300;

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { specText, maxSpecBytes, notice, onProgress, moduleCache, generatorHash, layoutLane, codeCache, environment: given, ...rest } = options;
  const config = resolveConfig(rest);
  const timings: Record<string, number> = {};
  let t = performance.now();
  const report: OnProgress = onProgress ?? (() => {});
  const lap = (stage: string): void => {
    const now = performance.now();
    timings[stage] = Math.round(now - t);
    t = now;
  };
  // The stages load with the first run, not with this module: a config file that imports
  // `defineConfig` from "specguard", and a run that stops at "up to date", load none of them
  // (the YAML parser alone took ~0.17 s).
  const [{ loadFile, loadText }, { resolve }, { buildModel }, { specDocsBase }, { attachHeaders, emit, SCHEMA_DIR }, { ModuleCache, outputEnvironment }] = await Promise.all([
    import("./load/load.ts"),
    import("./resolve/resolve.ts"),
    import("./model/index.ts"),
    import("./emit/docs.ts"),
    import("./emit/index.ts"),
    import("./cache.ts"),
  ]);
  // Found once: the module cache's key and the formatter must see the same prettier options.
  const environment = given ?? (await outputEnvironment(config));
  lap("modules");
  report({ stage: "load", done: 0, total: 1 });
  const loaded: LoadedSpec = specText === undefined ? await loadFile(config.spec, maxSpecBytes) : loadText(specText, config.spec);
  // Headers name the spec by file name only, so output does not depend on where the repo lives.
  const named: LoadedSpec = { ...loaded, source: basename(config.spec) };
  lap("load");
  // Links are made absolute only with an explicit base or one the spec itself declares.
  const docsBaseUrl = config.docsBaseUrl ?? specDocsBase(loaded.document as Record<string, unknown>);
  const emitConfig: Config = docsBaseUrl === undefined ? config : { ...config, docsBaseUrl };
  report({ stage: "resolve", done: 0, total: 1 });
  const resolved = resolve(named, { select: config.select, all: config.all });
  lap("resolve");
  report({ stage: "model", done: 0, total: 1 });
  const model = buildModel(resolved, { enums: config.enums, strict: config.strict, strictObjects: config.strictObjects, formats: config.formats });
  lap("model");
  const cache = moduleCache
    ? await moduleCache(emitConfig, model, environment)
    : config.cacheDir === false
      ? undefined
      : await ModuleCache.open(config.cacheDir, emitConfig, model, notice, generatorHash, environment);
  if (cache) lap("cache");
  // Large runs lay files out on a second thread while the emitter still prints (lane.ts). The
  // modules to print are counted only when the lane could run at all.
  const toPrint = config.format === true && layoutLane !== false ? model.modules.filter((m) => cache === undefined || cache.get(cache.key(m)) === undefined).length : 0;
  const lane = toPrint > 0 && layoutLane !== false && 2 * toPrint >= (layoutLane?.threshold ?? LANE_THRESHOLD) ? new (await import("./layout/lane.ts")).LayoutLane(2 * toPrint, undefined, codeCache) : undefined;
  let emitted: EmittedFile[];
  let misses: Awaited<ReturnType<typeof emit>>["misses"];
  let textMisses: Awaited<ReturnType<typeof emit>>["textMisses"];
  let shapes: () => SpecShape;
  let laidOut: LaneResults | undefined;
  try {
    ({ files: emitted, misses, textMisses, shapes } = await emit(model, emitConfig, cache, (done, total) => report({ stage: "emit", done, total }), lane ? (file) => lane.submit(file.path, file.content) : undefined));
    lap("emit");
    if (lane) {
      let done = 0;
      laidOut = await lane.finish(() => report({ stage: "format", done: ++done, total: emitted.length }));
    }
  } finally {
    lane?.close();
  }
  // Loaded here, not with this module: a config importing `defineConfig` from "specguard" and a
  // run that stops at "up to date" never load the formatter (nor prettier, which loads only
  // for `format: "prettier"` or a file the layout engine has no rule for).
  const { formatFiles } = config.format ? await import("./format/format.ts") : { formatFiles: undefined };
  const formatOptions: FormatOptions = {
    cacheDir: config.cacheDir,
    ...(notice ? { notice } : {}),
    ...(config.format === "prettier" && environment.prettierOptions ? { engine: "prettier", prettierOptions: environment.prettierOptions } : {}),
  };
  const formatted = formatFiles ? await formatFiles(emitted, formatOptions, (done, total) => report({ stage: "format", done, total }), laidOut) : { files: emitted, stats: undefined };
  if (config.format) lap("format");
  if (cache) {
    const final = new Map(formatted.files.map((f) => [f.path, f.content]));
    for (const miss of new Set(misses.values())) cache.put(miss.key, miss.lookedUp, { public: final.get(miss.public)!, internal: final.get(miss.internal)!, shape: miss.shape });
    for (const [path, key] of textMisses) cache.putText(key, final.get(path)!);
    await cache.save();
    lap("save");
  }
  let final = formatted;
  if (config.emit === "js") {
    // Lowered from the final TypeScript, then formatted (TypeScript's printer indents by 4).
    report({ stage: "js", done: 0, total: 1 });
    const { toJavaScript } = await import("./emit/javascript.ts"); // ts-morph: only for JavaScript output
    const lowered = await toJavaScript(formatted.files, config.cacheDir);
    final = formatFiles ? await formatFiles(lowered, formatOptions, (done, total) => report({ stage: "format js", done, total })) : { files: lowered, stats: undefined };
    lap("js");
  }
  const files = attachHeaders(final.files);
  const printed = cache ? [...misses.keys()] : emitted.filter((f) => f.path.startsWith(`${SCHEMA_DIR}/`)).map((f) => f.path);
  const stats = final !== formatted && formatted.stats && final.stats ? sumStats(formatted.stats, final.stats) : formatted.stats;
  return stats ? { config, files, model, timings, emitted: printed, shapes, format: stats } : { config, files, model, timings, emitted: printed, shapes };
}

/** Both formatting passes of `emit: "js"` (the TypeScript, then its `.js`/`.d.ts`) in one count. */
function sumStats(a: FormatStats, b: FormatStats): FormatStats {
  return { formatted: a.formatted + b.formatted, cached: a.cached + b.cached, laidOut: a.laidOut + b.laidOut, onWorker: a.onWorker + b.onWorker, fallbacks: [...a.fallbacks, ...b.fallbacks] };
}
