/**
 * specguard's programmatic API. `generate` runs the stages in order and returns the files in
 * memory; writing them is the caller's choice (`writeOutput`, or the CLI).
 *
 *   load → resolve → model → emit → format   (write: generator/write)
 */
import { basename } from "node:path";
import { resolveConfig, type Config, type UserConfig } from "./config.ts";
import { ModuleCache } from "./cache.ts";
import { attachHeaders, emit, type EmittedFile } from "./emit/index.ts";
import { formatFiles, type FormatStats } from "./format/format.ts";
import { loadFile, loadText, type LoadedSpec } from "./load/load.ts";
import { buildModel } from "./model/index.ts";
import type { Model } from "./model/types.ts";
import { resolve } from "./resolve/resolve.ts";

export { defineConfig, resolveConfig, type Config, type UserConfig } from "./config.ts";
export { SpecError, formatProblem, type Problem } from "./errors.ts";
export type { EmittedFile } from "./emit/index.ts";
export { diffOutput, writeOutput, type Changes } from "./write/write.ts";

export interface GenerateOptions extends UserConfig {
  /** Spec text to use instead of reading `spec` from disk (`spec` still names it). */
  specText?: string;
}

export interface GenerateResult {
  readonly config: Config;
  readonly files: EmittedFile[];
  readonly model: Model;
  readonly timings: Readonly<Record<string, number>>;
  readonly format?: FormatStats;
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { specText, ...rest } = options;
  const config = resolveConfig(rest);
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    timings[stage] = Math.round(now - t);
    t = now;
  };
  const loaded: LoadedSpec = specText === undefined ? await loadFile(config.spec) : loadText(specText, config.spec);
  // Headers name the spec by file name only, so output does not depend on where the repo lives.
  const named: LoadedSpec = { ...loaded, source: basename(config.spec) };
  lap("load");
  const resolved = resolve(named, { select: config.select, all: config.all });
  lap("resolve");
  const model = buildModel(resolved, { enums: config.enums, strict: config.strict });
  lap("model");
  const cache = config.cacheDir === false ? undefined : await ModuleCache.open(config.cacheDir, config, model);
  const { files: emitted, misses } = await emit(model, config, cache);
  lap("emit");
  const formatted = config.format ? await formatFiles(emitted, { cacheDir: config.cacheDir }) : { files: emitted, stats: undefined };
  if (config.format) lap("format");
  if (cache) {
    for (const file of formatted.files) {
      const miss = misses.get(file.path);
      if (miss) cache.put(miss.key, miss.lookedUp, file.content);
    }
    await cache.save();
  }
  const files = attachHeaders(formatted.files);
  return formatted.stats ? { config, files, model, timings, format: formatted.stats } : { config, files, model, timings };
}
