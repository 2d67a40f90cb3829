// A layout worker that claims every file it is handed and dies on the third (test/layout-lane.test.ts):
// the lane must lay out on the main thread whatever it claimed and never answered.
import { parentPort, workerData } from "node:worker_threads";

const claims = new Int32Array(workerData.claims);
let seen = 0;
parentPort.on("message", ({ slot }) => {
  if (Atomics.compareExchange(claims, slot, 0, 1) !== 0) return;
  if (++seen === 3) process.exit(1);
  parentPort.postMessage({ slot, failed: true });
});
