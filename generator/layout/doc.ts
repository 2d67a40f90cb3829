/**
 * A Wadler-style document and its printer, modelled on prettier's own (group / indent / line /
 * softline / ifBreak / fits), so a layout rule written against it breaks lines exactly where
 * prettier's rule for the same construct would. Only what the layout rules need is here.
 */

export type Doc = string | readonly Doc[] | Group | Indent | Line | IfBreak | LineSuffix | IndentIfBreak | BreakParent;

export interface Group {
  readonly t: "group";
  readonly contents: Doc;
  /** Set for groups that must break (they hold a hard line); see `propagateBreaks`. */
  brk: boolean;
  readonly id?: symbol;
  /** prettier's conditionalGroup: tried in order, the first that fits flat wins, else the last broken. */
  readonly states?: readonly Doc[];
}
interface Indent {
  readonly t: "indent";
  readonly contents: Doc;
}
interface IndentIfBreak {
  readonly t: "indentIfBreak";
  readonly contents: Doc;
  readonly groupId: symbol;
}
interface Line {
  readonly t: "line";
  /** Nothing when flat (softline) rather than a space. */
  readonly soft: boolean;
  /** Always a newline (hardline); breaks every enclosing group. */
  readonly hard: boolean;
}
interface IfBreak {
  readonly t: "ifBreak";
  readonly broken: Doc;
  readonly flat: Doc;
  readonly groupId?: symbol;
}
/** Breaks the enclosing groups without printing anything (prettier's breakParent). */
interface BreakParent {
  readonly t: "breakParent";
}
export const breakParent: Doc = { t: "breakParent" };
/** Text that goes at the end of the line and takes no width (a trailing `//` comment). */
interface LineSuffix {
  readonly t: "lineSuffix";
  readonly text: string;
}

export const line: Doc = { t: "line", soft: false, hard: false };
export const softline: Doc = { t: "line", soft: true, hard: false };
export const hardline: Doc = { t: "line", soft: false, hard: true };

export function group(contents: Doc, options: { brk?: boolean; id?: symbol } = {}): Group {
  return { t: "group", contents, brk: options.brk ?? false, ...(options.id ? { id: options.id } : {}) };
}
export function conditionalGroup(states: readonly Doc[]): Group {
  return { t: "group", contents: states[0]!, brk: false, states };
}
export function indent(contents: Doc): Doc {
  return { t: "indent", contents };
}
export function indentIfBreak(contents: Doc, groupId: symbol): Doc {
  return { t: "indentIfBreak", contents, groupId };
}
export function ifBreak(broken: Doc, flat: Doc = "", groupId?: symbol): Doc {
  return { t: "ifBreak", broken, flat, ...(groupId ? { groupId } : {}) };
}
export function lineSuffix(text: string): Doc {
  return { t: "lineSuffix", text };
}
export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  docs.forEach((d, i) => {
    if (i > 0) out.push(separator);
    out.push(d);
  });
  return out;
}

/** Whether the doc holds a hard line (outside conditional states): it cannot print flat. */
export function willBreak(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (Array.isArray(doc)) return doc.some(willBreak);
  const d = doc as Exclude<Doc, string | readonly Doc[]>;
  switch (d.t) {
    case "group":
      return d.brk || willBreak(d.contents);
    case "indent":
    case "indentIfBreak":
      return willBreak(d.contents);
    case "line":
      return d.hard;
    case "ifBreak":
      return willBreak(d.broken);
    case "lineSuffix":
      return false;
    case "breakParent":
      return true;
  }
}

/** Marks every group that holds a hard line as broken (prettier's propagateBreaks). */
export function propagateBreaks(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (Array.isArray(doc)) {
    let any = false;
    for (const d of doc) if (propagateBreaks(d)) any = true;
    return any;
  }
  const d = doc as Exclude<Doc, string | readonly Doc[]>;
  switch (d.t) {
    case "group": {
      // As in prettier, a conditional group is never marked broken by what it holds: its
      // states are judged when printed, and the propagation stops there.
      if (d.states) {
        for (const s of d.states) propagateBreaks(s);
        return d.brk;
      }
      if (propagateBreaks(d.contents)) d.brk = true;
      return d.brk;
    }
    case "indent":
    case "indentIfBreak":
      return propagateBreaks(d.contents);
    case "line":
      return d.hard;
    case "ifBreak":
      return propagateBreaks(d.broken) || (propagateBreaks(d.flat), false);
    case "lineSuffix":
      return false;
    case "breakParent":
      return true;
  }
}

type Mode = "break" | "flat";

/**
 * The command stack of the printer as three parallel arrays (indent, mode, doc) rather than an
 * object per command: the printer visits every doc node, and an object each was a fifth of
 * the engine's garbage on whole-spec runs.
 */
class Stack {
  readonly ind: number[] = [];
  readonly mode: Mode[] = [];
  readonly doc: Doc[] = [];
  push(ind: number, mode: Mode, doc: Doc): void {
    this.ind.push(ind);
    this.mode.push(mode);
    this.doc.push(doc);
  }
  get length(): number {
    return this.doc.length;
  }
}

/** Prints a document at `width` columns, two-space indents. */
export function printDoc(doc: Doc, width: number): string {
  propagateBreaks(doc);
  const groupModes = new Map<symbol, Mode>();
  const out: string[] = [];
  let pos = 0;
  const cmds = new Stack();
  cmds.push(0, "break", doc);
  const scratch = new Stack();
  while (cmds.length > 0) {
    const ind = cmds.ind.pop()!;
    const mode = cmds.mode.pop()!;
    const d = cmds.doc.pop()!;
    if (typeof d === "string") {
      out.push(d);
      pos += textWidth(d);
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) cmds.push(ind, mode, d[i]!);
      continue;
    }
    const n = d as Exclude<Doc, string | readonly Doc[]>;
    switch (n.t) {
      case "indent":
        cmds.push(ind + 2, mode, n.contents);
        break;
      case "indentIfBreak":
        cmds.push(groupModes.get(n.groupId) === "break" ? ind + 2 : ind, mode, n.contents);
        break;
      case "ifBreak": {
        const m = n.groupId ? (groupModes.get(n.groupId) ?? "flat") : mode;
        cmds.push(ind, mode, m === "break" ? n.broken : n.flat);
        break;
      }
      case "lineSuffix":
        out.push(n.text);
        break;
      case "breakParent":
        break;
      case "line":
        if (mode === "flat" && !n.hard) {
          if (!n.soft) {
            out.push(" ");
            pos++;
          }
          break;
        }
        trimTrailing(out);
        out.push("\n" + " ".repeat(ind));
        pos = ind;
        break;
      case "group": {
        let chosenMode: Mode;
        let chosenDoc: Doc = n.contents;
        if (mode === "flat") chosenMode = n.brk ? "break" : "flat";
        else if (n.states) [chosenMode, chosenDoc] = chooseState(n, width - pos, cmds, groupModes, scratch);
        else chosenMode = !n.brk && fits("flat", n.contents, cmds, width - pos, groupModes, scratch) ? "flat" : "break";
        if (n.id) groupModes.set(n.id, chosenMode);
        cmds.push(ind, chosenMode, chosenDoc);
        break;
      }
    }
  }
  return out.join("");
}

function chooseState(n: Group, rem: number, rest: Stack, modes: Map<symbol, Mode>, scratch: Stack): [Mode, Doc] {
  const states = n.states!;
  const last: [Mode, Doc] = ["break", states[states.length - 1]!];
  if (n.brk) return last;
  if (fits("flat", states[0]!, rest, rem, modes, scratch)) return ["flat", states[0]!];
  for (let i = 1; i < states.length; i++) {
    if (fits("flat", states[i]!, rest, rem, modes, scratch)) return ["flat", states[i]!];
  }
  return last;
}

/** Whether `doc` in `mode` fits in `width` columns up to the first line break (prettier's `fits`). */
function fits(mode0: Mode, doc0: Doc, rest: Stack, width: number, modes: Map<symbol, Mode>, stack: Stack): boolean {
  let restIdx = rest.length;
  stack.mode.length = 0;
  stack.doc.length = 0;
  stack.ind.length = 0;
  stack.push(0, mode0, doc0);
  while (width >= 0) {
    if (stack.length === 0) {
      if (restIdx === 0) return true;
      restIdx--;
      stack.push(0, rest.mode[restIdx]!, rest.doc[restIdx]!);
      continue;
    }
    stack.ind.pop();
    const mode = stack.mode.pop()!;
    const d = stack.doc.pop()!;
    if (typeof d === "string") {
      width -= textWidth(d);
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push(0, mode, d[i]!);
      continue;
    }
    const n = d as Exclude<Doc, string | readonly Doc[]>;
    switch (n.t) {
      case "indent":
      case "indentIfBreak":
        stack.push(0, mode, n.contents);
        break;
      case "ifBreak": {
        const m = n.groupId ? (modes.get(n.groupId) ?? "flat") : mode;
        stack.push(0, mode, m === "break" ? n.broken : n.flat);
        break;
      }
      case "lineSuffix":
      case "breakParent":
        break;
      case "line":
        if (mode === "break" || n.hard) return true;
        if (!n.soft) width--;
        break;
      case "group": {
        const m: Mode = n.brk ? "break" : mode;
        const contents = n.states && m === "break" ? n.states[n.states.length - 1]! : n.contents;
        stack.push(0, m, contents);
        break;
      }
    }
  }
  return false;
}

function trimTrailing(out: string[]): void {
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    const trimmed = last.replace(/[ \t]+$/, "");
    if (trimmed.length > 0 || last.length === 0) {
      out[out.length - 1] = trimmed;
      return;
    }
    out.pop();
  }
}

/**
 * Columns a text takes, as prettier counts them: one per code point, two for wide East Asian
 * characters, none for combining marks. Generated code is ASCII outside string literals and
 * comments; wide characters in those are counted the way prettier counts them.
 */
export function textWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) continue;
    if (code >= 0x300 && code <= 0x36f) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}
