import { distance } from 'fastest-levenshtein';

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
