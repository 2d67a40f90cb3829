/**
 * specguard's options, their defaults and their validation. `defineConfig` gives a config file
 * its types; the CLI merges flags over the file.
 */

export type EnumMode = "open" | "closed";

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
  /** Base for relative links in descriptions (`/docs/x` → `<base>/docs/x`). */
  docsBaseUrl?: string;
  /** Guards reject keys the schema does not declare, even without `additionalProperties: false`. */
  strictObjects: boolean;
  /** Nesting depth past which guards reject input instead of recursing further. */
  maxDepth: number;
  /** How many issues `validateX` collects before it stops. */
  maxIssues: number;
  /** Run prettier on the output (the tests that only type-check turn it off for speed). */
  format: boolean;
  /** Folder for the formatting cache, or `false` for none. */
  cacheDir: string | false;
}

export type UserConfig = Partial<Config>;

/** Types a config file: `export default defineConfig({ ... })`. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

export const DEFAULTS: Config = {
  spec: "spec/stripe-2024-04-10.json",
  out: "generated",
  select: [],
  all: false,
  enums: "open",
  strictObjects: false,
  maxDepth: 64,
  maxIssues: 100,
  format: true,
  cacheDir: "node_modules/.cache/specguard",
};

/** Merges layers over the defaults (later wins) and validates the result. */
export function resolveConfig(...layers: UserConfig[]): Config {
  const merged: Config = { ...DEFAULTS };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  const errors: string[] = [];
  if (typeof merged.spec !== "string" || merged.spec === "") errors.push("`spec` must be a path");
  if (typeof merged.out !== "string" || merged.out === "") errors.push("`out` must be a path");
  if (merged.cacheDir === "") errors.push("`cacheDir` must be a path or false");
  if (!Array.isArray(merged.select) || merged.select.some((s) => typeof s !== "string"))
    errors.push("`select` must be a list of schema ids");
  if (merged.enums !== "open" && merged.enums !== "closed") errors.push('`enums` must be "open" or "closed"');
  if (!Number.isSafeInteger(merged.maxDepth) || merged.maxDepth < 1) errors.push("`maxDepth` must be a positive integer");
  if (!Number.isSafeInteger(merged.maxIssues) || merged.maxIssues < 1) errors.push("`maxIssues` must be a positive integer");
  if (!merged.all && merged.select.length === 0) errors.push("nothing selected: give `select` ids or `all: true`");
  if (errors.length > 0) throw new ConfigError(errors);
  return merged;
}

export class ConfigError extends Error {
  constructor(readonly errors: string[]) {
    super("invalid configuration: " + errors.join("; "));
    this.name = "ConfigError";
  }
}
