/**
 * Parentheses as prettier decides them: the source's parentheses are dropped, and put back only
 * where precedence (or prettier's taste, e.g. `(a as T).b`, `a ?? (b || c)`) needs them.
 */
import { ts } from "../ts-morph.ts";
import type { ts as TS } from "ts-morph";
import type { LayoutContext } from "./context.ts";

/** Binary operator precedence, lowest first (prettier's table). */
const PRECEDENCE: ReadonlyMap<string, number> = new Map(
  [["??"], ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "===", "!=", "!=="], ["<", ">", "<=", ">=", "in", "instanceof"], [">>", "<<", ">>>"], ["+", "-"], ["*", "/", "%"], ["**"]].flatMap((ops, i) =>
    ops.map((op) => [op, i] as const),
  ),
);
const EQUALITY = new Set(["==", "===", "!=", "!=="]);
const MULTIPLICATIVE = new Set(["*", "/", "%"]);
const SHIFT = new Set([">>", "<<", ">>>"]);
const BITWISE = new Set(["|", "^", "&", ">>", "<<", ">>>"]);

export function binaryOperatorText(node: TS.BinaryExpression): string {
  return ts.tokenToString(node.operatorToken.kind)!;
}

/** ESTree's node type for a TypeScript binary expression: prettier's rules differ between the two. */
export function esTypeOf(node: TS.BinaryExpression): "LogicalExpression" | "BinaryExpression" {
  const op = binaryOperatorText(node);
  return op === "&&" || op === "||" || op === "??" ? "LogicalExpression" : "BinaryExpression";
}

/** Whether `a op1 b op2 c` prints as one flat chain (prettier's shouldFlatten). */
export function shouldFlatten(parentOp: string, nodeOp: string): boolean {
  if (PRECEDENCE.get(nodeOp) !== PRECEDENCE.get(parentOp)) return false;
  if (parentOp === "**") return false;
  if (EQUALITY.has(parentOp) && EQUALITY.has(nodeOp)) return false;
  if ((nodeOp === "%" && MULTIPLICATIVE.has(parentOp)) || (parentOp === "%" && MULTIPLICATIVE.has(nodeOp))) return false;
  if (nodeOp !== parentOp && MULTIPLICATIVE.has(nodeOp) && MULTIPLICATIVE.has(parentOp)) return false;
  if (SHIFT.has(parentOp) && SHIFT.has(nodeOp)) return false;
  return true;
}

function unparen(node: TS.Node): TS.Node {
  let n = node;
  while (ts.isParenthesizedExpression(n)) n = n.expression;
  return n;
}

/** The node whose child `node` is, looking through parentheses, and `node`'s slot in it. */
function realParent(node: TS.Node): { parent: TS.Node; child: TS.Node } {
  let child: TS.Node = node;
  while (ts.isParenthesizedExpression(child.parent)) child = child.parent;
  return { parent: child.parent, child };
}

/** Whether `node` (the expression inside source parentheses) needs them. */
export function needsParens(node: TS.Node, _ctx: LayoutContext): boolean {
  const n = unparen(node);
  const { parent, child } = realParent(n);
  const isCallee = (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === child;
  const isObject = (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === child;
  const isUnaryOperand =
    (ts.isPrefixUnaryExpression(parent) && parent.operand === child) ||
    ts.isTypeOfExpression(parent) ||
    ts.isVoidExpression(parent) ||
    ts.isDeleteExpression(parent) ||
    ts.isAwaitExpression(parent);
  if (ts.isObjectLiteralExpression(n)) return ts.isExpressionStatement(parent) || (ts.isArrowFunction(parent) && parent.body === child) || isCallee || isObject;
  if (ts.isBinaryExpression(n)) {
    const op = binaryOperatorText(n);
    if (op === "," || (n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment)) {
      return !ts.isExpressionStatement(parent) && !(ts.isForStatement(parent) && parent.incrementor === child);
    }
    if (isUnaryOperand || isCallee || isObject || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isTypeAssertionExpression(parent)) return true;
    if (ts.isBinaryExpression(parent)) {
      const po = binaryOperatorText(parent);
      if (po === "," || parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return false;
      const mixedNullish = (po === "??") !== (op === "??") && (esTypeOf(parent) === "LogicalExpression" && esTypeOf(n) === "LogicalExpression");
      if (mixedNullish) return true;
      // prettier rebalances `a || (b || c)` into one chain, and spells out `a || (b && c)`.
      if (esTypeOf(n) === "LogicalExpression" && esTypeOf(parent) === "LogicalExpression") return po !== op;
      const pp = PRECEDENCE.get(po)!;
      const np = PRECEDENCE.get(op)!;
      if (pp > np) return true;
      if (parent.right === child && pp === np) return true;
      if (pp === np && !shouldFlatten(po, op)) return true;
      if (pp < np && op === "%") return po === "+" || po === "-";
      if (BITWISE.has(po)) return true;
      return false;
    }
    return false;
  }
  if (ts.isConditionalExpression(n)) {
    if (isUnaryOperand || isCallee || isObject || ts.isBinaryExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSpreadElement(parent)) {
      return !(ts.isBinaryExpression(parent) && (parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) && parent.right === child);
    }
    if (ts.isConditionalExpression(parent) && parent.condition === child) return true;
    return false;
  }
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
    return isCallee || isObject || isUnaryOperand || ts.isBinaryExpression(parent) || ts.isAsExpression(parent) || (ts.isConditionalExpression(parent) && parent.condition === child);
  }
  if (ts.isAsExpression(n) || ts.isSatisfiesExpression(n)) {
    return isCallee || isObject || isUnaryOperand || (ts.isBinaryExpression(parent) && !(parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment && parent.right === child)) || ts.isNonNullExpression(parent);
  }
  if (ts.isPrefixUnaryExpression(n) || ts.isTypeOfExpression(n) || ts.isVoidExpression(n) || ts.isDeleteExpression(n) || ts.isAwaitExpression(n)) {
    if (isCallee || isObject) return true;
    if (ts.isBinaryExpression(parent) && binaryOperatorText(parent) === "**" && parent.left === child) return true;
    if (ts.isPrefixUnaryExpression(parent) && ts.isPrefixUnaryExpression(n)) {
      const po = parent.operator;
      const no = n.operator;
      const plus = ts.SyntaxKind.PlusToken;
      const minus = ts.SyntaxKind.MinusToken;
      return (po === plus || po === minus) && (no === po || (po === plus && no === ts.SyntaxKind.PlusPlusToken) || (po === minus && no === ts.SyntaxKind.MinusMinusToken));
    }
    return false;
  }
  if (ts.isNumericLiteral(n)) return isObject && ts.isPropertyAccessExpression(parent);
  if (ts.isNewExpression(n)) return isCallee && !n.arguments;
  return false;
}
