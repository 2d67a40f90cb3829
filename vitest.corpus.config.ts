import { defineConfig } from "vitest/config";
import { SLOW_CORPORA } from "./vitest.config.ts";

/**
 * Slow corpora (`npm run test:corpus`, run by CI beside `npm test`): GitHub's REST spec
 * generated whole and checked against the ajv oracle, and the whole-Stripe-spec suites listed in
 * vitest.config.ts. Kept out of `npm test`: each takes minutes on 2 cores.
 */
export default defineConfig({
  test: {
    include: ["test/corpus/**/*.corpus.ts", ...SLOW_CORPORA],
    typecheck: { enabled: false },
    testTimeout: 900_000,
    hookTimeout: 900_000,
    maxWorkers: 2,
  },
});
