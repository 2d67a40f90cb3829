/**
 * The boolean path: a type expression → a TypeScript expression that is true exactly when a
 * value fits. Straight-line code, no closures, no allocation; loops and dispatches become
 * module-level helpers (`check<Decl>_<n>(v, d)`) so everything stays an expression.
 */
import type { TypeExpr } from "../../model/types.ts";
import { collectHelper } from "./collect.ts";
import { depth, GuardScope, markUnusedDepth, PREFIX, type Dispatch } from "./scope.ts";

type Union = Extract<TypeExpr, { kind: "union" }>;

/** An expression true when `x` (an identifier) fits `t`; `k` is the depth offset of `x`. */
export function test(t: TypeExpr, x: string, k: number, s: GuardScope): string {
  switch (t.kind) {
    case "unknown":
      return "true";
    case "null":
      return `${x} === null`;
    case "boolean":
      return `typeof ${x} === "boolean"`;
    case "string":
      return stringTest(t, x, s);
    case "number": {
      const parts = [`typeof ${x} === "number"`, t.integer ? `Number.isSafeInteger(${x})` : `Number.isFinite(${x})`];
      if (t.minimum !== undefined) parts.push(`${x} >= ${t.minimum}`);
      if (t.maximum !== undefined) parts.push(`${x} <= ${t.maximum}`);
      if (t.exclusiveMinimum !== undefined) parts.push(`${x} > ${t.exclusiveMinimum}`);
      if (t.exclusiveMaximum !== undefined) parts.push(`${x} < ${t.exclusiveMaximum}`);
      if (parts.length === 2) return parts[1]!; // Number.isFinite/isSafeInteger reject non-numbers
      return `(${parts.join(" && ")})`;
    }
    case "timestamp":
      return `Number.isSafeInteger(${x})`;
    case "literal":
      return `${x} === ${JSON.stringify(t.value)}`;
    case "ref": {
      const target = s.target(t.name);
      if (target.kind === "enum") return target.open ? `typeof ${x} === "string"` : `${s.use("is", t.name)}(${x})`;
      return `${s.use("check", t.name)}(${x}, ${depth(k)})`;
    }
    case "array":
      if (t.items.kind === "unknown" && t.minItems === undefined && t.maxItems === undefined) return `Array.isArray(${x})`;
      return `${PREFIX.check}${walker(t, s)}(${x}, ${depth(k)})`;
    case "record":
      if (t.values.kind === "unknown") return `${s.rt("record")}(${x})`;
      return `${PREFIX.check}${walker(t, s)}(${x}, ${depth(k)})`;
    case "expandable":
      return `(${stringTest({ kind: "string", ...t.id }, x, s)} || ${test(t.target, x, k, s)})`;
    case "intersection":
      return `(${t.members.map((m) => test(m, x, k, s)).join(" && ")})`;
    case "union":
      return unionTest(t, x, k, s);
  }
}

function stringTest(t: Extract<TypeExpr, { kind: "string" }>, x: string, s: GuardScope): string {
  // Code points <= UTF-16 units <= 2 * code points: count only when the cheap bound is unsure.
  const parts = [t.maxLength !== undefined ? `${s.rt("str")}(${x}, ${t.maxLength})` : `typeof ${x} === "string"`];
  if (t.minLength !== undefined && t.minLength > 0) {
    parts.push(`(${x}.length >= ${2 * t.minLength} || ${s.rt("codePoints")}(${x}) >= ${t.minLength})`);
  }
  if (t.pattern !== undefined) parts.push(`${patternName(t.pattern, s)}.test(${x})`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(" && ")})`;
}

/** A module-level regex, compiled once (the model has checked it compiles with the `u` flag). */
export function patternName(pattern: string, s: GuardScope): string {
  return PREFIX.pattern + s.helper(`pattern:${pattern}`, (suffix) => [`const ${PREFIX.pattern}${suffix} = /* @__PURE__ */ new RegExp(${JSON.stringify(pattern)}, "u");`]);
}

function unionTest(t: Union, x: string, k: number, s: GuardScope): string {
  const dispatch = s.dispatch(t);
  if (dispatch) {
    const call = `${PREFIX.check}${walker(t, s)}(${x}, ${depth(k)})`;
    return t.members.some((m) => m.kind === "null") ? `(${x} === null || ${call})` : call;
  }
  const tests = t.members.map((m) => test(m, x, k, s));
  // oneOf: exactly one member. With open enums members overlap by design (any string fits an
  // open enum), so in open mode oneOf is checked like anyOf.
  if (t.exclusive && s.closed) {
    return tests.length === 2 ? `(${tests[0]}) !== (${tests[1]})` : `(${tests.map((e) => `+(${e})`).join(" + ")}) === 1`;
  }
  return tests.includes("true") ? "true" : `(${tests.join(" || ")})`;
}

/**
 * The suffix of the `check`/`collect` helper pair walking an array, a record or a dispatched
 * union. Both are emitted together so the two paths always exist side by side.
 */
export function walker(t: TypeExpr, s: GuardScope): string {
  return s.helper(`walk:${JSON.stringify(t)}`, (suffix) => [markUnusedDepth(checkHelper(t, suffix, s)), markUnusedDepth(collectHelper(t, suffix, s))]);
}

function checkHelper(t: TypeExpr, suffix: string, s: GuardScope): string {
  const head = `function ${PREFIX.check}${suffix}(v: unknown, d: number): boolean {`;
  switch (t.kind) {
    case "array": {
      const bounds = [`!Array.isArray(v)`];
      if (t.minItems !== undefined) bounds.push(`v.length < ${t.minItems}`);
      if (t.maxItems !== undefined) bounds.push(`v.length > ${t.maxItems}`);
      const item = test(t.items, "x", 1, s);
      const loop =
        item === "true"
          ? []
          : [`  for (let i = 0; i < v.length; i++) {`, `    const x: unknown = v[i];`, `    if (!(${item})) return false;`, `  }`];
      return [head, `  if (${bounds.join(" || ")}) return false;`, ...loop, `  return true;`, `}`].join("\n");
    }
    case "record":
      return [
        head,
        `  if (!${s.rt("record")}(v)) return false;`,
        `  for (const key in v) {`,
        `    if (!Object.hasOwn(v, key)) continue;`,
        `    const x = v[key];`,
        `    if (!(${test(t.values, "x", 1, s)})) return false;`,
        `  }`,
        `  return true;`,
        `}`,
      ].join("\n");
    case "union":
      return dispatchCheck(head, s.dispatch(t)!, s);
    default:
      throw new Error(`internal: no walker for ${t.kind}`);
  }
}

function dispatchCheck(head: string, dispatch: Dispatch, s: GuardScope): string {
  const cases = dispatch.map.map(([tag, name]) => `    case ${JSON.stringify(tag)}:\n      return ${s.use("check", name)}(v, d);`);
  return [
    `/** Dispatches on \`${dispatch.property}\` instead of trying each member. */`,
    head,
    `  if (!${s.rt("record")}(v)) return false;`,
    `  switch (${s.rt("own")}(v, ${JSON.stringify(dispatch.property)})) {`,
    ...cases,
    `    default:`,
    `      return false;`,
    `  }`,
    `}`,
  ].join("\n");
}
