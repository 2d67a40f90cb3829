/**
 * Declarations → ts-morph structures for the types: interfaces for objects, `as const` objects
 * plus union types plus value arrays for enums, type aliases for the rest.
 */
import type { JSDocStructure, StatementStructures } from "ts-morph";
import { StructureKind, VariableDeclarationKind } from "../ts-morph.ts";
import { unionMembers, type AliasDecl, type Decl, type EnumDecl, type ObjectDecl, type TypeExpr } from "../model/types.ts";
import type { ModuleContext } from "./context.ts";
import { docText } from "./docs.ts";
import { isEs5IdentifierName } from "../layout/literals.ts";

/** TypeScript text for a type expression, in prettier's spelling. */
export function typeText(expr: TypeExpr, ctx: ModuleContext): string {
  switch (expr.kind) {
    case "unknown":
    case "never":
    case "null":
    case "boolean":
    case "string":
      return expr.kind;
    case "number":
      return "number";
    case "timestamp":
      return ctx.runtimeType("Timestamp");
    case "literal":
      return literalText(expr.value);
    case "ref":
      return ctx.useType(expr.name);
    case "array": {
      if (expr.prefix) return tupleText(expr, expr.prefix, ctx);
      const item = typeText(expr.items, ctx);
      return needsParens(expr.items) ? `(${item})[]` : `${item}[]`;
    }
    case "refine":
      return typeText(expr.base, ctx);
    case "record":
      return `{ [key: string]: ${typeText(expr.values, ctx)} }`;
    case "expandable":
      return `${ctx.runtimeType("Expandable")}<${typeText(expr.target, ctx)}>`;
    case "union":
      // Members that differ only in what the guard checks (`multipleOf: 3` | `multipleOf: 5`) read the same: once.
      return [...new Set(expr.members.map((m) => memberText(expr, m, ctx)))].join(" | ");
    case "intersection": {
      // `type: object` beside a union or `allOf` of objects adds nothing but an index signature
      // that would make every key readable and turn off excess-property checks: left out.
      const members = expr.members.filter((m) => !(isAnyRecord(m) && expr.members.some((o) => o !== m && !isAnyRecord(o) && provesObject(o, ctx))));
      if (members.length === 1) return typeText(members[0]!, ctx);
      return members.map((m) => (needsParens(m) ? `(${typeText(m, ctx)})` : typeText(m, ctx))).join(" & ");
    }
    default: {
      const never: never = expr;
      return never;
    }
  }
}

/**
 * `prefixItems` as a tuple: positions past `minItems` are optional, positions from `maxItems` on
 * do not exist, `items` types the rest (`never`, or `maxItems` within the prefix: there is no rest).
 */
function tupleText(expr: Extract<TypeExpr, { kind: "array" }>, prefix: readonly TypeExpr[], ctx: ModuleContext): string {
  const min = expr.minItems ?? 0;
  const max = expr.maxItems;
  if (max !== undefined && max < min) return "never";
  const parts = (max === undefined ? prefix : prefix.slice(0, max)).map((p, i) => {
    const text = needsParens(p) && i >= min ? `(${typeText(p, ctx)})` : typeText(p, ctx);
    return i >= min ? `${text}?` : text;
  });
  if (expr.items.kind !== "never" && (max === undefined || max > prefix.length)) {
    const item = typeText(expr.items, ctx);
    parts.push(`...${needsParens(expr.items) ? `(${item})` : item}[]`);
  }
  return `[${parts.join(", ")}]`;
}

/**
 * A union member. Under a declared `discriminator`, a member whose own property is not already
 * the literal gets it added (`Cat & { petType: "cat" }`), so TypeScript narrows on it.
 */
function memberText(u: Extract<TypeExpr, { kind: "union" }>, m: TypeExpr, ctx: ModuleContext): string {
  const text = needsParens(m) ? `(${typeText(m, ctx)})` : typeText(m, ctx);
  const d = u.discriminator;
  if (!d?.declared || m.kind !== "ref") return text;
  const values = d.map.filter(([, name]) => name === m.name).map(([v]) => v);
  const target = ctx.decl(m.name);
  if (target.kind === "object") {
    const p = target.properties.find((q) => q.name === d.property);
    if (p?.required && p.type.kind === "literal" && values.length === 1 && p.type.value === values[0]) return text;
  }
  return `(${text} & { ${propertyKey(d.property)}: ${values.map((v) => JSON.stringify(v)).join(" | ")} })`;
}

/** `{ [key: string]: unknown }`: any object. */
function isAnyRecord(expr: TypeExpr): boolean {
  return expr.kind === "record" && expr.values.kind === "unknown";
}

/** Whether every value of the type is a (non-null) object, as its TypeScript type says. */
function provesObject(expr: TypeExpr, ctx: ModuleContext, seen: Set<string> = new Set()): boolean {
  switch (expr.kind) {
    case "record":
      return true;
    case "refine":
      return provesObject(expr.base, ctx, seen);
    case "union":
      return expr.members.every((m) => provesObject(m, ctx, seen));
    case "intersection":
      return expr.members.some((m) => provesObject(m, ctx, seen));
    case "ref": {
      if (seen.has(expr.name)) return false;
      seen.add(expr.name);
      const target = ctx.decl(expr.name);
      if (target.kind === "object") return target.nullable !== true;
      return target.kind === "alias" && provesObject(target.type, ctx, seen);
    }
    default:
      return false;
  }
}

function needsParens(expr: TypeExpr): boolean {
  return expr.kind === "union" || expr.kind === "intersection" || (expr.kind === "refine" && needsParens(expr.base));
}

/** A property name as written in TypeScript: bare when it is an identifier (prettier's ES5 rule), quoted otherwise. */
export function propertyKey(name: string): string {
  return isEs5IdentifierName(name) ? name : JSON.stringify(name);
}

export function typeStatements(decl: Decl, ctx: ModuleContext): StatementStructures[] {
  switch (decl.kind) {
    case "object":
      return [objectInterface(decl, ctx)];
    case "enum":
      return enumStatements(decl, ctx);
    case "alias":
      return [alias(decl, ctx)];
    default: {
      const never: never = decl;
      return never;
    }
  }
}

function docs(text: string | undefined): { docs?: JSDocStructure[] } {
  return text === undefined ? {} : { docs: [{ kind: StructureKind.JSDoc, description: text }] };
}

/**
 * The index signature of an object with declared properties and typed extra keys: the extra
 * keys' type, widened by each declared property's (TypeScript requires every property to fit
 * the index signature), and by `undefined` when a property is optional (it is `T | undefined`
 * under the default compiler settings). `unknown` here let `{ b: 1 }` through where
 * `additionalProperties: { type: string }` says no.
 */
function indexOverProperties(decl: ObjectDecl, additional: TypeExpr, ctx: ModuleContext): string {
  const members = [additional, ...decl.properties.map((p) => p.type)].flatMap(unionMembers).filter((e) => e.kind !== "never");
  if (members.some((e) => e.kind === "unknown")) return "unknown";
  const texts = [...new Set(members.map((e) => typeText(e, ctx)))];
  if (decl.properties.some((p) => !p.required)) texts.push("undefined");
  return texts.length === 0 ? "never" : texts.join(" | ");
}

function objectInterface(decl: ObjectDecl, ctx: ModuleContext): StatementStructures {
  const patterns = decl.patterns ?? [];
  const indexType =
    decl.properties.length > 0
      ? decl.additional === true || decl.additional === false
        ? patterns.length > 0
          ? "unknown"
          : undefined
        : patterns.length > 0
          ? "unknown"
          : indexOverProperties(decl, decl.additional, ctx)
      : decl.additional === true
        ? "unknown"
        : decl.additional === false
          ? // Only keys matching a pattern may exist; without patterns, none at all.
            patterns.length === 0
            ? "never"
            : patterns.length === 1
              ? typeText(patterns[0]![1], ctx)
              : "unknown"
          : patterns.length === 0
            ? typeText(decl.additional, ctx)
            : "unknown";
  return {
    kind: StructureKind.Interface,
    name: decl.name,
    isExported: true,
    ...docs(docText(decl.doc, ctx.options)),
    properties: decl.properties.map((p) => ({
      kind: StructureKind.PropertySignature,
      name: propertyKey(p.name),
      hasQuestionToken: !p.required,
      type: typeText(p.type, ctx),
      ...docs(docText(p.doc, ctx.options)),
    })),
    indexSignatures: indexType === undefined ? [] : [{ kind: StructureKind.IndexSignature, keyName: "key", keyType: "string", returnType: indexType }],
  };
}

function alias(decl: AliasDecl, ctx: ModuleContext): StatementStructures {
  return {
    kind: StructureKind.TypeAlias,
    name: decl.name,
    isExported: true,
    type: typeText(decl.type, ctx),
    ...docs(docText(decl.doc, ctx.options)),
  };
}

function enumStatements(decl: EnumDecl, ctx: ModuleContext): StatementStructures[] {
  const note = decl.open
    ? `Open enum: besides the values listed, any other string may arrive (${decl.incomplete ? "Stripe marks this set as incomplete" : "the API adds values without notice"}); it is typed \`UnknownEnumValue\`, so a \`switch\` needs a \`default:\` branch.`
    : "Closed enum: exactly the values listed.";
  const members = decl.members.map((m) => `  ${m.key}: ${JSON.stringify(m.value)},`).join("\n");
  const union = decl.members.map((m) => JSON.stringify(m.value));
  if (decl.open) union.push(ctx.runtimeType("UnknownEnumValue"));
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      // The spec's description goes on the type only: an editor shows the docs of both halves of
      // the merged name together, so repeating it here said it twice (~0.1 MB on Stripe's whole spec).
      ...docs(`Readable names for the wire values of {@link ${decl.name}}.`),
      declarations: [{ kind: StructureKind.VariableDeclaration, name: decl.name, initializer: `{\n${members}\n} as const` }],
    },
    {
      kind: StructureKind.TypeAlias,
      name: decl.name,
      isExported: true,
      type: union.join(" | "),
      ...docs(docText(decl.doc, ctx.options, [note])),
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      ...docs(`The known values of {@link ${decl.name}}, in spec order.`),
      declarations: [
        {
          kind: StructureKind.VariableDeclaration,
          name: decl.name + "Values",
          initializer: `[${decl.members.map((m) => JSON.stringify(m.value)).join(", ")}] as const`,
        },
      ],
    },
  ];
}

/**
 * The type of a JSON value: its JSON text, but an empty object is \`Record<string, never>\`
 * (\`{}\` in type position means any value but null and undefined), nested ones included.
 */
function literalText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(literalText).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v);
    if (entries.length === 0) return "Record<string, never>";
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${literalText(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}
