/**
 * Stage 1, load: read the spec file, parse JSON or YAML, check it is OpenAPI 3.0/3.1 and
 * fingerprint it. Positions (line:column) are computed lazily, only when a problem needs one:
 * parsing 6 MB of JSON through the YAML CST costs seconds, JSON.parse a few tens of ms.
 */
import { createHash } from "node:crypto";
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Document, type Node } from "yaml";
import { Problems, SpecError } from "../errors.ts";
import * as ptr from "../pointer.ts";
import { checkTree, jsonDuplicateKeys, jsonHasDuplicateKeys, jsonValueOffset, MAX_NESTING, yamlDuplicateKeys, type DuplicateKey } from "./checks.ts";
import { decodeSpec, readSpecBytes } from "./read.ts";

export interface Position {
  readonly line: number;
  readonly column: number;
  readonly file?: string;
}

export interface LoadedSpec {
  /** The parsed document. Never mutated by later stages. */
  readonly document: Record<string, unknown>;
  readonly openapi: "3.0" | "3.1";
  readonly title: string;
  readonly version: string;
  readonly sha256: string;
  /** The file as named by the caller. */
  readonly source: string;
  /** line:column of the node at a JSON pointer, when it can be found. */
  readonly locate: (pointer: string) => Position | undefined;
}

/** Reads and parses a spec file. Throws `SpecError` with a pointer (and position) on failure. */
export async function loadFile(path: string, maxBytes?: number): Promise<LoadedSpec> {
  return loadText(decodeSpec(await readSpecBytes(path, maxBytes)), path);
}

/** Parses spec text; `source` names it in messages and headers and picks JSON or YAML. */
export function loadText(text: string, source: string): LoadedSpec {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark is not content
  const yamlLike = /\.ya?ml$/i.test(source) || !/^\s*[{[]/.test(text);
  const document = yamlLike ? parseYaml(text, source) : parseJson(text, source);
  const locate = yamlLike ? locator(text, source) : jsonLocator(text, source);
  const problems = checkTree(document, MAX_NESTING);
  if (problems.length > 0) throw new SpecError(problems.map((p) => ({ file: source, ...p, ...locate(p.pointer) })));
  return check(document, text, source, locate);
}

function parseYaml(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: source, line, column: col };
  };
  let doc: Document;
  try {
    // stringKeys: a key is its text, as JSON would have it (`null:` is the key "null"; without it
    // `null` and `~` both became "", and a collection key is refused with its line:column).
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, merge: true, stringKeys: true });
  } catch (error) {
    throw tooDeepOr(error, source);
  }
  const first = doc.errors[0];
  if (first) {
    const said = first.message.split("\n")[0]!.replace(/ at line \d+, column \d+:$/, "");
    // The library names its option; the user wrote a sequence or a mapping as a key.
    const message = /^With stringKeys/.test(said) ? "a key must be a string (a sequence or a mapping as a key has no JSON form)" : said;
    const code = /call stack/i.test(message) ? "spec-too-deep" : "spec-parse";
    const text = code === "spec-too-deep" ? `YAML nests too deeply to parse (the limit is ${MAX_NESTING} levels)` : `YAML does not parse: ${message}`;
    throw new SpecError([{ code, message: text, pointer: "", ...at(first.pos[0]) }]);
  }
  const duplicates = yamlDuplicateKeys(doc);
  if (duplicates.length > 0) throw duplicateError(duplicates, at);
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new SpecError([
        { code: "spec-alias-limit", message: "YAML aliases expand past 1000 nodes (an alias bomb?)", pointer: "", file: source },
      ]);
    }
    throw tooDeepOr(error, source);
  }
}

function parseJson(text: string, source: string): unknown {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = jsonErrorPosition(text, message);
    throw new SpecError([{ code: "spec-parse", message: `JSON does not parse: ${message}`, pointer: "", file: source, ...at }]);
  }
  const duplicates = jsonHasDuplicateKeys(text, document) ? jsonDuplicateKeys(text) : [];
  if (duplicates.length > 0) throw duplicateError(duplicates, (offset) => ({ file: source, ...lineColumn(text, offset) }));
  return document;
}

/** A stack overflow inside a parser is the input's depth, not a bug. */
function tooDeepOr(error: unknown, source: string): unknown {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new SpecError([{ code: "spec-too-deep", message: `the document nests too deeply to parse (the limit is ${MAX_NESTING} levels)`, pointer: "", file: source }]);
  }
  return error;
}

function duplicateError(duplicates: readonly DuplicateKey[], at: (offset: number) => Position): SpecError {
  return new SpecError(
    duplicates.map((d) => {
      const first = at(d.first);
      return {
        code: "spec-duplicate-key" as const,
        message: `key ${JSON.stringify(d.key)} appears twice (first at line ${first.line}, column ${first.column})`,
        pointer: ptr.join(d.object, d.key),
        ...at(d.second),
      };
    }),
  );
}

function check(document: unknown, text: string, source: string, locate: LoadedSpec["locate"]): LoadedSpec {
  const problems = new Problems();
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    // An empty file has no position to give: the message names the file all the same.
    const what = document === null || document === undefined ? "the document is empty" : "the document is not an object";
    throw new SpecError([{ code: "spec-not-openapi", message: what, pointer: "", file: source, ...locate("") }]);
  }
  const doc = document as Record<string, unknown>;
  const version = doc["openapi"];
  let openapi: "3.0" | "3.1" = "3.0";
  if (typeof doc["swagger"] === "string" && version === undefined) {
    problems.add("spec-not-openapi", `this is Swagger ${doc["swagger"]} (OpenAPI 2): only OpenAPI 3.0 and 3.1 are read; convert it first (swagger2openapi, or the Swagger Editor's "Convert to OpenAPI 3")`, "/swagger");
  } else if (typeof version !== "string") {
    problems.add("spec-not-openapi", "missing `openapi` version (only OpenAPI 3.0 and 3.1 are read)", "/openapi");
  } else if (/^3\.0\.\d+$/.test(version)) openapi = "3.0";
  else if (/^3\.1\.\d+$/.test(version)) openapi = "3.1";
  else problems.add("spec-version", `OpenAPI ${JSON.stringify(version)} is not supported (3.0.x and 3.1.x are)`, "/openapi");
  const info = doc["info"];
  const infoObj = info !== null && typeof info === "object" ? (info as Record<string, unknown>) : {};
  const components = doc["components"];
  const schemas = components !== null && typeof components === "object" ? (components as Record<string, unknown>)["schemas"] : undefined;
  if (schemas !== undefined && (schemas === null || typeof schemas !== "object" || Array.isArray(schemas))) {
    problems.add("schema-invalid", "`components.schemas` must be an object", "/components/schemas");
  }
  problems.throwIfAny(locate);
  return {
    document: doc,
    openapi,
    title: typeof infoObj["title"] === "string" ? infoObj["title"] : "untitled",
    // A YAML `version: 2.0` is a number (2): said as such, not as "0".
    version: typeof infoObj["version"] === "string" ? infoObj["version"] : typeof infoObj["version"] === "number" && Number.isFinite(infoObj["version"]) ? String(infoObj["version"]) : "0",
    sha256: createHash("sha256").update(text).digest("hex"),
    source,
    locate,
  };
}

/** Builds a lazy pointer → position lookup over the source text (JSON is YAML 1.2). */
function locator(text: string, source: string): LoadedSpec["locate"] {
  let cached: { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | undefined;
  return (pointer) => {
    if (!cached) {
      const lines = new LineCounter();
      cached = { doc: parseDocument(text, { lineCounter: lines, keepSourceTokens: false, uniqueKeys: false, stringKeys: true }), lines };
    }
    let node: Node | null | undefined = cached.doc.contents as Node | null;
    let tokens: string[];
    try {
      tokens = ptr.parse(pointer);
    } catch {
      return undefined;
    }
    for (const token of tokens) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === token);
        if (!pair) break;
        node = pair.value as Node | null;
      } else if (isSeq(node)) {
        const item = node.items[Number(token)];
        if (item === undefined) break;
        node = item as Node | null;
      } else break;
    }
    const range = node?.range;
    if (!range) return undefined;
    const at = cached.lines.linePos(range[0]);
    return { line: at.line, column: at.col, file: source };
  };
}

/** The same lookup for JSON text, by a scan along the pointer's path (checks.ts). */
function jsonLocator(text: string, source: string): LoadedSpec["locate"] {
  return (pointer) => {
    let tokens: string[];
    try {
      tokens = ptr.parse(pointer);
    } catch {
      return undefined;
    }
    return { ...lineColumn(text, jsonValueOffset(text, tokens)), file: source };
  };
}

/** V8 reports JSON errors as "... at position N" (or "line L column C" on newer engines). */
function jsonErrorPosition(text: string, message: string): { line?: number; column?: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (!pos) return {};
  return lineColumn(text, Number(pos[1]));
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
