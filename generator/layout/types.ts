/**
 * Layout rules for type syntax, after prettier's: unions break one member a line behind a
 * leading `|` (except `{…} | null`, which hugs), type literals keep the source's choice of one
 * line or several, generic arguments never get a trailing comma.
 */
import { ts } from "../ts-morph.ts";
import type { ts as TS } from "ts-morph";
import { leadingComments, trailingComments } from "./comments.ts";
import { blankLineAfter, Unsupported, type LayoutContext, type Rule } from "./context.ts";
import { group, ifBreak, indent, join, line, softline, type Doc } from "./doc.ts";
import { printParameters, printPropertyName } from "./expressions.ts";
import { printNumber, printString } from "./literals.ts";
import { printMembers } from "./statements.ts";

const KEYWORDS: ReadonlyMap<TS.SyntaxKind, string> = new Map([
  [ts.SyntaxKind.StringKeyword, "string"],
  [ts.SyntaxKind.NumberKeyword, "number"],
  [ts.SyntaxKind.BooleanKeyword, "boolean"],
  [ts.SyntaxKind.BigIntKeyword, "bigint"],
  [ts.SyntaxKind.UnknownKeyword, "unknown"],
  [ts.SyntaxKind.AnyKeyword, "any"],
  [ts.SyntaxKind.NeverKeyword, "never"],
  [ts.SyntaxKind.VoidKeyword, "void"],
  [ts.SyntaxKind.UndefinedKeyword, "undefined"],
  [ts.SyntaxKind.ObjectKeyword, "object"],
  [ts.SyntaxKind.SymbolKeyword, "symbol"],
  [ts.SyntaxKind.NullKeyword, "null"],
]);

function isObjectType(node: TS.Node): boolean {
  return ts.isTypeLiteralNode(node) || ts.isMappedTypeNode(node);
}

function isSimpleType(node: TS.Node): boolean {
  return KEYWORDS.has(node.kind) || (ts.isTypeReferenceNode(node) && !node.typeArguments);
}

function isVoidish(node: TS.Node): boolean {
  return node.kind === ts.SyntaxKind.VoidKeyword || (ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword);
}

/** prettier's shouldHugType for unions: one object or named type, the rest `null`/`void` (`X | null`). */
export function shouldHugUnion(node: TS.UnionTypeNode): boolean {
  const hugged = node.types.find((t) => ts.isTypeLiteralNode(t) || ts.isTypeReferenceNode(t));
  return hugged !== undefined && node.types.every((t) => t === hugged || isVoidish(t));
}

/** prettier's shouldHugType: a simple or object type, or a hugging union, never breaks as a `|` list. */
function shouldHug(node: TS.Node): boolean {
  if (isSimpleType(node) || isObjectType(node)) return true;
  return ts.isUnionTypeNode(node) && shouldHugUnion(node);
}

function unparenType(node: TS.Node): TS.Node {
  let n = node;
  while (ts.isParenthesizedTypeNode(n)) n = n.type;
  return n;
}

function typeParent(node: TS.Node): TS.Node {
  let p = node.parent;
  while (ts.isParenthesizedTypeNode(p)) p = p.parent;
  return p;
}

/** Whether a union or function type needs the parentheses the source gave it. */
function typeNeedsParens(inner: TS.Node, parent: TS.Node): boolean {
  if (ts.isUnionTypeNode(inner) || ts.isIntersectionTypeNode(inner)) {
    // prettier keeps `(A & B) & C` as written (an intersection inside one keeps its parentheses).
    return ts.isArrayTypeNode(parent) || ts.isTypeOperatorNode(parent) || ts.isIndexedAccessTypeNode(parent) || ts.isIntersectionTypeNode(parent) || ts.isUnionTypeNode(parent);
  }
  if (ts.isFunctionTypeNode(inner) || ts.isConstructorTypeNode(inner) || ts.isConditionalTypeNode(inner)) {
    return ts.isArrayTypeNode(parent) || ts.isUnionTypeNode(parent) || ts.isIntersectionTypeNode(parent) || ts.isTypeOperatorNode(parent) || ts.isIndexedAccessTypeNode(parent);
  }
  if (ts.isTypeOperatorNode(inner)) return ts.isArrayTypeNode(parent) || ts.isIndexedAccessTypeNode(parent);
  return false;
}

/**
 * prettier's union printer: `A | B` flat, else one member a line behind `| `; on the right of a
 * type alias (break-after-operator) the alias breaks after `=` first, elsewhere the union
 * indents itself below its owner (`key:` then the members).
 */
export function printUnion(node: TS.UnionTypeNode, ctx: LayoutContext, breakAfterOperator = false): Doc {
  const parent = typeParent(node);
  if (shouldHugUnion(node)) return join(" | ", node.types.map((t) => ctx.print(t)));
  // prettier spells out `(A & B) | C`, with or without the source's parentheses.
  const member = (t: TS.TypeNode): Doc => (ts.isIntersectionTypeNode(t) ? ["(", ctx.print(t), ")"] : ctx.print(t));
  const members = group(node.types.map((t, i) => [i === 0 ? ifBreak("| ") : [line, "| "], indent(member(t))]));
  if (node.parent !== parent && typeNeedsParens(node, parent)) return group([indent([softline, members]), softline]);
  const bare = ts.isTypeReferenceNode(parent) || ts.isExpressionWithTypeArguments(parent) || ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isTupleTypeNode(parent) || ts.isTypeAssertionExpression(parent) || (ts.isFunctionTypeNode(parent.parent) && ts.isParameter(parent));
  return breakAfterOperator || bare ? members : group(indent([softline, members]));
}

function printIntersection(node: TS.IntersectionTypeNode, ctx: LayoutContext): Doc {
  const out: Doc[] = [];
  let wasIndented = false;
  node.types.forEach((t, i) => {
    const printed = ctx.print(t);
    if (i === 0) return out.push(printed);
    const prevObject = isObjectType(unparenType(node.types[i - 1]!));
    const object = isObjectType(unparenType(t));
    if (!prevObject && !object) out.push(indent([" &", line, printed]));
    else if (prevObject && object) out.push(" & ", wasIndented ? indent(printed) : printed);
    else {
      if (i > 1) wasIndented = true;
      out.push(" & ", i > 1 ? indent(printed) : printed);
    }
    return out.length;
  });
  return group(out);
}

function printTypeLiteral(node: TS.TypeLiteralNode, ctx: LayoutContext): Doc {
  if (node.members.length === 0) {
    if (/\/[/*]/.test(ctx.text.slice(node.getStart(ctx.source), node.end))) throw new Unsupported("a comment in an empty type literal");
    return "{}";
  }
  const brk = ctx.text.slice(node.getStart(ctx.source), node.members[0]!.getStart(ctx.source)).includes("\n");
  if (brk) return printMembers(node.members, ctx, ";");
  const items: Doc[] = [];
  node.members.forEach((m, i) => {
    items.push(...leadingComments(m, ctx), ctx.print(m));
    if (i < node.members.length - 1) {
      items.push(";", ...trailingComments(m, ctx), line);
      if (blankLineAfter(ctx.text, m.end)) items.push(softline);
    }
  });
  return group(["{", indent([line, ...items]), ifBreak(";"), line, "}"]);
}

/** `<A, B>` after a generic type's name: inline when it is one simple or object type. */
export function printTypeArguments(args: TS.NodeArray<TS.TypeNode> | undefined, ctx: LayoutContext): Doc {
  if (!args || args.length === 0) return "";
  const printed = args.map((a) => ctx.print(a));
  if (args.length === 1 && (isObjectType(args[0]!) || shouldHug(args[0]!))) return ["<", printed[0]!, ">"];
  return group(["<", indent([softline, join([",", line], printed)]), softline, ">"]);
}

function printLiteralType(node: TS.LiteralTypeNode, ctx: LayoutContext): Doc {
  const lit = node.literal;
  if (ts.isStringLiteral(lit)) return printString(lit.getText(ctx.source));
  if (ts.isNumericLiteral(lit)) return printNumber(lit.getText(ctx.source));
  if (ts.isPrefixUnaryExpression(lit)) return ctx.print(lit);
  return lit.getText(ctx.source);
}

function printProperty(node: TS.PropertySignature, ctx: LayoutContext): Doc {
  const mods = (node.modifiers ?? []).map((m) => `${ts.tokenToString(m.kind)} `).join("");
  return [mods, printPropertyName(node.name, ctx), node.questionToken ? "?" : "", node.type ? [": ", ctx.print(node.type)] : ""];
}

function printIndexSignature(node: TS.IndexSignatureDeclaration, ctx: LayoutContext): Doc {
  const mods = (node.modifiers ?? []).map((m) => `${ts.tokenToString(m.kind)} `).join("");
  const params = node.parameters.map((p) => ctx.print(p));
  // prettier: the parameters break onto their own line when the signature does not fit.
  const list = group([indent([softline, join([", ", softline], params)]), params.length > 1 ? ifBreak(",") : "", softline]);
  return [mods, "[", list, "]", node.type ? [": ", ctx.print(node.type)] : ""];
}

function printParenthesizedType(node: TS.ParenthesizedTypeNode, ctx: LayoutContext): Doc {
  const inner = unparenType(node);
  const parent = typeParent(node);
  if (typeNeedsParens(inner, parent)) return ["(", ctx.print(inner), ")"];
  return ctx.print(inner);
}

/** One rule per type-syntax kind the emitter produces. */
export const TYPE_RULES: ReadonlyMap<TS.SyntaxKind, Rule<any>> = new Map<TS.SyntaxKind, Rule<any>>([
  ...[...KEYWORDS].map(([kind, text]): [TS.SyntaxKind, Rule] => [kind, () => text]),
  [ts.SyntaxKind.TypeReference, (n: TS.TypeReferenceNode, ctx) => [n.typeName.getText(ctx.source), printTypeArguments(n.typeArguments, ctx)]],
  [ts.SyntaxKind.ExpressionWithTypeArguments, (n: TS.ExpressionWithTypeArguments, ctx) => [ctx.print(n.expression), printTypeArguments(n.typeArguments, ctx)]],
  [ts.SyntaxKind.LiteralType, printLiteralType],
  [ts.SyntaxKind.UnionType, (n: TS.UnionTypeNode, ctx) => printUnion(n, ctx)],
  [ts.SyntaxKind.IntersectionType, printIntersection],
  [ts.SyntaxKind.ArrayType, (n: TS.ArrayTypeNode, ctx) => [ctx.print(n.elementType), "[]"]],
  [ts.SyntaxKind.TypeLiteral, printTypeLiteral],
  [ts.SyntaxKind.PropertySignature, printProperty],
  [ts.SyntaxKind.IndexSignature, printIndexSignature],
  [ts.SyntaxKind.ParenthesizedType, printParenthesizedType],
  [ts.SyntaxKind.TypeOperator, (n: TS.TypeOperatorNode, ctx) => [ts.tokenToString(n.operator)!, " ", ctx.print(n.type)]],
  [ts.SyntaxKind.IndexedAccessType, (n: TS.IndexedAccessTypeNode, ctx) => [ctx.print(n.objectType), "[", ctx.print(n.indexType), "]"]],
  [ts.SyntaxKind.TupleType, (n: TS.TupleTypeNode, ctx) => (n.elements.length === 0 ? "[]" : group(["[", indent([softline, join([",", line], n.elements.map((e) => ctx.print(e)))]), ifBreak(","), softline, "]"]))],
  [ts.SyntaxKind.FunctionType, (n: TS.FunctionTypeNode, ctx) => group([...[printParameters(n, ctx)].map((d) => (Array.isArray(d) ? d.slice(0, 2) : d)), " => ", ctx.print(n.type)])],
  [
    ts.SyntaxKind.TypePredicate,
    (n: TS.TypePredicateNode, ctx) => [n.assertsModifier ? "asserts " : "", n.parameterName.getText(ctx.source), n.type ? [" is ", ctx.print(n.type)] : ""],
  ],
  [
    ts.SyntaxKind.TypeParameter,
    (n: TS.TypeParameterDeclaration, ctx) => [n.name.text, n.constraint ? [" extends ", ctx.print(n.constraint)] : "", n.default ? [" = ", ctx.print(n.default)] : ""],
  ],
]);
