/**
 * Line 4: what a user's `tsc --noEmit` pays for the generated code. Two small consumer files
 * written into bench/.work/tc/, each with its own strict tsconfig, checked by child processes:
 *
 *   sg-deep  imports IdentityVerificationSession and isIdentityVerificationSession from the
 *            schema's own module (bench/.work/gen-all/schemas/identity.verification_session.ts,
 *            --all, closed enums): the import the README recommends
 *   sg       (evidence) the same, imported from the barrel index instead
 *   ot       imports the same type from openapi-typescript's single output file
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OT_OUT } from "./generation.ts";
import { median, ok, runNode, type ChildResult, type MemoryProbe } from "./measure.ts";
import { OT_BIN, SPEC, TSC_BIN, WORK } from "./paths.ts";
import type { Row } from "./report.ts";
import { isFunction, type Workspace } from "./workspace.ts";

const DIR = join(WORK, "tc");

const COMPILER_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2022"],
  types: [],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: true,
  noEmit: true,
};

/** Code every consumer shares: it reads the type the way an application would. */
const USE_TYPE = `
export function describe(session: IdentityVerificationSession): string {
  const name = session.verified_outputs?.first_name ?? "unknown";
  const error = session.last_error?.code ?? "none";
  return \`\${session.id} \${session.status} \${name} \${error} \${Object.keys(session.metadata).length}\`;
}
`;

/** Rounds past the third run only while the next is expected to end within `budgetMs`. */
export async function benchTypecheck(probe: MemoryProbe, ws: Workspace, rounds: number, warmup: boolean, budgetMs: number, log: (s: string) => void): Promise<{ rows: Row[]; rounds: number }> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  if (!existsSync(OT_OUT)) {
    mkdirSync(join(OT_OUT, ".."), { recursive: true });
    ok("openapi-typescript", await runNode(probe, OT_BIN, [SPEC, "-o", OT_OUT]));
  }
  copyFileSync(OT_OUT, join(DIR, "ot-types.ts"));

  const hasGuard = isFunction(ws.exports, "isIdentityVerificationSession");
  const sgConsumer = (from: string): string =>
    hasGuard
      ? `import { isIdentityVerificationSession, type IdentityVerificationSession } from "${from}";
export function statusOf(input: unknown): IdentityVerificationSession["status"] | undefined {
  return isIdentityVerificationSession(input) ? input.status : undefined;
}
${USE_TYPE}`
      : `import type { IdentityVerificationSession } from "${from}";
${USE_TYPE}`;
  const consumers = {
    sg: sgConsumer("../gen-all/index.js"),
    "sg-deep": sgConsumer("../gen-all/schemas/identity.verification_session.js"),
    ot: `import type { components } from "./ot-types.js";
type IdentityVerificationSession = components["schemas"]["identity.verification_session"];
${USE_TYPE}`,
  };
  for (const [name, source] of Object.entries(consumers)) {
    writeFileSync(join(DIR, `consumer-${name}.ts`), source);
    writeFileSync(join(DIR, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: [`consumer-${name}.ts`] }, null, 2));
  }

  const kinds = Object.keys(consumers) as (keyof typeof consumers)[];
  const samples = new Map<string, ChildResult[]>(kinds.map((k) => [k, []]));
  const failures = new Map<string, string>();
  const total = rounds + (warmup ? 1 : 0);
  const started = performance.now();
  for (let round = 0; round < total; round++) {
    const done = warmup ? round - 1 : round;
    const spent = performance.now() - started;
    if (done >= 3 && spent + spent / (done + (warmup ? 1 : 0)) > budgetMs) {
      log(`  time budget (${(budgetMs / 1000).toFixed(0)} s) would be exceeded by another round: stopping after ${done}`);
      break;
    }
    const order = kinds.map((_, i) => kinds[(i + round) % kinds.length]!);
    const parts: string[] = [];
    for (const kind of order) {
      const r = await runNode(probe, TSC_BIN, ["--noEmit", "-p", join(DIR, `tsconfig.${kind}.json`)]);
      if (r.code !== 0) failures.set(kind, (r.stdout + r.stderr).trim().split("\n").slice(0, 5).join(" / "));
      if (!warmup || round > 0) samples.get(kind)!.push(r);
      parts.push(`${kind} ${(r.wallMs / 1000).toFixed(2)} s`);
    }
    log(`  ${warmup && round === 0 ? "warm-up" : `round ${warmup ? round : round + 1}/${rounds}`}: ${parts.join(", ")}`);
  }
  // A peer whose consumer does not compile is timing something else (once, GitHub's types,
  // written over Stripe's): no ratio is reported against it.
  if (failures.has("ot")) throw new Error(`line 4: the openapi-typescript consumer does not type-check: ${failures.get("ot")}`);
  const wall = (k: string): number => median(samples.get(k)!.map((r) => r.wallMs));
  const peak = (k: string): number => median(samples.get(k)!.map((r) => r.peakMb));
  const noteFor = (k: string, extra?: string): { note?: string } => {
    const parts = [extra, failures.has(k) ? `tsc reported errors: ${failures.get(k)}` : undefined, `peak RSS ${peak(k).toFixed(0)} MB vs ${peak("ot").toFixed(0)} MB`].filter(Boolean);
    return { note: parts.join(" — ") };
  };
  const guardNote = hasGuard ? undefined : "isIdentityVerificationSession is not exported yet: the consumer imports the type only, so this measures types, not the guard";
  const rows: Row[] = [
    // The per-schema module is the entry point the README recommends; the barrel index pulls in
    // every schema's guards, which tsc then checks, so it is reported as evidence next to it.
    { section: "4", line: hasGuard ? "tsc --noEmit, consumer of IdentityVerificationSession + guard (its module)" : "tsc --noEmit, consumer of IdentityVerificationSession, TYPE ONLY: guard missing (its module)", unit: "ms", specguard: wall("sg-deep"), peer: wall("ot"), peerName: "openapi-typescript", target: { ratio: "<=", value: 0.5 }, ...noteFor("sg-deep", guardNote) },
    { section: "4", line: "(evidence) same consumer, importing from the barrel generated/index.ts", unit: "ms", specguard: wall("sg"), peer: wall("ot"), peerName: "openapi-typescript", ...noteFor("sg") },
  ];
  return { rows, rounds: samples.get("ot")!.length };
}
