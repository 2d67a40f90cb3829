/**
 * `specguard diff` on a real pair of Stripe specs: an older release (API version 2022-11-15, see
 * test/fixtures/real/PROVENANCE.md) against the pinned 2024-04-10 spec, over the closure of
 * `identity.verification_session`. The markdown report is a committed snapshot; the JSON
 * assertions list every true change of that closure (checked by hand against the raw schemas),
 * so anything missing or spurious fails.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { diffSpecs, toMarkdown, type DiffReport } from "../generator/diff/index.ts";
import { ROOT, SPEC } from "./support/generated.ts";

const OLD = join(ROOT, "test/fixtures/real/stripe-2022-11-15-apisguru.json");
const options = { select: ["identity.verification_session"], all: false, strictObjects: false } as const;
let open: DiffReport;
let closed: DiffReport;
let work: string;

beforeAll(async () => {
  open = await diffSpecs(OLD, SPEC, { ...options, enums: "open" });
  closed = await diffSpecs(OLD, SPEC, { ...options, enums: "closed" });
  work = await mkdtemp(join(tmpdir(), "specguard-real-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** [change, schema, property, value, severity in open mode, severity in closed mode] */
const WANT = [
  ["schema-added", "gelato_email_report", "", "", "safe", "safe"],
  ["schema-added", "gelato_email_report_error", "", "", "safe", "safe"],
  ["schema-added", "gelato_phone_report", "", "", "safe", "safe"],
  ["schema-added", "gelato_phone_report_error", "", "", "safe", "safe"],
  ["schema-added", "gelato_provided_details", "", "", "safe", "safe"],
  ["schema-added", "gelato_session_email_options", "", "", "safe", "safe"],
  ["schema-added", "gelato_session_phone_options", "", "", "safe", "safe"],
  ["enum-value-added", "gelato_session_last_error", "code", "email_unverified_other", "warning", "breaking"],
  ["enum-value-added", "gelato_session_last_error", "code", "email_verification_declined", "warning", "breaking"],
  ["enum-value-added", "gelato_session_last_error", "code", "phone_unverified_other", "warning", "breaking"],
  ["enum-value-added", "gelato_session_last_error", "code", "phone_verification_declined", "warning", "breaking"],
  ["property-added", "gelato_verification_session_options", "email", "", "safe", "safe"],
  ["property-added", "gelato_verification_session_options", "phone", "", "safe", "safe"],
  ["property-added", "gelato_verified_outputs", "email", "", "safe", "safe"],
  ["property-added", "gelato_verified_outputs", "phone", "", "safe", "safe"],
  ["property-added", "identity.verification_report", "client_reference_id", "", "safe", "safe"],
  ["property-added", "identity.verification_report", "email", "", "safe", "safe"],
  ["property-added", "identity.verification_report", "phone", "", "safe", "safe"],
  ["property-added", "identity.verification_report", "verification_flow", "", "safe", "safe"],
  ["became-required", "identity.verification_report", "type", "", "safe", "safe"],
  ["enum-value-added", "identity.verification_report", "type", "verification_flow", "warning", "breaking"],
  ["property-added", "identity.verification_session", "client_reference_id", "", "safe", "safe"],
  ["property-added", "identity.verification_session", "provided_details", "", "safe", "safe"],
  ["property-added", "identity.verification_session", "verification_flow", "", "safe", "safe"],
  ["became-required", "identity.verification_session", "type", "", "safe", "safe"],
  ["became-non-nullable", "identity.verification_session", "type", "", "safe", "safe"],
  ["enum-value-added", "identity.verification_session", "type", "verification_flow", "warning", "breaking"],
  ["description-changed", "gelato_id_number_report", "id_number", "", "safe", "safe"],
] as const;

const rows = (r: DiffReport, col: 4 | 5) =>
  [r.changes.map((c) => [c.change, c.schema, c.property ?? "", c.value ?? "", c.severity].join(" ")).sort(), WANT.map((w) => [w[0], w[1], w[2], w[3], w[col]].join(" ")).sort()];

describe("identity.verification_session closure, 2022-11-15 release → 2024-04-10", () => {
  test("open enums: every true change with its kind and severity, nothing else", () => {
    const [got, want] = rows(open, 4);
    expect(got).toEqual(want);
    expect(open.summary).toMatchObject({ schemas: 30, breaking: 0, warning: 6, safe: 21, descriptions: 1 });
  });

  test("closed enums: the six added enum values are breaking", () => {
    const [got, want] = rows(closed, 5);
    expect(got).toEqual(want);
    expect(closed.summary).toMatchObject({ breaking: 6, warning: 0, safe: 21 });
  });

  test("changes name the generated types and point into the right spec", () => {
    const find = (change: string, schema: string, property: string) => open.changes.find((c) => c.change === change && c.schema === schema && c.property === property)!;
    expect(find("enum-value-added", "identity.verification_session", "type")).toMatchObject({
      type: "IdentityVerificationSessionType",
      pointer: "#/components/schemas/identity.verification_session/properties/type/enum",
      message: 'IdentityVerificationSessionType gained "verification_flow"',
    });
    expect(find("property-added", "identity.verification_session", "provided_details")).toMatchObject({
      type: "IdentityVerificationSession",
      to: "GelatoProvidedDetails | null",
      pointer: "#/components/schemas/identity.verification_session/properties/provided_details",
    });
    expect(find("enum-value-added", "gelato_session_last_error", "code").type).toBe("GelatoSessionLastErrorCode");
  });

  test("the markdown report matches the committed snapshot", async () => {
    await expect(toMarkdown(open, false)).toMatchFileSnapshot("./fixtures/real/identity-verification-session.md");
  });

  test("the same older spec as YAML gives the same report", async () => {
    const yamlFile = join(work, "stripe-2022-11-15.yaml");
    await writeFile(yamlFile, stringify(JSON.parse(await readFile(OLD, "utf8")), { lineWidth: 0 }));
    const fromYaml = await diffSpecs(yamlFile, SPEC, { ...options, enums: "open" });
    expect(fromYaml.changes).toEqual(open.changes);
  });
});
