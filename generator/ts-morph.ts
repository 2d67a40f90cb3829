/**
 * ts-morph's TypeScript compiler API, loaded with `require`. Imported as an ES module, the
 * CommonJS package was lexed by Node for its export names first (its 1 MB entry, on the main
 * thread and again on the layout worker): ~0.2 s of CPU per process measured here (user time of
 * loading ts-morph, 6 runs each: 0.73–0.83 s as an import, 0.55–0.63 s through require). The
 * compiler's types come from ts-morph's declarations as usual: `import type { ts as TS }`.
 */
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";

const tsMorph = createRequire(import.meta.url)("ts-morph") as typeof TsMorph;

export const ts: typeof TsMorph.ts = tsMorph.ts;
export const { printStructure, StructureKind, VariableDeclarationKind } = tsMorph;
