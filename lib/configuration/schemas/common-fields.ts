import * as z from 'zod';

/** A Terraform resource name: the last part of an address such as `aws_sqs_queue.core`. */
export const TerraformName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,62}$/,
    'a Terraform name: lower-case letters, digits and underscores, starting with a letter',
  );

/** IAM role names: 1-64 characters of `[\w+=,.@-]` (IAM CreateRole). */
export const RoleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'an IAM role name: 1-64 letters, digits or +=,.@_-');

/** S3 bucket names: 3-63 lower-case letters, digits, dots and dashes (S3 bucket naming rules). */
export const BucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 lower-case letters, digits, dots and dashes');

/** A 12-digit AWS account id. */
export const AccountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id such as "111111111111"');

/** An AWS region code. */
export const AwsRegion = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'an AWS region code such as "eu-west-1"');

/** Lower-case name used in file names and stack names (`dev`, `nonprod`). */
export const LayerName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,30}$/,
    'lower-case letters, digits and dashes, starting with a letter (at most 31 characters)',
  );

/** An ARN of the given service (any service when omitted); `resource` narrows the resource part. */
export function arn(service?: string, resource?: string, example?: string): z.ZodString {
  const svc = service ?? '[a-z0-9-]+';
  const res = resource ?? '.+';
  const sample = example ?? `arn:aws:${service ?? 'service'}:eu-west-1:111111111111:...`;
  return z
    .string()
    .regex(new RegExp(`^arn:aws[a-z-]*:${svc}:([a-z0-9-]*):(\\d{12}|aws|):${res}$`), `an ARN such as "${sample}"`);
}

/** An IAM role ARN. */
export const RoleArn = arn('iam', 'role/[A-Za-z0-9+=,.@_/-]+', 'arn:aws:iam::111111111111:role/name');

/** True when no item appears twice. */
export function eachOnce(items: readonly unknown[]): boolean {
  return new Set(items).size === items.length;
}

/** An IAM managed policy, AWS managed (account `aws`) or the account's own, with its path. */
export const PolicyArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/,
    'an IAM policy ARN such as "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"',
  );

/**
 * Managed policies attached to a role on top of the platform's own, each once. IAM attaches at most
 * 20 managed policies to a role (IAM and AWS STS quotas: 10 by default, raisable to 20).
 */
export function additionalPolicyArns(builtIn: number) {
  const limit = 20 - builtIn;
  return z
    .array(PolicyArn)
    .refine(
      (arns) => arns.length <= limit,
      `at most ${limit} policies: IAM attaches at most 20 managed policies to a ` +
        `role${builtIn > 0 ? `, and the platform attaches ${builtIn}` : ''}`,
    )
    .refine(eachOnce, 'each policy once')
    .default([]);
}

/** A `{dependency.<module>.<output>}` placeholder, read from an upstream stack's remote state. */
export const DependencyPlaceholder = z
  .string()
  .regex(
    /^\{dependency\.[a-z][a-z0-9-]*\.[a-z][a-z0-9_]*(\.[A-Za-z0-9_-]+)?\}$/,
    'a {dependency.<module>.<output>} placeholder',
  );

/** A value given literally or read from an upstream stack. */
export function orDependency<T extends z.ZodType>(schema: T): z.ZodUnion<[typeof DependencyPlaceholder, T]> {
  return z.union([DependencyPlaceholder, schema]);
}

/**
 * AWS resource tags. Limits from the AWS tagging documentation: keys 1-128 and values 0-256
 * characters; the `aws:` prefix is reserved.
 */
export const Tags = z.record(
  z
    .string()
    .min(1)
    .max(128)
    .refine((key) => !key.toLowerCase().startsWith('aws:'), 'a tag key not starting with "aws:" (reserved by AWS)'),
  z.string().max(256),
);

/** An IPv4 CIDR block such as 10.0.0.0/16. */
export const Ipv4Cidr = z.string().refine((value) => {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  return match !== null && match.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(match[5]) <= 32;
}, 'an IPv4 CIDR block such as "10.0.0.0/16"');

/** EC2 resource ids: `vpc-`, `subnet-`, `sg-`, `pl-` followed by 8 or 17 hex digits. */
export function ec2Id(prefix: 'vpc' | 'subnet' | 'sg' | 'pl' | 'lt'): z.ZodString {
  return z
    .string()
    .regex(new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`), `an id such as "${prefix}-0123456789abcdef0"`);
}

/** A port number. */
export const Port = z.number().int().min(0).max(65535);

/** CloudWatch Logs retention values the API accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A log retention in days, one of the values CloudWatch Logs accepts. */
export const LogRetentionDays = z
  .number()
  .int()
  .refine(
    (days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days),
    `one of ${LOG_RETENTION_DAYS.join(', ')} (the values CloudWatch Logs accepts)`,
  );

/** Refinement option: rules across fields run only once every field is valid, so one mistake gives one message. */
export const WHEN_FIELDS_VALID = {
  when: (payload: { readonly issues: readonly unknown[] }): boolean => payload.issues.length === 0,
};
