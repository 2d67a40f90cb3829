/**
 * What each config key accepts, as data: the one table that config files, the CLI's flags and
 * the programmatic API are all checked against. An unknown key or a bad value is an error that
 * names the key and suggests the nearest key or value.
 */
import { didYouMean } from "../suggest.ts";

export interface KeyRule {
  /** What the key takes, as a user reads it in an error. */
  readonly expected: string;
  readonly valid: (value: unknown) => boolean;
  /** The allowed values, when they are few (they feed the "did you mean"). */
  readonly choices?: readonly string[];
}

const path = (v: unknown): boolean => typeof v === "string" && v !== "";
const bool = (v: unknown): boolean => typeof v === "boolean";
/** The deepest nesting guards may be asked to follow (see `maxDepth`). */
export const MAX_DEPTH_CAP = 1000;

const positiveInt = (v: unknown): boolean => typeof v === "number" && Number.isSafeInteger(v) && v >= 1;
const oneOf =
  (...choices: string[]) =>
  (v: unknown): boolean =>
    typeof v === "string" && choices.includes(v);

export const CONFIG_RULES = {
  spec: { expected: "a path to an OpenAPI 3.0/3.1 document (JSON or YAML)", valid: path },
  out: { expected: "a folder path", valid: path },
  select: { expected: "a list of component schema ids", valid: (v) => Array.isArray(v) && v.every((s) => typeof s === "string" && s !== "") },
  all: { expected: "true or false", valid: bool },
  enums: { expected: '"open" or "closed"', valid: oneOf("open", "closed"), choices: ["open", "closed"] },
  emit: { expected: '"ts" or "js"', valid: oneOf("ts", "js"), choices: ["ts", "js"] },
  // Pasted into every markdown link of the docs: nothing that would end the link or the line.
  docsBaseUrl: { expected: "an absolute http(s) URL without spaces, quotes, brackets or parentheses", valid: (v) => typeof v === "string" && /^https?:\/\/[^\s/]+/.test(v) && !/[\s\u0000-\u001f\u007f<>()[\]"'`\\]/.test(v) },
  strictObjects: { expected: "true or false", valid: bool },
  strict: { expected: "true or false", valid: bool },
  formats: { expected: "true or false", valid: bool },
  // Capped: guards recurse once per level, and past ~3,000 levels the call stack overflowed, so
  // isX, validateX and assertX disagreed on one value. 1,000 passes with 6,000 frames of the
  // caller's own below it (test/config.test.ts).
  maxDepth: { expected: `an integer from 1 to ${MAX_DEPTH_CAP}`, valid: (v) => positiveInt(v) && (v as number) <= MAX_DEPTH_CAP },
  maxIssues: { expected: "a positive integer", valid: positiveInt },
  format: { expected: 'true, false or "prettier"', valid: (v) => bool(v) || v === "prettier", choices: ["prettier"] },
  cacheDir: { expected: "a folder path or false", valid: (v) => v === false || path(v) },
} as const satisfies Record<string, KeyRule>;

export type ConfigKey = keyof typeof CONFIG_RULES;

/** The problems of one layer (a config file's object, the flags), each naming the key. */
export function checkLayer(values: Readonly<Record<string, unknown>>, source?: string, label: (key: string) => string = (k) => `\`${k}\``): string[] {
  const where = source === undefined ? "" : `${source}: `;
  const errors: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(CONFIG_RULES, key)) {
      errors.push(`${where}unknown config key ${JSON.stringify(key)}${didYouMean(key, Object.keys(CONFIG_RULES))}`);
      continue;
    }
    const rule: KeyRule = CONFIG_RULES[key as ConfigKey];
    if (rule.valid(value)) continue;
    const near = rule.choices && typeof value === "string" ? didYouMean(value, rule.choices) : "";
    errors.push(`${where}${label(key)} must be ${rule.expected}, got ${shown(value)}${near}`);
  }
  return errors;
}

function shown(value: unknown): string {
  const text = typeof value === "number" || value === undefined ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? text.slice(0, 57) + "..." : text;
}
