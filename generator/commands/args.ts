/**
 * Argument parsing shared by the commands: node's parseArgs, with an unknown option answered by
 * the nearest known one.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { didYouMean } from "../suggest.ts";
import type { USAGE } from "./help.ts";

/** Bad arguments: exit 2 with the message (and the command's usage). */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Parses a command's arguments; an unknown option names the nearest known one. `--help` is
 * answered by the caller.
 */
export type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `--max-depth -1` as `--max-depth=-1`: parseArgs reads a value starting with a dash as an
 * option and calls the argument ambiguous; a number is no option, and its own check then says
 * what the option takes.
 */
function negativeValues(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg.startsWith("--") && options[arg.slice(2)]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

export function parseCommand<O extends Options>(
  command: keyof typeof USAGE,
  args: readonly string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: false; strict: true }>> {
  try {
    return parseArgs({ args: negativeValues(args, options), options, allowPositionals: false, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /'(-{1,2}[^'=\s]+)/.exec(message)?.[1];
    const hint = unknown !== undefined && /unknown option/i.test(message) ? didYouMean(unknown.replace(/^-+/, ""), Object.keys(options), 1, (n) => `--${n}`) : "";
    throw new UsageError(`${message.split("\n")[0]}${hint}; see \`specguard help ${command}\``);
  }
}

