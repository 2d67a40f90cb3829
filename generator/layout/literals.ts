/**
 * Literal text as prettier prints it: strings in the quote that needs fewer escapes (double on a
 * tie), unnecessary escapes dropped; numbers in lower case without redundant zeros.
 */

/**
 * prettier 3's printString for `singleQuote: false`: double quotes unless the text holds more
 * double than single quotes; a literal already in the preferred quote is kept byte for byte;
 * re-quoting unescapes the other quote and escapes the new one, other escapes stay as written.
 */
export function printString(raw: string): string {
  const body = raw.slice(1, -1);
  let doubles = 0;
  let singles = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 34) doubles++;
    else if (c === 39) singles++;
  }
  const quote = doubles > singles ? "'" : '"';
  if (raw[0] === quote) return raw;
  const alternate = quote === '"' ? "'" : '"';
  const out = body.replace(/\\(["'\\])|(["'])/g, (match: string, escaped: string | undefined, bare: string | undefined) => {
    if (escaped) return escaped === alternate ? alternate : match;
    return bare === quote ? "\\" + bare : bare!;
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

/**
 * Whether a property name is an ES5 IdentifierName (Unicode letters, marks, digits and
 * connectors; keywords included): prettier writes exactly those without quotes.
 */
export function isEs5IdentifierName(name: string): boolean {
  return /^[$_\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nl}][$_\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u200C\u200D]*$/u.test(name);
}
