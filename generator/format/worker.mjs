// A formatting worker: receives { id, texts, options }, answers { id, results } with each text
// run through prettier, and { id, progress: true } after each text (for the progress line). Plain JavaScript so it starts without the TypeScript loader.
import { parentPort } from "node:worker_threads";
import * as prettier from "prettier";

parentPort.on("message", async ({ id, texts, options }) => {
  try {
    const results = [];
    for (const text of texts) {
      results.push(await prettier.format(text, options));
      parentPort.postMessage({ id, progress: true });
    }
    parentPort.postMessage({ id, results });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack ? error.stack : error) });
  }
});
