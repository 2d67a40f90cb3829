/**
 * A run that really dies: generates the fixture (one schema, closed enums) and writes it to
 * `<out>`, sending itself SIGKILL at the named step of the switch. No cleanup, no lock release,
 * no finally block runs — what a kill -9 or a power cut leaves.
 *
 *   node bin/run-ts.js test/support/kill-at.ts <out> <step> <cwd>
 */
import { generate } from "../../generator/index.ts";
import { writeOutput } from "../../generator/write/write.ts";
import { FIXTURE_SPEC } from "./safety.ts";

const [out, step, cwd] = process.argv.slice(2) as [string, string, string];
const { files } = await generate({ spec: FIXTURE_SPEC, select: ["gelato_session_last_error"], enums: "closed", format: false, cacheDir: false });
await writeOutput(out, files, {
  cwd,
  faults: (at) => {
    if (at === step) process.kill(process.pid, "SIGKILL");
  },
});
console.log("not killed");
