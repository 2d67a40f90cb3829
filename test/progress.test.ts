/**
 * The progress line: drawn only on a terminal and not with --quiet, showing stage, done/total
 * and elapsed time, redrawn at most every interval (first, last and stage starts always), and
 * cleared before the summary. A fake terminal and a fake clock make it deterministic.
 */
import { describe, expect, test } from "vitest";
import { TerminalProgress, terminalProgress, type Terminal } from "../generator/progress.ts";

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
