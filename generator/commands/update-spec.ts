/**
 * `specguard update-spec FILE [--source TEXT] [--name FILE]`: move the pinned spec to a newer
 * version. The config is found as `generate` finds it (`--config`, else the nearest
 * `specguard.config.{ts,mts,js,mjs}` upward) and its paths resolve against its own folder.
 *
 * Everything that can be checked is checked before anything is written: FILE loads, resolves and
 * models (generated in memory), the spec folder exists, no other file is in the new name's way,
 * and the config names the spec as a string literal that can be replaced. Then, with the output
 * folder held (refused, locked and unwritable folders stop the run here), the new spec, the
 * config, PROVENANCE.md and the output are written; if any of them fails, the files already
 * written are put back byte for byte. The old spec is removed last, once all of it succeeded.
 */
import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { existsSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve as resolvePath, sep } from "node:path";
import { parseArgs } from "node:util";
import { configFileFor, DEFAULT_CACHE } from "../cli.ts";
import { ConfigError, resolveConfig, type UserConfig } from "../config.ts";
import type { Changes } from "../write/write.ts";
import { loadConfig, resolvePaths } from "../config/discover.ts";
import { environmentError, SpecError } from "../errors.ts";
import { writeAtomic } from "../fsx.ts";
import { decodeSpec, readSpecBytes } from "../load/read.ts";

const USAGE = `usage: specguard update-spec FILE [options]

  --source TEXT   where FILE comes from, for PROVENANCE.md (default: FILE as given)
  --name NAME     file name in the spec folder (default: the old name with the new API version)
  --config FILE   config module (default: specguard.config.{ts,mts,js,mjs} here or in a folder above)
  --debug         show the stack of an internal error
  -h, --help      this text`;

/** Test hooks: `afterFirstWrite` runs once the first file of the update is written. */
export interface UpdateSpecSeams {
  readonly afterFirstWrite?: () => Promise<void>;
}

export async function runUpdateSpec(argv: string[], cwd = process.cwd(), today = new Date().toISOString().slice(0, 10), seams: UpdateSpecSeams = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { source: { type: "string" }, name: { type: "string" }, config: { type: "string" }, debug: { type: "boolean" }, help: { type: "boolean", short: "h" } },
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
  const undo = new Undo();
  try {
    const configFile = configFileFor(values.config, cwd);
    if (configFile === undefined) throw new ConfigError([`no specguard.config.ts (or .mts/.js/.mjs) in ${cwd} or any folder above it: update-spec replaces the spec a config pins`]);
    const loaded = await loadConfig(configFile, cwd);
    const written = loaded.values.spec;
    if (typeof written !== "string" || written === "") throw new ConfigError([`${configFile} must name the pinned spec (\`spec\`) for update-spec to replace it`]);
    // As `generate` does: the config's paths are relative to its folder, not to where we run.
    const fileConfig = resolvePaths(loaded.values, loaded.dir);
    const oldSpec = resolvePath(loaded.dir, written);
    const incoming = resolvePath(cwd, positionals[0]!);
    const bytes = await readSpecBytes(incoming);
    const pinned = existsSync(oldSpec) ? await readSpecBytes(oldSpec) : undefined;
    if (pinned?.equals(bytes)) {
      const same = incoming === oldSpec ? "" : ` (${positionals[0]} has the same bytes)`;
      const finished = await finishInterrupted(oldSpec, pinned, fileConfig, loaded.dir, { cwd, configFile });
      if (finished === undefined) {
        process.stdout.write(`specguard: ${shown(oldSpec, cwd)} is already pinned${same}; nothing was changed\n`);
        return 0;
      }
      process.stdout.write(
        `specguard: ${shown(oldSpec, cwd)} is already pinned${same}, but ${shown(finished.out, cwd)} was generated from ${finished.from}: ` +
          `finished the update (an interrupted one?): ${finished.changes.added.length} added, ${finished.changes.changed.length} changed, ${finished.changes.removed.length} removed` +
          `${finished.removed ? `; removed the previous spec ${shown(finished.removed, cwd)}` : ""}\n`,
      );
      return 0;
    }
    requireFolder(dirname(oldSpec), written, configFile);
    const text = decodeSpec(bytes);

    const { generate, withOutput, writeOutput } = await import("../index.ts");
    const { diffSpecs, toText } = await import("../diff/index.ts");
    const { loadText } = await import("../load/load.ts");
    const version = loadText(text, incoming).version;
    const oldVersion = pinned && loadText(decodeSpec(pinned), oldSpec).version;
    const name = values.name ?? pinnedName(basename(oldSpec), oldVersion, version, extname(incoming));
    const newSpec = join(dirname(oldSpec), name);
    const provenance = join(dirname(newSpec), "PROVENANCE.md");
    refuseName(name, newSpec, [provenance, configFile]);
    await refuseInTheWay(newSpec, [oldSpec, incoming], bytes, cwd);
    const newPath = isAbsolute(written) ? newSpec : relative(loaded.dir, newSpec).split(sep).join("/");
    const configText = repointed(configFile, await readFile(configFile, "utf8"), written, newPath, { incoming: positionals[0]!, newSpec: shown(newSpec, cwd) });

    const config = resolveConfig({ cacheDir: resolvePath(loaded.dir, DEFAULT_CACHE) }, { ...fileConfig, spec: newSpec });
    // Everything that can fail on the new spec happens before anything is written. Its problems
    // name FILE, where the user can look, not the name it is about to be pinned under.
    const result = await generate({ ...config, specText: text }).catch((error: unknown) => {
      if (!(error instanceof SpecError) || newSpec === incoming) throw error;
      throw new SpecError(error.problems.map((p) => (p.file === newSpec ? { ...p, file: incoming } : p)));
    });
    const report = pinned ? await diffSpecs(oldSpec, incoming, config) : undefined;
    const provenanceText = withProvenance(existsSync(provenance) ? await readFile(provenance, "utf8") : "", {
      name,
      source: values.source ?? positionals[0]!,
      title: result.model.spec.title,
      version,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      date: today,
      previous: oldVersion !== undefined && oldSpec !== newSpec ? `${basename(oldSpec)} (API version ${oldVersion})` : undefined,
    });

    // Holding the output folder first refuses a dangerous, locked or unwritable one before any
    // file is touched; what fails after that (a user's file where the output goes, a full disk)
    // puts back what was written.
    const held = { cwd, configFile };
    // Ctrl-C (or a SIGTERM) from here on waits for the update to finish: stopping between the
    // files would leave the config pointing at a spec the output was not generated from.
    const { value: changes, signal } = await uninterrupted(async () => {
      const changes = await withOutput(config.out, "write", held, async () => {
        try {
          if (newSpec !== incoming) await undo.write(newSpec, bytes);
          await seams.afterFirstWrite?.();
          await undo.write(configFile, configText);
          await undo.write(provenance, provenanceText);
          return await writeOutput(config.out, result.files, { ...held, held: true });
        } catch (error) {
          await undo.run();
          throw error;
        }
      });
      // Only now, with everything else in place, is the old pin let go.
      if (pinned && oldSpec !== newSpec) await removeOldSpec(oldSpec, cwd);
      return changes;
    });
    process.stdout.write(
      `specguard: pinned ${shown(newSpec, cwd)} (API version ${version}); ${basename(configFile)} now points at it; ` +
        `${config.out}: ${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed\n`,
    );
    if (report) process.stdout.write(toText(report, { verbose: false, colour: false }));
    return signal === undefined ? 0 : 128 + (SIGNALS[signal] ?? 2);
  } catch (error) {
    const known = error instanceof SpecError || error instanceof ConfigError ? error : environmentError(error, "access");
    if (!known) throw error;
    process.stderr.write(`specguard: ${known.message}\n`);
    process.stderr.write(
      undo.failed.length === 0
        ? "specguard: nothing was changed\n"
        : `specguard: could not put back ${undo.failed.map((f) => JSON.stringify(f)).join(", ")} as they were; restore them from version control\n`,
    );
    return 2;
  }
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * FILE is already pinned. An update killed after it switched the config (SIGKILL cannot be held
 * back) leaves the output generated from the previous spec, and that spec beside the new one: the
 * output's manifest says so (another sha256). Then the output is generated from the pinned spec
 * and written, and the previous spec is removed when it is exactly the one the manifest names (its
 * file, beside the pinned one, with that sha256). `undefined` when the output already comes from
 * the pinned spec (or there is none to judge by).
 */
async function finishInterrupted(
  pinnedSpec: string,
  pinned: Buffer,
  fileConfig: UserConfig,
  dir: string,
  held: { cwd: string; configFile: string },
): Promise<{ out: string; from: string; changes: Changes; removed: string | undefined } | undefined> {
  const config = resolveConfig({ cacheDir: resolvePath(dir, DEFAULT_CACHE) }, { ...fileConfig, spec: pinnedSpec });
  const { readManifest } = await import("../diff/since.ts");
  const manifest = await readManifest(config.out);
  let recorded: { source?: unknown; sha256?: unknown } | undefined;
  try {
    recorded = manifest === undefined ? undefined : (JSON.parse(manifest) as { spec?: { source?: unknown; sha256?: unknown } }).spec;
  } catch {
    recorded = undefined;
  }
  const sha256 = createHash("sha256").update(pinned).digest("hex");
  if (recorded === undefined || typeof recorded.sha256 !== "string" || recorded.sha256 === sha256) return undefined;
  const { generate, withOutput, writeOutput } = await import("../index.ts");
  const result = await generate(config);
  const changes = await withOutput(config.out, "write", held, () => writeOutput(config.out, result.files, { ...held, held: true }));
  // The spec the old output came from, if it is still beside the pinned one, byte for byte.
  const source = typeof recorded.source === "string" ? recorded.source : "";
  const previous = join(dirname(pinnedSpec), source);
  let removed: string | undefined;
  if (source !== "" && basename(source) === source && previous !== pinnedSpec && existsSync(previous)) {
    const bytes = await readSpecBytes(previous).catch(() => undefined);
    if (bytes !== undefined && createHash("sha256").update(bytes).digest("hex") === recorded.sha256) {
      await removeOldSpec(previous, held.cwd);
      removed = existsSync(previous) ? undefined : previous;
    }
  }
  return { out: config.out, from: source === "" ? "another spec" : source, changes, removed };
}

/**
 * Runs `work` with SIGINT, SIGTERM and SIGHUP held back: a signal that arrives meanwhile is said
 * at once, and returned once `work` has finished (the caller exits 128 + its number). SIGKILL
 * cannot be held: after one, `generate --check` says the output is stale, and `generate` (or
 * the same update-spec again) finishes the job.
 */
async function uninterrupted<T>(work: () => Promise<T>): Promise<{ value: T; signal: NodeJS.Signals | undefined }> {
  let signal: NodeJS.Signals | undefined;
  const handler = (received: NodeJS.Signals): void => {
    signal ??= received;
    process.stderr.write(`specguard: ${received}: finishing the update first (the spec, config, PROVENANCE.md and output move together)\n`);
  };
  const held = Object.keys(SIGNALS) as NodeJS.Signals[];
  for (const s of held) process.on(s, handler);
  try {
    return { value: await work(), signal };
  } finally {
    for (const s of held) process.off(s, handler);
  }
}

/**
 * `--name` is a file name in the spec folder, and not one update-spec writes itself: written
 * there, the new spec was overwritten by PROVENANCE.md (or the config) and the old pin removed.
 */
function refuseName(name: string, newSpec: string, own: readonly string[]): void {
  if (name === "" || name === "." || name === ".." || /[\\/]/.test(name)) {
    throw new ConfigError([`--name ${JSON.stringify(name)} must be a file name (no folders): the new spec goes beside the old one`]);
  }
  const taken = own.find((file) => file.toLowerCase() === newSpec.toLowerCase());
  if (taken !== undefined) {
    throw new ConfigError([`--name ${JSON.stringify(name)} is ${JSON.stringify(basename(taken))}, which update-spec writes itself; choose another name`]);
  }
}

/** A path as the user would type it from where the command runs. */
function shown(path: string, cwd: string): string {
  return relative(cwd, path) || path;
}

/** The spec folder must exist: a missing one means the config's `spec` is wrong (FILE is not to blame). */
function requireFolder(folder: string, written: string, configFile: string): void {
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) {
    throw new ConfigError([
      `the pinned spec's folder ${JSON.stringify(folder)} does not exist (\`spec\` is ${JSON.stringify(written)} in ${basename(configFile)}); create the folder or correct \`spec\``,
    ]);
  }
}

/**
 * The new name may already hold a file: the one being pinned (FILE saved there, or the old pin
 * kept its name) is fine, and so is a copy of FILE; anything else is a user's file to keep.
 */
async function refuseInTheWay(newSpec: string, ours: readonly string[], bytes: Buffer, cwd: string): Promise<void> {
  if (ours.includes(newSpec) || !existsSync(newSpec)) return;
  if (statSync(newSpec).isFile() && bytes.equals(await readFile(newSpec))) return;
  throw new ConfigError([`${JSON.stringify(shown(newSpec, cwd))} already exists and is not the new spec; move it away or choose another name with --name`]);
}

/** `stripe-2024-04-10.json` + version `2025-01-27` → `stripe-2025-01-27.json` (extension of the new file). */
export function pinnedName(oldName: string, oldVersion: string | undefined, version: string, ext: string): string {
  const stem = oldName.slice(0, oldName.length - extname(oldName).length);
  const safe = version.replace(/[^A-Za-z0-9._-]+/g, "-");
  if (oldVersion !== undefined && stem.includes(oldVersion)) return stem.replace(oldVersion, safe) + ext;
  return `${stem}-${safe}${ext}`;
}

const QUOTES = ['"', "'", "`"] as const;

/**
 * The config's text with the old spec path's string literal replaced (in the same quotes). Only
 * a path written once as a literal can be replaced safely: a computed one (or one written twice)
 * is refused before anything changes, with what to do by hand.
 */
function repointed(file: string, text: string, oldPath: string, newPath: string, by: { incoming: string; newSpec: string }): string {
  const literal = (quote: string, path: string): string => (quote === '"' || path.includes(quote) || path.includes("\\") ? JSON.stringify(path) : quote + path + quote);
  const found = QUOTES.map((q) => ({ q, old: literal(q, oldPath), count: text.split(literal(q, oldPath)).length - 1 })).filter((f) => f.count > 0);
  if (found.length === 1 && found[0]!.count === 1) return text.replace(found[0]!.old, literal(found[0]!.q, newPath));
  throw new ConfigError([
    `cannot repoint ${basename(file)}: its \`spec\` is not the string ${JSON.stringify(oldPath)} written once (a computed path, or the same text elsewhere too), ` +
      `so specguard cannot tell what to replace. Write \`spec: ${JSON.stringify(oldPath)}\` and run update-spec again, ` +
      `or by hand copy ${by.incoming} to ${by.newSpec} and set \`spec\` to ${JSON.stringify(newPath)}`,
  ]);
}

/**
 * The files update-spec writes, as they were before: `run` puts each back byte for byte (or
 * removes it if it did not exist) and records in `failed` any it could not.
 */
class Undo {
  private readonly saved: [string, Buffer | undefined][] = [];
  readonly failed: string[] = [];

  /** Writes `content` to `path` atomically (never half a file), keeping what was there. */
  async write(path: string, content: string | Buffer): Promise<void> {
    this.saved.push([path, existsSync(path) ? await readFile(path) : undefined]);
    await writeAtomic(path, content);
  }

  async run(): Promise<void> {
    for (const [path, before] of [...this.saved].reverse()) {
      try {
        if (before === undefined) await rm(path, { force: true });
        else await writeAtomic(path, before);
      } catch {
        this.failed.push(path);
      }
    }
  }
}

/** The update has succeeded when this runs: a leftover old spec is a warning, not a failure. */
async function removeOldSpec(oldSpec: string, cwd: string): Promise<void> {
  try {
    await rm(oldSpec);
  } catch (error) {
    const why = environmentError(error, "remove", oldSpec)?.message ?? String(error);
    process.stderr.write(`specguard: warning: the previous spec ${shown(oldSpec, cwd)} is still there (${why}); remove it by hand\n`);
  }
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

/** A fresh note on top; the previous note (`earlier`) follows under "Earlier pins" (headings demoted). */
function withProvenance(earlier: string, p: Provenance): string {
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
  const before = earlier.trim();
  if (before !== "") lines.push("## Earlier pins", "", before.replace(/^#+ .*\n?/, "").replace(/^(#+) /gm, "#$1 ").trim(), "");
  return lines.join("\n");
}
