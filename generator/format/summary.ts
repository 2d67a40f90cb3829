/**
 * The formatting part of the CLI's summary line (generate and watch): what the layout engine
 * laid out, what it handed to prettier, and prettier's own counts when it ran.
 */
import type { FormatStats } from "./format.ts";

export function describeFormat(stats: FormatStats): string {
  const parts: string[] = [];
  if (stats.laidOut > 0) parts.push(`laid out ${stats.laidOut}`);
  if (stats.fallbacks.length > 0) parts.push(`prettier for ${stats.fallbacks.length} the layout has no rule for`);
  if (stats.formatted > 0 || stats.cached > 0) parts.push(`formatted ${stats.formatted}, cached ${stats.cached}`);
  return parts.length > 0 ? `, ${parts.join(", ")}` : "";
}
