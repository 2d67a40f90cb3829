/**
 * Two spec shapes → the list of changes, each classified by the rule table. Schemas are matched
 * by id and declarations by their pointer inside the schema, so a change is reported where it
 * happened (a hoisted enum's new value on the enum, not as a type change of every user).
 */
import type { EnumMode } from "../config.ts";
import * as ptr from "../pointer.ts";
import { ordinal } from "../resolve/resolve.ts";
import { direction, DIRECTION_RULE, rule, type ChangeKind, type Direction, type RuleId, type Severity } from "./rules.ts";
import { own, record, schemaPointer, type DeclShape, type PropertyShape, type SchemaShape, type SpecShape, type ValueShape } from "./shape.ts";

export interface Change {
  /** Component schema id. */
  readonly schema: string;
  /** The generated type the change is in (the newer name, the older one for removals). */
  readonly type: string;
  /** Wire name; a dotted path for properties of inline objects; absent for schema-level changes. */
  readonly property?: string;
  readonly change: ChangeKind;
  /** Enum changes: the value added or removed. */
  readonly value?: string;
  readonly severity: Severity;
  /** The rule that decided the severity (see rules.ts). */
  readonly rule: RuleId;
  /** JSON pointer in the newer spec, or in the older one for removals. */
  readonly pointer: string;
  readonly message: string;
  /** Constraint changes: which one, and which way it moved. */
  readonly constraint?: string;
  readonly direction?: Direction;
  /** The type text or constraint value before and after, where that says more than the message. */
  readonly from?: string | number | boolean;
  readonly to?: string | number | boolean;
}

export interface CompareOptions {
  readonly enums: EnumMode;
  readonly strictObjects: boolean;
}

type Draft = Omit<Change, "severity" | "rule" | "schema">;

export function compareShapes(older: SpecShape, newer: SpecShape, options: CompareOptions): Change[] {
  const changes: Change[] = [];
  const [before, after] = [aliasTargets(older), aliasTargets(newer)];
  const read = { older: aliasReader(before), newer: aliasReader(after) };
  const canon: Canon = { ...read, ...sameStructure(older, newer, read, options.strictObjects) };
  const ids = [...new Set([...Object.keys(older.schemas), ...Object.keys(newer.schemas)])].sort(ordinal);
  const moved = movedNames(older, newer);
  for (const schema of ids) {
    const add = (id: RuleId, draft: Draft): void => {
      changes.push({ schema, ...draft, severity: rule(id).severity[options.enums], rule: id });
    };
    const o = own(older.schemas, schema);
    const n = own(newer.schemas, schema);
    const at = "#" + schemaPointer(schema);
    if (!o && n) add("schema-added", { type: n.type, change: "schema-added", pointer: at, message: `new schema ${schema} (${n.type})` });
    else if (o && !n) add("schema-removed", { type: o.type, change: "schema-removed", pointer: at, message: `schema ${schema} (${o.type}) is gone` });
    // A schema whose shape is equal has no change (the same type texts are the same types): the
    // usual case of a regeneration, where one schema in a thousand changed, skips the walk. Not
    // when it names a type another schema declares now (`foo_bar` gone, `FooBar` new, both
    // generated as `FooBar`): the same text may be another type.
    else if (o && n && (!equalJson(o, n) || namesAny(o, moved))) compareSchema(schema, o, n, { ...options, canon }, add);
  }
  return changes;
}

/** Type names declared on both sides by different schemas (a rare spec update has any). */
function movedNames(older: SpecShape, newer: SpecShape): ReadonlySet<string> {
  const place = new Map<string, string>();
  for (const [id, schema] of Object.entries(older.schemas)) for (const decl of Object.values(schema.decls)) place.set(decl.name, id);
  const moved = new Set<string>();
  for (const [id, schema] of Object.entries(newer.schemas)) {
    for (const decl of Object.values(schema.decls)) {
      const was = place.get(decl.name);
      if (was !== undefined && was !== id) moved.add(decl.name);
    }
  }
  return moved;
}

/** Whether a schema's shape mentions any of `names` (as a name token in its JSON text). */
function namesAny(shape: SchemaShape, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  for (const token of JSON.stringify(shape).match(/[A-Za-z_$][\w$]*/g) ?? []) if (names.has(token)) return true;
  return false;
}

/**
 * Each side's plain aliases (a component that is only another's type, `AliasUser = User`) read
 * through to what they name: a property switching from `$ref alias_user` to `$ref user` keeps
 * its type, for the compiler and for the guards alike.
 */
interface Canon {
  readonly older: (type: string) => string;
  readonly newer: (type: string) => string;
  /**
   * Whether an older type text and a newer one are the same type: each name declared at the same
   * place on both sides, or naming declarations of the same structure (see sameStructure).
   */
  readonly same: (older: string, newer: string) => boolean;
  /** Whether each name in a type text is declared at the same place on both sides (compared there). */
  readonly placed: (text: string) => boolean;
  /** The declaration a type name stands for on one side, if any, and the schema declaring it. */
  readonly declared: (side: "older" | "newer", name: string) => { readonly decl: DeclShape; readonly place: string } | undefined;
}

type Context = CompareOptions & { readonly canon: Canon };

function aliasTargets(shape: SpecShape): Map<string, string> {
  const target = new Map<string, string>();
  for (const schema of Object.values(shape.schemas)) {
    for (const decl of Object.values(schema.decls)) {
      const a = decl.alias;
      if (decl.kind !== "alias" || !a || a.members || a.nullable || a.constraints || a.tags || !/^[A-Za-z_$][\w$]*$/.test(a.type)) continue;
      target.set(decl.name, a.type);
    }
  }
  return target;
}

/** Whether two JSON values (shapes, parsed or built) are equal: same keys, in any order, and same values. */
function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !equalJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Reads a type text through the plain aliases of `aliasTargets`. */
function aliasReader(target: ReadonlyMap<string, string>): (type: string) => string {
  if (target.size === 0) return (type) => type;
  const end = (name: string): string => {
    let at = name;
    // A chain of aliases ends at a type that is not one; a cycle ends where it started.
    for (let hop = 0; hop < target.size && target.has(at); hop++) at = target.get(at)!;
    return at;
  };
  // Names only: a string literal's text (`"User"`) is a value, not a type.
  return (type) => type.replace(/"(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*/g, (token) => (target.has(token) ? end(token) : token));
}

function compareSchema(schema: string, o: SchemaShape, n: SchemaShape, options: Context, add: (id: RuleId, d: Draft) => void): void {
  const base = schemaPointer(schema);
  // The schema may keep its shape yet lose its name (a new schema took it in a collision): code
  // that imports the old name now gets another type, or none.
  if (o.type !== n.type) {
    add("type-changed", { type: n.type, change: "type-changed", pointer: "#" + base, from: o.type, to: n.type, message: `${schema} is now generated as ${n.type} (was ${o.type}): code naming ${o.type} gets another type, or none` });
  }
  // Declarations only one side has come with a property added, removed or retyped, which the
  // parent reports; only declarations on both sides are compared here.
  // A declaration that moved (an inline object wrapped into `allOf`, say) keeps its generated
  // name: unmatched declarations pair up by name and kind, so changes inside them still show.
  // Inline union members are keyed by position: old keys are read through the pairing of members.
  const { decls: od, renamed } = pairUnionMembers(o.decls, n.decls);
  const movedFrom = new Map<string, string>();
  const unmatchedOld = new Set(Object.keys(od).filter((k) => !Object.hasOwn(n.decls, k)));
  // A one-part `allOf` wrap renames what it wraps (`TOpts` → `TOpts1`): what is still unmatched
  // pairs up by pointer with the `allOf` steps left out, so the changes inside still show.
  const unwrapped = (k: string): string => k.replace(/\/allOf\/\d+(?=\/|$)/g, "");
  const unmatchedNew = Object.keys(n.decls).filter((k) => !Object.hasOwn(o.decls, k)).sort(ordinal);
  for (const same of [(a: string, b: string) => own(od, a)!.name === own(n.decls, b)!.name, (a: string, b: string) => unwrapped(a) === unwrapped(b)]) {
    for (const key of unmatchedNew) {
      if (movedFrom.has(key)) continue;
      const nd = own(n.decls, key)!;
      const from = [...unmatchedOld].find((k) => own(od, k)!.kind === nd.kind && same(k, key));
      if (from === undefined) continue;
      movedFrom.set(key, from);
      unmatchedOld.delete(from);
    }
  }
  for (const key of Object.keys(n.decls).sort(ordinal)) {
    const was = own(od, movedFrom.get(key) ?? key);
    const nd = own(n.decls, key)!;
    if (!was) continue;
    const bare = key.replace(/~(enum|object|alias)$/, "");
    const declPointer = bare.startsWith("#") ? bare : "#" + base + bare;
    const path = pathOf(bare);
    // A renamed declaration: its union member moved, or a sibling took its name (`aB` added
    // beside `a_b`: `ThingAB` is now aB's, a_b's is `ThingAB2`), so code naming the old name gets
    // another type. (The schema's own declaration is said above.)
    const why = was.name === nd.name || key === "" ? undefined : renamed.has(key) ? "its union member moved" : options.canon.declared("newer", was.name) ? `${was.name} names another declaration now` : undefined;
    if (why !== undefined) {
      add("type-changed", {
        type: nd.name,
        ...(path === "" ? {} : { property: path }),
        change: "type-changed",
        pointer: declPointer,
        from: was.name,
        to: nd.name,
        message: `${was.name} is now generated as ${nd.name} (${why}): code naming ${was.name} gets another type, or none`,
      });
    }
    compareDecl(path, declPointer, was, nd, options, add);
  }
}

/** Every union a declaration key passes through: `…/oneOf` of `…/oneOf/2/properties/a~enum`. */
const UNION = /\/(?:oneOf|anyOf)(?=\/\d+(?:[/~]|$))/g;

/** The member of `union` a key is in, and the rest of the key after it; undefined outside that union. */
function memberAt(key: string, union: string): { index: string; rest: string } | undefined {
  if (!key.startsWith(union + "/")) return undefined;
  const m = /^\d+(?=[/~]|$)/.exec(key.slice(union.length + 1));
  return m ? { index: m[0], rest: key.slice(union.length + 1 + m[0].length) } : undefined;
}

/**
 * Inline members of a union are keyed, and named, by their position (`/oneOf/1`, `TRule2`), so
 * a member inserted before others shifts every key and name after it, and comparing by key
 * would report each shifted member as changed into its neighbour. Each union's inline members
 * pair up across the two sides: first those whose declarations are the same (the names their
 * position gave them set aside), then the most alike (declarations or properties in common),
 * then the rest in order. The older side's keys are rewritten through that pairing, outer
 * unions first; `renamed` holds the newer keys whose older declaration came from another position.
 */
function pairUnionMembers(older: Readonly<Record<string, DeclShape>>, newer: Readonly<Record<string, DeclShape>>): { decls: Record<string, DeclShape>; renamed: Set<string> } {
  let decls: Record<string, DeclShape> = record<DeclShape>();
  Object.assign(decls, older);
  let renamed = new Set<string>();
  let gone = new Set<string>();
  const done = new Set<string>();
  for (;;) {
    // The shortest union prefix not handled yet, on either side.
    const unions = [...Object.keys(decls), ...Object.keys(newer)].flatMap((k) => [...k.matchAll(UNION)].map((m) => k.slice(0, m.index + m[0].length))).filter((u) => !done.has(u));
    if (unions.length === 0) break;
    const union = unions.sort((a, b) => a.length - b.length || ordinal(a, b))[0]!;
    done.add(union);
    const oldMembers = membersOf(decls, union);
    const newMembers = membersOf(newer, union);
    const pairs = pairMembers(oldMembers, newMembers);
    if ([...pairs].every(([from, to]) => from === to)) continue;
    const next = record<DeclShape>();
    const nextRenamed = new Set<string>();
    const nextGone = new Set<string>();
    for (const [key, decl] of Object.entries(decls)) {
      const m = memberAt(key, union);
      if (m === undefined) {
        next[key] = decl;
        continue;
      }
      const to = pairs.get(m.index);
      // A member with no counterpart keeps no key the other side has: nothing to compare it with.
      const index = to ?? (newMembers.has(m.index) ? `-${m.index}` : m.index);
      const moved = `${union}/${index}${m.rest}`;
      next[moved] = decl;
      // The keys inside an outer union's member moved with it, and so do their marks.
      if (renamed.has(key) || (to !== undefined && to !== m.index)) nextRenamed.add(moved);
      if (gone.has(key) || to === undefined) nextGone.add(moved);
    }
    // The marks of keys outside this union stay as they were.
    for (const key of renamed) if (memberAt(key, union) === undefined) nextRenamed.add(key);
    for (const key of gone) if (memberAt(key, union) === undefined) nextGone.add(key);
    decls = next;
    renamed = nextRenamed;
    gone = nextGone;
  }
  // What the older declarations say of the renamed ones, said with the newer names: a property
  // typed by a member that only moved has not changed type.
  const names = new Map<string, string>();
  for (const key of renamed) if (decls[key]!.name !== own(newer, key)!.name) names.set(decls[key]!.name, own(newer, key)!.name);
  // A member that is gone may have left its name to another one: it is told apart as `X (old)`.
  const newNames = new Set(Object.values(newer).map((d) => d.name));
  for (const key of gone) if (newNames.has(decls[key]!.name)) names.set(decls[key]!.name, `${decls[key]!.name} (old)`);
  if (names.size === 0) return { decls, renamed };
  const pattern = namePattern(names.keys());
  const out = record<DeclShape>();
  for (const [key, decl] of Object.entries(decls)) {
    const { name, ...rest } = decl;
    out[key] = { name, ...(JSON.parse(JSON.stringify(rest).replace(pattern, (m) => names.get(m)!)) as Omit<DeclShape, "name">) };
  }
  return { decls: out, renamed };
}

/** A union's inline members on one side: position → its declarations, keyed relative to the member. */
function membersOf(decls: Readonly<Record<string, DeclShape>>, union: string): Map<string, Map<string, DeclShape>> {
  const out = new Map<string, Map<string, DeclShape>>();
  for (const [key, decl] of Object.entries(decls)) {
    const m = memberAt(key, union);
    if (m === undefined) continue;
    const member = out.get(m.index) ?? new Map<string, DeclShape>();
    member.set(m.rest, decl);
    out.set(m.index, member);
  }
  return out;
}

/** Old position → new position for the members that pair up (see pairUnionMembers). */
function pairMembers(older: Map<string, Map<string, DeclShape>>, newer: Map<string, Map<string, DeclShape>>): Map<string, string> {
  const pairs = new Map<string, string>();
  const oldLeft = new Set(older.keys());
  const newLeft = new Set(newer.keys());
  const bodies = (member: Map<string, DeclShape>): string[] => memberBodies(member);
  const oldBodies = new Map([...older].map(([i, m]) => [i, bodies(m)]));
  const newBodies = new Map([...newer].map(([i, m]) => [i, bodies(m)]));
  const take = (i: string, j: string): void => {
    pairs.set(i, j);
    oldLeft.delete(i);
    newLeft.delete(j);
  };
  const byPosition = (a: string, b: string): number => Number(a) - Number(b);
  // 1. The same declarations: the same position first, then the nearest.
  for (const i of [...oldLeft].sort(byPosition)) {
    const same = [...newLeft].filter((j) => newBodies.get(j)!.join("\n") === oldBodies.get(i)!.join("\n"));
    const j = same.sort((a, b) => Math.abs(Number(a) - Number(i)) - Math.abs(Number(b) - Number(i)) || byPosition(a, b))[0];
    if (j !== undefined) take(i, j);
  }
  // 2. The most alike: most declaration bodies and property entries in common (each worth two),
  // then most property names in common (a property retyped still names the same member).
  for (;;) {
    let best: { i: string; j: string; score: number } | undefined;
    for (const i of [...oldLeft].sort(byPosition)) {
      for (const j of [...newLeft].sort(byPosition)) {
        const a = new Set(oldBodies.get(i));
        const names = new Set(propertyNames(older.get(i)!));
        const score = 2 * newBodies.get(j)!.filter((b) => a.has(b)).length + propertyNames(newer.get(j)!).filter((n) => names.has(n)).length;
        if (score > 0 && (best === undefined || score > best.score)) best = { i, j, score };
      }
    }
    if (best === undefined) break;
    take(best.i, best.j);
  }
  // 3. The rest in order.
  const oldRest = [...oldLeft].sort(byPosition);
  const newRest = [...newLeft].sort(byPosition);
  for (let k = 0; k < Math.min(oldRest.length, newRest.length); k++) take(oldRest[k]!, newRest[k]!);
  return pairs;
}

/** The property names of a member's declarations, each with the key of its declaration. */
function propertyNames(member: Map<string, DeclShape>): string[] {
  return [...member].flatMap(([key, decl]) => Object.keys(decl.properties ?? {}).map((name) => `${key} .${name}`));
}

/** A pattern matching any of `names` as a whole word, longest first (`PetA1` before `PetA`). */
function namePattern(names: Iterable<string>): RegExp {
  const sorted = [...names].sort((a, b) => b.length - a.length || ordinal(a, b));
  return new RegExp(`\\b(?:${sorted.map((name) => name.replace(/[$]/g, "\\$&")).join("|")})\\b`, "g");
}

/**
 * A member's declarations as comparable texts, with the names they took from their position
 * replaced by their keys inside the member: each declaration's body, and each of an object's
 * properties on its own (what step 2 of pairMembers counts).
 */
function memberBodies(member: Map<string, DeclShape>): string[] {
  const byName = new Map([...member].map(([key, decl]) => [decl.name, key] as const));
  const pattern = byName.size === 0 ? undefined : namePattern(byName.keys());
  const neutral = (text: string): string => (pattern === undefined ? text : text.replace(pattern, (name) => `<${byName.get(name)!}>`));
  const out: string[] = [];
  for (const [key, decl] of [...member].sort(([a], [b]) => ordinal(a, b))) {
    const { name: _name, properties, ...rest } = decl;
    out.push(`${key} ${neutral(JSON.stringify(rest))}`);
    for (const [prop, shape] of Object.entries(properties ?? {}).sort(([a], [b]) => ordinal(a, b))) out.push(`${key} .${prop} ${neutral(JSON.stringify(shape))}`);
  }
  return out;
}

/** `/properties/options/properties/document/properties/allowed_types/items` → `options.document.allowed_types[]`. */
export function pathOf(key: string): string {
  const tokens = ptr.parse(key);
  let out = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === "properties" && i + 1 < tokens.length) out += (out === "" ? "" : ".") + tokens[++i];
    else if (t === "items") out += "[]";
    else if (t === "additionalProperties") out += "{}";
    else if ((t === "anyOf" || t === "oneOf" || t === "allOf" || t === "prefixItems") && i + 1 < tokens.length) i++;
  }
  return out;
}

function compareDecl(path: string, at: string, o: DeclShape, n: DeclShape, options: Context, add: (id: RuleId, d: Draft) => void): void {
  const where = path === "" ? {} : { property: path };
  const label = path === "" ? n.name : `${n.name} (${path})`;
  if (o.kind !== n.kind) {
    add("type-changed", { type: n.name, ...where, change: "type-changed", pointer: at, from: o.kind, to: n.kind, message: `${label} was an ${o.kind}, is now an ${n.kind}` });
    return;
  }
  if (o.doc !== n.doc) add("description-changed", { type: n.name, ...where, change: "description-changed", pointer: at, message: `${label}: description changed` });
  if (n.kind === "enum") {
    const before = new Set(o.values ?? []);
    const after = new Set(n.values ?? []);
    const rule = ruleContext(at);
    if (rule !== "plain") {
      // An enum under `not` lists what is rejected: a value added there is a tightening. Under
      // `if` it decides which branch applies: neither way can be told.
      const moved = (v: string, added: boolean): void => {
        const dir: Direction = rule === "condition" ? "changed" : added ? "tightened" : "loosened";
        const value = JSON.stringify(v);
        const what = rule === "condition" ? `the \`if\` condition ${added ? "now also matches" : "no longer matches"} ${value}` : `\`not\` ${added ? "now rejects" : "no longer rejects"} ${value}`;
        add(DIRECTION_RULE[dir], { type: n.name, ...where, change: "constraint-changed", value: v, pointer: `${at}/enum`, constraint: rule === "condition" ? "if.enum" : "not.enum", direction: dir, message: `${label}: ${what} (${dir})` });
      };
      for (const v of after) if (!before.has(v)) moved(v, true);
      for (const v of before) if (!after.has(v)) moved(v, false);
      return;
    }
    for (const v of after) {
      if (!before.has(v)) add(o.closed ? "closed-enum-value-added" : "enum-value-added", { type: n.name, ...where, change: "enum-value-added", value: v, pointer: `${at}/enum`, message: `${n.name} gained ${JSON.stringify(v)}` });
    }
    for (const v of before) {
      if (!after.has(v)) add("enum-value-removed", { type: n.name, ...where, change: "enum-value-removed", value: v, pointer: `${at}/enum`, message: `${n.name} lost ${JSON.stringify(v)}` });
    }
  } else if (n.kind === "alias") {
    compareValue(n.name, where, label, at, o.alias!, n.alias!, add, options.canon);
  } else {
    if (!o.nullable && n.nullable) add("became-nullable", { type: n.name, ...where, change: "became-nullable", pointer: at, message: `${label} may now be null` });
    if (o.nullable && !n.nullable) add("became-non-nullable", { type: n.name, ...where, change: "became-non-nullable", pointer: at, message: `${label} is no longer nullable` });
    compareObject(path, at, o, n, options, add);
  }
}

/** Keywords whose next token is a name (a property, a definition), not a keyword. */
const NAMING_KEYWORDS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependentRequired", "schemas"]);

/**
 * Where a declaration sits among the rule keywords, from its pointer: `negated` under an odd
 * number of `not`s (and no `if`), `condition` inside an `if` subschema, else `plain`. A property
 * named `not` or `if` is a name, not a keyword.
 */
function ruleContext(pointer: string): "plain" | "negated" | "condition" {
  let nots = 0;
  let name = false;
  // The pointer as built here ("#" and a JSON pointer, not URI-encoded): split, not decoded as a URI.
  const bare = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  for (const token of bare === "" ? [] : bare.slice(1).split("/").map(ptr.unescapeToken)) {
    if (name) {
      name = false;
      continue;
    }
    name = NAMING_KEYWORDS.has(token);
    if (token === "if") return "condition";
    if (token === "not") nots++;
  }
  return nots % 2 === 1 ? "negated" : "plain";
}

function compareObject(path: string, at: string, o: DeclShape, n: DeclShape, options: Context, add: (id: RuleId, d: Draft) => void): void {
  const op = o.properties ?? {};
  const np = n.properties ?? {};
  const strict = options.strictObjects || n.additional === false;
  for (const name of Object.keys(np).sort(ordinal)) {
    const property = path === "" ? name : `${path}.${name}`;
    const before = own(op, name);
    const after = own(np, name)!;
    const pointer = propertyPointer(at, name, after);
    if (!before) {
      const how = after.required ? "required" : "optional";
      add(strict ? "property-added-strict" : "property-added", {
        type: n.name,
        property,
        change: "property-added",
        pointer,
        to: typeText(after),
        message: `${n.name} gained ${how} property ${property}: ${typeText(after)}`,
      });
      continue;
    }
    compareProperty(n.name, property, pointer, before, after, add, options.canon);
  }
  for (const name of Object.keys(op).sort(ordinal)) {
    if (Object.hasOwn(np, name)) continue;
    const property = path === "" ? name : `${path}.${name}`;
    add("property-removed", {
      type: o.name,
      property,
      change: "property-removed",
      pointer: propertyPointer(at, name, own(op, name)!),
      from: typeText(own(op, name)!),
      message: `${o.name} lost property ${property}`,
    });
  }
  // Object-level constraints (pattern properties, rules such as minProperties) live in `alias`.
  if (o.alias || n.alias) {
    const where = path === "" ? {} : { property: path };
    compareValue(n.name, where, path === "" ? n.name : `${n.name} (${path})`, at, o.alias ?? { type: "object" }, n.alias ?? { type: "object" }, add, options.canon);
  }
  // An object that declared no properties is typed with an index signature (`{ [key: string]:
  // unknown }`); once it declares some, other keys are no longer in its type.
  const anyKeys = (d: DeclShape): boolean => d.additional === undefined || d.additional === true;
  if (Object.keys(op).length === 0 && Object.keys(np).length > 0 && anyKeys(o) && anyKeys(n)) {
    add("type-changed", {
      type: n.name,
      ...(path === "" ? {} : { property: path }),
      change: "type-changed",
      pointer: at,
      from: "{ [key: string]: unknown }",
      to: "declared properties only",
      message: `${n.name}${path === "" ? "" : ` (${path})`} declares its first properties: code reading other keys through its index signature no longer compiles`,
    });
  }
  // With `strictObjects` the guards reject extra keys the schema allows: "any" reads as "none".
  const strictly = (text: string): string => (options.strictObjects && text === "any" ? "none" : text);
  const oa = strictly(additionalText(o.additional));
  const na = strictly(additionalText(n.additional));
  if (typeof o.additional === "object" && typeof n.additional === "object") {
    // Both sides type the extra keys' values: compared as any value is (structure, enum values,
    // nullability, constraints), not as the texts of their types.
    const label = `${n.name}${path === "" ? "" : ` (${path})`} extra keys`;
    compareValue(n.name, path === "" ? {} : { property: path }, label, `${at}/additionalProperties`, o.additional, n.additional, add, options.canon);
  } else if (oa !== na && na === "none") {
    // Payloads now carry only declared keys: readers see a subset of what they handled.
    add("constraint-tightened", {
      type: n.name,
      ...(path === "" ? {} : { property: path }),
      change: "constraint-changed",
      pointer: `${at}/additionalProperties`,
      constraint: "additionalProperties",
      direction: "tightened",
      from: oa,
      to: na,
      message: `${n.name}: extra keys ${oa} → ${na} (tightened)`,
    });
  } else if (oa !== na) {
    add("type-changed", {
      type: n.name,
      ...(path === "" ? {} : { property: path }),
      change: "type-changed",
      pointer: `${at}/additionalProperties`,
      from: oa,
      to: na,
      message: `${n.name}: extra keys ${oa} → ${na}`,
    });
  }
}

/** Where property `name` of the object at `at` is declared: its own pointer when the shape recorded one (an allOf part). */
function propertyPointer(at: string, name: string, p: PropertyShape): string {
  return p.at !== undefined ? "#" + p.at : `${at}/properties/${ptr.escapeToken(name)}`;
}

function compareProperty(type: string, property: string, pointer: string, o: PropertyShape, n: PropertyShape, add: (id: RuleId, d: Draft) => void, canon: Canon): void {
  if (!o.required && n.required) add("became-required", { type, property, change: "became-required", pointer, message: `${type}.${property} became required` });
  if (o.required && !n.required) add("became-optional", { type, property, change: "became-optional", pointer, message: `${type}.${property} became optional` });
  if (o.doc !== n.doc) add("description-changed", { type, property, change: "description-changed", pointer, message: `${type}.${property}: description changed` });
  compareValue(type, { property }, `${type}.${property}`, pointer, o, n, add, canon);
}

function compareValue(type: string, where: { property?: string }, label: string, pointer: string, o: ValueShape, n: ValueShape, add: (id: RuleId, d: Draft) => void, canon: Canon): void {
  if (!o.nullable && n.nullable) add("became-nullable", { type, ...where, change: "became-nullable", pointer, message: `${label} may now be null` });
  if (o.nullable && !n.nullable) add("became-non-nullable", { type, ...where, change: "became-non-nullable", pointer, message: `${label} is no longer nullable` });
  if (!sameType(o, n, canon)) {
    const before = literals(o);
    const after = literals(n);
    if (before && after) {
      // A union of literal values (numbers, booleans …) is an enum that is closed in both modes.
      // `value` is the wire value as enums give it: a string bare, anything else as its JSON.
      const wire = (m: string): string => {
        const parsed: unknown = JSON.parse(m);
        return typeof parsed === "string" ? parsed : m;
      };
      for (const v of after.filter((x) => !before.includes(x))) add("literal-value-added", { type, ...where, change: "enum-value-added", value: wire(v), pointer, message: `${label} gained ${v}` });
      for (const v of before.filter((x) => !after.includes(x))) add("enum-value-removed", { type, ...where, change: "enum-value-removed", value: wire(v), pointer, message: `${label} lost ${v}` });
      return;
    }
    if (enumValuesMoved(type, where, label, pointer, o, n, add, canon)) return;
    const items = itemsNullability(canon.older(o.type), canon.newer(n.type));
    if (items !== undefined) {
      // `Array<T>` → `Array<T | null>`: the items became nullable (and the other way round).
      const path = (where.property ?? "") + items.depth;
      const at = { type, property: path, pointer: pointer + "/items".repeat(items.depth.length / 2) };
      if (items.nullable) add("became-nullable", { ...at, change: "became-nullable", message: `${type}.${path} items may now be null` });
      else add("became-non-nullable", { ...at, change: "became-non-nullable", message: `${type}.${path} items are no longer nullable` });
      return;
    }
    // The same text naming another declaration (another schema took the name) says so.
    const what = o.type === n.type ? `${n.type} names another type now (declared by another schema)` : `${o.type} → ${n.type}${memberDelta(o, n)}`;
    add("type-changed", { type, ...where, change: "type-changed", pointer, from: o.type, to: n.type, message: `${label}: ${what}` });
    return; // constraints of a different type are not comparable
  }
  compareTags(type, where, label, pointer, o, n, add, canon);
  const oc = o.constraints ?? {};
  const nc = n.constraints ?? {};
  const done = new Set<string>();
  for (const [bound, upper] of [["maximum", true], ["minimum", false]] as const) {
    const exclusive = "exclusive" + bound[0]!.toUpperCase() + bound.slice(1);
    for (const key of [...Object.keys(oc), ...Object.keys(nc)].filter((k) => k === bound || k.endsWith("." + bound))) {
      const prefix = key.slice(0, key.length - bound.length);
      const ob = boundOf(oc, prefix + bound, prefix + exclusive);
      const nb = boundOf(nc, prefix + bound, prefix + exclusive);
      // Only a bound that changed between inclusive and exclusive needs reading as one; others go below.
      if (!ob || !nb || ob.exclusive === nb.exclusive || done.has(prefix + bound)) continue;
      done.add(prefix + bound).add(prefix + exclusive);
      const tighter = upper ? nb.value < ob.value || (nb.value === ob.value && nb.exclusive) : nb.value > ob.value || (nb.value === ob.value && nb.exclusive);
      const dir = tighter ? "tightened" : "loosened";
      const op = (b: { exclusive: boolean }): string => (upper ? (b.exclusive ? "<" : "<=") : b.exclusive ? ">" : ">=");
      add(DIRECTION_RULE[dir], {
        type,
        ...where,
        change: "constraint-changed",
        pointer,
        constraint: prefix + (nb.exclusive ? exclusive : bound),
        direction: dir,
        from: ob.value,
        to: nb.value,
        message: `${label}: ${prefix}${bound} ${op(ob)} ${ob.value} → ${op(nb)} ${nb.value} (${dir})`,
      });
    }
  }
  for (const key of [...new Set([...Object.keys(oc), ...Object.keys(nc)])].sort(ordinal)) {
    const from = own(oc, key);
    const to = own(nc, key);
    if (from === to || done.has(key)) continue;
    // Values of keys matching a pattern, retyped: as much a type change as retyped extra keys.
    if (key.startsWith("patternProperties.") && from !== undefined && to !== undefined) {
      const pattern = key.slice("patternProperties.".length);
      add("type-changed", { type, ...where, change: "type-changed", pointer, from, to, message: `${label}: keys matching ${JSON.stringify(pattern)} hold ${String(from)} → ${String(to)}` });
      continue;
    }
    const dir = direction(key, from, to);
    add(DIRECTION_RULE[dir], {
      type,
      ...where,
      change: "constraint-changed",
      pointer,
      constraint: key,
      direction: dir,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      message: key.endsWith("oneOf") ? `${label}: ${from === undefined ? "anyOf → oneOf" : "oneOf → anyOf"} (${dir})` : `${label}: ${key} ${show(from)} → ${show(to)} (${dir})`,
    });
  }
}

/**
 * A value whose enum moved to another declaration (an inline enum replaced by a component, or
 * back) that also gained or lost values: the values are the change, as where the enum stayed
 * (an added value is breaking only where the enum is closed). Different names of the same
 * values are no change at all (sameStructure); anything else about the enums differing (one
 * closed, one open) stays a type change.
 */
function enumValuesMoved(type: string, where: { property?: string }, label: string, pointer: string, o: ValueShape, n: ValueShape, add: (id: RuleId, d: Draft) => void, canon: Canon): boolean {
  if (o.members || n.members || !equalJson(o.constraints, n.constraints)) return false;
  const was = canon.declared("older", canon.older(o.type));
  const now = canon.declared("newer", canon.newer(n.type));
  // Declared by the same schema on both sides, the enums are paired and compared there.
  if (was?.decl.kind !== "enum" || now?.decl.kind !== "enum" || was.place === now.place) return false;
  const [before, after] = [was.decl, now.decl];
  if (before.closed !== after.closed || ruleContext(pointer) !== "plain") return false;
  const [old, current] = [new Set(before.values ?? []), new Set(after.values ?? [])];
  const named = before.name === after.name ? after.name : `${after.name} (was ${before.name})`;
  for (const v of current) {
    if (!old.has(v)) add(before.closed ? "closed-enum-value-added" : "enum-value-added", { type, ...where, change: "enum-value-added", value: v, pointer, message: `${label}: ${named} gained ${JSON.stringify(v)}` });
  }
  for (const v of old) {
    if (!current.has(v)) add("enum-value-removed", { type, ...where, change: "enum-value-removed", value: v, pointer, message: `${label}: ${named} lost ${JSON.stringify(v)}` });
  }
  return true;
}

/**
 * A declared discriminator's tag values, on a union whose members did not change (a member added
 * or removed says so already): a tag value added is a closed enum's value added (older guards
 * reject payloads carrying it), one removed an enum value removed, one moved to another member a
 * type change.
 */
function compareTags(type: string, where: { property?: string }, label: string, pointer: string, o: ValueShape, n: ValueShape, add: (id: RuleId, d: Draft) => void, canon: Canon): void {
  if (!o.tags !== !n.tags) {
    // A declared discriminator added or dropped: the guards dispatch on the tag, or stop doing
    // so, and accept other payloads (a tag naming a member now decides which one is checked).
    const [from, to] = [o.tags ? `discriminator ${JSON.stringify(o.tags.property)}` : "no discriminator", n.tags ? `discriminator ${JSON.stringify(n.tags.property)}` : "no discriminator"];
    add("type-changed", { type, ...where, change: "type-changed", pointer, from, to, message: `${label}: ${to} (was ${from})` });
    return;
  }
  if (!o.tags || !n.tags) return;
  if (o.tags.property !== n.tags.property) {
    // Another tag property: the guards dispatch on other values, whatever the mapping says.
    add("type-changed", { type, ...where, change: "type-changed", pointer, from: o.tags.property, to: n.tags.property, message: `${label}: the discriminator is ${JSON.stringify(n.tags.property)} (was ${JSON.stringify(o.tags.property)})` });
    return;
  }
  const before = new Map(o.tags.map);
  const after = new Map(n.tags.map);
  const tag = n.tags.property;
  for (const [value, member] of after) {
    const was = before.get(value);
    if (was === undefined) add("closed-enum-value-added", { type, ...where, change: "enum-value-added", value, pointer, message: `${label}: ${tag} ${JSON.stringify(value)} now selects ${member}` });
    else if (was !== member && !canon.same(canon.older(was), canon.newer(member))) add("type-changed", { type, ...where, change: "type-changed", pointer, from: was, to: member, message: `${label}: ${tag} ${JSON.stringify(value)} selects ${member} (was ${was})` });
  }
  for (const [value, member] of before) {
    if (!after.has(value)) add("enum-value-removed", { type, ...where, change: "enum-value-removed", value, pointer, message: `${label}: ${tag} ${JSON.stringify(value)} no longer selects ${member}` });
  }
}

/** `Timestamp` (`format: unix-time`) is `number` to generated code: type texts are compared so. */
const plain = (t: string): string => t.replace(/\bTimestamp\b/g, "number");

/**
 * Whether two values have the same type: the same text (plain aliases read through, see Canon),
 * or the same union members in another order. `Timestamp` (`format: unix-time`) is `number` to generated code; its integer check is a
 * constraint like any other (shape.ts).
 */
function sameType(o: ValueShape, n: ValueShape, canon: Canon): boolean {
  // The same names, declared at the same places on both sides, are the same type here: a change
  // of what a name means is reported once, at its declaration (an alias retargeted, an object
  // that became nullable). A name that moved (an inline object replaced by a component of the
  // same generated name) is compared by structure below.
  if (o.type === n.type && canon.placed(o.type)) return true;
  const before = (t: string): string => plain(canon.older(t));
  const after = (t: string): string => plain(canon.newer(t));
  if (canon.same(before(o.type), after(n.type))) return true;
  if (!o.members || !n.members || o.members.length !== n.members.length) return false;
  // Members in another order, or renamed but not changed (an inline member moved into a component): paired one to one.
  const left = n.members.map(after);
  return o.members.map(before).every((m) => {
    const k = left.findIndex((x) => canon.same(m, x));
    return k >= 0 && left.splice(k, 1).length === 1;
  });
}

/** Type names outside string literals: the tokens a type text refers to declarations by. */
const NAME_TOKENS = /("(?:[^"\\]|\\.)*")|([A-Za-z_$][\w$]*)/g;

/**
 * Structural equality across the two sides: an older type text and a newer one are the same
 * when they differ only in the names of declarations that have the same structure (properties,
 * requiredness, nullability, values, constraints; names and descriptions aside), compared
 * recursively (a pair assumed equal while it is being compared, so cycles end). A property that
 * moves from `$ref: user` to an identical inline object (or back) changes the generated type's
 * name only: TypeScript types are structural and the guards accept the same values, so code
 * reading the payload sees no change.
 */
function sameStructure(older: SpecShape, newer: SpecShape, read: Pick<Canon, "older" | "newer">, strictObjects: boolean): Pick<Canon, "same" | "placed" | "declared"> {
  // Each side's declarations by name, with the schema that declares them. Within one schema a
  // declaration that moved (into an `allOf`) or was renamed (union members) is paired by the
  // schema's own comparison; a name that moved to another schema is compared here.
  const index = (shape: SpecShape): Map<string, { readonly decl: DeclShape; readonly place: string }> => {
    const byName = new Map<string, { readonly decl: DeclShape; readonly place: string }>();
    for (const [id, schema] of Object.entries(shape.schemas)) for (const decl of Object.values(schema.decls)) byName.set(decl.name, { decl, place: id });
    return byName;
  };
  let sides: { readonly older: ReturnType<typeof index>; readonly newer: ReturnType<typeof index> } | undefined;
  const side = () => (sides ??= { older: index(older), newer: index(newer) });
  /**
   * A name declared by the same schema on both sides: compared there. A name one side does not
   * declare is no declaration's (`string`, `Array`) or one the schema's comparison renamed to
   * pair union members: the text stands.
   */
  const samePlace = (name: string): boolean => {
    const [a, b] = [side().older.get(name)?.place, side().newer.get(name)?.place];
    return a === undefined || b === undefined || a === b;
  };
  // Pairs assumed equal while they are compared (so cycles end); a pair that turns out unequal
  // takes back every pair assumed under it. Cleared after each comparison from the outside.
  const assumed = new Set<string>();
  const trail: string[] = [];
  let depth = 0;
  const names = (text: string): string[] => text.split(NAME_TOKENS);
  const texts = (a: string, b: string): boolean => {
    const ta = names(a);
    const tb = names(b);
    if (ta.length !== tb.length) return false;
    // split() with two groups: text, literal, name, text, literal, name, … (an unmatched group is undefined).
    for (let i = 0; i < ta.length; i++) {
      const [x, y] = [ta[i], tb[i]];
      if (i % 3 !== 2 || x === undefined || y === undefined) {
        if (x !== y) return false;
      } else if (!(x === y && samePlace(x)) && !decls(x, y)) return false;
    }
    return true;
  };
  const decls = (a: string, b: string): boolean => {
    const x = side().older.get(a)?.decl;
    const y = side().newer.get(b)?.decl;
    if (x === undefined || y === undefined || x.kind !== y.kind) return false;
    const pair = `${a}\u0000${b}`;
    if (assumed.has(pair)) return true;
    const mark = trail.length;
    assumed.add(pair);
    trail.push(pair);
    const same = sameDecl(x, y);
    if (!same) while (trail.length > mark) assumed.delete(trail.pop()!);
    return same;
  };
  // Nested values are read as the top level is (sameType): plain aliases through, `Timestamp` as
  // the `number` it is, union members in any order.
  const nested = (a: string, b: string): boolean => texts(plain(read.older(a)), plain(read.newer(b)));
  const values = (x: ValueShape | undefined, y: ValueShape | undefined): boolean => {
    if (x === undefined || y === undefined) return x === y;
    if (x.nullable !== y.nullable || !equalJson(x.constraints, y.constraints)) return false;
    if ((x.members?.length ?? 0) !== (y.members?.length ?? 0)) return false;
    if (x.members && y.members) {
      const left = [...y.members];
      if (!x.members.every((m) => {
        const k = left.findIndex((other) => nested(m, other));
        return k >= 0 && left.splice(k, 1).length === 1;
      })) return false;
    } else if (!nested(x.type, y.type)) return false;
    if ((x.tags === undefined) !== (y.tags === undefined)) return false;
    if (x.tags && y.tags) {
      if (x.tags.property !== y.tags.property || x.tags.map.length !== y.tags.map.length) return false;
      if (!x.tags.map.every(([value, member], i) => value === y.tags!.map[i]![0] && texts(member, y.tags!.map[i]![1]))) return false;
    }
    return true;
  };
  const sameDecl = (x: DeclShape, y: DeclShape): boolean => {
    // An object's own `nullable` is not compared: a use of a nullable component reads `X | null`
    // (the value says so: compared in `values`), which an inline copy says at its use alike.
    if ((x.kind !== "object" && x.nullable !== y.nullable) || x.closed !== y.closed || !equalJson(x.values, y.values)) return false;
    if (!values(x.alias, y.alias)) return false;
    // With strictObjects the guards reject undeclared keys either way (as at the top level).
    const bothBoolean = typeof x.additional === "boolean" && typeof y.additional === "boolean";
    if (bothBoolean ? x.additional !== y.additional && !strictObjects : typeof x.additional === "boolean" || typeof y.additional === "boolean" ? true : !values(x.additional, y.additional)) return false;
    const px = x.properties ?? {};
    const py = y.properties ?? {};
    const keys = Object.keys(px);
    if (keys.length !== Object.keys(py).length) return false;
    return keys.every((k) => Object.hasOwn(py, k) && px[k]!.required === py[k]!.required && values(px[k], py[k]));
  };
  return {
    same: (a, b) => {
      depth++;
      try {
        return texts(a, b);
      } finally {
        if (--depth === 0) {
          assumed.clear();
          trail.length = 0;
        }
      }
    },
    placed: (text) => names(text).every((token, i) => i % 3 !== 2 || token === undefined || samePlace(token)),
    declared: (which, name) => side()[which].get(name),
  };
}

/**
 * Whether two array types differ only in their items' `| null` (at some depth of `Array<…>`):
 * `depth` is the path suffix (`[]` per level), `nullable` the way it went.
 */
function itemsNullability(before: string, after: string): { depth: string; nullable: boolean } | undefined {
  let depth = "";
  for (;;) {
    const a = /^Array<(.*)>$/.exec(before);
    const b = /^Array<(.*)>$/.exec(after);
    if (!a || !b) return undefined;
    [before, after] = [a[1]!, b[1]!];
    depth += "[]";
    if (after === `${before} | null`) return { depth, nullable: true };
    if (before === `${after} | null`) return { depth, nullable: false };
  }
}

/** The values of a type that is only literals (`1 | 2`, `true`), as their JSON text; else undefined. */
function literals(v: ValueShape): string[] | undefined {
  const members = v.members ?? [v.type];
  const isLiteral = (m: string): boolean => {
    try {
      const value: unknown = JSON.parse(m);
      return value === null || typeof value !== "object";
    } catch {
      return false;
    }
  };
  return members.every(isLiteral) ? [...members] : undefined;
}

/** A numeric bound as its value and whether it is exclusive (3.0's boolean form is normalised to the 3.1 number). */
function boundOf(c: Readonly<Record<string, string | number | boolean>>, inclusive: string, exclusive: string): { value: number; exclusive: boolean } | undefined {
  const e = own(c, exclusive);
  if (typeof e === "number") return { value: e, exclusive: true };
  const i = own(c, inclusive);
  return typeof i === "number" ? { value: i, exclusive: false } : undefined;
}

/** ` (members added: A; removed: B)` when both sides are unions. */
function memberDelta(o: ValueShape, n: ValueShape): string {
  const before = o.members ?? [o.type];
  const after = n.members ?? [n.type];
  if (before.length < 2 && after.length < 2) return "";
  const added = after.filter((m) => !before.includes(m));
  const removed = before.filter((m) => !after.includes(m));
  const parts = [];
  if (added.length > 0) parts.push(`members added: ${added.join(", ")}`);
  if (removed.length > 0) parts.push(`members removed: ${removed.join(", ")}`);
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

function typeText(v: ValueShape): string {
  return v.nullable ? `${v.type} | null` : v.type;
}

function additionalText(a: boolean | ValueShape | undefined): string {
  if (a === undefined || a === true) return "any";
  if (a === false) return "none";
  return typeText(a);
}

function show(v: string | number | boolean | undefined): string {
  return v === undefined ? "none" : JSON.stringify(v);
}
