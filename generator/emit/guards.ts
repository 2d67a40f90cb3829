/**
 * Declarations → runtime guards. Every declaration X gets three exported guards:
 *
 *   isX(value): value is X                    boolean fast path: straight-line, never throws
 *   validateX(value): ValidationResult<X>     the value, or issues at JSON Pointers (capped)
 *   assertX(value): asserts value is X        throws ValidationError with those issues
 *
 * All three are written into the module's internal file (layout.ts) and re-exported by its
 * public file (module.ts says why). Objects and aliases also get two workers there, exported
 * for the guards and for the workers of other modules: `checkX(v, d)` (the boolean guard
 * at nesting depth `d`) and `collectX(v, path, d, out)` (pushes the issues); a closed enum gets
 * `checkX(v)`, its membership test. `validateX` runs `checkX` first and collects only on
 * failure, and `failure()` never returns an empty list, so `isX(v) === validateX(v).ok` holds
 * by construction.
 *
 * Semantics (see also NOTES.md, "Guards: pitfalls that bite"):
 * - Objects: non-null, non-array; properties are read only when own. Plain objects (prototype
 *   `Object.prototype` or null, i.e. JSON.parse output) are read directly except for keys of
 *   `Object.prototype` — the pollution test is a constant-key `in` per key, which V8 folds to a
 *   constant while Object.prototype keeps its shape; others go through `own()`/`unset()` (a
 *   per-key hasOwn costs ~3x the whole check; one shared read helper instead of the inline read
 *   measured ~10x slower for isIdentityVerificationSession, and own() for every read in the
 *   collectors ~3x slower for validateIdentityVerificationSession, so reads stay inline).
 *   An own property whose value is `undefined` is invalid (exactOptionalPropertyTypes). Extra
 *   keys pass unless `additional` is false, or is a schema (then their values must match), or
 *   `strictObjects` is set (it applies where the schema allows extra keys; records keep theirs).
 * - Depth: an object (or recursive alias) at nesting depth > maxDepth fails with one issue at
 *   its path; depth counts object and array levels, so no guard recurses more than maxDepth
 *   declarations deep, whatever the input.
 * - Unions dispatch on `object` when the model (or, for nullable unions, the same rule applied
 *   here) finds distinct literals; otherwise members are tried in order. oneOf means "exactly
 *   one member" with closed enums; with open enums members overlap by design (any string fits
 *   an open enum), so oneOf is checked like anyOf.
 * - Issues: `expected` is a short type text, `received` a bounded description of the value
 *   (never the serialised object). A failed trial union reports inside the member the value's
 *   JSON kind points to when only one member takes that kind (`T | null`), else once at its path.
 *
 * Emitted as plain strings (function bodies), printed once per file by module.ts.
 */
import type { AliasDecl, Decl, EnumDecl, ObjectDecl, TypeExpr } from "../model/types.ts";
import type { ModuleContext } from "./context.ts";
import { passesUndefined, patternName, ruleTest, test } from "./guards/check.ts";
import { block, collectIfFailing, failingBranch, indent, keepExpr, neverThrows, recallLines, reportsOnlyItself, reportsThrows, ruleFailing } from "./guards/collect.ts";
import { expected } from "./guards/describe.ts";
import { access, escapeKey, GuardScope, guardName, markUnusedParams, PROTO_KEYS } from "./guards/scope.ts";

/** prettier's line width in the project's fixed options: statements longer than this get wrapped. */
const PRINT_WIDTH = 100;

/** Closed enums with more members than this test membership with a `Set`, not `===` chains. */
const SET_THRESHOLD = 8;

/**
 * Objects with more properties than this check and collect them in parts, one function per this
 * many: a single body for several hundred properties is too large for TypeScript's control-flow
 * analysis (TS2563: 533 long-named properties in Google's contentwarehouse spec, 674 in
 * DocuSign's). Parts run inside the object's own `try`, so a throwing read is caught there.
 */
const PART_SIZE = 200;

/** `items` in runs of `PART_SIZE`. */
function parts<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PART_SIZE) out.push(items.slice(i, i + PART_SIZE));
  return out;
}

/** Names of the guard functions emitted for a declaration (listed in the manifest). */
export function guardNames(decl: Decl): string[] {
  return [guardName("is", decl.name), guardName("validate", decl.name), guardName("assert", decl.name)];
}

/**
 * The guards of `decl` (the public `is`/`validate`/`assert` and the workers they call), all
 * written into the module's internal file: `int` records the imports they need and holds the
 * helpers they asked for. The public file re-exports the public three (module.ts says why).
 */
export function guardStatements(decl: Decl, int: ModuleContext): string[] {
  const i = new GuardScope(int, decl);
  const intOwn =
    decl.kind === "enum"
      ? [...enumGuards(decl, i), ...(decl.open ? [] : [enumCheck(decl, i)])]
      : [...publicGuards(decl, i), markUnusedParams(checkObjectOrAlias(decl, i)), markUnusedParams(collectObjectOrAlias(decl, i))];
  // The printer separates string statements only by a line break; prettier keeps one blank line.
  const spaced = (texts: string[]): string[] => texts.map((text) => `\n${text}\n`);
  return spaced([...intOwn, ...i.helpers]);
}

/** The type a guard proves: an object that admits null proves `X | null`. */
function provedType(decl: ObjectDecl | AliasDecl, s: GuardScope): string {
  const name = s.ctx.useType(decl.name);
  return decl.kind === "object" && decl.nullable ? `${name} | null` : name;
}

function publicGuards(decl: ObjectDecl | AliasDecl, s: GuardScope): string[] {
  const n = decl.name;
  const orNull = decl.kind === "object" && decl.nullable ? " (or `null`: the schema is nullable)" : "";
  return [
    [
      `/** Whether \`value\` is a valid {@link ${n}}${orNull}. Never throws; allocates nothing${s.ctx.model.recursive.has(n) ? " but a memo (the schema is recursive)" : ""}. */`,
      `export function ${guardName("is", n)}(value: unknown): value is ${provedType(decl, s)} {`,
      `  return ${s.use("check", n)}(value, 0);`,
      `}`,
    ].join("\n"),
    validateAndAssert(n, s, `${s.rt("validated")}(value, ${s.use("check", n)}, ${s.use("collect", n)}, ${JSON.stringify(n)}, ${s.maxIssues})`, provedType(decl, s)),
  ];
}

/** `validateX` and `assertX`: one-line bodies calling the runtime, off the fast path. */
function validateAndAssert(n: string, s: GuardScope, body: string, proved = s.ctx.useType(n)): string {
  return [
    `/** Validates \`value\` as a {@link ${n}}: the typed value, or up to ${s.maxIssues} issues at JSON Pointers. */`,
    `export function ${guardName("validate", n)}(value: unknown): ${s.ctx.runtimeType("ValidationResult")}<${proved}> {`,
    `  return ${body};`,
    `}`,
    ``,
    `/** Throws a {@link ValidationError} with the issues unless \`value\` is a valid {@link ${n}}. */`,
    `export function ${guardName("assert", n)}(value: unknown): asserts value is ${proved} {`,
    `  ${s.rt("ensure")}(${guardName("validate", n)}(value), ${JSON.stringify(n)});`,
    `}`,
  ].join("\n");
}

function enumGuards(decl: EnumDecl, s: GuardScope): string[] {
  const n = decl.name;
  const body = decl.open ? `typeof value === "string"` : `${s.use("check", n)}(value)`;
  const note = decl.open ? "any string (the enum is open: values added to the API later pass)" : "exactly one of the listed values";
  return [
    [
      `/** Whether \`value\` is a {@link ${n}}: ${note}. */`,
      `export function ${guardName("is", n)}(value: unknown): value is ${s.ctx.useType(n)} {`,
      `  return ${body};`,
      `}`,
    ].join("\n"),
    validateAndAssert(
      n,
      s,
      `${guardName("is", n)}(value) ? { ok: true, value } : ${s.rt("enumFailure")}(value, ${decl.open ? "undefined" : s.allowed(decl.members.map((m) => m.value))}, ${JSON.stringify(n)}, ${s.maxIssues})`,
    ),
  ];
}

/**
 * A closed enum's membership test, for its `isX` and for the checks of other declarations. It
 * spells the values out (importing the public `XValues` would make the internal file depend on
 * the public one at run time).
 */
function enumCheck(decl: EnumDecl, s: GuardScope): string {
  const n = decl.name;
  let body: string;
  if (decl.members.length > SET_THRESHOLD) {
    const values = decl.members.map((m) => JSON.stringify(m.value)).join(", ");
    s.helpers.push(`const ${guardName("known", n)}: ReadonlySet<unknown> = /* @__PURE__ */ new Set([${values}]);`);
    body = `${guardName("known", n)}.has(v)`;
  } else body = decl.members.map((m) => `v === ${JSON.stringify(m.value)}`).join(" || ");
  return [
    internalDoc(),
    `export function ${guardName("check", n)}(v: unknown): v is ${s.ctx.useType(n)} {`,
    `  return ${body};`,
    `}`,
  ].join("\n");
}

/**
 * The doc comment of an internal worker: just the tag. What `checkX` and `collectX` do, and what
 * their parameters mean, is said once, at the top of the internal runtime (emit/runtime.ts); a
 * sentence per worker was ~0.45 MB of Stripe's whole-spec output.
 */
function internalDoc(): string {
  return `/** @internal */`;
}

/** Whether guards reject keys the object does not declare (and how values of extra keys are checked). */
function extraKeys(decl: ObjectDecl, s: GuardScope): "reject" | "check" | "allow" {
  if (decl.additional === false) return "reject";
  if (decl.additional === true) return s.ctx.options.strictObjects && decl.properties.length > 0 && decl.part !== true ? "reject" : "allow";
  return "check";
}

function checkObjectOrAlias(decl: ObjectDecl | AliasDecl, s: GuardScope): string {
  const n = decl.name;
  const check = guardName("check", n);
  const head = [internalDoc(), `export function ${check}(v: unknown, d: number, m?: ${s.ctx.runtimeType("Memo")}): v is ${provedType(decl, s)} {`];
  if (decl.kind === "alias") {
    const guard = s.ctx.model.recursive.has(n) ? [`if (d > ${s.maxDepth}) return false;`] : [];
    const fits = test(decl.type, "v", 0, s);
    if (fits === "false") return [...head, `  return false;`, `}`].join("\n");
    const keep = keepExpr(check, s);
    const body = [...guard, ...recallLines(check, "++m.n", s), `return ${fits === "true" ? keep : keep === "true" ? fits : `${fits} && ${keep}`};`];
    return [...head, ...neverThrows(body), `}`].join("\n");
  }
  const lines: string[] = [];
  if (decl.nullable) head.push(`  if (v === null) return true;`);
  lines.push(`  if (!${s.rt("record")}(v) || d > ${s.maxDepth}) return false;`, ...indent(recallLines(check, "++m.n", s)));
  if (decl.properties.length > 0) lines.push(...plainTest(decl));
  const checks = (ps: ObjectDecl["properties"]): string[] => {
    const out: string[] = [`  let x: unknown;`];
    if (ps.some((p) => (!p.required || !fitsOneLine(`x = ${read(p.name, s)};`)) && !PROTO_KEYS.has(p.name))) out.push(`  let direct: boolean;`);
    for (const p of ps) {
      const fits = test(p.type, "x", 1, s);
      if (p.required) {
        out.push(...readLines(p.name, s));
        // Any value fits, but not `undefined`: an own `undefined` is the key missing once the payload
        // is JSON (and what an optional property rejects too).
        if (fits === "true") out.push(`  if (x === undefined) return false;`);
        else out.push(passesUndefined(p.type, s) ? `  if (x === undefined || !(${fits})) return false;` : `  if (!(${fits})) return false;`);
      } else out.push(...optionalCheck(p.name, p.type, fits, s));
    }
    return out;
  };
  if (decl.properties.length <= PART_SIZE) lines.push(...(decl.properties.length > 0 ? checks(decl.properties) : []));
  else {
    parts(decl.properties).forEach((ps, i) => {
      const part = `${check}_part${i + 1}`;
      s.helpers.push(
        markUnusedParams(
          [
            `/** @internal Properties ${i * PART_SIZE + 1}–${i * PART_SIZE + ps.length} of \`${check}\` (see PART_SIZE in specguard's emit/guards.ts). */`,
            `function ${part}(v: Record<string, unknown>, fast: boolean, d: number, m: ${s.ctx.runtimeType("Memo")} | undefined): boolean {`,
            ...checks(ps),
            `  return true;`,
            `}`,
          ].join("\n"),
        ),
      );
      lines.push(`  if (!${part}(v, fast, d, m)) return false;`);
    });
  }
  const extra = extraKeys(decl, s);
  const patterns = decl.patterns ?? [];
  if (extra !== "allow" || patterns.length > 0) {
    const value = extra === "check" ? test(decl.additional as Exclude<ObjectDecl["additional"], boolean>, "x", 1, s) : extra === "reject" ? "false" : "true";
    // The properties' own `x` is declared with them, unless they were checked in parts.
    const inParts = decl.properties.length === 0 || decl.properties.length > PART_SIZE;
    if (inParts && (patterns.length > 0 || value !== "false")) lines.push(`  let x: unknown;`);
    lines.push(`  for (const key in v) {`);
    // Each key read is a step of the memo's count (recallLines): a recursive schema's objects
    // with thousands of extra keys reach the memo as soon as a plain tree of that size would.
    if (s.ctx.model.recursive.has(n)) lines.push(`    m.n++;`);
    if (patterns.length === 0) lines.push(...knownKeysSkip(decl), `    if (!Object.hasOwn(v, key)) continue;`);
    else {
      // patternProperties apply to every matching key, declared or not; a matching key is not extra.
      lines.push(`    if (!Object.hasOwn(v, key)) continue;`, `    x = v[key];`);
      if (extra !== "allow") lines.push(`    let matched = false;`);
      for (const [pattern, type] of patterns) {
        const fits = test(type, "x", 1, s);
        const body = [...(extra !== "allow" ? [`matched = true;`] : []), ...(fits === "true" ? [] : [`if (!(${fits})) return false;`])];
        if (body.length > 0) lines.push(...indent(block(`if (${patternName(pattern, s)}.test(key))`, body), 4));
      }
      if (extra !== "allow") lines.push(`    if (matched) continue;`, ...knownKeysSkip(decl));
    }
    if (extra !== "allow") lines.push(...(value === "false" ? [`    return false;`] : [`    x = v[key];`, `    if (!(${value})) return false;`]));
    lines.push(`  }`);
  }
  for (const r of decl.rules ?? []) {
    const ok = ruleTest(r, "v", 0, s);
    if (ok !== "true") lines.push(`  if (!${ok.startsWith("(") ? ok : `(${ok})`}) return false;`);
  }
  return [...head, ...neverThrows([...lines.map((l) => l.slice(2)), `return ${keepExpr(check, s)};`]), `}`].join("\n");
}

/**
 * `const fast = plain(v)` spelled out: the hot path. A constant-key `in` first (no getter runs,
 * the answer is unused) gives V8 the object's shape, so that `Object.getPrototypeOf(v)` folds to
 * a constant instead of a call: ~2x faster on JSON.parse output.
 */
function plainTest(decl: ObjectDecl): string[] {
  return [...shapeHint(decl), `  const proto: unknown = Object.getPrototypeOf(v);`, `  const fast = proto === Object.prototype || proto === null;`];
}

/** The constant-key `in` that gives V8 the object's shape (see `plainTest`), when a key can serve. */
function shapeHint(decl: ObjectDecl): string[] {
  const probe = decl.properties.find((p) => !PROTO_KEYS.has(p.name));
  return probe ? [`  void (${JSON.stringify(probe.name)} in v); // shape feedback for V8`] : [];
}

/**
 * The own value of property `name` of `v` (or `undefined`), given `fast` (v is plain). A direct
 * read is ~6x faster than an own-property test; it is only trusted while no one has planted the
 * key on Object.prototype (a constant-key `in` on one object costs next to nothing).
 */
function read(name: string, s: GuardScope): string {
  const key = JSON.stringify(name);
  return PROTO_KEYS.has(name) ? `${s.rt("own")}(v, ${key})` : `fast && !(${key} in Object.prototype) ? ${access("v", name)} : ${s.rt("own")}(v, ${key})`;
}

/**
 * An optional property: absent passes, an own `undefined` fails (exactOptionalPropertyTypes),
 * anything else must fit. On a plain object whose key is not on Object.prototype (`direct`) the
 * value is read directly and the rare `undefined` asks `in` (a constant-key `in` is a map check;
 * \`Object.hasOwn\` there made isCheckoutSession ~2x slower); elsewhere \`unset()\` reads own
 * properties only and returns \`UNSET\` for an own `undefined`, which no type test accepts.
 */
function optionalCheck(name: string, t: TypeExpr, fits: string, s: GuardScope): string[] {
  const key = JSON.stringify(name);
  const own = `${s.rt("unset")}(v, ${key})`;
  if (PROTO_KEYS.has(name)) {
    return [`  x = ${own};`, `  if (x !== undefined && ${acceptsSymbol(t, s) ? `(x === ${s.rt("UNSET")} || !(${fits}))` : `!(${fits})`}) return false;`];
  }
  const read = [`  direct = fast && !(${key} in Object.prototype);`, `  x = direct ? ${access("v", name)} : ${own};`];
  // A type whose test could pass UNSET (`unknown`, `not`) rejects it first.
  if (acceptsSymbol(t, s)) read.push(`  if (x === ${s.rt("UNSET")}) return false;`);
  if (fits === "true") return [...read, `  if (x === undefined && direct && ${key} in v) return false;`];
  const one = `if (x === undefined ? direct && ${key} in v : !(${fits})) return false;`;
  if (fitsOneLine(one)) return [...read, `  ${one}`];
  // Too long for one line: the same test as a block, which stays three lines once wrapped.
  return [...read, `  if (x === undefined) {`, `    if (direct && ${key} in v) return false;`, `  } else if (!(${fits})) return false;`];
}

/** Whether a statement fits on one line at the body's indentation (4 spaces inside `try`), prettier's width being 100. */
function fitsOneLine(statement: string): boolean {
  return 4 + statement.length <= PRINT_WIDTH;
}

/**
 * Reading property `name` (see `read`): one statement when it fits on a line, else through
 * `direct`, two short lines instead of prettier's four-line conditional.
 */
function readLines(name: string, s: GuardScope): string[] {
  const one = `x = ${read(name, s)};`;
  if (fitsOneLine(one) || PROTO_KEYS.has(name)) return [`  ${one}`];
  const key = JSON.stringify(name);
  return [`  direct = fast && !(${key} in Object.prototype);`, `  x = direct ? ${access("v", name)} : ${s.rt("own")}(v, ${key});`];
}

/** Whether the test of `t` could accept a symbol (then an own `undefined`, read as `UNSET`, needs its own test). */
function acceptsSymbol(t: TypeExpr, s: GuardScope, seen = new Set<string>()): boolean {
  switch (t.kind) {
    case "unknown":
      return true;
    case "refine":
      return acceptsSymbol(t.base, s, seen) || t.rules.some((r) => r.rule === "not" || r.rule === "if");
    case "union":
    case "intersection":
      return t.members.some((m) => acceptsSymbol(m, s, seen));
    case "ref": {
      if (seen.has(t.name)) return false;
      seen.add(t.name);
      const target = s.target(t.name);
      return target.kind === "alias" && acceptsSymbol(target.type, s, seen);
    }
    default:
      return false;
  }
}

/** Whether a type's text is `unknown` (a refinement of any value: `if`/`then`/`else`, `not` …). */
function provesUnknown(t: TypeExpr): boolean {
  return t.kind === "unknown" || (t.kind === "refine" && provesUnknown(t.base));
}

function knownKeysSkip(decl: ObjectDecl): string[] {
  if (decl.properties.length === 0) return [];
  return [`    switch (key) {`, ...decl.properties.map((p) => `      case ${JSON.stringify(p.name)}:`), `        continue;`, `    }`];
}

function collectObjectOrAlias(decl: ObjectDecl | AliasDecl, s: GuardScope): string {
  const n = decl.name;
  const head = [
    internalDoc(),
    `export function ${guardName("collect", n)}(v: unknown, p: string, d: number, out: ${s.ctx.runtimeType("ValidationIssue")}[], m: ${s.ctx.runtimeType("Memo")}): void {`,
    // Valid values (collectors are called without testing first) and a full list end at once.
    // A check proving `unknown` would narrow `v` to `never` once it failed: \`v as unknown\` keeps it.
    `  if (out.length >= ${s.maxIssues} || ${guardName("check", n)}(${decl.kind === "alias" && provesUnknown(decl.type) ? "v as unknown" : "v"}, d, m)) return;`,
  ];
  if (decl.kind === "alias") {
    const lines: string[] = [];
    if (s.ctx.model.recursive.has(n)) lines.push(`  if (d > ${s.maxDepth}) return ${s.rt("tooDeep")}(out, p, ${s.maxDepth});`);
    lines.push(...indent(collectIfFailing(decl.type, "v", "p", 0, s)));
    return [...head, ...reportsThrows(lines.map((l) => l.slice(2)), JSON.stringify(n), s), `}`].join("\n");
  }
  const lines = [
    `  if (!${s.rt("record")}(v)) return ${s.rt("report")}(out, p, ${JSON.stringify(n)}, v);`,
    `  if (d > ${s.maxDepth}) return ${s.rt("tooDeep")}(out, p, ${s.maxDepth});`,
  ];
  const extra = extraKeys(decl, s);
  // The prototype test through the runtime's plain() (one line, not two): a collector runs once
  // per failed validateX, and it measured the same. The shape hint stays: without it
  // validateIdentityVerificationSession was ~7-10% slower (test/.tmp A/B of two bundles).
  if (decl.properties.length > 0) lines.push(...shapeHint(decl), `  const fast = ${s.rt("plain")}(v);`);
  const collects = (ps: ObjectDecl["properties"]): string[] => {
    const out: string[] = [];
    if (ps.some((p) => !fitsOneLine(`x = ${read(p.name, s)};`) && !PROTO_KEYS.has(p.name))) out.push(`  let direct: boolean;`);
    for (const p of ps) {
      const key = JSON.stringify(p.name);
      const want = JSON.stringify(expected(p.type, s));
      out.push(...readLines(p.name, s));
      if (reportsOnlyItself(p.type, s) && escapeKey(p.name) === p.name) {
        // A leaf's only issue is the one its absence or value gets: one line for both.
        const fits = test(p.type, "x", 1, s);
        const fault = `${s.rt("fault")}(out, v, p, ${key}, ${want}, ${p.required}, x);`;
        out.push(fits === "true" ? `  if (x === undefined) ${fault}` : `  if (x === undefined || !(${fits})) ${fault}`);
        continue;
      }
      const path = `p + ${JSON.stringify("/" + escapeKey(p.name))}`;
      const absent = `${s.rt("absent")}(out, v, ${key}, p, ${want}, ${p.required});`;
      const branch = failingBranch(p.type, "x", path, 1, s);
      out.push(`  if (x === undefined) ${absent}`);
      if (branch) out.push(...indent(block(branch.test === undefined ? "else" : `else if (!(${branch.test}))`, branch.body)));
    }
    return out;
  };
  const inParts = decl.properties.length > PART_SIZE;
  if ((decl.properties.length > 0 && !inParts) || extra === "check") lines.push(`  let x: unknown;`);
  if (!inParts) lines.push(...collects(decl.properties));
  else {
    parts(decl.properties).forEach((ps, i) => {
      const part = `${guardName("collect", n)}_part${i + 1}`;
      s.helpers.push(
        markUnusedParams(
          [
            `/** @internal Pushes the issues of properties ${i * PART_SIZE + 1}–${i * PART_SIZE + ps.length} of \`${guardName("collect", n)}\`. */`,
            `function ${part}(v: Record<string, unknown>, p: string, d: number, out: ${s.ctx.runtimeType("ValidationIssue")}[], m: ${s.ctx.runtimeType("Memo")}, fast: boolean): void {`,
            `  let x: unknown;`,
            ...collects(ps),
            `}`,
          ].join("\n"),
        ),
      );
      lines.push(`  ${part}(v, p, d, out, m, fast);`);
    });
  }
  const patterns = decl.patterns ?? [];
  if (extra !== "allow" || patterns.length > 0) {
    if ((decl.properties.length === 0 || inParts) && extra !== "check" && patterns.length > 0) lines.push(`  let x: unknown;`);
    lines.push(`  for (const key in v) {`, `    if (out.length >= ${s.maxIssues}) return;`);
    if (patterns.length === 0) lines.push(...knownKeysSkip(decl), `    if (!Object.hasOwn(v, key)) continue;`);
    else {
      lines.push(`    if (!Object.hasOwn(v, key)) continue;`, `    x = v[key];`, `    let matched = false;`);
      for (const [pattern, type] of patterns) {
        lines.push(...indent(block(`if (${patternName(pattern, s)}.test(key))`, [`matched = true;`, ...collectIfFailing(type, "x", `${s.rt("pointer")}(p, key)`, 1, s)]), 4));
      }
      lines.push(`    if (matched) continue;`, ...knownKeysSkip(decl));
    }
    if (extra === "reject") lines.push(`    ${s.rt("extra")}(out, ${s.rt("pointer")}(p, key), v, key);`);
    else if (extra === "check") {
      const t = decl.additional as Exclude<ObjectDecl["additional"], boolean>;
      lines.push(`    x = v[key];`, ...indent(collectIfFailing(t, "x", `${s.rt("pointer")}(p, key)`, 1, s), 4));
    }
    lines.push(`  }`);
  }
  for (const r of decl.rules ?? []) {
    const ok = ruleTest(r, "v", 0, s);
    if (ok !== "true") lines.push(...indent(block(`if (!${ok.startsWith("(") ? ok : `(${ok})`})`, ruleFailing(r, "v", "p", 0, s))));
  }
  return [...head, ...reportsThrows(lines.map((l) => l.slice(2)), JSON.stringify(n), s), `}`].join("\n");
}

