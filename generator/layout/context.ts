/**
 * What every layout rule reads: the source text (for blank lines and comments) and the printer
 * for child nodes. A node kind without a rule throws `Unsupported`: the file then goes to
 * prettier instead of getting a layout nobody checked (see layout.ts).
 */
import { ts } from "../ts-morph.ts";
import type { ts as TS } from "ts-morph";
import type { Doc } from "./doc.ts";

export class Unsupported extends Error {
  constructor(readonly what: string) {
    super(`no layout rule for ${what}`);
    this.name = "Unsupported";
  }
}

export type Rule<N extends TS.Node = TS.Node> = (node: N, ctx: LayoutContext) => Doc;

export interface LayoutContext {
  readonly source: TS.SourceFile;
  readonly text: string;
  /** Lays out a child node with the rule for its kind. */
  print(node: TS.Node): Doc;
  /** Comments laid out so far: start → end offset (every comment in the file must be, or the file is refused). */
  readonly usedComments: Map<number, number>;
}

/** The syntax kind's name, for `Unsupported` messages. */
export function kindName(node: TS.Node): string {
  return ts.SyntaxKind[node.kind] ?? String(node.kind);
}

/** Whether the source has a blank line after `end` before the next token (prettier's isNextLineEmpty). */
export function blankLineAfter(text: string, end: number): boolean {
  let i = end;
  // Skip to the end of the line (a `;` or `,` and a trailing comment stay on it).
  while (i < text.length && text[i] !== "\n") {
    const ch = text[i]!;
    if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      break;
    }
    if (ch === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) return false;
      i = close + 2;
      continue;
    }
    if (ch !== " " && ch !== "\t" && ch !== ";" && ch !== ",") return false;
    i++;
  }
  i++;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return text[i] === "\n" || (text[i] === "\r" && text[i + 1] === "\n");
}
