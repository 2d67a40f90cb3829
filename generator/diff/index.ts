/**
 * `diff`: two spec files → a classified change report, through the same load → resolve → model
 * stages as `generate` (so it names the generated types), then the neutral shape (shape.ts) and
 * the comparison (compare.ts). ts-morph and prettier are never loaded.
 */
import type { EnumMode } from "../config.ts";
import { Problems, SpecError } from "../errors.ts";
import { loadFile, type LoadedSpec } from "../load/load.ts";
import { buildModel } from "../model/index.ts";
import { resolve } from "../resolve/resolve.ts";
import * as ptr from "../pointer.ts";
import { compareShapes } from "./compare.ts";
import { summarize, type DiffReport } from "./report.ts";
import { record, specShape, type SpecShape } from "./shape.ts";

export { compareShapes, type Change } from "./compare.ts";
export { countsLine, summarize, toJson, toMarkdown, toText, type DiffReport, type Summary } from "./report.ts";
export { RULES, type ChangeKind, type Rule, type Severity } from "./rules.ts";
export { specShape, type SpecShape } from "./shape.ts";

export interface DiffOptions {
  readonly select: readonly string[];
  readonly all: boolean;
  readonly enums: EnumMode;
  readonly strictObjects: boolean;
}

/** Reads both specs and compares them over the selection (each side's own closure). */
export async function diffSpecs(olderFile: string, newerFile: string, options: DiffOptions): Promise<DiffReport> {
  const [older, newer] = await Promise.all([loadFile(olderFile), loadFile(newerFile)]);
  return diffLoaded(older, newer, options);
}

export function diffLoaded(older: LoadedSpec, newer: LoadedSpec, options: DiffOptions): DiffReport {
  if (!options.all) {
    // A selected id may exist on one side only (a resource added or removed): that is a change to
    // report, not an error. An id neither side has is a typo.
    const problems = new Problems();
    for (const id of options.select) {
      if (!hasSchema(older, id) && !hasSchema(newer, id)) {
        problems.add("select-unknown", `no component schema ${JSON.stringify(id)} in either spec`, ptr.join("/components/schemas", id));
      }
    }
    problems.throwIfAny();
  }
  return compareSpecShapes(shapeOf(older, options), shapeOf(newer, options), options);
}

export function compareSpecShapes(older: SpecShape, newer: SpecShape, options: Pick<DiffOptions, "enums" | "strictObjects">): DiffReport {
  const changes = compareShapes(older, newer, options);
  const schemas = new Set([...Object.keys(older.schemas), ...Object.keys(newer.schemas)]).size;
  const types = record<string>();
  for (const [id, shape] of Object.entries(older.schemas)) types[id] = shape.type;
  for (const [id, shape] of Object.entries(newer.schemas)) types[id] = shape.type;
  return {
    changes,
    types,
    summary: summarize(changes, {
      from: { title: older.title, version: older.version },
      to: { title: newer.title, version: newer.version },
      enums: options.enums,
      schemas,
    }),
  };
}

function shapeOf(loaded: LoadedSpec, options: DiffOptions): SpecShape {
  try {
    const select = options.all ? [] : options.select.filter((id) => hasSchema(loaded, id));
    const resolved = resolve(loaded, { select, all: options.all });
    return specShape(buildModel(resolved, { enums: options.enums }));
  } catch (error) {
    // Say which of the two specs a problem is in.
    if (error instanceof SpecError) {
      throw new SpecError(error.problems.map((p) => (p.line !== undefined ? p : { ...p, message: `${p.message} (in ${loaded.source})` })));
    }
    throw error;
  }
}

function hasSchema(loaded: LoadedSpec, id: string): boolean {
  const schemas = ptr.get(loaded.document, ["components", "schemas"]);
  return schemas !== null && typeof schemas === "object" && Object.hasOwn(schemas, id);
}
