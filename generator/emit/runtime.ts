/**
 * The runtime, in two files. `runtime.ts` is public: the shared type aliases and the guard
 * result types a user names. `internal/runtime.ts` holds the small helpers the guards call; it
 * imports the public file (types, and `ValidationError` for `assertX`) and nothing else.
 *
 * Helper names are lowercase words that no guard name (`is`/`validate`/`assert`/`check`/
 * `collect` + a capitalised declaration name) can spell.
 */
import { INTERNAL_DIR, RUNTIME_FILE, WALKERS_STEM } from "./layout.ts";

export { RUNTIME_FILE };

/** The internal runtime's path stem, relative to the output folder. */
export const INTERNAL_RUNTIME = `${INTERNAL_DIR}/${RUNTIME_FILE}`;

/** The shared walkers' module (emit/walkers.ts), relative to the output folder, without extension. */
export const WALKERS_FILE = WALKERS_STEM;

/** The public runtime: types and `ValidationError` only. */
export function runtimeSource(): string {
  return `/** Unix time: whole seconds since 1970-01-01T00:00:00Z. */
export type Timestamp = number;

/**
 * A field the API returns as the id of the related object unless the request asked to expand
 * it, in which case the object itself is there.
 */
export type Expandable<T> = string | T;

/**
 * The member of an open enum that stands for values added to the API after this code was
 * generated. Any string is accepted. In a \`switch\`, the \`default:\` branch sees exactly
 * \`UnknownEnumValue\`; a \`case "x":\` branch sees \`"x" | UnknownEnumValue\` (TypeScript cannot
 * rule a string type out by comparing with a literal), though the value there is \`"x"\`.
 */
export type UnknownEnumValue = string & {};

/** One reason a value failed a guard. */
export interface ValidationIssue {
  /** RFC 6901 JSON Pointer to the offending value: \`""\` is the value itself, \`/a~1b/0\` is \`value["a/b"][0]\`. */
  readonly path: string;
  /** What the schema allows there, e.g. \`string | null\`. */
  readonly expected: string;
  /** A short description of what was found, e.g. \`"done"\`, \`NaN\`, \`object\`, \`nothing\`. */
  readonly received: string;
  readonly message: string;
}

/** What \`validateX\` returns: the value, typed, or every issue found (up to the configured cap). */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: ValidationIssue[] };

/** Thrown by \`assertX\`; \`issues\` are the ones \`validateX\` reports. */
export class ValidationError extends Error {
  readonly issues: readonly ValidationIssue[];

  constructor(typeName: string, issues: readonly ValidationIssue[]) {
    const shown = issues.slice(0, 3).map((i) => \`\${i.path === "" ? "(root)" : i.path}: \${i.message}\`);
    const more = issues.length > 3 ? \`; and \${issues.length - 3} more\` : "";
    super(\`invalid \${typeName}: \${shown.join("; ")}\${more}\`);
    this.name = "ValidationError";
    this.issues = issues;
  }
}
`;
}

/** The internal runtime: the helpers the generated guards call. */
export function internalRuntimeSource(): string {
  return `import type { ValidationIssue, ValidationResult } from "../${RUNTIME_FILE}.js";
import { ValidationError } from "../${RUNTIME_FILE}.js";

/*
 * How the guards are built. Each object or alias X has two workers, exported by its module's
 * internal file: \`checkX(v, d, m?)\`, the boolean guard that \`isX\` calls, and
 * \`collectX(v, p, d, out, m)\`, which pushes to \`out\` the issues that make \`checkX\` fail, at
 * JSON Pointers under \`p\` (\`validateX\` calls it only after \`checkX\` failed). \`d\` is the
 * nesting depth of \`v\` (object and array levels; past the configured maximum a value fails),
 * \`m\` the memo of a call whose schema can reach a reference cycle. A closed enum X has
 * \`checkX(v)\`, its membership test. Walkers (\`validArrayOf…\`, \`validRecordOf…\` and their
 * \`report…\` halves) check the arrays and records that several declarations share.
 */

/**
 * @internal Per-call state of a guard whose schema can reach a reference cycle. \`n\` counts the
 * work done (object checks, array items, keys an extra-keys loop reads); once it is positive
 * (after \`MEMO_AFTER\` steps), verdicts are remembered per (object, check, depth), so shared or
 * cyclic references and union members that re-read one object cost one check each. \`trial\` is
 * set while \`closest\` compares union members (nested comparisons are cut short).
 */
export class Memo {
  n: number;
  seen: Map<object, unknown[]> | undefined = undefined;
  trial = 0;
  cut = 0;

  constructor(after: number) {
    this.n = -after;
  }
}

/** Steps a guard call takes before it starts remembering verdicts (plain payloads never get there). */
const MEMO_AFTER = 10_000;

/** @internal A fresh per-call memo (\`after\`: steps before remembering starts; tests pass 0 and read \`n\`). */
export function memo(after: number = MEMO_AFTER): Memo {
  return new Memo(after);
}

/**
 * @internal The remembered verdict of check \`f\` on object \`v\` at depth \`d\`, or undefined (then
 * the check runs, and \`false\` is remembered until it reaches its end: a throw or an early
 * \`return false\` needs no bookkeeping). Depth is part of the key, so verdicts are exactly those
 * without the memo.
 */
export function recall(m: Memo, v: unknown, d: number, f: object): boolean | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const seen = (m.seen ??= new Map());
  const list = seen.get(v);
  if (list === undefined) {
    seen.set(v, [f, d, false]);
    return undefined;
  }
  for (let i = 0; i < list.length; i += 3) if (list[i] === f && list[i + 1] === d) return list[i + 2] as boolean;
  list.push(f, d, false);
  return undefined;
}

/** @internal Remembers that check \`f\` accepts \`v\` at depth \`d\` (see \`recall\`); returns true. */
export function keep(m: Memo, v: unknown, d: number, f: object): true {
  const list = typeof v === "object" && v !== null ? m.seen?.get(v) : undefined;
  if (list !== undefined) {
    for (let i = 0; i < list.length; i += 3) {
      if (list[i] === f && list[i + 1] === d) {
        list[i + 2] = true;
        return true;
      }
    }
  }
  return true;
}

/** @internal A non-null, non-array object. */
export function record(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** @internal The value of an own property, or \`undefined\`. */
export function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** @internal What \`get\` returns for an own property whose value is \`undefined\` (no JSON value is a symbol, so every type test rejects it). */
export const UNSET: unique symbol = Symbol("own property holding undefined");

/** @internal The own value of \`key\` in \`v\`: \`undefined\` when there is none, \`UNSET\` when it holds \`undefined\`. */
export function unset(v: Record<string, unknown>, key: string): unknown {
  if (!Object.hasOwn(v, key)) return undefined;
  const x = v[key];
  return x === undefined ? UNSET : x;
}

/** @internal Length in Unicode code points (what JSON Schema's maxLength/minLength count). */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** @internal A string of at most \`max\` code points (checking the cheap UTF-16 bound first). */
export function str(v: unknown, max: number): v is string {
  return typeof v === "string" && (v.length <= max || codePoints(v) <= max);
}

/** @internal \`path\` extended by one key, escaped per RFC 6901. */
export function pointer(path: string, key: string): string {
  // Most keys have nothing to escape; two replaceAll calls cost ~100 ns each even then.
  if (key.indexOf("~") === -1 && key.indexOf("/") === -1) return path + "/" + key;
  return path + "/" + key.replaceAll("~", "~0").replaceAll("/", "~1");
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** @internal A short, bounded description of a value for an issue's \`received\`. */
export function describe(v: unknown): string {
  switch (typeof v) {
    case "string":
      // Cut before a high surrogate whose pair would be split: the text stays whole characters.
      return quote(v.length > 40 ? v.slice(0, isHighSurrogate(v.charCodeAt(36)) ? 36 : 37) + "..." : v);
    case "number":
    case "boolean":
      return String(v);
    case "bigint":
      // Bounded like a string: a huge one (a JSON parser that makes bigints) is said by its size;
      // its decimal text alone took seconds and megabytes. Hex digits are cheap to count.
      if (v <= 1e30 && v >= -1e30) return String(v) + "n";
      return \`\${v < 0 ? "-" : ""}bigint of ~\${Math.round((v < 0 ? -v : v).toString(16).length * 1.2041)} digits\`;
    case "object":
      if (v === null) return "null";
      try {
        return Array.isArray(v) ? "array" : "object";
      } catch {
        return "object"; // a revoked Proxy
      }
    default:
      return typeof v;
  }
}

/** @internal \`JSON.stringify(s)\`, skipping the serialiser when no character needs escaping. */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Controls, \`"\`, \`\\\` and surrogates (a lone one is escaped) take the slow path.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

/** @internal Records that \`value\` at \`path\` is not \`expected\`. */
export function report(out: ValidationIssue[], path: string, expected: string, value: unknown, message?: string): void {
  const received = describe(value);
  out.push({ path, expected, received, message: message ?? \`expected \${expected}, received \${received}\` });
}

/** @internal Whether \`v\` is plain: its prototype is Object.prototype (JSON.parse output) or null. */
export function plain(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * @internal Records a value outside a closed enum; \`expected\` lists the allowed values (the
 * generator spells it out, so nothing is rebuilt per call).
 */
export function reportEnum(out: ValidationIssue[], path: string, expected: string, value: unknown): void {
  const received = describe(value);
  out.push({ path, expected, received, message: \`expected one of \${expected}, received \${received}\` });
}

/** @internal Records a required property that is absent, or any property whose own value is \`undefined\`. */
export function missing(out: ValidationIssue[], path: string, expected: string, present: boolean): void {
  if (present) report(out, path, expected, undefined, \`expected \${expected}, received undefined (a property may be absent, never undefined)\`);
  else out.push({ path, expected, received: "nothing", message: \`required property is missing (expected \${expected})\` });
}

/**
 * @internal The issue of property \`key\` of \`v\` at \`path\`, read as \`x\`, whose value failed a
 * test with no more to say than \`expected\`: absent (reported when \`required\`), an own
 * \`undefined\`, or a value that does not fit.
 */
export function fault(out: ValidationIssue[], v: Record<string, unknown>, path: string, key: string, expected: string, required: boolean, x: unknown): void {
  if (x === undefined) absent(out, v, key, path, expected, required);
  else report(out, path + "/" + key, expected, x); // the generator passes only keys with nothing to escape
}

/** @internal Records an absent \`key\` if it is \`required\`, or an own property whose value is \`undefined\`. */
export function absent(out: ValidationIssue[], v: Record<string, unknown>, key: string, path: string, expected: string, required: boolean): void {
  const present = Object.hasOwn(v, key);
  if (required || present) missing(out, pointer(path, key), expected, present);
}

/**
 * @internal JSON deep equality (what \`const\`, \`enum\` and \`uniqueItems\` compare with): objects
 * are equal when plain (as JSON.parse makes them) with the same keys and equal values; a Date,
 * a Map or a boxed number equals nothing but itself. False when a value cannot be read.
 */
export function equal(a: unknown, b: unknown): boolean {
  try {
    return same(a, b);
  } catch {
    return false;
  }
}

function same(a: unknown, b: unknown): boolean {
  // Pairs still to compare, on a stack of our own rather than the call stack: values nested
  // thousands deep (JSON.parse makes them) compare like any others, whatever stack is left.
  // A pair met again while it is being compared (a cyclic value) counts as equal, coinductively.
  const todo: unknown[] = [a, b];
  let open: Map<object, Set<object>> | undefined;
  let steps = 0;
  while (todo.length > 0) {
    const y = todo.pop();
    const x = todo.pop();
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
    // Pairs are remembered only past the sizes payloads usually have (a cycle gets there).
    if (++steps > 1000) {
      open ??= new Map();
      const met = open.get(x) ?? open.set(x, new Set()).get(x)!;
      if (met.has(y)) continue;
      met.add(y);
    }
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = x.length - 1; i >= 0; i--) todo.push(x[i], y[i]);
      continue;
    }
    if (Array.isArray(y) || !plain(x) || !plain(y)) return false;
    const kx = Object.keys(x);
    if (kx.length !== Object.keys(y).length) return false;
    for (let i = kx.length - 1; i >= 0; i--) {
      const k = kx[i]!;
      if (!Object.hasOwn(y, k)) return false;
      todo.push((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]);
    }
  }
  return true;
}

/**
 * @internal No two items of \`v\` are equal (\`uniqueItems\`), in time linear in the items' size:
 * primitives go through a Set, objects and arrays through their canonical text (keys sorted).
 * Items with no canonical text (no JSON value: NaN, a Date, a cycle…) are compared pairwise.
 * Neither recurses, so the verdict never depends on the stack left. An item that cannot be read
 * fails the check.
 */
export function unique(v: readonly unknown[]): boolean {
  try {
    return distinct(v);
  } catch {
    return false;
  }
}

/**
 * @internal Records why \`unique(v)\` failed: an item that could not be read (a throwing
 * getter, a revoked Proxy) is said as such, not as a duplicate; otherwise two items are equal.
 */
export function notUnique(out: ValidationIssue[], path: string, v: unknown, expected: string): void {
  try {
    distinct(v as readonly unknown[]);
  } catch {
    return unreadable(out, path, v, expected);
  }
  report(out, path, expected, v);
}

/** \`unique\` without the catch: throws when an item cannot be read. */
function distinct(v: readonly unknown[]): boolean {
  const primitives = new Set<unknown>();
  const texts = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== "object" || x === null) {
      if (x !== x) return pairwise(v); // NaN equals nothing, not even itself
      if (primitives.has(x)) return false;
      primitives.add(x);
      continue;
    }
    const text = canonical(x);
    if (text === undefined) return pairwise(v);
    if (texts.has(text)) return false;
    texts.add(text);
  }
  return true;
}

function pairwise(v: readonly unknown[]): boolean {
  for (let i = 1; i < v.length; i++) for (let j = 0; j < i; j++) if (same(v[i], v[j])) return false;
  return true;
}

/**
 * A JSON value's text with object keys sorted (equal values, equal texts), or undefined for
 * anything else (and for a value that contains itself). Built from a stack of our own, not by
 * recursion, so any depth gives the same answer.
 */
function canonical(root: unknown): string | undefined {
  // Work items, last first: a value to write, a text to append, or an object to close.
  const VALUE = 0;
  const TEXT = 1;
  const CLOSE = 2;
  const kinds: number[] = [VALUE];
  const items: unknown[] = [root];
  const open = new Set<object>();
  let out = "";
  while (items.length > 0) {
    const kind = kinds.pop()!;
    const x = items.pop();
    if (kind === TEXT) {
      out += x as string;
      continue;
    }
    if (kind === CLOSE) {
      open.delete(x as object);
      continue;
    }
    switch (typeof x) {
      case "string":
        out += JSON.stringify(x);
        continue;
      case "number":
        if (!Number.isFinite(x)) return undefined;
        out += String(x === 0 ? 0 : x);
        continue;
      case "boolean":
        out += x ? "true" : "false";
        continue;
      case "object":
        break;
      default:
        return undefined;
    }
    if (x === null) {
      out += "null";
      continue;
    }
    if (open.has(x)) return undefined;
    open.add(x);
    kinds.push(CLOSE);
    items.push(x);
    if (Array.isArray(x)) {
      kinds.push(TEXT);
      items.push("]");
      for (let i = x.length - 1; i >= 0; i--) {
        kinds.push(VALUE, ...(i > 0 ? [TEXT] : []));
        items.push(x[i], ...(i > 0 ? [","] : []));
      }
      out += "[";
      continue;
    }
    if (!plain(x)) return undefined;
    const keys = Object.keys(x).sort();
    kinds.push(TEXT);
    items.push("}");
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      kinds.push(VALUE, TEXT);
      items.push((x as Record<string, unknown>)[key], (i > 0 ? "," : "") + JSON.stringify(key) + ":");
    }
    out += "{";
  }
  return out;
}

/**
 * @internal \`x\` is an integer multiple of \`by\`. Integers compare exactly (\`%\` is exact on
 * doubles). Decimal steps (0.01) are not exact in binary (0.3 / 0.1 is 2.9999999999999996), so
 * otherwise the quotient may miss the nearest integer by the rounding of three operations
 * (reading \`x\`, reading \`by\`, dividing: at most 1.5·ε·|q|), and 2·ε·|q| is allowed. A wider
 * margin let every large quotient pass (6000000000000.005 as a multiple of 0.01). ajv, by
 * default, calls 0.3 no multiple of 0.1.
 */
export function multipleOf(x: number, by: number): boolean {
  if (Number.isInteger(x) && Number.isInteger(by)) return x % by === 0;
  const q = x / by;
  if (!Number.isFinite(q)) return false;
  return Math.abs(q - Math.round(q)) <= 2 * Number.EPSILON * Math.abs(q);
}

/**
 * @internal A union no member accepted: one issue naming the union, then the issues of the member
 * closest to the value (fewest issues; the first on a tie), which is most likely the one meant.
 */
export function closest(out: ValidationIssue[], path: string, expected: string, value: unknown, tries: readonly ((o: ValidationIssue[]) => void)[], m: Memo): void {
  if (m.trial > 0) {
    // Inside another union's comparison: one issue, so that nested unions cost linear time.
    m.cut++;
    return report(out, path, expected, value);
  }
  let best: ValidationIssue[] | undefined;
  let chosen = 0;
  const cut = m.cut;
  m.trial++;
  try {
    for (let i = 0; i < tries.length; i++) {
      const o: ValidationIssue[] = [];
      tries[i]!(o);
      if (best === undefined || weight(o) < weight(best)) [best, chosen] = [o, i];
    }
  } finally {
    m.trial--;
  }
  report(out, path, expected, value, \`expected \${expected}, received \${describe(value)}; the closest alternative fails as follows\`);
  // A nested union was cut short while comparing: collect the chosen member again, in full.
  if (m.cut !== cut) tries[chosen]!(out);
  else if (best) out.push(...best);
}

/**
 * @internal How far a member is from fitting: its issues, less the headers (an issue followed by
 * one at or below its path: a union's "it must be a B" before B's own issues). Counting headers
 * made one bad leaf under a dispatched union weigh two, so a member missing one key won.
 */
function weight(o: readonly ValidationIssue[]): number {
  let n = 0;
  for (let i = 0; i < o.length; i++) {
    const at = o[i]!.path;
    let header = false;
    for (let j = i + 1; j < o.length && !header; j++) header = o[j]!.path === at || o[j]!.path.startsWith(at + "/");
    if (!header) n++;
  }
  return n;
}

const DATE = /^(\\d{4})-(\\d{2})-(\\d{2})$/;
const TIME = /^([01]\\d|2[0-3]):([0-5]\\d):([0-5]\\d|60)(\\.\\d+)?(z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$/i;
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_\`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const URI = /^[a-z][a-z0-9+.-]*:[^\\s]*$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$/;
const HEXTET = /^[0-9a-f]{1,4}$/i;

function date(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const y = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

function ipv6(v: string): boolean {
  const halves = v.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === "" ? [] : h.split(":")));
  let n = groups.length;
  const last = groups[groups.length - 1];
  if (last !== undefined && last.includes(".")) {
    if (!IPV4.test(last)) return false;
    groups.pop();
    n++; // an embedded IPv4 address fills two groups
  }
  if (!groups.every((g) => HEXTET.test(g))) return false;
  return halves.length === 2 ? n <= 7 : n === 8;
}

/**
 * @internal Whether \`v\` is in \`format\` (RFC 3339 date-time/date/time with offset, RFC 5321-ish
 * email, RFC 4122 uuid, RFC 3986 absolute uri by scheme, dotted-quad ipv4, RFC 4291 ipv6).
 * Checked only when the generator ran with the \`formats\` option.
 */
export function format(v: string, format: string): boolean {
  switch (format) {
    case "date":
      return date(v);
    case "time":
      return TIME.test(v);
    case "date-time": {
      const t = v.search(/[tT ]/);
      return t === 10 && date(v.slice(0, t)) && TIME.test(v.slice(t + 1));
    }
    case "email":
      return EMAIL.test(v);
    case "uuid":
      return UUID.test(v);
    case "uri":
      return URI.test(v);
    case "ipv4":
      return IPV4.test(v);
    case "ipv6":
      return ipv6(v);
    default:
      return true;
  }
}

/** @internal Records input nested deeper than the guards descend. */
export function tooDeep(out: ValidationIssue[], path: string, max: number): void {
  out.push({ path, expected: \`at most \${max} levels of nesting\`, received: "deeper nesting", message: \`nested deeper than \${max} levels\` });
}

/**
 * @internal Records that \`v\` (at \`path\`) threw while a collector read it: a throwing getter, a
 * Proxy whose traps throw, a revoked Proxy. The issue points at the own property whose read (or
 * whose value, a revoked Proxy) throws when there is one, else at \`v\` itself. Nothing read from
 * the thrown value: it may be hostile too.
 */
export function unreadable(out: ValidationIssue[], path: string, v: unknown, expected: string): void {
  const at = unreadableAt(path, v);
  // Blamed on one property, the issue is about that property, whose type is not \`expected\`.
  out.push({ path: at, expected: at === path ? expected : "a readable value", received: "a value that could not be read", message: "could not be read (reading it threw)" });
}

/**
 * Where reading \`v\` threw, found without calling any getter (one on a key the schema never
 * reads must not run). On a plain object only two kinds of property can throw when read: one
 * with a getter, and one holding a revoked Proxy (\`Array.isArray\` throws on it). When exactly
 * one property is of either kind, it is blamed; otherwise (or when \`v\` itself cannot be read)
 * the issue stays at \`v\`'s own path.
 */
function unreadableAt(path: string, v: unknown): string {
  try {
    if (typeof v !== "object" || v === null) return path;
    let suspect: string | undefined;
    for (const key of Object.getOwnPropertyNames(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (d === undefined || !(d.get !== undefined || throwsOnRead(d.value))) continue;
      if (suspect !== undefined) return path;
      suspect = key;
    }
    if (suspect !== undefined) return pointer(path, suspect);
  } catch {
    // v itself cannot be read
  }
  return path;
}

function throwsOnRead(x: unknown): boolean {
  try {
    if (typeof x === "object" && x !== null) Array.isArray(x);
    return false;
  } catch {
    return true;
  }
}

/**
 * @internal Records a property the schema does not allow. Its value is read from its descriptor:
 * a getter of a key the schema does not know is never called (\`isX\` calls none either), and one
 * that throws cannot turn the issue into "could not be read".
 */
export function extra(out: ValidationIssue[], path: string, v: object, key: string): void {
  let d: PropertyDescriptor | undefined;
  try {
    d = Object.getOwnPropertyDescriptor(v, key);
  } catch {
    d = undefined; // a Proxy whose trap throws
  }
  if (d !== undefined && "value" in d) return report(out, path, "no such property", d.value, "property not allowed by the schema");
  out.push({ path, expected: "no such property", received: "a property read through a getter (not called)", message: "property not allowed by the schema" });
}

/** @internal The body of \`validateX\` for an object or alias: collects issues only when the check fails. */
export function validated<T>(
  value: unknown,
  check: (v: unknown, d: number, m?: Memo) => v is T,
  collect: (v: unknown, p: string, d: number, out: ValidationIssue[], m: Memo) => void,
  typeName: string,
  max: number,
): ValidationResult<T> {
  const m = new Memo(MEMO_AFTER);
  if (check(value, 0, m)) return { ok: true, value };
  const out: ValidationIssue[] = [];
  collect(value, "", 0, out, m);
  return failure(out, typeName, value, max);
}

/** @internal The failed result of an enum's \`validateX\` (\`expected\`: its allowed values; undefined: open enum, any string). */
export function enumFailure(value: unknown, expected: string | undefined, typeName: string, max: number): { ok: false; issues: ValidationIssue[] } {
  const out: ValidationIssue[] = [];
  if (expected !== undefined) reportEnum(out, "", expected, value);
  else report(out, "", "string", value);
  return failure(out, typeName, value, max);
}

/** @internal The body of \`assertX\`: throws the issues of a failed result. */
export function ensure(result: ValidationResult<unknown>, typeName: string): void {
  if (!result.ok) throw new ValidationError(typeName, result.issues);
}

/**
 * @internal The failed result. \`issues\` is never empty: if the collectors found nothing (they
 * mirror the boolean guards, so this is a safeguard), one issue at the root names the type.
 */
export function failure(out: ValidationIssue[], typeName: string, value: unknown, max: number): { ok: false; issues: ValidationIssue[] } {
  if (out.length === 0) report(out, "", typeName, value);
  if (out.length > max) out.length = max;
  return { ok: false, issues: out };
}

/**
 * @internal Drops an issue equal to an earlier one (same path, expected type and message). Called
 * after the parts of a failed intersection reported: two parts that check the same thing (a
 * property beside a union that constrains it too) would otherwise say it twice. Only there: on
 * every failure it cost validateX ~15–25% on Stripe's payloads, which have no such parts.
 */
export function once(out: ValidationIssue[]): void {
  // Pairwise, without allocating: lists are short (capped), and paths rarely repeat.
  let kept = 0;
  for (let i = 0; i < out.length; i++) {
    const issue = out[i]!;
    let j = 0;
    for (; j < kept; j++) {
      const e = out[j]!;
      if (e.path === issue.path && e.message === issue.message && e.expected === issue.expected) break;
    }
    if (j === kept) out[kept++] = issue;
  }
  out.length = kept;
}
`;
}
