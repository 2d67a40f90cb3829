/**
 * `specguard help [command]`, `--help` and `--version`: the usage texts, one per command.
 */
import { readFileSync } from "node:fs";

/** The package's version (package.json sits two folders up from both generator/ and dist/). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export const USAGE = {
  specguard: `specguard — OpenAPI 3.0/3.1 → TypeScript types, enums and runtime guards

usage: specguard <command> [options]

commands:
  init       write a specguard.config.ts for this project
  generate   generate (or --check, or --watch) the output the config describes
  diff       compare two spec files: what changed in the generated types, and what breaks
  update-spec  pin a newer spec, regenerate, and print what changed
  help       help for a command: specguard help generate

  -v, --version   print the version
  -h, --help      this text`,

  generate: `usage: specguard generate [options]

Reads the nearest specguard.config.{ts,mts,js,mjs} (this folder or one above; paths in it are
relative to its folder); options given here override it (paths relative to this folder).

  --config FILE        config file (default: the nearest specguard.config.*)
  --spec FILE          OpenAPI 3.0/3.1 document, JSON or YAML
  --out DIR            output folder
  --select ID          component schema id to emit with its closure (repeatable)
  --all                emit every component schema
  --enums open|closed  open (default) admits unknown enum values; closed is exact
  --emit ts|js         ts (default): .ts modules; js: .js modules with .d.ts beside each
  --strict-objects     guards reject undeclared keys
  --strict             fail on constructs specguard does not support (default: warn)
  --formats            guards check date-time, date, time, email, uuid, uri, ipv4, ipv6
  --max-depth N        guard nesting cap (default 64)
  --docs-base-url URL  base for relative links in descriptions
  --no-format          skip formatting (output is valid but not laid out)
  --prettier           format with prettier and your prettier config instead of the
                       built-in layout (which matches prettier's defaults here, faster)
  --cache-dir DIR      cache folder: modules, run state, compiled code
                       (default node_modules/.cache/specguard beside the config)
  --no-cache           do not read or write the cache
  --max-spec-bytes N   refuse a larger spec file (default 67108864, 64 MiB)
  --check              compare with the output folder; exit 1 on any difference
  --watch              regenerate when the spec or config changes (Ctrl-C stops)
  --quiet              print nothing on success
  --debug              show the stack of an internal error
  -h, --help           this text

exit codes: 0 done or up to date, 1 --check found differences, 2 bad input, usage or
environment (refused, locked or unwritable folder), 3 internal error (please report it)`,

  init: `usage: specguard init [options]

Writes specguard.config.ts (specguard.config.mjs when the project has no TypeScript) in this
folder. Never overwrites an existing config.

  --spec PATH          the OpenAPI document (default: the only *.yaml/*.yml/*.json OpenAPI file found here)
  --out DIR            output folder (default: src/generated when src/ exists, else generated)
  --enums open|closed  enum mode (default open)
  --emit ts|js         output kind (default: ts with TypeScript, js without)
  -h, --help           this text`,

  help: `usage: specguard help [command]`,
} as const;

export type CommandName = keyof typeof USAGE;

/** `specguard help [command]`. */
export function helpCommand(args: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
  const [topic = "specguard", ...rest] = args;
  if (rest.length > 0 || !Object.hasOwn(USAGE, topic)) {
    err(`specguard: no help for ${JSON.stringify(args.join(" "))}; commands: init, generate, help\n`);
    return 2;
  }
  out(USAGE[topic as CommandName] + "\n");
  return 0;
}
