/**
 * What an emitter needs while writing one module: the model, the options, and a record of the
 * names it used from other modules and from the runtime, from which the imports are written.
 */
import type { Config } from "../config.ts";
import type { Decl, Model, Module } from "../model/types.ts";

export type EmitOptions = Pick<Config, "enums" | "strictObjects" | "maxDepth" | "maxIssues" | "docsBaseUrl" | "formats">;

export class ModuleContext {
  /** module file → type names imported from it */
  readonly typeImports = new Map<string, Set<string>>();
  /** module file → value names imported from it */
  readonly valueImports = new Map<string, Set<string>>();
  readonly runtimeTypes = new Set<string>();
  readonly runtimeValues = new Set<string>();
  /** Shared walkers (internal/walkers.ts) this module calls. */
  readonly walkerValues = new Set<string>();
  /** Every declaration the emitters looked up: what this module's text depends on. */
  readonly lookedUp = new Set<string>();

  constructor(
    readonly model: Model,
    readonly module: Module,
    readonly options: EmitOptions,
  ) {}

  decl(name: string): Decl {
    const decl = this.model.decls.get(name);
    if (!decl) throw new Error(`internal: no declaration named ${name}`);
    this.lookedUp.add(name);
    return decl;
  }

  /** Records use of a declaration's type; returns the name to write. */
  useType(name: string): string {
    const decl = this.decl(name);
    if (decl.module !== this.module.file) add(this.typeImports, decl.module, name);
    return name;
  }

  /** Records use of a value exported by the module that declares `declName`. */
  useValue(declName: string, valueName: string): string {
    const decl = this.decl(declName);
    if (decl.module !== this.module.file) add(this.valueImports, decl.module, valueName);
    return valueName;
  }

  /** Records use of a shared walker; returns the name to write. */
  useWalker(name: string): string {
    this.walkerValues.add(name);
    return name;
  }

  runtimeType(name: string): string {
    this.runtimeTypes.add(name);
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
