import type { ConfigProblem } from './config-error';
import type { JsonPath } from './json-path';
import type { LayeredDocument } from './layered-document';
import type { EnvironmentSettings } from './schemas/environment-schema';
import { stateKeyOf } from './state-keys';

/** An environment whose stacks' states are checked, with the document its settings were merged from. */
export interface StateOwner {
  /** Environment name. */
  readonly name: string;
  /** Its validated settings. */
  readonly settings: EnvironmentSettings;
  /** Its merged layers, to name the file that set the key. */
  readonly document: LayeredDocument;
}

/** Two stacks whose states are one object. */
interface Collision {
  readonly stack: string;
  readonly owner: string;
  readonly location: string;
  readonly path: JsonPath;
  readonly environment: StateOwner;
  count: number;
}

/**
 * Stacks never share a state: the resolved bucket and key of every module of every environment
 * loaded must differ, or two stacks would overwrite each other's state. One problem per setting
 * at fault and pair of environments, naming the first two stacks that collide.
 */
export function sharedStateProblems(environments: readonly StateOwner[], modules: readonly string[]): ConfigProblem[] {
  const owners = new Map<string, { readonly stack: string; readonly environment: string }>();
  const collisions = new Map<string, Collision>();
  for (const environment of environments) {
    for (const module of modules) {
      const location = `s3://${environment.settings.state.bucket}/${stateKeyOf(environment.settings, module)}`;
      const stack = `${environment.name}-${module}`;
      const owner = owners.get(location);
      if (owner === undefined) {
        owners.set(location, { stack, environment: environment.name });
        continue;
      }
      const exact = environment.settings.state.keys?.[module] !== undefined;
      const path = exact ? ['state', 'keys', module] : ['state', 'key_template'];
      const group = JSON.stringify([environment.name, path, owner.environment]);
      const known = collisions.get(group);
      if (known) known.count++;
      else collisions.set(group, { stack, owner: owner.stack, location, path, environment, count: 1 });
    }
  }
  return [...collisions.values()].map(({ stack, owner, location, path, environment, count }) => {
    const more = count > 1 ? ` (and ${count - 1} more of its stacks share a state the same way)` : '';
    return environment.document.problemAt(
      path,
      `${environment.document.renderValueAt(path)}, which gives ${stack} the state of ${owner}: ${location}${more}`,
      'a state per stack (stacks never share a state): a key_template with {environment}, a state bucket per ' +
        'environment, or state.keys that differ',
    );
  });
}
