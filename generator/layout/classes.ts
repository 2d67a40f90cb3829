/**
 * Layout rules for classes (the runtime module's `ValidationError` and `Memo`): members one a
 * line, the source's blank lines between them kept, properties ended by `;`.
 */
import { ts } from "../ts-morph.ts";
import type { ts as TS } from "ts-morph";
import { leadingComments, trailingComments } from "./comments.ts";
import { blankLineAfter, Unsupported, type LayoutContext, type Rule } from "./context.ts";
import { group, hardline, indent, join, type Doc } from "./doc.ts";
import { printAssignment, printParameters, printPropertyName } from "./expressions.ts";
import { printTypeParameters } from "./statements.ts";

function modifiers(node: TS.Node): string {
  const mods = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  return mods.map((m) => `${ts.tokenToString(m.kind)} `).join("");
}

function printClass(node: TS.ClassDeclaration, ctx: LayoutContext): Doc {
  if (ts.getDecorators(node)?.length) throw new Unsupported("a decorator");
  const head: Doc[] = [modifiers(node), "class", node.name ? ` ${node.name.text}` : ""];
  if (node.typeParameters) head.push(printTypeParameters(node.typeParameters, ctx));
  for (const clause of node.heritageClauses ?? []) {
    const keyword = clause.token === ts.SyntaxKind.ExtendsKeyword ? "extends" : "implements";
    head.push(` ${keyword} `, join(", ", clause.types.map((t) => ctx.print(t))));
  }
  if (node.members.length === 0) return [...head, " {}"];
  const body: Doc[] = [];
  node.members.forEach((member, i) => {
    body.push(...leadingComments(member, ctx), ctx.print(member), ...trailingComments(member, ctx));
    if (i < node.members.length - 1) {
      body.push(hardline);
      if (blankLineAfter(ctx.text, member.end)) body.push(hardline);
    }
  });
  return [group(head), " {", indent([hardline, ...body]), hardline, "}"];
}

function printProperty(node: TS.PropertyDeclaration, ctx: LayoutContext): Doc {
  const left: Doc[] = [modifiers(node), printPropertyName(node.name, ctx), node.questionToken ? "?" : "", node.exclamationToken ? "!" : ""];
  if (node.type) left.push(": ", ctx.print(node.type));
  return [printAssignment(node, left, " =", node.initializer, ctx), ";"];
}

function printMethod(node: TS.MethodDeclaration | TS.ConstructorDeclaration, ctx: LayoutContext): Doc {
  const name = ts.isConstructorDeclaration(node) ? "constructor" : [printPropertyName(node.name, ctx), node.questionToken ? "?" : ""];
  return [modifiers(node), name, group(printParameters(node, ctx)), node.body ? [" ", ctx.print(node.body)] : ";"];
}

/** One rule per class-syntax kind. */
export const CLASS_RULES: ReadonlyMap<TS.SyntaxKind, Rule<any>> = new Map<TS.SyntaxKind, Rule<any>>([
  [ts.SyntaxKind.ClassDeclaration, printClass],
  [ts.SyntaxKind.PropertyDeclaration, printProperty],
  [ts.SyntaxKind.MethodDeclaration, printMethod],
  [ts.SyntaxKind.Constructor, printMethod],
]);
