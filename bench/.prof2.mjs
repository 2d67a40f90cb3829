import { readdirSync, readFileSync } from "node:fs";
import { layout } from "/work/main/dist/layout/layout.js";
const files = [];
for (const d of ["/tmp/g2/schemas", "/tmp/g2/internal"]) for (const f of readdirSync(d)) files.push([d + "/" + f, readFileSync(d + "/" + f, "utf8")]);
let t = performance.now();
for (const [p, text] of files) layout(text, p);
console.log(performance.now() - t);
