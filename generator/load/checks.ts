/**
 * Checks on a parsed document that keep every later stage safe and honest:
 *
 * - nesting depth is bounded here, once, so that no recursive stage (resolve, model, emit,
 *   prettier) can meet input deep enough to overflow its stack;
 * - a `$ref` with a malformed percent-escape is reported here with its pointer, so later stages
 *   never meet the `URIError` decoding would throw;
 * - duplicate keys, which JSON.parse and YAML's toJS would silently resolve as "last one wins",
 *   are reported with both positions.
 *
 * Every walk is iterative (an explicit stack), so the checks themselves cannot overflow.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import type { Problem } from "../errors.ts";
import * as ptr from "../pointer.ts";

/** Containers (objects and arrays) nested deeper than this are refused. Stripe's spec nests 25 deep. */
export const MAX_NESTING = 200;

/** At most this many problems of one kind are reported: one is enough to act on, all can be many. */
const REPORT_CAP = 20;

/** Nesting past `limit`, and `$ref`s whose percent-escapes do not decode. */
export function checkTree(document: unknown, limit: number = MAX_NESTING): Omit<Problem, "file">[] {
  // A first pass without pointers (building ~1M pointer strings for Stripe's spec doubles the
  // cost); only when it finds something does the second pass name where.
  return walk(document, limit, false).length === 0 ? [] : walk(document, limit, true);
}

function walk(document: unknown, limit: number, named: boolean): Omit<Problem, "file">[] {
  const problems: Omit<Problem, "file">[] = [];
  let badRefs = 0;
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value: document, pointer: "", depth: 1 }];
  const child = (pointer: string, token: string | number): string => (named ? ptr.join(pointer, token) : "");
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (depth > limit) {
      problems.unshift({ code: "spec-too-deep", message: `the document nests deeper than ${limit} levels`, pointer });
      return problems;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], pointer: child(pointer, i), depth: depth + 1 });
      continue;
    }
    const record = value as Record<string, unknown>;
    const ref = record["$ref"];
    if (typeof ref === "string" && ref.startsWith("#") && !decodes(ref) && badRefs++ < REPORT_CAP) {
      problems.push({ code: "ref-invalid", message: `$ref ${JSON.stringify(ref)} has a malformed percent-escape`, pointer: child(pointer, "$ref") });
    }
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: record[keys[i]!], pointer: child(pointer, keys[i]!), depth: depth + 1 });
  }
  return problems;
}

function decodes(ref: string): boolean {
  try {
    decodeURIComponent(ref.slice(1));
    return true;
  } catch {
    return false;
  }
}

export interface DuplicateKey {
  readonly key: string;
  /** Pointer of the object holding the key twice. */
  readonly object: string;
  /** Offsets of the first and the repeated key in the text. */
  readonly first: number;
  readonly second: number;
}

/**
 * Whether JSON text that JSON.parse turned into `parsed` repeats a key in some object. JSON.parse
 * keeps one property per repeated key, so that happens exactly when the text names more keys
 * than `parsed` holds: two counts, no key set and no key string built, and `jsonDuplicateKeys`
 * then runs only to name the keys. On Stripe's 6 MB spec, as the one call of a fresh process (a
 * CLI run), ~20–30 ms against ~50–70 ms for the full scan; once warm the two are close (~16 ms
 * against ~19 ms).
 */
export function jsonHasDuplicateKeys(text: string, parsed: unknown): boolean {
  return jsonKeyCount(text) !== parsedKeyCount(parsed);
}

/** Keys named in well-formed JSON text: strings in key position. */
function jsonKeyCount(text: string): number {
  // Per open container: 0 an array, 1 an object awaiting a key, 2 an object past its key.
  const stack: number[] = [];
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const end = stringEnd(text, i);
      if (end < 0) break; // not reached for text JSON.parse accepted
      if (stack[stack.length - 1] === 1) {
        count++;
        stack[stack.length - 1] = 2;
      }
      i = end + 1;
      continue;
    }
    if (c === 123 /* { */) stack.push(1);
    else if (c === 91 /* [ */) stack.push(0);
    else if (c === 125 /* } */ || c === 93 /* ] */) stack.pop();
    else if (c === 44 /* , */ && stack[stack.length - 1] === 2) stack[stack.length - 1] = 1;
    i++;
  }
  return count;
}

/** Own keys of every object in a JSON.parse result, walked iteratively (depth is not bounded yet here). */
function parsedKeyCount(root: unknown): number {
  let count = 0;
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v !== "object" || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) todo.push(x);
      continue;
    }
    // Object.keys: own keys only (`__proto__` from JSON.parse is one), nothing inherited.
    const keys = Object.keys(v);
    count += keys.length;
    for (const k of keys) todo.push((v as Record<string, unknown>)[k]);
  }
  return count;
}

/**
 * Duplicate keys in JSON text that JSON.parse has accepted (so it is well formed). A linear scan
 * with a key set per open object, where parsing the text through the YAML CST to find them would
 * take seconds; `jsonHasDuplicateKeys` decides first whether there are any.
 */
export function jsonDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  // One frame per open container: its keys so far (objects) or next index (arrays), and the
  // token under which it sits in its parent.
  interface Frame {
    keys?: Map<string, number>;
    index: number;
    token: string;
    key?: string;
    expectKey: boolean;
  }
  const stack: Frame[] = [];
  const pointer = (): string => stack.slice(1).map((f) => "/" + ptr.escapeToken(f.token)).join("");
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const end = stringEnd(text, i);
      if (end < 0) break; // not reached for text JSON.parse accepted
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        const seen = top.keys.get(key);
        if (seen !== undefined && found.length < REPORT_CAP) {
          found.push({ key, object: pointer(), first: seen, second: i });
        } else if (seen === undefined) top.keys.set(key, i);
        top.key = key;
        top.expectKey = false;
      }
      i = end + 1;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const parent = stack[stack.length - 1];
      const token = parent === undefined ? "" : parent.keys ? (parent.key ?? "") : String(parent.index);
      stack.push(c === 123 ? { keys: new Map(), index: 0, token, expectKey: true } : { index: 0, token, expectKey: false });
    } else if (c === 125 /* } */ || c === 93 /* ] */) stack.pop();
    else if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
    i++;
  }
  return found;
}

/**
 * The offset in JSON text (that JSON.parse accepted, without duplicate keys) of the value at
 * `tokens`, or of the deepest value on that path that exists. A scan that skips every value off
 * the path without building anything: locating a warning in GitHub's 10 MB spec through the
 * YAML parser took ~5 s and most of the model stage's memory; this takes milliseconds.
 */
export function jsonValueOffset(text: string, tokens: readonly string[]): number {
  let at = skipSpace(text, 0);
  for (const token of tokens) {
    const open = text.charCodeAt(at);
    if (open !== 123 /* { */ && open !== 91 /* [ */) return at;
    // An index as the YAML lookup reads it (`Number(token)`), so both answer alike.
    const want = open === 91 ? Number(token) : undefined;
    if (open === 91 && !(Number.isSafeInteger(want) && want! >= 0)) return at;
    let i = skipSpace(text, at + 1);
    let found: number | undefined;
    // `i < text.length` and the checks on `end` only guard against text JSON.parse would refuse.
    for (let index = 0; i < text.length && text.charCodeAt(i) !== (open === 123 ? 125 : 93); index++) {
      if (open === 123) {
        const end = text.charCodeAt(i) === 34 ? stringEnd(text, i) : -1;
        if (end < 0) return at;
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        i = skipSpace(text, skipSpace(text, end + 1) + 1); // past the colon
        if (key === token) found = i;
      } else if (index === want) found = i;
      if (found !== undefined) break;
      const next = valueEnd(text, i);
      if (next <= i) return at;
      i = skipSpace(text, next);
      if (text.charCodeAt(i) === 44 /* , */) i = skipSpace(text, i + 1);
    }
    if (found === undefined) return at;
    at = found;
  }
  return at;
}

function skipSpace(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  return i;
}

/** The offset of the closing quote of the string starting at `i`. */
function stringEnd(text: string, i: number): number {
  let end = text.indexOf('"', i + 1);
  while (end > 0 && escaped(text, end)) end = text.indexOf('"', end + 1);
  return end;
}

/** The offset just past the value starting at `i`. */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return stringEnd(text, i) + 1; // 0 for an unterminated string: the caller stops
  if (c !== 123 && c !== 91) {
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === 34) {
      const end = stringEnd(text, i);
      if (end < 0) return text.length;
      i = end;
    } else if (d === 123 || d === 91) depth++;
    else if ((d === 125 || d === 93) && --depth === 0) return i + 1;
  }
  return i;
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(text: string, at: number): boolean {
  let k = at - 1;
  while (text.charCodeAt(k) === 92 /* \ */) k--;
  return (at - 1 - k) % 2 === 1;
}

/** Duplicate scalar keys in a parsed YAML document (its AST, walked iteratively). */
export function yamlDuplicateKeys(doc: Document): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: { node: unknown; pointer: string }[] = [{ node: doc.contents, pointer: "" }];
  while (stack.length > 0 && found.length < REPORT_CAP) {
    const { node, pointer } = stack.pop()!;
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const at = (pair.key as Node).range?.[0] ?? 0;
        const first = seen.get(key);
        if (first !== undefined) found.push({ key, object: pointer, first, second: at });
        else seen.set(key, at);
        stack.push({ node: pair.value, pointer: ptr.join(pointer, key) });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, k) => stack.push({ node: item, pointer: pointer + "/" + k }));
    }
  }
  return found;
}
