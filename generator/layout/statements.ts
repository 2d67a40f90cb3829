/**
 * Layout rules for statements and declarations, each mirroring prettier's printer for the same
 * construct (statement lists keep one blank line where the source had any; `if` tests break
 * inside their parentheses; import and export lists break one name a line with a trailing comma).
 */
import { ts } from "../ts-morph.ts";
import type { ts as TS } from "ts-morph";
import { leadingComments, trailingComments } from "./comments.ts";
import { blankLineAfter, Unsupported, type LayoutContext, type Rule } from "./context.ts";
import { group, hardline, ifBreak, indent, join, line, softline, type Doc } from "./doc.ts";
import { isBinaryish, printAssignment, printParameters } from "./expressions.ts";

/** Statements one a line, comments before and after each, one blank line kept where there was any. */
export function printStatements(statements: readonly TS.Node[], ctx: LayoutContext): Doc[] {
  const out: Doc[] = [];
  statements.forEach((statement, i) => {
    if (ts.isEmptyStatement(statement)) return;
    out.push(...leadingComments(statement, ctx), ctx.print(statement), ...trailingComments(statement, ctx));
    if (i < statements.length - 1) {
      out.push(hardline);
      if (blankLineAfter(ctx.text, statement.end)) out.push(hardline);
    }
  });
  return out;
}

/** `{ … }` around statements (and comments after the last one); `{}` when there are none. */
export function printBlock(statements: readonly TS.Node[], ctx: LayoutContext, block?: TS.Block): Doc {
  const body: Doc[] = printStatements(statements, ctx);
  if (block) {
    const last = statements[statements.length - 1];
    const from = last ? last.end : block.getStart(ctx.source) + 1;
    for (const range of ts.getLeadingCommentRanges(ctx.text, from) ?? []) {
      if (ctx.usedComments.has(range.pos)) continue;
      ctx.usedComments.set(range.pos, range.end);
      if (body.length > 0) body.push(hardline, blankLineAfter(ctx.text, from) ? hardline : "");
      body.push(ctx.text.slice(range.pos, range.end).trimEnd());
    }
  }
  if (body.length === 0) return "{}";
  return ["{", indent([hardline, ...body]), hardline, "}"];
}

function modifiers(node: TS.Node): string {
  const mods = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  return mods.map((m) => `${ts.tokenToString(m.kind)} `).join("");
}

/** `{ a, b }` of an import or export: one name a line when it does not fit; one name never breaks. */
function namedList(elements: readonly (TS.ImportSpecifier | TS.ExportSpecifier)[], ctx: LayoutContext): Doc {
  if (elements.length === 0) return "{}";
  const printed = elements.map((e) => ctx.print(e));
  if (elements.length === 1) return ["{ ", printed[0]!, " }"];
  return ["{", indent([line, join([",", line], printed)]), ifBreak(","), line, "}"];
}

function printImport(node: TS.ImportDeclaration, ctx: LayoutContext): Doc {
  const clause = node.importClause;
  const from = ctx.print(node.moduleSpecifier);
  if (node.attributes) throw new Unsupported("import attributes");
  if (!clause) return group(["import ", from, ";"]);
  const parts: Doc[] = ["import "];
  if (clause.isTypeOnly) parts.push("type ");
  const names: Doc[] = [];
  if (clause.name) names.push(clause.name.text);
  const bindings = clause.namedBindings;
  if (bindings) {
    if (ts.isNamespaceImport(bindings)) names.push(`* as ${bindings.name.text}`);
    else names.push(namedList(bindings.elements, ctx));
  }
  parts.push(join(", ", names), " from ", from, ";");
  return group(parts);
}

function printExport(node: TS.ExportDeclaration, ctx: LayoutContext): Doc {
  if (node.attributes) throw new Unsupported("export attributes");
  const parts: Doc[] = ["export "];
  if (node.isTypeOnly) parts.push("type ");
  const clause = node.exportClause;
  if (!clause) parts.push("*");
  else if (ts.isNamespaceExport(clause)) parts.push(`* as ${clause.name.getText(ctx.source)}`);
  else parts.push(namedList(clause.elements, ctx));
  if (node.moduleSpecifier) parts.push(" from ", ctx.print(node.moduleSpecifier));
  parts.push(";");
  return group(parts);
}

function printSpecifier(node: TS.ImportSpecifier | TS.ExportSpecifier): Doc {
  const type = node.isTypeOnly ? "type " : "";
  return node.propertyName ? `${type}${node.propertyName.getText()} as ${node.name.getText()}` : `${type}${node.name.getText()}`;
}

/** A clause after `if (…)`, `else`, `for (…)`: a block on the same line, else indented on the next. */
function clause(body: TS.Statement, ctx: LayoutContext, forceSpace = false): Doc {
  if (ts.isEmptyStatement(body)) return ";";
  if (ts.isBlock(body) || forceSpace) return [" ", ctx.print(body)];
  return indent([line, ctx.print(body)]);
}

/** The test in `if (…)`: breaks inside the parentheses unless it is `!(a && b)`. */
function parenthesizedTest(test: TS.Expression, ctx: LayoutContext): Doc {
  const printed = ctx.print(test);
  let inner: TS.Expression = test;
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
    inner = inner.operand;
    if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) inner = inner.operand;
    while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
    if (ts.isBinaryExpression(inner) && isLogical(inner.operatorToken.kind)) return printed;
  }
  return group([indent([softline, printed]), softline]);
}

function isLogical(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

function printIf(node: TS.IfStatement, ctx: LayoutContext): Doc {
  const opening = group(["if (", parenthesizedTest(node.expression, ctx), ")", clause(node.thenStatement, ctx)]);
  if (!node.elseStatement) return opening;
  const sameLine = ts.isBlock(node.thenStatement);
  return group([opening, sameLine ? " " : hardline, "else", group(clause(node.elseStatement, ctx, ts.isIfStatement(node.elseStatement)))]);
}

/** `return x;`: a binary expression that breaks goes in parentheses on its own lines. */
function printReturnLike(keyword: string, expression: TS.Expression | undefined, ctx: LayoutContext): Doc {
  if (!expression) return `${keyword};`;
  const printed = ctx.print(expression);
  const bare = stripParens(expression);
  if (isBinaryish(bare)) return [keyword, " ", group([ifBreak("("), indent([softline, printed]), softline, ifBreak(")")]), ";"];
  return [keyword, " ", printed, ";"];
}

export function stripParens(node: TS.Expression): TS.Expression {
  let n = node;
  while (ts.isParenthesizedExpression(n)) n = n.expression;
  return n;
}

function printVariableList(list: TS.VariableDeclarationList, ctx: LayoutContext): Doc {
  const keyword = list.flags & ts.NodeFlags.Const ? "const" : list.flags & ts.NodeFlags.Let ? "let" : "var";
  const printed = list.declarations.map((d) => ctx.print(d));
  if (printed.length === 1) return [keyword, " ", printed[0]!];
  // Several declarators: the first beside the keyword, the rest indented one a line if any breaks.
  const hasInit = list.declarations.some((d) => d.initializer !== undefined);
  return group([keyword, " ", printed[0]!, indent(printed.slice(1).map((p) => [",", hasInit ? hardline : line, p]))]);
}

function printVariableDeclaration(node: TS.VariableDeclaration, ctx: LayoutContext): Doc {
  const left: Doc[] = [node.name.getText(ctx.source)];
  if (node.exclamationToken) left.push("!");
  if (node.type) left.push(": ", ctx.print(node.type));
  return printAssignment(node, left, " =", node.initializer, ctx);
}

function printFunction(node: TS.FunctionDeclaration, ctx: LayoutContext): Doc {
  const head: Doc[] = [modifiers(node), "function", node.asteriskToken ? "* " : " ", node.name ? node.name.text : ""];
  const signature = printParameters(node, ctx);
  const body = node.body ? [" ", ctx.print(node.body)] : ";";
  return [...head, group(signature), body];
}

function printInterface(node: TS.InterfaceDeclaration, ctx: LayoutContext): Doc {
  const parts: Doc[] = [modifiers(node), "interface ", node.name.text];
  if (node.typeParameters) parts.push(printTypeParameters(node.typeParameters, ctx));
  for (const heritage of node.heritageClauses ?? []) {
    parts.push(" extends ", join(", ", heritage.types.map((t) => ctx.print(t))));
  }
  parts.push(" ", printMembers(node.members, ctx, ";"));
  return parts;
}

/** Interface and type-literal members, one a line, each ended by `separator`. */
export function printMembers(members: readonly TS.TypeElement[], ctx: LayoutContext, separator: string): Doc {
  if (members.length === 0) return "{}";
  const out: Doc[] = [];
  members.forEach((member, i) => {
    out.push(...leadingComments(member, ctx), ctx.print(member), separator, ...trailingComments(member, ctx));
    if (i < members.length - 1) {
      out.push(hardline);
      if (blankLineAfter(ctx.text, member.end)) out.push(hardline);
    }
  });
  return ["{", indent([hardline, ...out]), hardline, "}"];
}

export function printTypeParameters(params: TS.NodeArray<TS.TypeParameterDeclaration>, ctx: LayoutContext): Doc {
  const printed = params.map((p) => ctx.print(p));
  if (printed.length === 1) return ["<", printed[0]!, ">"];
  return group(["<", indent([softline, join([",", line], printed)]), ifBreak(","), softline, ">"]);
}

function printTypeAlias(node: TS.TypeAliasDeclaration, ctx: LayoutContext): Doc {
  const left: Doc[] = [modifiers(node), "type ", node.name.text];
  if (node.typeParameters) left.push(printTypeParameters(node.typeParameters, ctx));
  return [printAssignment(node, left, " =", node.type, ctx), ";"];
}

/** `while (…)`: laid out as an `if` without `else` (prettier prints both the same way). */
function printWhile(node: TS.WhileStatement, ctx: LayoutContext): Doc {
  return group(["while (", parenthesizedTest(node.expression, ctx), ")", clause(node.statement, ctx)]);
}

function printFor(node: TS.ForStatement, ctx: LayoutContext): Doc {
  const init = node.initializer ? ctx.print(node.initializer) : "";
  const test = node.condition ? ctx.print(node.condition) : "";
  const update = node.incrementor ? ctx.print(node.incrementor) : "";
  if (!node.initializer && !node.condition && !node.incrementor) return ["for (;;)", clause(node.statement, ctx)];
  return [group(["for (", group([indent([softline, init, ";", line, test, ";", node.incrementor ? [line, update] : ""]), softline]), ")", clause(node.statement, ctx)])];
}

function printForInOf(node: TS.ForInStatement | TS.ForOfStatement, keyword: string, ctx: LayoutContext): Doc {
  const head = ts.isVariableDeclarationList(node.initializer) ? printVariableList(node.initializer, ctx) : ctx.print(node.initializer);
  const await_ = ts.isForOfStatement(node) && node.awaitModifier ? " await" : "";
  return group([`for${await_} (`, head, ` ${keyword} `, ctx.print(node.expression), ")", clause(node.statement, ctx)]);
}

function printTry(node: TS.TryStatement, ctx: LayoutContext): Doc {
  const parts: Doc[] = ["try ", ctx.print(node.tryBlock)];
  if (node.catchClause) {
    const c = node.catchClause;
    parts.push(" catch ");
    if (c.variableDeclaration) {
      const v = c.variableDeclaration;
      parts.push("(", v.name.getText(ctx.source), v.type ? [": ", ctx.print(v.type)] : "", ") ");
    }
    parts.push(ctx.print(c.block));
  }
  if (node.finallyBlock) parts.push(" finally ", ctx.print(node.finallyBlock));
  return parts;
}

function printSwitch(node: TS.SwitchStatement, ctx: LayoutContext): Doc {
  const clauses = node.caseBlock.clauses;
  const printed: Doc[] = [];
  clauses.forEach((c, i) => {
    printed.push(...leadingComments(c, ctx));
    const head: Doc = ts.isCaseClause(c) ? ["case ", ctx.print(c.expression), ":"] : "default:";
    const body = c.statements.filter((s) => !ts.isEmptyStatement(s));
    if (body.length === 0) printed.push(head);
    else if (body.length === 1 && ts.isBlock(body[0]!)) printed.push(head, " ", ...printStatements(body, ctx));
    else printed.push(head, indent([hardline, ...printStatements(body, ctx)]));
    if (i < clauses.length - 1) {
      printed.push(hardline);
      if (blankLineAfter(ctx.text, c.end)) printed.push(hardline);
    }
  });
  return [group(["switch (", indent([softline, ctx.print(node.expression)]), softline, ")"]), " {", clauses.length > 0 ? indent([hardline, ...printed]) : "", hardline, "}"];
}

/** One rule per statement kind the emitter produces. */
export const STATEMENT_RULES: ReadonlyMap<TS.SyntaxKind, Rule<any>> = new Map<TS.SyntaxKind, Rule<any>>([
  [ts.SyntaxKind.ImportDeclaration, printImport],
  [ts.SyntaxKind.ExportDeclaration, printExport],
  [ts.SyntaxKind.ImportSpecifier, printSpecifier],
  [ts.SyntaxKind.ExportSpecifier, printSpecifier],
  [ts.SyntaxKind.InterfaceDeclaration, printInterface],
  [ts.SyntaxKind.TypeAliasDeclaration, printTypeAlias],
  [ts.SyntaxKind.FunctionDeclaration, printFunction],
  [ts.SyntaxKind.VariableStatement, (n: TS.VariableStatement, ctx) => [modifiers(n), printVariableList(n.declarationList, ctx), ";"]],
  [ts.SyntaxKind.VariableDeclarationList, printVariableList],
  [ts.SyntaxKind.VariableDeclaration, printVariableDeclaration],
  [ts.SyntaxKind.ExpressionStatement, (n: TS.ExpressionStatement, ctx) => [ctx.print(n.expression), ";"]],
  [ts.SyntaxKind.Block, (n: TS.Block, ctx) => printBlock(n.statements, ctx, n)],
  [ts.SyntaxKind.IfStatement, printIf],
  [ts.SyntaxKind.ReturnStatement, (n: TS.ReturnStatement, ctx) => printReturnLike("return", n.expression, ctx)],
  [ts.SyntaxKind.ThrowStatement, (n: TS.ThrowStatement, ctx) => printReturnLike("throw", n.expression, ctx)],
  [ts.SyntaxKind.TryStatement, printTry],
  [ts.SyntaxKind.ForStatement, printFor],
  [ts.SyntaxKind.WhileStatement, printWhile],
  [ts.SyntaxKind.ForInStatement, (n: TS.ForInStatement, ctx) => printForInOf(n, "in", ctx)],
  [ts.SyntaxKind.ForOfStatement, (n: TS.ForOfStatement, ctx) => printForInOf(n, "of", ctx)],
  [ts.SyntaxKind.ContinueStatement, (n: TS.ContinueStatement) => (n.label ? `continue ${n.label.text};` : "continue;")],
  [ts.SyntaxKind.BreakStatement, (n: TS.BreakStatement) => (n.label ? `break ${n.label.text};` : "break;")],
  [ts.SyntaxKind.SwitchStatement, printSwitch],
]);
