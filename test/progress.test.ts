/**
 * The progress line: drawn only on a terminal and not with --quiet, showing stage, done/total
 * and elapsed time, redrawn at most every interval (first, last and stage starts always), and
 * cleared before the summary. A fake terminal and a fake clock make it deterministic. Then the
 * end of a run: one summary line on a terminal, the full line-oriented report off one (no
 * control characters), and nothing at all with --quiet.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../generator/cli.ts";
import { TerminalProgress, terminalProgress, type Terminal } from "../generator/progress.ts";
import { summaryText } from "../generator/summary.ts";
import { ROOT } from "./support/generated.ts";

function fakeTerminal(isTTY: boolean): Terminal & { text: () => string; writes: string[] } {
  const writes: string[] = [];
  return { isTTY, columns: 60, writes, write: (t: string) => (writes.push(t), true), text: () => writes.join("") };
}

/** The status texts drawn, with the cursor/erase sequences taken out. */
function drawn(writes: readonly string[]): string[] {
  return writes.filter((w) => w.startsWith("specguard:"));
}

describe("terminalProgress", () => {
  test("none off a terminal, none with --quiet, one on a terminal", () => {
    expect(terminalProgress(fakeTerminal(false), false)).toBeUndefined();
    expect(terminalProgress(fakeTerminal(true), true)).toBeUndefined();
    expect(terminalProgress(fakeTerminal(true), false)).toBeInstanceOf(TerminalProgress);
  });
});

describe("TerminalProgress", () => {
  test("shows stage, done/total and elapsed; throttles; always draws stage starts and ends", () => {
    const term = fakeTerminal(true);
    let now = 1000;
    const p = new TerminalProgress(term, () => now, 100);
    p.update({ stage: "load", done: 0, total: 1 });
    now += 10;
    p.update({ stage: "emit", done: 0, total: 4 });
    now += 10;
    p.update({ stage: "emit", done: 1, total: 4 }); // within the interval: skipped
    now += 150;
    p.update({ stage: "emit", done: 2, total: 4 });
    now += 10;
    p.update({ stage: "emit", done: 4, total: 4 }); // the end of a stage: drawn
    expect(drawn(term.writes)).toEqual([
      "specguard: load · 0.0 s",
      "specguard: emit 0/4 · 0.0 s",
      "specguard: emit 2/4 · 0.2 s",
      "specguard: emit 4/4 · 0.2 s",
    ]);
    // Every redraw returns to column 0 and erases what is left of the old line.
    expect(term.writes.filter((w) => w === "\u001b[1G")).toHaveLength(4);
    expect(term.writes.filter((w) => w === "\u001b[0K")).toHaveLength(4);
  });

  test("clear erases the whole line once, and only if something was drawn", () => {
    const quietTerm = fakeTerminal(true);
    new TerminalProgress(quietTerm, () => 0).clear();
    expect(quietTerm.writes).toEqual([]);
    const term = fakeTerminal(true);
    const p = new TerminalProgress(term, () => 0);
    p.update({ stage: "format", done: 0, total: 9 });
    const before = term.writes.length;
    p.clear();
    p.clear();
    expect(term.writes.slice(before)).toEqual(["\u001b[1G", "\u001b[2K"]);
  });

  test("a line longer than the terminal is cut to fit", () => {
    const term = { ...fakeTerminal(true), columns: 20 };
    new TerminalProgress(term, () => 0).update({ stage: "a-very-long-stage-name", done: 1, total: 2 });
    expect(drawn(term.writes)[0]).toHaveLength(19);
  });
});

/** A spec with two schemas; `extra` adds a property (a type change) and one refused construct (a warning). */
function petSpec(extra = false): string {
  return [
    "openapi: 3.1.0",
    'info: { title: Pets, version: "1" }',
    "paths: {}",
    "components:",
    "  schemas:",
    "    pet:",
    "      type: object",
    "      required: [id]",
    "      properties:",
    "        id: { type: integer }",
    "        status: { type: string, enum: [available, sold] }",
    ...(extra ? ["        name: { type: string }", "    odd:", "      type: array", "      unevaluatedItems: false"] : []),
    "    tag:",
    "      type: object",
    "      properties:",
    "        label: { type: string }",
    "",
  ].join("\n");
}

/** Control characters but the line break: what must never reach a log. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f\u009b]/;

const SUMMARY_LINE = /^specguard: \d+ schemas → \S+ in \d+\.\d s \(\d+ files: [^\n]*\)$/;

describe("the end of a generate run (summary.ts)", () => {
  const changes = { added: ["a.ts", "b.ts"], changed: ["c.ts"], headerOnly: [], removed: [], unchanged: 7 };
  const base = { schemas: 2, out: "out", ms: 1234, timings: { load: 1, emit: 2 }, changes };

  test("on a terminal: one line, counts instead of file lists; the types block stands above it when types changed", () => {
    expect(summaryText({ ...base, since: "  types: no changes\n" }, true)).toBe("specguard: 2 schemas → out in 1.2 s (10 files: 2 added, 1 changed, 7 unchanged; no type changes)\n");
    expect(summaryText({ ...base, since: "  types: no earlier manifest with shapes to compare with\n" }, true)).toBe("specguard: 2 schemas → out in 1.2 s (10 files: 2 added, 1 changed, 7 unchanged)\n");
    const text = summaryText({ ...base, since: "  types changed since the last generation (P 1, same version):\n  + Pet.name\n" }, true);
    const lines = text.trimEnd().split("\n");
    expect(lines.slice(0, 2)).toEqual(["specguard: types changed since the last generation (P 1, same version):", "  + Pet.name"]);
    expect(lines.at(-1)).toMatch(SUMMARY_LINE);
    expect(lines.at(-1)).toContain("types changed (above)");
  });

  test("off a terminal: the full line-oriented report, file by file", () => {
    const text = summaryText({ ...base, since: "  types: no changes\n" }, false);
    expect(text).toBe(
      ["specguard: 2 schemas → out in 1234 ms (load 1 ms, emit 2 ms)", "  added 2:", "    a.ts", "    b.ts", "  changed 1:", "    c.ts", "  unchanged 7", "  types: no changes", ""].join("\n"),
    );
  });
});

describe("generate on a terminal, off one, and with --quiet", () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "specguard-progress-"));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });
  const args = (out: string, ...extra: string[]) => ["generate", "--spec", "pets.yaml", "--all", "--out", out, "--no-format", "--no-cache", ...extra];

  /** Runs the CLI in this process, with fake terminals for stdout and stderr. */
  async function onTerminal(argv: string[]) {
    const stdout = fakeTerminal(true);
    const stderr = fakeTerminal(true);
    const code = await main(argv, work, { stdout, stderr });
    return { code, stdout, stderr };
  }

  test("a terminal run draws progress on stderr, clears it, and ends with one summary line", async () => {
    await writeFile(join(work, "pets.yaml"), petSpec());
    const first = await onTerminal(args("tty-out"));
    expect(first.code).toBe(0);
    expect(drawn(first.stderr.writes).length).toBeGreaterThan(0);
    expect(drawn(first.stderr.writes).some((t) => /^specguard: emit \d+\/\d+ · \d+\.\d s$/.test(t))).toBe(true);
    // The last thing on stderr erases the status line: nothing of it stays under the summary.
    expect(first.stderr.writes.slice(-2)).toEqual(["\u001b[1G", "\u001b[2K"]);
    expect(first.stdout.text().split("\n")).toEqual([expect.stringMatching(SUMMARY_LINE), ""]);
    expect(first.stdout.text()).toContain("files: ");

    // A type change (and a warning): the types block, then still one summary line at the end.
    await writeFile(join(work, "pets.yaml"), petSpec(true));
    const second = await onTerminal(args("tty-out"));
    expect(second.code).toBe(0);
    const lines = second.stdout.text().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^specguard: types changed since the last generation/);
    expect(lines.at(-1)).toMatch(SUMMARY_LINE);
    expect(lines.filter((l) => SUMMARY_LINE.test(l))).toHaveLength(1);
    expect(second.stderr.text()).toContain("specguard: warning: unsupported:");
  });

  test("--quiet prints nothing on success, on a terminal (no progress, warnings or summary)", async () => {
    await writeFile(join(work, "pets.yaml"), petSpec(true));
    const run = await onTerminal(args("quiet-out", "--quiet"));
    expect(run.code).toBe(0);
    expect(run.stdout.writes).toEqual([]);
    expect(run.stderr.writes).toEqual([]);
    // It did generate.
    expect(await readFile(join(work, "quiet-out", "schemas", "pet.ts"), "utf8")).toContain("export interface Pet");
  });

  test("off a terminal (pipes): line-oriented output with no control characters; --quiet prints nothing", async () => {
    await writeFile(join(work, "pets.yaml"), petSpec(true));
    const piped = await cli(args("piped-out"), work);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toMatch(/^specguard: \d+ schemas → \S+ in \d+ ms \(/);
    expect(piped.stdout).toMatch(/\n {2}added \d+:\n {4}index\.ts\n/);
    expect(piped.stderr).toContain("specguard: warning: unsupported:");
    expect(CONTROL.test(piped.stdout + piped.stderr)).toBe(false);
    const quiet = await cli(args("piped-quiet", "--quiet"), work);
    expect(quiet).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test("the control-character check can fail: a terminal run's stderr has them", async () => {
    await writeFile(join(work, "pets.yaml"), petSpec());
    const run = await onTerminal(args("tty-control"));
    expect(CONTROL.test(run.stderr.text())).toBe(true);
  });
});

/** Runs bin/specguard.js with stdout and stderr piped (not terminals). */
function cli(argv: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/specguard.js"), ...argv], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}
