/**
 * Renderers over one list of changes: text (grouped by type, colour on a TTY), markdown (for a
 * pull-request description: counts first, breaking changes first) and JSON (for tools).
 * Description-only changes are counted apart and listed only when asked (`verbose`).
 */
import type { EnumMode } from "../config.ts";
import { ordinal } from "../resolve/resolve.ts";
import { own } from "./shape.ts";
import type { Change } from "./compare.ts";
import type { Severity } from "./rules.ts";

export interface Summary {
  readonly from: { readonly title: string; readonly version: string };
  readonly to: { readonly title: string; readonly version: string };
  readonly enums: EnumMode;
  /** Schemas compared (the union of both closures). */
  readonly schemas: number;
  readonly breaking: number;
  readonly warning: number;
  readonly safe: number;
  /** Description-only changes (not in `breaking`/`warning`/`safe`). */
  readonly descriptions: number;
  /** Count per change kind (description changes included). */
  readonly byKind: Readonly<Record<string, number>>;
}

export interface DiffReport {
  /** Every change, description-only ones included, in ordinal order of schema ids. */
  readonly changes: readonly Change[];
  readonly summary: Summary;
  /** Schema id → its generated type name (the newer one when both sides have it). */
  readonly types: Readonly<Record<string, string>>;
}

export const SEVERITIES: readonly Severity[] = ["breaking", "warning", "safe"];

export function summarize(changes: readonly Change[], base: Pick<Summary, "from" | "to" | "enums" | "schemas">): Summary {
  const counts = { breaking: 0, warning: 0, safe: 0 };
  let descriptions = 0;
  const byKind: Record<string, number> = {};
  for (const c of changes) {
    byKind[c.change] = (byKind[c.change] ?? 0) + 1;
    if (c.change === "description-changed") descriptions++;
    else counts[c.severity]++;
  }
  const sortedKinds = Object.fromEntries(Object.entries(byKind).sort(([a], [b]) => ordinal(a, b)));
  return { ...base, ...counts, descriptions, byKind: sortedKinds };
}

/** The changes a report lists: description-only ones only when verbose. */
export function listed(report: DiffReport, verbose: boolean): Change[] {
  return report.changes.filter((c) => verbose || c.change !== "description-changed");
}

export function toJson(report: DiffReport, verbose: boolean): string {
  return JSON.stringify({ changes: listed(report, verbose), summary: report.summary }, null, 2) + "\n";
}

export function countsLine(s: Summary): string {
  const parts = [`${s.breaking} breaking`, `${s.warning} ${s.warning === 1 ? "warning" : "warnings"}`, `${s.safe} safe`];
  return `${parts.join(", ")}; ${s.descriptions} description-only ${s.descriptions === 1 ? "change" : "changes"}`;
}

/**
 * Spec text (names, titles, values) in a report line, with control characters written as `\u`
 * escapes: a terminal escape sequence in a property name would reach the terminal, and a line
 * break in one would start a line of its own that reads like the report's.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Spec text in markdown prose: printable, and inert (`|` ends a table cell; `<` would start HTML). */
function md(text: string): string {
  return printable(text).replaceAll("|", "\\|").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Spec text as a markdown code span (where HTML is not read), in a fence its own backticks cannot close. */
function code(text: string): string {
  const t = printable(text).replaceAll("|", "\\|");
  return t.includes("`") ? `\`\` ${t} \`\`` : `\`${t}\``;
}

const MARK: Readonly<Record<Severity, string>> = { breaking: "✖", warning: "!", safe: "+" };
const COLOUR: Readonly<Record<Severity, string>> = { breaking: "\u001b[31m", warning: "\u001b[33m", safe: "\u001b[32m" };
const RESET = "\u001b[0m";

/** Plain text grouped by schema (its type name first), breaking changes first within a group. */
export function toText(report: DiffReport, options: { verbose: boolean; colour: boolean; header?: boolean }): string {
  const s = report.summary;
  const lines: string[] = [];
  if (options.header !== false) {
    lines.push(`${printable(s.from.title)} ${printable(s.from.version)} → ${printable(s.to.title)} ${printable(s.to.version)}: ${s.schemas} schemas compared, enums ${s.enums}`);
  }
  const groups = new Map<string, Change[]>();
  for (const c of listed(report, options.verbose)) {
    const list = groups.get(c.schema) ?? [];
    list.push(c);
    groups.set(c.schema, list);
  }
  for (const [schema, list] of groups) {
    lines.push(`  ${printable(own(report.types, schema) ?? list[0]!.type)} (${printable(schema)})`);
    for (const c of bySeverity(list)) {
      const tag = `${MARK[c.severity]} ${c.severity.padEnd(8)}`;
      lines.push(`    ${options.colour ? COLOUR[c.severity] + tag + RESET : tag} ${c.change.padEnd(19)} ${printable(c.message)}`);
    }
  }
  if (groups.size === 0) lines.push("  no changes");
  lines.push(`  ${countsLine(s)}${s.descriptions > 0 && !options.verbose ? " (--verbose lists them)" : ""}`);
  return lines.join("\n") + "\n";
}

/** Markdown for a pull-request description. */
export function toMarkdown(report: DiffReport, verbose: boolean): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`## Spec update: ${md(s.from.title)} ${code(s.from.version)} → ${code(s.to.version)}`, "");
  out.push(`${s.schemas} schemas compared, enums ${s.enums}.`, "");
  out.push("| severity | changes |", "| --- | ---: |");
  for (const sev of SEVERITIES) out.push(`| ${sev} | ${s[sev]} |`);
  out.push(`| description only | ${s.descriptions} |`, "");
  const titles: Readonly<Record<Severity, string>> = { breaking: "Breaking changes", warning: "Warnings", safe: "Safe changes" };
  const list = listed(report, verbose);
  for (const sev of SEVERITIES) {
    const rows = list.filter((c) => c.severity === sev && c.change !== "description-changed");
    if (rows.length === 0) continue;
    out.push(`### ${titles[sev]} (${rows.length})`, "", "| type | property | change | detail |", "| --- | --- | --- | --- |");
    for (const c of rows) out.push(row(c));
    out.push("");
  }
  if (verbose) {
    const docs = list.filter((c) => c.change === "description-changed");
    if (docs.length > 0) {
      out.push(`### Description-only changes (${docs.length})`, "", "| type | property | change | detail |", "| --- | --- | --- | --- |");
      for (const c of docs) out.push(row(c));
      out.push("");
    }
  }
  return out.join("\n");
}

function row(c: Change): string {
  const detail = c.value !== undefined ? code(JSON.stringify(c.value)) : md(c.message);
  return `| ${code(c.type)} | ${c.property === undefined ? "" : code(c.property)} | ${c.change} | ${detail} |`;
}

function bySeverity(list: readonly Change[]): Change[] {
  return SEVERITIES.flatMap((sev) => list.filter((c) => c.severity === sev));
}
