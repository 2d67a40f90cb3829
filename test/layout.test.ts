/**
 * The layout engine (generator/layout), rule by rule: given a snippet as the emitter might write
 * it, want the text prettier makes of it with the project's options. Every `want` is checked
 * against prettier itself too, so a table entry cannot encode a layout prettier would change.
 * Cases sit on both sides of the 100-column boundary where a rule decides whether to break.
 */
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import type { EmittedFile } from "../generator/emit/index.ts";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatFiles, PRETTIER_OPTIONS, userPrettierOptions } from "../generator/format/format.ts";
import { layout } from "../generator/layout/layout.ts";

/** A name `n` characters long, to put a line exactly at a column. */
const id = (n: number, stem = "x"): string => stem + "a".repeat(n - stem.length);

interface Case {
  readonly rule: string;
  readonly given: string;
  readonly want: string;
}

const CASES: readonly Case[] = [
  {
    rule: "imports: one name never breaks; several break one a line with a trailing comma",
    given: `import type { A } from "./a.js";\nimport { ${id(30, "b")}, ${id(30, "c")}, ${id(30, "d")} } from "./b.js";\n`,
    want: `import type { A } from "./a.js";\nimport {\n  ${id(30, "b")},\n  ${id(30, "c")},\n  ${id(30, "d")},\n} from "./b.js";\n`,
  },
  {
    rule: "property names: quotes dropped on ES5 identifier names, Unicode letters included",
    given: `interface A {\n  "é"?: string;\n  "日本": number;\n  "a-b": string;\n  "ok": boolean;\n}\n`,
    want: `interface A {\n  é?: string;\n  日本: number;\n  "a-b": string;\n  ok: boolean;\n}\n`,
  },
  {
    rule: "index signatures: the key breaks onto its own line when the signature does not fit",
    given: `interface A {\n  p?: { [key: string]: ${id(90, "B")} };\n}\n`,
    want: `interface A {\n  p?: {\n    [\n      key: string\n    ]: ${id(90, "B")};\n  };\n}\n`,
  },
  {
    rule: "imports: a list that fits stays on one line",
    given: `import {   a,b } from './x.js'\n`,
    want: `import { a, b } from "./x.js";\n`,
  },
  {
    rule: "interfaces: JSDoc re-indented, members one a line, one blank line kept of several",
    given: `export interface A {\n/** The id. */\nid: string;\n\n\n  readonly n?: number | null;\n  m: { [key: string]: string };\n}\n`,
    want: `export interface A {\n  /** The id. */\n  id: string;\n\n  readonly n?: number | null;\n  m: { [key: string]: string };\n}\n`,
  },
  {
    rule: "unions: a property's union breaks one member a line behind a leading |",
    given: `interface A {\n  ${id(20)}?: "${id(20, "a")}" | "${id(20, "b")}" | "${id(20, "c")}" | "${id(20, "d")}";\n}\n`,
    want: `interface A {\n  ${id(20)}?:\n    | "${id(20, "a")}"\n    | "${id(20, "b")}"\n    | "${id(20, "c")}"\n    | "${id(20, "d")}";\n}\n`,
  },
  {
    rule: "unions: X | null never breaks as a list",
    given: `interface A {\n  ${id(60)}?: Expandable<${id(40, "B")}> | null;\n}\n`,
    want: `interface A {\n  ${id(60)}?: Expandable<${id(40, "B")}> | null;\n}\n`,
  },
  {
    rule: "unions: a union inside a union keeps its parentheses and breaks inside them",
    given: `type ${id(20, "N")} = (${id(30, "A")} | ${id(30, "B")} | ${id(30, "C")}) | null;\ntype Q = (A | B) | null;\n`,
    want: `type ${id(20, "N")} =\n  | (\n      | ${id(30, "A")}\n      | ${id(30, "B")}\n      | ${id(30, "C")}\n    )\n  | null;\ntype Q = (A | B) | null;\n`,
  },
  {
    rule: "intersections: one inside another keeps its parentheses; a long chain breaks after each &",
    given: `interface A {\n  name: (${id(24, "A")} & ${id(24, "B")}) & (${id(24, "C")} & ${id(24, "D")}) & (${id(24, "E")} & ${id(24, "F")});\n  b: (A & B) & C;\n}\n`,
    want: `interface A {\n  name: (${id(24, "A")} & ${id(24, "B")}) &\n    (${id(24, "C")} & ${id(24, "D")}) &\n    (${id(24, "E")} & ${id(24, "F")});\n  b: (A & B) & C;\n}\n`,
  },
  {
    rule: "type aliases: a union breaks after = first, then one member a line",
    given: `export type ${id(60, "T")} = "aaaaaaaaaa" | "bbbbbbbbbb" | "cccccccccc";\nexport type ${id(30, "U")} = "${id(30, "a")}" | "${id(30, "b")}" | "${id(30, "c")}" | "${id(30, "d")}";\n`,
    want: `${"export type " + id(60, "T")} =\n  "aaaaaaaaaa" | "bbbbbbbbbb" | "cccccccccc";\nexport type ${id(30, "U")} =\n  | "${id(30, "a")}"\n  | "${id(30, "b")}"\n  | "${id(30, "c")}"\n  | "${id(30, "d")}";\n`,
  },
  {
    rule: "type aliases: exactly 100 columns stays on one line, 101 breaks after =",
    given: `type ${id(73, "T")} = "${id(10, "a")}" | "b";\ntype ${id(74, "T")} = "${id(10, "a")}" | "b";\n`,
    want: `type ${id(73, "T")} = "${id(10, "a")}" | "b";\ntype ${id(74, "T")} =\n  "${id(10, "a")}" | "b";\n`,
  },
  {
    rule: "as-const objects and arrays: the source's break before the first key is kept; arrays fill to 100 columns",
    given: `export const E = {\n  A: "a", B: "b" } as const;\nexport const F = { A: "a" } as const;\nexport const ${id(40, "V")} = ["${id(20, "a")}", "${id(20, "b")}", "${id(20, "c")}"] as const;\n`,
    want: `export const E = {\n  A: "a",\n  B: "b",\n} as const;\nexport const F = { A: "a" } as const;\nexport const ${id(40, "V")} = [\n  "${id(20, "a")}",\n  "${id(20, "b")}",\n  "${id(20, "c")}",\n] as const;\n`,
  },
  {
    rule: "functions: parameters break one a line with a trailing comma when the signature does not fit",
    given: `export function ${id(40, "check")}(value: unknown, depth: number, memo?: Memo): value is ${id(20, "T")} { return true; }\n`,
    want: `export function ${id(40, "check")}(\n  value: unknown,\n  depth: number,\n  memo?: Memo,\n): value is ${id(20, "T")} {\n  return true;\n}\n`,
  },
  {
    rule: "functions: one parameter and an object return type: the type breaks, the parameter stays",
    given: `function f(${id(50, "v")}: unknown): { ok: false; issues: ${id(30, "I")}[] } { return g(); }\n`,
    want: `function f(${id(50, "v")}: unknown): {\n  ok: false;\n  issues: ${id(30, "I")}[];\n} {\n  return g();\n}\n`,
  },
  {
    rule: "if/else: a short consequent on the next line when the test fills the line; else if chains",
    given: `if (${id(22)} ? "${id(20, "k")}" in v : Object.hasOwn(v, "${id(20, "k")}")) return false;\nif (a) x(); else if (b) y(); else { z(); }\n`,
    want: `if (${id(22)} ? "${id(20, "k")}" in v : Object.hasOwn(v, "${id(20, "k")}"))\n  return false;\nif (a) x();\nelse if (b) y();\nelse {\n  z();\n}\n`,
  },
  {
    rule: "binary chains: an if test breaks inside its parentheses, one operand a line",
    given: `if (!(str(x, 5000) || ${id(30, "check")}(x, d + 1, m) || ${id(30, "other")}(x, d + 1, m) || x === null)) return false;\n`,
    want: `if (!(\n  str(x, 5000) ||\n  ${id(30, "check")}(x, d + 1, m) ||\n  ${id(30, "other")}(x, d + 1, m) ||\n  x === null\n))\n  return false;\n`,
  },
  {
    rule: "binary chains: a conditional test breaks inside the if's parentheses",
    given: `if (${id(45)} ? "${id(20, "k")}" in v : Object.hasOwn(v, "${id(20, "k")}")) return false;\n`,
    want: `if (\n  ${id(45)}\n    ? "${id(20, "k")}" in v\n    : Object.hasOwn(v, "${id(20, "k")}")\n)\n  return false;\n`,
  },
  {
    rule: "parentheses: redundant ones dropped, a || (b && c) spelled out, a || (b || c) flattened",
    given: `x = (a) && (b === c);\ny = a || b && c;\nz = a || (b || c);\nw = void ("k" in v);\n`,
    want: `x = a && b === c;\ny = a || (b && c);\nz = a || b || c;\nw = void ("k" in v);\n`,
  },
  {
    rule: "assignments: a binary right side breaks after the operator",
    given: `direct = ${id(40, "fast")} && !("${id(40, "k")}" in Object.prototype);\n`,
    want: `direct =\n  ${id(40, "fast")} &&\n  !("${id(40, "k")}" in Object.prototype);\n`,
  },
  {
    rule: "assignments: a conditional breaks its branches, not after =",
    given: `x = ${id(30, "direct")} ? v["${id(25, "k")}"] : own(v, "${id(25, "k")}");\n`,
    want: `x = ${id(30, "direct")}\n  ? v["${id(25, "k")}"]\n  : own(v, "${id(25, "k")}");\n`,
  },
  {
    rule: "calls: arguments break one a line; a last array argument hugs the parentheses",
    given: `report(out, p, "${id(40, "a")}", v, "${id(40, "b")}");\nclosest(x, [(o: I[]): void => { c(x, o); }, (o: I[]): void => { e(x, o); }]);\n`,
    want: `report(\n  out,\n  p,\n  "${id(40, "a")}",\n  v,\n  "${id(40, "b")}",\n);\nclosest(x, [\n  (o: I[]): void => {\n    c(x, o);\n  },\n  (o: I[]): void => {\n    e(x, o);\n  },\n]);\n`,
  },
  {
    rule: "strings: double quotes unless the text holds more of them; a re-quoted string unescapes the old quote",
    given: `a('plain');\nb('say "hi"');\nc("it\\'s");\nd('it\\'s');\n`,
    want: `a("plain");\nb('say "hi"');\nc("it\\'s");\nd("it's");\n`,
  },
  {
    rule: "statements: try/catch, for, for-in, switch, let/const, line comments",
    given: `try { for (let i = 0; i < v.length; i++) { const x: unknown = v[i]; } } catch { return; }\nfor (const k in v) { if (!own(k)) continue; }\nswitch (t) { case "a": return 1; default: return 2; }\nlet x: unknown; // shape\n`,
    want: `try {\n  for (let i = 0; i < v.length; i++) {\n    const x: unknown = v[i];\n  }\n} catch {\n  return;\n}\nfor (const k in v) {\n  if (!own(k)) continue;\n}\nswitch (t) {\n  case "a":\n    return 1;\n  default:\n    return 2;\n}\nlet x: unknown; // shape\n`,
  },
  {
    rule: "while: laid out as an if without else, a long test breaks inside the parentheses",
    given: `while (todo.length > 0) { const y = todo.pop(); }\nwhile (x) step();\nwhile (${"a".repeat(50)}.length > 0 && ${"b".repeat(50)}.length > 0) { f(); }\n`,
    want: `while (todo.length > 0) {\n  const y = todo.pop();\n}\nwhile (x) step();\nwhile (\n  ${"a".repeat(50)}.length > 0 &&\n  ${"b".repeat(50)}.length > 0\n) {\n  f();\n}\n`,
  },
  {
    rule: "member chains: three links break one a line when the chain does not fit",
    given: `const shown = issues.slice(0, 3).map((i) => \`\${i.path === "" ? "(root)" : i.path}: \${i.message} \${i.expected}\`);\n`,
    want: `const shown = issues\n  .slice(0, 3)\n  .map((i) => \`\${i.path === "" ? "(root)" : i.path}: \${i.message} \${i.expected}\`);\n`,
  },
  {
    rule: "classes: members one a line, blank lines kept",
    given: `export class E extends Error {\n  readonly issues: readonly I[];\n\n  constructor(n: string, issues: readonly I[]) { super(n); this.issues = issues; }\n}\n`,
    want: `export class E extends Error {\n  readonly issues: readonly I[];\n\n  constructor(n: string, issues: readonly I[]) {\n    super(n);\n    this.issues = issues;\n  }\n}\n`,
  },
];

describe("layout rules (given → want, and want is prettier's own)", () => {
  for (const c of CASES) {
    it(c.rule, async () => {
      expect(await prettier.format(c.want, PRETTIER_OPTIONS)).toBe(c.want);
      expect(await prettier.format(c.given, PRETTIER_OPTIONS)).toBe(c.want);
      const result = layout(c.given);
      expect(result).toEqual({ ok: true, text: c.want });
    });
  }
});

describe("the safety net", () => {
  const refused: readonly [string, string][] = [
    ["a construct without a rule", "enum Color { Red, Green }\n"],
    ["a do-while loop", "do b(); while (a);\n"],
    ["a comment in a place no rule prints", "f(a, // which\n b);\n"],
    ["a comment before a closing brace of a type", "interface A {\n  a: string;\n  // trailing\n}\n"],
  ];
  for (const [what, given] of refused) {
    it(`refuses ${what} rather than guessing`, () => {
      const result = layout(given);
      expect(result.ok).toBe(false);
    });
  }

  it("hands refused files to prettier and counts them", async () => {
    const files: EmittedFile[] = [
      { path: "a.ts", content: "export const a = {\n  x: 1 };\n", format: true },
      { path: "b.ts", content: "enum Color {   Red }\n", format: true },
      { path: "c.json", content: "{ }\n", format: false },
    ];
    const { files: out, stats } = await formatFiles(files, { cacheDir: false });
    expect(out.map((f) => f.content)).toEqual(["export const a = {\n  x: 1,\n};\n", "enum Color {\n  Red,\n}\n", "{ }\n"]);
    expect(stats.laidOut).toBe(1);
    expect(stats.fallbacks).toEqual([{ path: "b.ts", reason: "EnumDeclaration" }]);
    expect(stats.formatted).toBe(1);
  });

  it('format: "prettier" runs prettier on every file, with the given options', async () => {
    const files: EmittedFile[] = [{ path: "a.ts", content: 'export const a = { x: "1" };\n', format: true }];
    const { files: out, stats } = await formatFiles(files, { cacheDir: false, engine: "prettier", prettierOptions: { ...PRETTIER_OPTIONS, singleQuote: true, bracketSpacing: false } });
    expect(out[0]!.content).toBe("export const a = {x: '1'};\n");
    expect(stats).toMatchObject({ laidOut: 0, formatted: 1, fallbacks: [] });
  });

  it('format: "prettier" takes the prettier config that applies to the output folder, else the fixed options', async () => {
    const dir = await mkdtemp(join(tmpdir(), "specguard-prettierrc-"));
    expect(await userPrettierOptions(join(dir, "out"))).toEqual(PRETTIER_OPTIONS);
    await writeFile(join(dir, ".prettierrc"), JSON.stringify({ singleQuote: true, printWidth: 80, parser: "babel" }));
    const options = await userPrettierOptions(join(dir, "out"));
    expect(options).toMatchObject({ singleQuote: true, printWidth: 80, parser: "typescript", trailingComma: "all" });
  });
});
