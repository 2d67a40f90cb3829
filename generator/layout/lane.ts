/**
 * A second core for the layout engine on large runs. On a cold whole-spec run the engine is the
 * longest stage (~3.9 s of ~7.4 s for Stripe's 1,962 files) and the emitter the second (~1.5 s),
 * both on the main thread. The lane starts a worker before the emitter runs (it loads the engine
 * meanwhile), hands it each file as it is printed, and after the emitter is done the main thread
 * takes the files the worker has not started, from the other end of the queue: a shared claim
 * table (one Int32 per file, claimed by compare-and-swap) decides who lays out each file, so
 * both threads stay busy to the end and no file is laid out twice. The engine is a pure function
 * of a file's text, so which thread printed a file never shows in the output.
 */
import { Worker } from "node:worker_threads";
import { layout, type LayoutResult } from "./layout.ts";

/** Each handed file's result by path, with the text it is for and whether the worker printed it. */
export type LaneResults = Map<string, { readonly text: string; readonly result: LayoutResult; readonly worker: boolean }>;

const FREE = 0;
const MAIN = 2;

export class LayoutLane {
  private readonly worker: Worker;
  private readonly claims: Int32Array;
  private readonly queued: { path: string; text: string }[] = [];
  private readonly results = new Map<number, LayoutResult>();
  /** Slots the worker laid out. */
  private readonly byWorker = new Set<number>();
  /** Slots the worker answered: laid out, or failed (an engine error, laid out again here). */
  private answered = 0;
  private failure: unknown;
  private wake: (() => void) | undefined;

  /**
   * Starts the worker: it loads the engine while the emitter prints. `capacity`: most files
   * handed; `script`: the worker's module (tests give one that fails); `codeCache`: the code
   * cache folder the worker compiles TypeScript's compiler from (code-cache.ts), if any.
   */
  constructor(capacity: number, script: URL = new URL("./worker.mjs", import.meta.url), codeCache?: string) {
    const buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * capacity);
    this.claims = new Int32Array(buffer);
    this.worker = new Worker(script, { workerData: { claims: buffer, codeCache } });
    this.worker.on("message", (message: { slot: number; result?: LayoutResult }) => {
      if (message.result !== undefined) {
        this.results.set(message.slot, message.result);
        this.byWorker.add(message.slot);
      }
      this.answered++;
      this.wake?.();
    });
    this.worker.on("error", (error) => {
      this.failure = error;
      this.wake?.();
    });
    this.worker.on("exit", () => {
      this.failure ??= new Error("the layout worker exited");
      this.wake?.();
    });
  }

  /** The emitter printed a file: handed to the worker (past the table's capacity, left to `formatFiles`). */
  submit(path: string, text: string): void {
    const slot = this.queued.length;
    if (slot >= this.claims.length) return;
    this.queued.push({ path, text });
    this.worker.postMessage({ slot, path, text });
  }

  private redo(slot: number): void {
    const { path, text } = this.queued[slot]!;
    this.results.set(slot, layout(text, path));
  }

  /**
   * Lays out, on this thread, every handed file the worker has not claimed (last first), waits for
   * the worker's, and returns every handed file's result by path (with the text it was for).
   * A worker that fails or exits early costs only time: its unfinished files are laid out here.
   * `share: false` leaves every file to the worker (tests, to see it do the work).
   */
  async finish(onFile: () => void = () => {}, share = true): Promise<LaneResults> {
    const out: LaneResults = new Map();
    const claims = this.claims;
    try {
      let own = 0;
      for (let slot = this.queued.length - 1; share && slot >= 0; slot--) {
        if (Atomics.compareExchange(claims, slot, FREE, MAIN) !== FREE) continue;
        this.redo(slot);
        own++;
        onFile();
      }
      let reported = 0;
      while (own + this.answered < this.queued.length && this.failure === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        for (; reported < this.answered; reported++) onFile();
      }
    } finally {
      this.close();
    }
    // What the worker could not lay out, and (if it died) whatever it claimed and never answered.
    for (let slot = 0; slot < this.queued.length; slot++) if (!this.results.has(slot)) this.redo(slot);
    this.queued.forEach(({ path, text }, slot) => out.set(path, { text, result: this.results.get(slot)!, worker: this.byWorker.has(slot) }));
    return out;
  }

  /** Stops the worker (also when the run failed before `finish`). */
  close(): void {
    this.worker.removeAllListeners("exit");
    void this.worker.terminate();
  }
}
