/**
 * The boolean path: a type expression → a TypeScript expression that is true exactly when a
 * value fits. Straight-line code, no closures, no allocation; loops and dispatches become
 * helpers so everything stays an expression: shared walkers over leaves (`valid<Structure>(v)`
 * in internal/walkers.ts, see walkers.ts) or module-level ones (`check<Decl>_<n>(v, d)`).
 */
import { CHECKED_FORMATS, type Json, type Rule, type TypeExpr } from "../../model/types.ts";
import { collectHelper, dedent, keepExpr, neverThrows, recallLines, reportsThrows } from "./collect.ts";
import { expected } from "./describe.ts";
import { depth, GuardScope, markUnusedParams, PREFIX, type Dispatch } from "./scope.ts";

type Union = Extract<TypeExpr, { kind: "union" }>;

/**
 * Whether the test of `t` can pass on `undefined`: an `unknown` base under rules such as `not`
 * or `if`/`then` (`not: {type: integer}` holds for undefined), reached directly, through an
 * alias or in a union. A required property of such a type needs a presence test of its own, or
 * its absence would satisfy it. Every other type's test starts with a kind test that fails.
 */
export function passesUndefined(t: TypeExpr, s: GuardScope, seen: Set<string> = new Set()): boolean {
  switch (t.kind) {
    case "unknown":
      return true;
    case "refine":
      return passesUndefined(t.base, s, seen);
    case "union":
      return t.members.some((m) => passesUndefined(m, s, seen));
    case "intersection":
      return t.members.every((m) => passesUndefined(m, s, seen));
    case "ref": {
      if (seen.has(t.name)) return false;
      seen.add(t.name);
      const decl = s.ctx.decl(t.name);
      return decl.kind === "alias" && passesUndefined(decl.type, s, seen);
    }
    default:
      return false;
  }
}

/** An expression true when `x` (an identifier) fits `t`; `k` is the depth offset of `x`. */
export function test(t: TypeExpr, x: string, k: number, s: GuardScope): string {
  switch (t.kind) {
    case "unknown":
      return "true";
    case "never":
      return "false";
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
      if (t.value !== null && typeof t.value === "object") return `${s.rt("equal")}(${x}, ${jsonConstant(t.value, s)})`;
      return `${x} === ${JSON.stringify(t.value)}`;
    case "ref": {
      const target = s.target(t.name);
      if (target.kind === "enum") return target.open ? `typeof ${x} === "string"` : `${s.use("check", t.name)}(${x})`;
      return `${s.use("check", t.name)}(${x}, ${depth(k)}, m)`;
    }
    case "array":
    case "record": {
      if (t.kind === "array" && t.items.kind === "unknown" && t.minItems === undefined && t.maxItems === undefined && !t.prefix) return `Array.isArray(${x})`;
      if (t.kind === "record" && t.values.kind === "unknown") return `${s.rt("record")}(${x})`;
      const shared = s.shared(t);
      if (shared !== undefined) return s.walkerCall("check", shared, t, x);
      return `${PREFIX.check}${walker(t, s)}(${x}, ${depth(k)}, m)`;
    }
    case "expandable":
      return `(${stringTest({ kind: "string", ...t.id }, x, s)} || ${test(t.target, x, k, s)})`;
    case "intersection":
      return `(${t.members.map((m) => test(m, x, k, s)).join(" && ")})`;
    case "union":
      return unionTest(t, x, k, s);
    case "refine": {
      const parts = [test(t.base, x, k, s), ...t.rules.map((r) => ruleTest(r, x, k, s))].filter((e) => e !== "true");
      if (parts.includes("false")) return "false";
      return parts.length === 0 ? "true" : parts.length === 1 ? parts[0]! : `(${parts.join(" && ")})`;
    }
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** A module-level constant holding a JSON value (a `const`/`enum` object or array), compared by `equal`. */
export function jsonConstant(value: Json, s: GuardScope): string {
  const text = JSON.stringify(value);
  // Parsed, not written as a literal: in an object literal a `"__proto__"` key would set the
  // prototype instead of making a property (hostile specs), JSON.parse makes it an own key.
  return PREFIX.json + s.helper(`json:${text}`, (suffix) => [`const ${PREFIX.json}${suffix}: unknown = /* @__PURE__ */ JSON.parse(${JSON.stringify(text)});`]);
}

/**
 * An expression true when `x` satisfies rule `r`. A rule constrains only values of its JSON
 * kind, so each test lets the other kinds through first.
 */
export function ruleTest(r: Rule, x: string, k: number, s: GuardScope): string {
  switch (r.rule) {
    case "not": {
      const inner = test(r.type, x, k, s);
      return inner === "true" ? "false" : inner === "false" ? "true" : `!(${inner})`;
    }
    case "if": {
      const cond = test(r.if, x, k, s);
      const yes = r.then ? test(r.then, x, k, s) : "true";
      const no = r.else ? test(r.else, x, k, s) : "true";
      return `(${cond} ? ${yes} : ${no})`;
    }
    case "multipleOf":
      return `(typeof ${x} !== "number" || ${s.rt("multipleOf")}(${x}, ${r.by}))`;
    case "uniqueItems":
      return `(!Array.isArray(${x}) || ${s.rt("unique")}(${x}))`;
    case "propertyCount": {
      const parts = [`!${s.rt("record")}(${x})`];
      const bounds: string[] = [];
      if (r.min !== undefined) bounds.push(`Object.keys(${x}).length >= ${r.min}`);
      if (r.max !== undefined) bounds.push(`Object.keys(${x}).length <= ${r.max}`);
      return `(${parts[0]} || (${bounds.join(" && ")}))`;
    }
    case "dependentRequired": {
      const clauses = r.map.map(([key, needs]) => {
        const all = needs.map((n) => `Object.hasOwn(${x}, ${JSON.stringify(n)})`);
        return `(!Object.hasOwn(${x}, ${JSON.stringify(key)})${all.length > 0 ? ` || (${all.join(" && ")})` : " || true"})`;
      });
      return `(!${s.rt("record")}(${x}) || (${clauses.join(" && ")}))`;
    }
    case "dependentSchemas": {
      const clauses = r.map.map(([key, type]) => `(!Object.hasOwn(${x}, ${JSON.stringify(key)}) || ${test(type, x, k, s)})`);
      return `(!${s.rt("record")}(${x}) || (${clauses.join(" && ")}))`;
    }
    case "contains":
    case "propertyNames":
      return `${PREFIX.check}${ruleWalker(r, s)}(${x}, ${depth(k)}, m)`;
    default: {
      const never: never = r;
      return never;
    }
  }
}

/** The check/collect pair for a rule that loops (`contains`, `propertyNames`). */
export function ruleWalker(r: Extract<Rule, { rule: "contains" | "propertyNames" }>, s: GuardScope): string {
  return s.helper(`rule:${JSON.stringify(r)}`, (suffix) => ruleWalkerPair(r, suffix, s).map(markUnusedParams));
}

function ruleWalkerPair(r: Extract<Rule, { rule: "contains" | "propertyNames" }>, suffix: string, s: GuardScope): string[] {
  const head = `function ${PREFIX.check}${suffix}(v: unknown, d: number, m?: ${s.ctx.runtimeType("Memo")}): boolean {`;
  const chead = `function ${PREFIX.collect}${suffix}(v: unknown, p: string, d: number, out: ${s.ctx.runtimeType("ValidationIssue")}[], m: ${s.ctx.runtimeType("Memo")}): void {`;
  const want = JSON.stringify(ruleText(r, s));
  if (r.rule === "contains") {
    const bound = [`n >= ${r.min}`, ...(r.max !== undefined ? [`n <= ${r.max}`] : [])].join(" && ");
    const count = [`  let n = 0;`, `  for (let i = 0; i < v.length; i++) {`, `    const x: unknown = v[i];`, `    if (${test(r.type, "x", 1, s)}) n++;`, `  }`];
    return [
      [head, ...neverThrows([`if (!Array.isArray(v)) return true;`, ...dedent(count), `return ${bound};`]), `}`].join("\n"),
      [chead, ...reportsThrows([`if (!Array.isArray(v)) return;`, ...dedent(count), `if (!(${bound})) ${s.rt("report")}(out, p, ${want}, v, "expected " + ${want} + ", found " + n);`], want, s), `}`].join("\n"),
    ];
  }
  const key = test(r.type, "x", 1, s);
  return [
    [head, ...neverThrows([`if (!${s.rt("record")}(v)) return true;`, `for (const x in v) {`, `  if (!Object.hasOwn(v, x)) continue;`, `  if (!(${key})) return false;`, `}`, `return true;`]), `}`].join("\n"),
    [
      chead,
      ...reportsThrows(
        [
          `if (!${s.rt("record")}(v)) return;`,
          `for (const x in v) {`,
          `  if (!Object.hasOwn(v, x)) continue;`,
          `  if (!(${key})) ${s.rt("report")}(out, ${s.rt("pointer")}(p, x), ${want}, x, "property name not allowed by the schema");`,
          `}`,
        ],
        want,
        s,
      ),
      `}`,
    ].join("\n"),
  ];
}

/** The `expected` text of a rule. */
export function ruleText(r: Rule, s: GuardScope): string {
  switch (r.rule) {
    case "not":
      return `not ${expected(r.type, s)}`;
    case "if":
      return `if ${expected(r.if, s)} then ${r.then ? expected(r.then, s) : "anything"} else ${r.else ? expected(r.else, s) : "anything"}`;
    case "multipleOf":
      return `a multiple of ${r.by}`;
    case "uniqueItems":
      return "array of unique items";
    case "contains":
      return `array with ${r.max !== undefined ? `${r.min} to ${r.max}` : `at least ${r.min}`} items of ${expected(r.type, s)}`;
    case "propertyCount":
      return `object with ${r.min !== undefined && r.max !== undefined ? `${r.min} to ${r.max}` : r.min !== undefined ? `at least ${r.min}` : `at most ${r.max}`} properties`;
    case "propertyNames": {
      // Names are strings: of a union over every kind (a typeless `maxLength`), only its strings matter.
      const isText = (m: TypeExpr): boolean => m.kind === "string" || (m.kind === "literal" && typeof m.value === "string") || (m.kind === "ref" && s.target(m.name).kind === "enum");
      const strings = r.type.kind === "union" ? r.type.members.filter(isText) : [];
      const shown = strings.length > 0 && r.type.kind === "union" && strings.length < r.type.members.length ? (strings.length === 1 ? strings[0]! : { ...r.type, members: strings }) : r.type;
      return `property names of ${expected(shown, s)}`;
    }
    case "dependentRequired":
      return r.map.map(([key, needs]) => `${JSON.stringify(key)} requires ${needs.map((n) => JSON.stringify(n)).join(", ") || "nothing"}`).join("; ");
    case "dependentSchemas":
      return r.map.map(([key, type]) => `with ${JSON.stringify(key)}: ${expected(type, s)}`).join("; ");
    default: {
      const never: never = r;
      return never;
    }
  }
}

function stringTest(t: Extract<TypeExpr, { kind: "string" }>, x: string, s: GuardScope): string {
  // Code points <= UTF-16 units <= 2 * code points: count only when the cheap bound is unsure.
  const parts = [t.maxLength !== undefined ? `${s.rt("str")}(${x}, ${t.maxLength})` : `typeof ${x} === "string"`];
  if (t.minLength !== undefined && t.minLength > 0) {
    parts.push(`(${x}.length >= ${2 * t.minLength} || ${s.rt("codePoints")}(${x}) >= ${t.minLength})`);
  }
  if (t.pattern !== undefined) parts.push(`${patternName(t.pattern, s)}.test(${x})`);
  if (checkedFormat(t, s) !== undefined) parts.push(`${s.rt("format")}(${x}, ${JSON.stringify(t.format)})`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(" && ")})`;
}

/** The format a string's guard checks, if any. */
export function checkedFormat(t: Extract<TypeExpr, { kind: "string" }>, s: GuardScope): string | undefined {
  return s.ctx.options.formats && t.format !== undefined && CHECKED_FORMATS.has(t.format) ? t.format : undefined;
}

/** A module-level regex, compiled once (the model has checked it compiles with the `u` flag). */
export function patternName(pattern: string, s: GuardScope): string {
  return PREFIX.pattern + s.helper(`pattern:${pattern}`, (suffix) => [`const ${PREFIX.pattern}${suffix} = /* @__PURE__ */ new RegExp(${JSON.stringify(pattern)}, "u");`]);
}

function unionTest(t: Union, x: string, k: number, s: GuardScope): string {
  const dispatch = s.dispatch(t);
  if (dispatch) {
    const call = `${PREFIX.check}${walker(t, s)}(${x}, ${depth(k)}, m)`;
    return t.members.some((m) => m.kind === "null") ? `(${x} === null || ${call})` : call;
  }
  const tests = t.members.map((m) => test(m, x, k, s));
  // oneOf: exactly one member, unless open enums make members overlap by design (exactlyOne).
  if (s.exactlyOne(t)) {
    return tests.length === 2 ? `(${tests[0]}) !== (${tests[1]})` : `(${tests.map((e) => `+(${e})`).join(" + ")}) === 1`;
  }
  return tests.includes("true") ? "true" : `(${tests.join(" || ")})`;
}

/**
 * The suffix of the `check`/`collect` helper pair walking an array, a record or a dispatched
 * union. Both are emitted together so the two paths always exist side by side.
 */
export function walker(t: TypeExpr, s: GuardScope): string {
  return s.helper(`walk:${JSON.stringify(t)}`, (suffix) => [markUnusedParams(checkHelper(t, suffix, s)), markUnusedParams(collectHelper(t, suffix, s))]);
}

function checkHelper(t: TypeExpr, suffix: string, s: GuardScope): string {
  const head = `function ${PREFIX.check}${suffix}(v: unknown, d: number, m?: ${s.ctx.runtimeType("Memo")}): boolean {`;
  const self = PREFIX.check + suffix;
  switch (t.kind) {
    case "array": {
      const bounds = [`!Array.isArray(v)`];
      if (t.minItems !== undefined) bounds.push(`v.length < ${t.minItems}`);
      if (t.maxItems !== undefined) bounds.push(`v.length > ${t.maxItems}`);
      const prefix = t.prefix ?? [];
      if (t.items.kind === "never") bounds.push(`v.length > ${prefix.length}`);
      const heads = prefix.flatMap((m, i) => {
        const fits = test(m, "x", 1, s);
        return fits === "true" ? [] : [`  if (v.length > ${i}) {`, `    const x: unknown = v[${i}];`, `    if (!(${fits})) return false;`, `  }`];
      });
      const item = t.items.kind === "never" ? "true" : test(t.items, "x", 1, s);
      const loop =
        item === "true"
          ? []
          : [`  for (let i = ${prefix.length}; i < v.length; i++) {`, `    const x: unknown = v[i];`, `    if (!(${item})) return false;`, `  }`];
      // An array's items count as steps: a shared array is walked once per depth, not once per reference.
      const body = [`if (${bounds.join(" || ")}) return false;`, ...recallLines(self, "m.n += 1 + v.length", s), ...dedent([...heads, ...loop]), `return ${keepExpr(self, s)};`];
      return [head, ...neverThrows(body), `}`].join("\n");
    }
    case "record":
      return [
        head,
        ...neverThrows([
          `if (!${s.rt("record")}(v)) return false;`,
          ...recallLines(self, "++m.n", s),
          `for (const key in v) {`,
          `  if (!Object.hasOwn(v, key)) continue;`,
          `  const x = v[key];`,
          `  if (!(${test(t.values, "x", 1, s)})) return false;`,
          `}`,
          `return ${keepExpr(self, s)};`,
        ]),
        `}`,
      ].join("\n");
    case "union":
      return dispatchCheck(head, s.dispatch(t)!, s);
    default:
      throw new Error(`internal: no walker for ${t.kind}`);
  }
}

function dispatchCheck(head: string, dispatch: Dispatch, s: GuardScope): string {
  const cases = dispatch.map.flatMap(([tag, name]) => [`  case ${JSON.stringify(tag)}:`, `    return ${s.use("check", name)}(v, d, m);`]);
  // A nullable member admits null, which carries no tag: the type says `Member | null`, so null passes first.
  const orNull = dispatch.map.some(([, name]) => {
    const target = s.target(name);
    return target.kind === "object" && target.nullable === true;
  });
  return [
    `/** Dispatches on \`${dispatch.property}\` instead of trying each member. */`,
    head,
    ...neverThrows([
      ...(orNull ? [`if (v === null) return true;`] : []),
      `if (!${s.rt("record")}(v)) return false;`,
      `switch (${s.rt("own")}(v, ${JSON.stringify(dispatch.property)})) {`,
      ...cases,
      `  default:`,
      `    return false;`,
      `}`,
    ]),
    `}`,
  ].join("\n");
}
