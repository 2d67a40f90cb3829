/**
 * What the format stage did, apart from format.ts so that the package's public declarations
 * (GenerateResult names it) do not import prettier's types: those need DOM or Node globals
 * (`URL`), and a config type-checked with `types: []` and no DOM failed in prettier's .d.ts.
 */
export interface FormatStats {
  /** Files prettier formatted (fallbacks, or all with `format: "prettier"`). */
  readonly formatted: number;
  /** Files whose prettier output came from the cache. */
  readonly cached: number;
  /** Files the layout engine printed. */
  readonly laidOut: number;
  /** Of those, the files the second thread printed (layout/lane.ts; 0 when it did not run). */
  readonly onWorker: number;
  /** Files the engine handed to prettier, each with the construct it had no rule for. */
  readonly fallbacks: readonly { readonly path: string; readonly reason: string }[];
}
