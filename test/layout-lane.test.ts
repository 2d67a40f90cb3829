/**
 * The layout lane (generator/layout/lane.ts): a second thread lays files out while the emitter
 * prints. Which thread printed a file must never show in the output, and a worker that fails
 * must cost only time.
 */
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { generate, type EmittedFile } from "../generator/index.ts";
import { LayoutLane } from "../generator/layout/lane.ts";
import { layout } from "../generator/layout/layout.ts";
import { SPEC } from "./support/generated.ts";

let text: string;
/** The session closure's files as the emitter prints them (not laid out). */
let raw: EmittedFile[];

beforeAll(async () => {
  text = await readFile(SPEC, "utf8");
  // Sixty files of the session closure: enough for both threads to take some, quick to load.
  const all = (await generate({ spec: "stripe-2024-04-10.json", specText: text, select: ["identity.verification_session"], format: false, cacheDir: false })).files;
  raw = all.filter((f) => f.format).slice(0, 60);
});

function expectedLayout(files: readonly EmittedFile[]): Map<string, string> {
  return new Map(
    files.map((f) => {
      const r = layout(f.content, f.path);
      if (!r.ok) throw new Error(`${f.path}: ${r.reason}`);
      return [f.path, r.text];
    }),
  );
}

const texts = (results: Awaited<ReturnType<LayoutLane["finish"]>>): Map<string, string> =>
  new Map([...results].map(([path, { result }]) => [path, result.ok ? result.text : `unsupported: ${result.reason}`]));

describe("layout lane", () => {
  it("the worker lays files out exactly as the main thread does", async () => {
    expect(raw.length).toBe(60);
    const lane = new LayoutLane(raw.length);
    for (const f of raw) lane.submit(f.path, f.content);
    // Nothing taken back by this thread: the worker prints every file.
    const results = await lane.finish(() => {}, false);
    expect([...results.values()].every((r) => r.worker)).toBe(true);
    expect(texts(results)).toEqual(expectedLayout(raw));
  });

  it("shared with this thread, every file is printed once and the same", async () => {
    const lane = new LayoutLane(raw.length);
    for (const f of raw) lane.submit(f.path, f.content);
    let counted = 0;
    const results = await lane.finish(() => counted++);
    expect(results.size).toBe(raw.length);
    expect(counted).toBe(raw.length);
    expect(texts(results)).toEqual(expectedLayout(raw));
  });

  it("a worker that fails or dies costs only time: this thread lays out what it left", async () => {
    const files = raw.slice(0, 12);
    const lane = new LayoutLane(files.length, new URL("./support/failing-worker.mjs", import.meta.url));
    for (const f of files) lane.submit(f.path, f.content);
    const results = await lane.finish(() => {}, false);
    expect([...results.values()].some((r) => r.worker)).toBe(false);
    expect(texts(results)).toEqual(expectedLayout(files));
  });

  it("files past the claim table's capacity are left to the caller", async () => {
    const lane = new LayoutLane(3);
    for (const f of raw.slice(0, 5)) lane.submit(f.path, f.content);
    const results = await lane.finish();
    expect([...results.keys()]).toEqual(raw.slice(0, 3).map((f) => f.path));
  });

  it("generate gives byte-identical files with and without the lane", async () => {
    const fixture = new URL("./fixtures/specs/verification-session.yaml", import.meta.url);
    const options = { spec: "verification-session.yaml", specText: await readFile(fixture, "utf8"), all: true, cacheDir: false } as const;
    const withLane = await generate({ ...options, layoutLane: { threshold: 1 } });
    const without = await generate({ ...options, layoutLane: false });
    expect(without.format?.laidOut).toBeGreaterThan(5);
    expect(withLane.format?.laidOut).toBe(without.format?.laidOut);
    expect(without.format?.onWorker).toBe(0);
    // How the files split between the threads depends on timing; that the worker started and
    // answered is checked above with `share: false`. Here: the output is the same.
    expect(new Map(withLane.files.map((f) => [f.path, f.content]))).toEqual(new Map(without.files.map((f) => [f.path, f.content])));
  });
});
