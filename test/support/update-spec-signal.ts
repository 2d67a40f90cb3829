/**
 * `update-spec ARGS` in this process, which sends itself a real SIGINT right after the first
 * file of the update is written and gives it time to land (without a handler it ends the
 * process there). Exits with update-spec's code. Used by test/update-spec.test.ts.
 */
import { runUpdateSpec } from "../../generator/commands/update-spec.ts";

const code = await runUpdateSpec(process.argv.slice(2), process.cwd(), "2026-01-01", {
  afterFirstWrite: async () => {
    process.kill(process.pid, "SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 200));
  },
});
process.exit(code);
