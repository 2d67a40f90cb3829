/**
 * Type-level tests of the guards in the committed open-mode output (generated/): each guard
 * narrows `unknown` to exactly the emitted type, `validateX` returns `ValidationResult<X>`, and
 * `assertX` is an assertion function for X.
 */
import { describe, expectTypeOf, test } from "vitest";
import {
  assertCheckoutSession,
  assertIdentityVerificationSession,
  assertIdentityVerificationSessionStatus,
  isCheckoutSession,
  isGelatoSessionLastError,
  isGelatoSessionLastErrorCode,
  isIdentityVerificationReport,
  isIdentityVerificationSession,
  isIdentityVerificationSessionStatus,
  validateCheckoutSession,
  validateIdentityVerificationSession,
  validateIdentityVerificationSessionStatus,
  ValidationError,
  type CheckoutSession,
  type GelatoSessionLastError,
  type GelatoSessionLastErrorCode,
  type IdentityVerificationReport,
  type IdentityVerificationSession,
  type IdentityVerificationSessionStatus,
  type ValidationIssue,
  type ValidationResult,
} from "../generated/index.js";

describe("isX narrows unknown to exactly X", () => {
  test("objects", () => {
    expectTypeOf(isIdentityVerificationSession).guards.toEqualTypeOf<IdentityVerificationSession>();
    expectTypeOf(isCheckoutSession).guards.toEqualTypeOf<CheckoutSession>();
    expectTypeOf(isIdentityVerificationReport).guards.toEqualTypeOf<IdentityVerificationReport>();
    expectTypeOf(isGelatoSessionLastError).guards.toEqualTypeOf<GelatoSessionLastError>();
    const value: unknown = JSON.parse("{}");
    if (isIdentityVerificationSession(value)) {
      expectTypeOf(value).toEqualTypeOf<IdentityVerificationSession>();
      expectTypeOf(value.status).toEqualTypeOf<IdentityVerificationSessionStatus>();
      expectTypeOf(value.last_error).toEqualTypeOf<GelatoSessionLastError | null | undefined>();
    }
  });

  test("enums (open: any string, still typed as the enum)", () => {
    expectTypeOf(isIdentityVerificationSessionStatus).guards.toEqualTypeOf<IdentityVerificationSessionStatus>();
    expectTypeOf(isGelatoSessionLastErrorCode).guards.toEqualTypeOf<GelatoSessionLastErrorCode>();
    const value: unknown = "verified";
    if (isIdentityVerificationSessionStatus(value)) expectTypeOf(value).toEqualTypeOf<IdentityVerificationSessionStatus>();
  });

  test("guards take unknown and return boolean", () => {
    expectTypeOf(isIdentityVerificationSession).parameters.toEqualTypeOf<[value: unknown]>();
    expectTypeOf(isIdentityVerificationSession).returns.toEqualTypeOf<boolean>();
  });
});

describe("validateX returns ValidationResult<X>", () => {
  test("result types", () => {
    expectTypeOf(validateIdentityVerificationSession).returns.toEqualTypeOf<ValidationResult<IdentityVerificationSession>>();
    expectTypeOf(validateCheckoutSession).returns.toEqualTypeOf<ValidationResult<CheckoutSession>>();
    expectTypeOf(validateIdentityVerificationSessionStatus).returns.toEqualTypeOf<ValidationResult<IdentityVerificationSessionStatus>>();
  });

  test("the ok flag discriminates value from issues", () => {
    const result = validateIdentityVerificationSession(JSON.parse("{}"));
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<IdentityVerificationSession>();
    else {
      expectTypeOf(result.issues).toEqualTypeOf<ValidationIssue[]>();
      expectTypeOf(result.issues[0]!.path).toEqualTypeOf<string>();
    }
    expectTypeOf<ValidationIssue>().toEqualTypeOf<{
      readonly path: string;
      readonly expected: string;
      readonly received: string;
      readonly message: string;
    }>();
  });
});

describe("assertX asserts X", () => {
  test("assertion signatures", () => {
    expectTypeOf(assertIdentityVerificationSession).asserts.toEqualTypeOf<IdentityVerificationSession>();
    expectTypeOf(assertCheckoutSession).asserts.toEqualTypeOf<CheckoutSession>();
    expectTypeOf(assertIdentityVerificationSessionStatus).asserts.toEqualTypeOf<IdentityVerificationSessionStatus>();
  });

  test("narrows after the call; ValidationError carries the issues", () => {
    const value: unknown = JSON.parse("{}");
    assertIdentityVerificationSession(value);
    expectTypeOf(value).toEqualTypeOf<IdentityVerificationSession>();
    expectTypeOf<ValidationError["issues"]>().toEqualTypeOf<readonly ValidationIssue[]>();
    expectTypeOf<ValidationError>().toMatchTypeOf<Error>();
  });
});
