/**
 * Reading the spec file, once, safely: the bytes read here are the bytes fingerprinted and the
 * bytes generated from (a spec saved while a run starts cannot split the two). A FIFO would block
 * a plain read forever and `/dev/zero` would fill memory, so the file is opened without blocking,
 * checked with fstat to be a regular file, and read only up to a documented size.
 */
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { environmentError, SpecError } from "../errors.ts";

/** Default cap on the spec's size: Stripe's spec is ~6 MB; the largest public specs ~30 MB. */
export const DEFAULT_MAX_SPEC_BYTES = 64 * 1024 * 1024;

/** What fstat says a non-regular file is, for the message. */
const KIND_NAMES: readonly [string, (s: import("node:fs").Stats) => boolean][] = [
  ["folder", (s) => s.isDirectory()],
  ["named pipe (FIFO)", (s) => s.isFIFO()],
  ["character device", (s) => s.isCharacterDevice()],
  ["block device", (s) => s.isBlockDevice()],
  ["socket", (s) => s.isSocket()],
];

function fail(code: "spec-unreadable" | "spec-not-file" | "spec-too-large", message: string, path: string): never {
  throw new SpecError([{ code, message, pointer: "", file: path }]);
}

/** Reads a spec file's bytes: a regular file of at most `maxBytes` bytes, or a `SpecError`. */
export async function readSpecBytes(path: string, maxBytes = DEFAULT_MAX_SPEC_BYTES): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const env = environmentError(error, "read", path);
    fail("spec-unreadable", env ? env.message.replace(/^io-error: /, "") : `cannot read ${JSON.stringify(path)}: ${(error as Error).message}`, path);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      const kind = KIND_NAMES.find(([, test]) => test(stat))?.[0] ?? "special file";
      fail("spec-not-file", `${JSON.stringify(path)} is a ${kind}, not a regular file`, path);
    }
    if (stat.size > maxBytes) fail("spec-too-large", tooLarge(path, maxBytes), path);
    // Read to EOF rather than trusting stat.size (a file can grow, /proc files say 0), with the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // First the whole file (plus a byte to see it end), then whatever it grew by.
      const size = chunks.length === 0 ? stat.size + 1 : 65_536;
      const buffer = Buffer.allocUnsafe(Math.min(size, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) fail("spec-too-large", tooLarge(path, maxBytes), path);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    const env = environmentError(error, "read", path);
    if (env) fail("spec-unreadable", env.message.replace(/^io-error: /, ""), path);
    throw error;
  } finally {
    await handle.close();
  }
}

function tooLarge(path: string, max: number): string {
  return `${JSON.stringify(path)} is larger than the limit of ${max} bytes (raise it with --max-spec-bytes)`;
}

/** The spec text from its bytes: UTF-8, with a leading byte-order mark dropped. */
export function decodeSpec(bytes: Buffer): string {
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
