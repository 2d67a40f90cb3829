/**
 * Stage 5, format. By default the layout engine (generator/layout) prints each file straight into
 * prettier's layout for PRETTIER_OPTIONS, without loading prettier: prettier was ~85% of a cold
 * run (~2.6 s per MB of TypeScript). prettier stays the judge (the fixed-point tests format the
 * engine's output with it and require no change), formats any file the engine has no rule for
 * (a counted fallback), and runs instead of the engine when the config says `format: "prettier"`
 * (then with the user's own prettier config when one applies to the output folder). prettier's
 * results are cached by content hash: regenerating after a small spec change formats only the
 * files whose unformatted text changed.
 */
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type * as Prettier from "prettier";
import type { EmittedFile } from "../emit/index.ts";
import type { LaneResults } from "../layout/lane.ts";
import type { FormatStats } from "./stats.ts";
import { layout } from "../layout/layout.ts";
import { mapLimit, readVerifiedText, sweepTemps, writeVerifiedText, type Notice } from "../fsx.ts";

/** Fixed options: the output must not depend on a prettier config lying around the user's tree. */
export const PRETTIER_OPTIONS: Prettier.Options = {
  parser: "typescript",
  printWidth: 100,
  tabWidth: 2,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  endOfLine: "lf",
};

/** prettier, loaded only when a file needs it (loading it costs ~150 ms and ~40 MB). */
function loadPrettier(): Promise<typeof Prettier> {
  return import("prettier");
}

/**
 * The options for `format: "prettier"`: the user's prettier config for the output folder (found
 * the way prettier itself finds it), over the project's fixed options; the parser stays
 * TypeScript's. Without a user config, the fixed options.
 */
export async function userPrettierOptions(out: string): Promise<Prettier.Options> {
  const prettier = await loadPrettier();
  // No cache: watch mode and tests ask again after a config file appears or changes.
  const found = await prettier.resolveConfig(join(out, "index.ts"), { editorconfig: false, useCache: false });
  return found ? { ...PRETTIER_OPTIONS, ...found, parser: "typescript" } : PRETTIER_OPTIONS;
}

/**
 * The file prettier takes its options from for the output folder (`.prettierrc`, a
 * `prettier.config.*`, a package.json with a "prettier" key …), if any: watch mode watches it.
 */
export async function prettierConfigFile(out: string): Promise<string | undefined> {
  const prettier = await loadPrettier();
  return (await prettier.resolveConfigFile(join(out, "index.ts"))) ?? undefined;
}

/**
 * The names prettier looks for in each folder (its documented search list): with none found,
 * watch mode watches the project folder for one of these to appear.
 */
export const PRETTIER_CONFIG_NAMES: readonly string[] = [
  "package.json",
  "package.yaml",
  ".prettierrc",
  ".prettierrc.json",
  ".prettierrc.yaml",
  ".prettierrc.yml",
  ".prettierrc.json5",
  ".prettierrc.js",
  ".prettierrc.mjs",
  ".prettierrc.cjs",
  ".prettierrc.ts",
  ".prettierrc.mts",
  ".prettierrc.cts",
  "prettier.config.js",
  "prettier.config.mjs",
  "prettier.config.cjs",
  "prettier.config.ts",
  "prettier.config.mts",
  "prettier.config.cts",
  ".prettierrc.toml",
];

export interface FormatOptions {
  /** Cache folder, or `false` for none. */
  readonly cacheDir: string | false;
  /** `layout` (default): the engine, prettier only for files it has no rule for. `prettier`: prettier for every file. */
  readonly engine?: "layout" | "prettier";
  /** prettier's options (default PRETTIER_OPTIONS; `userPrettierOptions` for `format: "prettier"`). */
  readonly prettierOptions?: Prettier.Options;
  /** Told once when damaged cache entries were ignored. */
  readonly notice?: Notice;
}

/** Bumped when the entry format changes, so old entries are misses rather than "damaged". */
const ENTRY_FORMAT = "3";

export type { FormatStats } from "./stats.ts";

export async function formatFiles(
  files: readonly EmittedFile[],
  options: FormatOptions,
  onFile: (done: number, total: number) => void = () => {},
  /** Files laid out already, on the second thread (layout/lane.ts), by path with the text each was for. */
  early?: LaneResults,
): Promise<{ files: EmittedFile[]; stats: FormatStats }> {
  const out = [...files];
  const fallbacks: { path: string; reason: string }[] = [];
  const toPrettier = new Set<number>();
  let laidOut = 0;
  let onWorker = 0;
  files.forEach((file, index) => {
    if (!file.format) return;
    if (options.engine === "prettier") return toPrettier.add(index);
    // Laid out already on the second thread (layout/lane.ts), if it ran and saw this text.
    const done = early?.get(file.path);
    const ready = done !== undefined && done.text === file.content ? done : undefined;
    const result = ready ? ready.result : layout(file.content, file.path);
    if (result.ok) {
      laidOut++;
      if (ready?.worker) onWorker++;
      out[index] = { ...file, content: result.text };
    } else {
      fallbacks.push({ path: file.path, reason: result.reason });
      toPrettier.add(index);
    }
    onFile(laidOut + fallbacks.length, files.length);
  });
  if (toPrettier.size === 0) {
    // prettier's cache is not read on this path, but the temporary files a killed run left in
    // it are still cleared (a few ms), as every run promises.
    if (options.cacheDir !== false) await sweepCache(options.cacheDir);
    return { files: out, stats: { formatted: 0, cached: 0, laidOut, onWorker, fallbacks } };
  }
  const stats = await prettierFiles(files, out, toPrettier, options, onFile);
  return { files: out, stats: { ...stats, laidOut, onWorker, fallbacks } };
}

/** Formats the files at `indices` with prettier into `out`, through the content cache. */
async function prettierFiles(
  files: readonly EmittedFile[],
  out: EmittedFile[],
  indices: ReadonlySet<number>,
  options: FormatOptions,
  onFile: (done: number, total: number) => void,
): Promise<{ formatted: number; cached: number }> {
  const prettier = await loadPrettier();
  const prettierOptions = options.prettierOptions ?? PRETTIER_OPTIONS;
  const salt = `${ENTRY_FORMAT}\0${prettier.version}\0${JSON.stringify(prettierOptions)}\0`;
  const misses: { index: number; key: string }[] = [];
  let cached = 0;
  let damaged = 0;
  await mapLimit(files, 16, async (file, index) => {
    if (!indices.has(index)) return;
    const key = createHash("sha256").update(salt).update(file.content).digest("hex");
    const hit = options.cacheDir === false ? undefined : entryText(await readVerifiedText(entryPath(options.cacheDir, key), () => damaged++), key, () => damaged++);
    if (hit === undefined) misses.push({ index, key });
    else {
      cached++;
      out[index] = { ...file, content: hit };
    }
  });
  if (damaged > 0 && options.cacheDir !== false) {
    options.notice?.(`ignored ${damaged} damaged entr${damaged === 1 ? "y" : "ies"} in the formatting cache ${JSON.stringify(options.cacheDir)}; recomputing`);
  }
  misses.sort((a, b) => a.index - b.index);
  const texts = misses.map((m) => files[m.index]!.content);
  // Before writing entries, clear the temporary files killed runs left (a few ms beside prettier).
  if (misses.length > 0 && options.cacheDir !== false) await sweepCache(options.cacheDir);
  const formatted = await formatTexts(texts, (done) => onFile(done, texts.length), prettierOptions);
  await mapLimit(misses, 16, async (miss, i) => {
    const content = formatted[i]!;
    out[miss.index] = { ...files[miss.index]!, content };
    if (options.cacheDir !== false) await writeCache(options.cacheDir, miss.key, content);
  });
  return { formatted: misses.length, cached };
}

/**
 * Below this much text, starting workers (~150 ms each to load prettier) costs more than it saves.
 * Measured here: 5 MB of output formats in 3.4 s on one thread.
 */
const PARALLEL_THRESHOLD = 400_000;

/** Formats texts with prettier, on worker threads when there is enough work for more than one core. */
export async function formatTexts(texts: readonly string[], onDone: (done: number) => void = () => {}, options: Prettier.Options = PRETTIER_OPTIONS): Promise<string[]> {
  const prettier = await loadPrettier();
  let done = 0;
  const tick = (): void => onDone(++done);
  onDone(0);
  const total = texts.reduce((n, t) => n + t.length, 0);
  const workers = Math.min(availableParallelism(), Math.ceil(total / PARALLEL_THRESHOLD), texts.length);
  if (workers <= 1) {
    const out: string[] = [];
    for (const text of texts) {
      out.push(await prettier.format(text, options));
      tick();
    }
    return out;
  }
  // Deal texts largest first onto the least-loaded worker, so the workers finish together.
  const order = texts.map((t, i) => i).sort((a, b) => texts[b]!.length - texts[a]!.length || a - b);
  const loads = Array.from({ length: workers }, () => ({ size: 0, indices: [] as number[] }));
  for (const i of order) {
    const lightest = loads.reduce((min, l) => (l.size < min.size ? l : min));
    lightest.size += texts[i]!.length;
    lightest.indices.push(i);
  }
  const out = new Array<string>(texts.length);
  // The first lane runs here, the others on worker threads: one V8 heap (with prettier loaded)
  // fewer than a worker per lane, for the same parallelism.
  const [own, ...others] = loads;
  const threads = others.map(async ({ indices }) => {
    const results = await runWorker(
      indices.map((i) => texts[i]!),
      tick,
      options,
    );
    indices.forEach((textIndex, k) => (out[textIndex] = results[k]!));
  });
  for (const i of own!.indices) {
    out[i] = await prettier.format(texts[i]!, options);
    tick();
  }
  await Promise.all(threads);
  return out;
}

function runWorker(texts: string[], onText: () => void, options: Prettier.Options): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./worker.mjs", import.meta.url));
    worker.on("message", (message: { results?: string[]; error?: string; progress?: true }) => {
      if (message.progress) return onText();
      void worker.terminate();
      if (message.results) resolve(message.results);
      else reject(new Error(`prettier failed in a worker: ${message.error}`));
    });
    worker.once("error", reject);
    worker.postMessage({ id: 0, texts, options });
  });
}

function entryPath(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), key);
}

async function sweepCache(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await mapLimit(names.filter((n) => /^[0-9a-f]{2}$/.test(n)), 16, (n) => sweepTemps(join(dir, n)));
}

/**
 * An entry's formatted text, when it was stored under `key`: an entry copied over another one
 * (its hash still matches its bytes) would otherwise be served as that file's formatting.
 */
function entryText(raw: string | undefined, key: string, damaged: () => void): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.startsWith(key + "\n")) return raw.slice(key.length + 1);
  damaged();
  return undefined;
}

async function writeCache(dir: string, key: string, content: string): Promise<void> {
  try {
    await writeVerifiedText(entryPath(dir, key), key + "\n" + content, false);
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
