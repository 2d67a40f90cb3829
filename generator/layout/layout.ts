/**
 * The layout engine: parses a module's text with the TypeScript parser and prints it again
 * through the rule tables (statements, expressions, types), so the result is already in
 * prettier's layout for the project's options (printWidth 100, trailing commas, double quotes)
 * without running prettier. A construct with no rule is never guessed at: the file is handed
 * back `unsupported` and the caller formats it with prettier instead.
 */
import { ts } from "../ts-morph.ts";
import type { ts as TS } from "ts-morph";
import { unusedComment } from "./comments.ts";
import { kindName, Unsupported, type LayoutContext, type Rule } from "./context.ts";
import { hardline, printDoc, type Doc } from "./doc.ts";
import { needsParens } from "./parens.ts";
import { CLASS_RULES } from "./classes.ts";
import { EXPRESSION_RULES } from "./expressions.ts";
import { printStatements, STATEMENT_RULES } from "./statements.ts";
import { TYPE_RULES } from "./types.ts";

/** prettier's printWidth in the project's options (format/format.ts). */
export const PRINT_WIDTH = 100;

const RULES: ReadonlyMap<TS.SyntaxKind, Rule<any>> = new Map([...STATEMENT_RULES, ...CLASS_RULES, ...EXPRESSION_RULES, ...TYPE_RULES]);

/** Expression kinds that may need parentheses the source did not write. */
const PAREN_CANDIDATES: ReadonlySet<TS.SyntaxKind> = new Set([
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.ConditionalExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.AsExpression,
]);

/** The node kinds the engine has a rule for (the tests list them). */
export function ruleKinds(): string[] {
  return [...RULES.keys()].map((k) => ts.SyntaxKind[k]!);
}

/**
 * Block comments just before an expression on the same line (`/* @__PURE__ *\/ new RegExp(…)`),
 * printed in place as prettier does. Comments on their own lines belong to statements and
 * members (comments.ts); one that neither claims is caught by `unusedComment`.
 */
function inlineComments(node: TS.Node, ctx: LayoutContext): Doc[] {
  if (ctx.text.charCodeAt(node.pos) !== 32 && ctx.text.charCodeAt(node.pos) !== 47) return [];
  const out: Doc[] = [];
  // On the line of the token before, TypeScript calls these trailing comments of that position.
  for (const range of ts.getTrailingCommentRanges(ctx.text, node.pos) ?? []) {
    if (ctx.usedComments.has(range.pos) || range.kind !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const between = ctx.text.slice(range.end, node.getStart(ctx.source));
    const comment = ctx.text.slice(range.pos, range.end);
    if (between.includes("\n") || comment.includes("\n")) continue;
    ctx.usedComments.set(range.pos, range.end);
    out.push(comment, " ");
  }
  return out;
}

export type LayoutResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** Lays out one TypeScript (or JavaScript) module; `ok: false` names the first construct without a rule. */
export function layout(text: string, fileName = "module.ts"): LayoutResult {
  const kind = fileName.endsWith(".js") ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  // JSDoc is printed as comment text, never parsed: ParseNone skips that work.
  const source = ts.createSourceFile(fileName, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, kind);
  if ((source as unknown as { parseDiagnostics: readonly TS.Diagnostic[] }).parseDiagnostics.length > 0) return { ok: false, reason: "a syntax error" };
  // A hugged last call argument is printed twice (flat, and expanded: prettier's conditional
  // group), so call arguments and arrow bodies keep their doc: without it, nested hugs would
  // cost 2^depth (GitHub's spec took minutes and 1.5 GB).
  const printed = new Map<TS.Node, Doc>();
  const ctx: LayoutContext = {
    source,
    text,
    usedComments: new Map(),
    print(node: TS.Node): Doc {
      const hit = printed.get(node);
      if (hit !== undefined) return hit;
      const doc = printNode(node);
      const parent = node.parent;
      if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isArrowFunction(parent))) printed.set(node, doc);
      return doc;
    },
  };
  const printNode = (node: TS.Node): Doc => {
    const rule = RULES.get(node.kind);
    if (!rule) throw new Unsupported(kindName(node));
    let doc = rule(node, ctx);
    // Parentheses prettier adds where the source had none (`a || (b && c)`).
    if (!ts.isParenthesizedExpression(node.parent) && PAREN_CANDIDATES.has(node.kind) && needsParens(node, ctx)) doc = ["(", doc, ")"];
    const inline = inlineComments(node, ctx);
    return inline.length > 0 ? [...inline, doc] : doc;
  };
  try {
    const statements = printStatements(source.statements, ctx);
    const dangling = ts.getLeadingCommentRanges(text, source.endOfFileToken.pos) ?? [];
    if (dangling.length > 0) throw new Unsupported("a comment at the end of the file");
    const unused = unusedComment(ctx);
    if (unused !== undefined) throw new Unsupported(`a comment at offset ${unused}`);
    if (source.statements.length === 0) return { ok: true, text: "" };
    const doc: Doc = [statements, hardline];
    return { ok: true, text: printDoc(doc, PRINT_WIDTH) };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.what };
    throw error;
  }
}
