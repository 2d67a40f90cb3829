import { readdirSync, readFileSync } from "node:fs";
import { layout } from "/work/main/dist/layout/layout.js";
import { ts } from "/work/main/dist/ts-morph.js";
const dirs = ["/tmp/g2/schemas", "/tmp/g2/internal"];
const files = [];
for (const d of dirs) for (const f of readdirSync(d)) files.push([d + "/" + f, readFileSync(d + "/" + f, "utf8")]);
for (const round of [1,2]) {
let t = performance.now();
for (const [p, text] of files) ts.createSourceFile(p, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, ts.ScriptKind.TS);
const parse = performance.now() - t;
t = performance.now();
let pub = 0, int = 0;
for (const [p, text] of files) { const t0 = performance.now(); layout(text, p); const dt = performance.now() - t0; if (p.includes("internal")) int += dt; else pub += dt; }
console.log({ parse: parse|0, layoutPublic: pub|0, layoutInternal: int|0 });
}
