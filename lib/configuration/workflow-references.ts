import type { JsonPath } from './json-path';
import type { BatchResources } from './platform-config';
import type { ReferenceProblem } from './reference-problem';
import type { EnvironmentSettings } from './schemas/environment-schema';
import type { JobDefinitionConfig } from './schemas/job-definition-schema';
import type { StateMachineConfig } from './schemas/state-machine-schema';

/** A name in the workflow settings that must be a resource of the batch stack. */
export interface BatchReference {
  /** Where the name is, from the root of the environment's settings. */
  readonly path: JsonPath;
  /** What it names. */
  readonly kind: 'job_queue' | 'job_definition';
  /** The name. */
  readonly name: string;
}

/** One SubmitJob a workflow makes: the queue it names, and the share it gives. */
interface Submission {
  /** Where the queue is named. */
  readonly queuePath: JsonPath;
  /** The queue, by name. */
  readonly queue: string;
  /** Where the share identifier is (or would be) given; undefined when the workflow cannot give one. */
  readonly sharePath?: JsonPath;
  /** The share identifier given. */
  readonly share?: string;
}

/** What a workflow names of the batch stack, and the jobs it submits. */
interface WorkflowNames {
  /** Every job queue and job definition it names, with where. */
  readonly references: readonly BatchReference[];
  /** Every job submission it makes. */
  readonly submissions: readonly Submission[];
}

/** The job queues and job definitions a state machine names, and the submissions it makes with the share each gives. */
function stateMachineNames(key: string, machine: StateMachineConfig): WorkflowNames {
  const at = (...path: (string | number)[]): JsonPath => ['step_functions', 'state_machines', key, ...path];
  const share = (settings: { readonly share_identifier?: string }, ...path: (string | number)[]) => ({
    sharePath: at(...path, 'share_identifier'),
    ...(settings.share_identifier !== undefined ? { share: settings.share_identifier } : {}),
  });
  const queue = { path: at('job_queue'), kind: 'job_queue' as const, name: machine.job_queue };
  const single = (settings: { readonly share_identifier?: string }): Submission[] => [
    { queuePath: queue.path, queue: queue.name, ...share(settings) },
  ];
  switch (machine.pattern) {
    case 'hybrid_router':
      return {
        references: [
          queue,
          { path: at('processing_job_definition'), kind: 'job_definition', name: machine.processing_job_definition },
          ...(machine.validation_job_definition !== undefined
            ? [
                {
                  path: at('validation_job_definition'),
                  kind: 'job_definition' as const,
                  name: machine.validation_job_definition,
                },
              ]
            : []),
        ],
        submissions: single(machine),
      };
    case 'batch_group':
    case 'array_job':
      return {
        references: [queue, { path: at('job_definition'), kind: 'job_definition', name: machine.job_definition }],
        submissions: single(machine),
      };
    case 'job_schedule': {
      const jobs = Object.entries(machine.jobs).map(([job, config]) => {
        const own =
          config.job_queue !== undefined
            ? { path: at('jobs', job, 'job_queue'), kind: 'job_queue' as const, name: config.job_queue }
            : undefined;
        return {
          references: [
            { path: at('jobs', job, 'job_definition'), kind: 'job_definition' as const, name: config.job_definition },
            ...(own ? [own] : []),
          ],
          submission: { queuePath: (own ?? queue).path, queue: (own ?? queue).name, ...share(config, 'jobs', job) },
        };
      });
      return { references: [queue, ...jobs.flatMap((j) => j.references)], submissions: jobs.map((j) => j.submission) };
    }
  }
}

/**
 * The job queue and job definition a pipeline's trigger names, and its submission: a pipe gives no share
 * identifier.
 */
function pipelineNames(
  key: string,
  trigger: { readonly job_queue: string; readonly job_definition: string },
): WorkflowNames {
  const at = (field: string): JsonPath => ['sqs', 'pipelines', key, 'trigger', field];
  return {
    references: [
      { path: at('job_queue'), kind: 'job_queue', name: trigger.job_queue },
      { path: at('job_definition'), kind: 'job_definition', name: trigger.job_definition },
    ],
    submissions: [{ queuePath: at('job_queue'), queue: trigger.job_queue }],
  };
}

/**
 * What is wrong with the batch stack resources the workflows name: a queue or job definition
 * that batch-json does not define, or a share identifier that does not fit its queue. AWS Batch
 * SubmitJob requires shareIdentifier on a queue with a scheduling policy and refuses it on any
 * other; an EventBridge pipe's Batch target has no share identifier at all (Pipes
 * BatchJobParameters), so a pipe cannot feed a fair-share queue.
 */
export function workflowReferenceProblems(settings: EnvironmentSettings, batch: BatchResources): ReferenceProblem[] {
  const queues = batch.jobQueues.map((q) => q.config.name);
  const definitions = new Map(batch.jobDefinitions.map((j) => [j.config.name, j.config] as const));
  // A policy scheduling-policy.json does not define is reported at the queue; the queue is not fair-share then.
  const defined = new Set(batch.schedulingPolicies.map((p) => p.config.name));
  const policies = new Map(
    batch.jobQueues.map(
      (q) =>
        [
          q.config.name,
          q.config.scheduling_policy !== undefined && defined.has(q.config.scheduling_policy)
            ? q.config.scheduling_policy
            : undefined,
        ] as const,
    ),
  );
  const names: WorkflowNames[] = [
    ...Object.entries(settings.step_functions.state_machines).map(([key, machine]) => stateMachineNames(key, machine)),
    ...Object.entries(settings.sqs.pipelines).flatMap(([key, pipeline]) =>
      pipeline.trigger ? [pipelineNames(key, pipeline.trigger)] : [],
    ),
  ];
  const problems: ReferenceProblem[] = [];
  for (const reference of names.flatMap((n) => n.references)) {
    if (reference.kind === 'job_queue' && !queues.includes(reference.name)) {
      problems.push({
        path: reference.path,
        found: `"${reference.name}"`,
        allowed: `the name of a job queue in job-queue.json: ${queues.join(', ')}`,
      });
    }
    if (reference.kind === 'job_definition' && !definitions.has(reference.name)) {
      problems.push({
        path: reference.path,
        found: `"${reference.name}"`,
        allowed: `the name of a job definition in batch-json/*-job.json: ${[...definitions.keys()].join(', ')}`,
      });
    }
  }
  problems.push(...containerOverrideProblems(settings, definitions));
  for (const submission of names.flatMap((n) => n.submissions)) {
    if (!policies.has(submission.queue)) continue;
    const policy = policies.get(submission.queue);
    if (policy !== undefined && submission.sharePath === undefined) {
      problems.push({
        path: submission.queuePath,
        found: `"${submission.queue}", a fair-share queue (scheduling policy "${policy}")`,
        allowed:
          'a job queue without a scheduling policy: an EventBridge pipe cannot give the share identifier ' +
          'SubmitJob needs on a fair-share queue',
      });
    } else if (policy !== undefined && submission.share === undefined) {
      problems.push({
        path: submission.sharePath!,
        found: 'no share_identifier',
        allowed:
          `a share identifier (1-255 letters and digits): the job queue "${submission.queue}" has the ` +
          `scheduling policy "${policy}", and SubmitJob needs one there`,
      });
    } else if (policy === undefined && submission.share !== undefined) {
      problems.push({
        path: submission.sharePath!,
        found: `"${submission.share}"`,
        allowed:
          `no share_identifier: the job queue "${submission.queue}" has no scheduling policy (first ` +
          `in, first out), and SubmitJob refuses one there`,
      });
    }
  }
  return problems;
}

/**
 * The workflows that would send ContainerOverrides (an array job's input variable, a pipe's
 * environment) to a job definition with ecs_properties, which AWS Batch refuses at submit
 * ("Container overrides should not be set for ecsProperties jobs", AWS re:Post, "AWS Batch:
 * Running ECSProperties Job with AWS Stepfunction"). Such a job takes EcsPropertiesOverride, naming
 * a container; a pipe's Batch target has no such field (EventBridge Pipes API reference,
 * PipeTargetBatchJobParameters), so both are refused here, and parameters remain the way in.
 */
function containerOverrideProblems(
  settings: EnvironmentSettings,
  definitions: ReadonlyMap<string, JobDefinitionConfig>,
): ReferenceProblem[] {
  const hasTask = (name: string): boolean => definitions.get(name)?.ecs_properties !== undefined;
  const problems: ReferenceProblem[] = [];
  for (const [key, machine] of Object.entries(settings.step_functions.state_machines)) {
    if (
      machine.pattern !== 'array_job' ||
      machine.input_environment_variable === undefined ||
      !hasTask(machine.job_definition)
    )
      continue;
    problems.push({
      path: ['step_functions', 'state_machines', key, 'input_environment_variable'],
      found:
        `"${machine.input_environment_variable}" for ${machine.job_definition}, a job definition with ` +
        `ecs_properties`,
      allowed:
        'no input_environment_variable with an ecs_properties job definition: it is sent as ' +
        'ContainerOverrides, which AWS Batch refuses for such jobs; hand the input over with ' +
        'input_parameters (Ref:: in the command) instead',
    });
  }
  for (const [key, pipeline] of Object.entries(settings.sqs.pipelines)) {
    const trigger = pipeline.trigger;
    if (trigger?.environment === undefined || !hasTask(trigger.job_definition)) continue;
    problems.push({
      path: ['sqs', 'pipelines', key, 'trigger', 'environment'],
      found: `environment for ${trigger.job_definition}, a job definition with ecs_properties`,
      allowed:
        'no environment with an ecs_properties job definition: the pipe sends it as ContainerOverrides, ' +
        'which AWS Batch refuses for such jobs, and a pipe cannot send EcsPropertiesOverride; hand the ' +
        'values over with parameters (Ref:: in the command) instead',
    });
  }
  return problems;
}
