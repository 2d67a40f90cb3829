/**
 * Stage 5, format: prettier is the judge of the output's layout. It is also the slowest stage
 * (~2.6 s per MB of TypeScript), so results are cached by content hash: regenerating after a
 * small spec change formats only the files whose unformatted text changed.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as prettier from "prettier";
import type { EmittedFile } from "../emit/index.ts";

/** Fixed options: the output must not depend on a prettier config lying around the user's tree. */
export const PRETTIER_OPTIONS: prettier.Options = {
  parser: "typescript",
  printWidth: 100,
  tabWidth: 2,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  endOfLine: "lf",
};

export interface FormatOptions {
  /** Cache folder, or `false` for none. */
  readonly cacheDir: string | false;
}

export interface FormatStats {
  readonly formatted: number;
  readonly cached: number;
}

export async function formatFiles(files: readonly EmittedFile[], options: FormatOptions): Promise<{ files: EmittedFile[]; stats: FormatStats }> {
  const salt = `${prettier.version}\0${JSON.stringify(PRETTIER_OPTIONS)}\0`;
  let formatted = 0;
  let cached = 0;
  const out = await mapLimit(files, 8, async (file) => {
    if (!file.format) return file;
    const key = createHash("sha256").update(salt).update(file.content).digest("hex");
    const hit = options.cacheDir === false ? undefined : await readCache(options.cacheDir, key);
    if (hit !== undefined) {
      cached++;
      return { ...file, content: hit };
    }
    const content = await prettier.format(file.content, PRETTIER_OPTIONS);
    formatted++;
    if (options.cacheDir !== false) await writeCache(options.cacheDir, key, content);
    return { ...file, content };
  });
  return { files: out, stats: { formatted, cached } };
}

async function readCache(dir: string, key: string): Promise<string | undefined> {
  try {
    return await readFile(join(dir, key.slice(0, 2), key), "utf8");
  } catch {
    return undefined;
  }
}

async function writeCache(dir: string, key: string, content: string): Promise<void> {
  try {
    const folder = join(dir, key.slice(0, 2));
    await mkdir(folder, { recursive: true });
    const tmp = join(folder, `${key}.${process.pid}.tmp`);
    await writeFile(tmp, content);
    await rename(tmp, join(folder, key));
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

/** Maps with at most `limit` promises in flight, keeping order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
