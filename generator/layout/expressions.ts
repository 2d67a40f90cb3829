/**
 * Layout rules for expressions, after prettier's printers: assignment layouts, binary chains,
 * conditionals, calls (with the last argument hugged when it is an object, array or function),
 * member access, literals and parentheses (kept only where prettier keeps them: parens.ts).
 */
import { ts } from "../ts-morph.ts";
import type { ts as TS } from "ts-morph";
import { leadingComments, trailingComments } from "./comments.ts";
import { blankLineAfter, Unsupported, type LayoutContext, type Rule } from "./context.ts";
import { breakParent, conditionalGroup, group, hardline, ifBreak, indent, indentIfBreak, join, line, printDoc, softline, willBreak, type Doc } from "./doc.ts";
import { isEs5IdentifierName, printNumber, printString } from "./literals.ts";
import { printUnion, shouldHugUnion } from "./types.ts";
import { textWidth } from "./doc.ts";
import { isChainCall, printLookup, printMemberChain } from "./chain.ts";
import { binaryOperatorText, esTypeOf, needsParens, shouldFlatten } from "./parens.ts";

/** A binary or logical expression (not an assignment or a comma). */
export function isBinaryish(node: TS.Node): node is TS.BinaryExpression {
  if (!ts.isBinaryExpression(node)) return false;
  const kind = node.operatorToken.kind;
  return !(kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment) && kind !== ts.SyntaxKind.CommaToken;
}

function skipParens(node: TS.Node): TS.Node {
  let n = node;
  while (ts.isParenthesizedExpression(n)) n = n.expression;
  return n;
}

/** The real parent (parentheses the layout may drop are looked through). */
export function parentOf(node: TS.Node): TS.Node {
  let p = node.parent;
  while (p && ts.isParenthesizedExpression(p)) p = p.parent;
  return p;
}

type Layout = "break-after-operator" | "never-break-after-operator" | "fluid" | "break-lhs" | "only-left";

function isMemberChain(node: TS.Node): boolean {
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return false;
  const object = skipParens(node.expression);
  return ts.isIdentifier(object) || isMemberChain(object);
}

/** prettier's isLoneShortArgument: an argument short enough that `a = f(x)` counts as a plain chain. */
function isLoneShortArgument(arg: TS.Node, ctx: LayoutContext): boolean {
  const a = skipParens(arg);
  const max = 100 * 0.25;
  if (a.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isIdentifier(a)) return a.text.length <= max;
  if (ts.isPrefixUnaryExpression(a) && (a.operator === ts.SyntaxKind.MinusToken || a.operator === ts.SyntaxKind.PlusToken) && ts.isNumericLiteral(a.operand)) return true;
  if (ts.isRegularExpressionLiteral(a)) return a.text.length <= max;
  if (ts.isStringLiteral(a)) return printString(a.getText(ctx.source)).length <= max;
  if (ts.isNoSubstitutionTemplateLiteral(a)) return a.rawText !== undefined && a.rawText.length <= max && !a.rawText.includes("\n");
  if (ts.isPrefixUnaryExpression(a) || ts.isTypeOfExpression(a) || ts.isVoidExpression(a)) return isLoneShortArgument(ts.isPrefixUnaryExpression(a) ? a.operand : a.expression, ctx);
  if (ts.isCallExpression(a) && a.arguments.length === 0 && ts.isIdentifier(a.expression)) return a.expression.text.length <= max - 2;
  return ts.isNumericLiteral(a) || ts.isStringLiteral(a) || a.kind === ts.SyntaxKind.TrueKeyword || a.kind === ts.SyntaxKind.FalseKeyword || a.kind === ts.SyntaxKind.NullKeyword || ts.isBigIntLiteral(a);
}

/** prettier's isMemberExpressionChain: `a.b[c].d(x)` with at most one short argument per call. */
function isPlainChain(node: TS.Node, ctx: LayoutContext, inner = false): boolean {
  const n = skipParens(node);
  if (ts.isNonNullExpression(n)) return isPlainChain(n.expression, ctx, true);
  if (ts.isCallExpression(n)) {
    if (countCalls(n) > 1) return false;
    const args = n.arguments;
    if (!(args.length === 0 || (args.length === 1 && isLoneShortArgument(args[0]!, ctx)))) return false;
    if (n.typeArguments && (n.typeArguments.length > 1 || (n.typeArguments.length === 1 && (ts.isUnionTypeNode(n.typeArguments[0]!) || ts.isIntersectionTypeNode(n.typeArguments[0]!) || ts.isTypeLiteralNode(n.typeArguments[0]!))))) return false;
    return isPlainChain(n.expression, ctx, true);
  }
  if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) return isPlainChain(n.expression, ctx, true);
  return inner && (ts.isIdentifier(n) || n.kind === ts.SyntaxKind.ThisKeyword);
}

/** prettier's chooseLayout (print/assignment.js), for the node kinds specguard emits. */
function chooseLayout(node: TS.Node, left: Doc, right: TS.Node | undefined, ctx: LayoutContext): Layout {
  if (!right) return "only-left";
  const r = skipParens(right);
  if (ts.isUnionTypeNode(r) && !shouldHugUnion(r)) return "break-after-operator";
  const canBreakLeft = willBreakOrCanBreak(left);
  if (ts.isVariableDeclaration(node) && r.kind === ts.SyntaxKind.ArrowFunction && canBreakLeft) return "break-lhs" as Layout;
  const shortKey = ts.isPropertyAssignment(node) && typeof flat(left) === "string" && textWidth(flat(left) as string) < 2 + 3;
  if (shouldBreakAfterOperator(r, shortKey, ctx)) return "break-after-operator";
  if (!canBreakLeft && (shortKey || ts.isTemplateExpression(r) || ts.isNoSubstitutionTemplateLiteral(r) || r.kind === ts.SyntaxKind.TrueKeyword || r.kind === ts.SyntaxKind.FalseKeyword || ts.isNumericLiteral(r) || ts.isClassExpression(r))) {
    return "never-break-after-operator";
  }
  return "fluid";
}

function shouldBreakAfterOperator(r: TS.Node, shortKey: boolean, ctx: LayoutContext): boolean {
  if (isBinaryish(r) && !inlineLogical(r)) return true;
  if (ts.isConditionalExpression(r)) {
    const test = skipParens(r.condition);
    return isBinaryish(test) && !inlineLogical(test);
  }
  if (shortKey) return false;
  let n = r;
  for (;;) {
    if (ts.isPrefixUnaryExpression(n)) n = skipParens(n.operand);
    else if (ts.isTypeOfExpression(n) || ts.isVoidExpression(n) || ts.isDeleteExpression(n) || ts.isAwaitExpression(n) || ts.isNonNullExpression(n)) n = skipParens(n.expression);
    else break;
  }
  return ts.isStringLiteral(n) || isPlainChain(n, ctx);
}

/** Whether a doc may break (holds a line or group that could): prettier's canBreak. */
function willBreakOrCanBreak(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (Array.isArray(doc)) return doc.some(willBreakOrCanBreak);
  const d = doc as { t: string; contents?: Doc; broken?: Doc; flat?: Doc };
  if (d.t === "line") return true;
  if (d.contents !== undefined) return willBreakOrCanBreak(d.contents);
  if (d.t === "ifBreak") return willBreakOrCanBreak(d.broken!) || willBreakOrCanBreak(d.flat!);
  return false;
}

function flat(doc: Doc): Doc {
  if (Array.isArray(doc)) {
    const parts = (doc as Doc[]).map(flat);
    return parts.every((p) => typeof p === "string") ? parts.join("") : parts;
  }
  return doc;
}

function inlineLogical(node: TS.BinaryExpression): boolean {
  const right = skipParens(node.right);
  return (
    esTypeOf(node) === "LogicalExpression" &&
    ((ts.isObjectLiteralExpression(right) && right.properties.length > 0) || (ts.isArrayLiteralExpression(right) && right.elements.length > 0))
  );
}

/** `left op right` with prettier's assignment layouts (variables, type aliases, properties, `=`). */
export function printAssignment(node: TS.Node, left: Doc, operator: string, right: TS.Node | undefined, ctx: LayoutContext): Doc {
  const layout = chooseLayout(node, left, right, ctx);
  if (layout === "only-left") return group(left);
  const r = skipParens(right!);
  const rightDoc = ts.isUnionTypeNode(r) && r === right ? printUnion(r, ctx, layout === "break-after-operator") : ctx.print(right!);
  switch (layout) {
    case "break-lhs":
      return [left, operator, " ", group(rightDoc)];
    case "break-after-operator":
      return group([group(left), operator, group(indent([line, rightDoc]))]);
    case "never-break-after-operator":
      return group([group(left), operator, " ", rightDoc]);
    case "fluid": {
      const id = Symbol("assignment");
      return group([group(left), operator, group(indent(line), { id }), indentIfBreak(rightDoc, id)]);
    }
  }
}

/**
 * `(a, b): R` of a function or arrow, for the caller to group: parameters one a line with a
 * trailing comma when the signature breaks. As in prettier, the parameters are a group of
 * their own only when the one parameter is followed by an object return type (so
 * `f(\n  a,\n  b,\n): { … }` rather than breaking the return type).
 */
export function printParameters(node: TS.SignatureDeclarationBase, ctx: LayoutContext, expandArg = false): Doc {
  const typeParams = node.typeParameters ? ["<", join(", ", node.typeParameters.map((p) => ctx.print(p))), ">"] : "";
  const printed = node.parameters.map((p) => ctx.print(p));
  const ret = node.type ? [": ", ctx.print(node.type)] : "";
  let params: Doc;
  if (printed.length === 0) params = "()";
  else if (expandArg) params = group(["(", join(", ", printed), ")"]);
  else params = ["(", indent([softline, join([",", line], printed)]), ifBreak(","), softline, ")"];
  const single = node.typeParameters === undefined || (node.typeParameters.length === 1 && !node.typeParameters[0]!.constraint && !node.typeParameters[0]!.default);
  const groupParams = node.parameters.length === 1 && single && !node.parameters[0]!.dotDotDotToken && node.type !== undefined && (ts.isTypeLiteralNode(node.type) || ts.isMappedTypeNode(node.type) || willBreak(ret));
  return [typeParams, groupParams ? group(params) : params, ret];
}

function printParameter(node: TS.ParameterDeclaration, ctx: LayoutContext): Doc {
  if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.length) throw new Unsupported("a parameter property");
  if (!ts.isIdentifier(node.name)) throw new Unsupported("a destructuring parameter");
  const left: Doc[] = [node.dotDotDotToken ? "..." : "", node.name.text, node.questionToken ? "?" : "", node.type ? [": ", ctx.print(node.type)] : ""];
  return node.initializer ? [left, " = ", ctx.print(node.initializer)] : left;
}

/** prettier's printBinaryishExpressions: a flat list of `left`, ` op`, line, `right` parts. */
function binaryParts(node: TS.Node, ctx: LayoutContext, insideParens: boolean): Doc[] {
  const n = skipParens(node);
  if (!isBinaryish(n) || (node !== n && needsParens(n, ctx))) return [group(ctx.print(node))];
  const op = binaryOperatorText(n);
  const left = skipParens(n.left);
  const right0 = skipParens(n.right);
  if (esTypeOf(n) === "LogicalExpression" && isBinaryish(right0) && binaryOperatorText(right0) === op) {
    // prettier rebalances `a || (b || c)` into `a || b || c` before printing.
    const operands = logicalOperands(n, op);
    const out: Doc[] = [group(ctx.print(operands[0]!))];
    for (const operand of operands.slice(1)) out.push(" ", [op, line, ctx.print(operand)]);
    return out;
  }
  const parts: Doc[] =
    isBinaryish(left) && shouldFlatten(op, binaryOperatorText(left)) && !needsParens(left, ctx) ? binaryParts(n.left, ctx, insideParens) : [group(ctx.print(n.left))];
  const inline = inlineLogical(n);
  const right: Doc[] = inline ? [op, " ", ctx.print(n.right)] : [op, line, ctx.print(n.right)];
  const parent = parentOf(n);
  const type = esTypeOf(n);
  const shouldGroup =
    !(insideParens && type === "LogicalExpression") &&
    !(isBinaryish(parent) && esTypeOf(parent) === type) &&
    !(isBinaryish(left) && esTypeOf(left) === type) &&
    !(isBinaryish(skipParens(n.right)) && esTypeOf(skipParens(n.right) as TS.BinaryExpression) === type);
  parts.push(" ", shouldGroup ? group(right) : right);
  return parts;
}

/** The operands of a chain of one logical operator, however the source parenthesized it. */
function logicalOperands(node: TS.Node, op: string): TS.Node[] {
  const n = skipParens(node);
  if (!isBinaryish(n) || binaryOperatorText(n) !== op) return [node];
  return [...logicalOperands(n.left, op), ...logicalOperands(n.right, op)];
}

function printBinary(node: TS.BinaryExpression, ctx: LayoutContext): Doc {
  const kind = node.operatorToken.kind;
  if (kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment) {
    return printAssignment(node, ctx.print(node.left), " " + ts.tokenToString(kind)!, node.right, ctx);
  }
  if (kind === ts.SyntaxKind.CommaToken) throw new Unsupported("a comma expression");
  const parent = parentOf(node);
  const insideParens = (ts.isIfStatement(parent) && parent.expression === skipTo(node, parent)) || ts.isWhileStatement(parent) || ts.isSwitchStatement(parent) || ts.isDoStatement(parent);
  const parts = binaryParts(node, ctx, insideParens);
  if (insideParens) return parts;
  const self = skipTo(node, parent);
  if (((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === self) || isUnary(parent) || (ts.isPropertyAccessExpression(parent) && parent.expression === self)) {
    return group([indent([softline, ...parts]), softline]);
  }
  const shouldNotIndent =
    ts.isReturnStatement(parent) ||
    ts.isThrowStatement(parent) ||
    (ts.isArrowFunction(parent) && parent.body === self) ||
    (ts.isForStatement(parent) && parent.statement !== self) ||
    (ts.isConditionalExpression(parent) && !isReturnOrCall(parentOf(parent))) ||
    ts.isTemplateSpan(parent);
  const indentIfInlining = ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || (ts.isBinaryExpression(parent) && isAssignmentOp(parent.operatorToken.kind));
  const left = skipParens(node.left);
  const samePrecedence = isBinaryish(left) && shouldFlatten(binaryOperatorText(node), binaryOperatorText(left));
  if (shouldNotIndent || (inlineLogical(node) && !samePrecedence) || (!inlineLogical(node) && indentIfInlining)) return group(parts);
  if (parts.length === 0) return "";
  const firstGroup = parts.findIndex((p) => typeof p === "object" && !Array.isArray(p) && (p as { t?: string }).t === "group");
  const head = parts.slice(0, firstGroup === -1 ? 1 : firstGroup + 1);
  const rest = parts.slice(head.length);
  return group([...head, indent(rest)]);
}

function isReturnOrCall(node: TS.Node): boolean {
  return ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isCallExpression(node) || ts.isNewExpression(node);
}

function isAssignmentOp(kind: TS.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isUnary(node: TS.Node): boolean {
  return ts.isPrefixUnaryExpression(node) || ts.isTypeOfExpression(node) || ts.isVoidExpression(node) || ts.isDeleteExpression(node) || ts.isAwaitExpression(node);
}

/** `node`, or the parenthesized expression around it that is `parent`'s direct child. */
function skipTo(node: TS.Node, parent: TS.Node): TS.Node {
  let n = node;
  while (n.parent !== parent) n = n.parent;
  return n;
}

function printConditional(node: TS.ConditionalExpression, ctx: LayoutContext): Doc {
  const parent = parentOf(node);
  const consequent = skipParens(node.whenTrue);
  const alternate = skipParens(node.whenFalse);
  const nestedInAlternate = ts.isConditionalExpression(parent) && skipParens(parent.whenFalse) === node;
  const isParentTest = ts.isConditionalExpression(parent) && skipParens(parent.condition) === node;
  const branches: Doc[] = [
    line,
    "? ",
    ts.isConditionalExpression(consequent) ? ifBreak("", "(") : "",
    indent(ctx.print(node.whenTrue)),
    ts.isConditionalExpression(consequent) ? ifBreak("", ")") : "",
    line,
    ": ",
    ts.isConditionalExpression(alternate) ? ctx.print(node.whenFalse) : indent(ctx.print(node.whenFalse)),
  ];
  const test = nestedInAlternate ? indent(ctx.print(node.condition)) : ctx.print(node.condition);
  const chained = ts.isConditionalExpression(parent) && !nestedInAlternate && !isParentTest;
  const parts: Doc[] = [test, chained ? branches : indent(branches)];
  const breakClosingParen = ts.isPropertyAccessExpression(parent);
  if (breakClosingParen) parts.push(softline);
  const result = ts.isConditionalExpression(parent) ? parts : group(parts);
  return isParentTest ? group([indent([line, result]), softline]) : result;
}

/** prettier's couldExpandArg: an argument that may be hugged (`f(a, [` … `])`). */
function couldExpand(arg: TS.Node): boolean {
  const a = skipParens(arg);
  if (ts.isObjectLiteralExpression(a)) return a.properties.length > 0;
  if (ts.isArrayLiteralExpression(a)) return a.elements.length > 0;
  if (ts.isAsExpression(a) || ts.isTypeAssertionExpression(a)) return couldExpand(a.expression);
  if (ts.isFunctionExpression(a)) return true;
  if (ts.isArrowFunction(a)) {
    const body = a.body;
    const returnsReference = a.type !== undefined && ts.isTypeReferenceNode(a.type);
    if (returnsReference && !(ts.isBlock(body) && body.statements.length > 0)) return false;
    return ts.isBlock(body) || ts.isArrowFunction(body) || ts.isObjectLiteralExpression(body) || ts.isArrayLiteralExpression(body) || ts.isCallExpression(body) || ts.isConditionalExpression(body);
  }
  return false;
}

function shouldGroupLast(args: readonly TS.Expression[]): boolean {
  const last = skipParens(args[args.length - 1]!);
  const penultimate = args.length > 1 ? skipParens(args[args.length - 2]!) : undefined;
  return (
    couldExpand(last) &&
    (penultimate === undefined || esKind(penultimate) !== esKind(last)) &&
    (args.length !== 2 || !ts.isArrowFunction(penultimate!) || !ts.isArrayLiteralExpression(last)) &&
    !(args.length > 1 && ts.isArrayLiteralExpression(last) && isConciseArray(last))
  );
}

function esKind(node: TS.Node): string {
  return isBinaryish(node) ? esTypeOf(node) : ts.SyntaxKind[node.kind]!;
}

function isConciseArray(node: TS.ArrayLiteralExpression): boolean {
  return node.elements.length > 1 && node.elements.every((e) => ts.isNumericLiteral(e) || (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand)));
}

/** prettier's printCallArguments. */
function printArguments(node: TS.CallExpression | TS.NewExpression, ctx: LayoutContext): Doc {
  const args = node.arguments ?? ts.factory.createNodeArray();
  if (args.length === 0) return "()";
  for (const a of args) if (ts.getLeadingCommentRanges(ctx.text, a.pos)?.length) throw new Unsupported("a comment in call arguments");
  const printed: Doc[] = args.map((a, i) => (i === args.length - 1 ? [ctx.print(a)] : [ctx.print(a), ",", blankLineAfter(ctx.text, a.end) ? [hardline, hardline] : line]));
  const anyEmptyLine = args.some((a, i) => i < args.length - 1 && blankLineAfter(ctx.text, a.end));
  const allBroken = (): Doc => group(["(", indent([line, ...printed, ","]), line, ")"], { brk: true });
  if (anyEmptyLine) return allBroken();
  if (shouldGroupLast(args)) {
    if (printed.slice(0, -1).some(willBreak)) return allBroken();
    const last = args[args.length - 1]!;
    const expanded = printExpandedArg(last, ctx);
    const head = printed.slice(0, -1);
    if (head.some(willBreak)) return allBroken();
    return [
      printed.some(willBreak) ? breakParent : "",
      conditionalGroup([["(", ...head, expanded, ")"], ["(", ...head, group(expanded, { brk: true }), ")"], allBroken()]),
    ];
  }
  return group(["(", indent([softline, ...printed]), ifBreak(","), softline, ")"], { brk: printed.some(willBreak) });
}

/** The last argument as prettier prints it when hugged: arrow parameters kept on one line. */
function printExpandedArg(arg: TS.Expression, ctx: LayoutContext): Doc {
  const a = skipParens(arg);
  if (ts.isArrowFunction(a) && a === arg) return printArrow(a, ctx, true);
  return ctx.print(arg);
}

function printCall(node: TS.CallExpression, ctx: LayoutContext): Doc {
  const callee = node.expression;
  const args = (n: TS.CallExpression): Doc => printArguments(n, ctx);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) return printMemberChain(node, ctx, args).doc;
  const typeArgs = node.typeArguments ? ["<", join(", ", node.typeArguments.map((t) => ctx.print(t))), ">"] : "";
  const contents: Doc[] = [ctx.print(callee), node.questionDotToken ? "?." : "", typeArgs, printArguments(node, ctx)];
  if (ts.isCallExpression(skipParens(callee))) return group(contents);
  return contents;
}

/**
 * `a.b` outside a call chain, after prettier's member printer: the lookup may move to the next
 * line (indented) only where prettier lets it.
 */
function printMember(node: TS.PropertyAccessExpression | TS.ElementAccessExpression, ctx: LayoutContext): Doc {
  const object = ctx.print(node.expression);
  const lookup = printLookup(node, ctx);
  let top: TS.Node = node;
  while (isMemberLike(top.parent)) top = top.parent;
  const owner = top.parent;
  const parent = parentOf(node);
  const plain =
    (ts.isBinaryExpression(owner) && isAssignmentOp(owner.operatorToken.kind) && owner.left === top && !ts.isIdentifier(owner.left)) ||
    ts.isElementAccessExpression(node) ||
    (ts.isIdentifier(skipParens(node.expression)) && ts.isPropertyAccessExpression(node) && !ts.isCallExpression(parent)) ||
    ((ts.isVariableDeclaration(owner) || (ts.isBinaryExpression(owner) && isAssignmentOp(owner.operatorToken.kind))) && isChainResult(node.expression));
  return [object, plain ? lookup : group(indent([softline, lookup]))];
}

function isMemberLike(node: TS.Node): boolean {
  return ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isNonNullExpression(node);
}

function isChainResult(node: TS.Node): boolean {
  const n = skipParens(node);
  return ts.isCallExpression(n) && isChainCall(n) && countCalls(n) > 1;
}

/** Calls in a member chain below `node` (`a.b().c` has one). */
function countCalls(node: TS.Node): number {
  let n = skipParens(node);
  let calls = 0;
  for (;;) {
    if (ts.isCallExpression(n)) {
      calls++;
      n = skipParens(n.expression);
    } else if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) || ts.isNonNullExpression(n)) n = skipParens(n.expression);
    else return calls;
  }
}

function printNew(node: TS.NewExpression, ctx: LayoutContext): Doc {
  const typeArgs = node.typeArguments ? ["<", join(", ", node.typeArguments.map((t) => ctx.print(t))), ">"] : "";
  return ["new ", ctx.print(node.expression), typeArgs, printArguments(node, ctx)];
}

function printArrow(node: TS.ArrowFunction, ctx: LayoutContext, expandArg = false): Doc {
  const params = printParameters(node, ctx, expandArg);
  const body = skipParens(node.body);
  const signature = group(params);
  if (ts.isBlock(node.body)) return group([signature, " =>", " ", ctx.print(node.body)]);
  if (ts.isObjectLiteralExpression(body) || ts.isArrayLiteralExpression(body) || ts.isTemplateExpression(body)) return group([signature, " =>", " ", ctx.print(node.body)]);
  if (ts.isConditionalExpression(body)) {
    return group([signature, " =>", group([indent([line, ifBreak("", "("), ctx.print(node.body), ifBreak("", ")")]), softline])]);
  }
  return group([signature, " =>", group([indent([line, ctx.print(node.body)]), expandArg ? softline : ""])]);
}

/** `[a, b]`: one element a line with a trailing comma when broken. */
function printArray(node: TS.ArrayLiteralExpression, ctx: LayoutContext): Doc {
  if (node.elements.length === 0) return "[]";
  const items: Doc[] = [];
  node.elements.forEach((e, i) => {
    items.push(...leadingComments(e, ctx), ctx.print(e));
    if (i < node.elements.length - 1) {
      items.push(",", line);
      if (blankLineAfter(ctx.text, e.end)) items.push(softline);
    }
  });
  const shouldBreak =
    node.elements.length > 1 &&
    node.elements.every((e, i, all) => {
      const el = skipParens(e);
      const next = all[i + 1] ? skipParens(all[i + 1]!) : undefined;
      const isObjOrArr = (x: TS.Node): boolean => (ts.isObjectLiteralExpression(x) && x.properties.length > 1) || (ts.isArrayLiteralExpression(x) && x.elements.length > 1);
      return isObjOrArr(el) && (next === undefined || next.kind === el.kind);
    });
  const last = node.elements[node.elements.length - 1]!;
  const trailing = ts.isOmittedExpression(last) ? "," : ifBreak(",");
  return group(["[", indent([softline, ...items, trailing]), softline, "]"], { brk: shouldBreak });
}

/** `{ a: 1 }`: broken when the source breaks before the first property (prettier keeps that choice). */
function printObject(node: TS.ObjectLiteralExpression, ctx: LayoutContext): Doc {
  if (node.properties.length === 0) {
    if (/\/[/*]/.test(ctx.text.slice(node.getStart(ctx.source), node.end))) throw new Unsupported("a comment in an empty object");
    return "{}";
  }
  const first = node.properties[0]!;
  const brk = ctx.text.slice(node.getStart(ctx.source), first.getStart(ctx.source)).includes("\n");
  const items: Doc[] = [];
  node.properties.forEach((p, i) => {
    items.push(...leadingComments(p, ctx), ctx.print(p));
    if (i < node.properties.length - 1) {
      items.push(",", ...trailingComments(p, ctx), line);
      if (blankLineAfter(ctx.text, p.end)) items.push(softline);
    }
  });
  return group(["{", indent([line, ...items]), ifBreak(","), line, "}"], { brk });
}

/** A property name: quotes dropped where the name is an identifier. */
export function printPropertyName(name: TS.PropertyName, ctx: LayoutContext): Doc {
  if (ts.isStringLiteral(name)) {
    return isEs5IdentifierName(name.text) ? name.text : printString(name.getText(ctx.source));
  }
  if (ts.isComputedPropertyName(name)) return ["[", ctx.print(name.expression), "]"];
  if (ts.isNumericLiteral(name)) return printNumber(name.text);
  return name.getText(ctx.source);
}

/** A template literal: its `${…}` holes never break (prettier prints them at infinite width). */
function printTemplate(node: TS.TemplateExpression, ctx: LayoutContext): Doc {
  const parts: Doc[] = [node.head.getText(ctx.source)];
  for (const span of node.templateSpans) {
    const hole = printDoc(ctx.print(span.expression), Number.POSITIVE_INFINITY);
    if (hole.includes("\n")) throw new Unsupported("a template hole that spans lines");
    parts.push(hole, span.literal.getText(ctx.source));
  }
  return parts;
}

function printPrefix(node: TS.PrefixUnaryExpression, ctx: LayoutContext): Doc {
  const op = ts.tokenToString(node.operator)!;
  return [op, ctx.print(node.operand)];
}

function printParenthesized(node: TS.ParenthesizedExpression, ctx: LayoutContext): Doc {
  const inner = node.expression;
  if (ts.isParenthesizedExpression(inner)) return ctx.print(inner);
  if (needsParens(inner, ctx)) return ["(", ctx.print(inner), ")"];
  return ctx.print(inner);
}

/** One rule per expression kind the emitter produces. */
export const EXPRESSION_RULES: ReadonlyMap<TS.SyntaxKind, Rule<any>> = new Map<TS.SyntaxKind, Rule<any>>([
  [ts.SyntaxKind.Identifier, (n: TS.Identifier) => n.text],
  [ts.SyntaxKind.PrivateIdentifier, (n: TS.PrivateIdentifier) => n.text],
  [ts.SyntaxKind.StringLiteral, (n: TS.StringLiteral, ctx) => printString(n.getText(ctx.source))],
  [ts.SyntaxKind.NumericLiteral, (n: TS.NumericLiteral, ctx) => printNumber(n.getText(ctx.source))],
  [ts.SyntaxKind.BigIntLiteral, (n: TS.BigIntLiteral, ctx) => n.getText(ctx.source).toLowerCase()],
  [ts.SyntaxKind.RegularExpressionLiteral, (n: TS.RegularExpressionLiteral, ctx) => n.getText(ctx.source)],
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral, (n: TS.NoSubstitutionTemplateLiteral, ctx) => n.getText(ctx.source)],
  [ts.SyntaxKind.TemplateExpression, printTemplate],
  [ts.SyntaxKind.TrueKeyword, () => "true"],
  [ts.SyntaxKind.FalseKeyword, () => "false"],
  [ts.SyntaxKind.NullKeyword, () => "null"],
  [ts.SyntaxKind.ThisKeyword, () => "this"],
  [ts.SyntaxKind.SuperKeyword, () => "super"],
  [ts.SyntaxKind.Parameter, printParameter],
  [ts.SyntaxKind.BinaryExpression, printBinary],
  [ts.SyntaxKind.ConditionalExpression, printConditional],
  [ts.SyntaxKind.CallExpression, printCall],
  [ts.SyntaxKind.NewExpression, printNew],
  [ts.SyntaxKind.PropertyAccessExpression, printMember],
  [ts.SyntaxKind.ElementAccessExpression, printMember],
  [ts.SyntaxKind.ParenthesizedExpression, printParenthesized],
  [ts.SyntaxKind.PrefixUnaryExpression, printPrefix],
  [ts.SyntaxKind.PostfixUnaryExpression, (n: TS.PostfixUnaryExpression, ctx) => [ctx.print(n.operand), ts.tokenToString(n.operator)!]],
  [ts.SyntaxKind.TypeOfExpression, (n: TS.TypeOfExpression, ctx) => ["typeof ", ctx.print(n.expression)]],
  [ts.SyntaxKind.VoidExpression, (n: TS.VoidExpression, ctx) => ["void ", ctx.print(n.expression)]],
  [ts.SyntaxKind.AsExpression, (n: TS.AsExpression, ctx) => [ctx.print(n.expression), " as ", ctx.print(n.type)]],
  [ts.SyntaxKind.NonNullExpression, (n: TS.NonNullExpression, ctx) => [ctx.print(n.expression), "!"]],
  [ts.SyntaxKind.SpreadElement, (n: TS.SpreadElement, ctx) => ["...", ctx.print(n.expression)]],
  [ts.SyntaxKind.ArrowFunction, (n: TS.ArrowFunction, ctx) => printArrow(n, ctx)],
  [ts.SyntaxKind.ArrayLiteralExpression, printArray],
  [ts.SyntaxKind.ObjectLiteralExpression, printObject],
  [ts.SyntaxKind.PropertyAssignment, (n: TS.PropertyAssignment, ctx) => printAssignment(n, printPropertyName(n.name, ctx), ":", n.initializer, ctx)],
  [ts.SyntaxKind.ShorthandPropertyAssignment, (n: TS.ShorthandPropertyAssignment) => n.name.text],
  [ts.SyntaxKind.SpreadAssignment, (n: TS.SpreadAssignment, ctx) => ["...", ctx.print(n.expression)]],
]);
