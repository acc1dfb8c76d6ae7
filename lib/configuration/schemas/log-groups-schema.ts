import * as z from 'zod';
import { arn, LogRetentionDays, Tags } from './common-fields';
import { TerraformName } from './environment-schema';

/** A CloudWatch log group (CreateLogGroup naming rules). */
const LogGroup = z.strictObject({
  name: z.string().regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, 'a log group name: 1-512 of letters, digits and ._-/#'),
  retention_in_days: LogRetentionDays,
  kms_key_id: arn('kms', 'key/.+').optional(),
  log_group_class: z.enum(['STANDARD', 'INFREQUENT_ACCESS']).optional(),
  tags: Tags.optional(),
});

/** seed 000's log-groups.json: the log groups of the batch jobs, by Terraform name. */
export const LogGroupsSchema = z.strictObject({
  log_groups: z.record(TerraformName, LogGroup),
});

/** A validated log group. */
export type LogGroupConfig = z.infer<typeof LogGroup>;
