/**
 * `specguard init`: writes a commented, typed config for the project in the current folder and
 * says what to do next. It never overwrites a config.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import { parseCommand, UsageError } from "./args.ts";
import { checkLayer } from "../config/rules.ts";
import { CONFIG_NAMES } from "../config/discover.ts";
import { USAGE } from "./help.ts";
import { nearestPackageFolder, refuseDangerousOut } from "../write/guard-paths.ts";
import { parse as parseYaml } from "yaml";
import { nameComponents } from "../model/naming.ts";

const OPTIONS = {
  spec: { type: "string" },
  out: { type: "string" },
  enums: { type: "string" },
  emit: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Folders where a spec usually lives, searched (one level deep) when --spec is not given. */
const SPEC_FOLDERS = [".", "spec", "specs", "openapi", "api", "docs"] as const;

export async function initCommand(args: readonly string[], cwd: string, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const { values } = parseCommand("init", args, OPTIONS);
  if (values.help) {
    out(USAGE.init + "\n");
    return 0;
  }
  const existing = CONFIG_NAMES.map((n) => join(cwd, n)).find((f) => existsSync(f));
  if (existing !== undefined) {
    err(`specguard: ${relative(cwd, existing)} already exists; init never overwrites a config (edit it, or delete it first)\n`);
    return 2;
  }
  const typescript = hasTypeScript(cwd);
  const emit = values.emit ?? (typescript ? "ts" : "js");
  const enums = values.enums ?? "open";
  const problems = checkLayer({ emit, enums }, undefined, (k) => `--${k}`);
  if (problems.length > 0) throw new UsageError(problems.join("; "));

  let spec = values.spec;
  if (spec === undefined) {
    const found = findSpecs(cwd);
    if (found.length !== 1) {
      const which = found.length === 0 ? "no OpenAPI document found here" : `several OpenAPI documents found (${found.join(", ")})`;
      throw new UsageError(`${which}; pass --spec PATH`);
    }
    spec = found[0]!;
  } else if (!existsSync(resolve(cwd, spec))) {
    throw new UsageError(`--spec ${JSON.stringify(spec)}: no such file`);
  }
  const outDir = values.out ?? (isDir(join(cwd, "src")) ? "src/generated" : "generated");
  // An ES module either way: in a CommonJS package (npm init's default) a `.ts` config importing
  // specguard (an ES module package) fails to type-check under NodeNext (TS1479); `.mts` does not.
  const name = typescript ? (esmPackage(cwd) ? "specguard.config.ts" : "specguard.config.mts") : "specguard.config.mjs";
  // A folder generate would refuse (the project root, the folder itself, home) is refused now,
  // before a config that could never run is written.
  await refuseDangerousOut(outDir, { cwd, configFile: join(cwd, name) });
  const text = configText({ spec: toPosix(relative(cwd, resolve(cwd, spec))), out: toPosix(outDir), enums, emit, typescript });
  await writeFile(join(cwd, name), text, { flag: "wx" });
  const importPath = "./" + posix.normalize(toPosix(outDir)).replace(/^\.\//, "") + "/index.js";
  const example = firstTypeName(resolve(cwd, spec));
  const imported = example === undefined ? "" : typescript ? `{ is${example}, type ${example} }` : `{ is${example} }`;
  out(
    [
      `specguard: wrote ${name} (spec ${spec}, output ${outDir}, ${emit} modules, ${enums} enums)`,
      "next:",
      "  npx specguard generate",
      example === undefined
        ? `  then import a type and its guards from "${importPath}"`
        : `  then import a type and its guards, e.g. import ${imported} from "${importPath}";`,
      "",
    ].join("\n"),
  );
  return 0;
}

/** The generated name of the spec's first component schema, for the hint; undefined when it does not read. */
function firstTypeName(file: string): string | undefined {
  try {
    const doc = parseSpecText(readFileSync(file, "utf8"), file) as { components?: { schemas?: Record<string, unknown> } } | undefined;
    const ids = Object.keys(doc?.components?.schemas ?? {});
    return ids.length === 0 ? undefined : nameComponents(ids).get(ids[0]!);
  } catch {
    return undefined;
  }
}

/** A spec file's document (JSON, or YAML), without the loader's checks: init only looks. */
function parseSpecText(text: string, file: string): unknown {
  return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 1000 });
}

/** Whether the nearest package.json says `"type": "module"`. */
function esmPackage(cwd: string): boolean {
  const dir = nearestPackageFolder(resolve(cwd));
  if (dir === undefined) return false;
  try {
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { type?: unknown }).type === "module";
  } catch {
    return false;
  }
}

interface InitChoices {
  readonly spec: string;
  readonly out: string;
  readonly enums: string;
  readonly emit: string;
  readonly typescript: boolean;
}

export function configText(c: InitChoices): string {
  return [
    ...(c.typescript ? [] : ["// @ts-check"]),
    'import { defineConfig } from "specguard";',
    "",
    "export default defineConfig({",
    "  // The OpenAPI 3.0/3.1 document (JSON or YAML). Paths here are relative to this file.",
    `  spec: ${JSON.stringify(c.spec)},`,
    "  // The output folder: specguard writes and removes only files that carry its header.",
    `  out: ${JSON.stringify(c.out)},`,
    "  // Every component schema; or name the ones you need (their references come along):",
    '  //   select: ["Pet", "Order"],',
    "  all: true,",
    '  // "open": enum types also admit values the API adds later; "closed": exactly the listed ones.',
    `  enums: ${JSON.stringify(c.enums)},`,
    '  // "ts": TypeScript modules; "js": ES modules with a .d.ts beside each (no build step).',
    `  emit: ${JSON.stringify(c.emit)},`,
    "});",
    "",
  ].join("\n");
}

/**
 * Whether the project compiles TypeScript: a tsconfig.json, or typescript among a package's
 * dependencies, here or in a folder above — up to the repository's root (a `.git`), so a package
 * of a workspace whose root holds TypeScript counts (it stopped at the package's own
 * package.json and wrote a JavaScript config).
 */
function hasTypeScript(cwd: string): boolean {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "tsconfig.json"))) return true;
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        const json = JSON.parse(readFileSync(pkg, "utf8")) as Record<string, Record<string, string> | undefined>;
        if (json["devDependencies"]?.["typescript"] ?? json["dependencies"]?.["typescript"]) return true;
      } catch {
        // not JSON: no answer here, look further up
      }
    }
    if (existsSync(join(dir, ".git")) || dirname(dir) === dir) return false;
  }
}

/**
 * OpenAPI documents in the usual folders: JSON or YAML files with a top-level `openapi: 3.x`.
 * The first 4 KiB usually say so; a JSON file with sorted keys says it megabytes in (Stripe's
 * spec: at 1.8 MB), so a JSON file up to 64 MiB is parsed when its start does not.
 */
function findSpecs(cwd: string): string[] {
  const found: string[] = [];
  for (const folder of SPEC_FOLDERS) {
    const dir = join(cwd, folder);
    if (!isDir(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(ya?ml|json)$/.test(name) || name === "package.json" || name.startsWith("tsconfig")) continue;
      const file = join(dir, name);
      if (!statSync(file).isFile()) continue;
      const head = readFileSync(file, "utf8").slice(0, 4096);
      if (/(^|\n)\s*["']?openapi["']?\s*:\s*["']?3\./.test(head) || openapiJson(file)) found.push(toPosix(relative(cwd, file)));
    }
  }
  return found;
}

/** A JSON file (at most 64 MiB) whose top-level `openapi` is a 3.x version. */
function openapiJson(file: string): boolean {
  if (!/\.json$/i.test(file) || statSync(file).size > 64 * 1024 * 1024) return false;
  try {
    const version = (JSON.parse(readFileSync(file, "utf8")) as { openapi?: unknown } | null)?.openapi;
    return typeof version === "string" && version.startsWith("3.");
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
