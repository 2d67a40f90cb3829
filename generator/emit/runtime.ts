/**
 * The runtime module every generated module imports from: the shared type aliases and (with the
 * guards) the helpers they call. It has no dependencies.
 */

export const RUNTIME_FILE = "runtime";

export function runtimeSource(): string {
  return `/** Unix time: whole seconds since 1970-01-01T00:00:00Z. */
export type Timestamp = number;

/**
 * A field the API returns as the id of the related object unless the request asked to expand
 * it, in which case the object itself is there.
 */
export type Expandable<T> = string | T;

/**
 * The member of an open enum that stands for values added to the API after this code was
 * generated. Any string is accepted; known values still narrow in a \`switch\` or \`if\`.
 */
export type UnknownEnumValue = string & {};
`;
}
