import type { JsonPath } from './json-path';

/** Something wrong with a name in an environment's settings: where, what was found, what is allowed. */
export interface ReferenceProblem {
  /** Where the value is, from the root of the environment's settings. */
  readonly path: JsonPath;
  /** The value, rendered for a message. */
  readonly found: string;
  /** What would be accepted. */
  readonly allowed: string;
}
