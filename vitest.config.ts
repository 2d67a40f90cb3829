import { defineConfig } from "vitest/config";

/**
 * Whole-spec corpora that take minutes on 2 cores: every Stripe schema's samples and mutants,
 * the ajv differential over ~57,000 inputs, the `--all` compile in both enum modes, and the layout
 * engine judged by prettier on whole-spec runs (Stripe both modes, GitHub). They run
 * in `npm run test:corpus` (with GitHub's spec), which CI runs too; `npm test` keeps the rest.
 */
export const SLOW_CORPORA = [
  "test/guards-property.test.ts",
  "test/guards-differential.test.ts",
  "test/whole-spec.test.ts",
  "test/compile-open.test.ts",
  "test/layout-fixed-point.test.ts",
];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // test/.tmp holds scratch work (held-out specs and their packages): never part of the suite.
    exclude: ["**/node_modules/**", "test/.tmp/**", ...SLOW_CORPORA],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
    // Suites that generate and type-check hundreds of modules; give them room on 2 cores.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    maxWorkers: 2,
  },
});
