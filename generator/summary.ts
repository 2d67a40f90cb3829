/**
 * What `generate` prints when it has written the output. Off a terminal (CI, a pipe, a log
 * file) it is line-oriented and complete: the summary, every changed file (the first 50 of each
 * kind), and what changed by type. On a terminal the run ends with one summary line, counts in
 * place of file lists (git shows the files); when types changed, their report stands above it
 * as its own block, since a breaking change is the one thing a user must not miss.
 */
import type { FormatStats } from "./format/format.ts";
import { describeFormat } from "./format/summary.ts";
import type { Changes } from "./write/write.ts";

export interface RunSummary {
  readonly schemas: number;
  readonly out: string;
  readonly ms: number;
  /** Per stage, in milliseconds. */
  readonly timings: Readonly<Record<string, number>>;
  readonly format?: FormatStats;
  readonly changes: Changes;
  /** The by-type report of diff/since.ts (`sinceText`), or "" when none was made. */
  readonly since: string;
}

/** The text for stdout: the full report, or (`terminal`) one summary line, after the types block if types changed. */
export function summaryText(s: RunSummary, terminal: boolean): string {
  if (!terminal) {
    const fmt = s.format ? describeFormat(s.format) : "";
    return `specguard: ${s.schemas} schemas → ${s.out} in ${s.ms} ms (${timingText(s.timings)}${fmt})\n${describeChanges(s.changes)}${s.since}`;
  }
  const typesChanged = s.since.startsWith(TYPES_CHANGED);
  const types = typesChanged ? "types changed (above)" : s.since.startsWith(NO_TYPE_CHANGES) ? "no type changes" : undefined;
  const counts = fileCounts(s.changes) + (types === undefined ? "" : `; ${types}`);
  const block = typesChanged ? `specguard: ${s.since.trimStart()}` : "";
  return `${block}specguard: ${s.schemas} schemas → ${s.out} in ${(s.ms / 1000).toFixed(1)} s (${counts})\n`;
}

/** The openings of `sinceText`'s answers (diff/since.ts) that the terminal line tells apart. */
const TYPES_CHANGED = "  types changed";
const NO_TYPE_CHANGES = "  types: no changes";

/** `1509 files: 2 added, 10 changed, 1497 unchanged` (kinds with no file left out). */
function fileCounts(changes: Changes): string {
  const total = changes.added.length + changes.changed.length + changes.removed.length + changes.unchanged;
  const parts = [
    ...(changes.added.length > 0 ? [`${changes.added.length} added`] : []),
    ...(changes.changed.length > 0 ? [`${changes.changed.length} changed`] : []),
    ...(changes.removed.length > 0 ? [`${changes.removed.length} removed`] : []),
    `${changes.unchanged} unchanged`,
  ];
  return `${total - changes.removed.length} files: ${parts.join(", ")}`;
}

/** What changed, file by file (the first 50 of each kind). */
export function describeChanges(changes: Changes): string {
  const lines: string[] = [];
  const list = (label: string, paths: string[]): void => {
    if (paths.length === 0) return;
    lines.push(`  ${label} ${paths.length}:`);
    for (const p of paths.slice(0, 50)) lines.push(`    ${p}`);
    if (paths.length > 50) lines.push(`    … ${paths.length - 50} more`);
  };
  const headerOnly = new Set(changes.headerOnly);
  list("added", changes.added);
  list("changed", changes.changed.filter((p) => !headerOnly.has(p)));
  if (headerOnly.size > 0) lines.push(`  changed only in the header (spec title or version, or the banner) ${headerOnly.size}`);
  list("removed", changes.removed);
  if (lines.length === 0) lines.push(`  no changes (${changes.unchanged} files identical)`);
  else lines.push(`  unchanged ${changes.unchanged}`);
  return lines.join("\n") + "\n";
}

function timingText(timings: Readonly<Record<string, number>>): string {
  return Object.entries(timings)
    .map(([k, v]) => `${k} ${v} ms`)
    .join(", ");
}
