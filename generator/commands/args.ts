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

export function parseCommand<O extends Options>(
  command: keyof typeof USAGE,
  args: readonly string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: false; strict: true }>> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: false, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /'(-{1,2}[^'=\s]+)/.exec(message)?.[1];
    const hint = unknown !== undefined && /unknown option/i.test(message) ? didYouMean(unknown.replace(/^-+/, ""), Object.keys(options), 1, (n) => `--${n}`) : "";
    throw new UsageError(`${message.split("\n")[0]}${hint}; see \`specguard help ${command}\``);
  }
}

