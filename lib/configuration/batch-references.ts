import type { ConfigProblem } from './config-error';
import type { JsonPath } from './json-path';
import type { Located, LocatedBatchResources } from './located-batch';
import { isFargate, platformBatchRoles } from './schemas/compute-environment-schema';
import type { EnvironmentSettings } from './schemas/environment-schema';
import { containersOf } from './schemas/job-definition-schema';
import type { JobQueueConfig } from './schemas/job-queue-schema';

/** Reports a problem at a path inside a located resource. */
type ResourceProblem = (resource: Located<unknown>, path: JsonPath, found: string, allowed: string) => void;

/**
 * The references between batch-json files, and the rules that span them: what a queue, a compute
 * environment or a job definition names must exist (a platform role too), a queue holds one kind of compute
 * environment, jobs log to the stack's log groups in the stack's region, and every job definition
 * that can run on a fair-share queue carries a scheduling priority.
 */
export function batchReferenceProblems(
  batch: LocatedBatchResources,
  settings: Pick<EnvironmentSettings, 'region' | 'iam'>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report: ResourceProblem = (resource, path, found, allowed) =>
    problems.push(resource.document.problemAt([...resource.at, ...path], found, allowed));
  const { region, iam } = settings;
  const templates = new Set(batch.launchTemplates.map((t) => t.config.name));
  for (const ce of batch.computeEnvironments) {
    const template = ce.config.compute_resources?.launch_template?.launch_template_name;
    if (template !== undefined && !templates.has(template))
      report(
        ce,
        ['compute_resources', 'launch_template', 'launch_template_name'],
        `"${template}"`,
        `the name of a launch template in launch-template.json: ${[...templates].join(', ') || '(none)'}`,
      );
  }

  for (const ce of batch.computeEnvironments) {
    const roles = platformBatchRoles([ce.config]);
    const unnamed = (setting: string, what: string): string =>
      `iam.${setting} set in the environment's configuration (config/), so that the iam stack creates ${what}`;
    if (roles.serviceRole && iam.batch_service_role_name === undefined)
      report(
        ce,
        ['service_role'],
        '"platform", but no platform service role is configured',
        `"service_linked", a role ARN, or ${unnamed('batch_service_role_name', "the platform's Batch service role")}`,
      );
    if (roles.instanceRole && iam.batch_instance_role_name === undefined)
      report(
        ce,
        ['compute_resources', 'instance_role'],
        'no instance_role, and no platform instance role is configured',
        `an instance profile ARN, or ` +
          `${unnamed('batch_instance_role_name', "the platform's instance role and profile")}`,
      );
    if (roles.spotFleetRole && iam.spot_fleet_role_name === undefined)
      report(
        ce,
        ['compute_resources', 'spot_iam_fleet_role'],
        'no spot_iam_fleet_role, and no platform Spot Fleet role is configured',
        `a role ARN, or ${unnamed('spot_fleet_role_name', "the platform's Spot Fleet role")}`,
      );
  }

  const environments = new Map(
    batch.computeEnvironments.map((c) => [c.config.compute_environment_name, c.config] as const),
  );
  const policies = new Set(batch.schedulingPolicies.map((p) => p.config.name));
  /** The platform each queue runs jobs on, when its compute environments resolve. */
  const queuePlatforms = new Map<Located<JobQueueConfig>, 'EC2' | 'FARGATE'>();
  for (const queue of batch.jobQueues) {
    const kinds = new Set<'EC2' | 'FARGATE'>();
    queue.config.compute_environment_order.forEach((entry, i) => {
      const ce = environments.get(entry.compute_environment);
      if (!ce)
        report(
          queue,
          ['compute_environment_order', i, 'compute_environment'],
          `"${entry.compute_environment}"`,
          `the name of a compute environment in compute-environment.json: ${[...environments.keys()].join(', ')}`,
        );
      else if (ce.compute_resources) kinds.add(isFargate(ce) ? 'FARGATE' : 'EC2');
    });
    if (kinds.size > 1)
      report(
        queue,
        ['compute_environment_order'],
        'EC2 and Fargate compute environments in one queue',
        'compute environments of one kind per queue (AWS Batch rejects the mix)',
      );
    if (kinds.size === 1) queuePlatforms.set(queue, [...kinds][0]!);
    const policy = queue.config.scheduling_policy;
    if (policy !== undefined && !policies.has(policy))
      report(
        queue,
        ['scheduling_policy'],
        `"${policy}"`,
        `the name of a scheduling policy in scheduling-policy.json: ` +
          `${[...policies].join(', ') || '(there is no scheduling-policy.json)'}`,
      );
  }

  const logGroups = new Set(batch.logGroups.map((g) => g.config.name));
  for (const job of batch.jobDefinitions) {
    for (const { container, path } of containersOf(job.config)) {
      const logging = container.logConfiguration;
      if (logging?.logDriver !== 'awslogs') continue;
      const group = logging.options?.['awslogs-group'];
      const logRegion = logging.options?.['awslogs-region'];
      if (group !== undefined && !logGroups.has(group))
        report(
          job,
          [...path, 'logConfiguration', 'options', 'awslogs-group'],
          `"${group}"`,
          `the name of a log group in log-groups.json: ${[...logGroups].join(', ')}`,
        );
      if (logRegion !== undefined && logRegion !== region)
        report(
          job,
          [...path, 'logConfiguration', 'options', 'awslogs-region'],
          `"${logRegion}"`,
          `"${region}", the region of the stack's log groups (or "{region}")`,
        );
    }
  }

  const fairShareQueues = batch.jobQueues.filter(
    (q) =>
      q.config.scheduling_policy !== undefined && policies.has(q.config.scheduling_policy) && queuePlatforms.has(q),
  );
  for (const job of batch.jobDefinitions) {
    if (job.config.scheduling_priority !== undefined) continue;
    const platform = job.config.platform_capabilities[0];
    const queue = fairShareQueues.find((q) => queuePlatforms.get(q) === platform);
    if (queue) {
      report(
        job,
        ['scheduling_priority'],
        'no scheduling_priority',
        `a scheduling_priority from 0 to 9999: its ${platform} jobs can run on the fair-share queue ` +
          `"${queue.config.name}" (scheduling policy "${queue.config.scheduling_policy}"), which orders ` +
          `jobs by it`,
      );
    }
  }
  return problems;
}
