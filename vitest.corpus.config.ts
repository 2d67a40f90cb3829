import { defineConfig } from "vitest/config";

/**
 * Slow corpora (`npm run test:corpus`): real non-Stripe specs generated whole and checked
 * against the ajv oracle. Kept out of `npm test`: GitHub's spec alone takes minutes on 2 cores.
 */
export default defineConfig({
  test: {
    include: ["test/corpus/**/*.corpus.ts"],
    typecheck: { enabled: false },
    testTimeout: 900_000,
    hookTimeout: 900_000,
    maxWorkers: 1,
  },
});
