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
interface Cmd {
  readonly ind: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

/** Prints a document at `width` columns, two-space indents. */
export function printDoc(doc: Doc, width: number): string {
  propagateBreaks(doc);
  const groupModes = new Map<symbol, Mode>();
  const out: string[] = [];
  let pos = 0;
  const cmds: Cmd[] = [{ ind: 0, mode: "break", doc }];
  while (cmds.length > 0) {
    const { ind, mode, doc: d } = cmds.pop()!;
    if (typeof d === "string") {
      out.push(d);
      pos += textWidth(d);
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) cmds.push({ ind, mode, doc: d[i]! });
      continue;
    }
    const n = d as Exclude<Doc, string | readonly Doc[]>;
    switch (n.t) {
      case "indent":
        cmds.push({ ind: ind + 2, mode, doc: n.contents });
        break;
      case "indentIfBreak":
        cmds.push({ ind: groupModes.get(n.groupId) === "break" ? ind + 2 : ind, mode, doc: n.contents });
        break;
      case "ifBreak": {
        const m = n.groupId ? (groupModes.get(n.groupId) ?? "flat") : mode;
        cmds.push({ ind, mode, doc: m === "break" ? n.broken : n.flat });
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
        let chosen: Cmd;
        if (mode === "flat") chosen = { ind, mode: n.brk ? "break" : "flat", doc: n.contents };
        else if (n.states) chosen = chooseState(n, ind, width - pos, cmds, groupModes);
        else {
          const flat: Cmd = { ind, mode: "flat", doc: n.contents };
          chosen = !n.brk && fits(flat, cmds, width - pos, groupModes, false) ? flat : { ind, mode: "break", doc: n.contents };
        }
        if (n.id) groupModes.set(n.id, chosen.mode);
        cmds.push(chosen);
        break;
      }
    }
  }
  return out.join("");
}

function chooseState(n: Group, ind: number, rem: number, rest: Cmd[], modes: Map<symbol, Mode>): Cmd {
  const states = n.states!;
  const last: Cmd = { ind, mode: "break", doc: states[states.length - 1]! };
  if (n.brk) return last;
  const flat: Cmd = { ind, mode: "flat", doc: states[0]! };
  if (fits(flat, rest, rem, modes, false)) return flat;
  for (let i = 1; i < states.length; i++) {
    const cmd: Cmd = { ind, mode: "flat", doc: states[i]! };
    if (fits(cmd, rest, rem, modes, false)) return cmd;
  }
  return last;
}

/** Whether `next` fits in `width` columns up to the first line break (prettier's `fits`). */
function fits(next: Cmd, rest: readonly Cmd[], width: number, modes: Map<symbol, Mode>, mustBeFlat: boolean): boolean {
  let restIdx = rest.length;
  const stack: { mode: Mode; doc: Doc }[] = [{ mode: next.mode, doc: next.doc }];
  while (width >= 0) {
    if (stack.length === 0) {
      if (restIdx === 0) return true;
      const r = rest[--restIdx]!;
      stack.push({ mode: r.mode, doc: r.doc });
      continue;
    }
    const { mode, doc: d } = stack.pop()!;
    if (typeof d === "string") {
      width -= textWidth(d);
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push({ mode, doc: d[i]! });
      continue;
    }
    const n = d as Exclude<Doc, string | readonly Doc[]>;
    switch (n.t) {
      case "indent":
      case "indentIfBreak":
        stack.push({ mode, doc: n.contents });
        break;
      case "ifBreak": {
        const m = n.groupId ? (modes.get(n.groupId) ?? "flat") : mode;
        stack.push({ mode, doc: m === "break" ? n.broken : n.flat });
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
        if (mustBeFlat && n.brk) return false;
        const m: Mode = n.brk ? "break" : mode;
        const contents = n.states && m === "break" ? n.states[n.states.length - 1]! : n.contents;
        stack.push({ mode: m, doc: contents });
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
