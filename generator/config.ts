/**
 * specguard's options, their defaults and their validation. `defineConfig` gives a config file
 * its types; the CLI merges flags over the file.
 */

import { CONFIG_RULES, checkLayer } from "./config/rules.ts";

export type EnumMode = "open" | "closed";
export type EmitMode = "ts" | "js";

export interface Config {
  /** Path of the OpenAPI document (JSON or YAML, OpenAPI 3.0 or 3.1). */
  spec: string;
  /** Output folder. Written only by the write stage, atomically. */
  out: string;
  /** Component schema ids to emit; their transitive closure comes along. Ignored with `all`. */
  select: string[];
  /** Emit every component schema. */
  all: boolean;
  /** `open` (default): enum types admit unknown values; `closed`: exactly the listed ones. */
  enums: EnumMode;
  /**
   * `ts` (default): TypeScript modules. `js`: ES modules (`.js`) with a `.d.ts` beside each, for
   * projects that run the output with `node` and no build step.
   */
  emit: EmitMode;
  /**
   * Base for relative links in descriptions (`/docs/x` → `<base>/docs/x`). Without it, the
   * origin of the spec's own `externalDocs.url` is used when it has one; otherwise relative links
   * stay as written.
   */
  docsBaseUrl?: string;
  /** Guards reject keys the schema does not declare, even without `additionalProperties: false`. */
  strictObjects: boolean;
  /**
   * Fail (exit 2) on constructs specguard does not implement, instead of warning about each one
   * (with its JSON pointer) and generating without it.
   */
  strict: boolean;
  /**
   * Guards check the common string formats (date-time, date, time, email, uuid, uri, ipv4, ipv6).
   * Off by default: OpenAPI and JSON Schema make `format` an annotation, and servers are looser
   * than the RFCs (a guard that rejects a real payload over a date's spelling does more harm
   * than good), so it is opt-in for those who want the RFC check.
   */
  formats: boolean;
  /** Nesting depth past which guards reject input instead of recursing further. */
  maxDepth: number;
  /** How many issues `validateX` collects before it stops. */
  maxIssues: number;
  /**
   * How the output is laid out. `true` (default): the built-in layout engine, which prints
   * exactly what prettier would with specguard's fixed options, without running prettier
   * (prettier formats only a file the engine has no rule for). `"prettier"`: prettier formats
   * every file, with your prettier config when one applies to the output folder (slower; the
   * output then follows your style). `false`: no formatting (valid code, unformatted).
   */
  format: boolean | "prettier";
  /** Folder for the formatting cache, or `false` for none. */
  cacheDir: string | false;
}

export type UserConfig = Partial<Config>;

/** Types a config file: `export default defineConfig({ ... })`. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

/**
 * The cache folder (module cache, run state, code cache, compiled TypeScript configs), relative
 * to the folder of the config file, or the current folder without one.
 */
export const DEFAULT_CACHE = "node_modules/.cache/specguard";

/** Defaults. There is no default spec: nothing about one API may leak into another's output. */
export const DEFAULTS: Config = {
  spec: "",
  out: "generated",
  select: [],
  all: false,
  enums: "open",
  emit: "ts",
  strictObjects: false,
  strict: false,
  formats: false,
  maxDepth: 64,
  maxIssues: 100,
  format: true,
  cacheDir: DEFAULT_CACHE,
};

/**
 * Merges layers over the defaults (later wins) and validates each layer and the result. Every
 * error names the key (and its layer's source) and, where one is near, the key or value meant.
 */
export function resolveConfig(...layers: (UserConfig | SourcedConfig)[]): Config {
  const merged: Config = { ...DEFAULTS };
  const errors: string[] = [];
  for (const layer of layers) {
    const { values, source, label } = isSourced(layer) ? layer : { values: layer, source: undefined, label: undefined };
    errors.push(...checkLayer(values as Record<string, unknown>, source, label));
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined && Object.hasOwn(CONFIG_RULES, key)) (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  if (errors.length === 0) {
    if (merged.spec === "") errors.push("no spec: set `spec` in specguard.config.ts or pass --spec FILE (run `npx specguard init` to write a config)");
    else if (!merged.all && merged.select.length === 0) errors.push("nothing selected: give `select` ids or `all: true` (or --select ID / --all)");
  }
  if (errors.length > 0) throw new ConfigError(errors);
  return merged;
}

/** A config layer with where it came from (a file path, or "command line"), for error messages. */
export interface SourcedConfig {
  readonly values: UserConfig;
  readonly source: string;
  /** How a key is spelled in that source (`--max-depth` on the command line). */
  readonly label?: (key: string) => string;
}

function isSourced(layer: UserConfig | SourcedConfig): layer is SourcedConfig {
  return Object.hasOwn(layer, "values") && Object.hasOwn(layer, "source");
}

export class ConfigError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join("; "));
    this.name = "ConfigError";
  }
}
