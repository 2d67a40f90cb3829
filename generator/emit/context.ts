/**
 * What an emitter needs while writing one file: the model, the options, and a record of the
 * names it used from other modules and from the runtime, from which the imports are written.
 *
 * Each schema module is written as two files (see layout.ts): the public one (types, enums, and
 * a re-export of the `is`/`validate`/`assert` guards) and the internal one (those guards, the
 * `check`/`collect` workers they call and their walkers). A context belongs to one side;
 * `module.ts` turns what it recorded into imports.
 */
import type { Config } from "../config.ts";
import type { Decl, Model, Module, TypeExpr } from "../model/types.ts";
import { PUBLIC_RUNTIME } from "./layout.ts";

export type EmitOptions = Pick<Config, "enums" | "strictObjects" | "maxDepth" | "maxIssues" | "docsBaseUrl" | "formats">;

/** Which of a module's two files is being written. */
export type Side = "public" | "internal";

export class ModuleContext {
  /** module file → type names imported from its public file */
  readonly typeImports = new Map<string, Set<string>>();
  /** module file → value names imported from its internal file */
  readonly valueImports = new Map<string, Set<string>>();
  /** Types of the public runtime (`runtime.ts`). */
  readonly runtimeTypes = new Set<string>();
  /** Types of the internal runtime (`internal/runtime.ts`). */
  readonly internalRuntimeTypes = new Set<string>();
  /** Values of the internal runtime: the public runtime exports no value a guard calls. */
  readonly runtimeValues = new Set<string>();
  /** Shared walkers (internal/walkers.ts) this file calls. */
  readonly walkerValues = new Set<string>();
  /** Walkers this file keeps its own copy of (record walkers, see guards/walkers.ts), by name. */
  readonly localWalkers = new Map<string, TypeExpr>();
  /** Every declaration the emitters looked up: what this file's text depends on. */
  readonly lookedUp = new Set<string>();

  constructor(
    readonly model: Model,
    readonly module: Module,
    readonly options: EmitOptions,
    readonly side: Side = "public",
  ) {}

  decl(name: string): Decl {
    const decl = this.model.decls.get(name);
    if (!decl) throw new Error(`internal: no declaration named ${name}`);
    this.lookedUp.add(name);
    return decl;
  }

  /**
   * Records use of a declaration's type; returns the name to write. Types live in public files,
   * so the internal side imports even its own module's (type-only: no import at run time).
   */
  useType(name: string): string {
    const decl = this.decl(name);
    if (this.side === "internal" || decl.module !== this.module.file) add(this.typeImports, decl.module, name);
    return name;
  }

  /**
   * Records use of a worker exported by the internal file of the module that declares
   * `declName`. Workers live in internal files, so the public side imports even its own module's.
   */
  useValue(declName: string, valueName: string): string {
    const decl = this.decl(declName);
    if (this.side === "public" || decl.module !== this.module.file) add(this.valueImports, decl.module, valueName);
    return valueName;
  }

  /** Records use of a shared walker; returns the name to write. */
  useWalker(name: string): string {
    this.walkerValues.add(name);
    return name;
  }

  runtimeType(name: string): string {
    (PUBLIC_RUNTIME.types.includes(name) ? this.runtimeTypes : this.internalRuntimeTypes).add(name);
    return name;
  }

  runtimeValue(name: string): string {
    this.runtimeValues.add(name);
    return name;
  }
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
