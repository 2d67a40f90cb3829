/**
 * `node bin/run-ts.js bench/guards-only.ts [samples]`: only line 3 of the bench (guard throughput
 * against ajv), for iterating on the guard emitters without the child-process generation runs.
 * Prints the four rows and their ratios; writes nothing.
 */
import { benchGuards } from "./guards.ts";
import { prepareWorkspace } from "./workspace.ts";

const samples = Number(process.argv[2] ?? 6);
const ws = await prepareWorkspace();
const result = benchGuards(ws, samples, 3, 250, (s) => process.stdout.write(`${s}\n`));
for (const row of result.rows) {
  process.stdout.write(`${(row.specguard! / row.peer!).toFixed(2)}x  ${row.line}\n`);
}
for (const c of result.checks.filter((c) => !c.agree)) process.stdout.write(`DISAGREEMENT ${c.what}\n`);
