/**
 * Literal text as prettier prints it: strings in the quote that needs fewer escapes (double on a
 * tie), unnecessary escapes dropped; numbers in lower case without redundant zeros.
 */

/** prettier's makeString/getPreferredQuote for `singleQuote: false`. */
export function printString(raw: string): string {
  const body = raw.slice(1, -1);
  let doubles = 0;
  let singles = 0;
  for (const ch of body) {
    if (ch === '"') doubles++;
    else if (ch === "'") singles++;
  }
  const quote = doubles > singles ? "'" : '"';
  const alternate = quote === '"' ? "'" : '"';
  const out = body.replace(/\\(.)|(["'])/gs, (match: string, escaped: string | undefined, bare: string | undefined) => {
    if (escaped === alternate) return escaped;
    if (bare === quote) return "\\" + bare;
    if (bare) return bare;
    return /^[^\n\r"'0-7\\bfnrt-vx\u2028\u2029]$/.test(escaped!) ? escaped! : "\\" + escaped!;
  });
  return quote + out + quote;
}

/** prettier's printNumber. */
export function printNumber(raw: string): string {
  return (
    raw
      .toLowerCase()
      // Remove unnecessary plus and zeroes from scientific notation.
      .replace(/^([+-]?[\d.]+e)(?:\+|(-))?0*(\d)/, "$1$2$3")
      // Remove unnecessary scientific notation (1x).
      .replace(/^([+-]?[\d.]+)e[+-]?0+$/, "$1")
      // Make sure numbers always start with a digit.
      .replace(/^([+-])?\./, "$10.")
      // Remove extraneous trailing decimal zeroes.
      .replace(/(\.\d+?)0+(?=e|$)/, "$1")
      // Remove trailing dot.
      .replace(/\.(?=e|$)/, "")
  );
}
