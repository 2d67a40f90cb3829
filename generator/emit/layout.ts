/**
 * Where emitted files go. A user imports from the public files only:
 *
 *   index.ts                 the barrel: every public name below, one by one
 *   runtime.ts               the public runtime types (ValidationResult, ValidationError, …)
 *   schemas/<id>.ts          a schema's types and enums; re-exports its is/validate/assert guards
 *   internal/runtime.ts      the helpers the guards call (record, own, report, validated, …)
 *   internal/<id>.ts         the schema's guards, the check/collect workers they call, and the
 *                            walkers those need
 *   internal/walkers.ts      walkers shared by many schemas, named by structure (when any)
 *
 * Public files take values only from internal files (the guards they re-export) and internal
 * files import only types from public ones, so there is no import cycle at run time. A module shared by every internal file
 * (like internal/runtime.ts) goes into SHARED_STEMS, and its stem into the reserved file stems
 * of model/naming.ts, so that no schema's internal file can take its name.
 */
export const SCHEMA_DIR = "schemas";
export const INTERNAL_DIR = "internal";
export const RUNTIME_FILE = "runtime";

/** Files (stems, without extension) every run produces, whatever the spec holds. */
export const SHARED_STEMS: readonly string[] = ["index", RUNTIME_FILE, `${INTERNAL_DIR}/${RUNTIME_FILE}`];

/**
 * The shared walkers (emit/walkers.ts): produced only when some type has one, so not in
 * SHARED_STEMS; its stem `walkers` is reserved in model/naming.ts all the same.
 */
export const WALKERS_STEM = `${INTERNAL_DIR}/walkers`;

/** What `runtime.ts` exports: all a user of the guards needs to name. */
export const PUBLIC_RUNTIME: { readonly types: readonly string[]; readonly values: readonly string[] } = {
  types: ["Expandable", "Timestamp", "UnknownEnumValue", "ValidationIssue", "ValidationResult"],
  values: ["ValidationError"],
};

/** A module's public file (stem, relative to the output folder). */
export function publicStem(file: string): string {
  return `${SCHEMA_DIR}/${file}`;
}

/** A module's internal file (stem, relative to the output folder). */
export function internalStem(file: string): string {
  return `${INTERNAL_DIR}/${file}`;
}
