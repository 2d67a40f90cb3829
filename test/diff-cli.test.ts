/**
 * `specguard diff` as users run it: exit codes for `--fail-on` (1 when a change of that level
 * exists, 0 otherwise), 2 on bad input or usage, and the three output formats.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { Writable } from "node:stream";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "./support/generated.ts";

const BIN = join(ROOT, "bin/specguard.js");
const OLD = join(ROOT, "test/fixtures/diff/old.yaml");
const NEW = join(ROOT, "test/fixtures/diff/new.yaml");
let work: string;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, "diff", ...args], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

const spec = (values: string) => `openapi: 3.0.0
info: { title: Enum only, version: "1" }
paths: {}
components:
  schemas:
    thing:
      type: object
      properties:
        status: { type: string, enum: [${values}] }
`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "specguard-diff-cli-"));
  await writeFile(join(work, "a.yaml"), spec("on, off"));
  await writeFile(join(work, "b.yaml"), spec("on, off, paused"));
  await writeFile(join(work, "broken.yaml"), "openapi: 3.0.0\ninfo: { title: x, version: '1' }\ncomponents:\n  schemas:\n    thing: [unclosed\n");
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("--fail-on", () => {
  test("breaking: exit 1 when a breaking change exists", async () => {
    expect((await run([OLD, NEW, "--all", "--fail-on", "breaking"])).code).toBe(1);
  });
  test("breaking: exit 0 when there are only warnings (open enum gained a value)", async () => {
    const r = await run(["a.yaml", "b.yaml", "--all", "--fail-on", "breaking"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ThingStatus gained "paused"');
  });
  test("warning: exit 1 when there are warnings", async () => {
    expect((await run(["a.yaml", "b.yaml", "--all", "--fail-on", "warning"])).code).toBe(1);
  });
  test("breaking in closed mode: the same added value is breaking", async () => {
    expect((await run(["a.yaml", "b.yaml", "--all", "--enums", "closed", "--fail-on", "breaking"])).code).toBe(1);
  });
  test("warning: exit 0 when nothing changed", async () => {
    expect((await run(["b.yaml", "b.yaml", "--all", "--fail-on", "warning"])).code).toBe(0);
  });
  test("without --fail-on, breaking changes still exit 0", async () => {
    expect((await run([OLD, NEW, "--all"])).code).toBe(0);
  });
});

describe("bad input exits 2", () => {
  test("unreadable spec names the file", async () => {
    const r = await run(["missing.yaml", "b.yaml", "--all"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing.yaml");
  });
  test.each(["missing.yaml", "."])("a spec that cannot be read (%s) is named even when nothing is selected", async (file) => {
    const r = await run(["a.yaml", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(JSON.stringify(join(work, file === "." ? "" : file)));
    expect(r.stderr).not.toMatch(/nothing selected/);
  });
  test("broken YAML names line:column", async () => {
    const r = await run(["a.yaml", "broken.yaml", "--all"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+/);
  });
  test("a selected id neither spec has", async () => {
    const r = await run(["a.yaml", "b.yaml", "--select", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no component schema "nope" in either spec at #/components/schemas/nope');
  });
  test.each([
    [["a.yaml"], "expected two spec files"],
    [["a.yaml", "b.yaml", "--all", "--format", "xml"], "--format must be one of"],
    [["a.yaml", "b.yaml", "--all", "--fail-on", "safe"], "--fail-on must be one of"],
    [["a.yaml", "b.yaml", "--all", "--bogus"], "Unknown option"],
  ])("usage %j", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe("formats", () => {
  test("json has changes and summary with the documented fields", async () => {
    const r = await run([OLD, NEW, "--all", "--format", "json"]);
    const doc = JSON.parse(r.stdout) as { changes: Record<string, unknown>[]; summary: Record<string, number> };
    expect(doc.summary).toMatchObject({ breaking: 7, warning: 4, safe: 7, descriptions: 1 });
    expect(doc.changes).toHaveLength(18); // description-only changes need --verbose
    for (const c of doc.changes) for (const k of ["schema", "type", "change", "severity", "pointer", "message"]) expect(c).toHaveProperty(k);
    const verbose = JSON.parse((await run([OLD, NEW, "--all", "--format", "json", "--verbose"])).stdout) as { changes: unknown[] };
    expect(verbose.changes).toHaveLength(19);
  });
  test("markdown puts the counts first and breaking changes before warnings", async () => {
    const r = await run([OLD, NEW, "--all", "--format", "markdown"]);
    const text = r.stdout;
    expect(text.indexOf("| breaking | 7 |")).toBeGreaterThan(0);
    expect(text.indexOf("| breaking | 7 |")).toBeLessThan(text.indexOf("### Breaking changes (7)"));
    expect(text.indexOf("### Breaking changes")).toBeLessThan(text.indexOf("### Warnings (4)"));
    expect(text.indexOf("### Warnings")).toBeLessThan(text.indexOf("### Safe changes (7)"));
  });
  test("text groups by type and has no colour when not on a TTY", async () => {
    const r = await run([OLD, NEW, "--all"]);
    expect(r.stdout).toContain("  Thing (thing)\n");
    expect(r.stdout).not.toContain("\u001b[");
    expect(r.stdout).toContain("7 breaking, 4 warnings, 7 safe; 1 description-only change (--verbose lists them)");
  });
});

describe("colour", () => {
  test("text output is coloured by severity on a TTY (and not with NO_COLOR)", async () => {
    const { runDiff } = await import("../generator/commands/diff.ts");
    const capture = () => {
      let text = "";
      const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) }) as Writable & { isTTY: boolean };
      stream.isTTY = true;
      return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
    };
    const saved = process.env["NO_COLOR"];
    delete process.env["NO_COLOR"];
    try {
      const tty = capture();
      expect(await runDiff([OLD, NEW, "--all"], work, tty.stream)).toBe(0);
      expect(tty.text()).toContain("\u001b[31m✖ breaking");
      expect(tty.text()).toContain("\u001b[33m! warning");
      expect(tty.text()).toContain("\u001b[32m+ safe");
      process.env["NO_COLOR"] = "1";
      const plain = capture();
      await runDiff([OLD, NEW, "--all"], work, plain.stream);
      expect(plain.text()).not.toContain("\u001b[");
    } finally {
      if (saved === undefined) delete process.env["NO_COLOR"];
      else process.env["NO_COLOR"] = saved;
    }
  });
});

describe("hostile spec text in the reports", () => {
  const hostile = (extra: string) =>
    JSON.stringify({
      openapi: "3.1.0",
      info: { title: "API\n# Forged heading <img src=x onerror=alert(1)>", version: "1\u001b[2J" },
      paths: {},
      components: { schemas: { thing: { type: "object", properties: { "\u001b[31mred": { type: "string" }, "new\nline": { type: "string" }, ...(extra ? { [extra]: { type: "integer" } } : {}) } } } },
    });
  test("control characters are escaped in text (a terminal escape or a forged line); markdown makes names and titles inert", async () => {
    await writeFile(join(work, "h-old.json"), hostile(""));
    await writeFile(join(work, "h-new.json"), hostile("a|b`<c>\u2028"));
    for (const format of ["text", "markdown"]) {
      const r = await run(["h-old.json", "h-new.json", "--all", "--format", format]);
      expect(r.code).toBe(0);
      // eslint-disable-next-line no-control-regex
      expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/);
      expect(r.stdout).not.toMatch(/^# Forged/m);
      expect(r.stdout).toContain("\\u001b");
    }
    const md = (await run(["h-old.json", "h-new.json", "--all", "--format", "markdown"])).stdout;
    expect(md).not.toContain("<img");
    // A backtick in a name: a double-backtick code span; `|` escaped for the table.
    expect(md).toContain("| `` a\\|b`<c>\\u2028 `` | property-added |");
  });
});
