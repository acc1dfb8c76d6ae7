import type { JsonPath } from './json-path';
import type { LayeredDocument } from './layered-document';
import type { BatchResources, LaunchTemplateWithUserData, NamedResource } from './platform-config';
import type { ComputeEnvironmentConfig } from './schemas/compute-environment-schema';
import type { JobDefinitionConfig } from './schemas/job-definition-schema';
import type { JobQueueConfig } from './schemas/job-queue-schema';
import type { LogGroupConfig } from './schemas/log-groups-schema';
import type { SchedulingPolicyConfig } from './schemas/scheduling-policy-schema';

/** A resource of a batch-json file while it is being checked: its value and where each part of it came from. */
export interface Located<T> extends NamedResource<T> {
  /** The merged file it was read from. */
  readonly document: LayeredDocument;
  /** Its path inside that file. */
  readonly at: JsonPath;
}

/** The batch-json resources of one environment, located. */
export interface LocatedBatchResources {
  /** launch-template.json. */
  readonly launchTemplates: Located<LaunchTemplateWithUserData>[];
  /** compute-environment.json. */
  readonly computeEnvironments: Located<ComputeEnvironmentConfig>[];
  /** job-queue.json. */
  readonly jobQueues: Located<JobQueueConfig>[];
  /** Every `*-job.json`. */
  readonly jobDefinitions: Located<JobDefinitionConfig>[];
  /** log-groups.json. */
  readonly logGroups: Located<LogGroupConfig>[];
  /** scheduling-policy.json, when there is one. */
  readonly schedulingPolicies: Located<SchedulingPolicyConfig>[];
}

/** No resources yet. */
export function emptyLocatedBatch(): LocatedBatchResources {
  return {
    launchTemplates: [],
    computeEnvironments: [],
    jobQueues: [],
    jobDefinitions: [],
    logGroups: [],
    schedulingPolicies: [],
  };
}

/** The resources without where they came from: what the stacks are built from. */
export function withoutLocations(batch: LocatedBatchResources): BatchResources {
  const strip = <T>(items: readonly Located<T>[]): NamedResource<T>[] =>
    items.map(({ terraformName, config }) => ({ terraformName, config }));
  return {
    launchTemplates: strip(batch.launchTemplates),
    computeEnvironments: strip(batch.computeEnvironments),
    jobQueues: strip(batch.jobQueues),
    jobDefinitions: strip(batch.jobDefinitions),
    logGroups: strip(batch.logGroups),
    schedulingPolicies: strip(batch.schedulingPolicies),
  };
}
