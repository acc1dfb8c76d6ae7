import { z } from 'zod';
import { Tags, WHEN_FIELDS_VALID } from './common-fields';
import { TerraformName } from './environment-schema';

/** seed 000's job-queue.json, in Terraform argument names. */
export const JobQueueSchema = z.strictObject({
  terraform_name: TerraformName.optional(),
  name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a job queue name: 1-128 letters, digits, dashes or underscores'),
  state: z.enum(['ENABLED', 'DISABLED']),
  priority: z.number().int().min(0),
  /** Compute environments by name, tried in ascending order; Batch allows at most 3. */
  compute_environment_order: z.array(z.strictObject({
    order: z.number().int().min(0),
    compute_environment: z.string().min(1),
  })).min(1).max(3),
  tags: Tags.optional(),
}).superRefine((queue, ctx) => {
  const seen = new Map<number, number>();
  queue.compute_environment_order.forEach((entry, i) => {
    const first = seen.get(entry.order);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['compute_environment_order', i, 'order'], input: entry.order, message: `an order not used by another entry (entry ${first} has ${entry.order})` });
    seen.set(entry.order, i);
  });
}, WHEN_FIELDS_VALID);

/** A validated job queue. */
export type JobQueueConfig = z.infer<typeof JobQueueSchema>;
