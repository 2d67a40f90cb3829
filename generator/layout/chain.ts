/**
 * Member chains (`a.b(x).c(y)`), after prettier's printMemberChain: the chain is cut into groups
 * (the head, then each `.name(...)` with its calls); up to two groups (three when the head is a
 * factory like `Object` or `this`) stay on one line, longer chains print one group a line
 * unless the whole chain fits.
 */
import { ts } from "../ts-morph.ts";
import type { ts as TS } from "ts-morph";
import type { LayoutContext } from "./context.ts";
import { breakParent, conditionalGroup, group, hardline, indent, join, softline, willBreak, type Doc } from "./doc.ts";

interface Link {
  readonly node: TS.Node;
  readonly printed: Doc;
}

const isCall = (n: TS.Node): n is TS.CallExpression => ts.isCallExpression(n);
const isMember = (n: TS.Node): boolean => ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n);
const isComputedLiteral = (n: TS.Node): boolean => ts.isElementAccessExpression(n) && (ts.isNumericLiteral(n.argumentExpression) || ts.isStringLiteral(n.argumentExpression));

/** `.name`, `?.name` or `[index]` of a member access. */
export function printLookup(node: TS.PropertyAccessExpression | TS.ElementAccessExpression, ctx: LayoutContext): Doc {
  const optional = node.questionDotToken ? "?." : "";
  if (ts.isPropertyAccessExpression(node)) return [optional || ".", node.name.text];
  const index = node.argumentExpression;
  if (ts.isNumericLiteral(index)) return [optional, "[", ctx.print(index), "]"];
  return group([optional, "[", indent([softline, ctx.print(index)]), softline, "]"]);
}

function callTail(node: TS.CallExpression, ctx: LayoutContext, args: (n: TS.CallExpression) => Doc): Doc {
  const typeArgs = node.typeArguments ? ["<", join(", ", node.typeArguments.map((t) => ctx.print(t))), ">"] : "";
  return [node.questionDotToken ? "?." : "", typeArgs, args(node)];
}

/** The chain's links, head first. */
function links(node: TS.CallExpression, ctx: LayoutContext, args: (n: TS.CallExpression) => Doc): Link[] {
  const out: Link[] = [{ node, printed: callTail(node, ctx, args) }];
  let n: TS.Node = node.expression;
  for (;;) {
    if (ts.isCallExpression(n) && (isMember(n.expression) || ts.isCallExpression(n.expression))) {
      out.unshift({ node: n, printed: callTail(n, ctx, args) });
      n = n.expression;
    } else if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
      out.unshift({ node: n, printed: printLookup(n, ctx) });
      n = n.expression;
    } else if (ts.isNonNullExpression(n)) {
      out.unshift({ node: n, printed: "!" });
      n = n.expression;
    } else {
      out.unshift({ node: n, printed: ctx.print(n) });
      return out;
    }
  }
}

function groupsOf(all: readonly Link[]): Link[][] {
  const groups: Link[][] = [];
  let current: Link[] = [all[0]!];
  let i = 1;
  for (; i < all.length && (ts.isNonNullExpression(all[i]!.node) || isCall(all[i]!.node) || isComputedLiteral(all[i]!.node)); i++) current.push(all[i]!);
  if (!isCall(all[0]!.node)) for (; i + 1 < all.length && isMember(all[i]!.node) && isMember(all[i + 1]!.node); i++) current.push(all[i]!);
  groups.push(current);
  current = [];
  let seenCall = false;
  for (; i < all.length; i++) {
    const link = all[i]!;
    if (seenCall && isMember(link.node)) {
      if (isComputedLiteral(link.node)) {
        current.push(link);
        continue;
      }
      groups.push(current);
      current = [];
      seenCall = false;
    }
    if (isCall(link.node)) seenCall = true;
    current.push(link);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

const isFactory = (name: string): boolean => /^[A-Z]|^[$_]+$/.test(name);

function shouldMerge(groups: Link[][], inStatement: boolean): boolean {
  if (groups.length < 2) return false;
  const computed = ts.isElementAccessExpression(groups[1]![0]!.node);
  if (groups[0]!.length === 1) {
    const head = groups[0]![0]!.node;
    return head.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(head) && (isFactory(head.text) || (inStatement && head.text.length <= 2) || computed));
  }
  const last = groups[0]![groups[0]!.length - 1]!.node;
  return ts.isPropertyAccessExpression(last) && (isFactory(last.name.text) || computed);
}

/** prettier's isSimpleCallArgument, for the argument kinds the emitter writes. */
function isSimpleArgument(node: TS.Node, depth = 0): boolean {
  if (ts.isParenthesizedExpression(node)) return isSimpleArgument(node.expression, depth);
  if (ts.isRegularExpressionLiteral(node)) return true;
  if (ts.isLiteralExpression(node) || ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.NullKeyword || node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((s) => isSimpleArgument(s.expression, depth));
  if (ts.isObjectLiteralExpression(node)) return node.properties.every((p) => ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isSimpleArgument(p.initializer, depth)));
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((e) => isSimpleArgument(e, depth));
  if (ts.isPrefixUnaryExpression(node)) return isSimpleArgument(node.operand, depth);
  if (ts.isTypeOfExpression(node) || ts.isVoidExpression(node)) return isSimpleArgument(node.expression, depth);
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return depth < 2 && isSimpleArgument(node.expression, depth) && (node.arguments ?? []).every((a) => isSimpleArgument(a, depth + 1));
  if (ts.isPropertyAccessExpression(node)) return isSimpleArgument(node.expression, depth);
  if (ts.isElementAccessExpression(node)) return isSimpleArgument(node.expression, depth) && isSimpleArgument(node.argumentExpression, depth);
  if (ts.isNonNullExpression(node)) return isSimpleArgument(node.expression, depth);
  return false;
}

/** Whether `node` is printed as a member chain (a call on a member access or on a call). */
export function isChainCall(node: TS.CallExpression): boolean {
  return isMember(node.expression) || ts.isCallExpression(node.expression);
}

/** prettier's printMemberChain. `args` prints a call's arguments. */
export function printMemberChain(node: TS.CallExpression, ctx: LayoutContext, args: (n: TS.CallExpression) => Doc): { doc: Doc; isChain: boolean } {
  const all = links(node, ctx, args);
  const groups = groupsOf(all);
  const inStatement = ts.isExpressionStatement(node.parent);
  const merge = shouldMerge(groups, inStatement);
  const printGroup = (g: Link[]): Doc => g.map((l) => l.printed);
  const printed = groups.map(printGroup);
  const oneLine: Doc = printed;
  const cutoff = merge ? 3 : 2;
  if (groups.length <= cutoff) return { doc: group(oneLine), isChain: false };
  const rest = groups.slice(merge ? 2 : 1);
  const expanded: Doc = [printGroup(groups[0]!), merge ? printGroup(groups[1]!) : "", rest.length === 0 ? "" : indent([hardline, join(hardline, rest.map(printGroup))])];
  const calls = all.map((l) => l.node).filter(isCall);
  const lastGroup = groups[groups.length - 1]!;
  const lastNode = lastGroup[lastGroup.length - 1]!.node;
  const lastWillBreakAndFunctionArgs =
    isCall(lastNode) && willBreak(printed[printed.length - 1]!) && calls.slice(0, -1).some((c) => c.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)));
  if (
    (calls.length > 2 && calls.some((c) => c.arguments.some((a) => !isSimpleArgument(a)))) ||
    printed.slice(0, -1).some(willBreak) ||
    lastWillBreakAndFunctionArgs
  ) {
    return { doc: group(expanded), isChain: true };
  }
  return { doc: [willBreak(oneLine) ? breakParent : "", conditionalGroup([oneLine, expanded])], isChain: true };
}
