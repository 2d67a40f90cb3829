/**
 * The must-show flow, end to end, as a user in their own project: pack specguard's tarball,
 * install it into a fresh project under os.tmpdir(), `specguard init` against a small OpenAPI
 * 3.1 YAML spec kept in the project, generate from a sub-folder, type-check a consumer under
 * the strictest settings (NodeNext and Bundler) in both emit modes, and run a plain-node
 * consumer script on good and bad payloads (js mode). The installed bin runs the compiled
 * dist/ on plain Node: no tsx in the project.
 *
 * The tarball is packed from a scratch copy (package.json, README, LICENSE, bin and a dist/
 * compiled there), so the test never writes into the repository; `npm pack --dry-run` in the
 * repository checks the `files` whitelist itself. npm uses its cache (--prefer-offline).
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "./support/generated.ts";
import { STRICTEST } from "./support/strictest.ts";
import { describeDiagnostics, typecheck } from "./support/typecheck.ts";

const exec = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";
const QUIET = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

let work: string;
let project: string;
let tarball: string;

const PETSTORE = `openapi: 3.1.0
info:
  title: Pet store
  version: 1.0.0
paths: {}
components:
  schemas:
    Pet:
      type: object
      description: A pet for sale. See [errors](/docs/errors).
      required: [id, name, status, photoUrls]
      properties:
        id: { type: integer, format: int64 }
        name: { type: string, maxLength: 40 }
        status:
          type: string
          description: Where the pet is in the sale.
          enum: [available, pending, sold]
        tag: { type: [string, "null"] }
        category: { $ref: "#/components/schemas/Category" }
        photoUrls:
          type: array
          maxItems: 3
          items: { type: string }
        attributes:
          type: object
          additionalProperties: { type: string }
    Category:
      type: object
      required: [id]
      properties:
        id: { type: integer }
        name: { type: string }
`;

/** Uses every kind of export a user touches: type, enum object, is/validate/assert. */
const CONSUMER_TS = `import { PetStatus, PetStatusValues, assertPet, isPet, validatePet, type Pet } from "./generated/index.js";

export function describePet(input: unknown): string {
  if (!isPet(input)) return "not a pet";
  const pet: Pet = input;
  const attribute = pet.attributes?.["colour"] ?? "plain";
  switch (pet.status) {
    case PetStatus.Available:
      return \`\${pet.name} (\${attribute}) is for sale\`;
    default:
      return \`\${pet.name}: \${pet.status}\`;
  }
}

export function problems(input: unknown): string[] {
  const result = validatePet(input);
  return result.ok ? [] : result.issues.map((issue) => \`\${issue.path}: \${issue.message}\`);
}

export function idOf(input: unknown): number {
  assertPet(input);
  return input.id;
}

export const known: readonly string[] = PetStatusValues;
`;

/** A negative control: the same checker must reject a wrong use of the generated types. */
const WRONG_TS = `import type { Pet } from "./generated/index.js";

export const pet: Pet = { id: "7", name: "Rex", status: "available", photoUrls: [] };
`;

const CHECK_MJS = `import { PetStatus, assertPet, isPet, validatePet } from "./generated/index.js";

const good = { id: 7, name: "Rex", status: "available", photoUrls: ["a.png"], tag: null, attributes: { colour: "brown" } };
const newer = { ...good, status: "reserved" };
const bad = { id: 7.5, name: "Rex", status: "available", photoUrls: ["a", "b", "c", "d"], category: {} };
let thrown = "";
try {
  assertPet(bad);
} catch (error) {
  thrown = error.name + ": " + error.message;
}
const result = validatePet(bad);
console.log(JSON.stringify({
  good: isPet(good),
  goodValidated: validatePet(good).ok,
  newer: isPet(newer),
  bad: isPet(bad),
  issues: result.ok ? [] : result.issues.map((i) => i.path),
  thrown,
  available: PetStatus.Available,
}));
`;

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split("\\").join("/"))
    .sort();
}

function strictCheck(roots: string[], mode: keyof typeof STRICTEST): string[] {
  return describeDiagnostics(typecheck(roots, STRICTEST[mode]).diagnostics, 20);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "specguard-consumer-"));
  // Pack from a scratch copy, built there.
  const pkg = join(work, "pkg");
  await mkdir(join(pkg, "bin"), { recursive: true });
  for (const f of ["package.json", "README.md", "LICENSE", "bin/specguard.js"]) await cp(join(ROOT, f), join(pkg, f));
  await exec(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(pkg, "dist")]);
  const packed = await exec(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", work, ...QUIET], { cwd: pkg });
  tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  // A fresh project: a spec in its own folder, TypeScript (tsconfig.json), a src/ tree.
  project = join(work, "shop");
  await mkdir(join(project, "openapi"), { recursive: true });
  await mkdir(join(project, "src", "feature"), { recursive: true });
  await writeFile(join(project, "openapi", "petstore.yaml"), PETSTORE);
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "shop", private: true, type: "module" }, null, 2) + "\n");
  await writeFile(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true } }) + "\n");
  await exec(NPM, ["install", "--save-dev", tarball, ...QUIET], { cwd: project });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** `npx specguard ...` in the project (or one of its folders). */
function specguard(args: string[], cwd = project) {
  return exec(NPX, ["--no-install", "specguard", ...args], { cwd });
}

describe("the package", () => {
  test("the tarball holds the compiled generator, README and license only: nothing from test/, bench/, spec/, generated/ or the sources", async () => {
    const listed = await exec(NPM, ["pack", "--dry-run", "--json", "--ignore-scripts", "--loglevel=error"], { cwd: ROOT });
    const paths = (JSON.parse(listed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["LICENSE", "README.md", "bin/specguard.js", "package.json"]));
    expect(paths.filter((p) => !/^(dist\/|LICENSE$|README\.md$|package\.json$|bin\/specguard\.js$)/.test(p))).toEqual([]);
    const installed = await files(join(project, "node_modules", "specguard"));
    expect(installed).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/cli.js", "dist/format/worker.mjs", "dist/layout/worker.mjs", "dist/emit/runtime.js"]));
    expect(installed.filter((p) => !/^(dist\/|LICENSE$|README\.md$|package\.json$|bin\/specguard\.js$)/.test(p))).toEqual([]);
  });

  test("the public declarations do not import prettier's types (they need DOM or Node globals: a config checked with types: [] failed in them)", async () => {
    const dist = join(project, "node_modules", "specguard", "dist");
    const seen = new Set<string>();
    const queue = ["index.d.ts"];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = await readFile(join(dist, file), "utf8");
      expect(text, file).not.toMatch(/from "prettier"/);
      for (const [, spec] of text.matchAll(/from "(\.{1,2}\/[^"]+)"/g)) queue.push(posix.normalize(posix.join(posix.dirname(file), spec!.replace(/\.(ts|js)$/, ".d.ts"))));
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  test("runs on plain node: no tsx, no typescript, no test oracles installed", async () => {
    for (const dev of ["tsx", "openapi-typescript", "vitest", "typescript"]) expect(existsSync(join(project, "node_modules", dev))).toBe(false);
    const version = await specguard(["--version"]);
    expect(version.stdout.trim()).toBe((JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
    expect((await specguard(["help", "generate"])).stdout).toMatch(/^usage: specguard generate \[options\]/);
    // The programmatic API through the package's `exports`.
    const api = await exec(process.execPath, ["--input-type=module", "-e", 'const m = await import("specguard"); console.log(Object.keys(m).sort().join(","))'], { cwd: project });
    expect(api.stdout.trim().split(",")).toEqual(expect.arrayContaining(["ConfigError", "defineConfig", "diffOutput", "generate", "writeOutput"]));
  });
});

describe("init, generate from a sub-folder, use", () => {
  test("init finds the spec, writes a typed config importing defineConfig from specguard", async () => {
    const { stdout } = await specguard(["init"]);
    expect(stdout).toMatch(/wrote specguard\.config\.ts \(spec openapi\/petstore\.yaml, output src\/generated, ts modules, open enums\)/);
    expect(stdout).toMatch(/npx specguard generate/);
    const config = await readFile(join(project, "specguard.config.ts"), "utf8");
    expect(config).toMatch(/^import \{ defineConfig \} from "specguard";$/m);
  });

  test("ts mode: generated from src/feature, type-checks with the config and a consumer under the strictest flags", async () => {
    const { stdout } = await specguard(["generate"], join(project, "src", "feature"));
    expect(stdout).toMatch(/2 schemas → .*src[/\\]generated/);
    expect(await files(join(project, "src", "generated"))).toEqual(["index.ts", "internal/category.ts", "internal/pet.ts", "internal/runtime.ts", "manifest.json", "runtime.ts", "schemas/category.ts", "schemas/pet.ts"]);
    const pet = await readFile(join(project, "src", "generated", "schemas", "pet.ts"), "utf8");
    // Nothing of the repository's own (Stripe) setup leaks in: relative links stay relative.
    expect(pet).toMatch(/See \[errors\]\(\/docs\/errors\)/);
    expect(pet.toLowerCase()).not.toContain("stripe");
    await writeFile(join(project, "src", "consumer.ts"), CONSUMER_TS);
    const roots = [join(project, "src", "consumer.ts"), join(project, "specguard.config.ts")];
    for (const mode of ["NodeNext", "Bundler"] as const) expect(strictCheck(roots, mode)).toEqual([]);
    await writeFile(join(project, "src", "wrong.ts"), WRONG_TS);
    expect(strictCheck([join(project, "src", "wrong.ts")], "NodeNext").join("\n")).toMatch(/Type 'string' is not assignable to type 'number'/);
    await rm(join(project, "src", "wrong.ts"));
  });

  test("js mode: .js + .d.ts replace the .ts files, the consumer type-checks against them, and node runs a script on good and bad payloads", async () => {
    const configFile = join(project, "specguard.config.ts");
    await writeFile(configFile, (await readFile(configFile, "utf8")).replace('emit: "ts"', 'emit: "js"'));
    const { stdout } = await specguard(["generate"], join(project, "src"));
    expect(stdout).toMatch(/removed 7:\n\s+index\.ts\n/);
    expect(await files(join(project, "src", "generated"))).toEqual([
      "index.d.ts",
      "index.js",
      "internal/category.d.ts",
      "internal/category.js",
      "internal/pet.d.ts",
      "internal/pet.js",
      "internal/runtime.d.ts",
      "internal/runtime.js",
      "manifest.json",
      "package.json",
      "runtime.d.ts",
      "runtime.js",
      "schemas/category.d.ts",
      "schemas/category.js",
      "schemas/pet.d.ts",
      "schemas/pet.js",
    ]);
    const roots = [join(project, "src", "consumer.ts"), join(project, "specguard.config.ts")];
    for (const mode of ["NodeNext", "Bundler"] as const) expect(strictCheck(roots, mode)).toEqual([]);
    await writeFile(join(project, "src", "check.mjs"), CHECK_MJS);
    const run = await exec(process.execPath, [join(project, "src", "check.mjs")], { cwd: project });
    expect(JSON.parse(run.stdout)).toEqual({
      good: true,
      goodValidated: true,
      newer: true, // open enum: a status added to the API later passes
      bad: false,
      issues: ["/id", "/category/id", "/photoUrls"],
      thrown: expect.stringMatching(/^ValidationError: invalid Pet: \/id: /),
      available: "available",
    });
    // In a CommonJS project (npm init's default) too: the output folder's own package.json says
    // its .js files are ES modules (they were read as CommonJS: a SyntaxError on the first export).
    const manifestFile = join(project, "package.json");
    const projectPackage = await readFile(manifestFile, "utf8");
    await writeFile(manifestFile, JSON.stringify({ ...(JSON.parse(projectPackage) as object), type: "commonjs" }));
    try {
      const cjs = await exec(process.execPath, [join(project, "src", "check.mjs")], { cwd: project });
      expect(JSON.parse(cjs.stdout)).toMatchObject({ good: true, bad: false });
    } finally {
      await writeFile(manifestFile, projectPackage);
    }
    const check = await specguard(["generate", "--check"], join(project, "src", "feature"));
    expect(check.stdout).toMatch(/is up to date/);
  });
});
