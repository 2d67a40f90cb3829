/**
 * The issue path: statements that run only after the boolean check of a value failed, and push
 * issues saying why. They mirror `check.ts` (the same tests decide), descend into the member a
 * union's value was evidently meant for, and stop walking arrays and records once the cap is hit.
 */
import type { Rule, TypeExpr } from "../../model/types.ts";
import { checkedFormat, ruleTest, ruleText, ruleWalker, test, walker } from "./check.ts";
import { expected } from "./describe.ts";
import { depth, GuardScope, PREFIX } from "./scope.ts";

/** Lines indented by `n` spaces (prettier re-indents anyway; this keeps --no-format output readable). */
export function indent(lines: readonly string[], n = 2): string[] {
  const pad = " ".repeat(n);
  return lines.map((l) => pad + l);
}

/**
 * The start of a check that remembers verdicts, emitted only in declarations on a reference
 * cycle (and their walkers): only they can meet one object without bound. The first such check
 * a call reaches makes the memo (so `isX` allocates nothing on inputs that never get there); it
 * counts the step (`step` adds to `m.n`), and once the call has taken enough steps returns the
 * remembered verdict for this object and depth.
 */
export function recallLines(check: string, step: string, s: GuardScope): string[] {
  if (!s.ctx.model.recursive.has(s.decl.name)) return [];
  return [`m ??= ${s.rt("memo")}();`, `const known = (${step}) > 0 ? ${s.rt("recall")}(m, v, d, ${check}) : undefined;`, `if (known !== undefined) return known;`];
}

/** The end of a check that passed: remembers it (see `recallLines`); `true` where nothing is remembered. */
export function keepExpr(check: string, s: GuardScope): string {
  if (!s.ctx.model.recursive.has(s.decl.name)) return "true";
  return `(m.n <= 0 || ${s.rt("keep")}(m, v, d, ${check}))`;
}

/** A check body that returns false where reading the value throws (getters, Proxy traps, revoked Proxies). */
export function neverThrows(body: readonly string[]): string[] {
  return [`  try {`, ...indent(body, 4), `  } catch {`, `    return false; // the value could not be read`, `  }`];
}

/** A collector body that reports an unreadable value instead of throwing. */
export function reportsThrows(body: readonly string[], want: string, s: GuardScope): string[] {
  if (body.length === 0) return []; // nothing to read (an alias of any value): no \`try {}\`
  return [`  try {`, ...indent(body, 4), `  } catch {`, `    ${s.rt("unreadable")}(out, p, v, ${want});`, `  }`];
}

/** Lines with two leading spaces removed (bodies written at function level, then wrapped). */
export function dedent(lines: readonly string[]): string[] {
  return lines.map((l) => (l.startsWith("  ") ? l.slice(2) : l));
}

type Kind = "null" | "boolean" | "string" | "number" | "object" | "array";
const ALL: readonly Kind[] = ["null", "boolean", "string", "number", "object", "array"];

/**
 * Statements reporting why `x` fails `t`, if it does. Collectors of declarations and walkers
 * report nothing for valid input, so they are called without testing first.
 */
export function collectIfFailing(t: TypeExpr, x: string, path: string, k: number, s: GuardScope): string[] {
  const branch = failingBranch(t, x, path, k, s);
  if (branch === undefined) return [];
  return branch.test === undefined ? branch.body : block(`if (!(${branch.test}))`, branch.body);
}

/** The test guarding `collectFailing` (none when it reports nothing for valid input) and its body. */
export function failingBranch(t: TypeExpr, x: string, path: string, k: number, s: GuardScope): { test?: string; body: string[] } | undefined {
  const fits = test(t, x, k, s);
  if (fits === "true") return undefined;
  const body = collectFailing(t, x, path, k, s);
  // Declarations' and walkers' collectors test first themselves.
  const direct = (t.kind === "ref" && s.target(t.name).kind !== "enum") || /^check\w+_\d+\(/.test(fits) || /^valid(ArrayOf|RecordOf)\w+\(/.test(fits);
  return direct ? { body } : { test: fits, body };
}

/** `head { body }`, without braces for a single statement. */
export function block(head: string, body: readonly string[]): string[] {
  // A lone `if` keeps its braces where an `else` may follow the block (it would bind to that
  // `if`); after a final `else` nothing can.
  const bare = body.length === 1 && (head === "else" || !/^\s*if\b/.test(body[0]!));
  return bare ? [`${head} ${body[0]!.trim()}`] : [`${head} {`, ...indent(body), `}`];
}

/**
 * Statements reporting why `x` (which failed `test(t)`) does not fit `t`. `path` is a string
 * expression for its JSON Pointer, `k` its depth offset.
 */
export function collectFailing(t: TypeExpr, x: string, path: string, k: number, s: GuardScope): string[] {
  const out = "out";
  switch (t.kind) {
    case "unknown":
      return [];
    case "ref": {
      const target = s.target(t.name);
      if (target.kind === "enum") {
        return target.open
          ? [`${s.rt("report")}(${out}, ${path}, "string", ${x});`]
          : [`${s.rt("reportEnum")}(${out}, ${path}, ${s.allowed(target.members.map((m) => m.value))}, ${x});`];
      }
      return [`${s.use("collect", t.name)}(${x}, ${path}, ${depth(k)}, ${out}, m);`];
    }
    case "array":
    case "record":
      if (t.kind === "record" && t.values.kind === "unknown") break;
      if (t.kind === "array" && t.items.kind === "unknown" && t.minItems === undefined && t.maxItems === undefined && !t.prefix) break;
      const shared = s.shared(t);
      if (shared !== undefined) return [`${s.walkerCall("collect", shared, t, `${x}, ${path}, ${out}`)};`];
      return [`${PREFIX.collect}${walker(t, s)}(${x}, ${path}, ${depth(k)}, ${out}, m);`];
    case "expandable":
      return [`if (${s.rt("record")}(${x})) {`, ...indent(collectFailing(t.target, x, path, k, s)), `} else {`, ...indent(leaf(t, x, path, s)), `}`];
    case "intersection": {
      // Parts may check the same thing: each issue is said once.
      const parts = t.members.flatMap((m) => collectIfFailing(m, x, path, k, s));
      return parts.length === 0 ? parts : [...parts, `${s.rt("once")}(out);`];
    }
    case "union":
      return unionFailing(t, x, path, k, s);
    case "refine":
      return refineFailing(t, x, path, k, s);
    case "never":
    case "null":
    case "boolean":
    case "string":
    case "number":
    case "timestamp":
    case "literal":
      break;
    default: {
      const never: never = t;
      return never;
    }
  }
  return leaf(t, x, path, s);
}

/**
 * A refined value: the base's issues if the base fails, and one issue per failed rule
 * (descending where a rule has a schema to blame), as each keyword is judged on its own: a
 * record of integers with three keys where two are allowed gets both `maxProperties` and the
 * string value's issue. Rules test the JSON kind they constrain first (`maxProperties` passes
 * anything but an object), so a value of the wrong kind gets the base's issue alone.
 */
function refineFailing(t: Extract<TypeExpr, { kind: "refine" }>, x: string, path: string, k: number, s: GuardScope): string[] {
  const base = test(t.base, x, k, s);
  const rules = t.rules.flatMap((r) => {
    const ok = ruleTest(r, x, k, s);
    if (ok === "true") return [];
    return block(`if (!(${ok}))`, ruleFailing(r, x, path, k, s));
  });
  if (base === "true") return rules;
  return [...block(`if (!(${base}))`, collectFailing(t.base, x, path, k, s)), ...rules];
}

export function ruleFailing(r: Rule, x: string, path: string, k: number, s: GuardScope): string[] {
  switch (r.rule) {
    case "contains":
    case "propertyNames":
      return [`${PREFIX.collect}${ruleWalker(r, s)}(${x}, ${path}, ${depth(k)}, out, m);`];
    case "if": {
      const yes = r.then ? collectIfFailing(r.then, x, path, k, s) : [];
      const no = r.else ? collectIfFailing(r.else, x, path, k, s) : [];
      const cond = test(r.if, x, k, s);
      const out = [...block(`if (${cond})`, yes.length > 0 ? yes : ["{}"]), ...(no.length > 0 ? block("else", no) : [])];
      return out;
    }
    case "dependentSchemas":
      return r.map.flatMap(([key, type]) => {
        const inner = collectIfFailing(type, x, path, k, s);
        return inner.length === 0 ? [] : block(`if (Object.hasOwn(${x} as object, ${JSON.stringify(key)}))`, inner);
      });
    case "uniqueItems":
      return [`${s.rt("notUnique")}(out, ${path}, ${x}, ${JSON.stringify(ruleText(r, s))});`];
    case "not":
    case "multipleOf":
    case "propertyCount":
    case "dependentRequired":
      return [`${s.rt("report")}(out, ${path}, ${JSON.stringify(ruleText(r, s))}, ${x});`];
    default: {
      const never: never = r;
      return never;
    }
  }
}

function leaf(t: TypeExpr, x: string, path: string, s: GuardScope): string[] {
  return [`${s.rt("report")}(out, ${path}, ${JSON.stringify(expected(t, s))}, ${x});`];
}

/**
 * A failed union: a dispatched one reports the chosen member's issues; otherwise, when only one
 * member accepts the value's JSON kind (the usual `T | null`), that member's issues; else one
 * issue listing the alternatives.
 */
function unionFailing(t: Extract<TypeExpr, { kind: "union" }>, x: string, path: string, k: number, s: GuardScope): string[] {
  if (s.dispatch(t)) return [`${PREFIX.collect}${walker(t, s)}(${x}, ${path}, ${depth(k)}, out, m);`];
  const branches: [string, string[]][] = [];
  for (const kind of ALL) {
    const members = t.members.filter((m) => kinds(m, s, new Set()).has(kind));
    if (members.length > 1 && members.every((m) => worthDescending(m, s) && !acceptsAll(m, kind, s))) {
      // Several members take this kind of value: report the closest one's issues.
      const tries = members.map((m) => {
        const body = memberFailing(m, kind, x, path, k, s);
        return [`(out: ${s.ctx.runtimeType("ValidationIssue")}[]): void => {`, ...indent(body), `}`].join("\n");
      });
      branches.push([kindTest(kind, x, s), [`${s.rt("closest")}(out, ${path}, ${JSON.stringify(expected(t, s))}, ${x}, [`, ...indent(tries.map((f) => f + ",")), `], m);`]]);
      continue;
    }
    if (members.length !== 1 || acceptsAll(members[0]!, kind, s) || !worthDescending(members[0]!, s)) continue;
    const m = members[0]!;
    const body = memberFailing(m, kind, x, path, k, s);
    branches.push([kindTest(kind, x, s), body]);
  }
  const fallback = leaf(t, x, path, s);
  const chain: string[] = [];
  branches.forEach(([cond, body], i) => chain.push(...block(`${i === 0 ? "" : "else "}if (${cond})`, body)));
  chain.push(...(branches.length === 0 ? fallback : block("else", fallback)));
  if (!s.exactlyOne(t)) return chain;
  const any = t.members.map((m) => test(m, x, k, s)).join(" || ");
  const multiple = `${s.rt("report")}(out, ${path}, ${JSON.stringify(expected(t, s))}, ${x}, "matches more than one alternative of a oneOf");`;
  return [`if (${any}) ${multiple}`, ...block("else", chain)];
}

/**
 * Why `x`, known to be of JSON kind `kind`, fails union member `m`. An expandable member is
 * narrowed by the kind: its target for an object, the id's one issue for a string (testing
 * `record(x)` there again would be a branch that never runs).
 */
function memberFailing(m: TypeExpr, kind: Kind, x: string, path: string, k: number, s: GuardScope): string[] {
  if (m.kind !== "expandable") return collectFailing(m, x, path, k, s);
  return kind === "object" ? collectFailing(m.target, x, path, k, s) : leaf(m, x, path, s);
}

function kindTest(kind: Kind, x: string, s: GuardScope): string {
  switch (kind) {
    case "null":
      return `${x} === null`;
    case "object":
      return `${s.rt("record")}(${x})`;
    case "array":
      return `Array.isArray(${x})`;
    default:
      return `typeof ${x} === "${kind}"`;
  }
}

/**
 * Whether a failed value of type `t` gets exactly one issue, `expected(t)` at its own path: what
 * `collectFailing` does for leaves, open enums and unions with no member worth descending into
 * (`unionFailing`'s fallback). Keep the two in step: a property of such a type reports absence
 * and a bad value through one `fault` call (emit/guards.ts).
 */
export function reportsOnlyItself(t: TypeExpr, s: GuardScope): boolean {
  switch (t.kind) {
    case "never":
    case "null":
    case "boolean":
    case "string":
    case "number":
    case "timestamp":
    case "literal":
      return true;
    case "ref": {
      const target = s.target(t.name);
      return target.kind === "enum" && target.open;
    }
    case "union":
      return s.dispatch(t) === undefined && !s.exactlyOne(t) && t.members.every((m) => !worthDescending(m, s));
    default:
      return false;
  }
}

/** Whether a member's own issues say more than the union's one issue: structures and closed enums. */
function worthDescending(t: TypeExpr, s: GuardScope): boolean {
  switch (t.kind) {
    case "ref": {
      const target = s.target(t.name);
      return target.kind !== "enum" || !target.open;
    }
    case "array":
    case "record":
    case "expandable":
    case "union":
    case "intersection":
    case "refine":
      return true;
    default:
      return false;
  }
}

/** Whether `t` accepts every value of JSON kind `kind` (then a failed value is never of that kind). */
function acceptsAll(t: TypeExpr, kind: Kind, s: GuardScope): boolean {
  switch (t.kind) {
    case "null":
    case "boolean":
      return t.kind === kind;
    case "string":
      return kind === "string" && t.maxLength === undefined && t.minLength === undefined && t.pattern === undefined && checkedFormat(t, s) === undefined;
    case "expandable":
      return kind === "string" && t.id?.maxLength === undefined && t.id?.minLength === undefined && t.id?.pattern === undefined;
    case "ref": {
      const target = s.target(t.name);
      return kind === "string" && target.kind === "enum" && target.open;
    }
    default:
      return false;
  }
}

/** The JSON kinds of values `t` can accept. */
function kinds(t: TypeExpr, s: GuardScope, seen: Set<string>): Set<Kind> {
  switch (t.kind) {
    case "null":
    case "boolean":
    case "string":
    case "number":
      return new Set([t.kind]);
    case "timestamp":
      return new Set(["number"]);
    case "literal":
      return new Set([t.value === null ? "null" : Array.isArray(t.value) ? "array" : (typeof t.value as Kind)]);
    case "never":
      return new Set();
    case "refine":
      return kinds(t.base, s, seen);
    case "array":
      return new Set(["array"]);
    case "record":
      return new Set(["object"]);
    case "expandable":
      return new Set(["string", "object"]);
    case "union":
      return new Set(t.members.flatMap((m) => [...kinds(m, s, seen)]));
    case "ref": {
      const target = s.target(t.name);
      if (target.kind === "enum") return new Set(["string"]);
      if (target.kind === "object") return new Set(["object"]);
      if (seen.has(t.name)) return new Set(ALL);
      seen.add(t.name);
      return kinds(target.type, s, seen);
    }
    default:
      return new Set(ALL);
  }
}

/** The `collect` half of a walker (see `walker` in check.ts). */
export function collectHelper(t: TypeExpr, suffix: string, s: GuardScope): string {
  // Valid values (walkers are called without testing first) and a full list end at once.
  const head = [
    `function ${PREFIX.collect}${suffix}(v: unknown, p: string, d: number, out: ${s.ctx.runtimeType("ValidationIssue")}[], m: ${s.ctx.runtimeType("Memo")}): void {`,
    `  if (out.length >= ${s.maxIssues} || ${PREFIX.check}${suffix}(v, d, m)) return;`,
  ];
  const want = JSON.stringify(expected(t, s));
  const wrap = (lines: readonly string[]): string => [...head, ...reportsThrows(dedent(lines), want, s), `}`].join("\n");
  const max = s.maxIssues;
  switch (t.kind) {
    case "array": {
      const lines = [`  if (!Array.isArray(v)) return ${s.rt("report")}(out, p, ${want}, v);`];
      if (t.minItems !== undefined) {
        lines.push(`  if (v.length < ${t.minItems}) ${s.rt("report")}(out, p, "at least ${t.minItems} items", v, \`expected at least ${t.minItems} items, received \${v.length}\`);`);
      }
      if (t.maxItems !== undefined) {
        lines.push(`  if (v.length > ${t.maxItems}) ${s.rt("report")}(out, p, "at most ${t.maxItems} items", v, \`expected at most ${t.maxItems} items, received \${v.length}\`);`);
      }
      const prefix = t.prefix ?? [];
      prefix.forEach((m, i) => {
        const fits = test(m, "x", 1, s);
        if (fits === "true") return;
        lines.push(`  if (v.length > ${i}) {`, `    const x: unknown = v[${i}];`, `    if (!(${fits})) {`, ...indent(collectFailing(m, "x", `p + "/${i}"`, 1, s), 6), `    }`, `  }`);
      });
      const item = test(t.items, "x", 1, s);
      if (item !== "true") {
        lines.push(
          `  for (let i = ${prefix.length}; i < v.length && out.length < ${max}; i++) {`,
          `    const x: unknown = v[i];`,
          `    if (!(${item})) {`,
          ...indent(collectFailing(t.items, "x", `p + "/" + i`, 1, s), 6),
          `    }`,
          `  }`,
        );
      }
      return wrap(lines);
    }
    case "record":
      return wrap([
        `  if (!${s.rt("record")}(v)) return ${s.rt("report")}(out, p, ${want}, v);`,
        `  for (const key in v) {`,
        `    if (out.length >= ${max}) return;`,
        `    if (!Object.hasOwn(v, key)) continue;`,
        `    const x = v[key];`,
        `    if (!(${test(t.values, "x", 1, s)})) {`,
        ...indent(collectFailing(t.values, "x", `${s.rt("pointer")}(p, key)`, 1, s), 6),
        `    }`,
        `  }`,
      ]);
    case "union": {
      const dispatch = s.dispatch(t)!;
      // One issue naming the union and the member the discriminant chose, then that member's own.
      const union = expected(t, s);
      const cases = dispatch.map.map(([tag, name]) => {
        const why = `expected ${union}: ${JSON.stringify(dispatch.property)} is ${JSON.stringify(tag)}, so it must be a ${name}`;
        // Walkers are called without testing first: a valid member reports nothing.
        return [
          `    case ${JSON.stringify(tag)}:`,
          `      if (${s.use("check", name)}(v, d, m)) return;`,
          `      ${s.rt("report")}(out, p, ${JSON.stringify(union)}, v, ${JSON.stringify(why)});`,
          `      return ${s.use("collect", name)}(v, p, d, out, m);`,
        ].join("\n");
      });
      const tags = s.allowed(dispatch.map.map(([tag]) => tag));
      const prop = JSON.stringify(dispatch.property);
      return wrap([
        `  if (!${s.rt("record")}(v)) return ${s.rt("report")}(out, p, ${want}, v);`,
        `  const tag = ${s.rt("own")}(v, ${prop});`,
        `  switch (tag) {`,
        ...cases,
        `    default:`,
        // An absent tag is a missing property, said as for any other (not "received undefined").
        `      if (tag === undefined) return ${s.rt("absent")}(out, v, ${prop}, p, ${tags}, true);`,
        `      return ${s.rt("reportEnum")}(out, ${s.rt("pointer")}(p, ${prop}), ${tags}, tag);`,
        `  }`,
      ]);
    }
    default:
      throw new Error(`internal: no walker for ${t.kind}`);
  }
}
