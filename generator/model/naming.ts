/**
 * Naming rules. Each rule is a named entry so the docs and the tests can cite it by name
 * (`test/naming.test.ts` uses the names as titles). Names depend only on the spec text, never on
 * the order things were met in: collisions are settled by ordinal order of schema ids or
 * pointers, which is the same on every machine.
 */
import { createHash } from "node:crypto";
import { ordinal } from "../resolve/resolve.ts";

/**
 * Type names that would shadow a global users are likely to need in the same file, or one of the
 * names the generated runtime exports. A schema whose PascalCase name is listed gets the suffix
 * `Schema` (`error` → `ErrorSchema`).
 */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  // ECMAScript and TypeScript globals
  "Object", "Array", "ReadonlyArray", "String", "Number", "Boolean", "Symbol", "BigInt", "Function",
  "Date", "Error", "TypeError", "RangeError", "SyntaxError", "EvalError", "ReferenceError", "URIError",
  "AggregateError", "RegExp", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "Promise", "Proxy",
  "Reflect", "JSON", "Math", "Intl", "Atomics", "ArrayBuffer", "SharedArrayBuffer", "DataView",
  "Iterator", "Iterable", "AsyncIterator", "AsyncIterable", "Generator", "Infinity", "NaN", "Record",
  "Partial", "Required", "Readonly", "Pick", "Omit", "Exclude", "Extract", "NonNullable",
  "ReturnType", "Parameters", "InstanceType", "Awaited", "Uppercase", "Lowercase", "Capitalize",
  "Uncapitalize", "PropertyKey", "Int8Array", "Uint8Array", "Float64Array",
  // Web and Node globals that commonly sit next to API types
  "File", "Blob", "Request", "Response", "Headers", "URL", "URLSearchParams", "FormData", "Event",
  "Element", "Node", "Text", "Document", "Window", "Location", "Buffer", "Console", "Storage",
  // the generated runtime's own exports
  "Expandable", "Timestamp", "UnknownEnumValue", "ValidationIssue", "ValidationError",
  "ValidationResult", "GuardOptions",
  // the internal runtime's exports that internal files import by name beside the schema types
  "Memo", "UNSET",
]);

/**
 * Lowercase words that stay special in module file names on some systems, and the stems of the
 * shared generated files (emit/layout.ts): `internal/runtime.ts` sits beside the schemas'
 * internal files, and `walkers` is kept free for a shared walker module there.
 */
const RESERVED_FILE_STEMS = /^(con|prn|aux|nul|com\d|lpt\d|index|runtime|walkers)$/;

/** Splits text into ASCII alphanumeric words; everything else separates words. */
function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
}

/** Rule `pascal-case`: words of the id, each capitalised, joined (`gelato_session_last_error`). */
export function pascalCase(text: string): string {
  return words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** Rule `leading-digit`: an identifier cannot start with a digit; such names get a `_` prefix. */
function fixLeadingDigit(name: string): string {
  return /^[0-9]/.test(name) ? "_" + name : name;
}

/** The type name a component schema id asks for, before collisions are settled. */
export function schemaTypeName(id: string): string {
  const base = fixLeadingDigit(pascalCase(id)) || "Schema";
  return RESERVED_TYPE_NAMES.has(base) ? base + "Schema" : base;
}

/** The name an inline declaration asks for: Parent + Field (`IdentityVerificationSession` + `status`). */
export function inlineTypeName(parent: string, field: string): string {
  const base = parent + pascalCase(field);
  return RESERVED_TYPE_NAMES.has(base) ? base + "Schema" : base;
}

/**
 * Rule `component-collision`: when several schema ids ask for the same type name, the ordinally
 * first id keeps it and the others get `2`, `3`, … (the first number whose names are free) in
 * ordinal order of their ids. An enum also claims `<Name>Values`, its values constant, so an id
 * whose name is already claimed that way is numbered too.
 * Returns id → name for every id.
 */
export function nameComponents(ids: readonly string[], isEnum: (id: string) => boolean = () => false): Map<string, string> {
  const sorted = [...ids].sort(ordinal);
  const bases = new Map(sorted.map((id) => [id, schemaTypeName(id)]));
  const claims = (id: string, name: string): string[] => (isEnum(id) ? [name, name + "Values"] : [name]);
  // Every id's own name counts as taken for the numbering, so a number never takes a real id's name.
  const taken = new Set<string>(bases.values());
  const claimed = new Set<string>();
  const out = new Map<string, string>();
  const firstOfName = new Set<string>();
  for (const id of sorted) {
    const base = bases.get(id)!;
    if (firstOfName.has(base)) continue;
    firstOfName.add(base);
    if (claims(id, base).every((c) => !claimed.has(c))) {
      for (const c of claims(id, base)) claimed.add(c);
      out.set(id, base);
    }
  }
  for (const c of claimed) taken.add(c);
  for (const id of sorted) {
    if (out.has(id)) continue;
    const base = bases.get(id)!;
    let n = 2;
    while (claims(id, base + n).some((c) => taken.has(c) || claimed.has(c))) n++;
    for (const c of claims(id, base + n)) {
      taken.add(c);
      claimed.add(c);
    }
    out.set(id, base + n);
  }
  return out;
}

/** Longest module file stem: `<stem>.d.ts` and the suffixes for repeats stay far below 255 bytes. */
const MAX_STEM = 200;

/**
 * Rule `module-file`: a schema id becomes a file stem of `[a-z0-9._-]` (other characters become
 * `_`, upper case is lowered so that case-insensitive file systems see distinct files), never
 * starting with `.` and never a reserved stem. Collisions: ordinal order, suffix `_2`, `_3`, ….
 */
export function moduleFiles(ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of [...ids].sort(ordinal)) {
    let stem = id.toLowerCase().replace(/[^a-z0-9._-]/g, "_");
    if (stem === "" || stem.startsWith(".") || RESERVED_FILE_STEMS.test(stem.split(".")[0]!)) stem = "_" + stem;
    // File systems cap a name at 255 bytes (ENAMETOOLONG): a long id keeps its start and a
    // hash of the whole id, so two ids with the same start still get different files.
    if (stem.length > MAX_STEM) stem = `${stem.slice(0, MAX_STEM - 9)}_${createHash("sha256").update(id).digest("hex").slice(0, 8)}`;
    let candidate = stem;
    for (let n = 2; taken.has(candidate); n++) candidate = `${stem}_${n}`;
    taken.add(candidate);
    out.set(id, candidate);
  }
  return out;
}

/**
 * Rule `enum-key`: an enum member's key is the PascalCase of its wire value (`requires_input` →
 * `RequiresInput`); the empty string is `Empty`; a leading digit gets `_`; keys that would
 * repeat get `_2`, `_3`, … in the order of the spec's values (the values' order is the spec's data).
 */
export function enumKeys(values: readonly string[]): string[] {
  const taken = new Set<string>();
  return values.map((value) => {
    let key = fixLeadingDigit(pascalCase(value));
    if (key === "") key = value === "" ? "Empty" : "Value";
    let candidate = key;
    for (let n = 2; taken.has(candidate); n++) candidate = `${key}_${n}`;
    taken.add(candidate);
    return candidate;
  });
}

