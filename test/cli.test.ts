/**
 * The CLI as users run it: `node bin/specguard.js generate ...` in a scratch folder. Exit codes
 * (0 done, 1 stale under --check, 2 bad input), messages that locate the problem, and the
 * output folder's safety: errors leave it byte-identical, stale generated files go, files
 * without the specguard header stay.
 */
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "./support/generated.ts";

const BIN = join(ROOT, "bin/specguard.js");
let work: string;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: string[], cwd = work): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** Every file under `dir`, path → bytes (as text). */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    out[relative(dir, full).split(sep).join("/")] = await readFile(full, "utf8");
  }
  return out;
}

const BROKEN_JSON = '{\n  "openapi": "3.0.0",\n  "info": { "title": "x", "version": "1" },\n  "components": { "schemas": { "a": { "type": "string", } } }\n}\n';
const BAD_REF_YAML = `openapi: 3.0.0
info: { title: Bad ref, version: "1" }
paths: {}
components:
  schemas:
    a:
      type: object
      properties:
        b:
          $ref: "#/components/schemas/missing"
`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "specguard-cli-"));
  await cp(join(ROOT, "test/fixtures/specs/verification-session.yaml"), join(work, "good.yaml"));
  await writeFile(join(work, "broken.json"), BROKEN_JSON);
  await writeFile(join(work, "badref.yaml"), BAD_REF_YAML);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("generate and --check", () => {
  const out = "out-check";
  const gen = (...extra: string[]) => run(["generate", "--spec", "good.yaml", "--all", "--out", out, "--no-cache", ...extra]);

  test("generate writes the output and exits 0; --check on fresh output exits 0", async () => {
    const first = await gen();
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/4 schemas/);
    expect(Object.keys(await tree(join(work, out))).sort()).toEqual([
      "index.ts",
      "internal/gelato_document_report.ts",
      "internal/gelato_session_last_error.ts",
      "internal/identity.verification_report.ts",
      "internal/identity.verification_session.ts",
      "internal/runtime.ts",
      "internal/walkers.ts",
      "manifest.json",
      "runtime.ts",
      "schemas/gelato_document_report.ts",
      "schemas/gelato_session_last_error.ts",
      "schemas/identity.verification_report.ts",
      "schemas/identity.verification_session.ts",
    ]);
    const check = await gen("--check");
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/is up to date \(13 files/);
  });

  test("--check exits 1 after a generated file is edited, names it, and writes nothing", async () => {
    const edited = join(work, out, "schemas/identity.verification_session.ts");
    const original = await readFile(edited, "utf8");
    await writeFile(edited, original.replace("status: IdentityVerificationSessionStatus", "status: string"));
    const before = await tree(join(work, out));
    const check = await gen("--check");
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/is stale; run `npx specguard generate`/);
    expect(check.stderr).toMatch(/changed 1:\n\s+schemas\/identity\.verification_session\.ts\n/);
    expect(await tree(join(work, out))).toEqual(before);
    await writeFile(edited, original);
  });

  test("a damaged manifest.json is kept (it may be a user's) and the refusal says what it is", async () => {
    const manifest = join(work, out, "manifest.json");
    const original = await readFile(manifest, "utf8");
    await writeFile(manifest, original.slice(0, 40));
    const run = await gen();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/out-in-the-way: .*manifest\.json" is not specguard's \(not a manifest specguard wrote\)/);
    expect(await readFile(manifest, "utf8")).toBe(original.slice(0, 40));
    await writeFile(manifest, original);
  });

  test("--check over a user's file where specguard would write refuses as generate does (exit 2), not 'added'", async () => {
    const path = join(work, out, "schemas/gelato_session_last_error.ts");
    const original = await readFile(path, "utf8");
    await writeFile(path, "export const mine = 1;\n");
    const before = await tree(join(work, out));
    const check = await gen("--check");
    const write = await gen();
    expect([check.code, write.code]).toEqual([2, 2]);
    for (const r of [check, write]) expect(r.stderr).toMatch(/out-in-the-way: .*gelato_session_last_error\.ts" is not specguard's \(no specguard header\)/);
    expect(check.stderr).not.toMatch(/added/);
    expect(await tree(join(work, out))).toEqual(before);
    await writeFile(path, original);
  });

  test("--check exits 1 after a generated file is deleted, naming it", async () => {
    await rm(join(work, out, "schemas/gelato_session_last_error.ts"));
    const check = await gen("--check");
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/added 1:\n\s+schemas\/gelato_session_last_error\.ts\n/);
  });

  test("generate removes stale generated files (header and recorded in the manifest), never other files", async () => {
    const header = (await readFile(join(work, out, "runtime.ts"), "utf8")).split("\n").slice(0, 3).join("\n");
    await writeFile(join(work, out, "schemas/gone.ts"), `${header}\n\nexport type Gone = string;\n`);
    // A previous run produced gone.ts: its manifest recorded it.
    const manifest = JSON.parse(await readFile(join(work, out, "manifest.json"), "utf8")) as { schemas: Record<string, unknown> };
    manifest.schemas["gone"] = { type: "Gone", module: "schemas/gone.ts" };
    await writeFile(join(work, out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    // A file with the header that no manifest recorded (copied in by hand) is not specguard's to remove.
    const copied = `${header}\n\nexport type Copied = string;\n`;
    await writeFile(join(work, out, "schemas/copied.ts"), copied);
    const mine = "// my own helper, not generated\nexport const x = 1;\n";
    await writeFile(join(work, out, "schemas/mine.ts"), mine);
    await writeFile(join(work, out, "notes.md"), "# notes\n");
    await writeFile(join(work, out, "manifest.old.json"), '{"generator": "specguard"}\n');
    const result = await gen();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/added 1:\n\s+schemas\/gelato_session_last_error\.ts\n/); // deleted above
    expect(result.stdout).toMatch(/removed 1:\n\s+schemas\/gone\.ts\n/);
    const files = await tree(join(work, out));
    expect(files["schemas/gone.ts"]).toBeUndefined();
    expect(files["schemas/copied.ts"]).toBe(copied);
    expect(files["schemas/mine.ts"]).toBe(mine);
    expect(files["notes.md"]).toBe("# notes\n");
    expect(files["manifest.old.json"]).toBe('{"generator": "specguard"}\n');
    // Only-changed writes: running again changes nothing.
    const again = await gen();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/no changes \(13 files identical\)/);
  });
});

describe("bad input: exit 2, a located message, and the output folder untouched", () => {
  const TEMPLATE = "out-template";
  beforeAll(async () => {
    const setup = await run(["generate", "--spec", "good.yaml", "--all", "--out", TEMPLATE, "--no-cache", "--no-format"]);
    expect(setup.code).toBe(0);
  });

  /** Pre-populates `<name>` with a good generation plus a user file; returns its bytes. */
  async function populated(name: string): Promise<Record<string, string>> {
    await cp(join(work, TEMPLATE), join(work, name), { recursive: true });
    await mkdir(join(work, name, "extra"), { recursive: true });
    await writeFile(join(work, name, "extra/keep.txt"), "user data\n");
    return tree(join(work, name));
  }

  test.each([
    {
      name: "broken JSON → line:column of the syntax error",
      args: ["--spec", "broken.json", "--all"],
      stderr: [/spec-parse: JSON does not parse: .* at # \(\S*broken\.json:4:57\)/],
    },
    {
      name: "YAML with a bad $ref → the $ref's JSON pointer and line:column",
      args: ["--spec", "badref.yaml", "--all"],
      stderr: [/ref-missing: \$ref "#\/components\/schemas\/missing" points at nothing at #\/components\/schemas\/a\/properties\/b\/\$ref \(\S*badref\.yaml:10:17\)/],
    },
    {
      name: "unknown --select id → named, with a suggestion",
      args: ["--spec", "good.yaml", "--select", "verification_session"],
      stderr: [/select-unknown: no component schema "verification_session" \(did you mean "identity\.verification_session"\?\) at #\/components\/schemas\/verification_session/],
    },
    {
      name: "missing spec file",
      args: ["--spec", "absent.yaml", "--all"],
      stderr: [/spec-unreadable: cannot read .*absent\.yaml/],
    },
    {
      name: "invalid --enums value",
      args: ["--spec", "good.yaml", "--all", "--enums", "ajar"],
      stderr: [/command line: --enums must be "open" or "closed", got "ajar"/],
    },
    {
      name: "a negative --max-depth → what it takes (not parseArgs' 'ambiguous')",
      args: ["--spec", "good.yaml", "--all", "--max-depth", "-1"],
      stderr: [/--max-depth must be an integer from 1 to 1000, got -1/],
    },
    {
      name: "--check with --watch (a check must never write)",
      args: ["--spec", "good.yaml", "--all", "--check", "--watch"],
      stderr: [/--check and --watch do not go together/],
    },
    // Each pair used to let one flag win in silence (an unknown --select id beside --all: exit 0).
    {
      name: "--all with --select",
      args: ["--spec", "good.yaml", "--all", "--select", "no_such_schema"],
      stderr: [/--all and --select do not go together/],
    },
    {
      name: "--no-format with --prettier",
      args: ["--spec", "good.yaml", "--all", "--prettier", "--no-format"],
      stderr: [/--no-format and --prettier do not go together/],
    },
    {
      name: "--cache-dir with --no-cache",
      args: ["--spec", "good.yaml", "--all", "--cache-dir", "somewhere"],
      stderr: [/--no-cache and --cache-dir do not go together/],
    },
    {
      name: "unknown flag",
      args: ["--spec", "good.yaml", "--all", "--frobnicate"],
      stderr: [/Unknown option '--frobnicate'.*see `specguard help generate`/],
    },
  ])("$name", async ({ name, args, stderr }) => {
    const out = "out-" + name.replace(/[^a-z]+/gi, "-").slice(0, 40);
    const before = await populated(out);
    const result = await run(["generate", ...args, "--out", out, "--no-cache"]);
    expect(result.code).toBe(2);
    for (const pattern of stderr) expect(result.stderr).toMatch(pattern);
    expect(result.stdout).toBe("");
    expect(await tree(join(work, out))).toEqual(before);
  });
});
