import type { OutputShape } from '../configuration/platform-config';

/** The outputs a stack declares, by name: the contract its dependents read through remote state. */
export type OutputContract<Name extends string = string> = Readonly<
  Record<Name, OutputShape & { readonly description: string }>
>;

/** The output names of a contract. */
export type OutputName<C> = C extends OutputContract<infer N> ? N : never;

/** A single-value output. */
export function stringOutput(description: string): OutputShape & { readonly description: string } {
  return { kind: 'string', description };
}

/** A list output. */
export function listOutput(description: string): OutputShape & { readonly description: string } {
  return { kind: 'list', description };
}

/** A map output; `keys` lists its keys for an environment when placeholders may name them. */
export function mapOutput(
  description: string,
  keys?: Extract<OutputShape, { kind: 'map' }>['keys'],
): OutputShape & { readonly description: string } {
  return keys ? { kind: 'map', description, keys } : { kind: 'map', description };
}
