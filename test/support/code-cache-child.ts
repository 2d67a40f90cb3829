/**
 * Child process of code-cache.test.ts: installs the code cache from argv[2], loads ts-morph (an
 * import, as the generator does), prints a tiny interface and parses a statement with it, and
 * prints one JSON line: the cache's events and what ts-morph produced.
 */
import { useCodeCache } from "../../generator/code-cache.ts";

const events: string[] = [];
useCodeCache(process.argv[2]!, (event, file) => events.push(`${event} ${file.slice(file.lastIndexOf("/") + 1)}`));
const { printStructure, StructureKind, ts } = await import("ts-morph");
const printed = printStructure({ kind: StructureKind.SourceFile, statements: [{ kind: StructureKind.Interface, name: "A", properties: [{ name: "a", type: "string" }] }] }, {});
const parsed = ts.createSourceFile("a.ts", "const x: number = 1 + 2;", ts.ScriptTarget.Latest, true).statements[0]!.getText();
process.stdout.write(JSON.stringify({ events, printed, parsed }) + "\n");
