/**
 * The adapter from the intermediate model to the neutral shape the change report compares
 * (generator/diff/shape.ts). When the model's types change, this table says what the adapter
 * must still produce.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { specShape } from "../generator/diff/shape.ts";
import { loadText } from "../generator/load/load.ts";
import { buildModel } from "../generator/model/index.ts";
import { resolve } from "../generator/resolve/resolve.ts";
import { ROOT } from "./support/generated.ts";

const file = join(ROOT, "test/fixtures/specs/verification-session.yaml");
const loaded = loadText(await readFile(file, "utf8"), file);
const shape = specShape(buildModel(resolve(loaded, { select: [], all: true }), { enums: "open" }));

test("schemas by id, with the generated type name", () => {
  expect(Object.keys(shape.schemas)).toEqual(["gelato_document_report", "gelato_session_last_error", "identity.verification_report", "identity.verification_session"]);
  expect(shape.schemas["identity.verification_session"]!.type).toBe("IdentityVerificationSession");
  expect(shape).toMatchObject({ title: "Mini verification session", version: "2024-04-10" });
});

const decls = (id: string) => shape.schemas[id]!.decls;

test.each([
  // [schema, decl key, property, want]
  ["identity.verification_session", "", "client_secret", { type: "string", nullable: true, constraints: { maxLength: 5000 } }],
  // Timestamp is an integer to guards: the integer check is a constraint, as for `type: integer`.
  ["identity.verification_session", "", "created", { type: "Timestamp", required: true, constraints: { integer: true } }],
  ["identity.verification_session", "", "object", { type: '"identity.verification_session"', required: true }],
  ["identity.verification_session", "", "metadata", { type: "{ [key: string]: string }", required: true, constraints: { "values.maxLength": 500 } }],
  ["identity.verification_session", "", "last_error", { type: "GelatoSessionLastError", nullable: true }],
  ["identity.verification_session", "", "last_verification_report", { type: "Expandable<IdentityVerificationReport>", nullable: true, constraints: { "id.maxLength": 5000 } }],
  ["identity.verification_session", "", "status", { type: "IdentityVerificationSessionStatus", required: true }],
  ["gelato_session_last_error", "", "code", { type: "GelatoSessionLastErrorCode", nullable: true }],
  ["gelato_document_report", "", "files", { type: "Array<string>", nullable: true, constraints: { "items.maxLength": 5000 } }],
  ["gelato_document_report", "/properties/dob", "day", { type: "number", nullable: true, constraints: { integer: true } }],
] as const)("%s %s .%s", (id, key, prop, want) => {
  const p = decls(id)[key]!.properties![prop]!;
  const { doc: _doc, ...rest } = p;
  expect(rest).toEqual(want);
});

test("hoisted enums keyed by their pointer inside the schema, values in spec order", () => {
  expect(decls("identity.verification_session")["/properties/status"]).toEqual({
    name: "IdentityVerificationSessionStatus",
    kind: "enum",
    values: ["canceled", "processing", "requires_input", "verified"],
  });
  expect(decls("gelato_document_report")["/properties/dob"]).toMatchObject({ name: "GelatoDocumentReportDob", kind: "object" });
});

test("descriptions become digests, on the schema's own declaration and on properties only", () => {
  const main = decls("identity.verification_session")[""]!;
  expect(main.doc).toMatch(/^[0-9a-f]{12}$/);
  expect(main.properties!["created"]!.doc).toMatch(/^[0-9a-f]{12}$/);
  expect(decls("identity.verification_session")["/properties/status"]!.doc).toBeUndefined();
});

test("the shape is plain JSON (it is stored in manifest.json)", () => {
  expect(JSON.parse(JSON.stringify(shape))).toEqual(shape);
});
