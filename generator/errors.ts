/**
 * The one catalogue of problems specguard reports. Every problem names the JSON pointer of the
 * spec node it is about (and line:column when the spec is YAML and the node can be located);
 * stages collect problems and the pipeline fails once with all of them.
 */

export type ProblemCode =
  | "spec-unreadable"
  | "spec-not-file"
  | "spec-too-large"
  | "spec-parse"
  | "spec-duplicate-key"
  | "spec-too-deep"
  | "spec-alias-limit"
  | "spec-not-openapi"
  | "spec-version"
  | "ref-external"
  | "ref-missing"
  | "ref-invalid"
  | "schema-invalid"
  | "select-unknown"
  | "config-invalid"
  /** A construct specguard does not implement: a warning (an error under `strict`). */
  | "unsupported";

export interface Problem {
  readonly code: ProblemCode;
  /** What is wrong, without the location. */
  readonly message: string;
  /** JSON pointer into the spec (RFC 6901), `""` for the document itself. */
  readonly pointer: string;
  /** 1-based line and column, when the loader can locate the pointer. */
  readonly line?: number;
  readonly column?: number;
  readonly file?: string;
}

/** Formats a problem as one line ending in its location. */
export function formatProblem(problem: Problem): string {
  const where = problem.pointer === "" ? "#" : "#" + problem.pointer;
  // The file alone when there is no position to name (an empty document): still where to look.
  const position = problem.line !== undefined ? ` (${problem.file ?? "spec"}:${problem.line}:${problem.column ?? 1})` : problem.file !== undefined ? ` (${problem.file})` : "";
  return `${problem.code}: ${problem.message} at ${where}${position}`;
}

/** Thrown by the pipeline when any stage reported problems; carries them all. */
export class SpecError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    const shown = problems.slice(0, 20).map(formatProblem);
    if (problems.length > 20) shown.push(`… and ${problems.length - 20} more`);
    super(shown.join("\n"));
    this.name = "SpecError";
    this.problems = problems;
  }
}

/** A small accumulator so stages can report several problems and fail once. */
export class Problems {
  readonly list: Problem[] = [];
  add(code: ProblemCode, message: string, pointer: string): void {
    this.list.push({ code, message, pointer });
  }
  throwIfAny(locate?: (pointer: string) => { line: number; column: number; file?: string } | undefined): void {
    if (this.list.length === 0) return;
    throw new SpecError(this.located(locate));
  }
  /** The problems with line:column added where the loader can find them, one per pointer and message. */
  located(locate?: (pointer: string) => { line: number; column: number; file?: string } | undefined): Problem[] {
    const seen = new Set<string>();
    const out: Problem[] = [];
    for (const p of this.list) {
      const key = `${p.code}\u0000${p.pointer}\u0000${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const at = locate?.(p.pointer);
      out.push(at ? { ...p, ...at } : p);
    }
    return out;
  }
}

/**
 * The kinds of failure that are about the run's surroundings rather than the spec: where it may
 * write, who else is writing, what the file system refused. Each is exit 2 with one line.
 */
export type EnvironmentKind = "out-refused" | "out-in-the-way" | "out-locked" | "io-error";

/** A failure of the environment (not of the spec, not a bug): one line naming the path. */
export class EnvironmentError extends Error {
  constructor(
    readonly kind: EnvironmentKind,
    message: string,
    readonly path: string,
  ) {
    super(`${kind}: ${message}`);
    this.name = "EnvironmentError";
  }
}

/** What each errno the file system can answer means to a user; anything else is a bug. */
const ERRNO_TEXT: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a path component is not a folder",
  EISDIR: "is a folder",
  EEXIST: "already exists",
  ENOENT: "does not exist",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  ENAMETOOLONG: "name too long",
  ELOOP: "too many symbolic links",
  EXDEV: "crosses file systems",
  EBUSY: "busy",
  EIO: "input/output error",
};

/**
 * Turns a Node file-system error into an `EnvironmentError` naming `path` (or the error's own
 * path); returns `undefined` for anything that is not an errno the environment explains.
 */
export function environmentError(error: unknown, action: string, path?: string): EnvironmentError | undefined {
  if (error instanceof EnvironmentError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== "string" || !Object.hasOwn(ERRNO_TEXT, code)) return undefined;
  const where = (error as NodeJS.ErrnoException).path ?? path ?? "?";
  return new EnvironmentError("io-error", `cannot ${action} ${JSON.stringify(where)}: ${ERRNO_TEXT[code]} (${code})`, where);
}

/** Rethrows a file-system error as an `EnvironmentError` when it is one. */
export function asEnvironmentError(error: unknown, action: string, path?: string): never {
  throw environmentError(error, action, path) ?? error;
}
