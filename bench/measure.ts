/**
 * Measuring: child processes (wall time and the OS's peak RSS), in-process loops, medians.
 *
 * Peak memory comes from `/usr/bin/time -f %M` (GNU time: the child's ru_maxrss) when it works on
 * this machine; otherwise from bench/rusage.mjs, which runs the node entry inside its own process
 * and reports `process.resourceUsage().maxRSS` on exit. Both report kilobytes. Wall time is always
 * taken by this process around spawn → exit (GNU time's %e has only 10 ms resolution).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./paths.ts";

export type MemoryProbe = "gnu-time" | "node-rusage";

const GNU_TIME = "/usr/bin/time";
const RUSAGE_WRAPPER = join(ROOT, "bench/rusage.mjs");

/** GNU time if it runs and understands `-f %M -o`, else the node wrapper. */
export function detectProbe(forced?: string): MemoryProbe {
  if (forced === "node") return "node-rusage";
  if (forced === "time") return "gnu-time";
  if (!existsSync(GNU_TIME)) return "node-rusage";
  const dir = mkdtempSync(join(tmpdir(), "sg-bench-"));
  try {
    const out = join(dir, "t");
    const r = spawnSync(GNU_TIME, ["-f", "%M", "-o", out, process.execPath, "-e", "0"], { stdio: "ignore" });
    return r.status === 0 && /^\d+\s*$/.test(readFileSync(out, "utf8").trim().split("\n").pop() ?? "") ? "gnu-time" : "node-rusage";
  } catch {
    return "node-rusage";
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ChildResult {
  readonly wallMs: number;
  /** Peak resident set size in MB (1 MB = 1024 KB as the OS reports it). */
  readonly peakMb: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <script> ...args` in the repository root and measures it. */
export async function runNode(probe: MemoryProbe, script: string, args: readonly string[], cwd = ROOT, env: NodeJS.ProcessEnv = process.env): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), "sg-bench-"));
  const report = join(dir, "rusage");
  const [cmd, argv] =
    probe === "gnu-time"
      ? [GNU_TIME, ["-f", "%M", "-o", report, process.execPath, script, ...args]]
      : [process.execPath, [RUSAGE_WRAPPER, report, script, ...args]];
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(cmd, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
      child.on("error", reject);
      child.on("close", (status) => resolve({ code: status ?? -1, stdout: out, stderr: err }));
    });
    const wallMs = performance.now() - started;
    let peakKb = NaN;
    try {
      // GNU time writes "Command exited with non-zero status N" before the format line on failure.
      const last = readFileSync(report, "utf8").trim().split("\n").pop() ?? "";
      peakKb = probe === "gnu-time" ? Number(last) : (JSON.parse(last) as { maxRssKb: number }).maxRssKb;
    } catch {
      // No report: the child died before exit handlers ran; peak stays NaN.
    }
    return { wallMs, peakMb: peakKb / 1024, code, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Throws with the child's output when it did not exit 0. */
export function ok(what: string, r: ChildResult): ChildResult {
  if (r.code !== 0) {
    const tail = (r.stderr || r.stdout).trim().split("\n").slice(-15).join("\n");
    throw new Error(`${what} exited with ${r.code}:\n${tail}`);
  }
  return r;
}

export function median(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Somewhere the optimizer cannot prove unused, so timed calls are not dead code. */
export const sink = { count: 0 };

/** Iterations of `fn(input)` that take about `targetMs`, found by doubling (also warms the JIT). */
export function calibrate(fn: (input: unknown) => unknown, input: unknown, targetMs: number): number {
  let n = 64;
  for (;;) {
    const ms = timeLoop(fn, input, n);
    if (ms >= targetMs / 4 || n >= 1 << 30) return Math.max(1, Math.ceil((n * targetMs) / Math.max(ms, 1e-3)));
    n *= 2;
  }
}

/** Milliseconds for `n` calls. */
export function timeLoop(fn: (input: unknown) => unknown, input: unknown, n: number): number {
  let hits = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (fn(input)) hits++;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  sink.count += hits;
  return ms;
}

/** Operations per second for one sample of `n` calls. */
export function opsPerSecond(fn: (input: unknown) => unknown, input: unknown, n: number): number {
  return (n / timeLoop(fn, input, n)) * 1000;
}
