/**
 * Patterns are compiled with the `u` flag (JSON Schema's regular expressions are Unicode). Many
 * specs, written for ES 5.1 (OpenAPI 3.0's dialect) or for engines without `u`, escape
 * punctuation that needs no escape (`\:`, `\%`, `\'`, `\-` outside a class): without `u` that is
 * the character itself, with `u` a syntax error that refused the whole spec. Such an escape is
 * rewritten as the bare character, which means the same in both dialects; anything else that
 * fails with `u` stays refused (the model says why).
 */

/** Characters a `u` pattern may escape anywhere (ECMAScript's SyntaxCharacter and `/`). */
const SYNTAX = new Set("^$\\.*+?()[]{}|/");

/** `pattern` as a `u` pattern that means the same, or `undefined` when there is none. */
export function unicodePattern(pattern: string): string | undefined {
  return compile(pattern)?.source;
}

/** `unicodePattern`'s pattern compiled (with `u`), or `undefined` when there is none. */
export function unicodeRegExp(pattern: string): RegExp | undefined {
  return compile(pattern)?.regex;
}

function compile(pattern: string): { readonly source: string; readonly regex: RegExp } | undefined {
  const attempt = (source: string) => {
    try {
      return { source, regex: new RegExp(source, "u") };
    } catch {
      return undefined;
    }
  };
  const direct = attempt(pattern);
  if (direct !== undefined) return direct;
  const rewritten = withoutIdentityEscapes(pattern);
  return rewritten === pattern ? undefined : attempt(rewritten);
}

/** Drops the backslash of escaped ASCII punctuation that is not syntax (and of `\-` outside a class). */
function withoutIdentityEscapes(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c !== "\\") {
      if (c === "[" && !inClass) inClass = true;
      else if (c === "]" && inClass) inClass = false;
      out += c;
      continue;
    }
    const next = pattern[i + 1];
    i++;
    if (next === undefined) return pattern; // a trailing backslash: left for the compiler to refuse
    const punctuation = /^[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(next);
    if (punctuation && !SYNTAX.has(next) && !(next === "-" && inClass)) out += next;
    else out += "\\" + next;
  }
  return out;
}
