import type { ConfigProblem } from './config-error';

/** What one step of loading produced, and the problems it found on the way. */
export interface Checked<T> {
  /** The result; undefined when the step found nothing the next steps could use without follow-on errors. */
  readonly value: T | undefined;
  /** Every problem the step found. */
  readonly problems: readonly ConfigProblem[];
}

/** A step's result, with the problems it found beside it. */
export function checked<T>(value: T | undefined, problems: readonly ConfigProblem[] = []): Checked<T> {
  return { value, problems };
}

/** A step that could not produce anything. */
export function failed<T>(problems: readonly ConfigProblem[]): Checked<T> {
  return { value: undefined, problems };
}
