/**
 * Comments the way prettier places them in the code specguard emits: block and line comments on
 * their own lines before a statement or member (a blank line after one is kept), and `//`
 * comments at the end of a statement's line. Any other placement is left unprinted, and the
 * final check (`allCommentsUsed`) refuses the file, so no comment is ever dropped silently.
 */
import { ts } from "../ts-morph.ts";
import type { ts as TS } from "ts-morph";
import { breakParent, hardline, join, lineSuffix, type Doc } from "./doc.ts";
import type { LayoutContext } from "./context.ts";

/** The comments before `node` on their own lines, each followed by a line break. */
export function leadingComments(node: TS.Node, ctx: LayoutContext): Doc[] {
  const ranges = ts.getLeadingCommentRanges(ctx.text, node.pos) ?? [];
  const out: Doc[] = [];
  for (const range of ranges) {
    ctx.usedComments.set(range.pos, range.end);
    out.push(printComment(ctx.text.slice(range.pos, range.end), range.kind));
    const after = ctx.text.slice(range.end, nextNonSpace(ctx.text, range.end));
    const newlines = (after.match(/\n/g) ?? []).length;
    if (range.kind === ts.SyntaxKind.SingleLineCommentTrivia || newlines > 0) out.push(hardline);
    else out.push(" ");
    if (newlines > 1) out.push(hardline);
  }
  return out;
}

/** A `//` comment after `node` on the same line, as a line suffix. */
export function trailingComments(node: TS.Node, ctx: LayoutContext): Doc[] {
  const ranges = ts.getTrailingCommentRanges(ctx.text, node.end) ?? [];
  const out: Doc[] = [];
  for (const range of ranges) {
    ctx.usedComments.set(range.pos, range.end);
    const text = ctx.text.slice(range.pos, range.end);
    if (range.kind === ts.SyntaxKind.SingleLineCommentTrivia) out.push(lineSuffix(" " + text), breakParent);
    else out.push(" ", printComment(text, range.kind));
  }
  return out;
}

/**
 * prettier re-indents a block comment whose every line starts with `*` (JSDoc) to the code's
 * indentation; other comments are printed as written.
 */
function printComment(text: string, kind: TS.SyntaxKind): Doc {
  if (kind === ts.SyntaxKind.SingleLineCommentTrivia) return text.trimEnd();
  const body = text.slice(2, -2);
  const lines = body.split("\n");
  // prettier's isIndentableBlockComment: every line of "*" + body + "*" starts with "*".
  if (lines.length > 1 && `*${body}*`.split("\n").every((l) => l.trimStart().startsWith("*"))) {
    return ["/*", join(hardline, lines.map((l, i) => (i === 0 ? l.trimEnd() : " " + (i < lines.length - 1 ? l.trim() : l.trimStart())))), "*/"];
  }
  return text;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/**
 * The first comment in the file that no rule laid out, if any. Every `//` or `/*` outside
 * literals (string, template and regular-expression text, found from the syntax tree) must lie
 * in a comment a rule printed; a comment anywhere else (say before a closing brace) would be lost.
 */
export function unusedComment(ctx: LayoutContext): number | undefined {
  // Most files have no `//` or `/*` outside the comments already printed: one scan settles it,
  // without the literal-aware walk over the whole tree (a tenth of the engine's time).
  const used = [...ctx.usedComments].sort((a, b) => a[0] - b[0]);
  const pattern = /\/[/*]/g;
  let k = 0;
  let stray = false;
  for (let m = pattern.exec(ctx.text); m !== null; m = pattern.exec(ctx.text)) {
    while (k < used.length && used[k]![1] <= m.index) k++;
    const range = used[k];
    if (range !== undefined && range[0] <= m.index && m.index < range[1]) {
      pattern.lastIndex = range[1];
      continue;
    }
    stray = true;
    break;
  }
  return stray ? unusedOutsideLiterals(ctx) : undefined;
}

function unusedOutsideLiterals(ctx: LayoutContext): number | undefined {
  const literals: [number, number][] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isRegularExpressionLiteral(node) || ts.isTemplateLiteralToken(node)) literals.push([node.getStart(ctx.source), node.end]);
    else ts.forEachChild(node, visit);
  };
  visit(ctx.source);
  const skips = [...literals, ...[...ctx.usedComments].map(([pos, end]): [number, number] => [pos, end])].sort((a, b) => a[0] - b[0]);
  let k = 0;
  const pattern = /\/[/*]/g;
  for (let m = pattern.exec(ctx.text); m !== null; m = pattern.exec(ctx.text)) {
    while (k < skips.length && skips[k]![1] <= m.index) k++;
    const skip = skips[k];
    if (skip !== undefined && skip[0] <= m.index && m.index < skip[1]) {
      pattern.lastIndex = skip[1];
      continue;
    }
    return m.index;
  }
  return undefined;
}
