/**
 * Prettier is the judge of the output's layout: every committed file must already be what
 * prettier makes of it, whatever path (cache, worker threads, header attached afterwards)
 * produced it. And the incremental fast path must never call stale output current.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { formatTexts, PRETTIER_OPTIONS } from "../generator/format/format.ts";
import { ROOT } from "./support/generated.ts";

const run = promisify(execFile);

async function generatedFiles(): Promise<string[]> {
  const entries = await readdir(join(ROOT, "generated"), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => join(e.parentPath, e.name)).sort();
}

describe("prettier is the judge", () => {
  it("every committed generated file is a fixed point of prettier", async () => {
    const files = await generatedFiles();
    expect(files.length).toBeGreaterThan(700);
    const unstable: string[] = [];
    // A spread of files (every 7th, plus the headline module) keeps this under a few seconds.
    const sample = files.filter((f, i) => i % 7 === 0 || f.endsWith("identity.verification_session.ts"));
    for (const file of sample) {
      const text = await readFile(file, "utf8");
      if ((await prettier.format(text, PRETTIER_OPTIONS)) !== text) unstable.push(file);
    }
    expect(unstable).toEqual([]);
  });

  it("worker threads format exactly as the main thread does", async () => {
    const files = (await generatedFiles()).slice(0, 60);
    const texts = await Promise.all(files.map(async (f) => (await readFile(f, "utf8")).replace(/\n\n/g, "\n")));
    // Enough text for two workers (one per 400,000 characters, format.ts), so they really run;
    // once is enough (three copies took 26 s of the suite on a busy machine).
    const big = texts;
    expect(big.reduce((n, t) => n + t.length, 0)).toBeGreaterThan(800_000);
    const parallel = await formatTexts(big);
    const serial = await Promise.all(big.map((t) => prettier.format(t, PRETTIER_OPTIONS)));
    expect(parallel).toEqual(serial);
  });
});

describe("incremental runs", () => {
  const cli = (cwd: string, ...args: string[]) =>
    run(process.execPath, [join(ROOT, "bin/specguard.js"), "generate", "--spec", "spec.yaml", "--select", "widget", "--out", "out", "--cache-dir", "cache", ...args], { cwd });

  it("skips the pipeline only while inputs and files are unchanged", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specguard-incr-"));
    await cp(join(ROOT, "test/fixtures/incremental/spec.yaml"), join(dir, "spec.yaml"));
    const first = await cli(dir);
    expect(first.stdout).toContain("added");
    const second = await cli(dir);
    expect(second.stdout).toContain("up to date (inputs unchanged");

    // An edited output file is noticed and repaired.
    const widget = join(dir, "out/schemas/widget.ts");
    const original = await readFile(widget, "utf8");
    await writeFile(widget, original + "// edited\n");
    const third = await cli(dir);
    expect(third.stdout).toContain("schemas/widget.ts");
    expect(await readFile(widget, "utf8")).toBe(original);

    // A spec change to one schema rewrites that module and the manifest, nothing else (headers
    // do not carry the spec's checksum).
    const spec = await readFile(join(dir, "spec.yaml"), "utf8");
    await writeFile(join(dir, "spec.yaml"), spec.replace("A widget.", "A widget, changed."));
    const fourth = await cli(dir);
    expect(fourth.stdout).toMatch(/changed 2:\n\s+manifest\.json\n\s+schemas\/widget\.ts/);
    expect(fourth.stdout).not.toContain("changed only in the header");
    expect(fourth.stdout).toContain("unchanged 6"); // index, both runtimes, part (both files), the widget's internal file
    expect(await readFile(widget, "utf8")).toContain("A widget, changed.");
  });
});
