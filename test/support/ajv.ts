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
 * Options: `ownProperties: true` (the guards read own properties only: without it ajv reads an
 * inherited `constructor` or `toString` as the value of a property of that name), `strict: false` (unknown keywords such as `example` pass), `validateFormats: false`
 * (`unix-time`, `decimal` are not checked, as JSON Schema allows), `unicode` left at its default,
 * so `maxLength` counts code points, like the guards.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
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
      for (const [name, sub] of Object.entries(value)) put(map, name, toJsonSchema(sub));
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
  const text = readFileSync(specPath, "utf8");
  const doc = (/\.ya?ml$/.test(specPath) ? parseYaml(text, { maxAliasCount: -1 }) : JSON.parse(text)) as { components: { schemas: Record<string, Json> } };
  const schemas: SchemaObject = {};
  for (const [id, s] of Object.entries(doc.components.schemas)) put(schemas, id, toJsonSchema(s));
  // Refs in the spec are `#/components/schemas/<id>`: keep that shape in one document.
  // `strict: false` would also turn `strictNumbers` off: NaN and Infinity must still fail `number`.
  const ajv = new Ajv({ strict: false, strictNumbers: true, ownProperties: true, validateFormats: false, allErrors: false, code: { optimize: false } });
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

/**
 * OpenAPI's `discriminator` in JSON Schema terms (ajv ignores the keyword): the value names the
 * member that must validate (mapping, else the member's schema id), and no other value is
 * allowed. `{ oneOf/anyOf: refs, discriminator }` → an object whose property is one of the tags,
 * with `if tag then $ref` per member. Members are `#/components/schemas/<id>` refs.
 */
export function translateDiscriminator(schema: SchemaObject): SchemaObject {
  const d = schema["discriminator"];
  const key = Array.isArray(schema["oneOf"]) ? "oneOf" : Array.isArray(schema["anyOf"]) ? "anyOf" : undefined;
  if (!isSchemaObject(d) || typeof d["propertyName"] !== "string" || key === undefined) return schema;
  const prop = d["propertyName"];
  const members = (schema[key] as Json[]).map((m) => (isSchemaObject(m) && typeof m["$ref"] === "string" ? m["$ref"] : undefined));
  if (members.some((m) => m === undefined)) return schema;
  const mapping = isSchemaObject(d["mapping"]) ? (d["mapping"] as Record<string, Json>) : {};
  const pairs: [string, string][] = [];
  for (const [tag, target] of Object.entries(mapping)) {
    if (typeof target !== "string") return schema;
    pairs.push([tag, target.startsWith("#") ? target : `#/components/schemas/${target}`]);
  }
  for (const ref of members as string[]) if (!pairs.some(([, r]) => r === ref)) pairs.push([ref.slice("#/components/schemas/".length), ref]);
  const { [key]: _members, discriminator: _d, ...rest } = schema;
  return {
    ...rest,
    type: "object",
    required: [prop],
    properties: { [prop]: { enum: pairs.map(([t]) => t) } },
    allOf: pairs.map(([tag, ref]) => ({ if: { properties: { [prop]: { const: tag } } }, then: { $ref: ref } })),
  };
}

/** Applies `translateDiscriminator` everywhere in a schema tree (before `toJsonSchema`). */
function withDiscriminators(v: Json): Json {
  if (Array.isArray(v)) return v.map(withDiscriminators);
  if (!isSchemaObject(v)) return v;
  const out: SchemaObject = {};
  for (const [k, x] of Object.entries(v)) put(out, k, withDiscriminators(x));
  return translateDiscriminator(out);
}

/** An own property even for `__proto__` (plain assignment would set the prototype: hostile keys). */
function put(o: SchemaObject, key: string, value: Json): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** 3.1 schemas are JSON Schema 2020-12 already: only extensions and `discriminator` need work. */
function toJsonSchema31(v: Json): Json {
  if (Array.isArray(v)) return v.map(toJsonSchema31);
  if (!isSchemaObject(v)) return v;
  const out: SchemaObject = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith("x-") && k !== "example") put(out, k, toJsonSchema31(x));
  return out;
}

/**
 * An oracle for an in-memory OpenAPI document: draft-07 semantics for 3.0 (through
 * `toJsonSchema`, `nullable` translated), JSON Schema 2020-12 (`ajv/dist/2020`) for 3.1.
 */
export async function createDocOracle(doc: { openapi: string; components: { schemas: Record<string, Json> } }): Promise<SpecOracle> {
  const v31 = doc.openapi.startsWith("3.1");
  const schemas: SchemaObject = {};
  for (const [id, s] of Object.entries(doc.components.schemas)) {
    const d = withDiscriminators(s);
    put(schemas, id, v31 ? toJsonSchema31(d) : toJsonSchema(d));
  }
  const options = { strict: false, strictNumbers: true, ownProperties: true, validateFormats: false, allErrors: false } as const;
  const ajv = v31 ? new (await import("ajv/dist/2020.js")).Ajv2020(options) : new Ajv(options);
  const id = "specguard:doc";
  ajv.addSchema({ $id: id, components: { schemas } });
  const cache = new Map<string, ValidateFunction>();
  return {
    ids: Object.keys(doc.components.schemas),
    validator(schemaId: string): ValidateFunction {
      let v = cache.get(schemaId);
      if (!v) {
        v = ajv.getSchema(`${id}#/components/schemas/${schemaId.replace(/~/g, "~0").replace(/\//g, "~1")}`);
        if (!v) throw new Error(`ajv: no schema ${schemaId}`);
        cache.set(schemaId, v);
      }
      return v;
    },
  };
}
