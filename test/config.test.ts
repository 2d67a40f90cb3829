/**
 * Config files as users write them: discovery upward from the current folder, paths relative to
 * the config's folder, and every config mistake exiting 2 with one line that names the key or
 * file and, where one is near, what was meant. Runs the CLI in scratch folders under os.tmpdir()
 * (no specguard config lies above them).
 */
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "./support/generated.ts";

const BIN = join(ROOT, "bin/specguard.js");
let work: string;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: string[], cwd: string): Promise<Run> {
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

/** A project folder with the fixture spec in api/ and the given config file. */
async function project(name: string, configName?: string, config?: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(join(dir, "api"), { recursive: true });
  await mkdir(join(dir, "src", "deep"), { recursive: true });
  await cp(join(ROOT, "test/fixtures/specs/verification-session.yaml"), join(dir, "api/session.yaml"));
  if (configName !== undefined && config !== undefined) await writeFile(join(dir, configName), config);
  return dir;
}

/** The one line a config error prints, after checking it is one line and the exit code 2. */
function oneLine(result: Run): string {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  const lines = result.stderr.split("\n").filter((l) => l !== "");
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "specguard-config-"));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("discovery", () => {
  test("from a sub-folder, the config above is found and its paths resolve against its own folder", async () => {
    const dir = await project("found", "specguard.config.mjs", 'export default { spec: "api/session.yaml", out: "gen", all: true, format: false };\n');
    const result = await run(["generate", "--no-cache"], join(dir, "src", "deep"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // Not a terminal: no progress line, no control characters, only the summary lines.
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(result.stdout).toMatch(/^specguard: 4 schemas → /);
    const manifest = JSON.parse(await readFile(join(dir, "gen", "manifest.json"), "utf8")) as { schemas: Record<string, unknown> };
    expect(Object.keys(manifest.schemas)).toContain("identity.verification_session");
  });

  test("flags override the config, and their paths resolve against the current folder", async () => {
    const dir = await project("flags", "specguard.config.mjs", 'export default { spec: "api/session.yaml", out: "gen", all: true, format: false };\n');
    const result = await run(["generate", "--no-cache", "--out", "here", "--select", "gelato_session_last_error"], join(dir, "src"));
    expect(result.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, "src", "here", "manifest.json"), "utf8")) as { schemas: Record<string, unknown> };
    expect(Object.keys(manifest.schemas)).toEqual(["gelato_session_last_error"]);
  });

  test("no config found (and no --spec): exit 2, one line, suggesting init", async () => {
    const dir = await project("none");
    const line = oneLine(await run(["generate"], join(dir, "src")));
    expect(line).toMatch(/^specguard: no specguard\.config\.ts .* in .*src or any folder above it; run `npx specguard init`/);
  });
});

describe("config errors: exit 2, one line naming the key or file, with a suggestion", () => {
  test("unknown key", async () => {
    const dir = await project("unknown-key", "specguard.config.mjs", 'export default { spec: "api/session.yaml", all: true, enum: "closed" };\n');
    expect(oneLine(await run(["generate"], dir))).toBe('specguard: specguard.config.mjs: unknown config key "enum" (did you mean "enums"?)');
  });

  test("bad value", async () => {
    const dir = await project("bad-value", "specguard.config.mjs", 'export default { spec: "api/session.yaml", all: true, enums: "opne" };\n');
    expect(oneLine(await run(["generate"], dir))).toBe('specguard: specguard.config.mjs: `enums` must be "open" or "closed", got "opne" (did you mean "open"?)');
  });

  test.each(["https://ex.com/a b", "https://ex.com/)x", "https://ex.com/\nx"])("a docsBaseUrl that would break the markdown links (%j) is refused", async (url) => {
    const dir = await project("bad-url", "specguard.config.mjs", `export default { spec: "api/session.yaml", all: true, docsBaseUrl: ${JSON.stringify(url)} };\n`);
    expect(oneLine(await run(["generate"], dir))).toMatch(/`docsBaseUrl` must be an absolute http\(s\) URL without spaces, quotes, brackets or parentheses/);
  });

  test("bad value of another type", async () => {
    const dir = await project("bad-depth", "specguard.config.mjs", 'export default { spec: "api/session.yaml", all: true, maxDepth: -1 };\n');
    expect(oneLine(await run(["generate"], dir))).toBe("specguard: specguard.config.mjs: `maxDepth` must be an integer from 1 to 1000, got -1");
  });

  test("maxDepth past the cap (the call stack overflowed past ~3,000 levels and the guards disagreed)", async () => {
    const dir = await project("deep-depth", "specguard.config.mjs", 'export default { spec: "api/session.yaml", all: true, maxDepth: 1000000 };\n');
    expect(oneLine(await run(["generate"], dir))).toBe("specguard: specguard.config.mjs: `maxDepth` must be an integer from 1 to 1000, got 1000000");
  });

  test("a TypeScript config that does not compile names the file", async () => {
    const dir = await project("no-compile", "specguard.config.ts", 'export default {\n  spec: "api/session.yaml",\n  all: true,\n  enums: ;\n};\n');
    expect(oneLine(await run(["generate"], dir))).toMatch(/^specguard: specguard\.config\.ts: the config does not load: /);
  });

  test("a config without a default export names the file", async () => {
    const dir = await project("no-default", "specguard.config.mjs", 'export const config = { spec: "api/session.yaml" };\n');
    expect(oneLine(await run(["generate"], dir))).toMatch(/^specguard: specguard\.config\.mjs: the config must `export default defineConfig\(\{ \.\.\. \}\)`/);
  });

  test("a TypeScript config with types loads (no specguard import needed)", async () => {
    const ts = 'const enums: "open" | "closed" = "closed";\nexport default { spec: "api/session.yaml", out: "gen", all: true, enums, format: false };\n';
    const dir = await project("typed", "specguard.config.ts", ts);
    const result = await run(["generate", "--no-cache"], dir);
    expect(result.stderr).toBe("");
    const manifest = JSON.parse(await readFile(join(dir, "gen", "manifest.json"), "utf8")) as { options: { enums: string } };
    expect(manifest.options.enums).toBe("closed");
  });
});

describe("names on the command line", () => {
  test("an unknown option suggests the nearest option", async () => {
    const dir = await project("opt");
    expect(oneLine(await run(["generate", "--spec", "api/session.yaml", "--slect", "x"], dir))).toMatch(/Unknown option '--slect'.*\(did you mean --select\?\)/);
  });

  test("an unknown command suggests the nearest command", async () => {
    const dir = await project("cmd");
    const result = await run(["generat"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe('specguard: unknown command "generat" (did you mean "generate"?)');
  });

  test("an unknown --select id suggests the nearest ids", async () => {
    const dir = await project("select");
    const line = oneLine(await run(["generate", "--spec", "api/session.yaml", "--select", "identity.verification_sesion"], dir));
    expect(line).toMatch(/no component schema "identity\.verification_sesion" \(did you mean "identity\.verification_session"/);
  });

  test("a type name passed as a --select id is recognised as one", async () => {
    const dir = await project("typename");
    const line = oneLine(await run(["generate", "--spec", "api/session.yaml", "--select", "IdentityVerificationSession"], dir));
    expect(line).toMatch(/"IdentityVerificationSession" looks like a type name; select takes schema ids: "identity\.verification_session"/);
  });
});

describe("init", () => {
  test("writes a .mjs config without TypeScript, finds the spec, and refuses to overwrite", async () => {
    const dir = await project("init-js");
    const first = await run(["init"], dir);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/wrote specguard\.config\.mjs \(spec api\/session\.yaml, output src\/generated, js modules, open enums\)/);
    const text = await readFile(join(dir, "specguard.config.mjs"), "utf8");
    expect(text).toMatch(/import \{ defineConfig \} from "specguard";/);
    expect(text).toMatch(/spec: "api\/session\.yaml"/);
    expect(text).toMatch(/emit: "js"/);
    const again = oneLine(await run(["init"], dir));
    expect(again).toBe("specguard: specguard.config.mjs already exists; init never overwrites a config (edit it, or delete it first)");
    expect(await readFile(join(dir, "specguard.config.mjs"), "utf8")).toBe(text);
  });

  test("writes a .ts config where the project has TypeScript, with the options given", async () => {
    const dir = await project("init-ts");
    await writeFile(join(dir, "tsconfig.json"), "{}\n");
    await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
    const result = await run(["init", "--spec", "api/session.yaml", "--out", "src/api", "--enums", "closed", "--emit", "ts"], dir);
    expect(result.code).toBe(0);
    const text = await readFile(join(dir, "specguard.config.ts"), "utf8");
    expect(text).toMatch(/out: "src\/api"/);
    expect(text).toMatch(/enums: "closed"/);
  });

  test("in a CommonJS package with TypeScript the config is .mts (a .ts one importing specguard failed to type-check under NodeNext: TS1479); the hint names a schema of the spec", async () => {
    const dir = await project("init-cjs");
    await writeFile(join(dir, "tsconfig.json"), "{}\n");
    await writeFile(join(dir, "package.json"), '{ "name": "cjs", "type": "commonjs" }\n');
    const result = await run(["init"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/wrote specguard\.config\.mts \(/);
    expect(result.stdout).toContain('import { isIdentityVerificationSession, type IdentityVerificationSession } from "./src/generated/index.js";');
    expect(existsSync(join(dir, "specguard.config.mts"))).toBe(true);
  });

  test("a package of a workspace whose root has TypeScript gets a TypeScript config (the package's own package.json stopped the search)", async () => {
    const root = await project("init-workspace");
    await writeFile(join(root, "package.json"), '{ "name": "root", "type": "module", "devDependencies": { "typescript": "^5.9.0" } }\n');
    await mkdir(join(root, ".git"));
    const dir = join(root, "packages", "api");
    await mkdir(join(dir, "spec"), { recursive: true });
    await writeFile(join(dir, "package.json"), '{ "name": "api", "type": "module" }\n');
    await cp(join(root, "api/session.yaml"), join(dir, "spec/session.yaml"));
    const result = await run(["init"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/wrote specguard\.config\.ts \(spec spec\/session\.yaml, output generated, ts modules/);
  });

  test("a JSON spec whose openapi key comes late (sorted keys, as Stripe's: 1.8 MB in) is found", async () => {
    const dir = await project("init-json");
    await rm(join(dir, "api/session.yaml"));
    const doc = { components: { schemas: { pet: { type: "object", description: "x".repeat(8000) } } }, info: { title: "t", version: "1" }, openapi: "3.0.3", paths: {} };
    await writeFile(join(dir, "api/spec.json"), JSON.stringify(doc));
    const result = await run(["init"], dir);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/wrote specguard\.config\.mjs \(spec api\/spec\.json, /);
    // No TypeScript here: the hint is JavaScript.
    expect(result.stdout).toContain('import { isPet } from "./src/generated/index.js";');
  });

  test("bad --emit value and missing spec are usage errors", async () => {
    const dir = await project("init-bad");
    expect(oneLine(await run(["init", "--emit", "jss"], dir))).toMatch(/--emit must be "ts" or "js", got "jss" \(did you mean "js"\?\)/);
    expect(oneLine(await run(["init", "--spec", "nope.yaml"], dir))).toMatch(/--spec "nope\.yaml": no such file/);
  });

  test("an output folder generate would refuse (the project root) is refused before a config is written", async () => {
    const dir = await project("init-root");
    for (const out of [".", "./"]) {
      const result = await run(["init", "--out", out], dir);
      expect(result.code).toBe(2);
      expect(oneLine(result)).toMatch(/out-refused: .*is the project root/);
    }
    expect(existsSync(join(dir, "specguard.config.mjs"))).toBe(false);
    // generate names the output folder, not the cache folder inside it.
    await writeFile(join(dir, "specguard.config.mjs"), 'export default { spec: "api/session.yaml", out: ".", all: true };\n');
    expect(oneLine(await run(["generate"], dir))).toMatch(/out-refused: refusing to write the output folder .*: it is the project root/);
  });
});

describe("a TypeScript config's compiled text is kept only in the cache folder the run uses", () => {
  const ts = (extra: string) => `const enums: "open" | "closed" = "closed";\nexport default { spec: "api/session.yaml", out: "gen", all: true, enums, format: false${extra} };\n`;
  const compiled = (dir: string) => join(dir, "node_modules/.cache/specguard/config");

  test("cacheDir unset: in the default folder beside the config", async () => {
    const dir = await project("compiled-default", "specguard.config.ts", ts(""));
    expect((await run(["generate", "--quiet"], dir)).code).toBe(0);
    expect(existsSync(compiled(dir))).toBe(true);
  });

  test("cacheDir: false in the config: nothing written at all (as with --no-cache)", async () => {
    const dir = await project("compiled-off", "specguard.config.ts", ts(", cacheDir: false"));
    const result = await run(["generate", "--quiet"], dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
  });

  test("cacheDir naming another folder: not in the default folder", async () => {
    const dir = await project("compiled-elsewhere", "specguard.config.ts", ts(', cacheDir: "my-cache"'));
    expect((await run(["generate", "--quiet"], dir)).code).toBe(0);
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    expect(existsSync(join(dir, "my-cache"))).toBe(true);
  });

  test("--cache-dir: in that folder, whatever the config says", async () => {
    const dir = await project("compiled-flag", "specguard.config.ts", ts(", cacheDir: false"));
    expect((await run(["generate", "--quiet", "--cache-dir", "flagged"], dir)).code).toBe(0);
    expect(existsSync(join(dir, "flagged/config"))).toBe(true);
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
  });

  test("a refused cache folder gets no compiled config either", async () => {
    // The default cache folder lies inside this output folder: the run refuses it before writing.
    const dir = await project("compiled-refused", "specguard.config.ts", ts("").replace('out: "gen"', 'out: "node_modules/.cache"'));
    expect(oneLine(await run(["generate"], dir))).toMatch(/out-refused: refusing to write the cache folder .*: it overlaps the output folder/);
    expect(existsSync(compiled(dir))).toBe(false);
  });
});
