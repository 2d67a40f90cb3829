/**
 * Line 3: guard throughput, specguard's generated guards against ajv compiled from the same spec,
 * in this process, on the payloads in bench/payloads/. Before timing, both sides must agree that
 * the valid payloads are valid and the invalid ones are not; disagreements are reported.
 *
 * Timing: each side's iteration count is calibrated to ~`sampleMs` per sample; after discarded
 * warm-up samples, samples of the two sides alternate (which side goes first alternates too),
 * and the median sample counts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ValidateFunction } from "ajv";
import { ajvPeer } from "./ajv-spec.ts";
import { calibrate, median, opsPerSecond } from "./measure.ts";
import { PAYLOADS, SPEC } from "./paths.ts";
import type { Row } from "./report.ts";
import type { Workspace } from "./workspace.ts";

interface Subject {
  readonly schema: string;
  /** PascalCase of the schema id: the suffix of its guard names. */
  readonly typeName: string;
}

const SUBJECTS: readonly Subject[] = [
  { schema: "identity.verification_session", typeName: "IdentityVerificationSession" },
  { schema: "checkout.session", typeName: "CheckoutSession" },
];

export interface Check {
  readonly what: string;
  readonly expected: "accept" | "reject";
  readonly ajv: string;
  readonly specguard: string;
  readonly agree: boolean;
  readonly detail?: string;
}

export interface GuardResult {
  readonly rows: Row[];
  readonly checks: Check[];
  readonly ajvCompileMs: Record<string, number>;
}

type Fn = (input: unknown) => unknown;

export function benchGuards(ws: Workspace, rounds: number, warmupSamples: number, sampleMs: number, log: (s: string) => void): GuardResult {
  const spec = JSON.parse(readFileSync(SPEC, "utf8")) as Parameters<typeof ajvPeer>[0];
  const peer = ajvPeer(spec);
  const rows: Row[] = [];
  const checks: Check[] = [];
  const jobs: { row: Omit<Row, "specguard" | "peer">; sg: Fn | null; ajv: Fn; input: unknown }[] = [];

  for (const s of SUBJECTS) {
    const valid = readPayload(`${s.schema}.json`);
    const invalid = readPayload(`${s.schema}.invalid.json`);
    const ajvFirst = peer.first(s.schema);
    const ajvAll = peer.all(s.schema);
    const isName = `is${s.typeName}`;
    const validateName = `validate${s.typeName}`;
    const isFn = ws.exports[isName];
    const validateFn = ws.exports[validateName];
    const is = typeof isFn === "function" ? (isFn as Fn) : null;
    const validate = typeof validateFn === "function" ? (validateFn as Fn) : null;

    for (const [label, payload, expected] of [["valid", valid, "accept"], ["invalid", invalid, "reject"]] as const) {
      checks.push(agreement(`${isName} / ajv (allErrors: false), ${s.schema} ${label}`, expected, ajvFirst, payload, is, "boolean"));
      checks.push(agreement(`${validateName} / ajv (allErrors: true), ${s.schema} ${label}`, expected, ajvAll, payload, validate, "validate"));
    }
    const missing = (name: string): string | undefined =>
      ws.exports[name] === undefined ? `${name} is not exported by the generated code (guard emitter not landed?): not measured` : undefined;
    jobs.push({
      row: { section: "3", line: `${isName}, valid ${s.schema}: throughput`, unit: "ops/s", peerName: "ajv", target: { ratio: ">=", value: 3 }, ...noteOf(missing(isName)) },
      sg: is,
      ajv: (x) => ajvFirst(x),
      input: valid,
    });
    jobs.push({
      row: { section: "3", line: `${validateName}, invalid ${s.schema}: throughput`, unit: "ops/s", peerName: "ajv allErrors", target: { ratio: ">=", value: 2 }, ...noteOf(missing(validateName)) },
      // validateX builds its issue list; consuming the result keeps the comparison with ajv (which
      // fills `.errors`) honest.
      sg: validate,
      ajv: (x) => (ajvAll(x) ? null : ajvAll.errors),
      input: invalid,
    });
  }

  for (const job of jobs) {
    const nAjv = calibrate(job.ajv, job.input, sampleMs);
    const nSg = job.sg ? calibrate(job.sg, job.input, sampleMs) : 0;
    const sgSamples: number[] = [];
    const ajvSamples: number[] = [];
    // Warm-up samples (discarded) let V8 finish optimizing: ajv's checkout.session validator is
    // ~90 KB of code and runs several times slower until it has.
    for (let round = 0; round < warmupSamples + rounds; round++) {
      const keep = round >= warmupSamples;
      const sgFirst = round % 2 === 0;
      if (sgFirst && job.sg) (keep ? sgSamples : []).push(opsPerSecond(job.sg, job.input, nSg));
      (keep ? ajvSamples : []).push(opsPerSecond(job.ajv, job.input, nAjv));
      if (!sgFirst && job.sg) (keep ? sgSamples : []).push(opsPerSecond(job.sg, job.input, nSg));
    }
    const row: Row = { ...job.row, specguard: job.sg ? median(sgSamples) : null, peer: median(ajvSamples) };
    rows.push(row);
    log(`  ${row.line}: specguard ${job.sg ? Math.round(row.specguard!) : "n/a"} ops/s, ajv ${Math.round(row.peer!)} ops/s`);
  }

  const disagreements = checks.filter((c) => !c.agree);
  if (disagreements.length > 0) {
    for (const row of rows) {
      const schema = SUBJECTS.find((s) => row.line.includes(s.schema))!.schema;
      const bad = disagreements.filter((c) => c.what.includes(`${schema} `));
      if (bad.length > 0) (row as { note?: string }).note = [row.note, `payload check disagreement: ${bad.map((c) => c.what).join("; ")}`].filter(Boolean).join(" — ");
    }
  }
  return { rows, checks, ajvCompileMs: peer.compileMs };
}

function noteOf(note: string | undefined): { note?: string } {
  return note === undefined ? {} : { note };
}

function readPayload(name: string): unknown {
  return JSON.parse(readFileSync(join(PAYLOADS, name), "utf8"));
}

function agreement(what: string, expected: "accept" | "reject", ajv: ValidateFunction, payload: unknown, sg: Fn | null, kind: "boolean" | "validate"): Check {
  const ajvOk = ajv(payload) === true;
  const ajvText = ajvOk ? "accept" : "reject";
  const ajvDetail = ajvOk ? "" : `ajv: ${(ajv.errors ?? []).slice(0, 6).map((e) => `${e.instancePath || "/"} ${e.message}`).join(", ")}`;
  if (!sg) return { what, expected, ajv: ajvText, specguard: "n/a (guard missing)", agree: ajvText === expected, ...(ajvText === expected ? {} : { detail: ajvDetail }) };
  let sgText: string;
  let sgDetail = "";
  try {
    const result = sg(payload);
    if (kind === "boolean") sgText = result === true ? "accept" : result === false ? "reject" : `unexpected result ${typeof result}`;
    else {
      const o = outcome(result);
      sgText = o.verdict;
      sgDetail = o.issues;
    }
  } catch (error) {
    sgText = `threw: ${(error as Error).message}`;
  }
  const agree = ajvText === expected && sgText === expected;
  const detail = [ajvDetail, sgDetail && `specguard: ${sgDetail}`].filter(Boolean).join(" | ");
  return { what, expected, ajv: ajvText, specguard: sgText, agree, ...(detail ? { detail } : {}) };
}

/**
 * What a `validateX` result says, whatever shape issue 3 settles on: a list of issues,
 * `{ ok | valid | success: boolean }`, or `{ issues | errors: [...] }`.
 */
export function outcome(result: unknown): { verdict: string; issues: string } {
  const list = (v: unknown): string =>
    Array.isArray(v) ? v.slice(0, 6).map((i) => (typeof i === "object" && i !== null ? JSON.stringify(i).slice(0, 160) : String(i))).join(", ") : "";
  if (Array.isArray(result)) return { verdict: result.length === 0 ? "accept" : "reject", issues: list(result) };
  if (result === true || result === false) return { verdict: result ? "accept" : "reject", issues: "" };
  if (result !== null && typeof result === "object") {
    const r = result as Record<string, unknown>;
    const issues = list(r["issues"] ?? r["errors"]);
    for (const key of ["ok", "valid", "success"]) if (typeof r[key] === "boolean") return { verdict: r[key] ? "accept" : "reject", issues };
    for (const key of ["issues", "errors"]) if (Array.isArray(r[key])) return { verdict: (r[key] as unknown[]).length === 0 ? "accept" : "reject", issues };
  }
  if (result === undefined || result === null) return { verdict: "accept", issues: "" };
  return { verdict: `unknown result shape: ${JSON.stringify(result)?.slice(0, 80)}`, issues: "" };
}
