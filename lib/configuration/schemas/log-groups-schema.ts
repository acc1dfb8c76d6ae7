import type { LogGroupClass } from '@aws-sdk/client-cloudwatch-logs';
import * as z from 'zod';
import type { JsonPath } from '../json-path';
import { arn, LOG_RETENTION_DAYS, Tags } from './common-fields';
import { TerraformName } from './environment-schema';

/** Retention values of aws_cloudwatch_log_group: CloudWatch Logs' own, and 0 for "never expire". */
const RETENTION_IN_DAYS = [0, ...LOG_RETENTION_DAYS];

/**
 * A CloudWatch log group: every argument of aws_cloudwatch_log_group in hashicorp/aws 5.100.0
 * (CreateLogGroup naming rules; the drift test compares the keys with the provider's schema).
 */
const LogGroup = z.strictObject({
  name: z.string().regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, 'a log group name: 1-512 of letters, digits and ._-/#'),
  name_prefix: z
    .never({
      error:
        'a fixed name in name: job definitions log to a log group by its name ' +
        '(for a group made from a prefix, its full name keeps it as it is)',
    })
    .optional(),
  /** Without it, or with 0, CloudWatch keeps the logs forever (policy rule LOGS-1 reports it). */
  retention_in_days: z
    .number()
    .int()
    .refine(
      (days) => RETENTION_IN_DAYS.includes(days),
      `one of ${RETENTION_IN_DAYS.join(', ')} (the values CloudWatch Logs accepts; 0 never expires)`,
    )
    .optional(),
  kms_key_id: arn('kms', 'key/.+').optional(),
  /** DELIVERY groups only take logs vended to S3 or Firehose, not the awslogs driver's. */
  log_group_class: z
    .enum(['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'] as const satisfies readonly LogGroupClass[])
    .optional(),
  /** Keep the log group in AWS when Terraform destroys it (it leaves the state only). */
  skip_destroy: z.boolean().optional(),
  tags: Tags.optional(),
});

/** The log groups by Terraform name. */
const LogGroupMap = z.record(TerraformName, LogGroup);

/** The wrapped form, `{"log_groups": {<terraform name>: {...}}}`, read as its log groups. */
const WrappedLogGroups = z.strictObject({ log_groups: LogGroupMap }).transform((file) => file.log_groups);

/**
 * log-groups.json in either form teams write it: wrapped under `log_groups`, or (the hybrid platform's
 * Terragrunt trees) the plain map of log groups by Terraform name. A file with a `log_groups` key is the wrapped form,
 * so in the plain map no log group can be called log_groups. Returns the schema for `value` and
 * where its log groups sit.
 */
export function logGroupsSchemaFor(value: unknown): {
  readonly schema: z.ZodType<Record<string, LogGroupConfig>>;
  readonly at: JsonPath;
} {
  const wrapped = typeof value === 'object' && value !== null && 'log_groups' in value;
  return wrapped ? { schema: WrappedLogGroups, at: ['log_groups'] } : { schema: LogGroupMap, at: [] };
}

/** A validated log group. */
export type LogGroupConfig = z.infer<typeof LogGroup>;
