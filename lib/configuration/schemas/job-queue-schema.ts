import * as z from 'zod';
import { Tags, WHEN_FIELDS_VALID } from './common-fields';
import { TerraformName } from './environment-schema';

/** Cancels jobs stuck at the head of the queue (Batch JobStateTimeLimitAction). */
const JobStateTimeLimitAction = z.strictObject({
  /** The only action Batch takes on ECS and Fargate queues. */
  action: z.literal('CANCEL').default('CANCEL'),
  /** Seconds at the head of the queue before the action: 600-86400 (10 minutes to 24 hours). */
  max_time_seconds: z.number().int().min(600).max(86_400),
  /** Logged as the job's status reason, such as "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY". */
  reason: z.string().min(1),
  /** The only state Batch watches. */
  state: z.literal('RUNNABLE').default('RUNNABLE'),
});

/** The Terragrunt module's job-queue.json, in Terraform argument names. */
export const JobQueueSchema = z
  .strictObject({
    terraform_name: TerraformName.optional(),
    name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a job queue name: 1-128 letters, digits, dashes or underscores'),
    state: z.enum(['ENABLED', 'DISABLED']),
    /** Higher runs first among queues sharing compute environments. */
    priority: z.number().int().min(0),
    /** Compute environments by name, tried in ascending order; Batch allows at most 3. */
    compute_environment_order: z
      .array(
        z.strictObject({
          order: z.number().int().min(0),
          compute_environment: z.string().min(1),
        }),
      )
      .min(1)
      .max(3),
    /** A fair-share scheduling policy of scheduling-policy.json, by name; first in, first out when omitted. */
    scheduling_policy: z.string().min(1).optional(),
    job_state_time_limit_action: z.array(JobStateTimeLimitAction).min(1).optional(),
    tags: Tags.optional(),
  })
  .superRefine((queue, ctx) => {
    const seen = new Map<number, number>();
    queue.compute_environment_order.forEach((entry, i) => {
      const first = seen.get(entry.order);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['compute_environment_order', i, 'order'],
          input: entry.order,
          message: `an order not used by another entry (entry ${first} has ${entry.order})`,
        });
      seen.set(entry.order, i);
    });
    const environments = new Map<string, number>();
    queue.compute_environment_order.forEach((entry, i) => {
      const first = environments.get(entry.compute_environment);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['compute_environment_order', i, 'compute_environment'],
          input: entry.compute_environment,
          message: `a compute environment not already in the list (entry ${first} names it)`,
        });
      environments.set(entry.compute_environment, i);
    });
  }, WHEN_FIELDS_VALID);

/** A validated job queue. */
export type JobQueueConfig = z.infer<typeof JobQueueSchema>;
