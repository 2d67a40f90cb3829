/**
 * Test support: ajv 8 as an independent oracle for the generated guards.
 *
 * OpenAPI 3.0 schemas are not JSON Schema; `toJsonSchema` translates the parts that differ:
 * - `nullable: true` → `{ anyOf: [<schema without nullable>, { type: "null" }] }`. Wrapping
 *   (instead of adding "null" to `type`) is right for schemas without `type` (anyOf/$ref), and
 *   for enums: an `enum` without `null` inside the first branch still lets `null` through the
 *   second, which is what Stripe means (OpenAPI 3.0.3 would also require `null` in the enum;
 *   the pinned spec never lists it, and the model treats `nullable` enums as `Enum | null`).
 * - `$ref` siblings are ignored in OpenAPI 3.0 except that `nullable` next to a `$ref` is how
 *   people spell a nullable reference: `{ $ref, nullable: true }` → `anyOf [{ $ref }, null]`.
 *   (None in the pinned spec.)
 * - Boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0) → the numeric form (draft 2019+/07).
 * - `x-*` extensions are dropped (so `x-expansionResources.oneOf` is never compiled), as are
 *   `discriminator` (annotation only) and `example`.
 * Options: `strict: false` (unknown keywords such as `example` pass), `validateFormats: false`
 * (`unix-time`, `decimal` are not checked, as JSON Schema allows), `unicode` left at its default,
 * so `maxLength` counts code points, like the guards.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

const SCHEMA_MAP_KEYS = ["properties", "patternProperties", "definitions", "$defs"] as const;
const SCHEMA_KEYS = ["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"] as const;
const SCHEMA_LIST_KEYS = ["anyOf", "oneOf", "allOf", "prefixItems"] as const;

function isSchemaObject(v: Json | undefined): v is SchemaObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One OpenAPI 3.0 schema → JSON Schema (draft-07 vocabulary, as ajv's default). */
export function toJsonSchema(schema: Json): Json {
  if (!isSchemaObject(schema)) return schema; // `true`/`false` schemas, or garbage ajv will report
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith("x-") || key === "nullable" || key === "discriminator" || key === "example") continue;
    if ((SCHEMA_MAP_KEYS as readonly string[]).includes(key) && isSchemaObject(value)) {
      const map: SchemaObject = {};
      for (const [name, sub] of Object.entries(value)) map[name] = toJsonSchema(sub);
      out[key] = map;
    } else if ((SCHEMA_KEYS as readonly string[]).includes(key) && isSchemaObject(value)) {
      out[key] = toJsonSchema(value);
    } else if ((SCHEMA_LIST_KEYS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.map(toJsonSchema);
    } else {
      out[key] = value;
    }
  }
  if (out["exclusiveMinimum"] === true && typeof out["minimum"] === "number") {
    out["exclusiveMinimum"] = out["minimum"];
    delete out["minimum"];
  } else if (typeof out["exclusiveMinimum"] === "boolean") delete out["exclusiveMinimum"];
  if (out["exclusiveMaximum"] === true && typeof out["maximum"] === "number") {
    out["exclusiveMaximum"] = out["maximum"];
    delete out["maximum"];
  } else if (typeof out["exclusiveMaximum"] === "boolean") delete out["exclusiveMaximum"];
  if (typeof out["$ref"] === "string") {
    // OpenAPI 3.0: siblings of $ref are ignored (only `nullable` is honoured, above).
    const ref: SchemaObject = { $ref: out["$ref"] };
    return schema["nullable"] === true ? { anyOf: [ref, { type: "null" }] } : ref;
  }
  if (schema["nullable"] === true) return { anyOf: [out, { type: "null" }] };
  return out;
}

export interface SpecOracle {
  /** The compiled validator of component schema `id` (compiled on first use, then cached). */
  validator(id: string): ValidateFunction;
  readonly ids: readonly string[];
}

const SPEC_ID = "specguard:oracle";

/** Compiles `components.schemas` of an OpenAPI 3.0 document (the JSON text) with ajv. */
export function createOracle(specPath: string): SpecOracle {
  const doc = JSON.parse(readFileSync(specPath, "utf8")) as { components: { schemas: Record<string, Json> } };
  const schemas: SchemaObject = {};
  for (const [id, s] of Object.entries(doc.components.schemas)) schemas[id] = toJsonSchema(s);
  // Refs in the spec are `#/components/schemas/<id>`: keep that shape in one document.
  // `strict: false` would also turn `strictNumbers` off: NaN and Infinity must still fail `number`.
  const ajv = new Ajv({ strict: false, strictNumbers: true, validateFormats: false, allErrors: false, code: { optimize: false } });
  ajv.addSchema({ $id: SPEC_ID, components: { schemas } });
  const cache = new Map<string, ValidateFunction>();
  return {
    ids: Object.keys(doc.components.schemas),
    validator(id: string): ValidateFunction {
      let v = cache.get(id);
      if (!v) {
        const ref = `${SPEC_ID}#/components/schemas/${id.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        v = ajv.getSchema(ref);
        if (!v) throw new Error(`ajv: no schema at ${ref}`);
        cache.set(id, v);
      }
      return v;
    },
  };
}
