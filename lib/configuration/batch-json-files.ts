import * as path from 'path';
import { describeChoices } from './closest-match';
import type { ConfigProblem } from './config-error';
import type { ConfigFiles } from './config-files';
import { readFolder } from './file-reading';
import { formatJsonPath } from './json-path';
import type { JsonSource } from './json-source';
import { isPlainObject } from './layered-document';

/** batch-json files that hold one resource, or a collection of them under `collectionKey`. */
export const RESOURCE_FILES = {
  'launch-template.json': { collectionKey: 'launch_templates', defaultName: 'launch_template' },
  'compute-environment.json': { collectionKey: 'compute_environments', defaultName: 'compute_environment' },
  'job-queue.json': { collectionKey: 'job_queues', defaultName: 'job_queue' },
  'scheduling-policy.json': { collectionKey: 'scheduling_policies', defaultName: 'scheduling_policy' },
} as const;

/** A batch-json file of RESOURCE_FILES. */
export type ResourceFile = keyof typeof RESOURCE_FILES;

/** The log groups file. */
export const LOG_GROUPS_FILE = 'log-groups.json';

/** Job definitions: one per `<name>-job.json`. */
export const JOB_DEFINITION_FILE = /^[a-z0-9-]+-job\.json$/;

/** batch-json files a configuration may leave out. */
const OPTIONAL_FILES: readonly string[] = ['launch-template.json', 'scheduling-policy.json'];
const REQUIRED_FILES = [...Object.keys(RESOURCE_FILES), LOG_GROUPS_FILE].filter((f) => !OPTIONAL_FILES.includes(f));

/** The files of batch-json/ the loader reads. */
export interface BatchJsonFiles {
  /** Their names, sorted. */
  readonly names: readonly string[];
  /** Every required file is there: the references between them can be checked. */
  readonly complete: boolean;
}

/** Lists batch-json/: the files it reads, and a problem for each file that is unexpected or missing. */
export function discoverBatchJson(
  folder: string,
  files: ConfigFiles,
): { readonly found: BatchJsonFiles; readonly problems: readonly ConfigProblem[] } {
  const listing = readFolder(folder);
  const problem = (file: string, found: string, allowed: string): ConfigProblem => ({
    file: files.display(file),
    jsonPath: '$',
    found,
    allowed,
  });
  if (!('names' in listing)) {
    const found = 'failure' in listing ? listing.failure : 'no batch-json folder';
    return {
      found: { names: [], complete: false },
      problems: [problem(folder, found, 'a batch-json/ folder beside config/')],
    };
  }
  const known = (name: string): boolean =>
    REQUIRED_FILES.includes(name) || OPTIONAL_FILES.includes(name) || JOB_DEFINITION_FILE.test(name);
  const names = listing.names;
  const missing = REQUIRED_FILES.filter((f) => !names.includes(f));
  const problems = [
    ...names
      .filter((name) => !known(name))
      .map((name) =>
        problem(
          path.join(folder, name),
          `an unexpected file "${name}"`,
          `${REQUIRED_FILES.join(', ')}, optionally ${OPTIONAL_FILES.join(', ')}, ` +
            'and job definitions named <name>-job.json',
        ),
      ),
    ...missing.map((name) =>
      problem(
        path.join(folder, name),
        'no such file',
        `the file ${name}: batch-json/ needs ${REQUIRED_FILES.join(', ')}`,
      ),
    ),
  ];
  const jobDefinitions = names.some((name) => JOB_DEFINITION_FILE.test(name));
  if (!jobDefinitions) problems.push(problem(folder, 'no job definition files', 'at least one <name>-job.json'));
  return { found: { names: names.filter(known), complete: missing.length === 0 && jobDefinitions }, problems };
}

/**
 * A layer's `batch_json` overrides that name no file of batch-json/: without this, a typo in a file
 * name would leave the environment on the shared file's values without a word.
 */
export function overrideNameProblems(layer: JsonSource, batchFiles: BatchJsonFiles): ConfigProblem[] {
  const overrides = (layer.value as Record<string, unknown>).batch_json;
  if (!isPlainObject(overrides) || batchFiles.names.length === 0) return [];
  return (
    Object.keys(overrides)
      // A required file that is missing is reported as such; an override of it adds nothing.
      .filter((name) => !batchFiles.names.includes(name) && !REQUIRED_FILES.includes(name))
      .map((name) => ({
        file: layer.display,
        jsonPath: formatJsonPath(['batch_json', name]),
        ...layer.locate(['batch_json', name]),
        found: `"${name}", which is not a file of batch-json/`,
        allowed: describeChoices(name, batchFiles.names, 'the name of a file of batch-json/:'),
      }))
  );
}
