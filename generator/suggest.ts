/**
 * "Did you mean" for every name a user can mistype: config keys, option names, enum values,
 * schema ids. Edit distance from fastest-levenshtein; ties broken by code-unit order so the
 * suggestion is deterministic.
 */
import { distance } from "fastest-levenshtein";

/**
 * The candidates nearest to `word`, at most `limit` of them, within an edit distance that grows
 * with the word's length (a third of it, at least 2), so "zzz" suggests nothing.
 */
export function nearest(word: string, candidates: Iterable<string>, limit = 1): string[] {
  const max = Math.max(2, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  const scored: { name: string; d: number }[] = [];
  for (const name of candidates) {
    const d = distance(lower, name.toLowerCase());
    if (d <= max) scored.push({ name, d });
  }
  scored.sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.name);
}

/** ` (did you mean "x"?)`, or "" when nothing is near. `show` renders a candidate (e.g. `--x`). */
export function didYouMean(word: string, candidates: Iterable<string>, limit = 1, show: (name: string) => string = (n) => JSON.stringify(n)): string {
  const near = nearest(word, candidates, limit);
  return near.length === 0 ? "" : ` (did you mean ${near.map(show).join(" or ")}?)`;
}
