import type { JobQueueConfig } from '../lib/configuration/schemas/job-queue-schema';
import type { BatchJobQueueProps } from '../lib/constructs/batch/batch-job-queue';

/** The ARNs of the stack's own compute environments and scheduling policies, by the names batch-json uses. */
export interface JobQueueTargets {
  /** A compute environment's ARN, by its compute_environment_name. */
  readonly computeEnvironmentArn: (name: string) => string;
  /** A scheduling policy's ARN, by its name. */
  readonly schedulingPolicyArn: (name: string) => string;
}

/** A job queue of job-queue.json as the construct takes it, its compute environments and policy by ARN. */
export function jobQueueProps(config: JobQueueConfig, targets: JobQueueTargets): BatchJobQueueProps {
  return {
    name: config.name,
    state: config.state,
    priority: config.priority,
    computeEnvironments: config.compute_environment_order.map((entry) => ({
      order: entry.order,
      arn: targets.computeEnvironmentArn(entry.compute_environment),
    })),
    schedulingPolicyArn: config.scheduling_policy && targets.schedulingPolicyArn(config.scheduling_policy),
    jobStateTimeLimitActions: config.job_state_time_limit_action?.map((a) => ({
      action: a.action,
      maxTimeSeconds: a.max_time_seconds,
      reason: a.reason,
      state: a.state,
    })),
    tags: config.tags,
  };
}
