import { ofTypes, type ResourceRule } from '../../policy-rule';
import { rendered } from '../../terraform-values';

/**
 * Log groups encrypted with a customer managed KMS key. Opt-in (policy.enable_rules): CloudWatch
 * Logs already encrypts every log group with an AWS owned key; a customer key adds control over
 * who may decrypt, and the key policy that comes with it.
 */
export const logGroupKms: ResourceRule = {
  id: 'LOGS-2',
  name: 'log-group-kms',
  reason: 'a customer managed KMS key decides who may read the logs, independently of CloudWatch permissions',
  sources: ['CKV_AWS_158'],
  optIn: true,
  scope: 'resource',
  appliesTo: ofTypes('aws_cloudwatch_log_group'),
  check(resource) {
    const key = resource.values.kms_key_id;
    if (typeof key === 'string' && key.length > 0) return [];
    return [
      {
        attribute: 'kms_key_id',
        found: rendered(key),
        allowed: 'the ARN of a customer managed KMS key (kms_key_id in log-groups.json)',
      },
    ];
  },
};
