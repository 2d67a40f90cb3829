// The layout lane's worker thread (generator/layout/lane.ts). It receives { slot, path, text } as
// the emitter prints each file, claims the slot in the shared claim table (the main thread claims
// from the other end once it has emitted everything), lays the file out, and answers
// { slot, result }. Plain JavaScript so it starts without a loader: in the package it imports
// the compiled layout.js beside it; in specguard's own checkout (TypeScript only), through tsx.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parentPort, workerData } from "node:worker_threads";

const compiled = new URL("./layout.js", import.meta.url);
const isCompiled = existsSync(fileURLToPath(compiled));
if (!isCompiled) {
  const { register } = await import("tsx/esm/api");
  register();
}
// The code cache is installed before the engine's import loads TypeScript's compiler.
if (workerData.codeCache !== undefined) {
  const { useCodeCache } = await import(new URL(isCompiled ? "../code-cache.js" : "../code-cache.ts", import.meta.url).href);
  useCodeCache(workerData.codeCache);
}
const { layout } = await import(new URL(isCompiled ? "./layout.js" : "./layout.ts", import.meta.url).href);

const claims = new Int32Array(workerData.claims);
parentPort.on("message", ({ slot, path, text }) => {
  // 0: free, 1: this worker's, 2: the main thread's.
  if (Atomics.compareExchange(claims, slot, 0, 1) !== 0) return;
  try {
    parentPort.postMessage({ slot, result: layout(text, path) });
  } catch {
    // An engine bug: the main thread lays the file out again itself, where the error surfaces
    // as it would without the lane.
    parentPort.postMessage({ slot, failed: true });
  }
});

