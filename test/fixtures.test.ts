/**
 * Hand-written fixture specs (test/fixtures/specs) generated formatted, with one file snapshot
 * per generated file (test/fixtures/expected/<fixture>/<path>), plus behavioural checks: every
 * fixture's output type-checks strictly, and hostile text never escapes a comment.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, test } from "vitest";
import type { GenerateResult } from "../generator/index.ts";
import { loadGenerated, materialize, ROOT } from "./support/generated.ts";
import { describeDiagnostics, typecheck } from "./support/typecheck.ts";

const FIXTURES = ["verification-session.yaml", "weird-enums.json", "collisions.yaml", "hostile.yaml", "polymorphism.yaml"] as const;
type Fixture = (typeof FIXTURES)[number];

const outputs = new Map<Fixture, { dir: string; result: GenerateResult }>();

beforeAll(async () => {
  for (const fixture of FIXTURES) {
    const spec = join(ROOT, "test/fixtures/specs", fixture);
    outputs.set(fixture, await materialize(`fixtures-${fixture.replace(/\.\w+$/, "")}`, { spec, all: true, format: true, cacheDir: false }));
  }
});

function output(fixture: Fixture): { dir: string; result: GenerateResult } {
  const out = outputs.get(fixture);
  if (!out) throw new Error(`fixture ${fixture} was not generated`);
  return out;
}

describe.each(FIXTURES)("fixture %s", (fixture) => {
  const name = fixture.replace(/\.\w+$/, "");

  test("matches the snapshot of every generated file", async () => {
    const { result } = output(fixture);
    for (const file of result.files) {
      await expect(file.content).toMatchFileSnapshot(`./fixtures/expected/${name}/${file.path}`);
    }
    // No snapshot is left over from a file the generator no longer produces.
    const expectedDir = join(ROOT, "test/fixtures/expected", name);
    const onDisk = (await readdir(expectedDir, { recursive: true, withFileTypes: true }).catch(() => []))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(expectedDir.length + 1).split("\\").join("/"))
      .sort();
    if (onDisk.length > 0) expect(onDisk).toEqual(result.files.map((f) => f.path).sort());
  });

  test("type-checks under strict + noUncheckedIndexedAccess + exactOptionalPropertyTypes", () => {
    const { diagnostics } = typecheck([join(output(fixture).dir, "index.ts")]);
    expect(describeDiagnostics(diagnostics)).toEqual([]);
  });

  test("every file starts with the specguard header naming the fixture", () => {
    for (const file of output(fixture).result.files) {
      if (file.path.endsWith(".ts")) expect(file.content.split("\n")[1]).toContain(`(${fixture}, sha256 `);
    }
  });
});

/** Tokens of a TypeScript text, comments included, with their kinds. */
function tokens(text: string): { kind: ts.SyntaxKind; text: string }[] {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text);
  const out: { kind: ts.SyntaxKind; text: string }[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    out.push({ kind, text: scanner.getTokenText() });
  }
  return out;
}

const COMMENT_KINDS = new Set([ts.SyntaxKind.MultiLineCommentTrivia, ts.SyntaxKind.SingleLineCommentTrivia]);
const TRIVIA_KINDS = new Set([...COMMENT_KINDS, ts.SyntaxKind.WhitespaceTrivia, ts.SyntaxKind.NewLineTrivia]);

describe("hostile text", () => {
  // Words that only occur in the hostile fixture's descriptions and titles.
  const PROSE = ["pwned", "Tags", "Backslash", "spans", "closes", "Windows", "early"];

  test("description text never becomes code: no prose word outside comments and strings", () => {
    for (const file of output("hostile.yaml").result.files) {
      if (!file.path.startsWith("schemas/")) continue;
      const code = tokens(file.content).filter((t) => !TRIVIA_KINDS.has(t.kind) && t.kind !== ts.SyntaxKind.StringLiteral);
      const leaked = code.filter((t) => PROSE.includes(t.text)).map((t) => `${file.path}: ${t.text}`);
      expect(leaked).toEqual([]);
      // A `*/` outside a comment can only sit inside a string literal (an enum value or a key).
      expect(code.filter((t) => t.text.includes("*/")).map((t) => `${file.path}: ${t.text}`)).toEqual([]);
    }
  });

  test("no `*/` inside a comment body, and the text is kept (escaped) rather than dropped", () => {
    const hostile = output("hostile.yaml").result.files.find((f) => f.path === "schemas/hostile.ts")!;
    const comments = tokens(hostile.content).filter((t) => t.kind === ts.SyntaxKind.MultiLineCommentTrivia);
    for (const c of comments) expect(c.text.slice(2, -2)).not.toContain("*/");
    const all = comments.map((c) => c.text).join("\n");
    expect(all).toContain("Ends the comment early *\\/ export const pwned = 1; /*");
    expect(all).toContain("\\@param x, \\@returns y, email me@example.com.");
    expect(all).toContain("and /** nested *\\/.");
    expect(all).toContain("A Windows line ending before this.");
    expect(all).not.toContain("\r");
    // `@param` / `@deprecated` in a description must not turn into TSDoc tags.
    expect(all).not.toMatch(/(^|\s)@(param|deprecated|returns)\b/);
  });

  test("line comments (the header) contain no line terminators from the title", () => {
    for (const file of output("hostile.yaml").result.files) {
      if (!file.path.endsWith(".ts")) continue;
      const header = file.content.split("\n").slice(0, 3);
      expect(header[0]).toBe('// Generated by specguard from "Hostile */ title\\nwith a newline and a line separator" version "1 */ 2"');
      for (const line of header) expect(line).not.toMatch(/[\u2028\u2029\r]/);
    }
  });

  test("keys with quotes, slashes, backslashes and newlines keep their exact wire names", async () => {
    const { dir } = output("hostile.yaml");
    const program = typecheck([join(dir, "index.ts")]).program;
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(join(dir, "schemas/hostile.ts"))!;
    const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "Hostile")!;
    const names = checker.getTypeAtLocation(decl).getProperties().map((p) => p.getName());
    expect(names).toEqual(['quo"te', "a/b", "back\\slash", "with space", "new\nline", "*/", "__proto__", "constructor", "@param", "nested", "ref_with_slash"]);
    const mod = await loadGenerated(dir);
    expect(mod["HostileNestedXYValues"]).toEqual(["*/", "/*", "\u2028"]);
    expect(mod["ABValues"]).toEqual(["v*/", "v\u2029"]);
  });
});

describe("fixture behaviour", () => {
  test("verification-session: names, enums and runtime values", async () => {
    const { result, dir } = output("verification-session.yaml");
    expect(result.model.modules.map((m) => [m.schemaId, m.main.name])).toEqual([
      ["gelato_document_report", "GelatoDocumentReport"],
      ["gelato_session_last_error", "GelatoSessionLastError"],
      ["identity.verification_report", "IdentityVerificationReport"],
      ["identity.verification_session", "IdentityVerificationSession"],
    ]);
    const mod = await loadGenerated(dir);
    expect(mod["IdentityVerificationSessionStatus"]).toEqual({ Canceled: "canceled", Processing: "processing", RequiresInput: "requires_input", Verified: "verified" });
    expect(mod["IdentityVerificationSessionTypeValues"]).toEqual(["document", "id_number", "verification_flow"]);
    expect(mod["GelatoSessionLastErrorCodeValues"]).toEqual(["abandoned", "consent_declined", "device_not_supported"]);
  });

  test("verification-session: relative doc links become absolute only with docsBaseUrl", async () => {
    const { result } = output("verification-session.yaml");
    const file = result.files.find((f) => f.path === "schemas/identity.verification_session.ts")!;
    expect(file.content).toContain("[Learn more](/docs/identity/how-sessions-work)");
    const { result: based } = await materialize("fixtures-docs-base", {
      spec: join(ROOT, "test/fixtures/specs/verification-session.yaml"),
      select: ["identity.verification_session"],
      docsBaseUrl: "https://stripe.com/",
    });
    const basedFile = based.files.find((f) => f.path === "schemas/identity.verification_session.ts")!;
    expect(basedFile.content).toContain("[Learn more](https://stripe.com/docs/identity/how-sessions-work)");
  });

  test("collisions: enum constants carry the settled names and their own values", async () => {
    const { dir } = output("collisions.yaml");
    // `export *` of two modules exporting one name would fail the type-check above; here the
    // settled names are checked against the values they must hold.
    const mod = await loadGenerated(dir);
    expect(mod).toMatchObject({
      FooBarStatusEnumValues: ["c", "d"],
      FooBar3StatusValues: ["a", "b"],
      ParentChildKindEnumValues: ["x"],
      ParentChildKind2Values: ["y"],
      ParentChildKindValues: ["z"],
      _3dSecureResult: { Authenticated: "authenticated", _3dsFailed: "3ds_failed" },
    });
  });
});
