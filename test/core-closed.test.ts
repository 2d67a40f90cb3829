/**
 * Type-level tests that need a materialized output: closed-mode enums (exhaustive switches
 * reach `never`, unknown values are rejected), checked by compiling a consumer file with the
 * TypeScript compiler API; and the spec-driven property check (optional ⇔ not required,
 * `| null` ⇔ nullable) over both the committed open output and the closed one.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, test } from "vitest";
import { materialize, ROOT, SPEC } from "./support/generated.ts";
import { describeDiagnostics, typecheck, typecheckProgram, type Checked } from "./support/typecheck.ts";

const CONSUMER = `
import type {
  Expandable, GelatoProvidedDetails, GelatoSessionLastError, GelatoVerificationSessionOptions,
  GelatoVerifiedOutputs, IdentityVerificationReport, IdentityVerificationSession,
  IdentityVerificationSessionStatus, IdentityVerificationSessionType, VerificationSessionRedaction,
} from "./index.js";
import { IdentityVerificationSessionStatus as Names, IdentityVerificationSessionStatusValues } from "./index.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

interface Expected {
  client_reference_id?: string | null;
  client_secret?: string | null;
  created: number;
  id: string;
  last_error?: GelatoSessionLastError | null;
  last_verification_report?: string | IdentityVerificationReport | null;
  livemode: boolean;
  metadata: { [key: string]: string };
  object: "identity.verification_session";
  options?: GelatoVerificationSessionOptions | null;
  provided_details?: GelatoProvidedDetails | null;
  redaction?: VerificationSessionRedaction | null;
  status: "canceled" | "processing" | "requires_input" | "verified";
  type: "document" | "id_number" | "verification_flow";
  url?: string | null;
  verification_flow?: string;
  verified_outputs?: GelatoVerifiedOutputs | null;
}

export const sameShape: Equal<IdentityVerificationSession, Expected> = true;
export const exactStatus: Equal<IdentityVerificationSessionStatus, "canceled" | "processing" | "requires_input" | "verified"> = true;
export const exactType: Equal<IdentityVerificationSessionType, "document" | "id_number" | "verification_flow"> = true;
export const exactValues: Equal<typeof IdentityVerificationSessionStatusValues, readonly ["canceled", "processing", "requires_input", "verified"]> = true;

// @ts-expect-error closed enums reject values the spec does not list
export const future: IdentityVerificationSessionStatus = "some_future_status";

export function label(s: IdentityVerificationSession["status"]): string {
  switch (s) {
    case "canceled": {
      const exact: "canceled" = s;
      return exact;
    }
    case Names.Processing:
      return "processing";
    case "requires_input":
    case "verified": {
      const both: "requires_input" | "verified" = s;
      return both;
    }
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}

export function kind(t: IdentityVerificationSession["type"]): number {
  switch (t) {
    case "document":
      return 1;
    case "id_number": {
      const exact: "id_number" = t;
      return exact.length;
    }
    case "verification_flow":
      return 3;
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

export function missingCase(t: IdentityVerificationSession["type"]): string {
  switch (t) {
    case "document":
    case "id_number":
      return t;
    default: {
      // @ts-expect-error "verification_flow" is not handled, so the default branch is not never
      const notNever: never = t;
      return notNever;
    }
  }
}

export function reportId(session: IdentityVerificationSession): string | undefined {
  const r = session.last_verification_report;
  if (r === null || r === undefined) return undefined;
  if (typeof r === "string") {
    const id: string = r;
    return id;
  }
  const report: IdentityVerificationReport = r;
  const obj: "identity.verification_report" = report.object;
  return obj === "identity.verification_report" ? report.id : undefined;
}

export const expandable: Equal<NonNullable<IdentityVerificationSession["last_verification_report"]>, Expandable<IdentityVerificationReport>> = true;
`;

let closed: Checked;
let closedDir: string;
let open: Checked;

beforeAll(async () => {
  const { dir } = await materialize("core-closed", { select: ["identity.verification_session"], enums: "closed" });
  closedDir = dir;
  await writeFile(join(dir, "consumer.ts"), CONSUMER);
  closed = typecheck([join(dir, "consumer.ts")]);
  // Not fully checked here: `vitest --typecheck` runs tsc over the project, generated/ included.
  open = { program: typecheckProgram([join(ROOT, "generated/index.ts")]), diagnostics: [] };
});

describe("closed enums (materialized, compiled with the TypeScript API)", () => {
  test("the consumer compiles: exact shape, exhaustive switch reaching never, unknown values rejected", () => {
    expect(describeDiagnostics(closed.diagnostics)).toEqual([]);
  });

  test("the @ts-expect-error lines are really errors (an unused directive would be reported)", () => {
    // Prove the harness sees errors: without the directives, exactly those two lines fail.
    const stripped = CONSUMER.replaceAll("// @ts-expect-error", "//");
    const file = join(closedDir, "consumer-stripped.ts");
    return writeFile(file, stripped).then(() => {
      const { diagnostics } = typecheck([file]);
      const lines = diagnostics.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1);
      const at = (needle: string) => stripped.split("\n").findIndex((l) => l.includes(needle)) + 1;
      expect(lines).toEqual([at('= "some_future_status"'), at("const notNever: never = t;")]);
    });
  });

  test("the closed output declares no UnknownEnumValue use", async () => {
    const text = await readFile(join(closedDir, "schemas/identity.verification_session.ts"), "utf8");
    expect(text).not.toMatch(/\bUnknownEnumValue\b/);
    expect(text).toMatch(/export type IdentityVerificationSessionStatus =\s*\| "canceled"\s*\| "processing"\s*\| "requires_input"\s*\| "verified";|export type IdentityVerificationSessionStatus = "canceled" \| "processing" \| "requires_input" \| "verified";/);
  });
});

/** Property name → { optional, nullable } as the compiled output declares them. */
function declared(checked: Checked, file: string, name: string): Record<string, { optional: boolean; nullable: boolean }> {
  const checker = checked.program.getTypeChecker();
  const source = checked.program.getSourceFile(file);
  if (!source) throw new Error(`not in program: ${file}`);
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!decl) throw new Error(`no interface ${name} in ${file}`);
  const out: Record<string, { optional: boolean; nullable: boolean }> = {};
  for (const p of checker.getTypeAtLocation(decl).getProperties()) {
    const type = checker.getTypeOfSymbol(p);
    const members = type.isUnion() ? type.types : [type];
    out[p.getName()] = {
      optional: (p.flags & ts.SymbolFlags.Optional) !== 0,
      nullable: members.some((m) => (m.flags & ts.TypeFlags.Null) !== 0),
    };
  }
  return out;
}

describe("IdentityVerificationSession follows the spec: optional ⇔ not required, | null ⇔ nullable", () => {
  let want: Record<string, { optional: boolean; nullable: boolean }>;
  beforeAll(async () => {
    const spec = JSON.parse(await readFile(SPEC, "utf8")) as {
      components: { schemas: Record<string, { required: string[]; properties: Record<string, { nullable?: boolean }> }> };
    };
    const schema = spec.components.schemas["identity.verification_session"]!;
    want = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, { optional: !schema.required.includes(k), nullable: v.nullable === true }]),
    );
  });

  test("the spec has the 17 properties this suite is written against", () => {
    expect(Object.keys(want)).toHaveLength(17);
    expect(Object.entries(want).filter(([, v]) => !v.optional).map(([k]) => k)).toEqual(["created", "id", "livemode", "metadata", "object", "status", "type"]);
  });

  test("committed open output", () => {
    expect(declared(open, join(ROOT, "generated/schemas/identity.verification_session.ts"), "IdentityVerificationSession")).toEqual(want);
  });

  test("materialized closed output", () => {
    expect(declared(closed, join(closedDir, "schemas/identity.verification_session.ts"), "IdentityVerificationSession")).toEqual(want);
  });
});
