/**
 * What `generate` says at the end: the change report between the shapes recorded in the
 * previous manifest.json and the new one, by type, in the text format of `specguard diff`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { EnumMode } from "../config.ts";
import { compareSpecShapes } from "./index.ts";
import { printable, toText, type DiffReport } from "./report.ts";
import { record, SHAPE_FORMAT, type DeclShape, type SpecShape } from "./shape.ts";

interface ManifestDoc {
  readonly generator?: string;
  readonly shapes?: number;
  readonly spec?: { readonly title?: string; readonly version?: string };
  readonly schemas?: Record<string, { readonly type?: string; readonly shape?: Record<string, DeclShape> }>;
}

/** The shapes a manifest records, or `undefined` for a manifest without them (or none). */
export function shapeFromManifest(text: string | undefined): SpecShape | undefined {
  if (text === undefined) return undefined;
  let doc: ManifestDoc;
  try {
    doc = JSON.parse(text) as ManifestDoc;
  } catch {
    return undefined;
  }
  if (doc.generator !== "specguard" || doc.shapes !== SHAPE_FORMAT || !doc.schemas) return undefined;
  const schemas = record<{ type: string; decls: Record<string, DeclShape> }>();
  for (const [id, entry] of Object.entries(doc.schemas)) {
    if (entry.shape === undefined || entry.type === undefined) return undefined;
    schemas[id] = { type: entry.type, decls: entry.shape };
  }
  return { title: doc.spec?.title ?? "", version: doc.spec?.version ?? "", schemas };
}

export async function readManifest(out: string): Promise<string | undefined> {
  try {
    return await readFile(join(out, "manifest.json"), "utf8");
  } catch {
    return undefined;
  }
}

/** The report between two manifests; `undefined` when the older one records no shapes. */
export function reportSince(previous: string | undefined, next: string, options: { enums: EnumMode; strictObjects: boolean }): DiffReport | undefined {
  const older = shapeFromManifest(previous);
  const newer = shapeFromManifest(next);
  if (!older || !newer) return undefined;
  return compareSpecShapes(older, newer, options);
}

/**
 * Called before the output is written: what changed, by type, between the manifest on disk
 * and the one about to be written.
 */
export async function changeSummary(out: string, files: readonly { path: string; content: string }[], options: { enums: EnumMode; strictObjects: boolean }): Promise<string> {
  const next = files.find((f) => f.path === "manifest.json");
  if (!next) return "";
  return sinceText(reportSince(await readManifest(out), next.content, options));
}

/** Text for the end of a `generate` run. */
export function sinceText(report: DiffReport | undefined): string {
  if (!report) return "  types: no earlier manifest with shapes to compare with\n";
  if (report.changes.length === 0) return "  types: no changes\n";
  const s = report.summary;
  const versions = s.from.version === s.to.version ? `${printable(s.to.title)} ${printable(s.to.version)}, same version` : `${printable(s.from.title)} ${printable(s.from.version)} → ${printable(s.to.version)}`;
  const head = `  types changed since the last generation (${versions}):\n`;
  return head + toText(report, { verbose: false, colour: false, header: false });
}
