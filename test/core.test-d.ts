/**
 * Type-level tests of the committed open-mode output (generated/): the exact shape of
 * IdentityVerificationSession, its enums, and how consumers narrow them. The closed-mode twin
 * lives in core-closed.test.ts (it has to materialize its output first).
 */
import { describe, expectTypeOf, test } from "vitest";
import type {
  Expandable,
  GelatoProvidedDetails,
  GelatoSessionLastError,
  GelatoVerificationSessionOptions,
  GelatoVerifiedOutputs,
  IdentityVerificationReport,
  IdentityVerificationSession,
  IdentityVerificationSessionStatus,
  IdentityVerificationSessionType,
  Timestamp,
  UnknownEnumValue,
  VerificationSessionRedaction,
} from "../generated/index.js";
import {
  IdentityVerificationSessionStatus as StatusNames,
  IdentityVerificationSessionStatusValues,
  IdentityVerificationSessionTypeValues,
} from "../generated/index.js";

/** The spec's shape: required = created, id, livemode, metadata, object, status, type; the rest optional, nullable as in the spec. */
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
  status: IdentityVerificationSessionStatus;
  type: IdentityVerificationSessionType;
  url?: string | null;
  verification_flow?: string;
  verified_outputs?: GelatoVerifiedOutputs | null;
}

type Session = IdentityVerificationSession;

describe("IdentityVerificationSession (open enums, committed output)", () => {
  test("exactly the 17 properties of the spec", () => {
    expectTypeOf<keyof Session>().toEqualTypeOf<
      | "client_reference_id"
      | "client_secret"
      | "created"
      | "id"
      | "last_error"
      | "last_verification_report"
      | "livemode"
      | "metadata"
      | "object"
      | "options"
      | "provided_details"
      | "redaction"
      | "status"
      | "type"
      | "url"
      | "verification_flow"
      | "verified_outputs"
    >();
  });

  test("every property's type and optionality", () => {
    expectTypeOf<Session>().toEqualTypeOf<Expected>();
    expectTypeOf<Session["created"]>().toEqualTypeOf<Timestamp>();
    expectTypeOf<Session["metadata"]>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<Session["verification_flow"]>().toEqualTypeOf<string | undefined>();
  });

  test("required fields are required, optional ones may be absent but not undefined", () => {
    const minimal = {
      created: 1,
      id: "vs_1",
      livemode: false,
      metadata: {},
      object: "identity.verification_session",
      status: "verified",
      type: "document",
    } as const;
    expectTypeOf(minimal).toExtend<Session>();
    expectTypeOf<Omit<typeof minimal, "status">>().not.toExtend<Session>();
    // exactOptionalPropertyTypes: `url?: string | null` does not admit `undefined`.
    expectTypeOf<typeof minimal & { url: undefined }>().not.toExtend<Session>();
    expectTypeOf<typeof minimal & { url: null }>().toExtend<Session>();
    expectTypeOf<typeof minimal & { object: "identity.verification_report" }>().not.toExtend<Session>();
  });
});

describe("enums (open)", () => {
  test("status and type: the listed values plus UnknownEnumValue", () => {
    expectTypeOf<IdentityVerificationSessionStatus>().toEqualTypeOf<"canceled" | "processing" | "requires_input" | "verified" | UnknownEnumValue>();
    expectTypeOf<IdentityVerificationSessionType>().toEqualTypeOf<"document" | "id_number" | "verification_flow" | UnknownEnumValue>();
    expectTypeOf<"some_future_status">().toExtend<IdentityVerificationSessionStatus>();
  });

  test("the constants keep the exact wire values", () => {
    expectTypeOf(IdentityVerificationSessionStatusValues).toEqualTypeOf<readonly ["canceled", "processing", "requires_input", "verified"]>();
    expectTypeOf(IdentityVerificationSessionTypeValues).toEqualTypeOf<readonly ["document", "id_number", "verification_flow"]>();
    expectTypeOf(StatusNames.RequiresInput).toEqualTypeOf<"requires_input">();
    expectTypeOf(StatusNames).toEqualTypeOf<{
      readonly Canceled: "canceled";
      readonly Processing: "processing";
      readonly RequiresInput: "requires_input";
      readonly Verified: "verified";
    }>();
  });

  // TypeScript keeps `string & {}` in a case branch (it is comparable to every literal), so a
  // case sees `"canceled" | UnknownEnumValue`, not `"canceled"`; once every known value has had
  // its case, the default branch sees exactly UnknownEnumValue. These tests pin both facts.
  test("a switch: each case keeps its literal, the default branch sees UnknownEnumValue", () => {
    const describeStatus = (s: Session["status"]): string => {
      switch (s) {
        case "canceled":
          expectTypeOf(s).toEqualTypeOf<"canceled" | UnknownEnumValue>();
          return "c";
        case StatusNames.RequiresInput:
          expectTypeOf(s).toEqualTypeOf<"requires_input" | UnknownEnumValue>();
          return "r";
        case "processing":
        case "verified":
          expectTypeOf(s).toEqualTypeOf<"processing" | "verified" | UnknownEnumValue>();
          return "p";
        default:
          expectTypeOf(s).toEqualTypeOf<UnknownEnumValue>();
          expectTypeOf(s).not.toExtend<"canceled" | "processing" | "requires_input" | "verified">();
          return s;
      }
    };
    expectTypeOf(describeStatus).returns.toBeString();
  });

  test("a switch without a default branch does not narrow to never (unknown values stay possible)", () => {
    const exhaustive = (s: Session["status"]) => {
      switch (s) {
        case "canceled":
        case "processing":
        case "requires_input":
        case "verified":
          return;
      }
      expectTypeOf(s).toEqualTypeOf<UnknownEnumValue>();
      expectTypeOf(s).not.toBeNever();
    };
    expectTypeOf(exhaustive).parameter(0).toEqualTypeOf<IdentityVerificationSessionStatus>();
  });

  test("narrowing on type in an if chain", () => {
    const check = (session: Session) => {
      if (session.type === "document") expectTypeOf(session.type).toEqualTypeOf<"document" | UnknownEnumValue>();
      else if (session.type === "id_number" || session.type === "verification_flow")
        expectTypeOf(session.type).toEqualTypeOf<"id_number" | "verification_flow" | UnknownEnumValue>();
      else expectTypeOf(session.type).toEqualTypeOf<UnknownEnumValue>();
    };
    expectTypeOf(check).parameter(0).toEqualTypeOf<Session>();
  });
});

describe("Expandable", () => {
  test("last_verification_report narrows to the id or the expanded report", () => {
    expectTypeOf<NonNullable<Session["last_verification_report"]>>().toEqualTypeOf<Expandable<IdentityVerificationReport>>();
    const reportOf = (session: Session) => {
      const r = session.last_verification_report;
      if (r === null || r === undefined) return undefined;
      if (typeof r === "string") {
        expectTypeOf(r).toEqualTypeOf<string>();
        return r;
      }
      expectTypeOf(r).toEqualTypeOf<IdentityVerificationReport>();
      expectTypeOf(r.object).toEqualTypeOf<"identity.verification_report">();
      return r.id;
    };
    expectTypeOf(reportOf).returns.toEqualTypeOf<string | undefined>();
  });
});
