import * as path from 'path';
import { type Checked, checked, failed } from './checked';
import { describeChoices } from './closest-match';
import type { ConfigProblem } from './config-error';
import type { ConfigFiles } from './config-files';
import { readFolder } from './file-reading';

/** The environments to load: those asked for (all when `wanted` is undefined) that have a file in `folder`. */
export function environmentNames(
  folder: string,
  wanted: readonly string[] | undefined,
  files: ConfigFiles,
): Checked<readonly string[]> {
  const listing = readFolder(folder);
  const allowed = 'one <environment>.json per environment, such as dev.json';
  if ('failure' in listing)
    return failed([{ file: files.display(folder), jsonPath: '$', found: listing.failure, allowed }]);
  const available = 'names' in listing ? jsonFileNames(listing.names) : [];
  if (available.length === 0)
    return failed([{ file: files.display(folder), jsonPath: '$', found: 'no environment files', allowed }]);
  // Asked for twice (PLATFORM_ENVIRONMENTS=dev,dev) is asked for once.
  const names = [...new Set(wanted ?? available)];
  const problems: ConfigProblem[] = names
    .filter((name) => !available.includes(name))
    .map((name) => ({
      file: files.display(path.join(folder, `${name}.json`)),
      jsonPath: '$',
      found: `no file for the environment "${name}"`,
      allowed: describeChoices(name, available, 'one of the environments:'),
    }));
  return checked(
    names.filter((name) => available.includes(name)),
    problems,
  );
}

/** The names of the `.json` files among `names`, without the extension. */
export function jsonFileNames(names: readonly string[]): string[] {
  return names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length));
}
