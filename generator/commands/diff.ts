/**
 * `specguard diff OLD NEW [options]`: what changed between two spec versions, for the generated
 * types, classified for code that reads API payloads.
 *
 * Exit codes: 0 done (and nothing at the `--fail-on` level), 1 a change at or above the
 * `--fail-on` level, 2 bad input or usage.
 */
import { resolve as resolvePath } from "node:path";
import { parseArgs } from "node:util";
import { loadConfigFile } from "../cli.ts";
import { ConfigError, type EnumMode } from "../config.ts";
import { diffSpecs, toJson, toMarkdown, toText, type DiffReport } from "../diff/index.ts";
import { SpecError } from "../errors.ts";
import { readSpecBytes } from "../load/read.ts";

const USAGE = `usage: specguard diff OLD NEW [options]

  --config FILE          config module (default: specguard.config.ts when present)
  --select ID            component schema id to compare with its closure (repeatable)
  --all                  compare every component schema
  --enums open|closed    the enum mode the severities assume (default: config, else open)
  --strict-objects       severities for guards that reject undeclared keys
  --format text|markdown|json   output (default text)
  --verbose              list description-only changes too
  --fail-on breaking|warning    exit 1 when a change of that severity (or worse) exists
  --debug                show the stack of an internal error
  -h, --help             this text`;

const FORMATS = ["text", "markdown", "json"] as const;
const FAIL_ON = ["breaking", "warning"] as const;

export async function runDiff(argv: string[], cwd = process.cwd(), out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: "string" },
        select: { type: "string", multiple: true },
        all: { type: "boolean" },
        enums: { type: "string" },
        "strict-objects": { type: "boolean" },
        format: { type: "string" },
        verbose: { type: "boolean" },
        "fail-on": { type: "string" },
        // Read by cli.ts: the stack of an internal error.
        debug: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length !== 2) return usage("expected two spec files: OLD NEW");
  const format = values.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) return usage(`--format must be one of ${FORMATS.join(", ")}`);
  const failOn = values["fail-on"];
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) return usage(`--fail-on must be one of ${FAIL_ON.join(", ")}`);

  let report: DiffReport;
  try {
    const config = await loadConfigFile(values.config, cwd);
    const all = values.all ?? (values.select === undefined ? config.all ?? false : false);
    const select = values.select ?? config.select ?? [];
    const enums = (values.enums ?? config.enums ?? "open") as EnumMode;
    if (enums !== "open" && enums !== "closed") throw new ConfigError(['`enums` must be "open" or "closed"']);
    if (!all && select.length === 0) {
      // A spec that cannot be read (missing, a folder) is the first thing to fix: said before the selection.
      for (const file of positionals) await readSpecBytes(resolvePath(cwd, file));
      throw new ConfigError(["nothing selected: give --select ids, --all, or a config with `select`"]);
    }
    const strictObjects = values["strict-objects"] ?? config.strictObjects ?? false;
    report = await diffSpecs(resolvePath(cwd, positionals[0]!), resolvePath(cwd, positionals[1]!), { select, all, enums, strictObjects });
  } catch (error) {
    if (error instanceof SpecError || error instanceof ConfigError) {
      process.stderr.write(`specguard: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const verbose = values.verbose ?? false;
  if (format === "json") out.write(toJson(report, verbose));
  else if (format === "markdown") out.write(toMarkdown(report, verbose));
  else out.write(toText(report, { verbose, colour: out.isTTY === true && process.env["NO_COLOR"] === undefined }));

  const s = report.summary;
  if (failOn === "breaking" && s.breaking > 0) return 1;
  if (failOn === "warning" && s.breaking + s.warning > 0) return 1;
  return 0;
}

function usage(message: string): number {
  process.stderr.write(`specguard diff: ${message}\n${USAGE}\n`);
  return 2;
}
