/**
 * Result rows, their targets, and the two renderings: a console table and bench/RESULTS.md.
 */
export type Unit = "ms" | "MB" | "ops/s" | "bytes" | "count";

/** `ratio <= x` / `ratio >= x` on specguard ÷ peer, or a check the row computes itself. */
export type Target = { readonly ratio: "<=" | ">="; readonly value: number } | { readonly check: string };

export interface Row {
  readonly section: string;
  readonly line: string;
  readonly unit: Unit;
  /** Median, or null when it could not be measured (see `note`). */
  readonly specguard: number | null;
  readonly peer: number | null;
  readonly peerName?: string;
  readonly target?: Target;
  /** For `check` targets: whether the check passed; null when it could not run. */
  readonly checkMet?: boolean | null;
  readonly note?: string;
}

export function ratioOf(row: Row): number | null {
  if (row.specguard === null || row.peer === null || row.peer === 0) return null;
  return row.specguard / row.peer;
}

/** true / false, or null for "n/a" (nothing to compare, or no target). */
export function met(row: Row): boolean | null {
  if (!row.target) return null;
  if ("check" in row.target) return row.checkMet ?? null;
  const r = ratioOf(row);
  if (r === null) return null;
  return row.target.ratio === "<=" ? r <= row.target.value : r >= row.target.value;
}

export function targetText(t: Target | undefined): string {
  if (!t) return "—";
  if ("check" in t) return t.check;
  return `${t.ratio === "<=" ? "≤" : "≥"} ${t.value}x`;
}

export function fmt(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  switch (unit) {
    case "ms":
      return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
    case "MB":
      return `${value.toFixed(0)} MB`;
    case "ops/s":
      return value >= 1e6 ? `${(value / 1e6).toFixed(2)} M/s` : value >= 1e3 ? `${(value / 1e3).toFixed(1)} k/s` : `${value.toFixed(0)} /s`;
    case "bytes":
      return value >= 1024 ? `${(value / 1024).toFixed(1)} KiB` : `${value.toFixed(0)} B`;
    case "count":
      return String(value);
  }
}

function metText(row: Row): string {
  const m = met(row);
  return m === null ? (row.target ? "n/a" : "—") : m ? "yes" : "NO";
}

function ratioText(row: Row): string {
  const r = ratioOf(row);
  return r === null ? "—" : `${r.toFixed(2)}x`;
}

const HEAD = ["#", "line", "specguard", "peer", "ratio", "target", "met?"];

function cells(row: Row): string[] {
  const peer = row.peer === null && !row.peerName ? "—" : `${fmt(row.peer, row.unit)}${row.peerName ? ` (${row.peerName})` : ""}`;
  return [row.section, row.line, fmt(row.specguard, row.unit), peer, ratioText(row), targetText(row.target), metText(row)];
}

export function consoleTable(rows: readonly Row[]): string {
  const table = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  const out = [line(HEAD), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map((r) => line(cells(r)))];
  const notes = rows.filter((r) => r.note).map((r) => `  [${r.section}] ${r.line}: ${r.note}`);
  return out.join("\n") + (notes.length > 0 ? `\n\nnotes:\n${notes.join("\n")}` : "");
}

function mdEscape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function markdownTable(rows: readonly Row[]): string {
  const head = `| ${HEAD.join(" | ")} |\n|${HEAD.map(() => "---").join("|")}|`;
  const body = rows.map((r) => `| ${cells(r).map(mdEscape).join(" | ")} |`).join("\n");
  return `${head}\n${body}`;
}

export function markdownNotes(rows: readonly Row[]): string {
  return rows
    .filter((r) => r.note)
    .map((r) => `- **${r.section} ${mdEscape(r.line)}**: ${mdEscape(r.note!)}`)
    .join("\n");
}
