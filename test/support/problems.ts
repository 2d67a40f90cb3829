/** The problems a stage reports: what a `SpecError` thrown by `fn` carries. */
import { SpecError, type Problem } from "../../generator/errors.ts";

export function problemsOf(fn: () => unknown): Problem[] {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown instanceof SpecError) return [...thrown.problems];
  if (thrown === undefined) throw new Error("expected a SpecError, nothing was thrown");
  throw thrown;
}
