/**
 * Type-level tests of discriminated unions and tuples, on the committed fixture output of
 * test/fixtures/specs/polymorphism.yaml (OpenAPI 3.1): the discriminator narrows, `Extract`
 * picks the member, guards narrow `unknown`, tuples have their positions, nullable components
 * are `X | null` where referenced.
 */
import { describe, expectTypeOf, test } from "vitest";
import { isPet, isUser, type Cat, type Dog, type Issue, type Pet, type Shape, type Square, type User } from "./fixtures/expected/polymorphism/index.js";

describe("discriminator keyword (mapping)", () => {
  test("comparing the discriminant narrows to the member", () => {
    const p = {} as Pet;
    if (p.petType === "cat") expectTypeOf(p.livesLeft).toEqualTypeOf<number | undefined>();
    else expectTypeOf(p.barks).toEqualTypeOf<boolean>();
  });

  test("Extract picks the member; the discriminant is the literal", () => {
    expectTypeOf<Extract<Pet, { petType: "cat" }>>().toExtend<Cat>();
    expectTypeOf<Extract<Pet, { petType: "dog" }>>().toExtend<Dog>();
    expectTypeOf<Extract<Pet, { petType: "cat" }>["petType"]>().toEqualTypeOf<"cat">();
    expectTypeOf<Pet["petType"]>().toEqualTypeOf<"cat" | "dog">();
  });

  test("the guard narrows unknown to the union", () => {
    const v: unknown = null;
    if (isPet(v)) expectTypeOf(v).toEqualTypeOf<Pet>();
  });
});

describe("inferred discriminant (const / one-value enum on a required property)", () => {
  test("a switch on the literal narrows each branch", () => {
    const s = {} as Shape;
    switch (s.shape) {
      case "circle":
        expectTypeOf(s.radius).toEqualTypeOf<number>();
        break;
      case "square":
        expectTypeOf(s).toEqualTypeOf<Square>();
        break;
      default:
        expectTypeOf(s).toBeNever();
    }
  });
});

describe("tuples and nullable components", () => {
  test("prefixItems with items: false is a fixed tuple", () => {
    expectTypeOf<Issue["point"]>().toEqualTypeOf<[number, number]>();
  });

  test("a ref to a nullable component is X | null", () => {
    expectTypeOf<Issue["assignee"]>().toEqualTypeOf<User | null>();
    const v: unknown = null;
    if (isUser(v)) expectTypeOf(v).toEqualTypeOf<User | null>();
  });
});
