import type { ComputeEnvironmentConfig } from './schemas/compute-environment-schema';
import type { EnvironmentSettings } from './schemas/environment-schema';
import type { JobDefinitionConfig } from './schemas/job-definition-schema';
import type { JobQueueConfig } from './schemas/job-queue-schema';
import type { LaunchTemplateConfig } from './schemas/launch-template-schema';
import type { LogGroupConfig } from './schemas/log-groups-schema';
import type { SchedulingPolicyConfig } from './schemas/scheduling-policy-schema';

/** A resource of a batch-json file together with its Terraform name. */
export interface NamedResource<T> {
  /** Terraform name of the resource (the last part of its address). */
  readonly terraformName: string;
  /** Its validated configuration. */
  readonly config: T;
}

/** A launch template with its user data read from disk. */
export interface LaunchTemplateWithUserData extends LaunchTemplateConfig {
  /** Contents of `user_data_file`, when it names one. */
  readonly userData?: string;
}

/** The batch-json files of one environment, merged with its overrides and validated. */
export interface BatchResources {
  /** launch-template.json. */
  readonly launchTemplates: readonly NamedResource<LaunchTemplateWithUserData>[];
  /** compute-environment.json. */
  readonly computeEnvironments: readonly NamedResource<ComputeEnvironmentConfig>[];
  /** job-queue.json. */
  readonly jobQueues: readonly NamedResource<JobQueueConfig>[];
  /** Every `*-job.json`. */
  readonly jobDefinitions: readonly NamedResource<JobDefinitionConfig>[];
  /** log-groups.json. */
  readonly logGroups: readonly NamedResource<LogGroupConfig>[];
  /** scheduling-policy.json, when there is one. */
  readonly schedulingPolicies: readonly NamedResource<SchedulingPolicyConfig>[];
}

/** Everything one environment's stacks are built from. */
export interface EnvironmentConfig {
  /** Environment name, such as `dev`. */
  readonly name: string;
  /** Merged and validated settings of config/. */
  readonly settings: EnvironmentSettings;
  /** Merged and validated batch-json files. */
  readonly batch: BatchResources;
  /** The file that wrote `policy.suppressions`, relative to the configuration root, when there are any. */
  readonly policySuppressionsFile?: string;
}

/** The whole validated configuration the app is built from. */
export interface PlatformConfig {
  /** Folder holding config/ and batch-json/. */
  readonly root: string;
  /** Every environment, in name order. */
  readonly environments: readonly EnvironmentConfig[];
}

/** The shape of an upstream stack output, as far as placeholders need to know it. */
export type OutputShape =
  | { readonly kind: 'string' }
  | { readonly kind: 'list' }
  | { readonly kind: 'map'; readonly keys?: (settings: EnvironmentSettings) => readonly string[] };

/** The outputs each upstream module offers, by module and output name. */
export type OutputCatalogue = Readonly<Record<string, Readonly<Record<string, OutputShape>>>>;
