/**
 * `specguard update-spec FILE [--source TEXT] [--name FILE]`: move the pinned spec to a newer
 * version. Generates from FILE in memory first, so a spec that does not load, resolve or model
 * changes nothing (exit 2). Then copies it into the pinned spec's folder (named after the old
 * file with the new API version), removes the old file, points the config at the new one,
 * rewrites the folder's PROVENANCE.md (source, API version, sha256, date), writes the output
 * and prints the change report against the previous pin.
 */
import { createHash } from "node:crypto";
import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve as resolvePath, sep } from "node:path";
import { parseArgs } from "node:util";
import { loadConfigFile } from "../cli.ts";
import { ConfigError, resolveConfig, type UserConfig } from "../config.ts";
import { SpecError } from "../errors.ts";

const USAGE = `usage: specguard update-spec FILE [options]

  --source TEXT   where FILE comes from, for PROVENANCE.md (default: FILE as given)
  --name NAME     file name in the spec folder (default: the old name with the new API version)
  --config FILE   config module (default: specguard.config.ts)
  -h, --help      this text`;

export async function runUpdateSpec(argv: string[], cwd = process.cwd(), today = new Date().toISOString().slice(0, 10)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { source: { type: "string" }, name: { type: "string" }, config: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    process.stderr.write(`specguard update-spec: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`specguard update-spec: expected one spec file\n${USAGE}\n`);
    return 2;
  }
  try {
    const configFile = resolvePath(cwd, values.config ?? "specguard.config.ts");
    const fileConfig: UserConfig = await loadConfigFile(values.config, cwd);
    if (typeof fileConfig.spec !== "string") throw new ConfigError([`${configFile} must name the pinned spec (\`spec\`) for update-spec to replace it`]);
    const oldSpec = resolvePath(cwd, fileConfig.spec);
    const incoming = resolvePath(cwd, positionals[0]!);
    const text = await readSpec(incoming);

    const { generate, writeOutput } = await import("../index.ts");
    const { diffSpecs, toText } = await import("../diff/index.ts");
    const { loadText } = await import("../load/load.ts");
    const version = loadText(text, incoming).version;
    const oldVersion = existsSync(oldSpec) ? loadText(await readFile(oldSpec, "utf8"), oldSpec).version : undefined;
    const name = values.name ?? pinnedName(basename(oldSpec), oldVersion, version, extname(incoming));
    const newSpec = join(dirname(oldSpec), name);

    const config = resolveConfig(absolute({ ...fileConfig, spec: newSpec }, cwd));
    // Everything that can fail on the new spec happens before anything is written.
    const result = await generate({ ...config, specText: text });
    const report = existsSync(oldSpec) ? await diffSpecs(oldSpec, incoming, config) : undefined;

    const previous = oldVersion !== undefined && oldSpec !== newSpec ? `${basename(oldSpec)} (API version ${oldVersion})` : undefined;
    if (newSpec !== incoming) await copyFile(incoming, newSpec);
    if (existsSync(oldSpec) && oldSpec !== newSpec) await rm(oldSpec);
    const configNote = await repointConfig(configFile, fileConfig.spec, relative(cwd, newSpec).split(sep).join("/"));
    await writeProvenance(join(dirname(newSpec), "PROVENANCE.md"), {
      name,
      source: values.source ?? positionals[0]!,
      title: result.model.spec.title,
      version,
      sha256: createHash("sha256").update(text).digest("hex"),
      date: today,
      previous,
    });
    const changes = await writeOutput(config.out, result.files, { cwd, configFile });
    process.stdout.write(
      `specguard: pinned ${relative(cwd, newSpec)} (API version ${version}); ${configNote}; ` +
        `${config.out}: ${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed\n`,
    );
    if (report) process.stdout.write(toText(report, { verbose: false, colour: false }));
    return 0;
  } catch (error) {
    if (error instanceof SpecError || error instanceof ConfigError) {
      process.stderr.write(`specguard: ${error.message}\nspecguard: nothing was changed\n`);
      return 2;
    }
    throw error;
  }
}

async function readSpec(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new SpecError([{ code: "spec-unreadable", message: `cannot read ${JSON.stringify(path)}: ${(error as Error).message}`, pointer: "", file: path }]);
  }
}

/** `stripe-2024-04-10.json` + version `2025-01-27` → `stripe-2025-01-27.json` (extension of the new file). */
export function pinnedName(oldName: string, oldVersion: string | undefined, version: string, ext: string): string {
  const stem = oldName.slice(0, oldName.length - extname(oldName).length);
  const safe = version.replace(/[^A-Za-z0-9._-]+/g, "-");
  if (oldVersion !== undefined && stem.includes(oldVersion)) return stem.replace(oldVersion, safe) + ext;
  return `${stem}-${safe}${ext}`;
}

function absolute(config: UserConfig, cwd: string): UserConfig {
  const out = { ...config };
  for (const key of ["spec", "out", "cacheDir"] as const) {
    const value = out[key];
    if (typeof value === "string") out[key] = resolvePath(cwd, value);
  }
  return out;
}

/** Replaces the old spec path in the config file's text when it appears exactly once. */
async function repointConfig(file: string, oldPath: string, newPath: string): Promise<string> {
  if (!existsSync(file)) return "no config file to update";
  const text = await readFile(file, "utf8");
  const quoted = [JSON.stringify(oldPath), `'${oldPath}'`].filter((q) => text.includes(q));
  if (quoted.length !== 1 || text.split(quoted[0]!).length !== 2) return `update \`spec\` in ${basename(file)} by hand (to ${JSON.stringify(newPath)})`;
  await writeFile(file, text.replace(quoted[0]!, JSON.stringify(newPath)));
  return `${basename(file)} now points at it`;
}

interface Provenance {
  readonly name: string;
  readonly source: string;
  readonly title: string;
  readonly version: string;
  readonly sha256: string;
  readonly date: string;
  readonly previous: string | undefined;
}

/** A fresh note on top; the previous note follows under "Earlier pins" (headings demoted). */
async function writeProvenance(file: string, p: Provenance): Promise<void> {
  const earlier = existsSync(file) ? (await readFile(file, "utf8")).trim() : "";
  const lines = [
    "# Pinned spec",
    "",
    `\`${p.name}\` is ${p.title}'s OpenAPI description, API version ${p.version} (\`info.version\`).`,
    "Put here by `specguard update-spec`; the generated output names it in `manifest.json`.",
    "",
    "| | |",
    "| --- | --- |",
    `| source | ${p.source.replaceAll("|", "\\|")} |`,
    `| API version | ${p.version} |`,
    `| pinned on | ${p.date} |`,
    ...(p.previous ? [`| replaces | ${p.previous} |`] : []),
    "",
    `    sha256  ${p.sha256}`,
    "",
  ];
  if (earlier !== "") lines.push("## Earlier pins", "", earlier.replace(/^#+ .*\n?/, "").replace(/^(#+) /gm, "#$1 ").trim(), "");
  await writeFile(file, lines.join("\n"));
}
