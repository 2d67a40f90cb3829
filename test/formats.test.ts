/**
 * The `formats` option: off by default (format is an annotation in OpenAPI and JSON Schema, and
 * real servers are looser than the RFCs), on request the guards check the common formats.
 * Given/want per format; unknown formats (Stripe's `unix-time`, `decimal`) are never checked.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadGenerated, writeScratch } from "./support/generated.ts";
import { generateInline, specWith } from "./support/inline.ts";

const TABLE: Record<string, { valid: string[]; invalid: string[] }> = {
  "date-time": { valid: ["2024-04-10T12:00:00Z", "2024-02-29T23:59:60.5+05:30", "2024-04-10 12:00:00z"], invalid: ["2024-04-10", "2024-04-10T12:00:00", "2023-02-29T00:00:00Z", "2024-04-10T24:00:00Z"] },
  date: { valid: ["2024-02-29", "1999-12-31"], invalid: ["2023-02-29", "2024-13-01", "2024-4-1", "20240410"] },
  time: { valid: ["12:00:00Z", "23:59:59.123-08:00"], invalid: ["12:00:00", "25:00:00Z", "12:60:00Z"] },
  email: { valid: ["a@b.co", "first.last+tag@example.org"], invalid: ["a@", "@b.co", "a b@c.d", "a@b..c"] },
  uuid: { valid: ["123e4567-e89b-12d3-a456-426614174000", "urn:uuid:123E4567-E89B-12D3-A456-426614174000"], invalid: ["123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g"] },
  uri: { valid: ["https://example.com/a?b#c", "urn:isbn:0451450523", "mailto:a@b.c"], invalid: ["/relative/path", "no scheme", "1http://x"] },
  ipv4: { valid: ["127.0.0.1", "255.255.255.255"], invalid: ["256.0.0.1", "1.2.3", "01.2.3.4"] },
  ipv6: { valid: ["::1", "::", "2001:db8::ff00:42:8329", "::ffff:192.0.2.128", "1:2:3:4:5:6:7:8"], invalid: ["1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::ffff:999.0.2.128", "1:2:3:4:5:6:7"] },
};

const schemas = Object.fromEntries(Object.keys(TABLE).map((f) => [`f_${f.replace("-", "_")}`, { type: "string", format: f }]));
const guards = new Map<string, (v: unknown) => boolean>();

async function build(name: string, formats: boolean): Promise<Record<string, unknown>> {
  const result = await generateInline(specWith({ ...schemas, f_unix: { type: "string", format: "unix-time" } }), { formats, enums: "closed" });
  const dir = await writeScratch(name, result.files);
  return loadGenerated(dir);
}

let off: Record<string, unknown>;
let on: Record<string, unknown>;
beforeAll(async () => {
  on = await build("formats-on", true);
  off = await build("formats-off", false);
  for (const f of Object.keys(TABLE)) {
    const type = f.split("-").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
    guards.set(f, on[`isF${type}`] as (v: unknown) => boolean);
  }
});

describe("formats option", () => {
  it.each(Object.keys(TABLE))("%s", (f) => {
    const is = guards.get(f)!;
    expect(TABLE[f]!.valid.filter((v) => !is(v)), "valid rejected").toEqual([]);
    expect(TABLE[f]!.invalid.filter((v) => is(v)), "invalid accepted").toEqual([]);
    expect(is(1)).toBe(false);
  });

  it("off by default: any string passes", () => {
    for (const f of Object.keys(TABLE)) {
      const type = f.split("-").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
      for (const v of TABLE[f]!.invalid) expect((off[`isF${type}`] as (v: unknown) => boolean)(v)).toBe(true);
    }
  });

  it("issues name the format", () => {
    const validate = on["validateFDate"] as (v: unknown) => { ok: boolean; issues: { expected: string }[] };
    expect(validate("2023-02-29")).toMatchObject({ ok: false, issues: [{ expected: "string in date format" }] });
  });
});

describe("formats option: a format beside listed values, or without a type", () => {
  const spec = specWith({
    Untyped: { format: "email" },
    UuidEnum: { type: "string", format: "uuid", enum: ["not-a-uuid", "123e4567-e89b-12d3-a456-426614174000"] },
    Holder: {
      type: "object",
      properties: {
        e: { type: "string", enum: ["a", "a@b.co"], format: "email" },
        c: { const: "zz", format: "date" },
      },
    },
  });
  let api: { on: Record<string, unknown>; off: Record<string, unknown> };
  const is = (side: Record<string, unknown>, name: string) => side[`is${name}`] as (v: unknown) => boolean;
  beforeAll(async () => {
    const load = async (formats: boolean) => loadGenerated(await writeScratch(`formats-listed-${formats}`, (await generateInline(spec, { formats, enums: "closed" })).files));
    api = { on: await load(true), off: await load(false) };
  });

  it("a format without `type` checks strings only (any other kind passes, as in JSON Schema)", () => {
    expect([is(api.on, "Untyped")("x"), is(api.on, "Untyped")("a@b.co"), is(api.on, "Untyped")(5), is(api.on, "Untyped")(null)]).toEqual([false, true, true, true]);
    expect(is(api.off, "Untyped")("x")).toBe(true);
  });

  it("a listed value that breaks its format is rejected, with the format named", () => {
    expect([is(api.on, "UuidEnum")("not-a-uuid"), is(api.on, "UuidEnum")("123e4567-e89b-12d3-a456-426614174000")]).toEqual([false, true]);
    expect(is(api.off, "UuidEnum")("not-a-uuid")).toBe(true);
    expect((api.on["validateUuidEnum"] as (v: unknown) => unknown)("not-a-uuid")).toMatchObject({ ok: false, issues: [{ path: "", expected: "string in uuid format" }] });
    expect([is(api.on, "Holder")({ e: "a" }), is(api.on, "Holder")({ e: "a@b.co" }), is(api.on, "Holder")({ c: "zz" })]).toEqual([false, true, false]);
    expect((api.on["validateHolder"] as (v: unknown) => unknown)({ e: "a" })).toMatchObject({ ok: false, issues: [{ path: "/e", expected: "string in email format" }] });
  });
});
