/**
 * Test support: run the pipeline on a small spec written inline in a test, in memory.
 */
import { generate, type GenerateOptions, type GenerateResult } from "../../generator/index.ts";
import type { Decl } from "../../generator/model/types.ts";

/** An OpenAPI document with the given component schemas. */
export function specWith(schemas: Record<string, unknown>, openapi = "3.0.0"): Record<string, unknown> {
  return { openapi, info: { title: "Inline", version: "1" }, paths: {}, components: { schemas } };
}

/** Generates (unformatted) from an inline document; every schema is selected unless `select` says otherwise. */
export function generateInline(doc: unknown, options: GenerateOptions = {}): Promise<GenerateResult> {
  const base: GenerateOptions = { spec: "inline.json", specText: JSON.stringify(doc), format: false, cacheDir: false };
  if (options.select === undefined) base.all = true;
  return generate({ ...base, ...options });
}

/** The declaration named `name`, failing loudly when the model has none. */
export function declOf(result: GenerateResult, name: string): Decl {
  const decl = result.model.decls.get(name);
  if (!decl) throw new Error(`no declaration ${name}; have ${[...result.model.decls.keys()].join(", ")}`);
  return decl;
}

/** Declaration names of the whole model, sorted. */
export function declNames(result: GenerateResult): string[] {
  return [...result.model.decls.keys()].sort();
}
