import { readFileSync } from "node:fs";
const { generate } = await import("/work/main/dist/index.js");
const text = readFileSync("/work/main/spec/stripe-2024-04-10.json", "utf8");
const t = performance.now();
const r = await generate({ spec: "stripe-2024-04-10.json", specText: text, all: true, format: false, cacheDir: false });
console.log(Math.round(performance.now() - t), r.timings);
