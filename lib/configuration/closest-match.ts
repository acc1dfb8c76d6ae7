import { closest, distance } from 'fastest-levenshtein';

/** The candidate nearest to `word`, when it is near enough to be the one meant (a typo, not another word). */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, [...candidates]);
  return distance(word.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(word.length / 3))
    ? best
    : undefined;
}

/** `"x" (closest match), or one of: a, b` when a candidate is close, else `one of: a, b`; `what` names the list. */
export function describeChoices(word: string, candidates: readonly string[], what = 'one of:'): string {
  const suggestion = closestMatch(word, candidates);
  return `${suggestion ? `"${suggestion}" (closest match), or ` : ''}${what} ${candidates.join(', ')}`;
}

/** The names nearest to `wanted` by edit distance (at most `count`, only plausible ones), nearest first. */
export function closestNames(wanted: string, names: readonly string[], count = 3): string[] {
  const limit = Math.max(2, Math.ceil(wanted.length / 3));
  return names
    .map((name) => ({ name, d: distance(wanted, name) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : 1))
    .slice(0, count)
    .map(({ name }) => name);
}
