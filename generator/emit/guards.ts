/**
 * Declarations → runtime guards (`isX`, `validateX`, `assertX`). Placeholder until issue 3 lands:
 * it emits nothing, and the manifest lists no guards.
 */
import type { StatementStructures } from "ts-morph";
import type { Decl } from "../model/types.ts";
import type { ModuleContext } from "./context.ts";

/** Names of the guard functions emitted for a declaration. */
export function guardNames(_decl: Decl): string[] {
  return [];
}

export function guardStatements(_decl: Decl, _ctx: ModuleContext): (StatementStructures | string)[] {
  return [];
}
