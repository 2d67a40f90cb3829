/**
 * Progress of a long run, for a terminal: one status line on stderr (stage, items done/total,
 * elapsed), redrawn at most every 100 ms and cleared before the summary. The terminal work is
 * Node's own `readline.cursorTo`/`clearLine` (no hand-written escape codes, no dependency).
 * Anywhere else (a pipe, CI, a file) nothing is drawn: output stays line-oriented.
 */
import { clearLine, cursorTo } from "node:readline";

export interface ProgressEvent {
  /** load, resolve, model, emit, format, js */
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

export type OnProgress = (event: ProgressEvent) => void;

/** What the reporter draws on: a stream with a terminal's width (a `tty.WriteStream`). */
export interface Terminal {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): boolean;
}

export class TerminalProgress {
  private readonly started: number;
  private last = -Infinity;
  private drawn = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly now: () => number = () => performance.now(),
    private readonly interval = 100,
  ) {
    this.started = now();
  }

  readonly update: OnProgress = (event) => {
    const t = this.now();
    if (t - this.last < this.interval && event.done !== 0 && event.done !== event.total) return;
    this.last = t;
    const seconds = ((t - this.started) / 1000).toFixed(1);
    const count = event.total > 1 ? ` ${event.done}/${event.total}` : "";
    const text = `specguard: ${event.stage}${count} · ${seconds} s`;
    const columns = this.terminal.columns ?? 0;
    const width = columns >= 20 ? columns - 1 : 79; // a pseudo-terminal may report 0 columns
    cursorTo(this.terminal as NodeJS.WritableStream, 0);
    this.terminal.write(text.length > width ? text.slice(0, width) : text);
    clearLine(this.terminal as NodeJS.WritableStream, 1);
    this.drawn = true;
  };

  /** Removes the status line (before the summary, or an error, is printed). */
  clear(): void {
    if (!this.drawn) return;
    cursorTo(this.terminal as NodeJS.WritableStream, 0);
    clearLine(this.terminal as NodeJS.WritableStream, 0);
    this.drawn = false;
  }
}

/** A reporter when `stream` is a terminal and the run is not quiet; otherwise none. */
export function terminalProgress(stream: Terminal, quiet: boolean): TerminalProgress | undefined {
  return stream.isTTY === true && !quiet ? new TerminalProgress(stream) : undefined;
}
