/**
 * Spec text → JSDoc text. Descriptions are hostile input: a `*\/` would end the comment and turn
 * the rest into code, so it is broken up; relative documentation links are made absolute.
 */
import type { Doc } from "../model/types.ts";

export interface DocOptions {
  /** Base URL for relative links (`/docs/x` → `https://stripe.com/docs/x`). */
  readonly docsBaseUrl?: string;
}

/**
 * The docs base a spec declares for itself: the origin of its top-level `externalDocs.url`
 * (OpenAPI's "additional external documentation"). Used when the config sets no `docsBaseUrl`,
 * so relative links are resolved only because the spec says where its documentation lives.
 */
export function specDocsBase(document: Readonly<Record<string, unknown>>): string | undefined {
  const docs = document["externalDocs"];
  if (docs === null || typeof docs !== "object") return undefined;
  const url = (docs as Record<string, unknown>)["url"];
  if (typeof url !== "string") return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The JSDoc body for a declaration or property, or `undefined` when there is nothing to say. */
export function docText(doc: Doc, options: DocOptions, extra: readonly string[] = []): string | undefined {
  const parts: string[] = [];
  if (doc.description) parts.push(cleanDescription(doc.description, options));
  parts.push(...extra.map((e) => cleanDescription(e, options)));
  if (doc.readOnly) parts.push("Read-only: the API sends it and ignores it in requests.");
  if (doc.writeOnly) parts.push("Write-only: sent in requests, never returned.");
  if (doc.deprecated) parts.push("@deprecated");
  const text = parts.filter((p) => p !== "").join("\n\n");
  return text === "" ? undefined : text;
}

export function cleanDescription(text: string, options: DocOptions): string {
  let out = text.replace(/\r\n?/g, "\n");
  if (options.docsBaseUrl) {
    const base = options.docsBaseUrl.replace(/\/+$/, "");
    out = out.replace(/\]\((\/[^)\s]*)\)/g, (_m, path: string) => `](${base}${path})`);
    out = out.replace(/href=(["'])(\/[^"']*)\1/g, (_m, q: string, path: string) => `href=${q}${base}${path}${q}`);
  }
  return out
    .replaceAll("*/", "*\\/")
    .replace(/(^|\s)@(?=[A-Za-z])/g, "$1\\@") // a bare `@word` would read as a TSDoc tag
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}

/**
 * Text safe inside a `//` line comment: control characters and the Unicode line terminators
 * (which would end the comment) become spaces.
 */
export function lineCommentSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ");
}
