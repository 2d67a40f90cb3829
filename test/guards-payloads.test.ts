/**
 * Hand-written, realistic identity.verification_session payloads (test/fixtures/payloads/) run
 * through the guards of the default output in both enum modes. Every status and type appears;
 * `last_verification_report` both as an id and expanded into a full report; one is redacted.
 * `newer-api.*` payloads imitate a later API version (a field and a status this spec does not
 * know): open enums must accept them, closed enums must reject exactly the unknown status.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadGenerated, materialize, ROOT, SESSION_IDS } from "./support/generated.ts";

type Issue = { path: string; expected: string; received: string; message: string };
type Result = { ok: true; value: unknown } | { ok: false; issues: Issue[] };
interface Guards {
  is: (v: unknown) => boolean;
  validate: (v: unknown) => Result;
  assert: (v: unknown) => void;
}

const DIR = join(ROOT, "test/fixtures/payloads");
const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
const current = files.filter((f) => !f.startsWith("newer-api."));
const newer = files.filter((f) => f.startsWith("newer-api."));
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(DIR, file), "utf8")) as Record<string, unknown>;

let open: Guards;
let closed: Guards;
let closedReport: Guards;

function load(mod: Record<string, unknown>, name: string): Guards {
  return { is: mod[`is${name}`], validate: mod[`validate${name}`], assert: mod[`assert${name}`] } as Guards;
}

beforeAll(async () => {
  const o = await materialize("guards-payloads-open", { select: [...SESSION_IDS], enums: "open" });
  const c = await materialize("guards-payloads-closed", { select: [...SESSION_IDS], enums: "closed" });
  const [om, cm] = [await loadGenerated(o.dir), await loadGenerated(c.dir)];
  open = load(om, "IdentityVerificationSession");
  closed = load(cm, "IdentityVerificationSession");
  closedReport = load(cm, "IdentityVerificationReport");
});

describe("the payload set", () => {
  it("covers every status and type, both forms of last_verification_report, and a redaction", () => {
    const payloads = current.map(read);
    expect(new Set(payloads.map((p) => p["status"]))).toEqual(new Set(["requires_input", "processing", "verified", "canceled"]));
    expect(new Set(payloads.map((p) => p["type"]))).toEqual(new Set(["document", "id_number", "verification_flow"]));
    const reports = payloads.map((p) => p["last_verification_report"]);
    expect(reports.some((r) => typeof r === "string")).toBe(true);
    expect(reports.some((r) => typeof r === "object" && r !== null)).toBe(true);
    expect(payloads.some((p) => (p["redaction"] as { status?: string } | null)?.status === "redacted")).toBe(true);
    expect(newer.length).toBeGreaterThan(0);
  });
});

describe.each(current)("%s", (file) => {
  it("passes isX, validateX and assertX in both enum modes", () => {
    const payload = read(file);
    for (const g of [open, closed]) {
      expect(g.is(payload)).toBe(true);
      expect(g.validate(payload)).toEqual({ ok: true, value: payload });
      expect(() => g.assert(payload)).not.toThrow();
    }
  });

  it("fails with an issue at the exact path of a single corruption", () => {
    const payload = read(file);
    const corruptions: [string, (p: Record<string, unknown>) => void][] = [
      ["/created", (p) => (p["created"] = String(p["created"]))],
      ["/livemode", (p) => (p["livemode"] = "false")],
      ["/metadata/k", (p) => (p["metadata"] = { k: 1 })],
      ["/object", (p) => (p["object"] = "identity.verification_report")],
      ["/id", (p) => delete p["id"]],
    ];
    for (const [path, corrupt] of corruptions) {
      const bad = structuredClone(payload);
      corrupt(bad);
      for (const g of [open, closed]) {
        expect(g.is(bad)).toBe(false);
        const result = g.validate(bad);
        expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual([path]);
        expect(() => g.assert(bad)).toThrow(path);
      }
    }
  });
});

describe("the expanded report", () => {
  it("is itself a valid IdentityVerificationReport, and its issues are reported through the session", () => {
    const payload = read("verified.document.expanded_report.json");
    const report = payload["last_verification_report"] as Record<string, unknown>;
    expect(closedReport.is(report)).toBe(true);
    const bad = structuredClone(payload);
    ((bad["last_verification_report"] as Record<string, unknown>)["document"] as Record<string, unknown>)["dob"] = { day: "01", month: 1, year: 1901 };
    const result = closed.validate(bad);
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(["/last_verification_report/document/dob/day"]);
  });
});

describe.each(newer)("%s (a newer API version)", (file) => {
  it("passes with open enums and an unknown field", () => {
    const payload = read(file);
    expect(Object.keys(payload)).toContain("related_customer");
    expect(open.is(payload)).toBe(true);
    expect(open.validate(payload).ok).toBe(true);
  });

  it("fails with closed enums, exactly at the unknown status", () => {
    const payload = read(file);
    expect(closed.is(payload)).toBe(false);
    const result = closed.validate(payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ path: "/status", received: JSON.stringify(payload["status"]) });
    expect(result.issues[0]!.expected).toBe('"canceled" | "processing" | "requires_input" | "verified"');
    expect(() => closed.assert(payload)).toThrow(/invalid IdentityVerificationSession: \/status/);
  });
});
