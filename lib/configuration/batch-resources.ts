import type { ZodType } from 'zod';
import { batchDocument } from './batch-document';
import { type BatchJsonFiles, LOG_GROUPS_FILE, RESOURCE_FILES, type ResourceFile } from './batch-json-files';
import { type Checked, checked, failed } from './checked';
import { type ConfigProblem, renderFound } from './config-error';
import type { ConfigFiles } from './config-files';
import type { JsonPath } from './json-path';
import type { JsonSource } from './json-source';
import { isPlainObject, type LayeredDocument } from './layered-document';
import { emptyLocatedBatch, type Located, type LocatedBatchResources } from './located-batch';
import { expandPlaceholders, type PlaceholderScope } from './placeholders';
import { ComputeEnvironmentSchema } from './schemas/compute-environment-schema';
import { JobDefinitionSchema } from './schemas/job-definition-schema';
import { JobQueueSchema } from './schemas/job-queue-schema';
import { LaunchTemplateSchema } from './schemas/launch-template-schema';
import { logGroupsSchemaFor } from './schemas/log-groups-schema';
import { SchedulingPolicySchema } from './schemas/scheduling-policy-schema';
import { validateAt } from './schema-validation';
import { withUserData } from './user-data';

/** What the batch-json files of an environment are read with. */
export interface BatchReading {
  /** The batch-json/ folder. */
  readonly folder: string;
  /** The config/ folder, which `user_data_file` is relative to. */
  readonly configFolder: string;
  /** The environment's layers, whose `batch_json` overrides go over the shared files. */
  readonly layers: readonly JsonSource[];
  /** What placeholders may name. */
  readonly scope: PlaceholderScope;
  /** The files of this load. */
  readonly files: ConfigFiles;
}

/** A resource of a file before validation: its Terraform name (unless it sets its own) and where it sits. */
interface Entry {
  readonly name: string;
  readonly value: unknown;
  readonly at: JsonPath;
}

/**
 * Reads every batch-json file for one environment: merged with the environment's overrides,
 * placeholders filled, each resource validated. Undefined when any has a problem.
 */
export function loadBatchResources(batchFiles: BatchJsonFiles, reading: BatchReading): Checked<LocatedBatchResources> {
  const batch = emptyLocatedBatch();
  const problems: ConfigProblem[] = [];
  const keep = <T>(result: Checked<T>): T | undefined => {
    problems.push(...result.problems);
    return result.value;
  };
  for (const file of batchFiles.names) {
    const document = keep(batchDocument(reading.folder, file, reading.layers, reading.files));
    if (!document) continue;
    const expansion: ConfigProblem[] = [];
    const value = expandPlaceholders(document.value, reading.scope, (path, found, allowed) =>
      expansion.push(document.problemAt(path, found, allowed)),
    );
    problems.push(...expansion);
    if (expansion.length > 0) continue;
    const located = <T extends { readonly terraform_name?: string }>(
      schema: ZodType<T>,
      entry: Entry,
      into: Located<T>[],
    ): T | undefined => {
      const config = keep(validateAt(schema, entry.value, document, entry.at));
      if (config) into.push({ terraformName: config.terraform_name ?? entry.name, config, document, at: entry.at });
      return config;
    };
    if (file === LOG_GROUPS_FILE) {
      const { schema, at } = logGroupsSchemaFor(value);
      for (const [terraformName, config] of Object.entries(keep(validateAt(schema, value, document)) ?? {}))
        batch.logGroups.push({ terraformName, config, document, at: [...at, terraformName] });
    } else if (file in RESOURCE_FILES) {
      const spec = RESOURCE_FILES[file as ResourceFile];
      for (const entry of keep(resourcesOf(value as Record<string, unknown>, spec, document)) ?? []) {
        if (file === 'launch-template.json') {
          const config = keep(validateAt(LaunchTemplateSchema, entry.value, document, entry.at));
          const withData =
            config && keep(withUserData(config, document, entry.at, reading.configFolder, reading.files));
          if (withData)
            batch.launchTemplates.push({
              terraformName: withData.terraform_name ?? entry.name,
              config: withData,
              document,
              at: entry.at,
            });
        } else if (file === 'compute-environment.json')
          located(ComputeEnvironmentSchema, entry, batch.computeEnvironments);
        else if (file === 'scheduling-policy.json') located(SchedulingPolicySchema, entry, batch.schedulingPolicies);
        else located(JobQueueSchema, entry, batch.jobQueues);
      }
    } else {
      const name = file.slice(0, -'.json'.length).replace(/-/g, '_');
      located(JobDefinitionSchema, { name, value, at: [] }, batch.jobDefinitions);
    }
  }
  return problems.length === 0 ? checked(batch) : failed(problems);
}

/**
 * The resources of a file: the whole file is one resource, or, when its only key is the
 * collection key (`job_queues`...), each entry of that object is one, keyed by its Terraform name.
 */
function resourcesOf(
  value: Record<string, unknown>,
  spec: { readonly collectionKey: string; readonly defaultName: string },
  document: LayeredDocument,
): Checked<Entry[]> {
  const keys = Object.keys(value);
  if (!(keys.length === 1 && keys[0] === spec.collectionKey))
    return checked([{ name: spec.defaultName, value, at: [] }]);
  const collection = value[spec.collectionKey];
  if (!isPlainObject(collection) || Object.keys(collection).length === 0)
    return failed([
      document.problemAt(
        [spec.collectionKey],
        renderFound(collection),
        'an object of resources keyed by their Terraform names',
      ),
    ]);
  const problems: ConfigProblem[] = [];
  const entries = Object.entries(collection).flatMap(([name, entry]) => {
    const at = [spec.collectionKey, name];
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) {
      problems.push(
        document.problemAt(at, `the key "${name}"`, 'a Terraform name: lower-case letters, digits and underscores'),
      );
      return [];
    }
    if (isPlainObject(entry) && 'terraform_name' in entry) {
      problems.push(
        document.problemAt(
          [...at, 'terraform_name'],
          renderFound(entry.terraform_name),
          `no terraform_name inside ${spec.collectionKey}: the key "${name}" is the name`,
        ),
      );
      return [];
    }
    return [{ name, value: entry, at }];
  });
  return checked(entries, problems);
}
