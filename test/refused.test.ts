/**
 * Refused out loud: a construct specguard does not implement is a warning naming its JSON
 * pointer and line:column, on every run; under `strict` (`--strict`) it is an error (exit 2,
 * nothing written). The pinned Stripe spec has none.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SpecError } from "../generator/errors.ts";
import { generate } from "../generator/index.ts";
import { loadFile } from "../generator/load/load.ts";
import { buildModel } from "../generator/model/index.ts";
import { REFUSED } from "../generator/model/refused.ts";
import { resolve } from "../generator/resolve/resolve.ts";
import { loadGenerated, ROOT, SPEC, writeScratch } from "./support/generated.ts";

const YAML = `openapi: 3.1.0
info: { title: Refused, version: "1" }
paths: {}
components:
  schemas:
    a:
      type: object
      properties:
        id: { type: string }
      unevaluatedProperties: false
    b:
      type: array
      unevaluatedItems: false
    c:
      type: object
      discriminator: { propertyName: kind }
      properties:
        kind: { type: string }
    d:
      type: array
      items: [{ type: string }]
`;

const inline = (strict = false) => generate({ spec: "refused.yaml", specText: YAML, all: true, format: false, cacheDir: false, strict });

describe("warnings", () => {
  test("each refused construct: code, message, pointer and line:column", async () => {
    const { model } = await inline();
    expect(model.warnings.map((w) => [w.code, w.pointer, w.line, w.column])).toEqual([
      ["unsupported", "/components/schemas/a/unevaluatedProperties", 10, 30],
      ["unsupported", "/components/schemas/b/unevaluatedItems", 13, 25],
      ["unsupported", "/components/schemas/c/discriminator", 16, 22],
      ["unsupported", "/components/schemas/d/items", 21, 14],
    ]);
    expect(model.warnings[0]!.message).toMatch(/unevaluatedProperties.*not supported/);
    expect(model.warnings[2]!.message).toMatch(/discriminator.*without .oneOf/);
  });

  test("strict: the same constructs fail the run, all of them reported", async () => {
    const error = await inline(true).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems).toHaveLength(4);
    expect((error as SpecError).message).toContain("at #/components/schemas/a/unevaluatedProperties (refused.yaml:10:30)");
  });

  test("every refused keyword is warned where it appears", async () => {
    for (const key of Object.keys(REFUSED)) {
      const doc = { openapi: "3.1.0", info: { title: "k", version: "1" }, paths: {}, components: { schemas: { s: { type: "object", [key]: {} } } } };
      const { model } = await generate({ spec: "k.json", specText: JSON.stringify(doc), all: true, format: false, cacheDir: false });
      expect(model.warnings.map((w) => w.pointer), key).toEqual([`/components/schemas/s/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`]);
    }
  });

  test("3.0: keywords JSON Schema added after draft-07 are ignored out loud (3.1 reads them)", async () => {
    const schemas = { t: { type: "array", prefixItems: [{ type: "string" }], items: { type: "integer" } }, d: { type: "object", properties: { a: {}, b: {} }, dependentRequired: { a: ["b"] } } };
    const run = async (openapi: string) => {
      const doc = { openapi, info: { title: "l", version: "1" }, paths: {}, components: { schemas } };
      const { model, files } = await generate({ spec: "l.json", specText: JSON.stringify(doc), all: true, format: false, cacheDir: false });
      return { pointers: model.warnings.map((w) => w.pointer), t: files.find((f) => f.path === "schemas/t.ts")!.content };
    };
    const v30 = await run("3.0.3");
    expect(v30.pointers).toEqual(["/components/schemas/d/dependentRequired", "/components/schemas/t/prefixItems"]);
    expect(v30.t).toMatch(/export type T = number\[\];/);
    const v31 = await run("3.1.0");
    expect(v31.pointers).toEqual([]);
    expect(v31.t).not.toMatch(/export type T = number\[\];/);
  });

  test("an empty anyOf/oneOf/allOf is read as written, out loud; 3.0's boolean exclusive bound in a 3.1 spec is ignored, out loud (both were silent)", async () => {
    const schemas = { none: { anyOf: [] }, one: { oneOf: [] }, all: { type: "string", allOf: [] }, n: { type: "number", minimum: 1, exclusiveMinimum: true } };
    const doc = { openapi: "3.1.0", info: { title: "e", version: "1" }, paths: {}, components: { schemas } };
    const { model, files } = await generate({ spec: "e.json", specText: JSON.stringify(doc), all: true, format: false, cacheDir: false });
    expect(model.warnings.map((w) => [w.code, w.pointer])).toEqual([
      ["schema-invalid", "/components/schemas/all/allOf"],
      ["schema-invalid", "/components/schemas/n/exclusiveMinimum"],
      ["schema-invalid", "/components/schemas/none/anyOf"],
      ["schema-invalid", "/components/schemas/one/oneOf"],
    ]);
    const text = (id: string) => files.find((f) => f.path === `schemas/${id}.ts`)!.content;
    expect(text("none")).toMatch(/export type None = never;/);
    expect(text("all")).toMatch(/export type All = string;/);
    const api = await loadGenerated(await writeScratch("refused-empty-lists", files));
    expect((api["isN"] as (v: unknown) => boolean)(1)).toBe(true);
  });

  test("a keyword whose value is of the wrong kind is ignored out loud, at its pointer; strict refuses it", async () => {
    const yaml = ["openapi: 3.1.0", "info: { title: M, version: '1' }", "paths: {}", "components:", "  schemas:", "    codes:", "      type: object", "      required: [200, a]", "      properties:", "        a: { type: string, maxLength: '3' }", "    inf:", "      enum: [.inf, 1]", ""].join("\n");
    const run = (strict: boolean) => generate({ spec: "m.yaml", specText: yaml, all: true, format: false, cacheDir: false, enums: "closed", strict });
    const { model, files } = await run(false);
    expect(model.warnings.map((w) => [w.code, w.pointer, w.line, w.column])).toEqual([
      ["schema-invalid", "/components/schemas/codes/required", 8, 17],
      ["schema-invalid", "/components/schemas/codes/properties/a/maxLength", 10, 39],
      ["schema-invalid", "/components/schemas/inf/enum/0", 12, 14],
    ]);
    expect(model.warnings[0]!.message).toBe("`required` must be a list of property names (strings) (found [200,\"a\"]): ignored");
    // Ignored means ignored, not half-read: no length rule, and the Infinity is no `null`.
    const inf = files.find((f) => f.path === "schemas/inf.ts")!.content;
    expect(inf).toMatch(/export type Inf = 1;/);
    const error = await run(true).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems).toHaveLength(3);
  });

  test("a value that is no schema where a schema belongs stays an error at its own pointer, not a warning", async () => {
    const doc = {
      openapi: "3.1.0",
      info: { title: "n", version: "1" },
      paths: {},
      components: { schemas: { n1: { not: 1 }, p1: { type: "object", properties: { a: null } }, a1: { allOf: [{ type: "string" }, 5] }, i1: { type: "array", items: 3 } } },
    };
    const error = await generate({ spec: "n.json", specText: JSON.stringify(doc), all: true, format: false, cacheDir: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems.map((p) => [p.code, p.pointer])).toEqual([
      ["schema-invalid", "/components/schemas/a1/allOf/1"],
      ["schema-invalid", "/components/schemas/i1/items"],
      ["schema-invalid", "/components/schemas/n1/not"],
      ["schema-invalid", "/components/schemas/p1/properties/a"],
    ]);
  });

  test("object keywords without type: object (properties, or additionalProperties alone) are read as an object, out loud", async () => {
    const doc = {
      openapi: "3.0.3",
      info: { title: "u", version: "1" },
      paths: {},
      components: {
        schemas: {
          props: { properties: { a: { type: "string" } } },
          extra: { additionalProperties: { type: "string" } },
          // Beside an object, union members only ever see objects: nothing to say there.
          beside: { type: "object", properties: { k: { type: "string" } }, oneOf: [{ additionalProperties: { type: "string" } }, { required: ["k"] }] },
        },
      },
    };
    const result = await generate({ spec: "u.json", specText: JSON.stringify(doc), all: true, format: false, cacheDir: false });
    expect(result.model.warnings.map((w) => [w.pointer, w.message.split(": typed")[0]])).toEqual([
      ["/components/schemas/extra", "`additionalProperties` without `type: object`"],
      ["/components/schemas/props", "object keywords without `type: object`"],
    ]);
  });

  test("the pinned Stripe spec has nothing refused", async () => {
    const loaded = await loadFile(SPEC);
    const model = buildModel(resolve(loaded, { select: [], all: true }), { enums: "open" });
    expect(model.warnings).toEqual([]);
  });
});

describe("CLI", () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "specguard-refused-"));
    await writeFile(join(work, "refused.yaml"), YAML);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const run = (args: string[], cache: string[] = ["--no-cache"]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(process.execPath, [join(ROOT, "bin/specguard.js"), "generate", "--spec", "refused.yaml", "--all", "--no-format", ...cache, ...args], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", fail);
      child.on("close", (code) => done({ code, stdout, stderr }));
    });

  test("warnings go to stderr with their location; the run succeeds", async () => {
    const { code, stderr } = await run(["--out", "out"]);
    expect(code).toBe(0);
    expect(stderr).toContain("specguard: warning: unsupported: `unevaluatedProperties` is not supported");
    expect(stderr).toMatch(/at #\/components\/schemas\/b\/unevaluatedItems \(\S*refused\.yaml:13:25\)/);
    expect(stderr.match(/warning:/g)).toHaveLength(4);
  });

  test("an up-to-date run that skips the pipeline still says every warning", async () => {
    const cache = ["--cache-dir", join(work, "cache")];
    const first = await run(["--out", "cached-out"], cache);
    expect(first.code).toBe(0);
    const second = await run(["--out", "cached-out"], cache);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/is up to date \(inputs unchanged/);
    expect(second.stderr.match(/warning:/g)).toHaveLength(4);
    expect(second.stderr).toMatch(/at #\/components\/schemas\/b\/unevaluatedItems \(\S*refused\.yaml:13:25\)/);
  });

  test("--strict: exit 2 and nothing written", async () => {
    const { code, stderr } = await run(["--out", "strict-out", "--strict"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unsupported: `unevaluatedProperties` is not supported");
    expect(await readdir(work)).not.toContain("strict-out");
  });
});
