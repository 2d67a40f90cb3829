/**
 * `internal/walkers.ts`: the shared walkers (see guards/walkers.ts for what is shared and how it
 * is named), emitted once for the whole output. Which walkers exist depends on the model alone,
 * not on which modules were printed or came from the module cache, so the file is the same
 * whichever modules were re-emitted.
 */
import type { AliasDecl, Model, Module, TypeExpr } from "../model/types.ts";
import { ordinal } from "../resolve/resolve.ts";
import { ModuleContext, type EmitOptions } from "./context.ts";
import { test } from "./guards/check.ts";
import { block, collectFailing, indent, neverThrows, reportsThrows } from "./guards/collect.ts";
import { expected } from "./guards/describe.ts";
import { GuardScope } from "./guards/scope.ts";
import { isLocalWalker, sharedWalkers, WALKER_PREFIX } from "./guards/walkers.ts";
import { RUNTIME_FILE, WALKERS_FILE } from "./runtime.ts";

export { WALKERS_FILE };

/** The module's text, or undefined when the output has no shared walker. */
export function walkersSource(model: Model, options: EmitOptions): string | undefined {
  const s = walkerScope(model, options);
  const ctx = s.ctx;
  // Array walkers, and the record walkers they call (records are copied into their callers'
  // files otherwise, see guards/walkers.ts).
  const all = sharedWalkers(model.decls.values(), (name) => ctx.decl(name));
  const pending = [...all.keys()].filter((name) => !isLocalWalker(name));
  const texts = new Map<string, string>();
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (texts.has(name)) continue;
    texts.set(name, [checkWalker(name, all.get(name)!, s, true), collectWalker(name, all.get(name)!, s, true)].join("\n\n"));
    for (const called of ctx.walkerValues) {
      const nested = called.replace(/^(valid|report)/, "");
      if (!texts.has(nested)) pending.push(nested);
    }
    ctx.walkerValues.clear(); // nested walkers live in this file
  }
  if (texts.size === 0) return undefined;
  const functions = [...texts.keys()].sort(ordinal).map((name) => texts.get(name)!);
  // This file sits in internal/, beside internal/runtime.ts; public types come from ../runtime.ts.
  const types = [...ctx.runtimeTypes].sort(ordinal);
  const internalTypes = [...ctx.internalRuntimeTypes].sort(ordinal);
  const values = [...ctx.runtimeValues].sort(ordinal);
  const imports = [
    ...(types.length > 0 ? [`import type { ${types.join(", ")} } from "../${RUNTIME_FILE}.js";`] : []),
    ...(internalTypes.length > 0 ? [`import type { ${internalTypes.join(", ")} } from "./${RUNTIME_FILE}.js";`] : []),
    ...(values.length > 0 ? [`import { ${values.join(", ")} } from "./${RUNTIME_FILE}.js";`] : []),
  ];
  return [imports.join("\n"), ...functions].join("\n\n") + "\n";
}

/** The scope shared walkers are written in: no declaration of its own (no cycle, no local helper). */
function walkerScope(model: Model, options: EmitOptions): GuardScope {
  const module = { file: `../${WALKERS_FILE}`, schemaId: "", decls: [] } as unknown as Module;
  const ctx = new ModuleContext(model, module, options, "internal");
  return new GuardScope(ctx, { kind: "alias", name: "", module: module.file, type: { kind: "unknown" } } as unknown as AliasDecl, true, true);
}

/**
 * The copies of record walkers a module's file calls (`ctx.localWalkers`, filled while its guards
 * were written), sorted by name, not exported. Printing one may ask for another (a record of
 * records), so this runs until none is left.
 */
export function localWalkerSource(ctx: ModuleContext): string[] {
  const s = new GuardScope(ctx, { kind: "alias", name: "", module: ctx.module.file, type: { kind: "unknown" } } as unknown as AliasDecl, true, false);
  const texts = new Map<string, string>();
  for (;;) {
    const next = [...ctx.localWalkers].find(([name]) => !texts.has(name));
    if (next === undefined) break;
    const [name, t] = next;
    texts.set(name, [checkWalker(name, t, s, false), collectWalker(name, t, s, false)].join("\n\n"));
  }
  return [...texts.keys()].sort(ordinal).map((name) => texts.get(name)!);
}

/** The two functions of the shared walker `name` written for the type `t` (tests compare the texts of every type given one name). */
export function walkerText(model: Model, options: EmitOptions, name: string, t: TypeExpr): string {
  const s = walkerScope(model, options);
  return [checkWalker(name, t, s, true), collectWalker(name, t, s, true)].join("\n\n");
}

/** The loop over an array's items or a record's own values, binding each to `x`. */
function loop(t: Extract<TypeExpr, { kind: "array" | "record" }>, s: GuardScope, issues: boolean): { open: string[]; item: TypeExpr; path: string } {
  const cap = issues ? ` && out.length < ${s.maxIssues}` : "";
  if (t.kind === "array") {
    return { open: [`for (let i = 0; i < v.length${cap}; i++) {`, `  const x: unknown = v[i];`], item: t.items, path: `p + "/" + i` };
  }
  const stop = issues ? [`  if (out.length >= ${s.maxIssues}) return;`] : [];
  return { open: [`for (const key in v) {`, ...stop, `  if (!Object.hasOwn(v, key)) continue;`, `  const x = v[key];`], item: t.values, path: `${s.rt("pointer")}(p, key)` };
}

function isContainer(t: Extract<TypeExpr, { kind: "array" | "record" }>, s: GuardScope): string {
  return t.kind === "array" ? "Array.isArray(v)" : `${s.rt("record")}(v)`;
}

/**
 * The check. With a memo (a check on a reference cycle called it), the walk counts as steps (an
 * array's items too) and, once the call has taken enough steps, its verdict is remembered per
 * value: a shared array is walked once, not once per parent. Leaves do not depend on the depth,
 * so the memo's depth key is 0.
 */
function checkWalker(name: string, t: TypeExpr, s: GuardScope, exported: boolean): string {
  const w = t as Extract<TypeExpr, { kind: "array" | "record" }>;
  const { open, item } = loop(w, s, false);
  const self = WALKER_PREFIX.check + name;
  const step = w.kind === "array" ? "m.n += 1 + v.length" : "++m.n";
  return [
    `/** @internal Whether \`v\` is an ${expected(t, s)}. */`,
    `${exported ? "export " : ""}function ${self}(v: unknown, m?: ${s.ctx.runtimeType("Memo")}): boolean {`,
    ...neverThrows([
      `if (!${isContainer(w, s)}) return false;`,
      `const known = m !== undefined && (${step}) > 0 ? ${s.rt("recall")}(m, v, 0, ${self}) : undefined;`,
      `if (known !== undefined) return known;`,
      ...open,
      `  if (!(${test(item, "x", 1, s)})) return false;`,
      `}`,
      `return m === undefined || m.n <= 0 || ${s.rt("keep")}(m, v, 0, ${self});`,
    ]),
    `}`,
  ].join("\n");
}

function collectWalker(name: string, t: TypeExpr, s: GuardScope, exported: boolean): string {
  const w = t as Extract<TypeExpr, { kind: "array" | "record" }>;
  const want = JSON.stringify(expected(t, s));
  const { open, item, path } = loop(w, s, true);
  const body = [
    `if (!${isContainer(w, s)}) return ${s.rt("report")}(out, p, ${want}, v);`,
    ...open,
    ...indent(block(`if (!(${test(item, "x", 1, s)}))`, collectFailing(item, "x", path, 1, s))),
    `}`,
  ];
  return [
    `/** @internal Pushes the issues that make \`${WALKER_PREFIX.check}${name}\` fail. */`,
    `${exported ? "export " : ""}function ${WALKER_PREFIX.collect}${name}(v: unknown, p: string, out: ${s.ctx.runtimeType("ValidationIssue")}[], m?: ${s.ctx.runtimeType("Memo")}): void {`,
    `  if (out.length >= ${s.maxIssues} || ${WALKER_PREFIX.check}${name}(v, m)) return;`,
    ...reportsThrows(body, want, s),
    `}`,
  ].join("\n");
}
